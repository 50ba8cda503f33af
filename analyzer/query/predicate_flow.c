/* predicate_flow.c — predicates that read the rest of the enclosing function in source
 * order: what happens to a pointer after malloc (#unchecked-use?) or after free
 * (#freed-again?, #used-after-free?), which calls follow (#followed-by-call-on?,
 * #not-followed-by-call?), what was checked before (#length-unchecked?, #may-exceed?,
 * #unguarded-product?), where a value came from (#external-input?) and whether a
 * strncpy'd buffer gets its terminator (#no-terminator?).
 *
 * The one idea: no control-flow graph. "Straight-line" means the statements that
 * follow in the same block; anything that could make the answer path-dependent (a
 * reassignment in a branch, a return, a label) stops the search and the predicate
 * answers "no finding". Precision over recall: these smells are reported when the
 * source shows them plainly. */
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

static void fact_text(predicate_env_t *env, const char *prefix, const char *name, TSNode node)
{
    uint32_t len;
    const char *t = syn_text(env->source, node, &len);
    char buf[96];
    size_t o = 0;
    bool space = false;
    for (uint32_t i = 0; i < len && o + 4 < sizeof buf; i++) {
        char c = t[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = o > 0;
            continue;
        }
        if (space) buf[o++] = ' ';
        space = false;
        buf[o++] = c;
    }
    buf[o] = '\0';
    predicate_fact(env, prefix, name, buf);
}

static TSNode function_body(TSNode top, TSNode node)
{
    TSNode fn = syn_function(top, node);
    TSNode none = {0};
    return ts_node_is_null(fn) ? none : ts_node_child_by_field_name(fn, "body", 4);
}

/* Whether node lies in the condition of an if/while/for/do/?:, is an operand of && or
 * ||, or is inside assert(...)-like calls, looking no further up than stop. */
static bool in_condition(TSNode top, const char *src, TSNode node, TSNode stop)
{
    TSNode prev = node;
    syn_up_t up;
    syn_up_init(&up, top, node);
    for (TSNode a = syn_up_next(&up); !ts_node_is_null(a); prev = a, a = syn_up_next(&up)) {
        const char *t = ts_node_type(a);
        if (!strcmp(t, "if_statement") || !strcmp(t, "while_statement") || !strcmp(t, "do_statement") ||
            !strcmp(t, "for_statement") || !strcmp(t, "conditional_expression")) {
            TSNode cond = ts_node_child_by_field_name(a, "condition", 9);
            if (!ts_node_is_null(cond) && ts_node_start_byte(cond) <= ts_node_start_byte(prev) &&
                ts_node_end_byte(prev) <= ts_node_end_byte(cond))
                return true;
        }
        if (!strcmp(t, "binary_expression")) {
            TSNode op = ts_node_child_by_field_name(a, "operator", 8);
            if (syn_text_is(src, op, "&&") || syn_text_is(src, op, "||")) return true;
        }
        if (!strcmp(t, "call_expression")) {
            uint32_t len;
            const char *callee = syn_callee(src, a, &len);
            if (callee && ((len >= 6 && strncmp(callee, "assert", 6) == 0) ||
                           (len >= 6 && strncmp(callee, "ASSERT", 6) == 0) ||
                           (len == 6 && strncmp(callee, "likely", 6) == 0) ||
                           (len == 8 && strncmp(callee, "unlikely", 8) == 0) ||
                           (len > 9 && strncmp(callee, "g_return_", 9) == 0)))
                return true;
        }
        if (ts_node_eq(a, stop) || !strcmp(t, "compound_statement")) return false;
    }
    return false;
}

static bool is_assigned_to(TSNode top, TSNode node)
{
    TSNode parent = syn_parent(top, node);
    if (!syn_is(parent, "assignment_expression")) return false;
    TSNode left = ts_node_child_by_field_name(parent, "left", 4);
    return ts_node_eq(left, node);
}

static bool is_address_taken(TSNode top, const char *src, TSNode node)
{
    TSNode parent = syn_parent(top, node);
    return syn_is(parent, "pointer_expression") &&
           syn_text_is(src, ts_node_child_by_field_name(parent, "operator", 8), "&");
}

static bool in_sizeof(TSNode top, TSNode node)
{
    syn_up_t up;
    syn_up_init(&up, top, node);
    for (TSNode a = syn_up_next(&up); !ts_node_is_null(a); a = syn_up_next(&up)) {
        if (syn_is(a, "sizeof_expression")) return true;
        if (syn_is(a, "expression_statement") || syn_is(a, "compound_statement")) return false;
    }
    return false;
}

/* Whether node is dereferenced by its parent: *p, p[i], p->f. */
static bool is_dereferenced(TSNode top, const char *src, TSNode node)
{
    TSNode parent = syn_parent(top, node);
    if (syn_is(parent, "pointer_expression"))
        return syn_text_is(src, ts_node_child_by_field_name(parent, "operator", 8), "*");
    if (syn_is(parent, "subscript_expression") || syn_is(parent, "field_expression")) {
        if (!ts_node_eq(ts_node_child_by_field_name(parent, "argument", 8), node)) return false;
        if (syn_is(parent, "subscript_expression")) return true;
        return syn_text_is(src, ts_node_child_by_field_name(parent, "operator", 8), "->");
    }
    return false;
}

/* The call node when node is one of its arguments. */
static TSNode argument_of(TSNode top, TSNode node)
{
    TSNode parent = syn_parent(top, node);
    while (syn_is(parent, "cast_expression") || syn_is(parent, "parenthesized_expression")) {
        node = parent;
        parent = syn_parent(top, node);
    }
    TSNode none = {0};
    if (!syn_is(parent, "argument_list")) return none;
    return syn_parent(top, parent);
}

/* ---- after malloc: used before a NULL check? ----------------------------------------- */

typedef struct {
    const predicate_t *p;
    predicate_env_t *env;
    TSNode var;
    uint32_t after;   /* look at nodes starting at or after this byte */
    TSNode use;
    int verdict;      /* 1 unchecked use found, 0 checked / escaped */
} use_search_t;

static bool same_as_var(const char *src, TSNode n, TSNode var)
{
    if (strcmp(ts_node_type(n), ts_node_type(var)) != 0) return false;
    return syn_same_text(src, n, var);
}

static int find_unchecked_use(TSNode n, void *ctx)
{
    use_search_t *s = ctx;
    TSNode top = s->env->top;
    const char *src = s->env->source;
    if (ts_node_end_byte(n) <= s->after) return 1;
    if (ts_node_start_byte(n) < s->after) return 0;
    if (!same_as_var(src, n, s->var)) return 0;
    if (in_sizeof(top, n)) return 1;
    if (is_assigned_to(top, n) || is_address_taken(top, src, n)) {
        s->verdict = 0;
        return 2;
    }
    if (is_dereferenced(top, src, n)) {
        s->use = syn_parent(top, n);
        s->verdict = 1;
        return 2;
    }
    TSNode call = argument_of(top, n);
    if (!ts_node_is_null(call)) {
        uint32_t len;
        const char *callee = syn_callee(src, call, &len);
        if (callee && predicate_regex_matches(s->p, s->env, callee, len)) {
            s->use = call;
            s->verdict = 1;
            return 2;
        }
    }
    s->verdict = 0; /* checked, compared, returned or passed on: not plainly unchecked */
    return 2;
}

