/* Leaks on error paths of a small config parser: early returns that forget a buffer,
 * a pointer overwritten while it still owns a block, a cleanup label that misses one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    char key[32];
    char *value;
};

int entry_parse(const char *line, struct entry *out)
{
    size_t len = strlen(line);
    char *copy = malloc(len + 1); // expect: c.clang-memory-leak
    if (copy == NULL) return -1;
    memcpy(copy, line, len + 1);
    char *eq = strchr(copy, '=');
    if (eq == NULL) return -1; /* copy is lost */
    *eq = '\0';
    snprintf(out->key, sizeof out->key, "%s", copy);
    free(copy);
    return 0;
}

const char *pick_name(const char *primary, const char *fallback)
{
    char *name = strdup(primary); // expect: c.clang-memory-leak
    if (!name) return NULL;
    if (name[0] == '\0') name = strdup(fallback); /* the empty copy is never freed */
    return name;
}

int load_pair(FILE *in, struct entry *e)
{
    char *line = calloc(1, 256); // expect: c.clang-memory-leak
    char *val = calloc(1, 256);
    if (!line || !val) goto fail;
    if (!fgets(line, 256, in)) goto fail;
    if (!fgets(val, 256, in)) goto fail;
    snprintf(e->key, sizeof e->key, "%s", line);
    e->value = val;
    free(line);
    return 0;
fail:
    free(val); /* line is not freed on this path */
    return -1;
}
