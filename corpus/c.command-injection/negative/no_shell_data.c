/* Commands fixed in the program (a static array, a choice between literals), and
 * programs started with posix_spawnp, where data stays an argument and no shell
 * parses it. */
#include <spawn.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>

extern char **environ;

int reload_service(void)
{
    static const char reload_cmd[] = "systemctl reload nginx";
    return system(reload_cmd); // ok: c.command-injection
}

int build(int verbose)
{
    return system(verbose ? "make V=1" : "make"); // ok: c.command-injection
}

int compress_file(const char *path)
{
    char *const argv[] = {"gzip", "-9", "--", (char *)path, NULL};
    pid_t pid;
    int status;
    if (posix_spawnp(&pid, "gzip", NULL, NULL, argv, environ) != 0) return -1; // ok: c.command-injection
    if (waitpid(pid, &status, 0) < 0) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
