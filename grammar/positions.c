/* positions.c — precomputed token classes shared between matchers of different grammars.
 *
 * The review loop builds a new verdict grammar for every finding (the identifiers in
 * scope differ), yet almost all of it is the same: only the rules of the fix's code
 * change. A position's token classes (matcher.c) depend only on what the matcher can
 * reach from it without popping: the rest of its alternative and every rule referenced
 * from there, transitively. Hashing exactly that, with rules renumbered in the order they
 * are reached, gives a key under which another grammar's identical position finds the
 * classes already computed. The cache holds its own copies, so it can be cleared at any
 * time; one thread at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "grammar/grammar_impl.h"

#define MAX_ENTRIES 8192

typedef struct {
    XXH128_hash_t h;
    bool used;
    uint32_t *accepted;  /* (n_words,) */
    uint32_t *dependent; /* (n_dependent,) */
    size_t n_dependent;
} entry_t;

struct grammar_position_cache {
    const grammar_vocab_t *v;
    entry_t *e;
    size_t cap, n;
};

int grammar_position_cache_new(grammar_position_cache_t **out, const grammar_vocab_t *v, char *err, size_t err_size)
{
    *out = NULL;
    grammar_position_cache_t *c = calloc(1, sizeof *c);
    if (c) {
        c->cap = MAX_ENTRIES * 2;
        c->e = calloc(c->cap, sizeof *c->e);
    }
    if (!c || !c->e) {
        free(c);
        if (err && err_size) snprintf(err, err_size, "out of memory");
        return GRAMMAR_ERR_NOMEM;
    }
    c->v = v;
    *out = c;
    return 0;
}

static void clear(grammar_position_cache_t *c)
{
    for (size_t i = 0; i < c->cap; i++) {
        free(c->e[i].accepted);
        free(c->e[i].dependent);
        memset(&c->e[i], 0, sizeof c->e[i]);
    }
    c->n = 0;
}

void grammar_position_cache_free(grammar_position_cache_t *c)
{
    if (!c) return;
    clear(c);
    free(c->e);
    free(c);
}

const grammar_vocab_t *grammar_position_cache_vocab(const grammar_position_cache_t *c) { return c->v; }

/* ---- structural hash ---------------------------------------------------------------------- */

typedef struct {
    uint32_t *a;
    size_t n, cap;
    bool oom;
} u32vec_t;

static void put(u32vec_t *v, uint32_t x)
{
    if (v->oom) return;
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 256;
        uint32_t *a = realloc(v->a, cap * sizeof *a);
        if (!a) { v->oom = true; return; }
        v->a = a;
        v->cap = cap;
    }
    v->a[v->n++] = x;
}

static uint32_t canon(uint32_t rule, uint32_t *map, u32vec_t *queue)
{
    if (map[rule] == UINT32_MAX) {
        map[rule] = (uint32_t)queue->n;
        put(queue, rule);
    }
    return map[rule];
}

/* elements from pos up to the end of the alternative (stop_at_alt) or of the rule */
static void emit(const grammar_t *g, uint32_t pos, bool stop_at_alt, uint32_t *map, u32vec_t *queue, u32vec_t *out)
{
    for (uint32_t p = pos;; p++) {
        const grammar_elem_t *e = &g->elems[p];
        put(out, e->type);
        if (e->type == ELEM_END || (stop_at_alt && e->type == ELEM_ALT)) break;
        if (e->type == ELEM_ALT) continue;
        if (e->type == ELEM_RULE_REF) put(out, canon(e->value, map, queue));
        else if (e->type == ELEM_REPEAT) {
            const grammar_repeat_t *r = &g->repeats[e->value];
            put(out, canon(r->rule, map, queue));
            put(out, r->min);
            put(out, r->max);
        } else put(out, e->value);
    }
}

int grammar_position_hash(const grammar_t *g, uint32_t pos, uint64_t out[2])
{
    uint32_t *map = malloc(g->n_rules * sizeof *map);
    if (!map) return GRAMMAR_ERR_NOMEM;
    memset(map, 0xFF, g->n_rules * sizeof *map);
    u32vec_t queue = {0}, buf = {0};
    emit(g, pos, true, map, &queue, &buf);
    for (size_t i = 0; i < queue.n && !queue.oom; i++) {
        put(&buf, 0xFFFFFFFFu); /* rule separator */
        emit(g, g->rule_start[queue.a[i]], false, map, &queue, &buf);
    }
    int rc = queue.oom || buf.oom ? GRAMMAR_ERR_NOMEM : 0;
    if (!rc) {
        XXH128_hash_t h = XXH3_128bits(buf.a, buf.n * sizeof *buf.a);
        out[0] = h.low64;
        out[1] = h.high64;
    }
    free(map);
    free(queue.a);
    free(buf.a);
    return rc;
}

/* ---- lookup and insertion ----------------------------------------------------------------- */

static entry_t *slot(grammar_position_cache_t *c, const uint64_t h[2])
{
    for (size_t i = (size_t)h[0] & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
        entry_t *e = &c->e[i];
        if (!e->used || (e->h.low64 == h[0] && e->h.high64 == h[1])) return e;
    }
}

bool grammar_position_cache_get(grammar_position_cache_t *c, const uint64_t h[2], const uint32_t **accepted,
                                 const uint32_t **dependent, size_t *n_dependent)
{
    entry_t *e = slot(c, h);
    if (!e->used) return false;
    *accepted = e->accepted;
    *dependent = e->dependent;
    *n_dependent = e->n_dependent;
    return true;
}

void grammar_position_cache_put(grammar_position_cache_t *c, const uint64_t h[2], const uint32_t *accepted,
                                const uint32_t *dependent, size_t n_dependent)
{
    if (c->n >= MAX_ENTRIES) clear(c);
    entry_t *e = slot(c, h);
    if (e->used) return;
    size_t words = grammar_vocab_mask_words(c->v);
    uint32_t *a = malloc(words * sizeof *a), *d = malloc((n_dependent ? n_dependent : 1) * sizeof *d);
    if (!a || !d) { free(a); free(d); return; } /* a cache: failing to remember is fine */
    memcpy(a, accepted, words * sizeof *a);
    if (n_dependent) memcpy(d, dependent, n_dependent * sizeof *d);
    e->h.low64 = h[0];
    e->h.high64 = h[1];
    e->used = true;
    e->accepted = a;
    e->dependent = d;
    e->n_dependent = n_dependent;
    c->n++;
}
