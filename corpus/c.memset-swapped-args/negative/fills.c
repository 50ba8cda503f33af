/* Fills in the usual order (destination, byte, length): zeroed hints for
 * getaddrinfo, a poison pattern, a fill byte chosen by the caller, and a wipe that
 * the compiler may not drop. */
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>

int resolve(const char *host, const char *port, struct addrinfo **out)
{
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints); // ok: c.memset-swapped-args
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    return getaddrinfo(host, port, &hints, out);
}

#define POISON 0xA5

struct slab {
    unsigned char bytes[256];
};

void slab_poison(struct slab *s)
{
    memset(s->bytes, POISON, sizeof s->bytes); // ok: c.memset-swapped-args
}

void draw_row(unsigned char *row, unsigned char color, size_t width)
{
    memset(row, color, width); // ok: c.memset-swapped-args
}

void forget_key(unsigned char key[32])
{
    explicit_bzero(key, 32); // ok: c.memset-swapped-args
}
