/* predicate_semantic.c — predicates that look at declarations and the shape of one
 * expression: what a name is declared as (#fixed-array?, #pointer?, #local-array?,
 * #local-object?, #not-heap?), whether a value is constant or literal (#non-constant?,
 * #not-literal?, #untrusted-format?), file modes (#mode-grants?, #mode-lacks?), and a few
 * local shapes (#same-text?, #sizeof-of?, #exceeds-array?, #has-side-effect?,
 * #secret-context?, #is-last-argument!).
 * Each records the facts listed for it in predicate.c's table. */
#include "analyzer/query/predicate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/query/ts_syntax.h"

static void fact_line(predicate_env_t *env, const char *prefix, const char *name, TSNode node)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%u", syn_line(node));
    predicate_fact(env, prefix, name, buf);
}

/* Text of node, whitespace runs squashed, cut to fit buf. */
static const char *short_text(predicate_env_t *env, TSNode node, char *buf, size_t size)
{
    uint32_t len;
    const char *t = syn_text(env->source, node, &len);
    size_t o = 0;
    bool space = false;
    for (uint32_t i = 0; i < len && o + 4 < size; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = o > 0;
            continue;
        }
        if (space) buf[o++] = ' ';
        space = false;
        buf[o++] = (char)c;
    }
    buf[o] = '\0';
    return buf;
}

static bool lookup_identifier(predicate_env_t *env, TSNode node, decl_t *d)
{
    if (!syn_is(node, "identifier")) return false;
    uint32_t len;
    const char *t = syn_text(env->source, node, &len);
    return syn_lookup(env->source, env->top, env->fields, node, t, len, d);
}

/* ---- declarations -------------------------------------------------------------------- */

bool pred_fixed_array(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    decl_t d;
    int subs;
    if (!syn_lookup_object(env->source, env->root, env->top, env->fields, nodes[0], &d, &subs)) return false;
    if (d.shape != DECL_ARRAY || d.is_parameter || subs >= d.dims) return false;
    long long n;
    char text[64];
    bool known = syn_array_size(env->source, &d, subs, &n, text, sizeof text);
    if (!known && text[0] == '\0') return false;
    if (known) snprintf(text, sizeof text, "%lld", n);
    predicate_fact(env, p->fact_prefix, "size", text);
    fact_line(env, p->fact_prefix, "decl_line", d.name);
    return true;
}

bool pred_pointer(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    decl_t d;
    if (!lookup_identifier(env, nodes[0], &d)) return false;
    bool pointer = d.shape == DECL_POINTER || (d.shape == DECL_ARRAY && d.is_parameter && d.dims == 1);
    if (pointer) fact_line(env, p->fact_prefix, "decl_line", d.name);
    return pointer;
}

bool pred_local_array(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    decl_t d;
    if (!lookup_identifier(env, nodes[0], &d)) return false;
    if (d.shape != DECL_ARRAY || d.is_parameter || d.is_static || d.is_extern || d.is_global) return false;
    fact_line(env, p->fact_prefix, "decl_line", d.name);
    return true;
}

bool pred_local_object(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    decl_t d;
    if (!lookup_identifier(env, nodes[0], &d)) return false;
    if (d.shape == DECL_FUNCTION || d.is_static || d.is_extern || d.is_global) return false;
    fact_line(env, p->fact_prefix, "decl_line", d.name);
    return true;
}

bool pred_not_heap(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode x = nodes[0];
    while (syn_is(x, "parenthesized_expression") || syn_is(x, "cast_expression"))
        x = syn_is(x, "cast_expression") ? ts_node_child_by_field_name(x, "value", 5) : ts_node_named_child(x, 0);
    char buf[96], name[64];
    if (syn_is_string_literal(x)) {
        predicate_fact(env, p->fact_prefix, "kind", "a string literal");
        return true;
    }
    decl_t d;
    if (syn_is(x, "pointer_expression")) {
        TSNode op = ts_node_child_by_field_name(x, "operator", 8);
        TSNode arg = ts_node_child_by_field_name(x, "argument", 8);
        if (!syn_text_is(env->source, op, "&") || !lookup_identifier(env, arg, &d)) return false;
        snprintf(buf, sizeof buf, "the address of variable '%s'", short_text(env, arg, name, sizeof name));
        predicate_fact(env, p->fact_prefix, "kind", buf);
        fact_line(env, p->fact_prefix, "decl_line", d.name);
        return true;
    }
    if (!lookup_identifier(env, x, &d)) return false;
    if (d.shape != DECL_ARRAY || d.is_parameter) return false;
    snprintf(buf, sizeof buf, "%s array '%s'",
             d.is_global ? "the global" : d.is_static ? "the static" : "the local",
             short_text(env, x, name, sizeof name));
    predicate_fact(env, p->fact_prefix, "kind", buf);
    fact_line(env, p->fact_prefix, "decl_line", d.name);
    return true;
}

/* ---- literals and constants ------------------------------------------------------------ */

