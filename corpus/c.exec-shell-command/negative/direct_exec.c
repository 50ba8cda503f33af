/* exec of programs without a shell, or a shell with a constant script. */
#include <unistd.h>

void run_grep(const char *pattern)
{
    execlp("grep", "grep", "-e", pattern, "/var/log/syslog", (char *)NULL); // ok: c.exec-shell-command
}

void run_fixed(void)
{
    execl("/bin/sh", "sh", "-c", "exec ls -l /tmp", (char *)NULL); // ok: c.exec-shell-command
}

void run_script_file(const char *script)
{
    execl("/bin/sh", "sh", script, (char *)NULL); /* the shell reads a file, not a -c string */ // ok: c.exec-shell-command
}

#define RESET_SCRIPT "stty sane"
void reset_tty(void)
{
    execl("/bin/sh", "sh", "-c", RESET_SCRIPT, (char *)NULL); // ok: c.exec-shell-command
}
