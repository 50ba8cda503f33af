/* predicate.c — compiling a pattern's predicates and evaluating them on a match.
 *
 * The table below is the whole predicate vocabulary a rule file may use: each entry
 * says how many captures and strings it takes, whether its first string is a regex,
 * how expensive it is (cheap text checks run before scope lookups and function walks,
 * so most matches are rejected without touching the tree) and which facts it records.
 * Text predicates live here; semantic ones in predicate_semantic.c, predicate_flow.c and
 * predicate_format.c. A text predicate on an identifier that an alias macro of the file
 * renames (`#define MKTEMP mktemp`, macro_alias.h) compares each name it may stand for:
 * #eq?/#any-of?/#match? hold when one of them matches (fact "alias" says which), their
 * negations only when none does. */
#include "analyzer/query/predicate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/query/macro_alias.h"
#include "analyzer/query/ts_syntax.h"

/* ---- text predicates ---------------------------------------------------------------- */

static bool is_negated(const predicate_def_t *def);

/* A test of one text: the predicate's strings or regex against t[0..len). */
typedef bool (*text_test_fn)(const predicate_t *p, predicate_env_t *env, const char *t, uint32_t len);

static bool is_first_string(const predicate_t *p, predicate_env_t *env, const char *t, uint32_t len)
{
    (void)env;
    return strlen(p->strings[0]) == len && memcmp(p->strings[0], t, len) == 0;
}

static bool is_any_string(const predicate_t *p, predicate_env_t *env, const char *t, uint32_t len)
{
    (void)env;
    for (size_t i = 0; i < p->string_count; i++)
        if (strlen(p->strings[i]) == len && memcmp(p->strings[i], t, len) == 0) return true;
    return false;
}

static bool regex_matches(const predicate_t *p, predicate_env_t *env, const char *t, uint32_t len)
{
    return pcre2_match(p->regex, (PCRE2_SPTR)t, len, 0, 0, env->match_data, NULL) >= 0;
}

/* Records the fact "alias" = "MKTEMP -> mktemp" once per match: a capture matched as
 * the name its alias macro stands for. Best effort: the fact only explains the match. */
static void note_alias(predicate_env_t *env, const char *written, uint32_t written_len,
                       const macro_alias_spelling_t *as)
{
    if (!env->facts && !(env->facts = candidate_new())) return;
    char value[160];
    snprintf(value, sizeof value, "%.*s -> %.*s", (int)written_len, written, (int)as->len, as->text);
    for (size_t i = 0; i < env->facts->fact_count; i++)
        if (!strcmp(env->facts->facts[i].name, "alias") && !strcmp(env->facts->facts[i].value, value)) return;
    (void)candidate_add_fact(env->facts, "alias", value);
}

/* Whether test holds for the text at source bytes [start, start + len), or, when that
 * text is an alias macro visible there, for a name it stands for; note: record which. */
static bool test_spellings(const predicate_t *p, predicate_env_t *env, uint32_t start, uint32_t len,
                           text_test_fn test, bool note)
{
    const char *t = env->source + start;
    if (test(p, env, t, len)) return true;
    if (!env->aliases) return false;
    macro_alias_spelling_t as[MACRO_ALIAS_SPELLINGS];
    size_t n = macro_aliases_resolve(env->aliases, start, start + len, as, MACRO_ALIAS_SPELLINGS);
    for (size_t i = 0; i < n; i++) {
        if (!test(p, env, as[i].text, as[i].len)) continue;
        if (note && !is_negated(p->def)) note_alias(env, t, len, &as[i]);
        return true;
    }
    return false;
}

static bool test_node(const predicate_t *p, predicate_env_t *env, TSNode node, text_test_fn test)
{
    uint32_t start = ts_node_start_byte(node);
    return test_spellings(p, env, start, ts_node_end_byte(node) - start, test, true);
}

static bool text_eq(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    if (p->capture_count == 2) { /* exact bytes; #same-text? ignores whitespace */
        uint32_t la, lb;
        const char *a = syn_text(env->source, nodes[0], &la), *b = syn_text(env->source, nodes[1], &lb);
        return la == lb && memcmp(a, b, la) == 0;
    }
    return test_node(p, env, nodes[0], is_first_string);
}

static bool text_any_of(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    return test_node(p, env, nodes[0], is_any_string);
}

static bool text_match(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    return test_node(p, env, nodes[0], regex_matches);
}

bool predicate_regex_matches(const predicate_t *p, predicate_env_t *env, const char *text, uint32_t len)
{
    /* text of the file (a callee's name) also matches as the names its alias macro stands for */
    uintptr_t at = (uintptr_t)text, base = (uintptr_t)env->source;
    if (!env->aliases || at < base || at + len > base + env->length) return regex_matches(p, env, text, len);
    return test_spellings(p, env, (uint32_t)(at - base), len, regex_matches, false);
}