bool pred_unchecked_use(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode top = env->top;
    TSNode var = nodes[0];
    TSNode body = function_body(top, var);
    if (ts_node_is_null(body)) return false;
    /* the assignment or declaration that stores the result */
    syn_up_t up;
    syn_up_init(&up, top, var);
    TSNode store = syn_up_next(&up);
    while (!ts_node_is_null(store) && !syn_is(store, "assignment_expression") && !syn_is(store, "init_declarator"))
        store = syn_up_next(&up);
    if (ts_node_is_null(store) || in_condition(top, env->source, store, body)) return false;
    if (syn_is(store, "init_declarator")) { /* the declared name, not the declarator */
        TSNode d = var;
        while (!syn_is(d, "identifier") && ts_node_named_child_count(d) > 0)
            d = ts_node_child_by_field_name(d, "declarator", 10);
        var = d;
    }
    use_search_t s = {.p = p, .env = env, .var = var, .after = ts_node_end_byte(store)};
    syn_walk(body, find_unchecked_use, &s);
    if (s.verdict != 1) return false;
    fact_line(env, p->fact_prefix, "use_line", s.use);
    fact_text(env, p->fact_prefix, "use", s.use);
    predicate_flow(env, s.use, "used here without a NULL check");
    return true;
}

/* ---- after free: freed again or used? ------------------------------------------------- */

typedef struct {
    const predicate_t *p; /* its regex (if any): callees that dereference their arguments */
    predicate_env_t *env;
    TSNode ptr;
    TSNode found;
    int kind; /* 0 nothing, 1 freed again, 2 used, 3 stop (reassigned, escaped) */
} free_search_t;

/* Whether identifier id (outside ptr itself) is one of the names the freed expression is
 * built from: node in node->name, i in items[i], v in *v. */
static bool names_part_of(const char *src, TSNode ptr, TSNode id)
{
    if (syn_is(ptr, "identifier")) return syn_same_text(src, ptr, id);
    for (uint32_t i = 0; i < ts_node_named_child_count(ptr); i++)
        if (names_part_of(src, ts_node_named_child(ptr, i), id)) return true;
    return false;
}

/* Whether an identifier is changed here: assigned, ++/--, or its address handed out. */
static bool is_changed(TSNode top, const char *src, TSNode id)
{
    TSNode parent = syn_parent(top, id);
    return is_assigned_to(top, id) || syn_is(parent, "update_expression") || is_address_taken(top, src, id);
}

static int find_after_free(TSNode n, void *ctx)
{
    free_search_t *s = ctx;
    TSNode top = s->env->top;
    const char *src = s->env->source;
    const char *t = ts_node_type(n);
    /* free(node->name); node = node->next; free(node->name): another block */
    if (!syn_is(s->ptr, "identifier") && syn_is(n, "identifier") && names_part_of(src, s->ptr, n) &&
        is_changed(top, src, n)) {
        s->kind = 3;
        return 2;
    }
    if (!strcmp(t, "return_statement") || !strcmp(t, "break_statement") || !strcmp(t, "continue_statement") ||
        !strcmp(t, "goto_statement")) {
        /* a use inside `return p->x;` still counts; after it the path ends */
        if (!strcmp(t, "return_statement") && ts_node_named_child_count(n) > 0) return 0;
        s->kind = 3;
        return 2;
    }
    if (!strcmp(t, "labeled_statement")) { /* a jump target: other paths arrive here */
        s->kind = 3;
        return 2;
    }
    if (!same_as_var(src, n, s->ptr)) return 0;
    if (in_sizeof(top, n)) return 1;
    if (is_assigned_to(top, n) || is_address_taken(top, src, n)) {
        s->kind = 3;
        return 2;
    }
    TSNode call = argument_of(top, n);
    if (!ts_node_is_null(call) && syn_callee_is(src, call, "free")) {
        s->found = call;
        s->kind = 1;
        return 2;
    }
    if (is_dereferenced(top, src, n)) {
        s->found = syn_parent(top, n);
        s->kind = 2;
        return 2;
    }
    if (!ts_node_is_null(call)) {
        uint32_t len;
        const char *callee = syn_callee(src, call, &len);
        if (s->p->regex && callee && predicate_regex_matches(s->p, s->env, callee, len)) {
            s->found = call;
            s->kind = 2;
            return 2;
        }
        s->kind = 3; /* handed to a function that may only compare or store it */
        return 2;
    }
    return 1; /* compared, copied or returned: only the value is read; keep looking */
}

/* Whether x names storage (p, s->p, a[i], *pp) with no call inside: free(malloc(1))
 * twice frees two different blocks. */
static bool names_storage(TSNode x)
{
    if (syn_is(x, "identifier")) return true;
    if (syn_is(x, "field_expression") || syn_is(x, "subscript_expression") || syn_is(x, "pointer_expression") ||
        syn_is(x, "parenthesized_expression")) {
        for (uint32_t i = 0; i < ts_node_named_child_count(x); i++) {
            TSNode c = ts_node_named_child(x, i);
            if (syn_is(c, "field_identifier") || syn_is(c, "number_literal")) continue;
            if (!names_storage(c)) return false;
        }
        return true;
    }
    return false;
}

/* Runs the search over the statements after the free in the same block. */
static int after_free(const predicate_t *p, predicate_env_t *env, TSNode ptr, TSNode *found)
{
    TSNode top = env->top;
    if (!names_storage(ptr)) return 0;
    TSNode call = argument_of(top, ptr);
    if (ts_node_is_null(call)) return 0;
    TSNode stmt = syn_parent(top, call);
    if (!syn_is(stmt, "expression_statement") || !syn_is(syn_parent(top, stmt), "compound_statement")) return 0;
    free_search_t s = {.p = p, .env = env, .ptr = ptr};
    for (TSNode next = syn_next_named_sibling(top, stmt); !ts_node_is_null(next);
         next = syn_next_named_sibling(top, next)) {
        if (syn_walk(next, find_after_free, &s) == 2 || s.kind) break;
    }
    *found = s.found;
    return s.kind;
}

bool pred_freed_again(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode found;
    if (after_free(p, env, nodes[0], &found) != 1) return false;
    fact_line(env, p->fact_prefix, "first_line", nodes[0]);
    predicate_flow(env, nodes[0], "first freed here");
    env->has_report = true;
    env->report = found;
    return true;
}

bool pred_used_after_free(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode found;
    if (after_free(p, env, nodes[0], &found) != 2) return false;
    fact_line(env, p->fact_prefix, "free_line", nodes[0]);
    fact_text(env, p->fact_prefix, "use", found);
    predicate_flow(env, nodes[0], "freed here");
    env->has_report = true;
    env->report = found;
    return true;
}

/* ---- later calls ------------------------------------------------------------------------ */

typedef struct {
    const predicate_t *p;
    predicate_env_t *env;
    uint32_t after;
    TSNode arg;       /* the first argument must have this text; null node: any call */
    TSNode found;
} call_search_t;

