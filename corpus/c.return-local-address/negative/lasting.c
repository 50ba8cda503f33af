/* Returning static storage, the caller's buffers, heap memory or values. */
#include <stdio.h>
#include <stdlib.h>

char *format_id(int id)
{
    static char buf[32];
    snprintf(buf, sizeof buf, "id-%d", id);
    return buf; // ok: c.return-local-address
}

char *format_into(char *buf, size_t n, int id)
{
    snprintf(buf, n, "id-%d", id);
    return buf; // ok: c.return-local-address
}

int *counter(void)
{
    int *count = malloc(sizeof *count);
    if (count) *count = 0;
    return count; // ok: c.return-local-address
}

struct point {
    int x, y;
};

struct point origin(void)
{
    struct point p = {0, 0};
    /* by value */
    return p; // ok: c.return-local-address
}
