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

/* The tree-sitter C grammar (build/deps/tree-sitter-c, linked as libts_c.a). */
const TSLanguage *tree_sitter_c(void);

/* The bytes of node in src (not NUL-terminated). */
const char *syn_text(const char *src, TSNode node, uint32_t *len);
/* Whether node's text equals s exactly / ignoring whitespace. */
bool syn_text_is(const char *src, TSNode node, const char *s);
bool syn_same_text(const char *src, TSNode a, TSNode b);
/* Whether node's type is t. */
bool syn_is(TSNode node, const char *t);
/* 1-based line of the node's start. */
uint32_t syn_line(TSNode node);

/* Parents. tree-sitter 0.20's ts_node_parent (and ts_node_next_sibling, which uses it)
 * walks down from the root past every earlier top-level declaration, which makes a pass
 * over a big file quadratic. These walk down from `top` instead: the outermost node
 * below the translation unit and preprocessor conditionals that contains the node (the
 * scanner finds it once per match, see syn_top). Above `top`, or with a null `top`, they
 * fall back to tree-sitter's own functions. */
TSNode syn_parent(TSNode top, TSNode node);
TSNode syn_next_named_sibling(TSNode top, TSNode node); /* skips comments */

/* The candidates for `top`: the nodes directly under the root or under preprocessor
 * conditionals at file scope, in source order. Collected once per file into a growable
 * array (*items, *count, *cap; the caller frees *items); 0, or -1 on out of memory. */
int syn_tops_collect(TSNode root, TSNode **items, size_t *count, size_t *cap);
/* Binary search: the top holding [start, end), or a null node. */
TSNode syn_tops_find(const TSNode *items, size_t count, uint32_t start, uint32_t end);

/* Walking up from a node: one descent from `top` records the whole chain, so climbing
 * d levels costs one descent instead of d. Past `top` it continues with ts_node_parent.
 *   syn_up_t up; syn_up_init(&up, top, node);
 *   for (TSNode a = syn_up_next(&up); !ts_node_is_null(a); a = syn_up_next(&up)) ... */
#define SYN_MAX_DEPTH 256
typedef struct {
    TSNode chain[SYN_MAX_DEPTH]; /* chain[0] = top ... chain[count - 1] = node's parent */
    int count, next;             /* next: index of the next ancestor to hand out */
    bool fallback;               /* too deep or not under top: climb with syn_parent */
    TSNode top, last;
} syn_up_t;
void syn_up_init(syn_up_t *up, TSNode top, TSNode node);
TSNode syn_up_next(syn_up_t *up);

/* The nearest ancestor (not node itself) of type t, or a null node. */
TSNode syn_ancestor(TSNode top, TSNode node, const char *t);
/* The function_definition containing node, or a null node. */
TSNode syn_function(TSNode top, TSNode node);
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
 * then file-scope declarations (through index; NULL: not searched). false when not
 * declared in this file. */
typedef struct syn_fields syn_fields_t;
bool syn_lookup(const char *src, TSNode top, syn_fields_t *index, TSNode use, const char *name, uint32_t name_len,
                decl_t *out);

/* The number of elements of array dimension dim of a declaration: true with *out set
 * when it is a constant (or derived from a string/brace initializer); text (NUL-terminated,
 * truncated to text_size) always receives the size as written ("16", "BUFSZ"). */
bool syn_array_size(const char *src, const decl_t *decl, int dim, long long *out, char *text,
                    size_t text_size);

/* An index of one tree's struct/union field declarations and file-scope declarations,
 * built on first use (one walk) so those lookups cost a binary search instead of a walk
 * over the whole file. One per scanner; reset before each file. */
syn_fields_t *syn_fields_new(void);
void syn_fields_free(syn_fields_t *fields);
void syn_fields_reset(syn_fields_t *fields);

/* For an expression naming storage (identifier, a[i], s.f, p->f): the declaration of the
 * object's base identifier and how many subscripts were applied. Struct fields are
 * looked up in fields (the first declaration with that field name in the file). */
bool syn_lookup_object(const char *src, TSNode root, TSNode top, syn_fields_t *fields, TSNode expr,
                       decl_t *out, int *subscripts);

#endif