static const char *const gettext_names[] = {"_", "N_", "gettext", "dgettext", "dcgettext", "ngettext",
                                            "gettext_noop", "pgettext", "C_", "Q_"};

static bool literal_like(predicate_env_t *env, TSNode x, int depth)
{
    if (depth > 8 || ts_node_is_null(x)) return false;
    if (syn_is_string_literal(x)) return true;
    if (syn_is(x, "parenthesized_expression")) return literal_like(env, ts_node_named_child(x, 0), depth + 1);
    if (syn_is(x, "conditional_expression"))
        return literal_like(env, ts_node_child_by_field_name(x, "consequence", 11), depth + 1) &&
               literal_like(env, ts_node_child_by_field_name(x, "alternative", 11), depth + 1);
    if (syn_is(x, "call_expression")) {
        uint32_t len;
        const char *callee = syn_callee(env->source, x, &len);
        if (!callee) return false;
        for (size_t i = 0; i < sizeof gettext_names / sizeof gettext_names[0]; i++) {
            if (strlen(gettext_names[i]) != len || memcmp(gettext_names[i], callee, len) != 0) continue;
            for (uint32_t k = 0; k < syn_argument_count(x); k++)
                if (literal_like(env, syn_argument(x, k), depth + 1)) return true;
            return false;
        }
        return false;
    }
    if (syn_is(x, "identifier")) {
        uint32_t len;
        const char *t = syn_text(env->source, x, &len);
        if (syn_all_caps(t, len)) return true; /* a macro: expands to a literal in practice */
        decl_t d;
        if (!syn_lookup(env->source, env->top, env->fields, x, t, len, &d)) return false;
        return (d.is_const || (d.shape == DECL_ARRAY && d.is_static)) && syn_is_string_literal(d.value);
    }
    return false;
}

bool pred_not_literal(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    return !literal_like(env, nodes[0], 0);
}

/* Whether fn's parameter list ends in "..." or contains a va_list. */
static bool variadic_or_va_list(predicate_env_t *env, TSNode fn)
{
    TSNode d = ts_node_child_by_field_name(fn, "declarator", 10);
    while (!ts_node_is_null(d) && !syn_is(d, "function_declarator"))
        d = syn_is(d, "parenthesized_declarator") ? ts_node_named_child(d, 0)
                                                  : ts_node_child_by_field_name(d, "declarator", 10);
    if (ts_node_is_null(d)) return false;
    TSNode params = ts_node_child_by_field_name(d, "parameters", 10);
    for (uint32_t i = 0; i < ts_node_named_child_count(params); i++) {
        TSNode c = ts_node_named_child(params, i);
        if (syn_is(c, "variadic_parameter")) return true;
        TSNode type = ts_node_child_by_field_name(c, "type", 4);
        if (!ts_node_is_null(type) && syn_text_is(env->source, type, "va_list")) return true;
    }
    return false;
}

bool pred_untrusted_format(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode top = env->top;
    if (literal_like(env, nodes[0], 0)) return false;
    decl_t d;
    if (lookup_identifier(env, nodes[0], &d) && d.is_parameter) {
        TSNode fn = syn_function(top, nodes[0]);
        if (!ts_node_is_null(fn) && variadic_or_va_list(env, fn)) return false; /* a printf-like wrapper */
    }
    return true;
}

bool pred_non_constant(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    if (syn_is_constant(env->source, nodes[0])) return false;
    decl_t d;
    if (lookup_identifier(env, nodes[0], &d) && d.is_const && d.shape != DECL_POINTER &&
        syn_is_constant(env->source, d.value))
        return false;
    return true;
}

bool pred_same_text(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    return syn_same_text(env->source, nodes[0], nodes[1]);
}

bool pred_mode_grants(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    long long v, mask = strtoll(p->strings[0], NULL, 0);
    if (!syn_const_value(env->source, nodes[0], &v)) return false;
    char buf[32];
    snprintf(buf, sizeof buf, "%04llo", v);
    predicate_fact(env, p->fact_prefix, "octal", buf);
    return (v & mask) != 0;
}

bool pred_mode_lacks(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    long long v, mask = strtoll(p->strings[0], NULL, 0);
    if (!syn_const_value(env->source, nodes[0], &v)) return false;
    char buf[32];
    snprintf(buf, sizeof buf, "%04llo", v);
    predicate_fact(env, p->fact_prefix, "octal", buf);
    return (v & mask) == 0;
}

/* ---- local shapes -------------------------------------------------------------------- */

static TSNode strip_parens(TSNode x)
{
    while (syn_is(x, "parenthesized_expression") && ts_node_named_child_count(x) == 1) x = ts_node_named_child(x, 0);
    return x;
}

bool pred_sizeof_of(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode n = nodes[0];
    if (!syn_is(n, "sizeof_expression")) return false;
    TSNode v = ts_node_child_by_field_name(n, "value", 5);
    if (ts_node_is_null(v)) {
        v = ts_node_child_by_field_name(n, "type", 4); /* sizeof(buf) can parse as a type name */
        if (ts_node_is_null(v)) return false;
    }
    return syn_same_text(env->source, strip_parens(v), nodes[1]);
}

