/* A line buffer that moved to the heap: the sizeof that used to measure the array now
 * measures the pointer, so every line is cut to 7 characters. */
#include <stdio.h>
#include <stdlib.h>

#define LINE_MAX_LEN 4096

long count_long_lines(FILE *fp)
{
    char *line = malloc(LINE_MAX_LEN);
    long count = 0;
    if (!line) return -1;
    while (fgets(line, sizeof line, fp) != NULL) // expect: c.clang-sizeof-pointer
        count++;
    free(line);
    return count;
}

struct entry {
    unsigned hash;
    const char *key;
    void *value;
};

/* calloc's element size: a table of n pointers' worth, not n entries. */
struct entry *table_new(size_t n)
{
    struct entry *entries = calloc(n, sizeof(entries)); // expect: c.clang-sizeof-pointer
    return entries;
}
