/* A descriptor replaced by a standard stream when the open fails, and closed unless it is
 * that stream: where it equals STDIN_FILENO it is not the program's own to close. */
#include <fcntl.h>
#include <unistd.h>

int read_pass(char *buf, size_t len)
{
    ssize_t n;
    int fd = open("/dev/tty", O_RDONLY); // ok: c.clang-resource-leak
    if (fd == -1)
        fd = STDIN_FILENO;
    n = read(fd, buf, len);
    if (fd != STDIN_FILENO)
        close(fd);
    return (int)n;
}
