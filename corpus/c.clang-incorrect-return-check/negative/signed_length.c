/* A read length kept in an ssize_t: -1 is seen before it touches the buffer's length. */
#include <stddef.h>
#include <sys/types.h>
#include <unistd.h>

struct inbuf {
    char data[4096];
    size_t len;
};

int inbuf_fill(struct inbuf *b, int fd)
{
    ssize_t n = read(fd, b->data + b->len, sizeof b->data - b->len);
    if (n < 0) return -1; // ok: c.clang-incorrect-return-check
    b->len += (size_t)n;
    return n == 0;
}
