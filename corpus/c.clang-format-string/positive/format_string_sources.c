/* Untrusted text used as a format: a message received from a peer logged with
 * fprintf, an environment variable passed to snprintf as its format, a command-line
 * argument printed directly, through a small logging wrapper's vfprintf and by warnx(). */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/types.h>

void log_peer_message(int sock, FILE *log)
{
    char msg[256];
    ssize_t n = recv(sock, msg, sizeof msg - 1, 0);
    if (n <= 0) return;
    msg[n] = '\0';
    fprintf(log, msg); // expect: c.clang-format-string
}

void banner(char *out, size_t out_size)
{
    const char *motd = getenv("MOTD");
    if (!motd) motd = "welcome";
    snprintf(out, out_size, motd); // expect: c.clang-format-string
}

static void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap); // expect: c.clang-format-string
    va_end(ap);
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    printf(argv[1]); // expect: c.clang-format-string
    FILE *fp = fopen(argv[1], "r");
    if (!fp) {
        log_error(argv[1]);
        warnx(argv[1]); // expect: c.clang-format-string
        return 1;
    }
    fclose(fp);
    return 0;
}
