/* ts_syntax.c — syntax-tree questions for predicates: text, ancestors, walks, constant
 * folding and declaration lookup (see ts_syntax.h).
 *
 * The one idea: tree-sitter gives a concrete syntax tree, not a symbol table, so "what is
 * `buf` here" is answered by walking up from the use through the enclosing blocks and
 * reading the declarations that precede it, innermost first. That is cheap because it
 * runs only for matches that survived the text predicates. */
#include "analyzer/query/ts_syntax.h"

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

static bool contains(TSNode outer, TSNode inner)
{
    return ts_node_start_byte(outer) <= ts_node_start_byte(inner) &&
           ts_node_end_byte(inner) <= ts_node_end_byte(outer);
}

TSNode syn_parent(TSNode top, TSNode node)
{
    TSNode none = {0};
    if (ts_node_is_null(node)) return none;
    if (ts_node_is_null(top) || ts_node_eq(top, node) || !contains(top, node)) return ts_node_parent(node);
    TSTreeCursor c = ts_tree_cursor_new(top);
    TSNode parent = none;
    for (int depth = 0; depth < 4096; depth++) {
        TSNode cur = ts_tree_cursor_current_node(&c);
        if (ts_node_eq(cur, node)) break;
        bool found = false;
        if (ts_tree_cursor_goto_first_child(&c)) {
            do {
                TSNode child = ts_tree_cursor_current_node(&c);
                if (ts_node_eq(child, node) || (contains(child, node) && ts_node_end_byte(child) > ts_node_start_byte(child))) {
                    found = true;
                    break;
                }
            } while (ts_tree_cursor_goto_next_sibling(&c));
        }
        if (!found) { /* not reachable from top (should not happen): ask tree-sitter */
            ts_tree_cursor_delete(&c);
            return ts_node_parent(node);
        }
        parent = cur;
    }
    ts_tree_cursor_delete(&c);
    return parent;
}

TSNode syn_next_named_sibling(TSNode top, TSNode node)
{
    TSNode none = {0};
    TSNode parent = syn_parent(top, node);
    if (ts_node_is_null(parent)) return none;
    TSTreeCursor c = ts_tree_cursor_new(parent);
    TSNode next = none;
    bool seen = false;
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode child = ts_tree_cursor_current_node(&c);
            if (seen && ts_node_is_named(child) && !syn_is(child, "comment")) {
                next = child;
                break;
            }
            if (ts_node_eq(child, node)) seen = true;
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return next;
}

static bool is_container(TSNode n)
{
    const char *t = ts_node_type(n);
    return !strcmp(t, "translation_unit") || !strncmp(t, "preproc_if", 10) || !strcmp(t, "preproc_else") ||
           !strcmp(t, "preproc_elif") || !strcmp(t, "preproc_elifdef") || !strcmp(t, "linkage_specification") ||
           !strcmp(t, "declaration_list");
}

int syn_tops_collect(TSNode root, TSNode **items, size_t *count, size_t *cap)
{
    TSTreeCursor c = ts_tree_cursor_new(root);
    int rc = 0;
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode n = ts_tree_cursor_current_node(&c);
            if (is_container(n)) {
                if (syn_tops_collect(n, items, count, cap) < 0) rc = -1;
                continue;
            }
            if (!ts_node_is_named(n)) continue;
            if (*count == *cap) {
                size_t grown_cap = *cap ? *cap * 2 : 256;
                TSNode *grown = realloc(*items, grown_cap * sizeof(*grown));
                if (!grown) {
                    rc = -1;
                    break;
                }
                *items = grown;
                *cap = grown_cap;
            }
            (*items)[(*count)++] = n;
        } while (rc == 0 && ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return rc;
}

TSNode syn_tops_find(const TSNode *items, size_t count, uint32_t start, uint32_t end)
{
    size_t lo = 0, hi = count; /* first item ending after start */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ts_node_end_byte(items[mid]) <= start) lo = mid + 1;
        else hi = mid;
    }
    TSNode none = {0};
    if (lo < count && ts_node_start_byte(items[lo]) <= start && end <= ts_node_end_byte(items[lo])) return items[lo];
    return none;
}