/* The numeric value of a size argument: a constant, or sizeof of a fixed array. */
static bool size_value(predicate_env_t *env, TSNode n, long long *out)
{
    if (syn_const_value(env->source, n, out)) return true;
    if (!syn_is(n, "sizeof_expression")) return false;
    TSNode v = strip_parens(ts_node_child_by_field_name(n, "value", 5));
    if (ts_node_is_null(v)) return false;
    decl_t d;
    int subs;
    if (!syn_lookup_object(env->source, env->root, env->top, env->fields, v, &d, &subs) || d.shape != DECL_ARRAY || d.is_parameter ||
        subs != 0 || d.dims != 1)
        return false;
    return syn_array_size(env->source, &d, 0, out, NULL, 0);
}

bool pred_exceeds_array(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    decl_t d;
    int subs;
    long long size, bound;
    if (!size_value(env, nodes[1], &bound)) return false; /* cheap test first */
    if (!syn_lookup_object(env->source, env->root, env->top, env->fields, nodes[0], &d, &subs) || d.shape != DECL_ARRAY ||
        d.is_parameter || subs >= d.dims || !syn_array_size(env->source, &d, subs, &size, NULL, 0))
        return false;
    if (bound <= size) return false;
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", size);
    predicate_fact(env, p->fact_prefix, "size", buf);
    snprintf(buf, sizeof buf, "%lld", bound);
    predicate_fact(env, p->fact_prefix, "bound", buf);
    return true;
}

typedef struct {
    const predicate_t *p;
    predicate_env_t *env;
    TSNode found;
} effect_search_t;

static int find_effect(TSNode n, void *ctx)
{
    effect_search_t *s = ctx;
    if (syn_is(n, "assignment_expression") || syn_is(n, "update_expression")) {
        s->found = n;
        return 2;
    }
    if (syn_is(n, "call_expression")) {
        uint32_t len;
        const char *callee = syn_callee(s->env->source, n, &len);
        if (callee && predicate_regex_matches(s->p, s->env, callee, len)) {
            s->found = n;
            return 2;
        }
    }
    return 0;
}

bool pred_has_side_effect(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    effect_search_t s = {.p = p, .env = env};
    if (syn_walk(nodes[0], find_effect, &s) != 2) return false;
    char buf[96];
    predicate_fact(env, p->fact_prefix, "effect", short_text(env, s.found, buf, sizeof buf));
    return true;
}

bool pred_secret_context(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode top = env->top;
    char buf[96];
    TSNode prev = nodes[0];
    syn_up_t up;
    syn_up_init(&up, top, prev);
    for (TSNode a = syn_up_next(&up); !ts_node_is_null(a); prev = a, a = syn_up_next(&up)) {
        const char *t = ts_node_type(a);
        TSNode name = {0};
        if (!strcmp(t, "assignment_expression")) name = ts_node_child_by_field_name(a, "left", 4);
        else if (!strcmp(t, "init_declarator")) name = ts_node_child_by_field_name(a, "declarator", 10);
        else if (!strcmp(t, "initializer_pair")) name = ts_node_named_child(a, 0);
        else if (!strcmp(t, "call_expression") && syn_is(prev, "argument_list"))
            name = ts_node_child_by_field_name(a, "function", 8);
        else if (!strcmp(t, "return_statement") || !strcmp(t, "compound_statement")) break;
        if (ts_node_is_null(name)) continue;
        uint32_t len;
        const char *text = syn_text(env->source, name, &len);
        if (predicate_regex_matches(p, env, text, len)) {
            predicate_fact(env, p->fact_prefix, "context", short_text(env, name, buf, sizeof buf));
            return true;
        }
    }
    TSNode fn = syn_function(top, nodes[0]);
    if (ts_node_is_null(fn)) return false;
    TSNode d = ts_node_child_by_field_name(fn, "declarator", 10);
    while (!ts_node_is_null(d) && !syn_is(d, "function_declarator"))
        d = syn_is(d, "parenthesized_declarator") ? ts_node_named_child(d, 0)
                                                  : ts_node_child_by_field_name(d, "declarator", 10);
    if (ts_node_is_null(d)) return false; /* `t n{...`: recovered without a function declarator */
    TSNode name = ts_node_child_by_field_name(d, "declarator", 10);
    if (ts_node_is_null(name)) return false;
    uint32_t len;
    const char *text = syn_text(env->source, name, &len);
    if (!predicate_regex_matches(p, env, text, len)) return false;
    char ctx[128];
    snprintf(ctx, sizeof ctx, "function %s()", short_text(env, name, buf, sizeof buf));
    predicate_fact(env, p->fact_prefix, "context", ctx);
    return true;
}

bool pred_is_last_argument(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode top = env->top;
    if (syn_is(syn_parent(top, nodes[0]), "argument_list") && ts_node_is_null(syn_next_named_sibling(top, nodes[0])))
        predicate_fact(env, p->fact_prefix, "last", "yes");
    return true;
}
