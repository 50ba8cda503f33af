/* Buffers grown in place: when realloc() fails it returns NULL, the only pointer to the
 * old block is overwritten and the block leaks. */
#include <stdlib.h>
#include <string.h>

char **split_words(char *text, size_t *count)
{
    size_t cap = 8 * sizeof(char *), n = 0;
    char **words = malloc(cap);
    if (!words) return NULL;
    for (char *w = strtok(text, " "); w; w = strtok(NULL, " ")) {
        if ((n + 1) * sizeof(char *) > cap) {
            cap += 8 * sizeof(char *);
            words = realloc(words, cap); // expect: c.clang-realloc-leak
            if (!words) return NULL;
        }
        words[n++] = w;
    }
    *count = n;
    return words;
}

char *with_suffix(const char *name, char suffix)
{
    size_t len = strlen(name);
    char *out = strdup(name);
    if (!out) return NULL;
    out = realloc(out, len + 2); // expect: c.clang-realloc-leak
    if (!out) return NULL;
    out[len] = suffix;
    out[len + 1] = '\0';
    return out;
}

int *read_samples(const int *src, size_t n)
{
    size_t cap = 16 * sizeof(int); /* bytes */
    int *vals = malloc(cap);
    if (!vals) return NULL;
    for (size_t i = 0; i < n; i++) {
        if ((i + 1) * sizeof(int) > cap) {
            cap += 16 * sizeof(int);
            vals = realloc(vals, cap); // expect: c.clang-realloc-leak
            if (!vals) return NULL;
        }
        vals[i] = src[i];
    }
    return vals;
}
