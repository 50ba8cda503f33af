/* Reads whose length is looked at before the data is used. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct frame_header {
    uint32_t magic;
    uint32_t length;
};

int frame_length(int fd, uint32_t *length)
{
    struct frame_header hdr;
    ssize_t got = read(fd, &hdr, sizeof hdr); // ok: c.clang-unchecked-return
    if (got != (ssize_t)sizeof hdr || hdr.magic != 0x46524d31u) return -1;
    *length = hdr.length;
    return 0;
}

long count_lines(FILE *fp)
{
    char line[512];
    long lines = 0;
    while (fgets(line, sizeof line, fp) != NULL) // ok: c.clang-unchecked-return
        if (strchr(line, '\n')) lines++;
    return lines;
}

int window_area(const char *geometry, int *area)
{
    int width, height;
    if (sscanf(geometry, "%dx%d", &width, &height) != 2) return -1; // ok: c.clang-unchecked-return
    *area = width * height;
    return 0;
}

/* A wake-up pipe: whatever is in it only says "look again", so the bytes are dropped. */
void drain_wakeups(int fd)
{
    char sink[64];
    while (read(fd, sink, sizeof sink) > 0) // ok: c.clang-unchecked-return
        continue;
}
