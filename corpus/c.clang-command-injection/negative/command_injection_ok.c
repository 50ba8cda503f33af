/* A fixed command line. */
#include <stdlib.h>

int open_pager(void)
{
    return system("less /var/log/app.log"); // ok: c.clang-command-injection
}
