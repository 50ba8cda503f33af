#include <stdio.h>
#include <stdlib.h>
static void die(const char *what) /* always exits, not marked noreturn */
{
    fprintf(stderr, "%s\n", what);
    exit(1);
}
int *make(void)
{
    int *p = malloc(sizeof *p);
    if (p == NULL)
        die("out of memory");
    *p = 0;
    return p;
}
// expect-false-alarm: c.clang-null-dereference
