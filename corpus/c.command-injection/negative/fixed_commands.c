/* Constant commands, and programs run without a shell. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define CLEAR_CMD "clear"

void clear_screen(void)
{
    system(CLEAR_CMD); // ok: c.command-injection
    system("tput reset"); // ok: c.command-injection
}

int shell_available(void)
{
    return system(NULL) != 0; /* asks whether a shell exists */ // ok: c.command-injection
}

int ping_host(const char *host)
{
    pid_t pid = fork();
    if (pid == 0) {
        execlp("ping", "ping", "-c", "1", host, (char *)NULL); /* no shell parses host */ // ok: c.command-injection
        _exit(127);
    }
    return pid > 0 ? 0 : -1;
}

long uptime(void)
{
    FILE *p = popen("cat /proc/uptime", "r"); // ok: c.command-injection
    long n = 0;
    if (p) {
        if (fscanf(p, "%ld", &n) != 1) n = -1;
        pclose(p);
    }
    return n;
}
