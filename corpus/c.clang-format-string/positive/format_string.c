/* A line read from stdin is printed as a format. */
#include <stdio.h>

void echo(void)
{
    char line[256];
    if (!fgets(line, sizeof line, stdin)) return;
    printf(line); // expect: c.clang-format-string
}
