/* scanner.c — the tree-sitter pass: parse one file, run the combined queries, evaluate
 * predicates and turn surviving matches into candidates (see scanner.h).
 *
 * This is the hot function of the static pass (scanner_scan). Parsing is most of the
 * cost; the rules must not walk the tree again. So after the parse, one pass over the
 * file's identifiers (mark_gated_tops) lists where the gate words of gated rules and the
 * root keywords of keyed rules (rule_impl.h) are written (an identifier that one of the
 * file's alias macros renames, `#define MKTEMP mktemp` in macro_alias.h, counts as the
 * word it stands for), and the queries run only there: a gated rule on the small
 * subtree its word's gate height allows, a keyed rule on the statement its keyword
 * starts, each with the cursor's byte range set to the words so that patterns start only
 * where they can match (exec_roots). Only the few rules that
 * are neither walk the whole tree. Per match: a pattern-index lookup plus the pattern's
 * predicates, cheapest first; candidates (messages, snippets, fixes) are built only for
 * matches that survive. A small hash set drops a second match of the same rule at the
 * same place (two patterns of one rule can both match one call). */
#include "analyzer/syntax/scanner.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/query/macro_alias.h"
#include "analyzer/query/predicate.h"
#include "analyzer/rules/rule_impl.h"
#include "analyzer/query/ts_syntax.h"

#define SNIPPET_MAX 512   /* bytes of matched code kept in a candidate */
#define MESSAGE_TEXT_MAX 60 /* bytes of a capture's text in a message */

/* An identifier of the file that is a gate word (rule_impl.h), inside top-level node top. */
typedef struct {
    uint32_t start, end; /* bytes */
    int height;          /* its gate height: how far above it a match can be rooted */
    size_t top;          /* index into tops */
} gate_hit_t;

/* A subtree a query runs on: node, depth levels below its top; patterns start only at
 * nodes overlapping bytes [from, to). */
typedef struct {
    TSNode node;
    size_t depth;
    uint32_t from, to;
} exec_root_t;

struct scanner {
    const rule_pack_t *pack;
    TSParser *parser;
    TSQueryCursor *cursor;
    pcre2_match_data *match_data;
    syn_fields_t *fields;
    TSNode *tops;       /* (tops_count,) top-level nodes of the current tree, in order */
    size_t tops_count, tops_cap;
    bool *marks;        /* (tops_count,) tops holding a gate word */
    size_t marks_cap;
    gate_hit_t *hits;   /* (hits_count,) gate words of the file, in source order */
    size_t hits_count, hits_cap;
    gate_hit_t *keys;   /* (keys_count,) root keywords of keyed rules, in source order */
    size_t keys_count, keys_cap;
    TSNode *path;       /* (path_cap,) nodes from a top down to the current gate word */
    size_t path_cap;
    exec_root_t *roots; /* (roots_count,) subtrees of one top the gated query runs on */
    size_t roots_count, roots_cap;
    macro_aliases_t *aliases; /* the current file's renaming macros (#define MKTEMP mktemp) */
    /* seen (rule, start, end) triples of this scan: open addressing, 0 = empty */
    uint64_t *seen;
    size_t seen_cap, seen_count;
};

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

int scanner_new(scanner_t **out, const rule_pack_t *pack, char *err, size_t err_size)
{
    *out = NULL;
    scanner_t *s = calloc(1, sizeof(*s));
    if (!s) return fail(err, err_size, "out of memory");
    s->pack = pack;
    s->parser = ts_parser_new();
    s->cursor = ts_query_cursor_new();
    s->match_data = pcre2_match_data_create(8, NULL);
    s->fields = syn_fields_new();
    if (!s->parser || !s->cursor || !s->match_data || !s->fields || macro_aliases_new(&s->aliases) < 0) {
        scanner_free(s);
        return fail(err, err_size, "out of memory");
    }
    if (!ts_parser_set_language(s->parser, tree_sitter_c())) {
        scanner_free(s);
        return fail(err, err_size, "the tree-sitter C grammar does not match this tree-sitter library (ABI %u)",
                    TREE_SITTER_LANGUAGE_VERSION);
    }
    *out = s;
    return 0;
}

