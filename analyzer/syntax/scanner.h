/* scanner.h — the tree-sitter pass: parse a C file and run every enabled query rule.
 *
 * A scanner holds one tree-sitter parser and query cursor plus scratch memory, so use
 * one scanner per thread; the rule pack (analyzer/rule_pack.h) it reads is shared
 * read-only. The scanner runs the pack's combined query once per file, evaluates each
 * rule's predicates (text predicates such as #match? and semantic ones such as
 * #fixed-array? — see rules/README.md) and turns each surviving match into a candidate. */
#ifndef ASSAY_SCANNER_H
#define ASSAY_SCANNER_H

#include <stddef.h>

#include "core/candidate.h"
#include "core/rule.h"

/* Deepest nesting of ( [ { (outside comments, strings and character constants) a file may
 * have to be scanned: tree-sitter 0.20 frees a tree twice when a file ends with about
 * 65,000 brackets open, and real code stays far below this. */
#define SCANNER_MAX_NESTING 10000

typedef struct scanner scanner_t;

/* Creates a scanner for pack (which must outlive it). 0, or -1 with err set. */
int scanner_new(scanner_t **out, const rule_pack_t *pack, char *err, size_t err_size);

/* Frees the scanner; NULL is a no-op. */
void scanner_free(scanner_t *scanner);

/* Parses source (any bytes: NULs, invalid UTF-8, huge lines and syntax errors are fine;
 * findings come from what tree-sitter recovered) and appends one candidate per match of
 * an enabled rule to out, in source order: rule, rule_id, path (copied as given), range,
 * message (captures and facts substituted), severity, cwe, snippet, facts, fix.
 * Fingerprints are not filled (the driver does). Returns 0, or -1 with err set (out of
 * memory, a file larger than 4 GiB, brackets nested deeper than SCANNER_MAX_NESTING:
 * "path: brackets nested deeper than 10000 levels (the limit), not scanned", or a parse
 * that tree-sitter abandoned); candidates appended before an error stay in out. */
int scanner_scan(scanner_t *scanner, const char *path, const char *source, size_t length,
                 candidate_list_t *out, char *err, size_t err_size);

#endif
