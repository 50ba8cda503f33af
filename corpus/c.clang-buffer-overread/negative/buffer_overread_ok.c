/* Copies exactly the key. */
#include <string.h>

void save_key(char *dst)
{
    char key[16] = "secret";
    memcpy(dst, key, sizeof key); // ok: c.clang-buffer-overread
}