void scanner_free(scanner_t *s)
{
    if (!s) return;
    if (s->parser) ts_parser_delete(s->parser);
    if (s->cursor) ts_query_cursor_delete(s->cursor);
    if (s->match_data) pcre2_match_data_free(s->match_data);
    syn_fields_free(s->fields);
    macro_aliases_free(s->aliases);
    free(s->tops);
    free(s->marks);
    free(s->hits);
    free(s->keys);
    free(s->path);
    free(s->roots);
    free(s->seen);
    free(s);
}

/* ---- de-duplication ------------------------------------------------------------------ */

static uint64_t seen_key(const rule_t *rule, uint32_t start, uint32_t end)
{
    uint64_t h = (uint64_t)(uintptr_t)rule * 0x9E3779B97F4A7C15ull;
    h ^= ((uint64_t)start << 32 | end) + 0x632BE59BD9B4E019ull + (h << 6) + (h >> 2);
    return h ? h : 1;
}

/* true when the key was already present; false after inserting it (or on out of memory) */
static bool seen_check_insert(scanner_t *s, uint64_t key)
{
    if (s->seen_count * 2 >= s->seen_cap) {
        size_t cap = s->seen_cap ? s->seen_cap * 2 : 256;
        uint64_t *grown = calloc(cap, sizeof(*grown));
        if (!grown) return false;
        for (size_t i = 0; i < s->seen_cap; i++) {
            if (!s->seen[i]) continue;
            size_t j = s->seen[i] & (cap - 1);
            while (grown[j]) j = (j + 1) & (cap - 1);
            grown[j] = s->seen[i];
        }
        free(s->seen);
        s->seen = grown;
        s->seen_cap = cap;
    }
    size_t j = key & (s->seen_cap - 1);
    while (s->seen[j]) {
        if (s->seen[j] == key) return true;
        j = (j + 1) & (s->seen_cap - 1);
    }
    s->seen[j] = key;
    s->seen_count++;
    return false;
}

/* ---- text building ----------------------------------------------------------------------- */

typedef struct {
    char *data;
    size_t len, cap;
    bool oom;
} buf_t;

static void buf_add(buf_t *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1) cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown) {
            b->oom = true;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* Appends text for a message: whitespace runs squashed, control and non-ASCII bytes
 * shown as '?', cut at MESSAGE_TEXT_MAX bytes with "...". */
static void buf_add_squashed(buf_t *b, const char *t, size_t n)
{
    size_t written = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = written > 0;
            continue;
        }
        if (written >= MESSAGE_TEXT_MAX) {
            buf_add(b, "...", 3);
            return;
        }
        if (space) {
            buf_add(b, " ", 1);
            written++;
        }
        space = false;
        char ch = (c < 0x20 || c >= 0x7f) ? '?' : (char)c;
        buf_add(b, &ch, 1);
        written++;
    }
}

static TSNode match_capture(const TSQueryMatch *m, uint32_t id)
{
    for (uint16_t i = 0; i < m->capture_count; i++)
        if (m->captures[i].index == id) return m->captures[i].node;
    TSNode none = {0};
    return none;
}

/* Finds a capture by name in the match. */
static bool capture_by_name(const TSQuery *q, const TSQueryMatch *m, const char *name, TSNode *out)
{
    for (uint16_t i = 0; i < m->capture_count; i++) {
        uint32_t len;
        const char *c = ts_query_capture_name_for_id(q, m->captures[i].index, &len);
        if (strlen(name) == len && memcmp(c, name, len) == 0) {
            *out = m->captures[i].node;
            return true;
        }
    }
    return false;
}

/* Expands a template. exact: capture text as in the file (fixes); else squashed (messages).
 * Returns NULL (and *missing true) when a name has no value in this match. */
static char *expand(const template_t *t, const char *src, const TSQuery *q, const TSQueryMatch *m,
                    const candidate_t *facts, bool exact, bool *missing)
{
    buf_t b = {0};
    buf_add(&b, "", 0);
    *missing = false;
    for (size_t i = 0; i < t->count; i++) {
        const template_part_t *part = &t->parts[i];
        if (!part->is_name) {
            buf_add(&b, part->text, strlen(part->text));
            continue;
        }
        TSNode node;
        const char *value;
        if (capture_by_name(q, m, part->text, &node)) {
            uint32_t len;
            const char *text = syn_text(src, node, &len);
            if (exact) buf_add(&b, text, len);
            else buf_add_squashed(&b, text, len);
        } else if (facts && (value = candidate_fact(facts, part->text))) {
            if (exact) buf_add(&b, value, strlen(value));
            else buf_add_squashed(&b, value, strlen(value));
        } else {
            *missing = true;
            if (exact) {
                free(b.data);
                return NULL;
            }
            buf_add(&b, "?", 1);
        }
    }
    if (b.oom) {
        free(b.data);
        return NULL;
    }
    return b.data;
}

