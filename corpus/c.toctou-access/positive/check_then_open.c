/* A set-uid helper that checks a path and then opens it by name. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int append_log(const char *path, const char *line)
{
    if (access(path, W_OK) != 0) { // expect: c.toctou-access
        perror(path);
        return -1;
    }
    int fd = open(path, O_WRONLY | O_APPEND);
    if (fd < 0) return -1;
    write(fd, line, 1);
    return close(fd);
}

FILE *open_if_readable(const char *name)
{
    if (access(name, R_OK) == 0) // expect: c.toctou-access
        return fopen(name, "r");
    return NULL;
}

int remove_if_exists(const char *file)
{
    if (access(file, F_OK) != 0) return 0; // expect: c.toctou-access
    return unlink(file);
}
