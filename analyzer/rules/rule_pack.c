/* rule_pack.c — loads rules/ into a rule pack and compiles the combined queries.
 *
 * Loading happens in two passes. First every file is parsed on its own (rule_file.c)
 * and its query compiled alone, so an error can name the file, line and column; this
 * also finds the rule's gate words or root keywords (rule_impl.h). Then the query rules
 * are concatenated into three tree-sitter queries — gated rules, keyed rules and the
 * rest — so the scanner walks a tree once per group instead of once per rule, and maps
 * each match's pattern index back to its rule and predicates through pattern_rule /
 * pattern_predicates. */
#include "analyzer/rules/rule_pack.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/query/predicate.h"
#include "analyzer/rules/rule_impl.h"
#include "analyzer/query/ts_syntax.h"
#include "core/hash.h"

static int fail(char *err, size_t err_size, const char *fmt, ...)
{
    if (err && err_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_size, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int rule_pack_set_enabled(rule_pack_t *pack, const char *id_or_glob, bool enabled)
{
    int matched = 0;
    for (size_t i = 0; i < pack->count; i++) {
        rule_t *r = pack->rules[i];
        if (strcmp(r->id, id_or_glob) == 0 || fnmatch(id_or_glob, r->id, 0) == 0) {
            r->enabled = enabled;
            matched++;
        }
    }
    return matched ? matched : -1;
}

const char *rule_fix_description(const rule_t *rule)
{
    const rule_impl_t *impl = rule ? rule->impl : NULL;
    return impl ? impl->fix_description : NULL;
}

static void group_destroy(rule_group_t *g)
{
    if (g->pattern_predicates)
        for (uint32_t i = 0; i < g->pattern_count; i++) predicate_list_destroy(&g->pattern_predicates[i]);
    free(g->pattern_predicates);
    free(g->pattern_rule);
    if (g->query) ts_query_delete(g->query);
}

static void pack_impl_free(pack_impl_t *impl)
{
    if (!impl) return;
    group_destroy(&impl->everywhere);
    group_destroy(&impl->keyed);
    group_destroy(&impl->gated);
    free(impl->gate_words); /* the words themselves belong to the rules */
    free(impl->gate_heights);
    free(impl);
}

static uint64_t word_hash(const char *s, size_t len)
{
    return hash_bytes(s, len);
}

int rule_pack_gate_height(const pack_impl_t *impl, const char *s, size_t len)
{
    if (!impl->gate_cap) return -1;
    size_t mask = impl->gate_cap - 1;
    for (size_t j = word_hash(s, len) & mask; impl->gate_words[j]; j = (j + 1) & mask)
        if (strncmp(impl->gate_words[j], s, len) == 0 && impl->gate_words[j][len] == '\0')
            return impl->gate_heights[j];
    return -1;
}

static void gate_set_add(pack_impl_t *impl, char *word, int height)
{
    size_t len = strlen(word), mask = impl->gate_cap - 1;
    size_t j = word_hash(word, len) & mask;
    for (; impl->gate_words[j]; j = (j + 1) & mask) {
        if (strcmp(impl->gate_words[j], word) == 0) {
            if (height > impl->gate_heights[j]) impl->gate_heights[j] = height;
            return;
        }
    }
    impl->gate_words[j] = word;
    impl->gate_heights[j] = height;
}

static bool is_identifier(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_')) return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_')) return false;
    return true;
}

/* How many node levels below its pattern's root the capture @name[0..len) sits, read from
 * the pattern's text (which starts at text): the root node is level 0, each enclosing node
 * pattern "(kind ...)" adds one, groupings "((a) (b))" and alternations "[...]" add none.
 * The deepest occurrence counts. A paren that might be either counts as a node, so the
 * answer is never too small; GATE_HEIGHT_UNKNOWN when the capture is not found. */
