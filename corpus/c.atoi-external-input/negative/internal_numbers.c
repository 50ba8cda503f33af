/* Numbers from the program's own tables, and environment values parsed with strtol
 * and range checks. */
#include <errno.h>
#include <stdlib.h>

static const char *const default_ports[] = {"80", "443", "8080"};

int default_port(unsigned i)
{
    if (i >= sizeof default_ports / sizeof default_ports[0]) return -1;
    return atoi(default_ports[i]); // ok: c.atoi-external-input
}

int worker_count(void)
{
    const char *env = getenv("WORKERS");
    if (env == NULL) return 4;
    char *end;
    long v = strtol(env, &end, 10); // ok: c.atoi-external-input
    if (end == env || *end != '\0' || v < 1 || v > 256) return 4;
    return (int)v;
}

long long quota_bytes(int argc, char **argv)
{
    if (argc < 2) return 0;
    char *end;
    errno = 0;
    long long v = strtoll(argv[1], &end, 10); // ok: c.atoi-external-input
    if (errno != 0 || end == argv[1] || *end != '\0' || v < 0) return -1;
    return v;
}
