/* fix-case: verified — chdir("/") runs right after a successful chroot. */
#include <unistd.h>

int enter_sandbox(const char *root)
{
    if (chroot(root) != 0) // expect: c.chroot-without-chdir
        return -1;
    return 0;
}
