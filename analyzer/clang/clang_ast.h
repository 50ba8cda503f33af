/* clang_ast.h — a small, owned mirror of the clang AST of each function in a file.
 *
 * libclang hands out cursors one visitor callback at a time and hides operators; the
 * checks need to walk trees back and forth. So each function definition of the main file
 * is copied once into plain nodes: kind, children, location, the operator spelling (found
 * from the tokens, since libclang 14 has no API for it), the name a node refers to, and
 * for references to locals the index of the variable. Implicit casts and the like stay
 * in the tree; c_strip() looks through them. Everything lives in the unit's arena and is
 * released by clang_unit_free. */
#ifndef ASSAY_CLANG_AST_H
#define ASSAY_CLANG_AST_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/candidate.h"

typedef struct cnode cnode_t;
struct cnode {
    enum CXCursorKind kind;
    CXCursor cursor;
    cnode_t *parent;
    cnode_t **kids;
    uint32_t kid_count;
    source_range_t range; /* where it is written in the main file (macro uses: the use) */
    char op[4];           /* operator of unary/binary/compound-assignment nodes, "" if unknown */
    bool postfix;         /* unary ++/-- after the operand */
    bool arrow;           /* member reference through -> */
    const char *name;     /* referenced or declared name; callee name for calls */
    int var;              /* index in the function's variables, -1 if not a local/parameter */
    int global;           /* index in the unit's globals, -1 otherwise */
    int16_t call_model;   /* calls: clang_calls.c's cached model (0 = not looked up yet) */
    const void *callee;   /* calls: cached cfunc_t of a callee defined in this unit, or NULL */
};

/* A local variable or parameter of one function. */
typedef struct {
    const char *name;
    CXCursor decl;
    CXType type;
    bool is_param, is_pointer, is_array, is_integer, is_static, has_init;
    long long array_bytes; /* arrays of known size: sizeof, else -1 */
    long long elem_bytes;  /* arrays and pointers: size of one element, else -1 */
    bool pointee_const;
    source_range_t range;
} cvar_t;

/* A file-scope variable referenced by the functions. */
typedef struct {
    const char *name;
    CXCursor decl;
    bool is_const, is_static, written, has_value;
    long long value; /* initialiser, when has_value */
} cglobal_t;

typedef struct {
    const char *name;
    cnode_t *decl; /* the FunctionDecl */
    cnode_t *body; /* its CompoundStmt */
    cvar_t *vars;
    size_t var_count;
    bool is_main;  /* int main(int argc, char **argv) */
    bool returns_constant; /* the body is `return <constant>;` and nothing else */
    long long constant_value;
    const struct ccfg *cfg; /* built on demand by the path checks (unit arena) */
} cfunc_t;

typedef struct clang_unit clang_unit_t;
struct clang_unit {
    CXTranslationUnit tu;   /* not owned */
    CXFile file;
    const char *text;       /* the main file as libclang read it (owned by the TU) */
    size_t text_size;
    cfunc_t *funcs;
    size_t func_count;
    cglobal_t *globals;
    size_t global_count;
    struct clang_arena *arena;
};

/* Mirrors every function defined in the main file of tu. -1 only on out of memory. */
int clang_unit_build(clang_unit_t **out, CXTranslationUnit tu);
void clang_unit_free(clang_unit_t *unit);
/* The function of that name defined in the unit, or NULL. */
const cfunc_t *clang_unit_function(const clang_unit_t *unit, const char *name);

/* Allocation from the unit's arena (zeroed; freed with the unit). NULL on out of memory. */
void *clang_unit_alloc(clang_unit_t *unit, size_t size);
char *clang_unit_strdup(clang_unit_t *unit, const char *s, size_t len);

/* Looks through parentheses, implicit conversions and casts, and folds *&x and &*p. */
cnode_t *c_strip(cnode_t *n);
/* The source text of a node (its written range), copied into the arena; "" when unknown. */
const char *c_text(clang_unit_t *unit, const cnode_t *n);
/* The callee name of a call (after stripping), or NULL. */
const char *c_callee(const cnode_t *call);
/* Number of arguments of a call and argument i (kids after the callee). */
uint32_t c_arg_count(const cnode_t *call);
cnode_t *c_arg(const cnode_t *call, uint32_t i);
/* Compile-time integer value of an expression (clang_Cursor_Evaluate); false if none. */
bool c_eval_int(const cnode_t *n, long long *out);
/* True for a string literal (after stripping); *length gets its length without the NUL. */
bool c_string_literal(clang_unit_t *unit, const cnode_t *n, long long *length);
/* Size in bytes of the array an expression names (char buf[16], s.member[8]), else -1. */
long long c_array_bytes(const cnode_t *n);
/* Size of what a pointer or array expression points to, else -1. */
long long c_pointee_bytes(const cnode_t *n);
/* True when the expression's type is an integer (or enum). */
bool c_is_integer(const cnode_t *n);
/* Bits and signedness of an integer expression's type; false if not an integer. */
bool c_int_width(const cnode_t *n, int *bits, bool *is_signed);

#endif
