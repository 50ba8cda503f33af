/* Sizes that match or stay below the destination. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void read_line(FILE *f)
{
    char line[64];
    if (fgets(line, sizeof line, f)) puts(line); // ok: c.bound-exceeds-buffer
}

ssize_t read_header(int fd)
{
    char header[16];
    return read(fd, header, 16); // ok: c.bound-exceeds-buffer
}

void copy_ids(const char *src)
{
    char small[64];
    char big[256];
    memcpy(big, src, sizeof small); /* copying less than fits */ // ok: c.bound-exceeds-buffer
    memcpy(small, big, sizeof small); // ok: c.bound-exceeds-buffer
}

void label(char *text, int n)
{
    snprintf(text, 16, "%d", n); /* text is a pointer: its size is the caller's */ // ok: c.bound-exceeds-buffer
}
