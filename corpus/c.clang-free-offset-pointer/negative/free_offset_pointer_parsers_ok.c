/* The same parsers with a separate cursor, the start kept aside, or the text shifted in
 * place, so the allocation's own start is what gets freed. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void handle_header(const char *line)
{
    char *value = strdup(line);
    if (!value) return;
    const char *v = value;
    if (strncmp(v, "Host: ", 6) == 0) v += 6;
    write(1, v, strlen(v));
    free(value); // ok: c.clang-free-offset-pointer
}

void unquote(const char *src)
{
    char *tok = malloc(strlen(src) + 1);
    if (!tok) return;
    strcpy(tok, src);
    if (*tok == '"') memmove(tok, tok + 1, strlen(tok)); /* strip in place */
    write(1, tok, strlen(tok));
    free(tok); // ok: c.clang-free-offset-pointer
}

int flush_all(int fd, size_t len)
{
    char *pending = calloc(1, len ? len : 1);
    if (!pending) return -1;
    char *start = pending;
    while (len > 0) {
        ssize_t n = write(fd, pending, len);
        if (n <= 0) break;
        pending += n;
        len -= (size_t)n;
    }
    free(start); // ok: c.clang-free-offset-pointer
    return 0;
}