static int capture_depth(const char *text, const char *name, size_t len)
{
    char kinds[64];          /* open brackets: 'n' node, 'g' grouping, 'a' alternation */
    int open = 0, nodes = 0; /* brackets open, of which node patterns */
    int last = -1;           /* level of the element just closed or read */
    int depth = -1;
    for (const char *c = text; *c; c++) {
        if (*c == ';') { /* comment */
            while (*c && *c != '\n') c++;
            if (!*c) break;
        } else if (*c == '"') {
            for (c++; *c && *c != '"'; c++)
                if (*c == '\\' && c[1]) c++;
            if (!*c) break;
            last = nodes;
        } else if (*c == '(' || *c == '[') {
            const char *n = c + 1;
            while (*n == ' ' || *n == '\t' || *n == '\n' || *n == '\r') n++;
            if (*c == '(' && *n == '#') { /* a predicate: skip it */
                int level = 0;
                for (; *c; c++) {
                    if (*c == '"') {
                        for (c++; *c && *c != '"'; c++)
                            if (*c == '\\' && c[1]) c++;
                        if (!*c) return GATE_HEIGHT_UNKNOWN;
                    } else if (*c == '(') {
                        level++;
                    } else if (*c == ')' && --level == 0) {
                        break;
                    }
                }
                if (!*c) break;
                continue;
            }
            if (open == (int)sizeof kinds) return GATE_HEIGHT_UNKNOWN;
            char kind = *c == '[' ? 'a' : (*n == '(' || *n == '[') ? 'g' : 'n';
            kinds[open++] = kind;
            if (kind == 'n') nodes++;
        } else if (*c == ')' || *c == ']') {
            if (open == 0) return GATE_HEIGHT_UNKNOWN;
            if (kinds[--open] == 'n') nodes--;
            last = nodes;
            if (open == 0) break; /* the end of this pattern */
        } else if (*c == '_' && (c[1] == ' ' || c[1] == ')' || c[1] == '\n' || c[1] == '\t') &&
                   (c == text || c[-1] == ' ' || c[-1] == '\n' || c[-1] == '\t' || c[-1] == '(')) {
            last = nodes; /* a bare wildcard child */
        } else if (*c == '@') {
            const char *n = c + 1;
            while (*n && (isalnum((unsigned char)*n) || *n == '_' || *n == '-' || *n == '.')) n++;
            if ((size_t)(n - c - 1) == len && memcmp(c + 1, name, len) == 0) {
                if (last < 0) return GATE_HEIGHT_UNKNOWN;
                if (last > depth) depth = last;
            }
            c = n - 1;
        }
    }
    return depth < 0 ? GATE_HEIGHT_UNKNOWN : depth;
}

/* Statement kinds whose first token is always the keyword (tree-sitter-c 0.23). */
static const struct {
    const char *kind, *keyword;
} root_keywords[] = {
    {"if_statement", "if"},         {"while_statement", "while"}, {"do_statement", "do"},
    {"for_statement", "for"},       {"return_statement", "return"}, {"switch_statement", "switch"},
    {"goto_statement", "goto"},     {"break_statement", "break"}, {"continue_statement", "continue"},
};
#define ROOT_KEYWORD_COUNT (sizeof root_keywords / sizeof root_keywords[0])

bool rule_pack_root_keyword(const pack_impl_t *impl, const char *s, size_t len)
{
    if (!impl->keywords || len < 2 || len > 8) return false;
    for (size_t k = 0; k < ROOT_KEYWORD_COUNT; k++) {
        const char *w = root_keywords[k].keyword;
        if ((impl->keywords >> k & 1) && w[0] == s[0] && w[1] == s[1] && strncmp(w, s, len) == 0 && w[len] == '\0')
            return true;
    }
    return false;
}

/* The root_keywords index of the root node kind of the pattern whose text starts at
 * text, or -1 when its root is not such a statement (or is an alternation, a wildcard). */
static int pattern_root_keyword(const char *text)
{
    const char *c = text;
    while (*c == '(' || *c == ' ' || *c == '\t' || *c == '\n' || *c == '\r') c++;
    if (c == text || c[-1] != '(') return -1;
    size_t len = 0;
    while (isalnum((unsigned char)c[len]) || c[len] == '_') len++;
    for (size_t k = 0; k < ROOT_KEYWORD_COUNT; k++)
        if (strncmp(root_keywords[k].kind, c, len) == 0 && root_keywords[k].kind[len] == '\0') return (int)k;
    return -1;
}

