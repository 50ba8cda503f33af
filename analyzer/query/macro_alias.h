/* macro_alias.h — object-like macros that only rename an identifier, per scanned file.
 *
 * Portable C calls library functions through alias macros: `#define MKTEMP mktemp`,
 * `#define snprintf _snprintf` (Windows), `#define STRCPY strcpy`. The tree-sitter rules
 * compare the callee's written name, so `MKTEMP(path)` would never match a rule about
 * mktemp. This module lists the file's `#define NAME target` directives whose whole body
 * is one identifier (also inside #if/#ifdef/#else branches; function-like macros and
 * any other body are ignored, and so is `#define X X`), and answers "what may the
 * identifier written here stand for?".
 *
 * As the preprocessor does, an alias counts only for uses after its directive, and
 * `#undef NAME` ends every earlier definition of NAME. A name defined differently in
 * two branches (`#ifdef _WIN32 / #define ACCESS _access / #else / #define ACCESS access`)
 * stands for every target, since which branch is taken is not known. Chains
 * (A -> B -> strcpy) are followed up to MACRO_ALIAS_DEPTH steps, each step resolved at
 * the place of use; cycles end without effect. Only directives of the file itself are
 * seen (headers are not read), and only those at file level or in preprocessor
 * branches there (not inside function bodies).
 *
 * The table borrows the source text and the tree nodes' offsets: it stays valid until
 * the next macro_aliases_collect() or macro_aliases_free(). */
#ifndef ASSAY_MACRO_ALIAS_H
#define ASSAY_MACRO_ALIAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tree_sitter/api.h>

#define MACRO_ALIAS_DEPTH 8     /* steps of a chain followed */
#define MACRO_ALIAS_SPELLINGS 8 /* most targets returned for one identifier */

typedef struct macro_aliases macro_aliases_t;

/* A name an identifier may stand for: bytes of the source (not NUL-terminated). */
typedef struct {
    const char *text;
    uint32_t len;
} macro_alias_spelling_t;

/* A new, empty table; 0, or -1 on out of memory (*out NULL). */
int macro_aliases_new(macro_aliases_t **out);
/* Frees the table; NULL is a no-op. */
void macro_aliases_free(macro_aliases_t *aliases);

/* Replaces the table's contents with the aliases defined by the preproc_def and #undef
 * nodes among tops (the file's top-level nodes, preprocessor branches entered, in source
 * order: ts_syntax.h syn_tops_collect) of the tree parsed from src. Other nodes are
 * skipped. 0, or -1 on out of memory (the table is then empty). */
int macro_aliases_collect(macro_aliases_t *aliases, const char *src, const TSNode *tops, size_t count);

/* Whether the table holds no alias (then nothing needs resolving). NULL is empty. */
bool macro_aliases_empty(const macro_aliases_t *aliases);

/* The names the identifier written at source bytes [start, end) may stand for, not
 * counting itself: every target of a chain of aliases visible at start, nearest first,
 * at most max (up to MACRO_ALIAS_SPELLINGS are ever found). Returns how many were
 * written to out; 0 when the text is not an alias visible there. */
size_t macro_aliases_resolve(const macro_aliases_t *aliases, uint32_t start, uint32_t end,
                             macro_alias_spelling_t *out, size_t max);

#endif
