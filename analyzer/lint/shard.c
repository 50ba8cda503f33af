/* shard.c — the deterministic split of a run's files (see shard.h). */
#include "analyzer/lint/shard.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/hash.h"

typedef struct {
    size_t file;    /* index in found->files */
    uint64_t size;  /* bytes */
    uint64_t hash;  /* of the display path */
} shard_item_t;

static int compare_items(const void *a, const void *b, void *ctx)
{
    const shard_item_t *x = a, *y = b;
    const discover_result_t *found = ctx;
    if (x->size != y->size) return x->size > y->size ? -1 : 1;
    if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
    return strcmp(found->files[x->file].display_path, found->files[y->file].display_path);
}

int shard_select(discover_result_t *found, unsigned index, unsigned count)
{
    if (count == 0 || index < 1 || index > count) return -1;
    size_t n = found->file_count;
    shard_item_t *items = malloc((n ? n : 1) * sizeof(*items));
    uint64_t *load = calloc(count, sizeof(*load));
    unsigned char *mine = calloc(n ? n : 1, 1);
    if (!items || !load || !mine) {
        free(items);
        free(load);
        free(mine);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        items[i].file = i;
        items[i].size = stat(found->files[i].fs_path, &st) == 0 ? (uint64_t)st.st_size : 0;
        items[i].hash = hash_string(found->files[i].display_path);
    }
    qsort_r(items, n, sizeof(*items), compare_items, found);
    for (size_t i = 0; i < n; i++) { /* largest first, into the lightest piece */
        unsigned best = 0;
        for (unsigned p = 1; p < count; p++)
            if (load[p] < load[best]) best = p;
        load[best] += items[i].size + 1; /* +1: empty files spread too */
        mine[items[i].file] = best + 1 == index;
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (mine[i]) {
            found->files[kept++] = found->files[i];
        } else {
            free(found->files[i].fs_path);
            free(found->files[i].display_path);
        }
    }
    found->file_count = kept;
    if (index != 1) {
        for (size_t i = 0; i < found->notice_count; i++) {
            free(found->notices[i].display_path);
            free(found->notices[i].message);
        }
        found->notice_count = 0;
    }
    free(items);
    free(load);
    free(mine);
    return 0;
}
