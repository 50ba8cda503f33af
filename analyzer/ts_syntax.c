/* ts_syntax.c — syntax-tree questions for predicates: text, ancestors, walks, constant
 * folding and declaration lookup (see ts_syntax.h).
 *
 * The one idea: tree-sitter gives a concrete syntax tree, not a symbol table, so "what is
 * `buf` here" is answered by walking up from the use through the enclosing blocks and
 * reading the declarations that precede it, innermost first. That is cheap because it
 * runs only for matches that survived the text predicates. */
#include "analyzer/ts_syntax.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- text and shape ----------------------------------------------------------------- */

const char *syn_text(const char *src, TSNode node, uint32_t *len)
{
    uint32_t s = ts_node_start_byte(node), e = ts_node_end_byte(node);
    *len = e > s ? e - s : 0;
    return src + s;
}

bool syn_text_is(const char *src, TSNode node, const char *s)
{
    uint32_t len;
    const char *t = syn_text(src, node, &len);
    return strlen(s) == len && memcmp(t, s, len) == 0;
}

bool syn_same_text(const char *src, TSNode a, TSNode b)
{
    uint32_t la, lb;
    const char *ta = syn_text(src, a, &la), *tb = syn_text(src, b, &lb);
    uint32_t i = 0, j = 0;
    for (;;) {
        while (i < la && isspace((unsigned char)ta[i])) i++;
        while (j < lb && isspace((unsigned char)tb[j])) j++;
        if (i == la || j == lb) return i == la && j == lb;
        if (ta[i] != tb[j]) return false;
        i++;
        j++;
    }
}

bool syn_is(TSNode node, const char *t)
{
    return !ts_node_is_null(node) && strcmp(ts_node_type(node), t) == 0;
}

uint32_t syn_line(TSNode node)
{
    return ts_node_start_point(node).row + 1;
}

TSNode syn_ancestor(TSNode node, const char *t)
{
    for (TSNode p = ts_node_parent(node); !ts_node_is_null(p); p = ts_node_parent(p))
        if (strcmp(ts_node_type(p), t) == 0) return p;
    TSNode none = {0};
    return none;
}

TSNode syn_function(TSNode node)
{
    return syn_ancestor(node, "function_definition");
}

const char *syn_callee(const char *src, TSNode call, uint32_t *len)
{
    *len = 0;
    if (!syn_is(call, "call_expression")) return NULL;
    TSNode fn = ts_node_child_by_field_name(call, "function", 8);
    if (!syn_is(fn, "identifier")) return NULL;
    return syn_text(src, fn, len);
}

bool syn_callee_is(const char *src, TSNode call, const char *name)
{
    uint32_t len;
    const char *t = syn_callee(src, call, &len);
    return t && strlen(name) == len && memcmp(t, name, len) == 0;
}

TSNode syn_argument(TSNode call, uint32_t i)
{
    TSNode args = ts_node_child_by_field_name(call, "arguments", 9);
    TSNode none = {0};
    if (ts_node_is_null(args) || i >= ts_node_named_child_count(args)) return none;
    return ts_node_named_child(args, i);
}

uint32_t syn_argument_count(TSNode call)
{
    TSNode args = ts_node_child_by_field_name(call, "arguments", 9);
    return ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
}

int syn_walk(TSNode node, syn_visit_fn visit, void *ctx)
{
    TSTreeCursor c = ts_tree_cursor_new(node);
    int depth = 0, rc = 0;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        int v = ts_node_is_named(n) ? visit(n, ctx) : 1;
        if (v == 2) {
            rc = 2;
            break;
        }
        if (v == 0 && ts_tree_cursor_goto_first_child(&c)) {
            depth++;
            continue;
        }
        for (;;) {
            if (depth == 0) goto done;
            if (ts_tree_cursor_goto_next_sibling(&c)) break;
            ts_tree_cursor_goto_parent(&c);
            depth--;
        }
    }
done:
    ts_tree_cursor_delete(&c);
    return rc;
}

/* ---- constants ---------------------------------------------------------------------- */

bool syn_all_caps(const char *s, uint32_t len)
{
    bool letter = false;
    for (uint32_t i = 0; i < len; i++) {
        if (isupper((unsigned char)s[i])) letter = true;
        else if (!(isdigit((unsigned char)s[i]) || s[i] == '_')) return false;
    }
    return letter;
}

