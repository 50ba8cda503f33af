/* Blocks held in fields of local structs: the struct dies on an early return and takes
 * the only pointer with it. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct reply {
    char *body;
    size_t len;
    int status;
};

int fetch_status(int fd)
{
    struct reply r;
    r.status = 0;
    r.body = malloc(4096); // expect: c.clang-memory-leak
    if (!r.body) return -1;
    ssize_t n = read(fd, r.body, 4096);
    if (n <= 0) return -1; /* r.body is lost with r */
    r.len = (size_t)n;
    r.status = r.body[0] == '2' ? 200 : 500;
    free(r.body);
    return r.status;
}
