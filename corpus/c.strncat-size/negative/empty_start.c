/* strncat into a string made empty just before: sizeof - 1 is the room left. */
#include <stdio.h>
#include <string.h>

void bounded_copy(const char *src)
{
    char buf[64];
    buf[0] = '\0';
    strncat(buf, src, sizeof buf - 1); // ok: c.strncat-size
    puts(buf);
}

void first_word(const char *line)
{
    char word[32] = "";
    strncat(word, line, sizeof(word) - 1); // ok: c.strncat-size
    word[strcspn(word, " ")] = '\0';
    puts(word);
}
