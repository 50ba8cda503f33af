/* grammar.c — the compiled grammar: character classes, validation, printing.
 *
 * The parser (gbnf_parse.c) fills the element array; grammar_finish() then derives what
 * the matcher needs: which rules can match the empty string, a table per character class
 * (an ASCII bitmap for the fast path and where the class ends), and it rejects what would
 * make matching loop forever: references to undefined rules, a missing root, and left
 * recursion (a rule reaching itself without consuming a character, directly or through
 * other rules, possibly after nullable prefixes). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/grammar_impl.h"

static void set_err(char *err, size_t err_size, const char *fmt, ...)
{
    if (!err || err_size == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
}

/* ---- character classes ------------------------------------------------------------------- */

/* Walks the class at pos calling back per (lo, hi) range; returns the element after it. */
static uint32_t class_ranges(const grammar_t *g, uint32_t pos, uint32_t *lo, uint32_t *hi,
                             size_t *n, size_t cap)
{
    const grammar_elem_t *e = g->elems;
    *n = 0;
    if (e[pos].type == ELEM_CHAR_ANY) return pos + 1;
    do {
        uint32_t a = e[pos].value, b = a;
        if (e[pos + 1].type == ELEM_CHAR_RNG_UPPER) {
            b = e[pos + 1].value;
            pos += 2;
        } else {
            pos += 1;
        }
        if (*n < cap) { lo[*n] = a; hi[*n] = b; }
        (*n)++;
    } while (e[pos].type == ELEM_CHAR_ALT);
    return pos;
}

bool grammar_class_match(const grammar_t *g, uint32_t pos, uint32_t cp)
{
    if (g->class_index[pos] == UINT32_MAX) return false; /* a named token: not text */
    const grammar_class_t *c = &g->classes[g->class_index[pos]];
    if (cp < 128) return (c->ascii[cp >> 5] >> (cp & 31)) & 1;
    if (c->any) return true;
    const grammar_elem_t *e = g->elems;
    bool found = false;
    do {
        if (e[pos + 1].type == ELEM_CHAR_RNG_UPPER) {
            found = found || (e[pos].value <= cp && cp <= e[pos + 1].value);
            pos += 2;
        } else {
            found = found || e[pos].value == cp;
            pos += 1;
        }
    } while (e[pos].type == ELEM_CHAR_ALT);
    return found != c->negated;
}

static bool class_overlaps(const grammar_t *g, uint32_t pos, uint32_t low, uint32_t high)
{
    const grammar_class_t *c = &g->classes[g->class_index[pos]];
    if (low > high) return false;
    if (c->any) return true;
    const grammar_elem_t *e = g->elems;
    if (!c->negated) {
        do {
            uint32_t a = e[pos].value, b = a;
            if (e[pos + 1].type == ELEM_CHAR_RNG_UPPER) { b = e[pos + 1].value; pos += 2; }
            else pos += 1;
            if (a <= high && low <= b) return true;
        } while (e[pos].type == ELEM_CHAR_ALT);
        return false;
    }
    /* negated: some value of [low, high] is outside every range. Ranges are few; test
     * the candidates low and each (range end + 1) inside [low, high]. */
    uint32_t lo[64], hi[64];
    size_t n;
    class_ranges(g, pos, lo, hi, &n, 64);
    if (n > 64) return true; /* conservative: huge negated classes almost never cover all */
    uint32_t cand[65];
    size_t nc = 0;
    cand[nc++] = low;
    for (size_t i = 0; i < n; i++)
        if (hi[i] < high && hi[i] + 1 >= low) cand[nc++] = hi[i] + 1;
    for (size_t k = 0; k < nc; k++) {
        uint32_t v = cand[k];
        bool covered = false;
        for (size_t i = 0; i < n && !covered; i++) covered = lo[i] <= v && v <= hi[i];
        if (!covered) return true;
    }
    return false;
}

bool grammar_class_match_partial(const grammar_t *g, uint32_t pos, uint32_t value, int n_remain)
{
    if (n_remain <= 0 || g->class_index[pos] == UINT32_MAX) return false;
    uint32_t low = value << (6 * n_remain);
    uint32_t high = low | ((1u << (6 * n_remain)) - 1);
    if (low == 0) low = n_remain == 2 ? 0x800 : n_remain == 3 ? 0x10000 : 0x80;
    if (high > 0x10FFFF) high = 0x10FFFF;
    /* valid code points only: skip the surrogate block */
    uint32_t a_hi = high < 0xD7FF ? high : 0xD7FF;
    uint32_t b_lo = low > 0xE000 ? low : 0xE000;
    return (low <= a_hi && class_overlaps(g, pos, low, a_hi)) ||
           (b_lo <= high && class_overlaps(g, pos, b_lo, high));
}

