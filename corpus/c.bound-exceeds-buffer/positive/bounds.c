/* Size arguments larger than the destination. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void read_line(FILE *f)
{
    char line[64];
    if (fgets(line, 128, f)) puts(line); // expect: c.bound-exceeds-buffer
}

ssize_t read_header(int fd)
{
    char header[16];
    return read(fd, header, 32); // expect: c.bound-exceeds-buffer
}

void copy_ids(const char *src)
{
    char big[256];
    char small[64];
    memcpy(big, src, sizeof big);
    memcpy(small, big, sizeof big); // expect: c.bound-exceeds-buffer
}

void label(int n)
{
    char text[8];
    snprintf(text, 16, "%d", n); // expect: c.bound-exceeds-buffer
    puts(text);
}
