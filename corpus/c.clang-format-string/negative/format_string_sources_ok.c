/* The same untrusted text printed as data: "%s" formats, fputs, warnx, and a format chosen from
 * a fixed table by an untrusted index that was checked first. */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/types.h>

static const char *const level_formats[] = {"debug: %s\n", "info: %s\n", "error: %s\n"};

void log_peer_message(int sock, FILE *log)
{
    char msg[256];
    ssize_t n = recv(sock, msg, sizeof msg - 1, 0);
    if (n <= 0) return;
    msg[n] = '\0';
    fprintf(log, "%s", msg); // ok: c.clang-format-string
}

void banner(char *out, size_t out_size)
{
    const char *motd = getenv("MOTD");
    if (!motd) motd = "welcome";
    snprintf(out, out_size, "%s", motd); // ok: c.clang-format-string
}

int main(int argc, char **argv)
{
    if (argc < 3) return 2;
    fputs(argv[1], stdout); // ok: c.clang-format-string
    warnx("cannot open %s", argv[1]); // ok: c.clang-format-string
    long level = strtol(argv[2], NULL, 10);
    if (level < 0 || level > 2) level = 1;
    printf(level_formats[level], argv[1]); // ok: c.clang-format-string
    return 0;
}