/* The gate words of pattern p: the strings of its first #eq?/#any-of? on a capture whose
 * strings are all identifiers. Appends them to the rule and raises the rule's gate height
 * to the capture's level in the pattern; false when there is none. */
static bool pattern_gate(const TSQuery *q, uint32_t p, rule_impl_t *im)
{
    uint32_t n;
    const TSQueryPredicateStep *steps = ts_query_predicates_for_pattern(q, p, &n);
    for (uint32_t i = 0; i < n;) {
        uint32_t start = i;
        while (i < n && steps[i].type != TSQueryPredicateStepTypeDone) i++;
        uint32_t end = i++;
        uint32_t len;
        const char *name = ts_query_string_value_for_id(q, steps[start].value_id, &len);
        if (strcmp(name, "eq?") != 0 && strcmp(name, "any-of?") != 0) continue;
        if (end - start < 3 || steps[start + 1].type != TSQueryPredicateStepTypeCapture) continue;
        bool ok = true;
        for (uint32_t k = start + 2; k < end && ok; k++)
            ok = steps[k].type == TSQueryPredicateStepTypeString &&
                 is_identifier(ts_query_string_value_for_id(q, steps[k].value_id, &len));
        if (!ok) continue;
        const char *capture = ts_query_capture_name_for_id(q, steps[start + 1].value_id, &len);
        int depth = ts_query_is_pattern_rooted(q, p)
                        ? capture_depth(im->query + ts_query_start_byte_for_pattern(q, p), capture, len)
                        : GATE_HEIGHT_UNKNOWN; /* sibling patterns: run on the whole top */
        if (depth > im->gate_height) im->gate_height = depth;
        for (uint32_t k = start + 2; k < end; k++) {
            char **grown = realloc(im->gate_words, (im->gate_word_count + 1) * sizeof(*grown));
            if (!grown) return false;
            im->gate_words = grown;
            if (!(im->gate_words[im->gate_word_count] = strdup(ts_query_string_value_for_id(q, steps[k].value_id, &len))))
                return false;
            im->gate_word_count++;
        }
        return true;
    }
    return false;
}

void rule_pack_free(rule_pack_t *pack)
{
    if (!pack) return;
    for (size_t i = 0; i < pack->count; i++) rule_free(pack->rules[i]);
    free(pack->rules);
    pack_impl_free(pack->impl);
    free(pack);
}

/* ---- checking one rule's query ------------------------------------------------------- */

static const char *query_error_name(TSQueryError e)
{
    switch (e) {
    case TSQueryErrorSyntax: return "syntax error";
    case TSQueryErrorNodeType: return "unknown node type";
    case TSQueryErrorField: return "unknown field name";
    case TSQueryErrorCapture: return "unknown capture";
    case TSQueryErrorStructure: return "impossible pattern (these nodes never nest like that)";
    case TSQueryErrorLanguage: return "the C grammar is incompatible with this tree-sitter";
    default: return "error";
    }
}

/* Offset of the k-th "(#" predicate in a query text (skipping strings and ; comments). */
static uint32_t predicate_offset(const char *q, size_t k)
{
    size_t seen = 0;
    for (uint32_t i = 0; q[i]; i++) {
        if (q[i] == ';') {
            while (q[i] && q[i] != '\n') i++;
            if (!q[i]) break;
        } else if (q[i] == '"') {
            for (i++; q[i] && q[i] != '"'; i++)
                if (q[i] == '\\' && q[i + 1]) i++;
            if (!q[i]) break;
        } else if (q[i] == '(' ) {
            uint32_t j = i + 1;
            while (q[j] == ' ' || q[j] == '\t' || q[j] == '\n') j++;
            if (q[j] == '#') {
                if (seen == k) return j;
                seen++;
            }
        }
    }
    return 0;
}

static bool query_has_capture(const TSQuery *q, const char *name)
{
    uint32_t n = ts_query_capture_count(q);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t len;
        const char *c = ts_query_capture_name_for_id(q, i, &len);
        if (strlen(name) == len && memcmp(c, name, len) == 0) return true;
    }
    return false;
}

static int capture_id(const TSQuery *q, const char *name, uint32_t *out)
{
    uint32_t n = ts_query_capture_count(q);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t len;
        const char *c = ts_query_capture_name_for_id(q, i, &len);
        if (strlen(name) == len && memcmp(c, name, len) == 0) {
            *out = i;
            return 0;
        }
    }
    return -1;
}

