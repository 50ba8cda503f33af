/* Appends whose room is checked, bounded appends, and appends to pointers of unknown size. */
#include <stdio.h>
#include <string.h>

int join(const char *a, const char *b)
{
    char out[64];
    if (strlen(a) + strlen(b) + 1 > sizeof out) return -1;
    strcpy(out, a);
    strcat(out, b); // ok: c.strcat-unbounded
    return (int)strlen(out);
}

void append_bounded(const char *word)
{
    char line[80] = "";
    strncat(line, word, sizeof line - strlen(line) - 1); // ok: c.strcat-unbounded
    puts(line);
}

void append_formatted(const char *dir, const char *file)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    puts(path);
}

/* dst is a caller's pointer: no size to compare with here. */
void append_to(char *dst, const char *suffix)
{
    strcat(dst, suffix); // ok: c.strcat-unbounded
}
