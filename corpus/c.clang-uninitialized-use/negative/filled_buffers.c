/* Buffers that are filled before they are read: by a loop over every element, by
 * memset, by a read() into the block, by a helper that receives the pointer, and by a
 * table built back to front where each entry uses the one after it. */
#include <string.h>
#include <unistd.h>

void fill_random(unsigned char *p, size_t n);

int sum_squares(void)
{
    int sq[8];
    for (int i = 0; i < 8; i++) sq[i] = i * i;
    return sq[3] + sq[7]; // ok: c.clang-uninitialized-use
}

int zeroed_counter(void)
{
    long counters[4];
    memset(counters, 0, sizeof counters);
    return (int)counters[2]; // ok: c.clang-uninitialized-use
}

int first_header_byte(int fd)
{
    unsigned char hdr[16];
    if (read(fd, hdr, sizeof hdr) != (ssize_t)sizeof hdr) return -1;
    return hdr[0]; // ok: c.clang-uninitialized-use
}

unsigned char salt_byte(void)
{
    unsigned char salt[16];
    fill_random(salt, sizeof salt);
    return salt[5]; // ok: c.clang-uninitialized-use
}

int suffix_sums(const int *v)
{
    int rest[5];
    for (int i = 4; i >= 0; i--)
        rest[i] = v[i] + (i == 4 ? 0 : rest[i + 1]); // ok: c.clang-uninitialized-use
    return rest[0];
}
