/* Privilege drops with their results checked. */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void drop_privileges(uid_t uid, gid_t gid)
{
    if (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0) { // ok: c.unchecked-privilege-call
        perror("drop privileges");
        exit(1);
    }
}

int jail(const char *root)
{
    int rc = chroot(root); // ok: c.unchecked-privilege-call
    if (rc != 0) return -1;
    return chdir("/");
}

int become(uid_t uid)
{
    return seteuid(uid); // ok: c.unchecked-privilege-call
}
