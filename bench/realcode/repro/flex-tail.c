#include <string.h>
struct msg { unsigned short len; unsigned char bytes[1]; }; /* variable-length tail */
/* the trailing [1] array is a variable-length tail of a larger block */
void challenge(unsigned char out[8], const struct msg *m)
{
    if (m->len >= 8)
        memcpy(out, m->bytes, 8);
}
// expect-false-alarm: c.clang-buffer-overread
