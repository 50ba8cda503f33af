/* fix-case: rejected (b) — abort() is not declared: the file has no <stdlib.h>. */
#include <stdio.h>

void append_log(const char *path, const char *msg)
{
    FILE *log = fopen(path, "a"); // expect: c.unchecked-fopen
    fputs(msg, log);
    fclose(log);
}
