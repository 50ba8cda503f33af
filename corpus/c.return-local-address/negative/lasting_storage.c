/* Functions that hand out addresses of storage that outlives the call: globals, string
 * literals, and memory the caller passed in. */
#include <errno.h>
#include <string.h>

struct config {
    int port;
    int verbose;
};

static struct config current;

struct config *config_get(void)
{
    return &current; // ok: c.return-local-address
}

const char *errno_name(int err)
{
    const char *name = "unknown";
    switch (err) {
    case ENOENT: name = "ENOENT"; break;
    case EACCES: name = "EACCES"; break;
    case ENOMEM: name = "ENOMEM"; break;
    }
    return name; // ok: c.return-local-address
}

char *skip_spaces(char *line)
{
    char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    return p; // ok: c.return-local-address
}

int *slot_of(int *table, int index)
{
    int *slot = &table[index];
    return slot; // ok: c.return-local-address
}
