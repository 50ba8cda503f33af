/* "-c" is an option of the program being run, not a shell's command string. */
#include <sys/types.h>
#include <unistd.h>

void probe(const char *count, const char *host)
{
    execlp("ping", "ping", "-c", count, host, (char *)NULL); // ok: c.exec-shell-command
}

void tunnel(const char *cipher, const char *host)
{
    execl("/usr/bin/ssh", "ssh", "-c", cipher, host, (char *)NULL); // ok: c.exec-shell-command
}
