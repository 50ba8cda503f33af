/* fix-case: verified — the length becomes the size of the destination array. */
#include <unistd.h>

int host_initial(void)
{
    char host[32];
    if (gethostname(host, 64) != 0) // expect: c.bound-exceeds-buffer
        return -1;
    host[sizeof host - 1] = '\0';
    return host[0];
}
