/* Numbers taken from argv, the environment and reads with atoi. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int port = 8080;
    if (argc > 1) port = atoi(argv[1]); // expect: c.atoi-external-input
    printf("port %d\n", port);
    return 0;
}

int worker_count(void)
{
    const char *env = getenv("WORKERS");
    return env ? atoi(env) : 4; // expect: c.atoi-external-input
}

long read_length(FILE *f)
{
    char line[32];
    if (!fgets(line, sizeof line, f)) return -1;
    return atol(line); // expect: c.atoi-external-input
}