static int find_call(TSNode n, void *ctx)
{
    call_search_t *s = ctx;
    if (ts_node_end_byte(n) <= s->after) return 1;
    if (ts_node_start_byte(n) < s->after || !syn_is(n, "call_expression")) return 0;
    uint32_t len;
    const char *callee = syn_callee(s->env->source, n, &len);
    if (!callee || !predicate_regex_matches(s->p, s->env, callee, len)) return 0;
    if (!ts_node_is_null(s->arg)) {
        TSNode first = syn_argument(n, 0);
        if (ts_node_is_null(first) || !syn_same_text(s->env->source, first, s->arg)) return 0;
    }
    /* open(path, O_CREAT | O_EXCL ...) fails when the path exists: it decides atomically,
     * whatever a check before it saw */
    if (predicate_callee_is(s->env, n, "open") || predicate_callee_is(s->env, n, "open64")) {
        TSNode flags = syn_argument(n, 1);
        uint32_t fl;
        const char *ft = ts_node_is_null(flags) ? NULL : syn_text(s->env->source, flags, &fl);
        if (ft && memmem(ft, fl, "O_EXCL", 6) && memmem(ft, fl, "O_CREAT", 7)) return 0;
    }
    s->found = n;
    return 2;
}

bool pred_followed_by_call_on(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode top = env->top;
    TSNode body = function_body(top, nodes[0]);
    TSNode call = argument_of(top, nodes[0]);
    if (ts_node_is_null(body) || ts_node_is_null(call)) return false;
    call_search_t s = {.p = p, .env = env, .after = ts_node_end_byte(call), .arg = nodes[0]};
    if (syn_walk(body, find_call, &s) != 2) return false;
    uint32_t len;
    const char *callee = syn_callee(env->source, s.found, &len);
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(len < 60 ? len : 60), callee);
    predicate_fact(env, p->fact_prefix, "call", name);
    fact_line(env, p->fact_prefix, "call_line", s.found);
    char msg[96];
    snprintf(msg, sizeof msg, "%s() uses the same path here", name);
    predicate_flow(env, s.found, msg);
    return true;
}

typedef struct {
    predicate_env_t *env;
    TSNode paths[2]; /* the name: as given, and the variable holding the call's result */
    size_t path_count;
    uint32_t after;
    bool found;
} exclusive_search_t;

static int find_exclusive_open(TSNode n, void *ctx)
{
    exclusive_search_t *s = ctx;
    const char *src = s->env->source;
    if (ts_node_end_byte(n) <= s->after) return 1;
    if (ts_node_start_byte(n) < s->after || !syn_is(n, "call_expression")) return 0;
    bool at = predicate_callee_is(s->env, n, "openat");
    if (!at && !predicate_callee_is(s->env, n, "open") && !predicate_callee_is(s->env, n, "open64")) return 0;
    TSNode path = syn_argument(n, at ? 1 : 0), flags = syn_argument(n, at ? 2 : 1);
    if (ts_node_is_null(path) || ts_node_is_null(flags)) return 0;
    bool same = false;
    for (size_t i = 0; i < s->path_count && !same; i++) same = syn_same_text(src, path, s->paths[i]);
    if (!same) return 0;
    uint32_t fl;
    const char *ft = syn_text(src, flags, &fl);
    if (ft && memmem(ft, fl, "O_EXCL", 6) && memmem(ft, fl, "O_CREAT", 7)) {
        s->found = true;
        return 2;
    }
    return 0;
}

/* The variable the result of call is stored in (name = tmpnam(NULL);
 * char *name = tempnam(dir, "x")), or a null node. */
static TSNode result_variable(predicate_env_t *env, TSNode call)
{
    TSNode none = {0}, top = env->top, at = call, parent = syn_parent(top, call);
    while (syn_is(parent, "cast_expression") || syn_is(parent, "parenthesized_expression")) {
        at = parent;
        parent = syn_parent(top, at);
    }
    if (syn_is(parent, "assignment_expression") &&
        ts_node_eq(ts_node_child_by_field_name(parent, "right", 5), at))
        return ts_node_child_by_field_name(parent, "left", 4);
    if (syn_is(parent, "init_declarator")) {
        TSNode d = ts_node_child_by_field_name(parent, "declarator", 10);
        while (syn_is(d, "pointer_declarator")) d = ts_node_child_by_field_name(d, "declarator", 10);
        return syn_is(d, "identifier") ? d : none;
    }
    return none;
}

/* Whether the declaration decl declares an identifier spelled as name. */
static bool declares(const char *src, TSNode decl, TSNode name)
{
    uint32_t count = ts_node_named_child_count(decl);
    for (uint32_t i = 0; i < count; i++) {
        TSNode d = ts_node_named_child(decl, i);
        while (syn_is(d, "init_declarator") || syn_is(d, "pointer_declarator") || syn_is(d, "array_declarator"))
            d = ts_node_child_by_field_name(d, "declarator", 10);
        if (syn_is(d, "identifier") && syn_same_text(src, d, name)) return true;
    }
    return false;
}

/* Where a later use of the variable path can be: the innermost block above at that
 * declares it (a same-named variable of a sibling block is another name), else body. */
static TSNode name_scope(predicate_env_t *env, TSNode at, TSNode path, TSNode body)
{
    if (!syn_is(path, "identifier")) return body;
    for (TSNode n = syn_parent(env->top, at); !ts_node_is_null(n) && !ts_node_eq(n, body);
         n = syn_parent(env->top, n)) {
        if (!syn_is(n, "compound_statement")) continue;
        uint32_t count = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < count; i++) {
            TSNode c = ts_node_named_child(n, i);
            if (ts_node_start_byte(c) >= ts_node_start_byte(at)) break;
            if (syn_is(c, "declaration") && declares(env->source, c, path)) return n;
        }
    }
    return body;
}

bool pred_no_exclusive_open(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    (void)p;
    TSNode body = function_body(env->top, nodes[0]);
    bool given_call = syn_is(nodes[0], "call_expression");
    TSNode call = given_call ? nodes[0] : argument_of(env->top, nodes[0]);
    if (ts_node_is_null(body) || ts_node_is_null(call)) return true;
    exclusive_search_t s = {.env = env, .after = ts_node_end_byte(call)};
    /* the name: the buffer given (mktemp's template, tmpnam's buffer) and the variable
     * holding the result, which points at the same name */
    TSNode buffer = given_call ? syn_argument(call, 0) : nodes[0];
    if (given_call && !predicate_callee_is(env, call, "tmpnam") && !predicate_callee_is(env, call, "tmpnam_r"))
        buffer = (TSNode){0};
    if (!ts_node_is_null(buffer) && !syn_text_is(env->source, buffer, "NULL") && !syn_text_is(env->source, buffer, "0"))
        s.paths[s.path_count++] = buffer;
    TSNode result = result_variable(env, call);
    if (!ts_node_is_null(result)) s.paths[s.path_count++] = result;
    /* search the widest block either name is declared in */
    TSNode scope = {0};
    for (size_t i = 0; i < s.path_count; i++) {
        TSNode in = name_scope(env, call, s.paths[i], body);
        if (ts_node_is_null(scope) || ts_node_end_byte(in) - ts_node_start_byte(in) >
                                          ts_node_end_byte(scope) - ts_node_start_byte(scope))
            scope = in;
    }
    if (ts_node_is_null(scope)) return true;
    syn_walk(scope, find_exclusive_open, &s);
    return !s.found;
}

