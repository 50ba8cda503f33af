/* macro_alias.c — the file's identifier-renaming macros and their resolution (see
 * macro_alias.h).
 *
 * The directives are kept in source order; a hash of names points at each name's latest
 * directive, and every directive at the one before it of the same name, so resolving a
 * name at a place walks back from the latest: directives after the place are skipped,
 * an #undef before it ends the walk. Most identifiers of a file are no alias: a filter
 * on (first byte, length) answers "no" for them before any hashing, which keeps the
 * scanner's identifier pass as fast with aliases as without. */
#include "analyzer/query/macro_alias.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/query/ts_syntax.h"
#include "core/hash.h"

/* One #define NAME target (or #undef NAME: target_len 0). */
typedef struct {
    uint32_t name, name_len;     /* bytes of the name in the source */
    uint32_t target, target_len; /* bytes of the target; length 0 for an #undef */
    uint32_t visible_from;       /* byte after the directive: uses from here on see it */
    int32_t previous;            /* the index of the name's directive before this, or -1 */
} alias_def_t;

struct macro_aliases {
    const char *src;
    alias_def_t *defs; /* (count,) in source order */
    size_t count, cap;
    int32_t *slots;    /* (slot_cap,) per hashed name: its latest directive, or -1 */
    size_t slot_cap;   /* a power of two, or 0 */
    uint64_t filter[256]; /* [first byte] bit min(length, 63): some name starts so */
    TSSymbol sym_define, sym_call;
};

int macro_aliases_new(macro_aliases_t **out)
{
    *out = calloc(1, sizeof(**out));
    if (!*out) return -1;
    const TSLanguage *lang = tree_sitter_c();
    (*out)->sym_define = ts_language_symbol_for_name(lang, "preproc_def", 11, true);
    (*out)->sym_call = ts_language_symbol_for_name(lang, "preproc_call", 12, true);
    return 0;
}

void macro_aliases_free(macro_aliases_t *a)
{
    if (!a) return;
    free(a->defs);
    free(a->slots);
    free(a);
}

bool macro_aliases_empty(const macro_aliases_t *a)
{
    return !a || a->count == 0;
}

/* ---- reading directives ------------------------------------------------------------- */

static bool ident_start(unsigned char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ident_char(unsigned char c)
{
    return ident_start(c) || (c >= '0' && c <= '9');
}

/* Skips blanks, line continuations and comments from t[i] (t[0..n)); returns the index
 * after them. */
static uint32_t skip_space(const char *t, uint32_t i, uint32_t n)
{
    while (i < n) {
        char c = t[i];
        if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r' || c == '\n') {
            i++;
        } else if (c == '\\' && i + 1 < n && (t[i + 1] == '\n' || t[i + 1] == '\r')) {
            i++;
        } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
            const char *close = memmem(t + i + 2, n - i - 2, "*/", 2);
            i = close ? (uint32_t)(close - t) + 2 : n;
        } else if (c == '/' && i + 1 < n && t[i + 1] == '/') {
            i = n; /* a line comment runs to the end of the directive */
        } else {
            break;
        }
    }
    return i;
}

/* Whether node's text is one identifier, with only blanks and comments around it; its
 * bytes are returned through *at and *len. */
static bool single_identifier(const char *src, TSNode node, uint32_t *at, uint32_t *len)
{
    if (ts_node_is_null(node)) return false;
    uint32_t base = ts_node_start_byte(node), n = ts_node_end_byte(node) - base;
    const char *t = src + base;
    uint32_t i = skip_space(t, 0, n);
    if (i == n || !ident_start((unsigned char)t[i])) return false;
    uint32_t first = i;
    while (i < n && ident_char((unsigned char)t[i])) i++;
    *at = base + first;
    *len = i - first;
    return skip_space(t, i, n) == n;
}

/* Whether a preproc_call is `#undef`, written with any blanks after the '#'. */
static bool is_undef(const char *src, TSNode call)
{
    TSNode d = ts_node_child_by_field_name(call, "directive", 9);
    if (ts_node_is_null(d)) return false;
    const char *t = src + ts_node_start_byte(d);
    uint32_t n = ts_node_end_byte(d) - ts_node_start_byte(d), i = 1;
    while (i < n && (t[i] == ' ' || t[i] == '\t')) i++;
    return n - i == 5 && memcmp(t + i, "undef", 5) == 0;
}

static uint32_t name_hash(const char *s, uint32_t len)
{
    return (uint32_t)hash_bytes(s, len);
}

static bool filter_has(const macro_aliases_t *a, const char *s, uint32_t len)
{
    return a->filter[(unsigned char)s[0]] >> (len < 63 ? len : 63) & 1;
}

/* The slot of name s[0..len): the one holding it, or the empty one where it would go. */
static size_t slot_of(const macro_aliases_t *a, const char *s, uint32_t len)
{
    size_t mask = a->slot_cap - 1;
    size_t j = name_hash(s, len) & mask;
    for (; a->slots[j] >= 0; j = (j + 1) & mask) {
        const alias_def_t *d = &a->defs[a->slots[j]];
        if (d->name_len == len && memcmp(a->src + d->name, s, len) == 0) break;
    }
    return j;
}

