/* Masks that keep "others write" off. */
#include <sys/stat.h>

void daemonize(void)
{
    umask(022); // ok: c.umask-permissive
}

void private_files(void)
{
    umask(S_IRWXG | S_IRWXO); // ok: c.umask-permissive
}

mode_t restore(mode_t old)
{
    /* restoring a saved mask: not a constant */
    return umask(old); // ok: c.umask-permissive
}

void strict(void)
{
    umask(0077); // ok: c.umask-permissive
}
