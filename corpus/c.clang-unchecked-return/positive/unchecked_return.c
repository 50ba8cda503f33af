/* Dropping privileges without checking that it worked. */
#include <unistd.h>

void drop(uid_t uid, gid_t gid)
{
    setgid(gid); // expect: c.clang-unchecked-return
    setuid(uid); // expect: c.clang-unchecked-return
}