bool pred_not_followed_by_call(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode top = env->top;
    TSNode body = function_body(top, nodes[0]);
    if (ts_node_is_null(body)) return false;
    call_search_t s = {.p = p, .env = env, .after = ts_node_end_byte(nodes[0])};
    return syn_walk(body, find_call, &s) != 2;
}

/* ---- checks made before ------------------------------------------------------------------ */

typedef struct {
    predicate_env_t *env;
    TSNode target;     /* text to find as the argument of strlen/strnlen */
    uint32_t before;
    bool found;
} length_search_t;

static int find_length_check(TSNode n, void *ctx)
{
    length_search_t *s = ctx;
    if (ts_node_start_byte(n) >= s->before) return 2;
    if (!syn_is(n, "call_expression")) return 0;
    if (!syn_callee_is(s->env->source, n, "strlen") && !syn_callee_is(s->env->source, n, "strnlen")) return 0;
    TSNode arg = syn_argument(n, 0);
    if (!ts_node_is_null(arg) && syn_same_text(s->env->source, arg, s->target)) {
        s->found = true;
        return 2;
    }
    return 0;
}

bool pred_length_unchecked(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode top = env->top;
    TSNode body = function_body(top, nodes[0]);
    if (ts_node_is_null(body)) return true;
    length_search_t s = {.env = env, .target = nodes[0], .before = ts_node_start_byte(nodes[0])};
    syn_walk(body, find_length_check, &s);
    return !s.found;
}

bool pred_may_exceed(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode src = nodes[0], dst = nodes[1];
    decl_t d;
    int subs;
    long long dst_size = -1;
    if (syn_lookup_object(env->source, env->root, env->top, env->fields, dst, &d, &subs) && d.shape == DECL_ARRAY && !d.is_parameter &&
        subs < d.dims && !syn_array_size(env->source, &d, subs, &dst_size, NULL, 0))
        dst_size = -2; /* a macro size: assume literals fit */
    if (syn_is(src, "conditional_expression")) { /* up ? "up" : "down": each branch */
        TSNode branch[2] = {ts_node_child_by_field_name(src, "consequence", 11), dst};
        if (ts_node_is_null(branch[0]) || pred_may_exceed(p, env, branch)) return true;
        branch[0] = ts_node_child_by_field_name(src, "alternative", 11);
        return ts_node_is_null(branch[0]) || pred_may_exceed(p, env, branch);
    }
    if (syn_is_string_literal(src)) {
        long n = syn_string_length(env->source, src);
        if (dst_size == -2 || (n >= 0 && dst_size >= 0 && n + 1 <= dst_size)) return false;
        return true;
    }
    decl_t sd;
    long long src_size;
    if (dst_size >= 0 && syn_lookup_object(env->source, env->root, env->top, env->fields, src, &sd, &subs) && sd.shape == DECL_ARRAY &&
        !sd.is_parameter && subs < sd.dims && syn_array_size(env->source, &sd, subs, &src_size, NULL, 0) &&
        src_size <= dst_size)
        return false;
    return pred_length_unchecked(p, env, nodes);
}

typedef struct {
    predicate_env_t *env;
    const char *const *names;
    uint32_t *lens;
    size_t count;
    uint32_t before;
    bool guarded;
} guard_search_t;

static bool mentions(const char *src, TSNode n, const char *name, uint32_t len)
{
    if (syn_is(n, "identifier")) {
        uint32_t l;
        const char *t = syn_text(src, n, &l);
        return l == len && memcmp(t, name, len) == 0;
    }
    for (uint32_t i = 0; i < ts_node_named_child_count(n); i++)
        if (mentions(src, ts_node_named_child(n, i), name, len)) return true;
    return false;
}

static bool has_comparison(const char *src, TSNode n)
{
    if (syn_is(n, "binary_expression")) {
        uint32_t len;
        const char *op = syn_text(src, ts_node_child_by_field_name(n, "operator", 8), &len);
        if ((len == 1 && (op[0] == '<' || op[0] == '>')) || (len == 2 && (op[1] == '=') && (op[0] == '<' || op[0] == '>')))
            return true;
    }
    for (uint32_t i = 0; i < ts_node_named_child_count(n); i++)
        if (has_comparison(src, ts_node_named_child(n, i))) return true;
    return false;
}

static int find_guard(TSNode n, void *ctx)
{
    guard_search_t *s = ctx;
    const char *src = s->env->source;
    if (ts_node_start_byte(n) >= s->before) return 2;
    if (syn_is(n, "call_expression")) {
        uint32_t len;
        const char *callee = syn_callee(src, n, &len);
        if (callee && ((len > 13 && memmem(callee, len, "_mul_overflow", 13)) || (len == 7 && !memcmp(callee, "ckd_mul", 7)))) {
            s->guarded = true;
            return 2;
        }
    }
    TSNode cond = {0};
    if (syn_is(n, "if_statement") || syn_is(n, "while_statement") || syn_is(n, "conditional_expression"))
        cond = ts_node_child_by_field_name(n, "condition", 9);
    else if (syn_is(n, "call_expression")) {
        uint32_t len;
        const char *callee = syn_callee(src, n, &len);
        if (callee && len >= 6 && !strncasecmp(callee, "assert", 6)) cond = ts_node_child_by_field_name(n, "arguments", 9);
    }
    if (ts_node_is_null(cond) || !has_comparison(src, cond)) return 0;
    for (size_t i = 0; i < s->count; i++) {
        if (mentions(src, cond, s->names[i], s->lens[i])) {
            s->guarded = true;
            return 2;
        }
    }
    return 0;
}

/* Whether a constant factor is one: 1, sizeof(char) and friends. */
static bool unit_factor(const char *src, TSNode n)
{
    long long v;
    if (syn_const_value(src, n, &v)) return v == 1;
    if (!syn_is(n, "sizeof_expression")) return false;
    TSNode type = ts_node_child_by_field_name(n, "type", 4);
    if (ts_node_is_null(type)) return false;
    static const char *const bytes[] = {"char", "signed char", "unsigned char", "uint8_t", "int8_t"};
    for (size_t i = 0; i < sizeof bytes / sizeof bytes[0]; i++)
        if (syn_text_is(src, type, bytes[i])) return true;
    return false;
}

/* Splits a product into its non-constant factors; *scaled is set when a constant
 * factor other than one takes part. */
static void collect_operands(const char *src, TSNode n, TSNode *out, size_t *count, size_t cap, bool *scaled)
{
    while (syn_is(n, "parenthesized_expression") && ts_node_named_child_count(n) == 1) n = ts_node_named_child(n, 0);
    if (syn_is(n, "binary_expression") && syn_text_is(src, ts_node_child_by_field_name(n, "operator", 8), "*")) {
        collect_operands(src, ts_node_child_by_field_name(n, "left", 4), out, count, cap, scaled);
        collect_operands(src, ts_node_child_by_field_name(n, "right", 5), out, count, cap, scaled);
        return;
    }
    if (syn_is_constant(src, n)) {
        if (!unit_factor(src, n)) *scaled = true;
    } else if (*count < cap) {
        out[(*count)++] = n;
    }
}

