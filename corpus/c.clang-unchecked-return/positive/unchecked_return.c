/* Dropping privileges without checking that it worked. */
#include <unistd.h>

void drop(uid_t uid, gid_t gid)
{
    setgid(gid); // expect: c.clang-unchecked-return
    setuid(uid); // expect: c.clang-unchecked-return
}

#include <stdio.h>

FILE *open_log(const char *dir, const char *name)
{
    char path[64];
    snprintf(path, sizeof path, "%s/%s.log", dir, name); // expect: c.clang-unchecked-return
    return fopen(path, "a");
}
