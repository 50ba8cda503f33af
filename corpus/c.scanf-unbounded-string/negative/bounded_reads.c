/* scanf-family reads with field widths, allocation, or no string conversion. */
#include <stdio.h>
#include <stdlib.h>

int read_command(void)
{
    char cmd[16];
    if (scanf("%15s", cmd) != 1) return -1;
    return cmd[0];
}

int read_numbers(int *a, int *b)
{
    return scanf("%d %d", a, b);
}

int read_allocated(void)
{
    char *word = NULL;
    if (scanf("%ms", &word) != 1) return -1; /* POSIX m: scanf allocates */
    free(word);
    return 0;
}

int skip_word(const char *line, int *n)
{
    return sscanf(line, "%*s %d", n); /* %*s stores nothing */
}

int percent(const char *line, int *n)
{
    return sscanf(line, "100%%s %d", n); /* %% is a literal percent sign */
}
