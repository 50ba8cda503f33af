/* A read length kept in a size_t: read's -1 becomes SIZE_MAX, the error test never fires
 * and the buffer's length jumps past its capacity. */
#include <stddef.h>
#include <unistd.h>

struct inbuf {
    char data[4096];
    size_t len;
};

int inbuf_fill(struct inbuf *b, int fd)
{
    size_t n = read(fd, b->data + b->len, sizeof b->data - b->len);
    if (n < 0) return -1; // expect: c.clang-incorrect-return-check
    b->len += n;
    return n == 0;
}
