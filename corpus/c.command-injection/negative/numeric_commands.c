/* Commands formatted from numbers only: no text from data reaches the shell. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

int reload(pid_t pid)
{
    char cmd[64];
    snprintf(cmd, sizeof cmd, "kill -HUP %d", (int)pid);
    return system(cmd); // ok: c.command-injection
}

int throttle(unsigned kbps, unsigned burst_kb)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "tc qdisc change dev %s root tbf rate %ukbit burst %ukb", "eth0", kbps, burst_kb);
    return system(cmd); // ok: c.command-injection
}
