/* if statements ended by a stray semicolon. */
#include <stdio.h>

int check(int fd)
{
    if (fd < 0); // expect: c.empty-if-body
        return -1;
    return 0;
}

void warn(int level, const char *msg)
{
    if (level > 2); // expect: c.empty-if-body
    {
        fprintf(stderr, "%s\n", msg);
    }
}

int authorize(int uid)
{
    int ok = 0;
    if (uid == 0) ; // expect: c.empty-if-body
    ok = 1;
    return ok;
}
