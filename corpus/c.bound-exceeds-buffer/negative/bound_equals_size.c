/* Boundary cases: each bound equals the size of the destination array (the mirror cases
 * one byte larger are in positive/one_byte_too_large.c). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void read_line(FILE *f)
{
    char line[64];
    if (fgets(line, 64, f)) puts(line); // ok: c.bound-exceeds-buffer
}

void copy_block(const char *src)
{
    char block[16];
    memcpy(block, src, 16); // ok: c.bound-exceeds-buffer
    block[15] = '\0';
    puts(block);
}

void copy_between_arrays(void)
{
    char from[16] = "0123456789abcde";
    char to[16];
    memcpy(to, from, sizeof from); // ok: c.bound-exceeds-buffer
    puts(to);
}

void copy_name(const char *src)
{
    char name[8];
    strncpy(name, src, 8); // ok: c.bound-exceeds-buffer
    name[7] = '\0';
    puts(name);
}

ssize_t read_header(int fd)
{
    char header[32];
    return read(fd, header, 32); // ok: c.bound-exceeds-buffer
}

void label(int n)
{
    char text[8];
    snprintf(text, 8, "%d", n); // ok: c.bound-exceeds-buffer
    puts(text);
}
