/* cli_cache.c — the results cache as the commands open it (see cli_cache.h). */
#include "cli/cli_cache.h"

#include <stdio.h>
#include <stdlib.h>

/* Opens the cache at path (owned by the caller); notes unless quiet. */
static lint_cache_t *open_at(const char *path, bool quiet, const rule_pack_t *pack, const clang_options_t *clang,
                             const discover_result_t *found, const char *model_id)
{
    lint_cache_config_t config = {.pack = pack, .clang = clang, .min_certainty = CERTAINTY_UNSET,
                                  .model_id = model_id};
    lint_cache_t *cache = NULL;
    char note[1200] = "", err[1200] = "";
    if (lint_cache_open(&cache, path, &config, note, sizeof(note), err, sizeof(err)) != 0) {
        if (!quiet) fprintf(stderr, "assay: results cache: %s; not caching\n", err);
    } else {
        if (note[0] && !quiet) fprintf(stderr, "assay: %s\n", note);
        if (clang && lint_cache_add_headers(cache, found->files, found->file_count) != 0) {
            lint_cache_close(cache);
            cache = NULL;
        }
    }
    return cache;
}

lint_cache_t *cli_cache_open(const cli_options_t *o, const rule_pack_t *pack, const clang_options_t *clang,
                             const discover_result_t *found, const char *model_id)
{
    if (o->no_cache) return NULL;
    char *path = lint_cache_default_path(getenv("ASSAY_CACHE"), getenv("XDG_CACHE_HOME"), getenv("HOME"));
    if (!path) {
        if (!o->quiet) fprintf(stderr, "assay: no folder for the results cache (set ASSAY_CACHE); not caching\n");
        return NULL;
    }
    lint_cache_t *cache = open_at(path, o->quiet, pack, clang, found, model_id);
    free(path);
    return cache;
}

lint_cache_t *cli_cache_open_private(const rule_pack_t *pack, const clang_options_t *clang,
                                     const discover_result_t *found, const char *model_id)
{
    return open_at(":memory:", true, pack, clang, found, model_id);
}
