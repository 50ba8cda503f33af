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
    return access(tool, X_OK) == 0; /* only reports; nothing is opened by name here */
}

int open_other(const char *config, const char *fallback)
{
    if (access(config, R_OK) != 0) return -1;
    return open(fallback, O_RDONLY); /* a different path */
}
