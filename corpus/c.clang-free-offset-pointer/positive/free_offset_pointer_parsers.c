/* The pointer handed to free() was advanced while parsing: a header skipped past its
 * prefix, a token cursor stepped over a quote, a buffer consumed by the bytes already
 * sent. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void handle_header(const char *line)
{
    char *value = strdup(line);
    if (!value) return;
    if (strncmp(value, "Host: ", 6) == 0) value += 6;
    write(1, value, strlen(value));
    free(value); // expect: c.clang-free-offset-pointer
}

void unquote(const char *src)
{
    char *tok = malloc(strlen(src) + 1);
    if (!tok) return;
    strcpy(tok, src);
    if (*tok == '"') tok++;
    write(1, tok, strlen(tok));
    free(tok); // expect: c.clang-free-offset-pointer
}

int flush_all(int fd, size_t len)
{
    char *pending = calloc(1, len ? len : 1);
    if (!pending) return -1;
    while (len > 0) {
        ssize_t n = write(fd, pending, len);
        if (n <= 0) break;
        pending += n;
        len -= (size_t)n;
    }
    free(pending); // expect: c.clang-free-offset-pointer
    return 0;
}
