/* A name from mktemp opened with O_CREAT | O_EXCL: if another process took the name
 * first, the open fails instead of following its file. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int scratch_fd(void)
{
    char path[] = "/tmp/scratch-XXXXXX";
    if (!mktemp(path)) // ok: c.insecure-tempfile
        return -1;
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd >= 0)
        unlink(path);
    return fd;
}
