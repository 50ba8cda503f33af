/* Daemons that clear the umask. */
#include <sys/stat.h>
#include <unistd.h>

void daemonize(void)
{
    if (fork() != 0) _exit(0);
    setsid();
    umask(0); // expect: c.umask-permissive
    chdir("/");
}

void relax_group(void)
{
    umask(0020); // expect: c.umask-permissive
}

mode_t open_everything(void)
{
    return umask(S_IXOTH); // expect: c.umask-permissive
}
