/* cli_cache.h — opening the results cache for a command (lint, audit), with its notes.
 *
 * The cache file is $ASSAY_CACHE, else $XDG_CACHE_HOME/assay/results.db, else
 * ~/.cache/assay/results.db (analyzer/lint/lint_cache.h says what the keys hold). A cache
 * that cannot be opened is not an error: the command runs without one and says so once on
 * stderr (not with -q); a foreign or damaged file is rebuilt, with one note. */
#ifndef ASSAY_CLI_CACHE_H
#define ASSAY_CLI_CACHE_H

#include "analyzer/lint/discover.h"
#include "analyzer/lint/lint_cache.h"
#include "cli/cli_options.h"

/* The cache for a run over found's files with pack and clang (NULL: --no-clang; its
 * repo_root must be set), or NULL with --no-cache or when none can be opened. model_id
 * may be NULL. Close it with lint_cache_close. */
lint_cache_t *cli_cache_open(const cli_options_t *options, const rule_pack_t *pack, const clang_options_t *clang,
                             const discover_result_t *found, const char *model_id);

/* A cache in memory for this process only (the audit takes its keys from a cache even
 * with --no-cache); NULL on out of memory. */
lint_cache_t *cli_cache_open_private(const rule_pack_t *pack, const clang_options_t *clang,
                                     const discover_result_t *found, const char *model_id);

#endif
