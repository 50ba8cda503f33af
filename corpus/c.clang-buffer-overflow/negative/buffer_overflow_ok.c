/* Everything fits. */
#include <string.h>

struct user { char name[16]; int id; };

void set_default(struct user *u, const char *src)
{
    char tmp[32];
    strcpy(u->name, "administrator"); // ok: c.clang-buffer-overflow
    memcpy(tmp, src, sizeof tmp); // ok: c.clang-buffer-overflow
    (void)tmp;
}
