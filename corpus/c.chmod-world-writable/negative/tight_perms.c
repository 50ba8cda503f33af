/* Modes without the "others write" bit. */
#include <sys/stat.h>

int private_key(const char *path)
{
    return chmod(path, 0600); // ok: c.chmod-world-writable
}

int shared_with_group(int fd)
{
    return fchmod(fd, S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH); // ok: c.chmod-world-writable
}

int make_dir(const char *dir)
{
    return mkdir(dir, 0755); // ok: c.chmod-world-writable
}

int set_mode(const char *path, mode_t mode)
{
    return chmod(path, mode & ~(mode_t)S_IWOTH); /* not a constant: not judged */ // ok: c.chmod-world-writable
}

/* mkdir's mode passes through the umask: 0777 lets the user's umask decide */
int make_cache_dir(const char *dir)
{
    return mkdir(dir, 0777); // ok: c.chmod-world-writable
}
