/* Privilege-separated daemons: chroot, then chdir into the new root (or a folder
 * inside it) before dropping privileges; failures end in err() or a cleanup label. */
#include <err.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

void privsep_child(const struct passwd *pw)
{
    if (chroot(pw->pw_dir) == -1) // ok: c.chroot-without-chdir
        err(1, "chroot %s", pw->pw_dir);
    if (chdir("/") == -1)
        err(1, "chdir(\"/\")");
    if (setgroups(1, &pw->pw_gid) == -1 || setgid(pw->pw_gid) == -1 || setuid(pw->pw_uid) == -1)
        err(1, "cannot drop privileges");
}

int enter_spool(const char *root)
{
    int rc = -1;
    if (chroot(root) != 0) goto out; // ok: c.chroot-without-chdir
    if (chdir("/var/spool/queue") != 0) goto out;
    rc = 0;
out:
    return rc;
}
