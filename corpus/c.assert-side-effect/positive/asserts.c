/* Work done inside assert(). */
#include <assert.h>
#include <stdlib.h>
#include <unistd.h>

struct stack {
    int items[16];
    int top;
};

int pop(struct stack *s)
{
    assert(s->top-- > 0); // expect: c.assert-side-effect
    return s->items[s->top];
}

void shutdown_fd(int fd)
{
    assert(close(fd) == 0); // expect: c.assert-side-effect
}

void *must_alloc(size_t n)
{
    void *p;
    assert((p = malloc(n)) != NULL); // expect: c.assert-side-effect
    return p;
}
