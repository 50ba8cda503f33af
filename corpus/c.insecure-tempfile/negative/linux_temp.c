/* Atomic temporary files the Linux way: mkostemp with close-on-exec, mkstemps with a
 * suffix, and an unnamed O_TMPFILE inode that the caller links in (linkat) once complete. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int spool_file(void)
{
    char path[] = "/var/spool/app/msg-XXXXXX";
    int fd = mkostemp(path, O_CLOEXEC); // ok: c.insecure-tempfile
    if (fd < 0) return -1;
    if (unlink(path) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int json_scratch(char *path, size_t path_size)
{
    if (snprintf(path, path_size, "/tmp/report-XXXXXX.json") >= (int)path_size) return -1;
    return mkstemps(path, 5); // ok: c.insecure-tempfile
}

int write_atomically(const char *dir, const char *data, size_t len)
{
    int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600); // ok: c.insecure-tempfile
    if (fd < 0) return -1;
    if (write(fd, data, len) != (ssize_t)len || fsync(fd) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}
