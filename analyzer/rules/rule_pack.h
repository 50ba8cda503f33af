/* rule_pack.h — loading the rule pack (rules/<id>.yml files) and choosing which rules run.
 *
 * A rule file is data: metadata (id, CWE, severity, message and help text), a tree-sitter
 * query with predicates, and optional fix templates; the format is documented in
 * rules/README.md. Loading parses and checks every file (unknown keys, missing fields,
 * bad queries, bad regexes, unknown captures in templates, duplicate ids are errors that
 * name "path:line: problem") and compiles all query rules into one combined query that
 * the scanner (analyzer/scanner.h) runs once per file.
 *
 * The pack is immutable while scanners use it: load it, enable/disable rules, then share
 * it read-only between threads. The pack type itself is in core/rule.h. */
#ifndef ASSAY_RULE_PACK_H
#define ASSAY_RULE_PACK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/rule.h"

/* Deepest nesting of ( and [ a rule's query may have (the rules in rules/ use 8): deeper
 * ones are refused with "path:line:col: bad query: nested deeper than 64 levels (the
 * limit)" before tree-sitter's recursive query parser sees them. */
#define RULE_QUERY_MAX_DEPTH 64

/* One rule file held in memory: path is used in error messages and as rule->source_path. */
typedef struct {
    const char *path;
    const char *text;
    size_t length;
} rule_source_t;

/* Loads every "*.yml" file in dir (sorted by name; other files are ignored) into a new
 * pack owned by the caller (rule_pack_free). Returns 0, or -1 with err set to
 * "path:line: problem" (or "dir: problem" when the folder cannot be read, holds no rule
 * file, or holds a "*.rule" file of the line format rule files had before YAML). */
int rule_pack_load_dir(rule_pack_t **out, const char *dir, char *err, size_t err_size);

/* Same as rule_pack_load_dir for rule texts already in memory (tests, embedded packs). */
int rule_pack_load_sources(rule_pack_t **out, const rule_source_t *sources, size_t count,
                           char *err, size_t err_size);

/* Frees the pack and every rule in it; NULL is a no-op. Candidates pointing at its rules
 * must be freed first. */
void rule_pack_free(rule_pack_t *pack);

/* Enables or disables every rule whose id equals id_or_glob or matches it as an
 * fnmatch(3) glob ("c.*", "c.strcpy-*"). Returns the number of rules changed-or-matched
 * (>= 1), or -1 when no rule matches. Not thread-safe: call before scanning starts. */
int rule_pack_set_enabled(rule_pack_t *pack, const char *id_or_glob, bool enabled);

/* The rules folder next to the running binary: dirname(/proc/self/exe)/../rules (the
 * build tree), then dirname(/proc/self/exe)/../share/assay/rules (an installed assay).
 * Returns NULL if neither exists. The answer is computed once per process (thread-safe)
 * and the string is never freed or changed afterwards. */
const char *rule_pack_default_dir(void);

/* The one-line description of the rule's fix template (`fix:`), or NULL when the rule has
 * none. Owned by the rule. */
const char *rule_fix_description(const rule_t *rule);

/* rule_pack_find (declared in core/rule.h) returns the rule with that exact id,
 * whatever its engine ("treesitter" or "clang") and enabled state, or NULL. */


#endif
