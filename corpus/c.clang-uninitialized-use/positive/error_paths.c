/* Variables that some path leaves unset: a status enum whose newest value the switch
 * forgot, an error message picked by an if/else-if chain without an else, a goto to
 * the cleanup label before the descriptor was opened, a loop that may not run, and a
 * struct filled only when defaults are asked for. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

typedef enum { ST_OK, ST_RETRY, ST_FATAL, ST_TIMEOUT } status_t;

int backoff_ms(status_t st)
{
    int delay;
    switch (st) {
    case ST_OK: delay = 0; break;
    case ST_RETRY: delay = 100; break;
    case ST_FATAL: delay = -1; break;
    }
    return delay; // expect: c.clang-uninitialized-use
}

void report(int err)
{
    const char *msg;
    if (err == 1) msg = "not found";
    else if (err == 2) msg = "permission denied";
    fprintf(stderr, "error: %s\n", msg); // expect: c.clang-uninitialized-use
}

int first_byte(const char *path, size_t path_len)
{
    int fd;
    unsigned char c = 0;
    if (path_len == 0) goto out;
    fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    if (read(fd, &c, 1) != 1) c = 0;
out:
    close(fd); // expect: c.clang-uninitialized-use
    return c;
}

int last_of(const int *v, int n)
{
    int last;
    for (int i = 0; i < n; i++) last = v[i];
    return last; // expect: c.clang-uninitialized-use
}

struct limits {
    long soft;
    long hard;
};

long effective_limit(int use_defaults)
{
    struct limits lim;
    if (use_defaults) {
        lim.soft = 1024;
        lim.hard = 4096;
    }
    return lim.soft < lim.hard ? lim.soft : lim.hard; // expect: c.clang-uninitialized-use
}
