/* clang_cfg.h — a control-flow graph built from one function's mirrored AST.
 *
 * libclang exposes no CFG, so it is built here from the statements: if/else, while, do,
 * for, switch/case/default, break, continue, return, goto/labels, and && / || / ! in
 * conditions split into separate branch blocks (short-circuit), so a check such as
 * `if (p != NULL && p->n)` is seen in the order it runs. Calls to functions that never
 * return (exit, abort, ..., and any declared _Noreturn or __attribute__((noreturn))),
 * also inside a comma (`panic(...), __builtin_unreachable()`), end their block with an
 * edge to the exit marked `noreturn`. Expression statements are split the way they run:
 * `a, b` in order, `c ? x : y` as an if/else (assert-style macros), a GNU statement
 * expression as its block (glibc's assert). A switch without default whose cases cover
 * every enumerator of its enum type has no default edge.
 * Block 0 is the entry, block 1 the exit. */
#ifndef ASSAY_CLANG_CFG_H
#define ASSAY_CLANG_CFG_H

#include "analyzer/clang/clang_ast.h"

typedef enum {
    EDGE_ALWAYS,
    EDGE_TRUE,     /* the block's condition held */
    EDGE_FALSE,
    EDGE_CASE,     /* switch: case_value matched the block's switch value */
    EDGE_DEFAULT,  /* switch: no case matched */
    EDGE_NORETURN, /* the block ended in a call that does not return */
} edge_kind_t;

typedef struct {
    int target;
    edge_kind_t kind;
    cnode_t *case_value; /* EDGE_CASE */
} cedge_t;

typedef struct {
    cnode_t **stmts;  /* evaluated in order: expressions, VarDecls, ReturnStmts */
    size_t stmt_count;
    cnode_t *cond;    /* branch condition (EDGE_TRUE / EDGE_FALSE), or NULL */
    cnode_t *switch_value; /* switch value (EDGE_CASE / EDGE_DEFAULT), or NULL */
    cedge_t *edges;
    size_t edge_count;
} cblock_t;

typedef struct ccfg {
    cblock_t *blocks;
    size_t block_count;
} ccfg_t;

/* Builds the CFG of f into the unit's arena. -1 on out of memory. */
int clang_cfg_build(ccfg_t *out, clang_unit_t *unit, const cfunc_t *f);

/* True when a call never returns (exit, abort, _Exit, longjmp, ...). */
bool clang_cfg_is_noreturn(const char *callee);

#endif
