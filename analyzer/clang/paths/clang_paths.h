/* clang_paths.h — the intra-procedural, path-sensitive checks of the libclang pass.
 *
 * Walks every path of one function's CFG with an abstract state (what each local points
 * to, whether an allocation was checked for NULL, freed or escaped, known integer ranges,
 * initialisation and taint) and reports, with the events of the path as flow steps:
 * use after free, double free, memory and FILE/descriptor leaks, NULL dereferences,
 * uninitialised reads, out-of-bounds indexes and copies, freeing non-heap or moved
 * pointers, and tainted data reaching format strings, commands, sizes and indexes.
 * States already seen at a block are not walked again; a per-function budget bounds the
 * rest (findings found before the budget runs out stand). */
#ifndef ASSAY_CLANG_PATHS_H
#define ASSAY_CLANG_PATHS_H

#include <stdbool.h>

#include "analyzer/clang/clang_ast.h"
#include "analyzer/clang/clang_cfg.h"
#include "analyzer/clang/clang_findings.h"

/* Runs the checks on f. *over_budget is set when some paths were not walked.
 * Returns 0, or -1 on out of memory. */
int clang_paths_run(clang_unit_t *unit, const cfunc_t *f, const ccfg_t *cfg, clang_findings_t *out,
                    bool *over_budget);

#endif
