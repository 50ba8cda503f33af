/* chroot jails that leave the working directory outside. */
#include <stdlib.h>
#include <unistd.h>

void enter_jail(const char *root)
{
    if (chroot(root) != 0) exit(1); // expect: c.chroot-without-chdir
    if (setuid(65534) != 0) exit(1);
}

int sandbox(const char *dir)
{
    int rc = chroot(dir); // expect: c.chroot-without-chdir
    return rc;
}

int jail_then_chdir_elsewhere(const char *dir)
{
    if (chdir(dir) != 0) return -1;
    return chroot("."); // expect: c.chroot-without-chdir
}
