/* strncat bounded by the room left, computed once or passed in by the caller. */
#include <stdio.h>
#include <string.h>

void add_suffix(const char *base, const char *suffix)
{
    char name[64];
    snprintf(name, sizeof name, "%s", base);
    size_t room = sizeof name - strlen(name) - 1;
    strncat(name, suffix, room); // ok: c.strncat-size
    puts(name);
}

/* dst holds a string and has dst_size bytes in all. */
int append_word(char *dst, size_t dst_size, const char *word)
{
    size_t used = strlen(dst);
    if (used + 1 >= dst_size) return -1;
    strncat(dst, word, dst_size - used - 1); // ok: c.strncat-size
    return 0;
}
