/* Masks set around file creation and restored, spelled with macros or octal. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* A private temporary file: the mask is tightened for the creation, then put back. */
int private_temp(char *name)
{
    mode_t old = umask(S_IRWXG | S_IRWXO); // ok: c.umask-permissive
    int fd = mkstemp(name);
    umask(old); // ok: c.umask-permissive
    return fd;
}

void daemon_mask(void)
{
    umask(S_IWGRP | S_IWOTH); // ok: c.umask-permissive
}

/* Group may read logs, nobody else gets anything. */
void log_dir_mask(void)
{
    umask(0027); // ok: c.umask-permissive
}