static const struct {
    const char *name;
    long long value;
} mode_macros[] = {
    {"S_IRWXU", 0700}, {"S_IRUSR", 0400}, {"S_IWUSR", 0200}, {"S_IXUSR", 0100},
    {"S_IRWXG", 070},  {"S_IRGRP", 040},  {"S_IWGRP", 020},  {"S_IXGRP", 010},
    {"S_IRWXO", 07},   {"S_IROTH", 04},   {"S_IWOTH", 02},   {"S_IXOTH", 01},
    {"S_ISUID", 04000}, {"S_ISGID", 02000}, {"S_ISVTX", 01000}, {"S_IREAD", 0400},
    {"S_IWRITE", 0200}, {"S_IEXEC", 0100}, {"ACCESSPERMS", 0777}, {"ALLPERMS", 07777},
    {"DEFFILEMODE", 0666},
};

static bool char_literal_value(const char *t, uint32_t len, long long *out)
{
    if (len < 3 || t[0] != '\'' || t[len - 1] != '\'') return false;
    if (t[1] != '\\') {
        if (len != 3) return false;
        *out = (unsigned char)t[1];
        return true;
    }
    char e = t[2];
    switch (e) {
    case 'n': *out = '\n'; return true;
    case 't': *out = '\t'; return true;
    case 'r': *out = '\r'; return true;
    case '\\': *out = '\\'; return true;
    case '\'': *out = '\''; return true;
    case '"': *out = '"'; return true;
    case 'x': *out = strtoll(t + 3, NULL, 16); return true;
    default:
        if (e >= '0' && e <= '7') {
            *out = strtoll(t + 2, NULL, 8);
            return true;
        }
        return false;
    }
}

