/* The untrusted line is an argument, not the format. */
#include <stdio.h>

void echo(void)
{
    char line[256];
    if (!fgets(line, sizeof line, stdin)) return;
    printf("%s", line); // ok: c.clang-format-string
}
