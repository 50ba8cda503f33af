/* After passing &p to a callee, p is whatever the callee stored: unknown when its body
 * is not seen, followed when it is. A NULL the caller stored before the call no longer
 * holds. */
#include <stdlib.h>

struct host {
    int port;
};

int parse_url(const char *url, struct host **host);

int url_port(const char *url)
{
    struct host *host = NULL;
    if (parse_url(url, &host) != 0) return -1;
    return host->port; // ok: c.clang-null-dereference
}

static struct host default_host = {80};

static int pick_host(const char *url, struct host **out)
{
    if (!url) return -1;
    *out = &default_host;
    return 0;
}

int picked_port(const char *url)
{
    struct host *host = NULL;
    if (pick_host(url, &host) != 0) return -1;
    return host->port; // ok: c.clang-null-dereference
}