bool syn_const_value(const char *src, TSNode node, long long *out)
{
    if (ts_node_is_null(node)) return false;
    const char *type = ts_node_type(node);
    uint32_t len;
    const char *t = syn_text(src, node, &len);
    if (strcmp(type, "number_literal") == 0) {
        char buf[64];
        if (len == 0 || len >= sizeof buf) return false;
        memcpy(buf, t, len);
        buf[len] = '\0';
        while (len && strchr("uUlL", buf[len - 1])) buf[--len] = '\0';
        if (strpbrk(buf, ".eEpP") && !(buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X'))) return false;
        char *end;
        *out = strtoll(buf, &end, 0);
        return *end == '\0';
    }
    if (strcmp(type, "char_literal") == 0) return char_literal_value(t, len, out);
    if (strcmp(type, "identifier") == 0) {
        for (size_t i = 0; i < sizeof mode_macros / sizeof mode_macros[0]; i++) {
            if (strlen(mode_macros[i].name) == len && memcmp(mode_macros[i].name, t, len) == 0) {
                *out = mode_macros[i].value;
                return true;
            }
        }
        return false;
    }
    if (strcmp(type, "parenthesized_expression") == 0)
        return ts_node_named_child_count(node) == 1 && syn_const_value(src, ts_node_named_child(node, 0), out);
    if (strcmp(type, "cast_expression") == 0)
        return syn_const_value(src, ts_node_child_by_field_name(node, "value", 5), out);
    if (strcmp(type, "unary_expression") == 0) {
        long long v;
        TSNode op = ts_node_child_by_field_name(node, "operator", 8);
        if (!syn_const_value(src, ts_node_child_by_field_name(node, "argument", 8), &v)) return false;
        if (syn_text_is(src, op, "-")) *out = -v;
        else if (syn_text_is(src, op, "~")) *out = ~v;
        else if (syn_text_is(src, op, "!")) *out = !v;
        else *out = v;
        return true;
    }
    if (strcmp(type, "binary_expression") == 0) {
        long long a, b;
        if (!syn_const_value(src, ts_node_child_by_field_name(node, "left", 4), &a) ||
            !syn_const_value(src, ts_node_child_by_field_name(node, "right", 5), &b))
            return false;
        uint32_t ol;
        const char *o = syn_text(src, ts_node_child_by_field_name(node, "operator", 8), &ol);
        if (ol == 1) {
            switch (o[0]) {
            case '+': *out = a + b; return true;
            case '-': *out = a - b; return true;
            case '*': *out = a * b; return true;
            case '/': if (!b) return false; *out = a / b; return true;
            case '%': if (!b) return false; *out = a % b; return true;
            case '|': *out = a | b; return true;
            case '&': *out = a & b; return true;
            case '^': *out = a ^ b; return true;
            default: return false;
            }
        }
        if (ol == 2 && o[0] == '<' && o[1] == '<' && b >= 0 && b < 62) { *out = a << b; return true; }
        if (ol == 2 && o[0] == '>' && o[1] == '>' && b >= 0 && b < 62) { *out = a >> b; return true; }
        return false;
    }
    return false;
}

bool syn_is_string_literal(TSNode node)
{
    return syn_is(node, "string_literal") || syn_is(node, "concatenated_string");
}

long syn_string_length(const char *src, TSNode node)
{
    if (syn_is(node, "concatenated_string")) {
        long total = 0;
        for (uint32_t i = 0; i < ts_node_named_child_count(node); i++) {
            TSNode part = ts_node_named_child(node, i);
            if (!syn_is(part, "string_literal")) return -1; /* a macro between literals */
            long n = syn_string_length(src, part);
            if (n < 0) return -1;
            total += n;
        }
        return total;
    }
    if (!syn_is(node, "string_literal")) return -1;
    long n = 0;
    for (uint32_t i = 0; i < ts_node_named_child_count(node); i++) {
        TSNode part = ts_node_named_child(node, i);
        if (syn_is(part, "escape_sequence")) {
            n += 1;
        } else {
            uint32_t len;
            syn_text(src, part, &len);
            n += len;
        }
    }
    return n;
}

bool syn_is_constant(const char *src, TSNode node)
{
    if (ts_node_is_null(node)) return false;
    const char *type = ts_node_type(node);
    if (!strcmp(type, "number_literal") || !strcmp(type, "char_literal") ||
        !strcmp(type, "string_literal") || !strcmp(type, "concatenated_string") ||
        !strcmp(type, "sizeof_expression") || !strcmp(type, "true") || !strcmp(type, "false") ||
        !strcmp(type, "null") || !strcmp(type, "alignof_expression") || !strcmp(type, "offsetof_expression"))
        return true;
    if (!strcmp(type, "identifier")) {
        uint32_t len;
        const char *t = syn_text(src, node, &len);
        return syn_all_caps(t, len);
    }
    if (!strcmp(type, "parenthesized_expression") || !strcmp(type, "binary_expression") ||
        !strcmp(type, "unary_expression") || !strcmp(type, "conditional_expression")) {
        uint32_t n = ts_node_named_child_count(node);
        if (n == 0) return false;
        for (uint32_t i = 0; i < n; i++)
            if (!syn_is_constant(src, ts_node_named_child(node, i))) return false;
        return true;
    }
    if (!strcmp(type, "cast_expression"))
        return syn_is_constant(src, ts_node_child_by_field_name(node, "value", 5));
    if (!strcmp(type, "call_expression")) { /* MACRO(…) of constants, e.g. KB(4) */
        uint32_t len;
        const char *callee = syn_callee(src, node, &len);
        if (!callee || !syn_all_caps(callee, len)) return false;
        for (uint32_t i = 0; i < syn_argument_count(node); i++)
            if (!syn_is_constant(src, syn_argument(node, i))) return false;
        return true;
    }
    return false;
}

/* ---- declarations -------------------------------------------------------------------- */

static bool declarator_declares(const char *src, TSNode d, const char *name, uint32_t name_len,
                                decl_t *out)
{
    TSNode value = {0};
    if (syn_is(d, "init_declarator")) {
        value = ts_node_child_by_field_name(d, "value", 5);
        d = ts_node_child_by_field_name(d, "declarator", 10);
    }
    TSNode wrappers[16];
    int nw = 0;
    while (!ts_node_is_null(d) && !syn_is(d, "identifier") && !syn_is(d, "field_identifier")) {
        const char *t = ts_node_type(d);
        if (nw == 16) return false;
        if (!strcmp(t, "pointer_declarator") || !strcmp(t, "array_declarator") ||
            !strcmp(t, "function_declarator") || !strcmp(t, "attributed_declarator")) {
            wrappers[nw++] = d;
            d = ts_node_child_by_field_name(d, "declarator", 10);
            if (ts_node_is_null(d) && !strcmp(t, "attributed_declarator")) d = ts_node_named_child(wrappers[nw - 1], 0);
        } else if (!strcmp(t, "parenthesized_declarator")) {
            d = ts_node_named_child(d, 0);
        } else {
            return false;
        }
    }
    if (ts_node_is_null(d)) return false;
    uint32_t len;
    const char *t = syn_text(src, d, &len);
    if (len != name_len || memcmp(t, name, len) != 0) return false;
    out->name = d;
    out->value = value;
    out->shape = DECL_PLAIN;
    out->dims = 0;
    int inner = nw - 1;
    while (inner >= 0 && syn_is(wrappers[inner], "attributed_declarator")) inner--;
    if (inner >= 0) {
        const char *it = ts_node_type(wrappers[inner]);
        if (!strcmp(it, "pointer_declarator")) out->shape = DECL_POINTER;
        else if (!strcmp(it, "function_declarator")) out->shape = DECL_FUNCTION;
        else {
            out->shape = DECL_ARRAY;
            for (int k = inner; k >= 0 && syn_is(wrappers[k], "array_declarator") && out->dims < 4; k--)
                out->size[out->dims++] = ts_node_child_by_field_name(wrappers[k], "size", 4);
        }
    }
    return true;
}

/* Reads the specifiers of a declaration (static, extern, const). */
static void read_specifiers(const char *src, TSNode declaration, decl_t *out)
{
    uint32_t n = ts_node_named_child_count(declaration);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(declaration, i);
        if (syn_is(c, "storage_class_specifier")) {
            if (syn_text_is(src, c, "static")) out->is_static = true;
            if (syn_text_is(src, c, "extern")) out->is_extern = true;
        } else if (syn_is(c, "type_qualifier") && syn_text_is(src, c, "const")) {
            out->is_const = true;
        }
    }
}

static bool declaration_declares(const char *src, TSNode declaration, const char *name,
                                 uint32_t name_len, decl_t *out)
{
    /* a cursor, not ts_node_field_name_for_child: that one miscounts in tree-sitter 0.20 */
    TSTreeCursor c = ts_tree_cursor_new(declaration);
    bool found = false;
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            const char *field = ts_tree_cursor_current_field_name(&c);
            if (!field || strcmp(field, "declarator") != 0) continue;
            decl_t d = {0};
            if (declarator_declares(src, ts_tree_cursor_current_node(&c), name, name_len, &d)) {
                d.declaration = declaration;
                read_specifiers(src, declaration, &d);
                *out = d;
                found = true;
                break;
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return found;
}

/* Searches the declarations among block's children (and inside preprocessor
 * conditionals) that start before `before`; the last one wins. */
static bool block_declares(const char *src, TSNode block, uint32_t before, const char *name,
                           uint32_t name_len, decl_t *out)
{
    bool found = false;
    uint32_t n = ts_node_named_child_count(block);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_named_child(block, i);
        if (ts_node_start_byte(c) >= before) break;
        const char *t = ts_node_type(c);
        if (!strcmp(t, "declaration")) {
            if (declaration_declares(src, c, name, name_len, out)) found = true;
        } else if (!strncmp(t, "preproc_if", 10) || !strcmp(t, "preproc_else") || !strcmp(t, "preproc_elif") ||
                   !strcmp(t, "preproc_elifdef")) {
            if (block_declares(src, c, before, name, name_len, out)) found = true;
        }
    }
    return found;
}

static bool parameters_declare(const char *src, TSNode function, const char *name,
                               uint32_t name_len, decl_t *out)
{
    TSNode d = ts_node_child_by_field_name(function, "declarator", 10);
    while (!ts_node_is_null(d) && !syn_is(d, "function_declarator"))
        d = syn_is(d, "parenthesized_declarator") ? ts_node_named_child(d, 0)
                                                  : ts_node_child_by_field_name(d, "declarator", 10);
    if (ts_node_is_null(d)) return false;
    TSNode params = ts_node_child_by_field_name(d, "parameters", 10);
    uint32_t n = ts_node_named_child_count(params);
    for (uint32_t i = 0; i < n; i++) {
        TSNode p = ts_node_named_child(params, i);
        if (!syn_is(p, "parameter_declaration")) continue;
        TSNode pd = ts_node_child_by_field_name(p, "declarator", 10);
        decl_t dd = {0};
        if (!ts_node_is_null(pd) && declarator_declares(src, pd, name, name_len, &dd)) {
            dd.declaration = p;
            dd.is_parameter = true;
            read_specifiers(src, p, &dd);
            *out = dd;
            return true;
        }
    }
    return false;
}

bool syn_lookup(const char *src, TSNode use, const char *name, uint32_t name_len, decl_t *out)
{
    uint32_t at = ts_node_start_byte(use);
    for (TSNode p = ts_node_parent(use); !ts_node_is_null(p); p = ts_node_parent(p)) {
        const char *t = ts_node_type(p);
        if (!strcmp(t, "compound_statement") || !strcmp(t, "case_statement")) {
            if (block_declares(src, p, at, name, name_len, out)) return true;
        } else if (!strcmp(t, "for_statement")) {
            TSNode init = ts_node_child_by_field_name(p, "initializer", 11);
            if (syn_is(init, "declaration") && ts_node_start_byte(init) < at &&
                declaration_declares(src, init, name, name_len, out))
                return true;
        } else if (!strcmp(t, "function_definition")) {
            if (parameters_declare(src, p, name, name_len, out)) return true;
        } else if (!strcmp(t, "translation_unit")) {
            if (block_declares(src, p, at, name, name_len, out)) {
                out->is_global = true;
                return true;
            }
        }
    }
    return false;
}

bool syn_array_size(const char *src, const decl_t *decl, int dim, long long *out, char *text,
                    size_t text_size)
{
    if (text_size) text[0] = '\0';
    if (decl->shape != DECL_ARRAY || dim >= decl->dims) return false;
    TSNode size = decl->size[dim];
    if (!ts_node_is_null(size)) {
        uint32_t len;
        const char *t = syn_text(src, size, &len);
        if (text_size) snprintf(text, text_size, "%.*s", (int)len, t);
        return syn_const_value(src, size, out);
    }
    if (dim != 0 || ts_node_is_null(decl->value)) return false;
    long long n;
    if (syn_is_string_literal(decl->value)) {
        n = syn_string_length(src, decl->value);
        if (n < 0) return false;
        n += 1;
    } else if (syn_is(decl->value, "initializer_list")) {
        n = ts_node_named_child_count(decl->value);
    } else {
        return false;
    }
    *out = n;
    if (text_size) snprintf(text, text_size, "%lld", n);
    return true;
}

typedef struct {
    const char *src;
    const char *name;
    uint32_t name_len;
    decl_t *out;
    bool found;
} field_search_t;

static int find_field(TSNode node, void *ctx)
{
    field_search_t *fs = ctx;
    if (!syn_is(node, "field_declaration")) return 0;
    if (declaration_declares(fs->src, node, fs->name, fs->name_len, fs->out)) {
        fs->found = true;
        return 2;
    }
    return 1;
}

bool syn_lookup_object(const char *src, TSNode root, TSNode expr, decl_t *out, int *subscripts)
{
    *subscripts = 0;
    for (;;) {
        if (syn_is(expr, "parenthesized_expression") && ts_node_named_child_count(expr) == 1) {
            expr = ts_node_named_child(expr, 0);
        } else if (syn_is(expr, "subscript_expression")) {
            (*subscripts)++;
            expr = ts_node_child_by_field_name(expr, "argument", 8);
        } else {
            break;
        }
    }
    uint32_t len;
    if (syn_is(expr, "identifier")) {
        const char *t = syn_text(src, expr, &len);
        return syn_lookup(src, expr, t, len, out);
    }
    if (syn_is(expr, "field_expression")) {
        TSNode field = ts_node_child_by_field_name(expr, "field", 5);
        const char *t = syn_text(src, field, &len);
        field_search_t fs = {src, t, len, out, false};
        syn_walk(root, find_field, &fs);
        return fs.found;
    }
    return false;
}
