/* chroot followed by chdir("/"). */
#include <stdlib.h>
#include <unistd.h>

void enter_jail(const char *root)
{
    if (chroot(root) != 0 || chdir("/") != 0) exit(1); // ok: c.chroot-without-chdir
    if (setuid(65534) != 0) exit(1);
}

int sandbox(const char *dir)
{
    if (chroot(dir) != 0) return -1; // ok: c.chroot-without-chdir
    return chdir("/");
}

int sandbox_fd(int dirfd)
{
    if (fchdir(dirfd) != 0) return -1;
    if (chroot(".") != 0) return -1; // ok: c.chroot-without-chdir
    return fchdir(dirfd) == 0 && chdir("/") == 0 ? 0 : -1;
}
