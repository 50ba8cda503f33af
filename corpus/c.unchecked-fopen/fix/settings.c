/* fix-case: verified — the program stops if the file cannot be opened. */
#include <stdio.h>
#include <stdlib.h>

int read_setting(const char *path, char *line, int size)
{
    FILE *f = fopen(path, "r"); // expect: c.unchecked-fopen
    char *got = fgets(line, size, f);
    fclose(f);
    return got != NULL;
}
