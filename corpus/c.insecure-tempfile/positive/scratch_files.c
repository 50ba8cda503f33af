/* Temporary names made before the file is created. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

FILE *open_scratch(void)
{
    char name[L_tmpnam];
    if (!tmpnam(name)) return NULL; // expect: c.insecure-tempfile
    return fopen(name, "w+");
}

char *scratch_in(const char *dir)
{
    return tempnam(dir, "job"); // expect: c.insecure-tempfile
}

int make_lock(char *path_template)
{
    if (mktemp(path_template)[0] == '\0') return -1; // expect: c.insecure-tempfile
    FILE *f = fopen(path_template, "w");
    if (!f) return -1;
    fclose(f);
    return 0;
}
