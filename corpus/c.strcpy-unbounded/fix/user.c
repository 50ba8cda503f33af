/* fix-case: verified — snprintf bounded by the array size. */
#include <stdio.h>
#include <string.h>

struct account {
    char name[16];
};

void account_rename(struct account *a, const char *name)
{
    strcpy(a->name, name); // expect: c.strcpy-unbounded
}
