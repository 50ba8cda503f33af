/* Pointers to a function's own locals, returned. */
#include <stdio.h>

char *format_id(int id)
{
    char buf[32];
    snprintf(buf, sizeof buf, "id-%d", id);
    return buf; // expect: c.return-local-address
}

int *counter(void)
{
    int count = 0;
    count++;
    return &count; // expect: c.return-local-address
}

struct point {
    int x, y;
};

struct point *origin(void)
{
    struct point p = {0, 0};
    return &p; // expect: c.return-local-address
}
