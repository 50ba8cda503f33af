/* Failure stops the program; (void) marks a deliberate ignore. */
#include <stdlib.h>
#include <unistd.h>

void drop(uid_t uid, gid_t gid)
{
    if (setgid(gid) != 0) // ok: c.clang-unchecked-return
        abort();
    if (setuid(uid) != 0) // ok: c.clang-unchecked-return
        abort();
    (void)chdir("/");
}

#include <stdio.h>

FILE *open_log(const char *dir, const char *name)
{
    char path[64];
    if (snprintf(path, sizeof path, "%s/%s.log", dir, name) >= (int)sizeof path) return NULL; // ok: c.clang-unchecked-return
    return fopen(path, "a");
}

void greet(const char *name)
{
    char line[32];
    /* a truncated greeting is harmless: nothing names a file or runs a command with it */
    snprintf(line, sizeof line, "hello %s", name); // ok: c.clang-unchecked-return
    puts(line);
}
