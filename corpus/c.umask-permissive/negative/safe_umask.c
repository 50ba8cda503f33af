/* Masks that keep "others write" off. */
#include <sys/stat.h>

void daemonize(void)
{
    umask(022);
}

void private_files(void)
{
    umask(S_IRWXG | S_IRWXO);
}

mode_t restore(mode_t old)
{
    return umask(old); /* restoring a saved mask: not a constant */
}

void strict(void)
{
    umask(0077);
}
