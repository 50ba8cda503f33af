/* Appends that measure the destination and the piece before each strcat. */
#include <stdio.h>
#include <string.h>

/* "a,b,c" from a list of names; stops at the first name that would not fit. */
void print_names(const char *const *names, int n)
{
    char list[128] = "";
    for (int i = 0; i < n; i++) {
        if (strlen(list) + strlen(names[i]) + 2 > sizeof list) break;
        if (list[0] != '\0') strcat(list, ","); // ok: c.strcat-unbounded
        strcat(list, names[i]); // ok: c.strcat-unbounded
    }
    puts(list);
}

int add_extension(const char *base, const char *ext)
{
    char name[64];
    size_t base_len = strnlen(base, sizeof name);
    size_t ext_len = strlen(ext);
    if (base_len + ext_len + 1 > sizeof name) return -1;
    memcpy(name, base, base_len + 1);
    strcat(name, ext); // ok: c.strcat-unbounded
    return puts(name);
}
