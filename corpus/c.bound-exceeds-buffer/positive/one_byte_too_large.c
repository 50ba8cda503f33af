/* Boundary cases: each bound is one byte larger than the destination array (the mirror
 * cases with a bound equal to the size are in negative/bound_equals_size.c). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void read_line(FILE *f)
{
    char line[64];
    if (fgets(line, 65, f)) puts(line); // expect: c.bound-exceeds-buffer
}

void copy_block(const char *src)
{
    char block[16];
    memcpy(block, src, 17); // expect: c.bound-exceeds-buffer
    puts(block);
}

void copy_between_arrays(void)
{
    char from[17] = "0123456789abcdef";
    char to[16];
    memcpy(to, from, sizeof from); // expect: c.bound-exceeds-buffer
    puts(to);
}

void copy_name(const char *src)
{
    char name[8];
    strncpy(name, src, 9); // expect: c.bound-exceeds-buffer, c.strncpy-unterminated
    puts(name);
}

ssize_t read_header(int fd)
{
    char header[32];
    return read(fd, header, 33); // expect: c.bound-exceeds-buffer
}

void label(int n)
{
    char text[8];
    snprintf(text, 9, "%d", n); // expect: c.bound-exceeds-buffer
    puts(text);
}
