/* Copies 64 bytes out of a 16-byte key. */
#include <string.h>

void save_key(char *dst)
{
    char key[16] = "secret";
    memcpy(dst, key, 64); // expect: c.clang-buffer-overread
}