static source_range_t node_range(TSNode n)
{
    source_range_t r;
    TSPoint s = ts_node_start_point(n), e = ts_node_end_point(n);
    r.start_byte = ts_node_start_byte(n);
    r.end_byte = ts_node_end_byte(n);
    r.start_line = s.row + 1;
    r.start_col = s.column + 1;
    r.end_line = e.row + 1;
    r.end_col = e.column + 1;
    return r;
}

static source_range_t empty_range_at(TSNode n, bool at_end)
{
    source_range_t r = node_range(n);
    if (at_end) {
        r.start_byte = r.end_byte;
        r.start_line = r.end_line;
        r.start_col = r.end_col;
    } else {
        r.end_byte = r.start_byte;
        r.end_line = r.start_line;
        r.end_col = r.start_col;
    }
    return r;
}

/* The matched code for the snippet: the report node's text, cut at SNIPPET_MAX bytes
 * on a UTF-8 boundary. */
static char *snippet_of(const char *src, TSNode n)
{
    uint32_t len;
    const char *t = syn_text(src, n, &len);
    if (len > SNIPPET_MAX) {
        len = SNIPPET_MAX;
        while (len > 0 && ((unsigned char)t[len] & 0xC0) == 0x80) len--;
    }
    return strndup(t, len);
}

/* The simple statement holding n for 'statement(@x)' edits: its nearest statement (n
 * itself or an ancestor) when that is an expression statement or a declaration sitting
 * directly in a block or a case; otherwise (a condition, a for header, a return, a
 * file-scope declaration) a null node, and the fix is not offered. */
static TSNode simple_statement_of(TSNode n)
{
    TSNode none = {0};
    for (; !ts_node_is_null(n); n = ts_node_parent(n)) {
        const char *type = ts_node_type(n);
        size_t len = strlen(type);
        bool simple = strcmp(type, "expression_statement") == 0 || strcmp(type, "declaration") == 0;
        if (!simple && !(len > 10 && strcmp(type + len - 10, "_statement") == 0)) continue;
        if (!simple) return none;
        TSNode parent = ts_node_parent(n);
        if (ts_node_is_null(parent)) return none;
        const char *ptype = ts_node_type(parent);
        return strcmp(ptype, "compound_statement") == 0 || strcmp(ptype, "case_statement") == 0 ? n : none;
    }
    return none;
}

/* Whether the PCRE2 regex matches somewhere in text[0..len); an invalid regex never
 * matches (rule_pack checks them at load time). */
static bool fix_regex_matches(const char *regex, const char *text, size_t len)
{
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code,
                                   &offset, NULL);
    if (!re) return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    bool found = md && pcre2_match(re, (PCRE2_SPTR)text, len, 0, 0, md, NULL) >= 0;
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return found;
}

/* Whether fix-requires' entry holds in this match: the capture or fact `name` exists;
 * 'name=text': its text is exactly text; 'name!~regex': the regex does not match in it. */
static bool fix_requirement_holds(const char *entry, const candidate_t *c, const char *src, const TSQuery *q,
                                  const TSQueryMatch *m)
{
    char name[64];
    size_t nlen = strcspn(entry, "=!");
    if (nlen >= sizeof name) return false;
    memcpy(name, entry, nlen);
    name[nlen] = '\0';
    const char *op = entry + nlen;
    const char *value;
    size_t len;
    TSNode node;
    if (capture_by_name(q, m, name, &node)) {
        uint32_t n;
        value = syn_text(src, node, &n);
        len = n;
    } else if ((value = candidate_fact(c, name))) {
        len = strlen(value);
    } else {
        return false;
    }
    if (*op == '=') return strlen(op + 1) == len && memcmp(value, op + 1, len) == 0;
    if (op[0] == '!' && op[1] == '~') return !fix_regex_matches(op + 2, value, len);
    return true;
}

