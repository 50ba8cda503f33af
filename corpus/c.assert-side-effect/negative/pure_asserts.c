/* Asserts that only read. */
#include <assert.h>
#include <string.h>
#include <unistd.h>

struct stack {
    int items[16];
    int top;
};

int pop(struct stack *s)
{
    assert(s->top > 0); // ok: c.assert-side-effect
    return s->items[--s->top];
}

void shutdown_fd(int fd)
{
    int rc = close(fd);
    assert(rc == 0); // ok: c.assert-side-effect
    (void)rc;
}

void check_name(const char *name)
{
    assert(name != NULL && strlen(name) < 64); // ok: c.assert-side-effect
    assert(strcmp(name, "root") != 0); // ok: c.assert-side-effect
}