/* The identifiers inside node (up to cap). */
static void collect_identifiers(const char *src, TSNode n, const char **names, uint32_t *lens, size_t *count, size_t cap)
{
    if (syn_is(n, "identifier")) {
        if (*count < cap) {
            names[*count] = syn_text(src, n, &lens[*count]);
            (*count)++;
        }
        return;
    }
    if (syn_is(n, "field_identifier")) {
        if (*count < cap) {
            names[*count] = syn_text(src, n, &lens[*count]);
            (*count)++;
        }
        return;
    }
    for (uint32_t i = 0; i < ts_node_named_child_count(n); i++)
        collect_identifiers(src, ts_node_named_child(n, i), names, lens, count, cap);
}

/* What a local variable can hold before a point in its function, as the function's
 * own statements show: declared in the body, every store a small integer constant. */
typedef struct {
    const char *src;
    const char *name;
    uint32_t len;
    uint32_t before;
    bool declared;  /* a declaration in the body names it */
    bool stores;    /* at least one constant store (initialiser or assignment) */
    bool unknown;   /* a store from something else, ++/--, or its address taken */
} const_store_t;

static bool is_name(const char *src, TSNode n, const char *name, uint32_t len)
{
    while (syn_is(n, "parenthesized_expression") && ts_node_named_child_count(n) == 1) n = ts_node_named_child(n, 0);
    if (!syn_is(n, "identifier")) return false;
    uint32_t l;
    const char *t = syn_text(src, n, &l);
    return l == len && memcmp(t, name, len) == 0;
}

/* Constants small enough that a product with an element size cannot wrap. */
static bool small_constant(const char *src, TSNode n)
{
    long long v;
    return syn_const_value(src, n, &v) && v >= -(1LL << 24) && v <= (1LL << 24);
}

static int find_stores(TSNode n, void *ctx)
{
    const_store_t *s = ctx;
    if (ts_node_start_byte(n) >= s->before) return 2;
    if (syn_is(n, "init_declarator") && is_name(s->src, ts_node_child_by_field_name(n, "declarator", 10), s->name, s->len)) {
        s->declared = true;
        if (small_constant(s->src, ts_node_child_by_field_name(n, "value", 5))) s->stores = true;
        else s->unknown = true;
    } else if (syn_is(n, "declaration")) {
        for (uint32_t i = 0; i < ts_node_named_child_count(n); i++)
            if (is_name(s->src, ts_node_named_child(n, i), s->name, s->len)) s->declared = true;
    } else if (syn_is(n, "assignment_expression") && is_name(s->src, ts_node_child_by_field_name(n, "left", 4), s->name, s->len)) {
        if (syn_text_is(s->src, ts_node_child_by_field_name(n, "operator", 8), "=") &&
            small_constant(s->src, ts_node_child_by_field_name(n, "right", 5)))
            s->stores = true;
        else
            s->unknown = true;
    } else if (syn_is(n, "update_expression") && is_name(s->src, ts_node_child_by_field_name(n, "argument", 8), s->name, s->len)) {
        s->unknown = true;
    } else if (syn_is(n, "pointer_expression") && is_name(s->src, ts_node_child_by_field_name(n, "argument", 8), s->name, s->len)) {
        s->unknown = true; /* &name: anything may store through the pointer */
    }
    return s->unknown ? 2 : 0;
}

/* Whether operand is a local whose every store before `before` is a small constant
 * (int n = -1; ... n = 20; malloc(n * sizeof *p)): the product is bounded. */
static bool holds_small_constant(const char *src, TSNode body, TSNode operand, uint32_t before)
{
    while (syn_is(operand, "parenthesized_expression") && ts_node_named_child_count(operand) == 1)
        operand = ts_node_named_child(operand, 0);
    if (!syn_is(operand, "identifier")) return false;
    const_store_t s = {.src = src, .before = before};
    s.name = syn_text(src, operand, &s.len);
    syn_walk(body, find_stores, &s);
    return s.declared && s.stores && !s.unknown;
}

bool pred_unguarded_product(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode top = env->top;
    TSNode operands[8];
    size_t count = 0;
    bool scaled = false;
    collect_operands(env->source, nodes[0], operands, &count, 8, &scaled);
    if (count == 0 || (count == 1 && !scaled)) return false; /* n * 1 cannot overflow */
    const char *names[16];
    uint32_t lens[16];
    size_t nnames = 0;
    for (size_t i = 0; i < count; i++) collect_identifiers(env->source, operands[i], names, lens, &nnames, 16);
    TSNode body = function_body(top, nodes[0]);
    if (!ts_node_is_null(body)) {
        guard_search_t s = {.env = env, .names = names, .lens = lens, .count = nnames,
                            .before = ts_node_start_byte(nodes[0])};
        syn_walk(body, find_guard, &s);
        if (s.guarded) return false;
        size_t constant = 0;
        for (size_t i = 0; i < count; i++)
            if (holds_small_constant(env->source, body, operands[i], s.before)) constant++;
        if (constant == count) return false;
    }
    fact_text(env, p->fact_prefix, "operand", operands[0]);
    return true;
}

bool pred_unguarded(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    (void)p;
    const char *names[16];
    uint32_t lens[16];
    size_t nnames = 0;
    collect_identifiers(env->source, nodes[0], names, lens, &nnames, 16);
    if (nnames == 0) return false; /* nothing that could have been checked */
    TSNode body = function_body(env->top, nodes[0]);
    if (ts_node_is_null(body)) return true;
    guard_search_t s = {.env = env, .names = names, .lens = lens, .count = nnames,
                        .before = ts_node_start_byte(nodes[0])};
    syn_walk(body, find_guard, &s);
    return !s.guarded;
}

/* Whether statement st makes the string dst empty: `char dst[64] = "";`, `= {0}`,
 * `dst[0] = '\0';`, `*dst = 0;`, `strcpy(dst, "")`. */
static bool empties(const char *src, TSNode st, TSNode dst)
{
    if (syn_is(st, "declaration")) {
        for (uint32_t i = 0; i < ts_node_named_child_count(st); i++) {
            TSNode d = ts_node_named_child(st, i);
            if (!syn_is(d, "init_declarator")) continue;
            TSNode decl = ts_node_child_by_field_name(d, "declarator", 10);
            while (syn_is(decl, "array_declarator")) decl = ts_node_child_by_field_name(decl, "declarator", 10);
            if (!syn_same_text(src, decl, dst)) continue;
            TSNode v = ts_node_child_by_field_name(d, "value", 5);
            long long z;
            if (syn_is_string_literal(v)) return syn_string_length(src, v) == 0;
            return syn_is(v, "initializer_list") && ts_node_named_child_count(v) == 1 &&
                   syn_const_value(src, ts_node_named_child(v, 0), &z) && z == 0;
        }
        return false;
    }
    if (!syn_is(st, "expression_statement") || ts_node_named_child_count(st) != 1) return false;
    TSNode e = ts_node_named_child(st, 0);
    long long z;
    if (syn_is(e, "assignment_expression")) {
        TSNode left = ts_node_child_by_field_name(e, "left", 4);
        if (!syn_const_value(src, ts_node_child_by_field_name(e, "right", 5), &z) || z != 0) return false;
        TSNode base = ts_node_child_by_field_name(left, "argument", 8);
        if (syn_is(left, "subscript_expression")) {
            TSNode idx = ts_node_child_by_field_name(left, "index", 5);
            return syn_same_text(src, base, dst) && syn_const_value(src, idx, &z) && z == 0;
        }
        return syn_is(left, "pointer_expression") && syn_same_text(src, base, dst);
    }
    if (syn_is(e, "call_expression") && syn_callee_is(src, e, "strcpy")) {
        TSNode a = syn_argument(e, 0), b = syn_argument(e, 1);
        return syn_same_text(src, a, dst) && syn_is_string_literal(b) && syn_string_length(src, b) == 0;
    }
    return false;
}

