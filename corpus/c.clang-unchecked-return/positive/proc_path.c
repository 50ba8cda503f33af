/* A /proc path built into a buffer too small for the largest pid: a truncated path names
 * another file ("/proc/123456789" cut short), and the program reads that one. */
#include <stdio.h>
#include <sys/types.h>

FILE *open_status(long pid)
{
    char path[16];
    snprintf(path, sizeof path, "/proc/%ld/status", pid); // expect: c.clang-unchecked-return
    return fopen(path, "r");
}
