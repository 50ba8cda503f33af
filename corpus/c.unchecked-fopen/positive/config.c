/* Streams used without checking that they opened. */
#include <stdio.h>

int count_lines(const char *path)
{
    FILE *f = fopen(path, "r"); // expect: c.unchecked-fopen
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line, f)) n++;
    fclose(f);
    return n;
}

void write_pid(const char *path, int pid)
{
    FILE *out;
    out = fopen(path, "w"); // expect: c.unchecked-fopen
    fprintf(out, "%d\n", pid);
    fclose(out);
}

long file_size(const char *path)
{
    FILE *f = fopen(path, "rb"); // expect: c.unchecked-fopen
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    return size;
}
