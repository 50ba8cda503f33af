/* fix-case: verified — the mask clears group and others write permission. */
#include <sys/stat.h>

void server_init(void)
{
    umask(0); // expect: c.umask-permissive
}
