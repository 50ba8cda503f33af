/* Files and directories made writable by everyone. */
#include <fcntl.h>
#include <sys/stat.h>

int share_socket(const char *path)
{
    return chmod(path, 0777); // expect: c.chmod-world-writable
}

int publish(int fd)
{
    return fchmod(fd, S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH); // expect: c.chmod-world-writable
}

int make_spool(int dirfd)
{
    return fchmodat(dirfd, "spool", 01777 & 0777, 0); // expect: c.chmod-world-writable
}

int open_up(const char *path)
{
    return chmod(path, S_IRWXU | S_IRWXG | S_IRWXO); // expect: c.chmod-world-writable
}