static int build_fix(candidate_t *c, const rule_impl_t *im, const char *src, const TSQuery *q,
                     const TSQueryMatch *m)
{
    for (size_t i = 0; i < im->fix_require_count; i++)
        if (!fix_requirement_holds(im->fix_requires[i], c, src, q, m)) return 0;
    fix_t *fix = fix_new(im->fix_description, im->fix_changes_meaning);
    if (!fix) return -1;
    for (size_t i = 0; i < im->fix_edit_count; i++) {
        const fix_edit_spec_t *e = &im->fix_edits[i];
        TSNode node = match_capture(m, e->capture_id);
        if (!ts_node_is_null(node) && e->statement) node = simple_statement_of(node);
        if (ts_node_is_null(node)) { /* this pattern does not capture it, or no simple statement holds it */
            fix_free(fix);
            return 0;
        }
        bool missing;
        char *text = expand(&e->replacement, src, q, m, c, true, &missing);
        if (!text) {
            fix_free(fix);
            return missing ? 0 : -1;
        }
        source_range_t r = e->kind == FIX_EDIT_REPLACE ? node_range(node)
                                                        : empty_range_at(node, e->kind == FIX_EDIT_INSERT_AFTER);
        int rc = fix_add_edit(fix, r, text);
        free(text);
        if (rc < 0) {
            fix_free(fix);
            return -1;
        }
    }
    c->fix = fix;
    return 0;
}

/* Adds each capture's text as a fact (names starting with '_' are private). */
static int add_capture_facts(candidate_t *c, const char *src, const TSQuery *q, const TSQueryMatch *m)
{
    for (uint16_t i = 0; i < m->capture_count; i++) {
        uint32_t nlen;
        const char *name = ts_query_capture_name_for_id(q, m->captures[i].index, &nlen);
        if (nlen == 0 || name[0] == '_') continue;
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)nlen, name);
        if (candidate_fact(c, key)) continue;
        uint32_t len;
        const char *text = syn_text(src, m->captures[i].node, &len);
        buf_t b = {0};
        buf_add(&b, "", 0);
        buf_add_squashed(&b, text, len);
        if (b.oom || candidate_add_fact(c, key, b.data) < 0) {
            free(b.data);
            return -1;
        }
        free(b.data);
    }
    return 0;
}

static int emit(scanner_t *s, const rule_t *rule, const char *path, const char *src, const TSQuery *q,
                const TSQueryMatch *m, predicate_env_t *env, candidate_list_t *out)
{
    const rule_impl_t *im = rule->impl;
    TSNode report = env->has_report ? env->report : match_capture(m, im->report_capture_id);
    if (ts_node_is_null(report)) return 0;
    if (seen_check_insert(s, seen_key(rule, ts_node_start_byte(report), ts_node_end_byte(report)))) return 0;
    candidate_t *c = env->facts ? env->facts : candidate_new();
    env->facts = NULL;
    if (!c) return -1;
    c->rule = rule;
    c->rule_id = strdup(rule->id);
    c->path = strdup(path);
    c->range = node_range(report);
    c->severity = rule->severity;
    c->certainty = rule_default_certainty(rule);
    c->cwe = rule->cwe;
    c->snippet = snippet_of(src, report);
    bool missing;
    if (!c->rule_id || !c->path || !c->snippet || add_capture_facts(c, src, q, m) < 0 ||
        !(c->message = expand(&im->message, src, q, m, c, false, &missing)) ||
        (im->fix_description && build_fix(c, im, src, q, m) < 0)) {
        candidate_free(c);
        return -1;
    }
    return candidate_list_push(out, c);
}

/* ---- the hot function ---------------------------------------------------------------------- */

/* Runs one group's combined query over node and emits the surviving matches. Only
 * patterns rooted at nodes overlapping bytes [from, to) start (tree-sitter 0.20 still
 * follows a started match outside the range, and descends only as far as started
 * matches need). top: the top-level node holding node (null: find it per match). */