bool predicate_callee_is(const predicate_env_t *env, TSNode call, const char *name)
{
    uint32_t len;
    const char *callee = syn_callee(env->source, call, &len);
    if (!callee) return false;
    size_t name_len = strlen(name);
    if (name_len == len && memcmp(callee, name, len) == 0) return true;
    if (!env->aliases) return false;
    macro_alias_spelling_t as[MACRO_ALIAS_SPELLINGS];
    uint32_t start = (uint32_t)(callee - env->source);
    size_t n = macro_aliases_resolve(env->aliases, start, start + len, as, MACRO_ALIAS_SPELLINGS);
    for (size_t i = 0; i < n; i++)
        if (as[i].len == name_len && memcmp(as[i].text, name, name_len) == 0) return true;
    return false;
}

/* Negated text predicates share the evaluators; `negate` is set from the name. */
static const predicate_def_t predicate_defs[] = {
    /* name                  caps  strings regex cost facts            eval */
    {"eq?",                   1, 2,  0, 1, false, 0, "",              text_eq},
    {"not-eq?",               1, 2,  0, 1, false, 0, "",              text_eq},
    {"match?",                1, 1,  1, 1, true,  0, "",              text_match},
    {"not-match?",            1, 1,  1, 1, true,  0, "",              text_match},
    {"any-of?",               1, 1,  1, 64, false, 0, "",             text_any_of},
    {"not-any-of?",           1, 1,  1, 64, false, 0, "",             text_any_of},
    {"same-text?",            2, 2,  0, 0, false, 0, "",              pred_same_text},
    {"is-last-argument!",     1, 1,  0, 0, false, 1, "last",          pred_is_last_argument},
    {"non-constant?",         1, 1,  0, 0, false, 2, "",              pred_non_constant},
    {"not-literal?",          1, 1,  0, 0, false, 2, "",              pred_not_literal},
    {"untrusted-format?",     1, 1,  0, 0, false, 2, "",              pred_untrusted_format},
    {"mode-grants?",          1, 1,  1, 1, false, 1, "octal",         pred_mode_grants},
    {"mode-lacks?",           1, 1,  1, 1, false, 1, "octal",         pred_mode_lacks},
    {"has-side-effect?",      1, 1,  1, 1, true,  1, "effect",        pred_has_side_effect},
    {"sizeof-of?",            2, 2,  0, 0, false, 1, "",              pred_sizeof_of},
    {"fixed-array?",          1, 1,  0, 0, false, 2, "size decl_line", pred_fixed_array},
    {"pointer?",              1, 1,  0, 0, false, 2, "decl_line",     pred_pointer},
    {"local-array?",          1, 1,  0, 0, false, 2, "decl_line",     pred_local_array},
    {"local-object?",         1, 1,  0, 0, false, 2, "decl_line",     pred_local_object},
    {"not-heap?",             1, 1,  0, 0, false, 2, "kind decl_line", pred_not_heap},
    {"exceeds-array?",        2, 2,  0, 0, false, 2, "size bound",    pred_exceeds_array},
    {"secret-context?",       1, 1,  1, 1, true,  2, "context",       pred_secret_context},
    {"unguarded-product?",    1, 1,  0, 0, false, 3, "operand",       pred_unguarded_product},
    {"unguarded?",            1, 1,  0, 0, false, 3, "",              pred_unguarded},
    {"maybe-nonempty?",       1, 1,  0, 0, false, 3, "",              pred_maybe_nonempty},
    {"may-hold-text?",        1, 1,  0, 0, false, 3, "",              pred_may_hold_text},
    {"no-exclusive-open?",    1, 1,  0, 0, false, 3, "",              pred_no_exclusive_open},
    {"external-input?",       1, 1,  0, 0, false, 3, "source",        pred_external_input},
    {"length-unchecked?",     1, 1,  0, 0, false, 3, "",              pred_length_unchecked},
    {"may-exceed?",           2, 2,  0, 0, false, 3, "",              pred_may_exceed},
    {"format-may-exceed?",    2, 2,  0, 0, false, 3, "max max_fixed", pred_format_may_exceed},
    {"scanf-unbounded?",      1, 1,  0, 0, false, 3, "conversion target target_size bounded", pred_scanf_unbounded},
    {"no-terminator?",        2, 2,  0, 0, false, 3, "",              pred_no_terminator},
    {"unchecked-use?",        1, 1,  1, 1, true,  3, "use_line use",  pred_unchecked_use},
    {"freed-again?",          1, 1,  0, 0, false, 3, "first_line",    pred_freed_again},
    {"used-after-free?",      1, 1,  1, 1, true,  3, "free_line use", pred_used_after_free},
    {"followed-by-call-on?",  1, 1,  1, 1, true,  3, "call call_line", pred_followed_by_call_on},
    {"not-followed-by-call?", 1, 1,  1, 1, true,  3, "",              pred_not_followed_by_call},
};

