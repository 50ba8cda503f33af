/* strncpy followed by explicit termination, or copies that always terminate. */
#include <stdio.h>
#include <string.h>

struct user {
    char name[32];
};

void set_name(struct user *u, const char *name)
{
    strncpy(u->name, name, sizeof u->name); // ok: c.strncpy-unterminated
    u->name[sizeof u->name - 1] = '\0';
}

void show_host(const char *host)
{
    char buf[64] = {0};
    /* zeroed buffer, last byte never written */
    strncpy(buf, host, sizeof buf - 1); // ok: c.strncpy-unterminated
    puts(buf);
}

void label(void)
{
    char tag[8];
    /* short literal: padded with NULs */
    strncpy(tag, "abc", sizeof tag); // ok: c.strncpy-unterminated
    puts(tag);
}

void copy_exact(char *dst, const char *src)
{
    /* copies the terminator too */
    strncpy(dst, src, strlen(src) + 1); // ok: c.strncpy-unterminated
}

void copy_field(char *dst, const char *src, size_t n)
{
    strncpy(dst, src, n); // ok: c.strncpy-unterminated
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
    strncpy(sa.path, path, sizeof(sa.path) - 1); // ok: c.strncpy-unterminated
    *out = sa;
}
