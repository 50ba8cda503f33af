/* An environment variable becomes part of a shell command. */
#include <stdlib.h>
#include <string.h>

int open_pager(void)
{
    char cmd[512] = "less ";
    const char *file = getenv("LOGFILE");
    if (!file) return -1;
    strncat(cmd, file, sizeof cmd - strlen(cmd) - 1);
    return system(cmd); // expect: c.clang-command-injection
}