static size_t put_char(char *buf, size_t size, size_t at, uint32_t c, bool in_class)
{
    char tmp[16];
    if (c == '\n') strcpy(tmp, "\\n");
    else if (c == '\t') strcpy(tmp, "\\t");
    else if (c == '\r') strcpy(tmp, "\\r");
    else if (c == '\\') strcpy(tmp, "\\\\");
    else if (c == '"' && !in_class) strcpy(tmp, "\\\"");
    else if (in_class && (c == ']' || c == '[' || c == '-')) snprintf(tmp, sizeof tmp, "\\%c", (char)c);
    else if (in_class && c == '^') strcpy(tmp, "\\x5E");
    else if (c < 0x20 || c == 0x7F) snprintf(tmp, sizeof tmp, "\\x%02X", c);
    else if (c < 0x80) { tmp[0] = (char)c; tmp[1] = 0; }
    else if (c <= 0xFFFF) snprintf(tmp, sizeof tmp, "\\u%04X", c);
    else snprintf(tmp, sizeof tmp, "\\U%08X", c);
    size_t l = strlen(tmp);
    if (at < size) snprintf(buf + at, size - at, "%s", tmp);
    return at + l;
}

static size_t put_str(char *buf, size_t size, size_t at, const char *s)
{
    size_t l = strlen(s);
    if (at < size) snprintf(buf + at, size - at, "%s", s);
    return at + l;
}

static size_t describe_class(const grammar_t *g, uint32_t pos, char *buf, size_t size, size_t at)
{
    const grammar_elem_t *e = g->elems;
    if (e[pos].type == ELEM_CHAR_ANY) return put_str(buf, size, at, ".");
    if (e[pos].type == ELEM_CHAR && e[pos + 1].type != ELEM_CHAR_RNG_UPPER &&
        e[pos + 1].type != ELEM_CHAR_ALT) {
        at = put_str(buf, size, at, "\"");
        at = put_char(buf, size, at, e[pos].value, false);
        return put_str(buf, size, at, "\"");
    }
    at = put_str(buf, size, at, e[pos].type == ELEM_CHAR_NOT ? "[^" : "[");
    do {
        at = put_char(buf, size, at, e[pos].value, true);
        if (e[pos + 1].type == ELEM_CHAR_RNG_UPPER) {
            at = put_str(buf, size, at, "-");
            at = put_char(buf, size, at, e[pos + 1].value, true);
            pos += 2;
        } else {
            pos += 1;
        }
    } while (e[pos].type == ELEM_CHAR_ALT);
    return put_str(buf, size, at, "]");
}

void grammar_class_describe(const grammar_t *g, uint32_t pos, char *buf, size_t size)
{
    if (size) buf[0] = 0;
    if (g->elems[pos].type == ELEM_TOKEN) {
        snprintf(buf, size, "<[%u]>", g->elems[pos].value);
        return;
    }
    describe_class(g, pos, buf, size, 0);
}

/* ---- validation -------------------------------------------------------------------------- */

static bool elem_nullable(const grammar_t *g, const grammar_elem_t *e)
{
    if (e->type == ELEM_RULE_REF) return g->nullable[e->value];
    if (e->type == ELEM_REPEAT) {
        const grammar_repeat_t *r = &g->repeats[e->value];
        return r->min == 0 || g->nullable[r->rule];
    }
    return false; /* a character class consumes one character */
}

static void compute_nullable(grammar_t *g)
{
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t r = 0; r < g->n_rules; r++) {
            if (g->nullable[r]) continue;
            const grammar_elem_t *e = &g->elems[g->rule_start[r]];
            bool alt_ok = true;
            for (;; e++) {
                if (grammar_elem_is_end(e->type)) {
                    if (alt_ok) { g->nullable[r] = 1; changed = true; break; }
                    if (e->type == ELEM_END) break;
                    alt_ok = true;
                    continue;
                }
                if (grammar_elem_is_terminal(e->type)) alt_ok = false;
                else if (e->type == ELEM_RULE_REF || e->type == ELEM_REPEAT)
                    alt_ok = alt_ok && elem_nullable(g, e);
            }
        }
    }
}