static int def_push(macro_aliases_t *a, alias_def_t def)
{
    if (a->count == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 32;
        alias_def_t *grown = realloc(a->defs, cap * sizeof(*grown));
        if (!grown) return -1;
        a->defs = grown;
        a->cap = cap;
    }
    a->defs[a->count++] = def;
    return 0;
}

/* Builds the name index over defs[0..count). */
static int index_names(macro_aliases_t *a)
{
    size_t cap = 16;
    while (cap < a->count * 2) cap *= 2;
    if (cap > a->slot_cap) {
        int32_t *grown = realloc(a->slots, cap * sizeof(*grown));
        if (!grown) return -1;
        a->slots = grown;
        a->slot_cap = cap;
    }
    memset(a->slots, 0xff, a->slot_cap * sizeof(*a->slots)); /* -1: empty */
    for (size_t i = 0; i < a->count; i++) {
        alias_def_t *d = &a->defs[i];
        const char *name = a->src + d->name;
        size_t j = slot_of(a, name, d->name_len);
        d->previous = a->slots[j];
        a->slots[j] = (int32_t)i;
        a->filter[(unsigned char)name[0]] |= 1ull << (d->name_len < 63 ? d->name_len : 63);
    }
    return 0;
}

int macro_aliases_collect(macro_aliases_t *a, const char *src, const TSNode *tops, size_t count)
{
    if (a->count) memset(a->filter, 0, sizeof a->filter);
    a->count = 0;
    a->src = src;
    bool undefs = false;
    for (size_t i = 0; i < count; i++) {
        TSSymbol sym = ts_node_symbol(tops[i]);
        if (sym != a->sym_define && sym != a->sym_call) continue;
        alias_def_t d = {.visible_from = ts_node_end_byte(tops[i]), .previous = -1};
        if (sym == a->sym_define) {
            TSNode name = ts_node_child_by_field_name(tops[i], "name", 4);
            if (!single_identifier(src, name, &d.name, &d.name_len) ||
                !single_identifier(src, ts_node_child_by_field_name(tops[i], "value", 5), &d.target, &d.target_len))
                continue;
            if (d.name_len == d.target_len && memcmp(src + d.name, src + d.target, d.name_len) == 0) continue;
        } else {
            if (!is_undef(src, tops[i]) ||
                !single_identifier(src, ts_node_child_by_field_name(tops[i], "argument", 8), &d.name, &d.name_len))
                continue;
            undefs = true;
        }
        if (def_push(a, d) < 0) {
            a->count = 0;
            return -1;
        }
    }
    /* an #undef with no alias left to end is of no use */
    if (undefs) {
        bool any = false;
        for (size_t i = 0; i < a->count && !any; i++) any = a->defs[i].target_len > 0;
        if (!any) a->count = 0;
    }
    if (a->count && index_names(a) < 0) {
        memset(a->filter, 0, sizeof a->filter);
        a->count = 0;
        return -1;
    }
    return 0;
}

/* ---- resolving ---------------------------------------------------------------------- */

/* The latest directive of name s[0..len), or -1. */
static int32_t latest_def(const macro_aliases_t *a, const char *s, uint32_t len)
{
    if (len == 0 || !filter_has(a, s, len)) return -1;
    return a->slots[slot_of(a, s, len)];
}

static bool spelled(const macro_alias_spelling_t *list, size_t count, const char *s, uint32_t len)
{
    for (size_t i = 0; i < count; i++)
        if (list[i].len == len && memcmp(list[i].text, s, len) == 0) return true;
    return false;
}

size_t macro_aliases_resolve(const macro_aliases_t *a, uint32_t start, uint32_t end, macro_alias_spelling_t *out,
                             size_t max)
{
    if (macro_aliases_empty(a) || end <= start) return 0;
    const char *written = a->src + start;
    uint32_t written_len = end - start;
    if (latest_def(a, written, written_len) < 0) return 0;
    if (max > MACRO_ALIAS_SPELLINGS) max = MACRO_ALIAS_SPELLINGS;
    /* breadth first: out[] is the queue; depth[k] is the step that found out[k] */
    int depth[MACRO_ALIAS_SPELLINGS];
    size_t count = 0;
    for (size_t next = 0;; next++) {
        const char *name = next == 0 ? written : out[next - 1].text;
        uint32_t len = next == 0 ? written_len : out[next - 1].len;
        int step = next == 0 ? 1 : depth[next - 1] + 1;
        if (step > MACRO_ALIAS_DEPTH) break; /* breadth first: every later name is at least as deep */
        for (int32_t k = latest_def(a, name, len); k >= 0 && count < max; k = a->defs[k].previous) {
            const alias_def_t *d = &a->defs[k];
            if (d->visible_from > start) continue; /* defined after this use */
            if (d->target_len == 0) break;         /* #undef: earlier definitions are gone */
            const char *t = a->src + d->target;
            if ((d->target_len == written_len && memcmp(t, written, written_len) == 0) ||
                spelled(out, count, t, d->target_len))
                continue; /* a cycle, or a second way to the same name */
            out[count] = (macro_alias_spelling_t){t, d->target_len};
            depth[count++] = step;
        }
        if (next == count) break;
    }
    return count;
}
