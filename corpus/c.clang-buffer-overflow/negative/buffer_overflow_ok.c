/* Everything fits. */
#include <string.h>

struct user { char name[16]; int id; };

void set_default(struct user *u, const char *src)
{
    char tmp[32];
    strcpy(u->name, "administrator");
    memcpy(tmp, src, sizeof tmp);
    (void)tmp;
}