static const predicate_def_t *find_def(const char *name)
{
    for (size_t i = 0; i < sizeof predicate_defs / sizeof predicate_defs[0]; i++)
        if (strcmp(predicate_defs[i].name, name) == 0) return &predicate_defs[i];
    return NULL;
}

bool predicate_known(const char *name)
{
    return find_def(name) != NULL;
}

/* ---- compile ---------------------------------------------------------------------------- */

static void predicate_destroy(predicate_t *p)
{
    for (size_t i = 0; i < p->string_count; i++) free(p->strings[i]);
    free(p->strings);
    if (p->regex) pcre2_code_free(p->regex);
    free(p->fact_prefix);
}

void predicate_list_destroy(predicate_list_t *list)
{
    if (!list) return;
    for (size_t i = 0; i < list->count; i++) predicate_destroy(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof(*list));
}

static int compare_cost(const void *a, const void *b)
{
    const predicate_t *x = a, *y = b;
    return x->cost - y->cost;
}

int predicate_list_compile(predicate_list_t *out, const TSQuery *query, uint32_t pattern,
                           size_t *which, char *err, size_t err_size)
{
    memset(out, 0, sizeof(*out));
    *which = 0;
    uint32_t nsteps;
    const TSQueryPredicateStep *steps = ts_query_predicates_for_pattern(query, pattern, &nsteps);
    size_t index = 0;
    for (uint32_t i = 0; i < nsteps; index++) {
        *which = index;
        /* one predicate: name, args..., done */
        uint32_t start = i;
        while (i < nsteps && steps[i].type != TSQueryPredicateStepTypeDone) i++;
        uint32_t end = i++; /* [start, end) */
        if (steps[start].type != TSQueryPredicateStepTypeString) {
            snprintf(err, err_size, "a predicate must start with its #name");
            goto fail;
        }
        uint32_t len;
        const char *name = ts_query_string_value_for_id(query, steps[start].value_id, &len);
        const predicate_def_t *def = find_def(name);
        bool directive = false;
        if (!def && len > 1 && name[len - 1] == '!') { /* "#fixed-array!": the facts, no filter */
            char question[64];
            snprintf(question, sizeof question, "%.*s?", (int)(len - 1), name);
            def = find_def(question);
            directive = def && def->cost > 0;
            if (!directive) def = NULL;
        }
        if (!def) {
            snprintf(err, err_size, "unknown predicate '#%s' (see rules/README.md for the list)", name);
            goto fail;
        }
        /* directives never reject a match: run them last, only on matches that survive */
        bool never_rejects = directive || def->eval == pred_is_last_argument;
        predicate_t p = {.def = def, .cost = never_rejects ? 100 : def->cost, .directive = directive};
        bool seen_string = false;
        for (uint32_t k = start + 1; k < end; k++) {
            if (steps[k].type == TSQueryPredicateStepTypeCapture) {
                if (seen_string || p.capture_count == 3) {
                    snprintf(err, err_size, "'#%s' takes its @captures first, then its \"strings\"", name);
                    predicate_destroy(&p);
                    goto fail;
                }
                p.captures[p.capture_count++] = steps[k].value_id;
            } else {
                seen_string = true;
                const char *s = ts_query_string_value_for_id(query, steps[k].value_id, &len);
                char **grown = realloc(p.strings, (p.string_count + 1) * sizeof(*grown));
                if (!grown) {
                    snprintf(err, err_size, "out of memory");
                    predicate_destroy(&p);
                    goto fail;
                }
                p.strings = grown;
                p.strings[p.string_count] = strdup(s);
                if (!p.strings[p.string_count]) {
                    snprintf(err, err_size, "out of memory");
                    predicate_destroy(&p);
                    goto fail;
                }
                p.string_count++;
            }
        }
        /* #eq? takes either two captures or one capture and one string */
        bool arity_ok = (int)p.capture_count >= def->captures_min && (int)p.capture_count <= def->captures_max &&
                        (int)p.string_count >= def->strings_min && (int)p.string_count <= def->strings_max;
        if (def->eval == text_eq) arity_ok = p.capture_count >= 1 && p.capture_count + p.string_count == 2;
        if (!arity_ok) {
            if (def->captures_min == def->captures_max && def->strings_min == def->strings_max)
                snprintf(err, err_size, "'#%s' takes %d @capture(s) and %d string(s), got %zu and %zu", name,
                         def->captures_min, def->strings_min, p.capture_count, p.string_count);
            else
                snprintf(err, err_size, "'#%s' takes %d-%d @captures and %d-%d strings, got %zu and %zu", name,
                         def->captures_min, def->captures_max, def->strings_min, def->strings_max,
                         p.capture_count, p.string_count);
            predicate_destroy(&p);
            goto fail;
        }
        if (def->regex) {
            int code;
            PCRE2_SIZE offset;
            p.regex = pcre2_compile((PCRE2_SPTR)p.strings[0], PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
                                    &code, &offset, NULL);
            if (!p.regex) {
                char msg[256];
                pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof msg);
                snprintf(err, err_size, "bad regex \"%s\" in '#%s': %s at offset %zu", p.strings[0], name, msg,
                         (size_t)offset);
                predicate_destroy(&p);
                goto fail;
            }
            pcre2_jit_compile(p.regex, PCRE2_JIT_COMPLETE); /* best effort: falls back to the interpreter */
        }
        const char *cap = ts_query_capture_name_for_id(query, p.captures[0], &len);
        p.fact_prefix = strndup(cap, len);
        predicate_t *grown = realloc(out->items, (out->count + 1) * sizeof(*grown));
        if (!p.fact_prefix || !grown) {
            if (grown) out->items = grown;
            snprintf(err, err_size, "out of memory");
            predicate_destroy(&p);
            goto fail;
        }
        out->items = grown;
        out->items[out->count++] = p;
    }
    if (out->count > 1) qsort(out->items, out->count, sizeof(*out->items), compare_cost);
    return 0;