/* Left recursion: DFS over "can start with" edges; colour 1 = on the path. */
static int left_rec_visit(const grammar_t *g, uint32_t r, uint8_t *colour, uint32_t *path,
                          size_t depth, const char *source, char *err, size_t err_size)
{
    colour[r] = 1;
    path[depth] = r;
    const grammar_elem_t *e = &g->elems[g->rule_start[r]];
    bool at_start = true;
    for (;; e++) {
        if (grammar_elem_is_end(e->type)) {
            if (e->type == ELEM_END) break;
            at_start = true;
            continue;
        }
        if (!at_start) continue;
        uint32_t child = UINT32_MAX;
        if (e->type == ELEM_RULE_REF) child = e->value;
        else if (e->type == ELEM_REPEAT) child = g->repeats[e->value].rule;
        if (child != UINT32_MAX) {
            if (colour[child] == 1) {
                /* report the cycle by the user's rule names */
                char chain[512];
                size_t at = 0, first = 0;
                for (size_t i = 0; i <= depth; i++) if (path[i] == child) { first = i; break; }
                for (size_t i = first; i <= depth; i++)
                    at = put_str(chain, sizeof chain, at, g->rule_names[path[i]]),
                    at = put_str(chain, sizeof chain, at, " -> ");
                put_str(chain, sizeof chain, at, g->rule_names[child]);
                uint32_t line = g->rule_line[child];
                for (size_t i = first; i <= depth && !line; i++) line = g->rule_line[path[i]];
                set_err(err, err_size, "%s:%u:1: left recursion is not supported: %s", source,
                        line, chain);
                return GRAMMAR_ERR_SEMANTIC;
            }
            if (colour[child] == 0) {
                int rc = left_rec_visit(g, child, colour, path, depth + 1, source, err, err_size);
                if (rc) return rc;
            }
        }
        if (grammar_elem_is_terminal(e->type) ||
            ((e->type == ELEM_RULE_REF || e->type == ELEM_REPEAT) && !elem_nullable(g, e)))
            at_start = false;
    }
    colour[r] = 2;
    return 0;
}

int grammar_finish(grammar_t *g, const char *source, char *err, size_t err_size)
{
    g->nullable = calloc(g->n_rules ? g->n_rules : 1, 1);
    g->class_index = malloc((g->n_elems + 1) * sizeof *g->class_index);
    size_t n_classes = 0;
    for (size_t i = 0; i < g->n_elems; i++)
        if (grammar_elem_is_class_start(g->elems[i].type)) n_classes++;
    g->classes = calloc(n_classes ? n_classes : 1, sizeof *g->classes);
    if (!g->nullable || !g->class_index || !g->classes) {
        set_err(err, err_size, "%s: out of memory", source);
        return GRAMMAR_ERR_NOMEM;
    }
    /* classes */
    g->n_classes = 0;
    for (size_t i = 0; i < g->n_elems; i++) {
        g->class_index[i] = UINT32_MAX;
        if (!grammar_elem_is_class_start(g->elems[i].type)) continue;
        grammar_class_t *c = &g->classes[g->n_classes];
        g->class_index[i] = (uint32_t)g->n_classes++;
        c->negated = g->elems[i].type == ELEM_CHAR_NOT;
        c->any = g->elems[i].type == ELEM_CHAR_ANY;
        uint32_t lo[256], hi[256];
        size_t n;
        c->next = class_ranges(g, (uint32_t)i, lo, hi, &n, 256);
        if (c->any) { memset(c->ascii, 0xFF, sizeof c->ascii); continue; }
        for (uint32_t cp = 0; cp < 128; cp++) {
            bool found = false;
            if (n <= 256) {
                for (size_t k = 0; k < n && !found; k++) found = lo[k] <= cp && cp <= hi[k];
            } else {
                /* rare: walk the elements directly */
                uint32_t p = (uint32_t)i;
                do {
                    uint32_t a = g->elems[p].value, b = a;
                    if (g->elems[p + 1].type == ELEM_CHAR_RNG_UPPER) { b = g->elems[p + 1].value; p += 2; }
                    else p++;
                    found = found || (a <= cp && cp <= b);
                } while (g->elems[p].type == ELEM_CHAR_ALT);
            }
            if (found != c->negated) c->ascii[cp >> 5] |= 1u << (cp & 31);
        }
    }
    g->class_index[g->n_elems] = UINT32_MAX;

    /* the start rule */
    g->root = UINT32_MAX;
    for (size_t r = 0; r < g->n_rules; r++)
        if (strcmp(g->rule_names[r], "root") == 0) g->root = (uint32_t)r;
    if (g->root == UINT32_MAX) {
        set_err(err, err_size, "%s: the grammar has no `root` rule (the start symbol)", source);
        return GRAMMAR_ERR_SEMANTIC;
    }

    compute_nullable(g);
    uint8_t *colour = calloc(g->n_rules, 1);
    uint32_t *path = malloc((g->n_rules + 1) * sizeof *path);
    int rc = 0;
    if (!colour || !path) rc = GRAMMAR_ERR_NOMEM;
    for (size_t r = 0; r < g->n_rules && rc == 0; r++)
        if (colour[r] == 0) rc = left_rec_visit(g, (uint32_t)r, colour, path, 0, source, err, err_size);
    free(colour);
    free(path);
    if (rc == GRAMMAR_ERR_NOMEM) set_err(err, err_size, "%s: out of memory", source);
    if (rc) return rc;

    /* a repetition of something that can be empty: `min` adds nothing (empty iterations
     * pad it), and the matcher relies on min == 0 to never loop on empty iterations */
    for (size_t i = 0; i < g->n_repeats; i++)
        if (g->nullable[g->repeats[i].rule]) g->repeats[i].min = 0;
    return 0;
}

