/* Constant indexes and loop bounds that run past fixed-size arrays: a terminator written
 * one past a name buffer, a struct's sample ring indexed by its own capacity, a copy loop
 * sized for the source rather than the destination, and a "not found" -1 used as an
 * index. */
#include <string.h>

#define NAME_MAX_LEN 8
#define RING_SLOTS 4

struct ring {
    int samples[RING_SLOTS];
    int head;
};

void set_name(const char *src)
{
    char name[NAME_MAX_LEN];
    memcpy(name, src, NAME_MAX_LEN);
    name[NAME_MAX_LEN] = '\0'; // expect: c.clang-index-out-of-bounds
    (void)name;
}

void ring_reset(struct ring *r)
{
    r->head = RING_SLOTS;
    r->samples[RING_SLOTS] = 0; // expect: c.clang-index-out-of-bounds
}

void copy_header(const unsigned char *packet)
{
    unsigned char header[16];
    for (int i = 0; i < 20; i++)
        header[i] = packet[i]; // expect: c.clang-index-out-of-bounds
    (void)header;
}

int histogram_slot(const int *keys, int n, int key)
{
    int counts[10] = {0};
    int slot = -1;
    for (int i = 0; i < n && i < 10; i++)
        if (keys[i] == key) slot = i;
    if (key > 100) slot = -1;
    return counts[slot]; // expect: c.clang-index-out-of-bounds
}
