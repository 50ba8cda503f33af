/* Shell commands assembled from data. */
#include <stdio.h>
#include <stdlib.h>

int ping_host(const char *host)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "ping -c 1 %s", host); // expect: c.clang-unchecked-return
    return system(cmd); // expect: c.command-injection
}

int list_dir(int argc, char **argv)
{
    if (argc < 2) return 1;
    return system(argv[1]); // expect: c.command-injection
}

long count_lines(const char *file)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "wc -l < '%s'", file); // expect: c.clang-unchecked-return
    FILE *p = popen(cmd, "r"); // expect: c.command-injection
    long n = 0;
    if (p) {
        if (fscanf(p, "%ld", &n) != 1) n = -1;
        pclose(p);
    }
    return n;
}