static int run_group(scanner_t *s, const rule_group_t *g, TSNode node, uint32_t from, uint32_t to, TSNode top,
                     TSNode root, const char *path, const char *source, size_t length, candidate_list_t *out)
{
    ts_query_cursor_exec(s->cursor, g->query, node);
    ts_query_cursor_set_byte_range(s->cursor, from, to);
    TSQueryMatch m;
    while (ts_query_cursor_next_match(s->cursor, &m)) {
        if (m.pattern_index >= g->pattern_count || m.capture_count == 0) continue;
        const rule_t *rule = g->pattern_rule[m.pattern_index];
        if (!rule->enabled) continue;
        TSNode match_top = top;
        if (ts_node_is_null(match_top)) {
            uint32_t start = UINT32_MAX, end = 0;
            for (uint16_t i = 0; i < m.capture_count; i++) {
                uint32_t cs = ts_node_start_byte(m.captures[i].node), ce = ts_node_end_byte(m.captures[i].node);
                if (cs < start) start = cs;
                if (ce > end) end = ce;
            }
            match_top = syn_tops_find(s->tops, s->tops_count, start, end);
        }
        predicate_env_t env = {
            .source = source, .length = (uint32_t)length, .root = root, .query = g->query, .top = match_top,
            .match = &m, .match_data = s->match_data, .fields = s->fields,
            .aliases = macro_aliases_empty(s->aliases) ? NULL : s->aliases,
        };
        bool ok = predicate_list_eval(&g->pattern_predicates[m.pattern_index], &env);
        int rc = ok ? emit(s, rule, path, source, g->query, &m, &env, out) : 0;
        candidate_free(env.facts);
        if (rc < 0) return -1;
    }
    return 0;
}

