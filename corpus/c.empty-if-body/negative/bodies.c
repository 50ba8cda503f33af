/* if statements with real bodies, and an intentional empty branch before else. */
#include <stdio.h>

int check(int fd)
{
    if (fd < 0) return -1; // ok: c.empty-if-body
    return 0;
}

void warn(int level, const char *msg)
{
    if (level > 2) { // ok: c.empty-if-body
        fprintf(stderr, "%s\n", msg);
    }
}

int classify(int x)
{
    if (x > 0)
        ; /* nothing to do for positive values */ // ok: c.empty-if-body
    else
        x = -x;
    return x;
}

void loop(int n)
{
    for (int i = 0; i < n; i++);  /* a for with an empty body is another matter */ // ok: c.empty-if-body
}
