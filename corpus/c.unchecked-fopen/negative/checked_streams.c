/* Streams checked before use. */
#include <stdio.h>

int count_lines(const char *path)
{
    FILE *f = fopen(path, "r"); // ok: c.unchecked-fopen
    if (!f) {
        perror(path);
        return -1;
    }
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line, f)) n++;
    fclose(f);
    return n;
}

int write_pid(const char *path, int pid)
{
    FILE *out;
    if ((out = fopen(path, "w")) == NULL) return -1; // ok: c.unchecked-fopen
    fprintf(out, "%d\n", pid);
    return fclose(out);
}

/* Opening and returning the stream: the caller checks. */
FILE *open_log(const char *path)
{
    FILE *f = fopen(path, "a"); // ok: c.unchecked-fopen
    return f;
}

void maybe_log(const char *path, const char *msg)
{
    FILE *f = fopen(path, "a"); // ok: c.unchecked-fopen
    if (f != NULL && msg) fputs(msg, f);
    if (f) fclose(f);
}