void grammar_free(grammar_t *g)
{
    if (!g) return;
    for (size_t r = 0; r < g->n_rules; r++) free(g->rule_names[r]);
    free(g->rule_names);
    free(g->rule_start);
    free(g->rule_line);
    free(g->nullable);
    free(g->elems);
    free(g->repeats);
    free(g->class_index);
    free(g->classes);
    free(g);
}

size_t grammar_rule_count(const grammar_t *g) { return g ? g->n_rules : 0; }

/* ---- printing ------------------------------------------------------------------------------ */

typedef struct {
    char *s;
    size_t len, cap;
    bool oom;
} sbuf_t;

static void sb_add(sbuf_t *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) { b->oom = true; return; }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

static void sb_str(sbuf_t *b, const char *s) { sb_add(b, s, strlen(s)); }

int grammar_to_gbnf(const grammar_t *g, char **out)
{
    sbuf_t b = {0};
    char tmp[4096];
    for (size_t r = 0; r < g->n_rules; r++) {
        sb_str(&b, g->rule_names[r]);
        sb_str(&b, " ::=");
        const grammar_elem_t *e = &g->elems[g->rule_start[r]];
        uint32_t pos = g->rule_start[r];
        bool empty_alt = true; /* printed as "" so that the text parses back */
        for (;;) {
            if (grammar_elem_is_end(e->type) && empty_alt) sb_str(&b, " \"\"");
            if (e->type == ELEM_END) break;
            empty_alt = false;
            if (e->type == ELEM_ALT) { sb_str(&b, " |"); e++; pos++; empty_alt = true; continue; }
            if (e->type == ELEM_RULE_REF) {
                sb_str(&b, " ");
                sb_str(&b, g->rule_names[e->value]);
                e++; pos++;
                continue;
            }
            if (e->type == ELEM_REPEAT) {
                const grammar_repeat_t *rp = &g->repeats[e->value];
                if (rp->max == GRAMMAR_UNBOUNDED)
                    snprintf(tmp, sizeof tmp, " %s{%u,}", g->rule_names[rp->rule], rp->min);
                else
                    snprintf(tmp, sizeof tmp, " %s{%u,%u}", g->rule_names[rp->rule], rp->min, rp->max);
                sb_str(&b, tmp);
                e++; pos++;
                continue;
            }
            /* a class or a named token */
            grammar_class_describe(g, pos, tmp, sizeof tmp);
            sb_str(&b, " ");
            sb_str(&b, tmp);
            uint32_t next = e->type == ELEM_TOKEN ? pos + 1 : g->classes[g->class_index[pos]].next;
            e += next - pos;
            pos = next;
        }
        sb_str(&b, "\n");
    }
    if (b.oom) { free(b.s); return GRAMMAR_ERR_NOMEM; }
    if (!b.s) sb_str(&b, "");
    *out = b.s;
    return 0;
}