void syn_up_init(syn_up_t *up, TSNode top, TSNode node)
{
    up->count = 0;
    up->next = -1;
    up->fallback = false;
    up->top = top;
    up->last = node;
    if (ts_node_is_null(top) || ts_node_eq(top, node) || !contains(top, node)) {
        up->fallback = true;
        return;
    }
    TSTreeCursor c = ts_tree_cursor_new(top);
    for (;;) {
        TSNode cur = ts_tree_cursor_current_node(&c);
        if (ts_node_eq(cur, node)) break;
        if (up->count == SYN_MAX_DEPTH) {
            up->fallback = true;
            break;
        }
        up->chain[up->count++] = cur;
        bool found = false;
        if (ts_tree_cursor_goto_first_child(&c)) {
            do {
                TSNode child = ts_tree_cursor_current_node(&c);
                if (ts_node_eq(child, node) || (contains(child, node) && ts_node_end_byte(child) > ts_node_start_byte(child))) {
                    found = true;
                    break;
                }
            } while (ts_tree_cursor_goto_next_sibling(&c));
        }
        if (!found) {
            up->fallback = true;
            break;
        }
    }
    ts_tree_cursor_delete(&c);
    if (up->fallback) up->count = 0;
    up->next = up->count - 1;
}

TSNode syn_up_next(syn_up_t *up)
{
    TSNode none = {0};
    if (ts_node_is_null(up->last)) return none;
    if (!up->fallback && up->next >= 0) {
        up->last = up->chain[up->next--];
        return up->last;
    }
    up->last = up->fallback ? syn_parent(up->top, up->last) : ts_node_parent(up->last);
    return up->last;
}

TSNode syn_ancestor(TSNode top, TSNode node, const char *t)
{
    syn_up_t up;
    syn_up_init(&up, top, node);
    for (TSNode p = syn_up_next(&up); !ts_node_is_null(p); p = syn_up_next(&up))
        if (strcmp(ts_node_type(p), t) == 0) return p;
    TSNode none = {0};
    return none;
}

