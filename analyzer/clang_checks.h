/* clang_checks.h — the libclang checks that need no paths, only the AST and types:
 * ignored results of security-relevant calls (CWE-252), result tests that cannot see the
 * failure (CWE-253: fputs(...) == 0, fgets(...) < 0), sizeof applied to a pointer where
 * the pointee size was meant (CWE-467). (`p = realloc(p, n)` needs the path: clang_eval.c.) */
#ifndef ASSAY_CLANG_CHECKS_H
#define ASSAY_CLANG_CHECKS_H

#include "analyzer/clang_ast.h"
#include "analyzer/clang_findings.h"

/* Runs the checks over one function; findings are appended to out. */
void clang_checks_run(clang_unit_t *unit, const cfunc_t *f, clang_findings_t *out);

#endif
