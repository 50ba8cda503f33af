/* Replacements for gets() as real programs write them: fgets bounded by the array,
 * getline growing a heap buffer, and a scanf width that leaves room for the NUL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int prompt_password(char *out, size_t out_size)
{
    char line[128];
    fputs("password: ", stdout);
    fflush(stdout);
    if (fgets(line, sizeof line, stdin) == NULL) return -1; // ok: c.gets
    line[strcspn(line, "\r\n")] = '\0';
    if (strlen(line) >= out_size) return -1;
    memcpy(out, line, strlen(line) + 1);
    return 0;
}

long count_long_lines(FILE *f, size_t limit)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long n = 0;
    while ((len = getline(&line, &cap, f)) != -1) { // ok: c.gets
        if ((size_t)len > limit) n++;
    }
    free(line);
    return n;
}

int read_word(char word[64])
{
    return scanf("%63s", word) == 1 ? 0 : -1; // ok: c.gets
}
