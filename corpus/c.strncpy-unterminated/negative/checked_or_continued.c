/* The copy is checked for truncation, or the next write continues the string. */
#include <string.h>

int copy_checked(const char *ifname)
{
    char name[16];
    strncpy(name, ifname, sizeof name); // ok: c.strncpy-unterminated
    if (name[sizeof name - 1] != '\0')
        return -1; /* too long: refuse it */
    return name[0];
}

void temp_name(char path[256], const char *pid, size_t pid_len)
{
    char tmpfile[256];
    strcpy(tmpfile, "temp-");
    strncpy(tmpfile + 5, pid, pid_len); // ok: c.strncpy-unterminated
    strcpy(tmpfile + 5 + pid_len, ".rdb");
    strcpy(path, tmpfile);
}
