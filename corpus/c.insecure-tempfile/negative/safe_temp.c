/* Temporary files created atomically. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int open_scratch(void)
{
    char path[] = "/tmp/job-XXXXXX";
    int fd = mkstemp(path); /* creates and opens in one step */
    if (fd >= 0) unlink(path);
    return fd;
}

FILE *anonymous(void)
{
    return tmpfile();
}

char *private_dir(void)
{
    static char dir[] = "/tmp/work-XXXXXX";
    return mkdtemp(dir);
}

/* A local helper whose name only resembles the libc one. */
static const char *my_tmpnam(void)
{
    return "/run/app/scratch";
}

const char *scratch_name(void)
{
    return my_tmpnam(); /* do not use tmpnam() here */
}
