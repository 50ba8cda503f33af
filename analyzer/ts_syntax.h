/* ts_syntax.h — private: small questions about C syntax trees that predicates ask.
 *
 * Node text, ancestors, walking a subtree in source order, constant folding of integer
 * expressions, and the scope lookup that answers "what is this identifier declared as
 * here?" (innermost block first, so shadowing is respected). All functions read the
 * tree and the source only; none allocates. */
#ifndef ASSAY_TS_SYNTAX_H
#define ASSAY_TS_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tree_sitter/api.h>

/* The bytes of node in src (not NUL-terminated). */
const char *syn_text(const char *src, TSNode node, uint32_t *len);
/* Whether node's text equals s exactly / ignoring whitespace. */
bool syn_text_is(const char *src, TSNode node, const char *s);
bool syn_same_text(const char *src, TSNode a, TSNode b);
/* Whether node's type is t. */
bool syn_is(TSNode node, const char *t);
/* 1-based line of the node's start. */
uint32_t syn_line(TSNode node);

/* The nearest ancestor (not node itself) of type t, or a null node. */
TSNode syn_ancestor(TSNode node, const char *t);
/* The function_definition containing node, or a null node. */
TSNode syn_function(TSNode node);
/* The callee name of a call_expression whose function is an identifier, else NULL/0. */
const char *syn_callee(const char *src, TSNode call, uint32_t *len);
bool syn_callee_is(const char *src, TSNode call, const char *name);
/* The i-th (0-based) argument of a call_expression, or a null node; and the count. */
TSNode syn_argument(TSNode call, uint32_t i);
uint32_t syn_argument_count(TSNode call);

/* Visits node and its descendants in source order (pre-order), named nodes only.
 * visit returns 0 to continue, 1 to skip the node's children, 2 to stop. Returns 2
 * when stopped, else 0. */
typedef int (*syn_visit_fn)(TSNode node, void *ctx);
int syn_walk(TSNode node, syn_visit_fn visit, void *ctx);

/* Folds an integer constant expression (literals, char literals, + - * / % << >> | & ~,
 * parentheses, casts, known mode macros like S_IWOTH); false when not constant. */
bool syn_const_value(const char *src, TSNode node, long long *out);
/* Whether the expression is a compile-time constant as far as the source shows: a
 * literal, sizeof, an ALL_CAPS name (a macro or enum constant), or an operator over
 * those. */
bool syn_is_constant(const char *src, TSNode node);
/* Whether node is a string literal or a concatenation of string literals. */
bool syn_is_string_literal(TSNode node);
/* Length in bytes of a string literal's value (escapes count one), or -1. */
long syn_string_length(const char *src, TSNode node);
/* Whether name looks like a macro or enum constant: ALL_CAPS with digits/underscores. */
bool syn_all_caps(const char *s, uint32_t len);

/* ---- declarations ------------------------------------------------------------------- */

typedef enum {
    DECL_PLAIN,
    DECL_POINTER,
    DECL_ARRAY,
    DECL_FUNCTION,
} decl_shape_t;

typedef struct {
    TSNode declaration;  /* declaration, parameter_declaration or field_declaration */
    TSNode name;         /* the identifier */
    decl_shape_t shape;  /* of the declarator closest to the name */
    int dims;            /* array dimensions, outermost first in size[] */
    TSNode size[4];      /* size expressions (null node for []) */
    TSNode value;        /* initializer, or null node */
    bool is_parameter, is_static, is_extern, is_const, is_global;
} decl_t;

/* Finds the declaration of name visible at use: enclosing blocks innermost first (only
 * declarations that start before use), for-loop initializers, the function's parameters,
 * then file-scope declarations. false when not declared in this file. */
bool syn_lookup(const char *src, TSNode use, const char *name, uint32_t name_len, decl_t *out);

/* The number of elements of array dimension dim of a declaration: true with *out set
 * when it is a constant (or derived from a string/brace initializer); text (NUL-terminated,
 * truncated to text_size) always receives the size as written ("16", "BUFSZ"). */
bool syn_array_size(const char *src, const decl_t *decl, int dim, long long *out, char *text,
                    size_t text_size);

/* For an expression naming storage (identifier, a[i], s.f, p->f): the declaration of the
 * object's base identifier and how many subscripts were applied. Struct fields are
 * looked up among the file's field declarations (first with that field name). */
bool syn_lookup_object(const char *src, TSNode root, TSNode expr, decl_t *out, int *subscripts);

#endif
