/* strncpy used to cut a substring out of a line: the copy is terminated right after. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *copy_token(const char *start, size_t len)
{
    char *token = malloc(len + 1);
    if (!token) return NULL;
    strncpy(token, start, len); // ok: c.strncpy-unterminated
    token[len] = '\0';
    return token;
}

/* "key=value": the key, cut to what fits. */
int print_key(const char *line)
{
    const char *eq = strchr(line, '=');
    if (!eq) return -1;
    char key[32];
    size_t len = (size_t)(eq - line);
    size_t n = len < sizeof key - 1 ? len : sizeof key - 1;
    strncpy(key, line, n); // ok: c.strncpy-unterminated
    key[n] = '\0';
    return puts(key);
}
