/* Every descriptor is closed or handed over: returned to the caller, kept in a struct,
 * wrapped by fdopen() (the stream owns it then), closed under a cleanup label, chosen
 * by ?: against a standard stream, or made a standard stream by dup2(). */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

struct conn {
    int fd;
    unsigned long sent;
};

int open_log(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600); // ok: c.clang-resource-leak
    if (fd < 0) return -1;
    return fd;
}

int conn_open(struct conn *c, const char *dev)
{
    int fd = open(dev, O_RDWR | O_NOCTTY); // ok: c.clang-resource-leak
    if (fd < 0) return -1;
    c->fd = fd;
    c->sent = 0;
    return 0;
}

FILE *open_stream(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC); // ok: c.clang-resource-leak
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "r");
    if (!f) {
        close(fd);
        return NULL;
    }
    return f;
}

long count_lines(const char *path)
{
    long lines = 0;
    unsigned char buf[256];
    FILE *f = fopen(path, "rb"); // ok: c.clang-resource-leak
    if (!f) return -1;
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        for (size_t i = 0; i < n; i++) lines += buf[i] == '\n';
    if (ferror(f)) {
        lines = -1;
        goto done;
    }
done:
    fclose(f);
    return lines;
}

int log_fd(const char *path, int to_stdout)
{
    int fd = to_stdout ? STDOUT_FILENO : open(path, O_WRONLY | O_APPEND | O_CREAT, 0644); // ok: c.clang-resource-leak
    return fd;
}

void detach_stdio(void)
{
    int fd = open("/dev/null", O_RDWR); // ok: c.clang-resource-leak
    if (fd == -1) return;
    dup2(fd, STDIN_FILENO);
    dup2(fd, STDOUT_FILENO);
    if (fd > STDERR_FILENO) close(fd); /* else it is one of the standard streams now */
}
