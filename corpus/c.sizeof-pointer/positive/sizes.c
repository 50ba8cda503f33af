/* sizeof of a pointer where the buffer size was meant. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void clear(char *buf)
{
    memset(buf, 0, sizeof(buf)); // expect: c.sizeof-pointer
}

void read_line(FILE *f)
{
    char *line = malloc(256);
    if (!line) return;
    if (fgets(line, sizeof line, f)) // expect: c.sizeof-pointer
        puts(line);
    free(line);
}

/* An array parameter is a pointer: sizeof gives the pointer's size. */
void copy_name(char name[64], const char *src)
{
    strncpy(name, src, sizeof name); // expect: c.sizeof-pointer, c.strncpy-unterminated
}

void copy_struct(struct point { int x, y; } *dst, const struct point *src)
{
    memcpy(dst, src, sizeof(dst)); // expect: c.sizeof-pointer
}