/* Byte classes for the identifier scan: 1 starts an identifier, 2 only continues one. */
static const unsigned char ident_class[256] = {
    ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2,
    ['_'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1,
    ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
    ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
};

static bool ident_start(unsigned char c)
{
    return ident_class[c] == 1;
}

static bool ident_char(unsigned char c)
{
    return ident_class[c] != 0;
}

static int hit_push(gate_hit_t **items, size_t *count, size_t *cap, gate_hit_t hit)
{
    if (*count == *cap) {
        size_t grown_cap = *cap ? *cap * 2 : 256;
        gate_hit_t *grown = realloc(*items, grown_cap * sizeof(*grown));
        if (!grown) return -1;
        *items = grown;
        *cap = grown_cap;
    }
    (*items)[(*count)++] = hit;
    return 0;
}

/* The largest gate height of the names the identifier at [start, end) stands for as an
 * alias macro (macro_alias.h), or -1 when none is a gate word. */
static int alias_gate_height(const scanner_t *s, const pack_impl_t *pk, size_t start, size_t end)
{
    macro_alias_spelling_t as[MACRO_ALIAS_SPELLINGS];
    size_t n = macro_aliases_resolve(s->aliases, (uint32_t)start, (uint32_t)end, as, MACRO_ALIAS_SPELLINGS);
    int height = -1;
    for (size_t k = 0; k < n; k++) {
        if (!rule_pack_maybe_word(pk, as[k].text, as[k].len)) continue;
        int h = rule_pack_gate_height(pk, as[k].text, as[k].len);
        if (h > height) height = h;
    }
    return height;
}

/* Marks the tops whose text contains a gate word and lists every gate word and root
 * keyword inside a top: one pass over the identifiers of the file, in source order, so
 * the current top only moves forward. An alias macro of a gate word (MKTEMP after
 * `#define MKTEMP mktemp`) counts as that word. A gate word right after a digit
 * (1strcpy) lists but does not mark. */
static int mark_gated_tops(scanner_t *s, const pack_impl_t *pk, const char *src, size_t length)
{
    if (s->tops_count) memset(s->marks, 0, s->tops_count * sizeof(*s->marks)); /* NULL when empty */
    s->hits_count = 0;
    s->keys_count = 0;
    bool aliases = !macro_aliases_empty(s->aliases);
    size_t t = 0;
    for (size_t i = 0; i < length && t < s->tops_count;) {
        unsigned char c = (unsigned char)src[i];
        if (!ident_start(c)) {
            i++;
            continue;
        }
        size_t start = i;
        while (i < length && ident_char((unsigned char)src[i])) i++;
        while (t < s->tops_count && ts_node_end_byte(s->tops[t]) <= start) t++;
        if (t == s->tops_count || ts_node_start_byte(s->tops[t]) > start) continue;
        bool word = rule_pack_maybe_word(pk, src + start, i - start);
        if (!word && !aliases) continue;
        gate_hit_t hit = {(uint32_t)start, (uint32_t)i, -1, t};
        if (word) {
            if (rule_pack_root_keyword(pk, src + start, i - start) &&
                hit_push(&s->keys, &s->keys_count, &s->keys_cap, (gate_hit_t){hit.start, hit.end, 1, t}) < 0)
                return -1;
            hit.height = rule_pack_gate_height(pk, src + start, i - start);
        }
        if (aliases) {
            int height = alias_gate_height(s, pk, start, i);
            if (height > hit.height) hit.height = height;
        }
        if (hit.height < 0) continue;
        if (!(start > 0 && (unsigned char)src[start - 1] >= '0' && (unsigned char)src[start - 1] <= '9'))
            s->marks[t] = true;
        if (hit_push(&s->hits, &s->hits_count, &s->hits_cap, hit) < 0) return -1;
    }
    return 0;
}

static bool node_holds(TSNode n, uint32_t start, uint32_t end)
{
    return ts_node_start_byte(n) <= start && end <= ts_node_end_byte(n);
}

static bool node_is_range(TSNode n, uint32_t start, uint32_t end)
{
    return ts_node_start_byte(n) == start && ts_node_end_byte(n) == end;
}

static int compare_roots(const void *a, const void *b)
{
    const exec_root_t *x = a, *y = b;
    uint32_t xs = ts_node_start_byte(x->node), ys = ts_node_start_byte(y->node);
    if (xs != ys) return xs < ys ? -1 : 1;
    uint32_t xe = ts_node_end_byte(x->node), ye = ts_node_end_byte(y->node);
    if (xe != ye) return xe > ye ? -1 : 1; /* the larger (outer) first */
    return x->depth < y->depth ? -1 : x->depth > y->depth;
}

/* Appends an exec root; 0 or -1 on out of memory. */
static int root_push(scanner_t *s, exec_root_t root)
{
    if (s->roots_count == s->roots_cap) {
        size_t cap = s->roots_cap ? s->roots_cap * 2 : 64;
        exec_root_t *grown = realloc(s->roots, cap * sizeof(*grown));
        if (!grown) return -1;
        s->roots = grown;
        s->roots_cap = cap;
    }
    s->roots[s->roots_count++] = root;
    return 0;
}

/* Finds where the words hits[first..last) of top tops[t] can be part of a match, walking
 * down from the top once, in source order, reusing the path between words.
 *
 * keyed false (gate words): the subtree gate-height levels above the highest node
 * spanning exactly the word (a capture can be no other node), or the top when that is
 * further up; nested subtrees merge into the outer one, whose byte range then covers
 * all their words, so no match is found twice.
 * keyed true (root keywords): the statement whose first token is exactly the word, with
 * the word as the range: only that statement's patterns start there. */
static int exec_roots(scanner_t *s, const gate_hit_t *hits, size_t t, size_t first, size_t last, bool keyed)
{
    s->roots_count = 0;
    TSTreeCursor c = ts_tree_cursor_new(s->tops[t]);
    size_t depth = 0;
    int rc = 0;
    if (s->path_cap == 0) {
        s->path = malloc(64 * sizeof(*s->path));
        if (!s->path) rc = -1;
        else s->path_cap = 64;
    }
    if (rc == 0) s->path[0] = s->tops[t];
    for (size_t h = first; h < last && rc == 0; h++) {
        uint32_t b = hits[h].start, e = hits[h].end;
        /* climb to the level whose parent holds the word, then step to later siblings
         * from where the cursor is (words come in source order: never back to a first
         * child, which would make long blocks quadratic) */
        while (depth > 0 && !node_holds(s->path[depth - 1], b, e)) {
            ts_tree_cursor_goto_parent(&c);
            depth--;
        }
        if (depth > 0) {
            TSNode at = s->path[depth];
            while (ts_node_end_byte(at) <= b && ts_tree_cursor_goto_next_sibling(&c))
                at = ts_tree_cursor_current_node(&c);
            s->path[depth] = at;
            if (!node_holds(at, b, e)) { /* the word is in no child: stay on the parent */
                ts_tree_cursor_goto_parent(&c);
                depth--;
                continue;
            }
        } else if (!node_holds(s->path[0], b, e)) {
            continue;
        }
        for (;;) {
            if (!ts_tree_cursor_goto_first_child(&c)) break;
            TSNode child = ts_tree_cursor_current_node(&c);
            while (ts_node_end_byte(child) <= b && ts_tree_cursor_goto_next_sibling(&c))
                child = ts_tree_cursor_current_node(&c);
            if (!node_holds(child, b, e)) {
                ts_tree_cursor_goto_parent(&c);
                break;
            }
            if (depth + 1 == s->path_cap) {
                TSNode *grown = realloc(s->path, s->path_cap * 2 * sizeof(*grown));
                if (!grown) {
                    rc = -1;
                    break;
                }
                s->path = grown;
                s->path_cap *= 2;
            }
            s->path[++depth] = child;
        }
        if (rc < 0) break;
        size_t exact = depth + 1; /* the highest node spanning exactly the word */
        for (size_t d = depth + 1; d-- > 0 && node_is_range(s->path[d], b, e);) exact = d;
        if (exact > depth) continue;
        if (keyed) {
            if (exact == 0 || ts_node_start_byte(s->path[exact - 1]) != b) continue;
            rc = root_push(s, (exec_root_t){s->path[exact - 1], exact - 1, b, e});
        } else {
            size_t up = (size_t)hits[h].height;
            size_t at = exact > up ? exact - up : 0;
            rc = root_push(s, (exec_root_t){s->path[at], at, b, e});
        }
    }
    ts_tree_cursor_delete(&c);
    if (rc < 0) return -1;
    if (keyed) return 0;
    if (s->roots_count > 1) qsort(s->roots, s->roots_count, sizeof(*s->roots), compare_roots);
    size_t kept = 0;
    for (size_t i = 0; i < s->roots_count; i++) {
        exec_root_t *r = &s->roots[i];
        if (kept > 0 && ts_node_start_byte(r->node) < ts_node_end_byte(s->roots[kept - 1].node)) { /* nested */
            exec_root_t *outer = &s->roots[kept - 1];
            if (r->from < outer->from) outer->from = r->from;
            if (r->to > outer->to) outer->to = r->to;
            continue;
        }
        s->roots[kept++] = *r;
    }
    s->roots_count = kept;
    return 0;
}

/* Whether error recovery inserted a missing root keyword somewhere in the tree: walks
 * only the branches that hold an error. */
static bool missing_keyword(const pack_impl_t *pk, TSNode root)
{
    if (!ts_node_has_error(root)) return false;
    TSTreeCursor c = ts_tree_cursor_new(root);
    bool found = false;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (ts_node_has_error(n)) {
            if (ts_node_is_missing(n)) {
                const char *type = ts_node_type(n);
                if (rule_pack_root_keyword(pk, type, strlen(type))) {
                    found = true;
                    break;
                }
            } else if (ts_tree_cursor_goto_first_child(&c)) {
                continue;
            }
        }
        while (!ts_tree_cursor_goto_next_sibling(&c))
            if (!ts_tree_cursor_goto_parent(&c)) goto done;
    }
done:
    ts_tree_cursor_delete(&c);
    return found;
}

