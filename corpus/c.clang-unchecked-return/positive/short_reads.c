/* Input that may not have arrived: a header read from a socket, records read from a file,
 * fields scanned from a line. Each result says how much was actually filled. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct frame_header {
    uint32_t magic;
    uint32_t length;
};

uint32_t frame_length(int fd)
{
    struct frame_header hdr;
    read(fd, &hdr, sizeof hdr); // expect: c.clang-unchecked-return
    return hdr.magic == 0x46524d31u ? hdr.length : 0;
}

struct record {
    int id;
    double value;
};

double sum_records(FILE *fp, int count)
{
    double total = 0;
    struct record rec;
    for (int i = 0; i < count; i++) {
        fread(&rec, sizeof rec, 1, fp); // expect: c.clang-unchecked-return
        total += rec.value;
    }
    return total;
}

int window_area(const char *geometry)
{
    int width = 0, height = 0;
    sscanf(geometry, "%dx%d", &width, &height); // expect: c.clang-unchecked-return
    return width * height;
}
