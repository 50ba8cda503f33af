/* Privilege changes whose results decide what happens next. */
#define _GNU_SOURCE
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define MUST(call)                                                   \
    do {                                                             \
        if ((call) != 0) {                                           \
            perror(#call);                                           \
            abort();                                                 \
        }                                                            \
    } while (0)

int become_user(const struct passwd *pw)
{
    if (initgroups(pw->pw_name, pw->pw_gid) != 0) return -1; // ok: c.unchecked-privilege-call
    if (setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1) return -1; // ok: c.unchecked-privilege-call
    if (setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1) return -1; // ok: c.unchecked-privilege-call
    return 0;
}

void drop_to(uid_t uid, gid_t gid)
{
    MUST(setgid(gid)); // ok: c.unchecked-privilege-call
    MUST(setuid(uid)); // ok: c.unchecked-privilege-call
}

/* Runs fn with the effective ids of the real user, then takes the saved ids back. */
int as_real_user(int (*fn)(void))
{
    uid_t euid = geteuid();
    int rc;
    rc = seteuid(getuid()); // ok: c.unchecked-privilege-call
    if (rc != 0) return -1;
    rc = fn();
    if (seteuid(euid) != 0) abort(); // ok: c.unchecked-privilege-call
    return rc;
}
