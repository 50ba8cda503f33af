#include <stdio.h>
#include <sys/stat.h>
/* returning from main ends the process: nothing leaks */
int main(void)
{
    struct stat st;
    FILE *f = fopen("data", "rb");
    if (!f) return 1;
    if (fstat(fileno(f), &st) != 0) return 1;
    printf("%ld\n", (long)st.st_size);
    fclose(f);
    return 0;
}
// expect-false-alarm: c.clang-resource-leak
