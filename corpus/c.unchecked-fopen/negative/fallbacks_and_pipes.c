/* Streams from fopen with a fallback, popen and fmemopen, each checked before use. */
#include <stdio.h>
#include <stdlib.h>

FILE *open_config(const char *user_path)
{
    FILE *f = fopen(user_path, "r"); // ok: c.unchecked-fopen
    if (!f) f = fopen("/etc/assay.conf", "r"); // ok: c.unchecked-fopen
    if (!f) return NULL;
    setvbuf(f, NULL, _IOFBF, 1 << 16);
    return f;
}

int kernel_release(char *out, int out_size)
{
    FILE *p = popen("uname -r", "r"); // ok: c.unchecked-fopen
    if (p == NULL) return -1;
    int ok = fgets(out, out_size, p) != NULL;
    return pclose(p) == 0 && ok ? 0 : -1;
}

/* The largest number in a memory buffer, read with the stream functions. */
int max_number(const char *buf, size_t len, long *max)
{
    FILE *in = fmemopen((void *)buf, len, "r"); // ok: c.unchecked-fopen
    if (!in) return -1;
    long v;
    int n = 0;
    while (fscanf(in, "%ld", &v) == 1) {
        if (n++ == 0 || v > *max) *max = v;
    }
    fclose(in);
    return n > 0 ? 0 : -1;
}
