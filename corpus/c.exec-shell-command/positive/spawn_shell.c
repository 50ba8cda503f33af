/* exec of sh -c with a command built from data. */
#include <stdio.h>
#include <unistd.h>

void run_hook(const char *hook)
{
    execl("/bin/sh", "sh", "-c", hook, (char *)NULL); // expect: c.exec-shell-command
}

void run_user_script(char **argv)
{
    execlp("bash", "bash", "-c", argv[1], (char *)NULL); // expect: c.exec-shell-command
}

void run_filter(const char *pattern, char **envp)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "grep '%s' /var/log/syslog", pattern); // expect: c.clang-unchecked-return
    execle("/bin/sh", "sh", "-c", cmd, (char *)NULL, envp); // expect: c.exec-shell-command
}
