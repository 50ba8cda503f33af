/* Opening first and inspecting the descriptor, or checks without a later use by name. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int append_log(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}

int have_tool(const char *tool)
{
    /* only reports; nothing is opened by name here */
    return access(tool, X_OK) == 0; // ok: c.toctou-access
}

int open_other(const char *config, const char *fallback)
{
    if (access(config, R_OK) != 0) return -1; // ok: c.toctou-access
    return open(fallback, O_RDONLY); /* a different path */
}
