/* Modes for the *at() calls, FIFOs, and modes named by macros or masked from a
 * stat result: none lets others write. */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>

#define STATE_DIR_MODE 0750
#define FIFO_MODE (S_IRUSR | S_IWUSR | S_IWGRP)

int make_state_dirs(int base)
{
    if (mkdirat(base, "cache", S_IRWXU) != 0) return -1; // ok: c.chmod-world-writable
    return mkdirat(base, "state", STATE_DIR_MODE); // ok: c.chmod-world-writable
}

int restrict_log(const char *path)
{
    return fchmodat(AT_FDCWD, path, 0640, AT_SYMLINK_NOFOLLOW); // ok: c.chmod-world-writable
}

int control_fifo(const char *path)
{
    return mkfifo(path, FIFO_MODE); // ok: c.chmod-world-writable
}

/* Drop write access for group and others, keep the rest of the file's mode. */
int seal(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    return chmod(path, st.st_mode & ~(mode_t)(S_IWGRP | S_IWOTH)); // ok: c.chmod-world-writable
}
