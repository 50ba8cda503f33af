/* strncpy copies that can leave the destination unterminated. */
#include <stdio.h>
#include <string.h>

struct user {
    char name[32];
};

void set_name(struct user *u, const char *name)
{
    strncpy(u->name, name, sizeof u->name); // expect: c.strncpy-unterminated
}

void show_host(const char *host)
{
    char buf[64];
    strncpy(buf, host, 64); // expect: c.strncpy-unterminated
    puts(buf);
}

void copy_field(char *dst, const char *src, size_t n)
{
    strncpy(dst, src, n); // expect: c.strncpy-unterminated
    printf("%s\n", dst);
}
