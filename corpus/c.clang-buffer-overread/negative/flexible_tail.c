/* The pre-C99 flexible array member: a trailing `bytes[1]` is the start of a tail as long
 * as the allocation (a received packet), not a one-byte buffer. */
#include <string.h>

struct msg {
    unsigned short len;
    unsigned char bytes[1];
};

void challenge(unsigned char out[8], const struct msg *m)
{
    if (m->len >= 8)
        memcpy(out, m->bytes, 8); // ok: c.clang-buffer-overread
}
