/* A daemon that gives up root: every step can fail and leave root's powers in place. */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int enter_jail(const struct passwd *pw, const char *jail)
{
    if (chroot(jail) != 0 || chdir("/") != 0) return -1;
    setgroups(0, NULL); // expect: c.clang-unchecked-return
    initgroups(pw->pw_name, pw->pw_gid); // expect: c.clang-unchecked-return
    if (setgid(pw->pw_gid) != 0) return -1;
    if (setuid(pw->pw_uid) != 0) return -1;
    return 0;
}