TSNode syn_function(TSNode top, TSNode node)
{
    if (syn_is(top, "function_definition")) return contains(top, node) && !ts_node_eq(top, node) ? top : (TSNode){0};
    return syn_ancestor(top, node, "function_definition");
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
    /* the declared identifier is part of the declaration's text: most declarations are
     * ruled out by a substring search, without walking them */
    uint32_t start = ts_node_start_byte(declaration), end = ts_node_end_byte(declaration);
    if (end - start < name_len || (name_len && !memmem(src + start, end - start, name, name_len))) return false;
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
    TSTreeCursor cursor = ts_tree_cursor_new(block); /* not ts_node_named_child(i): O(i) each */
    if (ts_tree_cursor_goto_first_child(&cursor)) {
        do {
            TSNode c = ts_tree_cursor_current_node(&cursor);
            if (ts_node_start_byte(c) >= before) break;
            const char *t = ts_node_type(c);
            if (!strcmp(t, "declaration")) {
                if (declaration_declares(src, c, name, name_len, out)) found = true;
            } else if (!strncmp(t, "preproc_if", 10) || !strcmp(t, "preproc_else") || !strcmp(t, "preproc_elif") ||
                       !strcmp(t, "preproc_elifdef")) {
                if (block_declares(src, c, before, name, name_len, out)) found = true;
            }
        } while (ts_tree_cursor_goto_next_sibling(&cursor));
    }
    ts_tree_cursor_delete(&cursor);
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

typedef struct {
    const char *name;
    uint32_t len;
    TSNode declaration;
} field_entry_t;

typedef struct {
    field_entry_t *items;
    size_t count, cap;
} entry_list_t;

struct syn_fields {
    const char *src;
    bool built, globals_built;
    bool oom;
    field_entry_t *items; /* struct fields */
    size_t count, cap;
    entry_list_t globals; /* file-scope declarations */
    uint32_t *braces;     /* (brace_count,) byte offsets of the '{' of the file, ascending */
    size_t brace_count, brace_cap;
};

static TSNode declarator_name(TSNode d);
static int compare_fields(const void *a, const void *b);

/* Adds the names a file-scope declaration declares; recurses into preprocessor blocks. */
static void index_globals(syn_fields_t *f, TSNode container)
{
    TSTreeCursor c = ts_tree_cursor_new(container);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode n = ts_tree_cursor_current_node(&c);
            if (is_container(n)) {
                index_globals(f, n);
                continue;
            }
            if (!syn_is(n, "declaration")) continue;
            TSTreeCursor d = ts_tree_cursor_new(n);
            if (ts_tree_cursor_goto_first_child(&d)) {
                do {
                    const char *field = ts_tree_cursor_current_field_name(&d);
                    if (!field || strcmp(field, "declarator") != 0) continue;
                    TSNode name = declarator_name(ts_tree_cursor_current_node(&d));
                    if (ts_node_is_null(name)) continue;
                    entry_list_t *l = &f->globals;
                    if (l->count == l->cap) {
                        size_t cap = l->cap ? l->cap * 2 : 64;
                        field_entry_t *grown = realloc(l->items, cap * sizeof(*grown));
                        if (!grown) {
                            f->oom = true;
                            break;
                        }
                        l->items = grown;
                        l->cap = cap;
                    }
                    field_entry_t *e = &l->items[l->count++];
                    e->name = syn_text(f->src, name, &e->len);
                    e->declaration = n;
                } while (ts_tree_cursor_goto_next_sibling(&d));
            }
            ts_tree_cursor_delete(&d);
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

/* Index of the first entry >= name in a sorted list. */
static size_t entries_lower_bound(const field_entry_t *items, size_t count, const char *name, uint32_t len)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const field_entry_t *e = &items[mid];
        uint32_t n = e->len < len ? e->len : len;
        int c = memcmp(e->name, name, n);
        if (c == 0) c = e->len < len ? -1 : e->len > len;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The last file-scope declaration of name that starts before `before`. */
static bool globals_find(syn_fields_t *f, const char *src, TSNode root, const char *name, uint32_t len,
                         uint32_t before, decl_t *out)
{
    if (!f->globals_built) {
        f->src = src;
        index_globals(f, root);
        if (f->globals.count > 1) qsort(f->globals.items, f->globals.count, sizeof(field_entry_t), compare_fields);
        f->globals_built = true;
    }
    size_t i = entries_lower_bound(f->globals.items, f->globals.count, name, len);
    bool found = false;
    for (; i < f->globals.count; i++) {
        const field_entry_t *e = &f->globals.items[i];
        if (e->len != len || memcmp(e->name, name, len) != 0) break;
        if (ts_node_start_byte(e->declaration) >= before) break;
        if (declaration_declares(src, e->declaration, name, len, out)) found = true;
    }
    return found;
}

bool syn_lookup(const char *src, TSNode top, syn_fields_t *index, TSNode use, const char *name, uint32_t name_len,
                decl_t *out)
{
    uint32_t at = ts_node_start_byte(use);
    syn_up_t up;
    syn_up_init(&up, top, use);
    for (TSNode p = syn_up_next(&up); !ts_node_is_null(p); p = syn_up_next(&up)) {
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
        }
        /* above `top` only file scope is left: search it from the root instead of
         * climbing (climbing is the slow ts_node_parent) */
        if (ts_node_eq(p, top) || is_container(p)) break;
    }
    TSNode root = ts_tree_root_node(use.tree);
    bool found = index ? globals_find(index, src, root, name, name_len, at, out)
                       : block_declares(src, root, at, name, name_len, out);
    if (found) out->is_global = true;
    return found;
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

/* ---- the field index ------------------------------------------------------------------ */


syn_fields_t *syn_fields_new(void)
{
    return calloc(1, sizeof(syn_fields_t));
}

void syn_fields_free(syn_fields_t *f)
{
    if (!f) return;
    free(f->items);
    free(f->globals.items);
    free(f->braces);
    free(f);
}

void syn_fields_reset(syn_fields_t *f)
{
    f->built = false;
    f->globals_built = false;
    f->oom = false;
    f->count = 0;
    f->globals.count = 0;
}

/* The identifier a declarator declares (through pointers, arrays, parentheses). */
static TSNode declarator_name(TSNode d)
{
    for (int guard = 0; guard < 32 && !ts_node_is_null(d); guard++) {
        if (syn_is(d, "identifier") || syn_is(d, "field_identifier")) return d;
        TSNode inner = ts_node_child_by_field_name(d, "declarator", 10);
        d = ts_node_is_null(inner) ? ts_node_named_child(d, 0) : inner;
    }
    TSNode none = {0};
    return none;
}

static int index_field(TSNode node, void *ctx)
{
    syn_fields_t *f = ctx;
    if (!syn_is(node, "field_declaration")) return 0;
    TSTreeCursor c = ts_tree_cursor_new(node);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            const char *field = ts_tree_cursor_current_field_name(&c);
            if (!field || strcmp(field, "declarator") != 0) continue;
            TSNode name = declarator_name(ts_tree_cursor_current_node(&c));
            if (ts_node_is_null(name)) continue;
            if (f->count == f->cap) {
                size_t cap = f->cap ? f->cap * 2 : 64;
                field_entry_t *grown = realloc(f->items, cap * sizeof(*grown));
                if (!grown) {
                    f->oom = true;
                    break;
                }
                f->items = grown;
                f->cap = cap;
            }
            field_entry_t *e = &f->items[f->count++];
            e->name = syn_text(f->src, name, &e->len);
            e->declaration = node;
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return 1; /* nested structs are visited through their own field_declaration_list */
}

static int compare_fields(const void *a, const void *b)
{
    const field_entry_t *x = a, *y = b;
    uint32_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->name, y->name, n);
    if (c) return c;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    uint32_t sx = ts_node_start_byte(x->declaration), sy = ts_node_start_byte(y->declaration);
    return sx < sy ? -1 : sx > sy;
}

/* Whether bytes [start, end) hold a '{'. */
static bool holds_brace(const syn_fields_t *f, uint32_t start, uint32_t end)
{
    size_t lo = 0, hi = f->brace_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (f->braces[mid] < start) lo = mid + 1;
        else hi = mid;
    }
    return lo < f->brace_count && f->braces[lo] < end;
}

