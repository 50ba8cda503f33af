/* scanf-family reads with field widths, allocation, or no string conversion. */
#include <stdio.h>
#include <stdlib.h>

int read_command(void)
{
    char cmd[16];
    if (scanf("%15s", cmd) != 1) return -1; // ok: c.scanf-unbounded-string
    return cmd[0];
}

int read_numbers(int *a, int *b)
{
    return scanf("%d %d", a, b); // ok: c.scanf-unbounded-string
}

int read_allocated(void)
{
    char *word = NULL;
    /* POSIX m: scanf allocates */
    if (scanf("%ms", &word) != 1) return -1; // ok: c.scanf-unbounded-string
    free(word);
    return 0;
}

int skip_word(const char *line, int *n)
{
    /* %*s stores nothing */
    return sscanf(line, "%*s %d", n); // ok: c.scanf-unbounded-string
}

int percent(const char *line, int *n)
{
    /* %% is a literal percent sign */
    return sscanf(line, "100%%s %d", n); // ok: c.scanf-unbounded-string
}
