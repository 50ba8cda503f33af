/* Privilege drops whose failure goes unnoticed. */
#include <grp.h>
#include <unistd.h>

void drop_privileges(uid_t uid, gid_t gid)
{
    setgroups(0, NULL); // expect: c.unchecked-privilege-call
    setgid(gid); // expect: c.unchecked-privilege-call
    setuid(uid); // expect: c.unchecked-privilege-call
}

void jail(const char *root)
{
    chroot(root); // expect: c.unchecked-privilege-call
    if (chdir("/") != 0) _exit(1);
}

void become(uid_t uid)
{
    seteuid(uid); // expect: c.unchecked-privilege-call
}