/* Indexes every field_declaration of the tree (as a walk of every node would), visiting
 * only what can hold one: a field_declaration sits in a field_declaration_list, whose
 * '{' is in the text — so a subtree without a '{' and without errors (a missing '{' is
 * an error) is skipped, except inside a list (preprocessor blocks of fields). */
static void index_fields(syn_fields_t *f, TSNode root)
{
    f->brace_count = 0;
    uint32_t end = ts_node_end_byte(root);
    for (const char *p = f->src, *stop = f->src + end; (p = memchr(p, '{', (size_t)(stop - p))); p++) {
        if (f->brace_count == f->brace_cap) {
            size_t cap = f->brace_cap ? f->brace_cap * 2 : 256;
            uint32_t *grown = realloc(f->braces, cap * sizeof(*grown));
            if (!grown) { /* fall back to visiting every node */
                syn_walk(root, index_field, f);
                return;
            }
            f->braces = grown;
            f->brace_cap = cap;
        }
        f->braces[f->brace_count++] = (uint32_t)(p - f->src);
    }
    TSTreeCursor c = ts_tree_cursor_new(root);
    int depth = 0, list_depth = -1; /* depth of the field_declaration_list being walked */
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        bool descend = false;
        if (ts_node_is_named(n)) {
            const char *t = ts_node_type(n);
            if (!strcmp(t, "field_declaration")) {
                index_field(n, f);
            } else {
                if (list_depth < 0 && !strcmp(t, "field_declaration_list")) list_depth = depth;
                descend = list_depth >= 0 || ts_node_has_error(n) ||
                          holds_brace(f, ts_node_start_byte(n), ts_node_end_byte(n));
            }
        }
        if (descend && ts_tree_cursor_goto_first_child(&c)) {
            depth++;
            continue;
        }
        for (;;) {
            if (depth == list_depth) list_depth = -1;
            if (depth == 0) goto done;
            if (ts_tree_cursor_goto_next_sibling(&c)) break;
            ts_tree_cursor_goto_parent(&c);
            depth--;
        }
    }
done:
    ts_tree_cursor_delete(&c);
}

static bool fields_find(syn_fields_t *f, const char *src, TSNode root, const char *name, uint32_t len,
                        decl_t *out)
{
    if (!f->built) {
        f->src = src;
        index_fields(f, root);
        if (f->count > 1) qsort(f->items, f->count, sizeof(*f->items), compare_fields);
        f->built = true;
    }
    size_t lo = 0, hi = f->count;
    while (lo < hi) { /* first entry >= name */
        size_t mid = (lo + hi) / 2;
        const field_entry_t *e = &f->items[mid];
        uint32_t n = e->len < len ? e->len : len;
        int c = memcmp(e->name, name, n);
        if (c == 0) c = e->len < len ? -1 : e->len > len;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    if (lo == f->count || f->items[lo].len != len || memcmp(f->items[lo].name, name, len) != 0) return false;
    return declaration_declares(src, f->items[lo].declaration, name, len, out);
}

bool syn_lookup_object(const char *src, TSNode root, TSNode top, syn_fields_t *fields, TSNode expr,
                       decl_t *out, int *subscripts)
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
        return syn_lookup(src, top, fields, expr, t, len, out);
    }
    if (syn_is(expr, "field_expression")) {
        TSNode field = ts_node_child_by_field_name(expr, "field", 5);
        const char *t = syn_text(src, field, &len);
        return fields && fields_find(fields, src, root, t, len, out);
    }
    return false;
}
