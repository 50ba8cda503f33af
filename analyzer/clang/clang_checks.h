/* clang_checks.h — the libclang checks that need no paths, only the AST and types:
 *   c.clang-unchecked-return (CWE-252): an ignored result of a call whose failure matters
 *     (privilege changes, reads and scans), and an ignored snprintf truncation when the
 *     buffer then names a file or runs a command and the format's longest output may not
 *     fit (clang_format.h measures it);
 *   c.clang-incorrect-return-check (CWE-253): result tests that cannot see the failure
 *     (fputs(...) == 0, fgets(...) < 0, mmap(...) == NULL, fread(b, 1, n, f) == 0), on the
 *     call, under `!`, or on a local holding its result;
 *   c.clang-sizeof-pointer (CWE-467): sizeof of a pointer (variable, member, array
 *     parameter) given as the size of the buffer it points to.
 * (`p = realloc(p, n)` needs the path: clang_eval.c.) */
#ifndef ASSAY_CLANG_CHECKS_H
#define ASSAY_CLANG_CHECKS_H

#include "analyzer/clang/clang_ast.h"
#include "analyzer/clang/clang_findings.h"

/* Runs the checks over one function; findings are appended to out. */
void clang_checks_run(clang_unit_t *unit, const cfunc_t *f, clang_findings_t *out);

#endif
