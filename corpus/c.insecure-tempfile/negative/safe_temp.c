/* Temporary files created atomically. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int open_scratch(void)
{
    char path[] = "/tmp/job-XXXXXX";
    int fd = mkstemp(path); /* creates and opens in one step */ // ok: c.insecure-tempfile
    if (fd >= 0) unlink(path);
    return fd;
}

FILE *anonymous(void)
{
    return tmpfile(); // ok: c.insecure-tempfile
}

char *private_dir(void)
{
    static char dir[] = "/tmp/work-XXXXXX";
    return mkdtemp(dir); // ok: c.insecure-tempfile
}

/* A local helper whose name only resembles the libc one. */
static const char *my_tmpnam(void)
{
    return "/run/app/scratch";
}

const char *scratch_name(void)
{
    return my_tmpnam(); /* do not use tmpnam() here */ // ok: c.insecure-tempfile
}
