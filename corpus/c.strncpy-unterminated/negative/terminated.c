/* strncpy followed by explicit termination, or copies that always terminate. */
#include <stdio.h>
#include <string.h>

struct user {
    char name[32];
};

void set_name(struct user *u, const char *name)
{
    strncpy(u->name, name, sizeof u->name);
    u->name[sizeof u->name - 1] = '\0';
}

void show_host(const char *host)
{
    char buf[64] = {0};
    strncpy(buf, host, sizeof buf - 1); /* zeroed buffer, last byte never written */
    puts(buf);
}

void label(void)
{
    char tag[8];
    strncpy(tag, "abc", sizeof tag); /* short literal: padded with NULs */
    puts(tag);
}

void copy_exact(char *dst, const char *src)
{
    strncpy(dst, src, strlen(src) + 1); /* copies the terminator too */
}

void copy_field(char *dst, const char *src, size_t n)
{
    strncpy(dst, src, n);
    *(dst + n - 1) = 0;
}

struct sockaddr_local {
    short family;
    char path[108];
};

void unix_address(struct sockaddr_local *out, const char *path)
{
    struct sockaddr_local sa;
    memset(&sa, 0, sizeof(sa)); /* the whole struct, path included, is zeroed */
    strncpy(sa.path, path, sizeof(sa.path) - 1);
    *out = sa;
}
