/* Untrusted input near a command, but never part of what the shell parses: a number
 * formatted with %d, an argument passed to execvp as one argv element, a fixed command
 * whose output is read, a line of input that only selects one of a fixed set of commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int set_jobs(void)
{
    const char *env = getenv("JOBS");
    char *end = NULL;
    long jobs = env ? strtol(env, &end, 10) : 1;
    char cmd[64];
    if ((env && (end == env || *end != '\0')) || jobs < 1 || jobs > 64) jobs = 1;
    snprintf(cmd, sizeof cmd, "make -j%ld all", jobs);
    return system(cmd); // ok: c.clang-command-injection
}

int show_file(int argc, char **argv)
{
    if (argc < 2) return 2;
    char *args[] = {"less", "--", argv[1], NULL};
    execvp("less", args); // ok: c.clang-command-injection
    return 127;
}

int count_users(void)
{
    FILE *p = popen("who | wc -l", "r"); // ok: c.clang-command-injection
    if (!p) return -1;
    int n = -1;
    if (fscanf(p, "%d", &n) != 1) n = -1;
    pclose(p);
    return n;
}

static const char *const allowed_commands[] = {"uptime", "df -h", "free -m"};

int run_allowed(FILE *in)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = -1;
    if ((n = getline(&line, &cap, in)) > 0) {
        if (line[n - 1] == '\n') line[n - 1] = '\0';
        for (size_t i = 0; i < sizeof allowed_commands / sizeof allowed_commands[0]; i++)
            if (strcmp(line, allowed_commands[i]) == 0) rc = system(allowed_commands[i]); // ok: c.clang-command-injection
    }
    free(line);
    return rc;
}
