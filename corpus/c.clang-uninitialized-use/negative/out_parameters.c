/* A callee given &x sets x on every success path: after a check of its result x is
 * used. A callee whose body is not seen leaves x unknown (not unwritten); one whose body
 * is in the file is followed. */
#include <stdlib.h>
#include <string.h>

struct host {
    int port;
};

int parse_url(const char *url, struct host **host);
int parse_port(const char *url, long *port);

int url_port(const char *url)
{
    struct host *host;
    if (parse_url(url, &host) != 0) return -1;
    return host->port; // ok: c.clang-uninitialized-use
}

long port_or(const char *url, long fallback)
{
    long port;
    if (parse_port(url, &port)) return fallback;
    return port; // ok: c.clang-uninitialized-use
}

static int text_length(const char *s, size_t *len)
{
    if (!s) return 1;
    *len = strlen(s);
    return 0;
}

size_t length_or_zero(const char *s)
{
    size_t len;
    if (text_length(s, &len)) return 0;
    return len; // ok: c.clang-uninitialized-use
}

static int new_host(int port, struct host **out)
{
    if (port <= 0) return -1;
    *out = calloc(1, sizeof(**out));
    if (!*out) return -2;
    (*out)->port = port;
    return 0;
}

int host_port(int port)
{
    struct host *h;
    if (new_host(port, &h) != 0) return -1;
    int p = h->port; // ok: c.clang-uninitialized-use
    free(h);
    return p;
}
