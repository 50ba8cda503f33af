/* Sizes from types: the literal and the copy do not fit their destinations. */
#include <string.h>

struct user { char name[8]; int id; };

void set_default(struct user *u, const char *src)
{
    char tmp[16];
    strcpy(u->name, "administrator"); // expect: c.clang-buffer-overflow
    memcpy(tmp, src, 32); // expect: c.clang-buffer-overflow
    (void)tmp;
}