bool pred_maybe_nonempty(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    (void)p;
    const char *src = env->source;
    TSNode st = argument_of(env->top, nodes[0]);
    /* the statement holding the call, inside a block */
    while (!ts_node_is_null(st) && !syn_is(syn_parent(env->top, st), "compound_statement"))
        st = syn_parent(env->top, st);
    if (ts_node_is_null(st)) return true;
    uint32_t dl;
    const char *dt = syn_text(src, nodes[0], &dl);
    for (TSNode prev = ts_node_prev_named_sibling(st); !ts_node_is_null(prev); prev = ts_node_prev_named_sibling(prev)) {
        if (syn_is(prev, "comment")) continue;
        if (empties(src, prev, nodes[0])) return false;
        uint32_t pl;
        const char *pt = syn_text(src, prev, &pl);
        if (pt && dl && memmem(pt, pl, dt, dl)) return true; /* touched in between: unknown */
    }
    return true;
}

/* Whether a printf format literal has only numeric conversions (%d, %u, %x, %f ...) and
 * %s of literal arguments: its output can carry digits, signs and the format's own text,
 * never text from data. args: the call's arguments after the format. */
static bool numeric_only_format(const char *src, TSNode fmt, TSNode call, uint32_t first_value)
{
    if (!syn_is_string_literal(fmt) || syn_is(fmt, "concatenated_string")) return false;
    uint32_t len;
    const char *t = syn_text(src, fmt, &len);
    uint32_t value = first_value;
    for (uint32_t i = 0; i < len; i++) {
        if (t[i] != '%') continue;
        if (i + 1 < len && t[i + 1] == '%') {
            i++;
            continue;
        }
        uint32_t j = i + 1;
        while (j < len && strchr("-+ #0123456789.hlLqjzt", t[j])) j++;
        if (j >= len) return false;
        if (t[j] == '*' || strchr("nc", t[j])) return false;
        if (t[j] == 's') {
            TSNode arg = syn_argument(call, value);
            if (ts_node_is_null(arg) || !syn_is_string_literal(arg)) return false;
        } else if (!strchr("diouxXeEfFgGaA", t[j])) {
            return false;
        }
        value++;
        i = j;
    }
    return true;
}

bool pred_may_hold_text(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    (void)p;
    const char *src = env->source;
    if (!syn_is(nodes[0], "identifier")) return true;
    TSNode st = argument_of(env->top, nodes[0]);
    while (!ts_node_is_null(st) && !syn_is(syn_parent(env->top, st), "compound_statement"))
        st = syn_parent(env->top, st);
    if (ts_node_is_null(st)) return true;
    uint32_t dl;
    const char *dt = syn_text(src, nodes[0], &dl);
    for (TSNode prev = ts_node_prev_named_sibling(st); !ts_node_is_null(prev); prev = ts_node_prev_named_sibling(prev)) {
        if (syn_is(prev, "comment")) continue;
        uint32_t pl;
        const char *pt = syn_text(src, prev, &pl);
        if (!pt || !memmem(pt, pl, dt, dl)) continue;
        /* the last statement that mentions it: sprintf/snprintf into it? */
        TSNode e = syn_is(prev, "expression_statement") && ts_node_named_child_count(prev) == 1
                       ? ts_node_named_child(prev, 0) : (TSNode){0};
        while (syn_is(e, "cast_expression")) e = ts_node_child_by_field_name(e, "value", 5);
        if (!syn_is(e, "call_expression")) return true;
        bool sn = syn_callee_is(src, e, "snprintf"), s1 = syn_callee_is(src, e, "sprintf");
        if ((!sn && !s1) || !syn_same_text(src, syn_argument(e, 0), nodes[0])) return true;
        uint32_t fi = sn ? 2 : 1;
        return !numeric_only_format(src, syn_argument(e, fi), e, fi + 1);
    }
    return true;
}

/* ---- where a value came from ------------------------------------------------------------- */

static const char *const input_functions[] = {"fgets", "gets", "read", "recv", "recvfrom", "recvmsg", "fread",
                                              "scanf", "fscanf", "sscanf", "getline", "getdelim", "pread",
                                              "fgetws", "getenv", "secure_getenv"};

/* "argv", "optarg", "getenv" when node mentions one of them, else NULL. */
static const char *direct_source(const char *src, TSNode n)
{
    if (syn_is(n, "identifier")) {
        if (syn_text_is(src, n, "argv")) return "argv";
        if (syn_text_is(src, n, "optarg")) return "optarg";
        return NULL;
    }
    if (syn_is(n, "call_expression") &&
        (syn_callee_is(src, n, "getenv") || syn_callee_is(src, n, "secure_getenv")))
        return "getenv";
    for (uint32_t i = 0; i < ts_node_named_child_count(n); i++) {
        const char *s = direct_source(src, ts_node_named_child(n, i));
        if (s) return s;
    }
    return NULL;
}

typedef struct {
    predicate_env_t *env;
    const char *name;
    uint32_t len;
    uint32_t before;
    const char *source;
} input_search_t;

static bool names_identifier(const char *src, TSNode n, const char *name, uint32_t len)
{
    while (syn_is(n, "pointer_expression") || syn_is(n, "cast_expression") || syn_is(n, "parenthesized_expression")) {
        TSNode inner = ts_node_child_by_field_name(n, syn_is(n, "cast_expression") ? "value" : "argument",
                                                   syn_is(n, "cast_expression") ? 5 : 8);
        n = ts_node_is_null(inner) ? ts_node_named_child(n, 0) : inner;
    }
    if (!syn_is(n, "identifier")) return false;
    uint32_t l;
    const char *t = syn_text(src, n, &l);
    return l == len && memcmp(t, name, len) == 0;
}

