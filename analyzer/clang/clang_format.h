/* clang_format.h — the longest text a printf-style call can write, read from the AST.
 *
 * The format must be a string literal (written in place or through a macro); each
 * conversion counts its worst case from the length modifier (%d: 11, %ld: 20, %x: 8,
 * %p: 18, %c: 1, %f: 317 digits plus the precision), its field width, and for %s the
 * argument: a string literal's length, an array's size minus one, or a precision. Any
 * other %s argument (a pointer whose string the walk never saw), a `*` width, positional
 * arguments or an unknown conversion make the output unbounded. */
#ifndef ASSAY_CLANG_FORMAT_H
#define ASSAY_CLANG_FORMAT_H

#include <stdbool.h>

#include "analyzer/clang/clang_ast.h"

typedef struct {
    bool known;          /* the format is a literal assay could read */
    bool bounded;        /* every conversion has a known worst case */
    long long max;       /* bounded: the longest output, without the terminating NUL */
    cnode_t *open_arg;   /* unbounded because of this %s argument (NULL: another reason) */
} clang_format_len_t;

/* Fills *out for `call`, whose format is argument fmt_index (the values follow it).
 * Never fails: an unreadable format gives known = false. */
void clang_format_max_length(clang_unit_t *unit, const cnode_t *call, uint32_t fmt_index, clang_format_len_t *out);

#endif
