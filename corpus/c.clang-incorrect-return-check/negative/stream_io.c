/* Stream results tested against the values they do return on failure. */
#include <stdio.h>

int load_table(FILE *fp, int *table, size_t count)
{
    if (fread(table, sizeof *table, count, fp) != count) return -1; // ok: c.clang-incorrect-return-check
    return 0;
}

int largest_number(FILE *fp)
{
    int best = 0, value;
    while (fscanf(fp, "%d", &value) == 1) // ok: c.clang-incorrect-return-check
        if (value > best) best = value;
    return best;
}

/* fflush and fclose return exactly 0 on success: testing for 0 is right. */
int flush_log(FILE *fp)
{
    return fflush(fp) == 0 ? 1 : 0; // ok: c.clang-incorrect-return-check
}

int close_log(FILE *fp)
{
    if (fclose(fp) != 0) return -1; // ok: c.clang-incorrect-return-check
    return 0;
}

/* snprintf's failure is a negative result; a length of 0 is an empty name, not an error. */
int format_name(char *buf, size_t size, const char *first, const char *last)
{
    int len = snprintf(buf, size, "%s %s", first, last);
    if (len < 0) return -1; // ok: c.clang-incorrect-return-check
    if (len == 0) return 0; // ok: c.clang-incorrect-return-check
    return (size_t)len < size ? len : -1;
}

/* One whole record: fread counts complete items, so 0 is exactly "incomplete". */
struct key_record {
    unsigned version;
    unsigned char key[32];
};

int load_key(FILE *fp, struct key_record *rec)
{
    if (fread(rec, sizeof *rec, 1, fp) == 0) return -1; // ok: c.clang-incorrect-return-check
    return rec->version == 1 ? 0 : -1;
}