static int find_input(TSNode n, void *ctx)
{
    input_search_t *s = ctx;
    const char *src = s->env->source;
    if (ts_node_start_byte(n) >= s->before) return 2;
    if (syn_is(n, "call_expression")) {
        uint32_t len;
        const char *callee = syn_callee(src, n, &len);
        if (!callee) return 0;
        for (size_t i = 0; i < sizeof input_functions / sizeof input_functions[0]; i++) {
            if (strlen(input_functions[i]) != len || memcmp(input_functions[i], callee, len) != 0) continue;
            uint32_t first = strcmp(input_functions[i], "sscanf") == 0 ? 2 : 0;
            for (uint32_t k = first; k < syn_argument_count(n); k++) {
                if (names_identifier(src, syn_argument(n, k), s->name, s->len)) {
                    s->source = input_functions[i];
                    return 2;
                }
            }
        }
        return 0;
    }
    TSNode left = {0}, right = {0};
    if (syn_is(n, "assignment_expression")) {
        left = ts_node_child_by_field_name(n, "left", 4);
        right = ts_node_child_by_field_name(n, "right", 5);
    } else if (syn_is(n, "init_declarator")) {
        left = ts_node_child_by_field_name(n, "declarator", 10);
        while (!ts_node_is_null(left) && !syn_is(left, "identifier"))
            left = ts_node_child_by_field_name(left, "declarator", 10);
        right = ts_node_child_by_field_name(n, "value", 5);
    }
    if (!ts_node_is_null(left) && !ts_node_is_null(right) && names_identifier(src, left, s->name, s->len)) {
        const char *direct = direct_source(src, right);
        if (direct) {
            s->source = direct;
            return 2;
        }
    }
    return 0;
}

bool pred_external_input(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode top = env->top;
    const char *direct = direct_source(env->source, nodes[0]);
    if (direct) {
        predicate_fact(env, p->fact_prefix, "source", direct);
        return true;
    }
    TSNode body = function_body(top, nodes[0]);
    if (ts_node_is_null(body)) return false;
    const char *names[8];
    uint32_t lens[8];
    size_t count = 0;
    collect_identifiers(env->source, nodes[0], names, lens, &count, 8);
    for (size_t i = 0; i < count; i++) {
        input_search_t s = {.env = env, .name = names[i], .len = lens[i], .before = ts_node_start_byte(nodes[0])};
        syn_walk(body, find_input, &s);
        if (s.source) {
            predicate_fact(env, p->fact_prefix, "source", s.source);
            return true;
        }
    }
    return false;
}

/* ---- strncpy terminator ------------------------------------------------------------------- */

typedef struct {
    predicate_env_t *env;
    TSNode dst;
    uint32_t after;
    bool terminated;
} terminator_search_t;

/* x with pointer offsets and parentheses peeled: buf for buf + 5 + n, (buf). */
static TSNode offset_base(TSNode x)
{
    while (syn_is(x, "parenthesized_expression") || syn_is(x, "binary_expression"))
        x = syn_is(x, "binary_expression") ? ts_node_child_by_field_name(x, "left", 4) : ts_node_named_child(x, 0);
    return x;
}

static int find_terminator(TSNode n, void *ctx)
{
    terminator_search_t *s = ctx;
    const char *src = s->env->source;
    if (ts_node_end_byte(n) <= s->after) return 1;
    /* the next string write continues it: strcpy(buf + 5 + len, ".rdb") terminates */
    if (syn_is(n, "call_expression")) {
        static const char *const writers[] = {"strcpy", "strcat", "stpcpy", "sprintf", "snprintf", "memcpy"};
        TSNode args = ts_node_child_by_field_name(n, "arguments", 9);
        TSNode first = ts_node_named_child_count(args) ? ts_node_named_child(args, 0) : (TSNode){0};
        for (size_t i = 0; i < sizeof writers / sizeof writers[0] && !ts_node_is_null(first); i++) {
            if (!syn_callee_is(src, n, writers[i])) continue;
            /* its destination extends the strncpy's: dst + k after dst (tmpfile + 5 + n after tmpfile + 5) */
            uint32_t dl, fl;
            const char *dt = syn_text(src, s->dst, &dl), *ft = syn_text(src, first, &fl);
            if (!syn_is(first, "binary_expression") || !syn_same_text(src, offset_base(first), offset_base(s->dst)) ||
                fl <= dl || strncmp(dt, ft, dl) != 0)
                break;
            if (i == sizeof writers / sizeof writers[0] - 1) break; /* memcpy writes no terminator */
            s->terminated = true;
            return 2;
        }
        return 0;
    }
    /* the truncation is checked: if (name[sizeof name - 1] != '\0') return -1; */
    if (syn_is(n, "binary_expression")) {
        TSNode op = ts_node_child_by_field_name(n, "operator", 8);
        if (!syn_text_is(src, op, "!=") && !syn_text_is(src, op, "==")) return 0;
        for (int side = 0; side < 2; side++) {
            TSNode a = ts_node_child_by_field_name(n, side ? "right" : "left", side ? 5 : 4);
            TSNode b = ts_node_child_by_field_name(n, side ? "left" : "right", side ? 4 : 5);
            long long v;
            if (syn_is(a, "subscript_expression") &&
                syn_same_text(src, ts_node_child_by_field_name(a, "argument", 8), s->dst) &&
                syn_const_value(src, b, &v) && v == 0) {
                s->terminated = true;
                return 2;
            }
        }
        return 0;
    }
    if (!syn_is(n, "assignment_expression")) return 0;
    TSNode left = ts_node_child_by_field_name(n, "left", 4);
    long long v;
    if (!syn_const_value(src, ts_node_child_by_field_name(n, "right", 5), &v) || v != 0) return 0;
    TSNode base = {0};
    if (syn_is(left, "subscript_expression")) base = ts_node_child_by_field_name(left, "argument", 8);
    else if (syn_is(left, "pointer_expression")) {
        base = ts_node_child_by_field_name(left, "argument", 8);
        while (syn_is(base, "parenthesized_expression") || syn_is(base, "binary_expression"))
            base = syn_is(base, "binary_expression") ? ts_node_child_by_field_name(base, "left", 4)
                                                     : ts_node_named_child(base, 0);
    }
    if (!ts_node_is_null(base) && syn_same_text(src, base, s->dst)) {
        s->terminated = true;
        return 2;
    }
    return 0;
}

typedef struct {
    predicate_env_t *env;
    TSNode dst;
    uint32_t before;
    bool zeroed;
} zero_search_t;

/* Whether arg (memset's first argument) is the struct that holds dst: &sa for sa.path,
 * p for p->path. */
static bool zeroes_whole_object(const char *src, TSNode arg, TSNode dst)
{
    if (!syn_is(dst, "field_expression")) return false;
    TSNode base = ts_node_child_by_field_name(dst, "argument", 8);
    bool arrow = syn_text_is(src, ts_node_child_by_field_name(dst, "operator", 8), "->");
    if (arrow) return syn_same_text(src, arg, base);
    if (!syn_is(arg, "pointer_expression") || !syn_text_is(src, ts_node_child_by_field_name(arg, "operator", 8), "&"))
        return false;
    return syn_same_text(src, ts_node_child_by_field_name(arg, "argument", 8), base);
}

static int find_zeroing(TSNode n, void *ctx)
{
    zero_search_t *s = ctx;
    if (ts_node_start_byte(n) >= s->before) return 2;
    if (!syn_is(n, "call_expression")) return 0;
    const char *src = s->env->source;
    bool memset_call = syn_callee_is(src, n, "memset") || syn_callee_is(src, n, "explicit_bzero") ||
                       syn_callee_is(src, n, "bzero");
    if (!memset_call) return 0;
    TSNode first = syn_argument(n, 0);
    if (!ts_node_is_null(first) && (syn_same_text(src, first, s->dst) || zeroes_whole_object(src, first, s->dst))) {
        if (syn_callee_is(src, n, "memset")) {
            long long v;
            if (!syn_const_value(src, syn_argument(n, 1), &v) || v != 0) return 0;
        }
        s->zeroed = true;
        return 2;
    }
    return 0;
}