static bool name_known(const TSQuery *q, const predicate_list_t *lists, uint32_t count, const char *name)
{
    if (query_has_capture(q, name)) return true;
    for (uint32_t i = 0; i < count; i++)
        if (predicate_list_records(&lists[i], name)) return true;
    return false;
}

static int check_template(const rule_t *r, const template_t *t, int line, const char *what, const TSQuery *q,
                          const predicate_list_t *lists, uint32_t count, char *err, size_t err_size)
{
    for (size_t i = 0; i < t->count; i++) {
        if (!t->parts[i].is_name || name_known(q, lists, count, t->parts[i].text)) continue;
        return fail(err, err_size,
                    "%s:%d: %s uses {%s}, which is neither a capture of the query nor a fact its predicates record",
                    r->source_path, line, what, t->parts[i].text);
    }
    return 0;
}

/* The characters of a name in a query, as tree-sitter's query parser reads them (letters
 * of any script, digits, _ - . ? !; a name starts with a letter, digit, _ or -). */
static bool query_name_char(char c)
{
    return isalnum((unsigned char)c) || (unsigned char)c >= 0x80 || strchr("_-.?!", c);
}

static bool query_name_start(char c)
{
    return isalnum((unsigned char)c) || (unsigned char)c >= 0x80 || c == '_' || c == '-';
}

