/* Checks made through portability macros before the same path is used by name. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#ifdef _WIN32
#include <io.h>
#define sys_access _access
#define sys_open _open
#define sys_unlink _unlink
#else
#define sys_access access
#define sys_open open
#define sys_unlink unlink
#endif

int config_rewrite(const char *path, const char *text, size_t len)
{
    if (sys_access(path, W_OK) != 0) return -1; // expect: c.toctou-access
    int fd = sys_open(path, O_WRONLY | O_TRUNC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, len);
    close(fd);
    return n == (ssize_t)len ? 0 : -1;
}

int cache_drop(const char *file)
{
    if (sys_access(file, F_OK) != 0) return 0; // expect: c.toctou-access
    return sys_unlink(file);
}

struct upload {
    const char *dest;
    FILE *fp;
};

int upload_begin(struct upload *u)
{
    if (sys_access(u->dest, W_OK) == 0) // expect: c.toctou-access
        u->fp = fopen(u->dest, "a");
    return u->fp ? 0 : -1;
}

/* Created with O_CREAT | O_EXCL through the alias: the open itself fails when the
 * path appeared since the check. */
int make_pidfile(const char *path)
{
    if (sys_access(path, F_OK) == 0) return -1; // ok: c.toctou-access
    return sys_open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
}
