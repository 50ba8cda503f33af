/* sizeof used on arrays, on what a pointer points to, and on types. */
#include <stdio.h>
#include <string.h>

struct point {
    int x, y;
};

void clear(void)
{
    char buf[128];
    memset(buf, 0, sizeof(buf)); // ok: c.sizeof-pointer
    puts(buf);
}

void copy_point(struct point *dst, const struct point *src)
{
    memcpy(dst, src, sizeof(*dst)); // ok: c.sizeof-pointer
    memcpy(dst, src, sizeof(struct point)); // ok: c.sizeof-pointer
}

void shadowing(char *name)
{
    {
        char name[32]; /* this name is an array */
        memset(name, 0, sizeof name); // ok: c.sizeof-pointer
        puts(name);
    }
    (void)name;
}

void table(void)
{
    int values[16];
    memset(values, 0, sizeof values); // ok: c.sizeof-pointer
    printf("%d\n", values[0]);
}
