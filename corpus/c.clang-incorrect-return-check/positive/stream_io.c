/* Stream results tested against values they never return on failure. */
#include <stdio.h>

/* fread returns a size_t count: "< 0" is never true, a short read goes unnoticed. */
int load_table(FILE *fp, int *table, size_t count)
{
    size_t got = fread(table, sizeof *table, count, fp);
    if (got < 0) return -1; // expect: c.clang-incorrect-return-check
    return 0;
}

/* fscanf returns EOF at the end of input, not 0: the loop never ends on EOF. */
int largest_number(FILE *fp)
{
    int best = 0, value, items;
    while ((items = fscanf(fp, "%d", &value)) != 0) // expect: c.clang-incorrect-return-check
        if (items == 1 && value > best) best = value;
    return best;
}

/* fputc returns the character written ('\0' here) on success and EOF on failure. */
int write_terminator(FILE *fp)
{
    if (!fputc('\0', fp)) return -1; // expect: c.clang-incorrect-return-check
    return 0;
}

/* A 32-byte key read from a file: a short read (a truncated key file) passes the test
 * for 0 and the rest of the key is whatever was on the stack. */
int load_key(FILE *fp, unsigned char out[32])
{
    unsigned char key[32];
    if (fread(key, 1, sizeof key, fp) == 0) return -1; // expect: c.clang-incorrect-return-check
    for (int i = 0; i < 32; i++) out[i] = key[i];
    return 0;
}