static int compare_by_position(const void *a, const void *b)
{
    const candidate_t *x = *(candidate_t *const *)a, *y = *(candidate_t *const *)b;
    if (x->range.start_byte != y->range.start_byte) return x->range.start_byte < y->range.start_byte ? -1 : 1;
    if (x->range.end_byte != y->range.end_byte) return x->range.end_byte < y->range.end_byte ? -1 : 1;
    return strcmp(x->rule_id, y->rule_id);
}

/* Whether brackets nest deeper than limit anywhere in the text. Comments, string literals
 * and character constants are skipped (roughly: a literal also ends at a newline); a
 * closing bracket without an opening one counts nothing. */
static bool nests_deeper_than(const char *t, size_t n, uint32_t limit)
{
    uint32_t depth = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c == '/' && i + 1 < n && t[i + 1] == '/') {
            while (i < n && t[i] != '\n') i++;
        } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
            for (i += 2; i + 1 < n && !(t[i] == '*' && t[i + 1] == '/'); i++) {}
            i++;
        } else if (c == '"' || c == '\'') {
            for (i++; i < n && t[i] != c && t[i] != '\n'; i++)
                if (t[i] == '\\') i++;
        } else if (c == '(' || c == '[' || c == '{') {
            if (++depth > limit) return true;
        } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return false;
}