fail:
    predicate_list_destroy(out);
    return -1;
}

bool predicate_list_records(const predicate_list_t *list, const char *name)
{
    for (size_t i = 0; i < list->count; i++) {
        const predicate_t *p = &list->items[i];
        size_t pl = strlen(p->fact_prefix);
        if (strncmp(name, p->fact_prefix, pl) != 0 || name[pl] != '_') continue;
        const char *suffix = name + pl + 1;
        size_t sl = strlen(suffix);
        for (const char *f = p->def->facts; *f;) {
            size_t n = strcspn(f, " ");
            if (n == sl && strncmp(f, suffix, n) == 0) return true;
            f += n;
            while (*f == ' ') f++;
        }
    }
    return false;
}

/* ---- evaluate ----------------------------------------------------------------------- */

TSNode predicate_capture(const predicate_env_t *env, uint32_t capture_id)
{
    for (uint16_t i = 0; i < env->match->capture_count; i++)
        if (env->match->captures[i].index == capture_id) return env->match->captures[i].node;
    TSNode none = {0};
    return none;
}

static bool is_negated(const predicate_def_t *def)
{
    return strncmp(def->name, "not-", 4) == 0 && def->eval != pred_not_literal &&
           def->eval != pred_not_heap && def->eval != pred_not_followed_by_call;
}

bool predicate_list_eval(const predicate_list_t *list, predicate_env_t *env)
{
    for (size_t i = 0; i < list->count; i++) {
        const predicate_t *p = &list->items[i];
        TSNode nodes[3];
        for (size_t k = 0; k < p->capture_count; k++) {
            nodes[k] = predicate_capture(env, p->captures[k]);
            if (ts_node_is_null(nodes[k])) return false;
        }
        bool ok = p->def->eval(p, env, nodes);
        if (is_negated(p->def)) ok = !ok;
        if (!ok && !p->directive) return false;
    }
    return true;
}

int predicate_fact(predicate_env_t *env, const char *prefix, const char *name, const char *value)
{
    if (!env->facts && !(env->facts = candidate_new())) return -1;
    char full[128];
    snprintf(full, sizeof full, "%s_%s", prefix, name);
    return candidate_add_fact(env->facts, full, value);
}

int predicate_flow(predicate_env_t *env, TSNode node, const char *message)
{
    if (!env->facts && !(env->facts = candidate_new())) return -1;
    source_range_t r;
    TSPoint s = ts_node_start_point(node), e = ts_node_end_point(node);
    r.start_byte = ts_node_start_byte(node);
    r.end_byte = ts_node_end_byte(node);
    r.start_line = s.row + 1;
    r.start_col = s.column + 1;
    r.end_line = e.row + 1;
    r.end_col = e.column + 1;
    return candidate_add_flow(env->facts, r, message);
}