typedef struct {
    const char *src;
    TSNode name;      /* the variable assigned */
    uint32_t before;
    TSNode value;     /* its last value before `before` (declaration or assignment) */
} last_value_search_t;

static int find_last_value(TSNode n, void *ctx)
{
    last_value_search_t *s = ctx;
    if (ts_node_start_byte(n) >= s->before) return 2;
    TSNode left = {0}, right = {0};
    if (syn_is(n, "init_declarator")) {
        left = ts_node_child_by_field_name(n, "declarator", 10);
        while (syn_is(left, "pointer_declarator")) left = ts_node_child_by_field_name(left, "declarator", 10);
        right = ts_node_child_by_field_name(n, "value", 5);
    } else if (syn_is(n, "assignment_expression") &&
               syn_text_is(s->src, ts_node_child_by_field_name(n, "operator", 8), "=")) {
        left = ts_node_child_by_field_name(n, "left", 4);
        right = ts_node_child_by_field_name(n, "right", 5);
    }
    if (!ts_node_is_null(left) && !ts_node_is_null(right) && syn_same_text(s->src, left, s->name)) s->value = right;
    return 0;
}

/* The value last given to `name` (textually) before byte `before` in body, or a null node. */
static TSNode last_value(const char *src, TSNode body, TSNode name, uint32_t before)
{
    last_value_search_t s = {.src = src, .name = name, .before = before};
    syn_walk(body, find_last_value, &s);
    TSNode v = s.value;
    while (syn_is(v, "cast_expression")) v = ts_node_child_by_field_name(v, "value", 5);
    return v;
}

/* Whether text of a equals text of b followed by " + 1" (spaces ignored). */
static bool is_plus_one(const char *src, TSNode a, TSNode b)
{
    if (!syn_is(a, "binary_expression") || !syn_text_is(src, ts_node_child_by_field_name(a, "operator", 8), "+")) return false;
    long long one;
    TSNode l = ts_node_child_by_field_name(a, "left", 4), r = ts_node_child_by_field_name(a, "right", 5);
    return syn_const_value(src, r, &one) && one == 1 && syn_same_text(src, l, b);
}

bool pred_no_terminator(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode top = env->top;
    const char *src = env->source;
    TSNode dst = nodes[0], n = nodes[1];
    TSNode call = argument_of(top, dst);
    TSNode body = function_body(top, dst);
    if (ts_node_is_null(call) || ts_node_is_null(body)) return false;
    /* copying strlen(src) + 1 bytes copies the terminator too */
    if (syn_is(n, "binary_expression") && syn_text_is(src, ts_node_child_by_field_name(n, "operator", 8), "+") &&
        syn_is(ts_node_child_by_field_name(n, "left", 4), "call_expression") &&
        syn_callee_is(src, ts_node_child_by_field_name(n, "left", 4), "strlen"))
        return false;
    TSNode source = syn_argument(call, 1);
    /* len + 1 where len = strlen(src): the terminator is copied too */
    if (syn_is(n, "binary_expression") && syn_text_is(src, ts_node_child_by_field_name(n, "operator", 8), "+")) {
        TSNode len = ts_node_child_by_field_name(n, "left", 4);
        long long one;
        TSNode v = syn_is(len, "identifier") && syn_const_value(src, ts_node_child_by_field_name(n, "right", 5), &one) &&
                           one == 1
                       ? last_value(src, body, len, ts_node_start_byte(call)) : (TSNode){0};
        if (syn_is(v, "call_expression") && syn_callee_is(src, v, "strlen") && syn_same_text(src, syn_argument(v, 0), source))
            return false;
    }
    /* into a zeroed block one byte longer than the bound: dst = calloc(1, n + 1); strncpy(dst, s, n) */
    {
        TSNode v = last_value(src, body, dst, ts_node_start_byte(call));
        if (syn_is(v, "call_expression") && syn_callee_is(src, v, "calloc") &&
            (is_plus_one(src, syn_argument(v, 0), n) || is_plus_one(src, syn_argument(v, 1), n)))
            return false;
    }
    /* a literal source shorter than the bound is padded with NULs */
    long long bound;
    if (syn_is_string_literal(source)) {
        long len = syn_string_length(src, source);
        decl_t d;
        int subs;
        if (syn_const_value(src, n, &bound) && len >= 0 && len < bound) return false;
        if (syn_is(n, "sizeof_expression") && syn_lookup_object(src, env->root, env->top, env->fields, dst, &d, &subs) &&
            d.shape == DECL_ARRAY && syn_array_size(src, &d, subs, &bound, NULL, 0) && len >= 0 && len < bound)
            return false;
    }
    /* a source array no larger than the bound holds a string shorter than the bound, and
     * strncpy pads the rest with NULs: strncpy(ip, node->ip, NET_IP_STR_LEN) */
    decl_t sd;
    int ssubs;
    if (syn_lookup_object(src, env->root, env->top, env->fields, source, &sd, &ssubs) && sd.shape == DECL_ARRAY &&
        !sd.is_parameter && ssubs < sd.dims) {
        long long ssize;
        char stext[64];
        bool known = syn_array_size(src, &sd, ssubs, &ssize, stext, sizeof stext);
        TSNode nv = n;
        if (syn_is(n, "sizeof_expression")) {
            nv = ts_node_child_by_field_name(n, "value", 5);
            while (syn_is(nv, "parenthesized_expression")) nv = ts_node_named_child(nv, 0);
            if (!ts_node_is_null(nv) && syn_same_text(src, nv, source)) return false; /* sizeof src */
        }
        uint32_t nl;
        const char *nt = syn_text(src, n, &nl);
        if (known && syn_const_value(src, n, &bound) && ssize <= bound) return false;
        if (stext[0] && strlen(stext) == nl && strncmp(stext, nt, nl) == 0) return false; /* the same size */
    }
    terminator_search_t t = {.env = env, .dst = dst, .after = ts_node_end_byte(call)};
    syn_walk(body, find_terminator, &t);
    if (t.terminated) return false;
    /* "sizeof buf - 1" into a zeroed buffer leaves the last byte NUL */
    if (syn_is(n, "binary_expression") && syn_text_is(src, ts_node_child_by_field_name(n, "operator", 8), "-")) {
        long long one;
        if (syn_const_value(src, ts_node_child_by_field_name(n, "right", 5), &one) && one >= 1) {
            decl_t d;
            int subs;
            if (syn_lookup_object(src, env->root, env->top, env->fields, dst, &d, &subs) && d.shape == DECL_ARRAY &&
                !ts_node_is_null(d.value))
                return false;
            zero_search_t z = {.env = env, .dst = dst, .before = ts_node_start_byte(call)};
            syn_walk(body, find_zeroing, &z);
            if (z.zeroed) return false;
        }
    }
    return true;
}