int scanner_scan(scanner_t *s, const char *path, const char *source, size_t length, candidate_list_t *out,
                 char *err, size_t err_size)
{
    const pack_impl_t *pk = s->pack->impl;
    if (!pk || (!pk->everywhere.query && !pk->keyed.query && !pk->gated.query)) return 0; /* no query rules */
    if (length > UINT32_MAX - 1) return fail(err, err_size, "%s: larger than 4 GiB, not scanned", path);
    static const char empty[1] = "";
    if (!source) source = empty;
    if (nests_deeper_than(source, length, SCANNER_MAX_NESTING))
        return fail(err, err_size, "%s: brackets nested deeper than %d levels (the limit), not scanned", path,
                    SCANNER_MAX_NESTING);
    s->seen_count = 0;
    if (s->seen) memset(s->seen, 0, s->seen_cap * sizeof(*s->seen));
    ts_parser_reset(s->parser);
    TSTree *tree = ts_parser_parse_string(s->parser, NULL, source, (uint32_t)length);
    if (!tree) return fail(err, err_size, "%s: the parser gave up on this file", path);
    TSNode root = ts_tree_root_node(tree);
    syn_fields_reset(s->fields);
    size_t first = out->count;
    int rc = 0;
    s->tops_count = 0;
    if (syn_tops_collect(root, &s->tops, &s->tops_count, &s->tops_cap) < 0) rc = -1;
    if (rc == 0 && macro_aliases_collect(s->aliases, source, s->tops, s->tops_count) < 0) rc = -1;
    if (rc == 0 && s->marks_cap < s->tops_cap) {
        bool *grown = realloc(s->marks, s->tops_cap * sizeof(*grown));
        if (grown) {
            s->marks = grown;
            s->marks_cap = s->tops_cap;
        } else {
            rc = -1;
        }
    }
    TSNode none = {0};
    if (rc == 0 && pk->everywhere.query)
        rc = run_group(s, &pk->everywhere, root, 0, UINT32_MAX, none, root, path, source, length, out);
    if (rc == 0 && (pk->gated.query || pk->keyed.query)) rc = mark_gated_tops(s, pk, source, length);
    /* error recovery may have built a statement whose keyword is missing from the text:
     * keyed rules then walk the whole tree */
    bool keyed_everywhere = pk->keyed.query && missing_keyword(pk, root);
    if (rc == 0 && pk->keyed.query && keyed_everywhere)
        rc = run_group(s, &pk->keyed, root, 0, UINT32_MAX, none, root, path, source, length, out);
    for (size_t h = 0; rc == 0 && pk->keyed.query && !keyed_everywhere && h < s->keys_count;) {
        size_t t = s->keys[h].top, end = h;
        while (end < s->keys_count && s->keys[end].top == t) end++;
        rc = exec_roots(s, s->keys, t, h, end, true);
        for (size_t r = 0; rc == 0 && r < s->roots_count; r++)
            rc = run_group(s, &pk->keyed, s->roots[r].node, s->roots[r].from, s->roots[r].to, none, root, path,
                           source, length, out);
        h = end;
    }
    for (size_t h = 0; rc == 0 && pk->gated.query && h < s->hits_count;) {
        size_t t = s->hits[h].top, end = h;
        while (end < s->hits_count && s->hits[end].top == t) end++;
        if (s->marks[t]) {
            rc = exec_roots(s, s->hits, t, h, end, false);
            for (size_t r = 0; rc == 0 && r < s->roots_count; r++)
                rc = run_group(s, &pk->gated, s->roots[r].node, s->roots[r].from, s->roots[r].to, s->tops[t], root,
                               path, source, length, out);
        }
        h = end;
    }
    ts_tree_delete(tree);
    if (rc < 0) return fail(err, err_size, "%s: out of memory", path);
    /* the two groups report in their own order: restore source order for this file */
    if (out->count - first > 1)
        qsort(out->items + first, out->count - first, sizeof(*out->items), compare_by_position);
    return 0;
}