static int query_fail_at(const rule_t *r, uint32_t at, char *err, size_t err_size, const char *fmt, ...)
{
    uint32_t line, col;
    rule_query_position(r->impl, at, &line, &col);
    char what[192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return fail(err, err_size, "%s:%u:%u: bad query: %s", r->source_path, line, col, what);
}

/* What libtree-sitter 0.20 does not survive, or leaks on, is refused before the query
 * reaches it, by reading the query's tokens as its parser does:
 *   - nesting deeper than RULE_QUERY_MAX_DEPTH (its parser recurses once per level: 100k
 *     levels overflow the stack);
 *   - a field name the C grammar does not have (ts_query_new loses the field pattern's
 *     capture list when it reports one);
 *   - a quantifier right after another, captures between them aside (`(x)??` reads freed
 *     memory, `(x)?*` never returns). */
static int precheck_query(const rule_t *r, char *err, size_t err_size)
{
    const char *q = ((const rule_impl_t *)r->impl)->query;
    int depth = 0;
    bool after_quantifier = false;
    for (uint32_t i = 0; q[i]; i++) {
        char c = q[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        if (c == ';') { /* a comment, to the end of the line */
            while (q[i + 1] && q[i + 1] != '\n') i++;
            continue;
        }
        if (c == '"') {
            for (i++; q[i] && q[i] != '"'; i++)
                if (q[i] == '\\' && q[i + 1]) i++;
            if (!q[i]) break;
            after_quantifier = false;
            continue;
        }
        bool wildcard = c == '_' && !query_name_start(q[i + 1]); /* `_`, but `_x` is a name */
        if (!wildcard && (c == '@' || c == '#' || query_name_start(c))) { /* capture, predicate, node, field */
            uint32_t start = i + (c == '@' || c == '#'), end = start;
            while (q[end] && query_name_char(q[end])) end++;
            if (c != '@') after_quantifier = false;
            uint32_t k = end;
            while (q[k] == ' ' || q[k] == '\t' || q[k] == '\n' || q[k] == '\r') k++;
            if (query_name_start(c) && q[k] == ':' &&
                ts_language_field_id_for_name(tree_sitter_c(), q + start, end - start) == 0)
                return query_fail_at(r, start, err, err_size, "unknown field name '%.*s'", (int)(end - start),
                                     q + start);
            i = end - 1;
            continue;
        }
        if (c == '?' || c == '*' || c == '+') {
            if (after_quantifier)
                return query_fail_at(r, i, err, err_size, "'%c' right after another quantifier", c);
            after_quantifier = true;
            continue;
        }
        after_quantifier = false;
        if (c == '(' || c == '[') {
            if (++depth > RULE_QUERY_MAX_DEPTH)
                return query_fail_at(r, i, err, err_size, "nested deeper than %d levels (the limit)",
                                     RULE_QUERY_MAX_DEPTH);
        } else if ((c == ')' || c == ']') && depth > 0) {
            depth--;
        }
    }
    return 0;
}

static int check_rule_query(rule_t *r, char *err, size_t err_size)
{
    rule_impl_t *im = r->impl;
    if (precheck_query(r, err, err_size) != 0) return -1;
    uint32_t offset;
    TSQueryError qe;
    TSQuery *q = ts_query_new(tree_sitter_c(), im->query, (uint32_t)strlen(im->query), &offset, &qe);
    if (!q) {
        uint32_t line, col;
        rule_query_position(im, offset, &line, &col);
        return fail(err, err_size, "%s:%u:%u: bad query: %s", r->source_path, line, col, query_error_name(qe));
    }
    uint32_t patterns = ts_query_pattern_count(q);
    predicate_list_t *lists = calloc(patterns ? patterns : 1, sizeof(*lists));
    int rc = -1;
    if (!lists) {
        fail(err, err_size, "%s: out of memory", r->source_path);
        goto done;
    }
    size_t predicate_base = 0;
    for (uint32_t p = 0; p < patterns; p++) {
        uint32_t start = ts_query_start_byte_for_pattern(q, p);
        const char *at = im->query + start;
        if (at[0] == '(') {
            at++;
            while (*at == ' ' || *at == '\t' || *at == '\n') at++;
        }
        if (*at == '#') {
            uint32_t line, col;
            rule_query_position(im, (uint32_t)(at - im->query), &line, &col);
            fail(err, err_size,
                 "%s:%u:%u: predicate outside a pattern: put the pattern and its predicates in one pair of "
                 "parentheses, like ((call_expression) @call (#eq? ...))",
                 r->source_path, line, col);
            goto done;
        }
        size_t which;
        char msg[512];
        if (predicate_list_compile(&lists[p], q, p, &which, msg, sizeof msg) < 0) {
            uint32_t line, col;
            rule_query_position(im, predicate_offset(im->query, predicate_base + which), &line, &col);
            fail(err, err_size, "%s:%u:%u: %s", r->source_path, line, col, msg);
            goto done;
        }
        uint32_t nsteps;
        const TSQueryPredicateStep *steps = ts_query_predicates_for_pattern(q, p, &nsteps);
        for (uint32_t s = 0; s < nsteps; s++) predicate_base += steps[s].type == TSQueryPredicateStepTypeDone;
    }
    im->gated = patterns > 0;
    for (uint32_t p = 0; p < patterns && im->gated; p++) im->gated = pattern_gate(q, p, im);
    im->keyed = !im->gated && patterns > 0;
    for (uint32_t p = 0; p < patterns && im->keyed; p++) {
        int k = ts_query_is_pattern_rooted(q, p) ? pattern_root_keyword(im->query + ts_query_start_byte_for_pattern(q, p))
                                                 : -1;
        im->keyed = k >= 0;
        if (k >= 0) im->root_keywords |= 1u << k;
    }
    if (!query_has_capture(q, im->report)) {
        fail(err, err_size, "%s:%d: report names @%s, which the query does not capture", r->source_path,
             im->report_line, im->report);
        goto done;
    }
    for (size_t i = 0; i < im->fix_edit_count; i++) {
        if (!query_has_capture(q, im->fix_edits[i].capture)) {
            fail(err, err_size, "%s:%d: fix edit names @%s, which the query does not capture", r->source_path,
                 im->fix_edits[i].line, im->fix_edits[i].capture);
            goto done;
        }
        if (check_template(r, &im->fix_edits[i].replacement, im->fix_edits[i].line, "fix edit", q, lists, patterns,
                           err, err_size) < 0)
            goto done;
    }
    if (check_template(r, &im->message, im->message_line, "message", q, lists, patterns, err, err_size) < 0) goto done;
    for (size_t i = 0; i < im->fix_require_count; i++) {
        /* 'name', 'name=text' or 'name!~regex' */
        char name[64];
        size_t nlen = strcspn(im->fix_requires[i], "=!");
        const char *op = im->fix_requires[i] + nlen;
        if (*op == '!') {
            int code;
            PCRE2_SIZE erroffset;
            pcre2_code *re = op[1] == '~' ? pcre2_compile((PCRE2_SPTR)(op + 2), PCRE2_ZERO_TERMINATED,
                                                          PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &erroffset, NULL)
                                          : NULL;
            if (!re) {
                fail(err, err_size, "%s:%d: fix-requires entry '%s' is neither 'name!~regex' with a valid regex nor "
                     "'name' or 'name=text'", r->source_path, im->fix_line, im->fix_requires[i]);
                goto done;
            }
            pcre2_code_free(re);
        }
        snprintf(name, sizeof name, "%.*s", (int)(nlen < sizeof name ? nlen : sizeof name - 1), im->fix_requires[i]);
        if (nlen >= sizeof name || !name_known(q, lists, patterns, name)) {
            fail(err, err_size, "%s:%d: fix-requires names '%s', which is neither a capture nor a recorded fact",
                 r->source_path, im->fix_line, name);
            goto done;
        }
    }
    rc = 0;
done:
    if (lists)
        for (uint32_t p = 0; p < patterns; p++) predicate_list_destroy(&lists[p]);
    free(lists);
    ts_query_delete(q);
    return rc;
}

/* ---- the combined queries ----------------------------------------------------------- */

/* 0 everywhere, 1 keyed, 2 gated; -1 not a query rule */
static int group_of(const rule_impl_t *im)
{
    if (im->engine != RULE_ENGINE_TREESITTER) return -1;
    return im->gated ? 2 : im->keyed ? 1 : 0;
}

/* Compiles the query rules of `group` (group_of) into g. */
static int compile_group(rule_pack_t *pack, rule_group_t *g, int group, char *err, size_t err_size)
{
    size_t total = 1;
    for (size_t i = 0; i < pack->count; i++) {
        rule_impl_t *im = pack->rules[i]->impl;
        if (group_of(im) == group) total += strlen(im->query) + 1;
    }
    char *text = malloc(total);
    uint32_t *starts = calloc(pack->count + 1, sizeof(uint32_t));
    if (!text || !starts) {
        free(text);
        free(starts);
        return fail(err, err_size, "out of memory");
    }
    size_t pos = 0;
    for (size_t i = 0; i < pack->count; i++) {
        starts[i] = (uint32_t)pos;
        rule_impl_t *im = pack->rules[i]->impl;
        if (group_of(im) != group) continue;
        size_t n = strlen(im->query);
        memcpy(text + pos, im->query, n);
        pos += n;
        text[pos++] = '\n';
    }
    starts[pack->count] = (uint32_t)pos;
    text[pos] = '\0';
    int rc = -1;
    if (pos == 0) { /* no rule in this group */
        rc = 0;
        goto done;
    }
    uint32_t offset;
    TSQueryError qe;
    g->query = ts_query_new(tree_sitter_c(), text, (uint32_t)pos, &offset, &qe);
    if (!g->query) {
        fail(err, err_size, "combining the rule queries failed at offset %u: %s", offset, query_error_name(qe));
        goto done;
    }
    g->pattern_count = ts_query_pattern_count(g->query);
    g->pattern_rule = calloc(g->pattern_count ? g->pattern_count : 1, sizeof(rule_t *));
    g->pattern_predicates = calloc(g->pattern_count ? g->pattern_count : 1, sizeof(predicate_list_t));
    if (!g->pattern_rule || !g->pattern_predicates) {
        fail(err, err_size, "out of memory");
        goto done;
    }
    for (uint32_t p = 0; p < g->pattern_count; p++) {
        uint32_t at = ts_query_start_byte_for_pattern(g->query, p);
        size_t r = 0;
        while (r + 1 < pack->count && !(at >= starts[r] && at < starts[r + 1])) r++;
        g->pattern_rule[p] = pack->rules[r];
        size_t which;
        char msg[512];
        if (predicate_list_compile(&g->pattern_predicates[p], g->query, p, &which, msg, sizeof msg) < 0) {
            fail(err, err_size, "%s: %s", pack->rules[r]->source_path, msg);
            goto done;
        }
    }
    for (size_t i = 0; i < pack->count; i++) {
        rule_impl_t *im = pack->rules[i]->impl;
        if (group_of(im) != group) continue;
        if (capture_id(g->query, im->report, &im->report_capture_id) < 0) {
            fail(err, err_size, "%s: report capture lost in the combined query", pack->rules[i]->source_path);
            goto done;
        }
        for (size_t k = 0; k < im->fix_edit_count; k++)
            capture_id(g->query, im->fix_edits[k].capture, &im->fix_edits[k].capture_id);
    }
    rc = 0;
done:
    free(text);
    free(starts);
    return rc;
}

static void filter_add(pack_impl_t *impl, const char *word)
{
    size_t len = strlen(word);
    if (len) impl->word_filter[(unsigned char)word[0]] |= 1ull << (len < 63 ? len : 63);
}

static int compile_pack(rule_pack_t *pack, char *err, size_t err_size)
{
    pack_impl_t *impl = calloc(1, sizeof(*impl));
    if (!impl) return fail(err, err_size, "out of memory");
    pack->impl = impl;
    size_t words = 0;
    for (size_t i = 0; i < pack->count; i++) {
        rule_impl_t *im = pack->rules[i]->impl;
        if (im->engine == RULE_ENGINE_TREESITTER && im->gated) words += im->gate_word_count;
    }
    if (words) {
        impl->gate_cap = 16;
        while (impl->gate_cap < words * 2) impl->gate_cap *= 2;
        impl->gate_words = calloc(impl->gate_cap, sizeof(char *));
        impl->gate_heights = calloc(impl->gate_cap, sizeof(int));
        if (!impl->gate_words || !impl->gate_heights) return fail(err, err_size, "out of memory");
        for (size_t i = 0; i < pack->count; i++) {
            rule_impl_t *im = pack->rules[i]->impl;
            if (im->engine != RULE_ENGINE_TREESITTER || !im->gated) continue;
            for (size_t k = 0; k < im->gate_word_count; k++) gate_set_add(impl, im->gate_words[k], im->gate_height);
        }
    }
    for (size_t i = 0; i < pack->count; i++)
        if (group_of(pack->rules[i]->impl) == 1) impl->keywords |= ((rule_impl_t *)pack->rules[i]->impl)->root_keywords;
    for (size_t j = 0; j < impl->gate_cap; j++)
        if (impl->gate_words[j]) filter_add(impl, impl->gate_words[j]);
    for (size_t k = 0; k < ROOT_KEYWORD_COUNT; k++)
        if (impl->keywords >> k & 1) filter_add(impl, root_keywords[k].keyword);
    if (compile_group(pack, &impl->everywhere, 0, err, err_size) < 0) return -1;
    if (compile_group(pack, &impl->keyed, 1, err, err_size) < 0) return -1;
    return compile_group(pack, &impl->gated, 2, err, err_size);
}

/* ---- loading ------------------------------------------------------------------------------ */

int rule_pack_load_sources(rule_pack_t **out, const rule_source_t *sources, size_t count, char *err,
                           size_t err_size)
{
    *out = NULL;
    rule_pack_t *pack = calloc(1, sizeof(*pack));
    if (!pack || !(pack->rules = calloc(count ? count : 1, sizeof(rule_t *)))) {
        free(pack);
        return fail(err, err_size, "out of memory");
    }
    for (size_t i = 0; i < count; i++) {
        rule_t *r;
        if (rule_file_parse(&r, sources[i].path, sources[i].text, sources[i].length, err, err_size) < 0) goto fail;
        const rule_t *first = rule_pack_find(pack, r->id);
        if (first) {
            fail(err, err_size, "%s:%d: duplicate rule id '%s' (first defined in %s)", r->source_path,
                 ((rule_impl_t *)r->impl)->id_line, r->id, first->source_path);
            rule_free(r);
            goto fail;
        }
        pack->rules[pack->count++] = r;
        if (r->engine == RULE_ENGINE_TREESITTER && check_rule_query(r, err, err_size) < 0) goto fail;
    }
    if (compile_pack(pack, err, err_size) < 0) goto fail;
    *out = pack;
    return 0;
fail:
    rule_pack_free(pack);
    return -1;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_file(const char *path, char **text, size_t *length, char *err, size_t err_size)
{
    /* O_NONBLOCK: a FIFO named like a rule file must not hang the open; it is refused */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0) return fail(err, err_size, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return fail(err, err_size, "%s: not a regular file", path);
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return fail(err, err_size, "%s: cannot open: %s", path, strerror(errno));
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            if (cap > (64u << 20)) {
                free(buf);
                fclose(f);
                return fail(err, err_size, "%s: larger than 64 MiB, not a rule file", path);
            }
            char *grown = realloc(buf, cap * 2);
            if (!grown) break;
            buf = grown;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (!buf) return fail(err, err_size, "%s: out of memory", path);
    if (bad) {
        free(buf);
        return fail(err, err_size, "%s: read error", path);
    }
    *text = buf;
    *length = n;
    return 0;
}

int rule_pack_load_dir(rule_pack_t **out, const char *dir, char *err, size_t err_size)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d) return fail(err, err_size, "%s: cannot open the rules folder: %s", dir, strerror(errno));
    char **names = NULL;
    size_t count = 0;
    int rc = -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.') continue;
        if (n > 5 && strcmp(e->d_name + n - 5, ".rule") == 0) { /* the line format before YAML */
            fail(err, err_size, "%s/%s: rule files are YAML now, named <id>.yml (rules/README.md)", dir,
                 e->d_name);
            break;
        }
        if (n <= 4 || strcmp(e->d_name + n - 4, ".yml") != 0) continue;
        char **grown = realloc(names, (count + 1) * sizeof(*grown));
        if (grown) names = grown;
        if (!grown || !(names[count] = strdup(e->d_name))) {
            fail(err, err_size, "out of memory");
            break;
        }
        count++;
    }
    closedir(d);
    if (e) goto done; /* stopped early, err says why */
    if (count == 0) {
        fail(err, err_size, "%s: no .yml rule files in the rules folder", dir);
        goto done;
    }
    qsort(names, count, sizeof(*names), compare_names);
    rule_source_t *sources = calloc(count, sizeof(*sources));
    char **paths = calloc(count, sizeof(*paths));
    char **texts = calloc(count, sizeof(*texts));
    if (!sources || !paths || !texts) {
        fail(err, err_size, "out of memory");
    } else {
        size_t loaded = 0;
        for (; loaded < count; loaded++) {
            size_t len = strlen(dir) + strlen(names[loaded]) + 2;
            paths[loaded] = malloc(len);
            if (!paths[loaded]) {
                fail(err, err_size, "out of memory");
                break;
            }
            bool slash = dir[0] && dir[strlen(dir) - 1] == '/';
            snprintf(paths[loaded], len, "%s%s%s", dir, slash ? "" : "/", names[loaded]);
            if (read_file(paths[loaded], &texts[loaded], &sources[loaded].length, err, err_size) < 0) {
                loaded++;
                break;
            }
            sources[loaded].path = paths[loaded];
            sources[loaded].text = texts[loaded];
        }
        if (loaded == count && sources[count - 1].text)
            rc = rule_pack_load_sources(out, sources, count, err, err_size);
        for (size_t i = 0; i < count; i++) {
            free(paths[i]);
            free(texts[i]);
        }
    }
    free(sources);
    free(paths);
    free(texts);
done:
    for (size_t i = 0; i < count; i++) free(names[i]);
    free(names);
    return rc;
}

/* ---- where the rules are -------------------------------------------------------------- */

/* Computed once; constant afterwards (the binary does not move while it runs). */
static pthread_once_t default_dir_once = PTHREAD_ONCE_INIT;
static char default_dir_path[PATH_MAX];

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void find_default_dir(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return;
    *slash = '\0';
    static const char *const candidates[] = {"/../rules", "/../share/assay/rules"};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s%s", exe, candidates[i]) >= (int)sizeof path) continue;
        if (is_dir(path)) {
            char *real = realpath(path, NULL);
            snprintf(default_dir_path, sizeof default_dir_path, "%s", real ? real : path);
            free(real);
            return;
        }
    }
}

const char *rule_pack_default_dir(void)
{
    pthread_once(&default_dir_once, find_default_dir);
    return default_dir_path[0] ? default_dir_path : NULL;
}
