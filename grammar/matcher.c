/* matcher.c — matcher state and token masks: which tokens may come next.
 *
 * The state is a set of settled stacks (stacks.c) plus a partial UTF-8 character. The
 * mask of a state is the union of the masks of its stacks, and the mask of one stack is
 * computed in three layers, cheapest first:
 *   1. a cache keyed by the stack's frames (repeat counts clamped to what a token could
 *      still observe: counts further than the longest token from their bounds behave
 *      alike), so the steady state of a generation is a hash lookup and a bitwise OR;
 *   2. per grammar position (the character class on top of the stack), precomputed once,
 *      XGrammar's split of the vocabulary: tokens accepted or rejected whatever lies below
 *      the top frame ("context-independent": decided while the walk stays inside the
 *      frames pushed above it), and the rest ("context-dependent": the walk popped the top
 *      frame with bytes left over);
 *   3. only the context-dependent tokens are walked at run time against the full stack;
 *      near a repeat's maximum the mask comes from the cached one of a looser budget
 *      minus the long tokens (derive_from_looser_budget), and positions can be shared
 *      between matchers of different grammars (positions.c).
 * Every walk visits tokens in trie order (vocab.c): one parser state per byte depth,
 * recomputed only below the prefix shared with the previous token. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "grammar/grammar_impl.h"

#define CACHE_BUDGET_BYTES (48u << 20) /* masks kept per matcher */

typedef struct {
    grammar_stack_set_t set;
    utf8_state_t utf8;
    bool ctx;  /* local walk: some path left the top frame with bytes still to go */
} level_t;

typedef struct {
    bool built;
    uint32_t *accepted;  /* (n_words,) context-independent accepted tokens */
    uint32_t *dependent; /* (n_dependent,) indices into vocab->order, ascending */
    size_t n_dependent;
} position_t;

typedef struct {
    uint64_t hash;       /* 0 = empty slot */
    uint32_t *key;       /* (key_len,) clamped frames */
    uint32_t key_len;
    uint32_t *mask;      /* (n_words,) */
} cache_entry_t;

struct grammar_matcher {
    const grammar_t *g;
    const grammar_vocab_t *v;
    size_t n_words;
    grammar_expander_t x;
    grammar_stack_set_t stacks;  /* the state */
    utf8_state_t utf8;         /* partial character of the state */
    bool finished;
    grammar_stack_set_t scratch, scratch2;
    level_t *levels;             /* (max_len + 1,) walk workspace */
    size_t n_levels;
    position_t *positions;       /* (n_classes,) */
    cache_entry_t *cache;        /* (cache_cap,) open addressing */
    size_t cache_cap, cache_used, cache_limit;
    uint32_t *key;               /* (key_cap,) scratch key */
    size_t key_cap;
    uint32_t *dep_buf;           /* (n_order,) scratch list */
    uint32_t *rank;              /* (n_tokens,) index in vocab->order, UINT32_MAX if absent */
    uint16_t *chars;             /* (n_tokens,) characters a token can complete, at most */
    uint32_t *key2;              /* (key_cap,) scratch key */
    grammar_position_cache_t *shared; /* borrowed, may be NULL */
    grammar_matcher_stats_t stats;
};

static void set_err(char *err, size_t err_size, const char *fmt, ...)
{
    if (!err || err_size == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
}

static const char *status_text(int rc)
{
    switch (rc) {
    case GRAMMAR_ERR_NOMEM: return "out of memory";
    case GRAMMAR_ERR_LIMIT: return "grammar too ambiguous (more parse stacks than the limit)";
    default: return "internal error";
    }
}

/* ---- state ---------------------------------------------------------------------------- */

int grammar_matcher_new(grammar_matcher_t **out, const grammar_t *g, const grammar_vocab_t *v,
                        char *err, size_t err_size)
{
    return grammar_matcher_new_shared(out, g, v, NULL, err, err_size);
}

int grammar_matcher_new_shared(grammar_matcher_t **out, const grammar_t *g, const grammar_vocab_t *v,
                               grammar_position_cache_t *cache, char *err, size_t err_size)
{
    if (cache && (!v || grammar_position_cache_vocab(cache) != v)) {
        *out = NULL;
        set_err(err, err_size, "the position cache belongs to another vocabulary");
        return GRAMMAR_ERR_ARG;
    }
    *out = NULL;
    grammar_matcher_t *m = calloc(1, sizeof *m);
    if (!m) { set_err(err, err_size, "out of memory"); return GRAMMAR_ERR_NOMEM; }
    m->g = g;
    m->v = v;
    m->shared = cache;
    grammar_expander_init(&m->x);
    grammar_stack_set_init(&m->stacks);
    grammar_stack_set_init(&m->scratch);
    grammar_stack_set_init(&m->scratch2);
    if (v) {
        m->n_words = grammar_vocab_mask_words(v);
        m->n_levels = v->max_len + 1;
        m->levels = calloc(m->n_levels, sizeof *m->levels);
        m->positions = calloc(g->n_classes ? g->n_classes : 1, sizeof *m->positions);
        m->dep_buf = malloc((v->n_order ? v->n_order : 1) * sizeof *m->dep_buf);
        size_t per = m->n_words * 4 + 64;
        m->cache_limit = CACHE_BUDGET_BYTES / per;
        if (m->cache_limit < 16) m->cache_limit = 16;
        m->cache_cap = 16;
        while (m->cache_cap < m->cache_limit * 2) m->cache_cap *= 2;
        m->cache = calloc(m->cache_cap, sizeof *m->cache);
        m->rank = malloc(v->n_tokens * sizeof *m->rank);
        m->chars = malloc(v->n_tokens * sizeof *m->chars);
        if (!m->levels || !m->positions || !m->dep_buf || !m->cache || !m->rank || !m->chars) {
            grammar_matcher_free(m);
            set_err(err, err_size, "out of memory");
            return GRAMMAR_ERR_NOMEM;
        }
        for (size_t t = 0; t < v->n_tokens; t++) {
            m->rank[t] = UINT32_MAX;
            uint32_t c = 1; /* a pending partial character may complete */
            const uint8_t *b = grammar_vocab_bytes(v, (uint32_t)t);
            for (uint32_t k = 0; k < v->len[t]; k++) c += (b[k] & 0xC0) != 0x80;
            m->chars[t] = (uint16_t)(c > 65535 ? 65535 : c);
        }
        for (size_t i = 0; i < v->n_order; i++) m->rank[v->order[i]] = (uint32_t)i;
        for (size_t i = 0; i < m->n_levels; i++) grammar_stack_set_init(&m->levels[i].set);
    }
    int rc = grammar_stacks_initial(g, &m->x, &m->stacks);
    if (rc) {
        set_err(err, err_size, "grammar: %s", status_text(rc));
        grammar_matcher_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

static void cache_clear(grammar_matcher_t *m)
{
    for (size_t i = 0; i < m->cache_cap; i++) {
        free(m->cache[i].key);
        free(m->cache[i].mask);
        memset(&m->cache[i], 0, sizeof m->cache[i]);
    }
    m->cache_used = 0;
}

void grammar_matcher_free(grammar_matcher_t *m)
{
    if (!m) return;
    if (m->cache) cache_clear(m);
    free(m->cache);
    if (m->positions)
        for (size_t i = 0; i < m->g->n_classes; i++) {
            free(m->positions[i].accepted);
            free(m->positions[i].dependent);
        }
    free(m->positions);
    if (m->levels)
        for (size_t i = 0; i < m->n_levels; i++) grammar_stack_set_destroy(&m->levels[i].set);
    free(m->levels);
    free(m->key);
    free(m->key2);
    free(m->rank);
    free(m->chars);
    free(m->dep_buf);
    grammar_stack_set_destroy(&m->stacks);
    grammar_stack_set_destroy(&m->scratch);
    grammar_stack_set_destroy(&m->scratch2);
    grammar_expander_destroy(&m->x);
    free(m);
}

void grammar_matcher_reset(grammar_matcher_t *m)
{
    m->utf8 = (utf8_state_t){0, 0};
    m->finished = false;
    grammar_stacks_initial(m->g, &m->x, &m->stacks); /* succeeded once in _new */
}

int grammar_matcher_copy_state(grammar_matcher_t *dst, const grammar_matcher_t *src)
{
    if (dst->g != src->g) return GRAMMAR_ERR_ARG;
    int rc = grammar_stack_set_copy(&dst->stacks, &src->stacks);
    if (rc) return rc;
    dst->utf8 = src->utf8;
    dst->finished = src->finished;
    return 0;
}

bool grammar_matcher_can_end(const grammar_matcher_t *m)
{
    return !m->finished && m->utf8.remaining == 0 && grammar_stack_set_has_empty(&m->stacks);
}

bool grammar_matcher_is_finished(const grammar_matcher_t *m) { return m->finished; }

void grammar_matcher_stats(const grammar_matcher_t *m, grammar_matcher_stats_t *out) { *out = m->stats; }

/* ---- advancing ---------------------------------------------------------------------------- */

/* Keeps the non-empty stacks whose top can continue the partial character u. */
static int filter_partial(const grammar_t *g, const grammar_stack_set_t *in, utf8_state_t u,
                          grammar_stack_set_t *out)
{
    grammar_stack_set_clear(out);
    for (size_t i = 0; i < in->n_stacks; i++) {
        size_t n = in->len[i];
        if (n == 0) continue;
        const grammar_frame_t *f = in->frames + in->start[i];
        if (!grammar_class_match_partial(g, f[n - 1].pos, u.value, u.remaining)) continue;
        int rc = grammar_stack_set_add(out, f, n);
        if (rc) return rc;
    }
    return 0;
}

/* Feeds bytes to (set, utf8) in place. Returns 0, GRAMMAR_ERR_REJECTED with *consumed set
 * to the bytes taken before the failing one (set/utf8 then describe that point), or
 * another error. */
static int feed_bytes(grammar_matcher_t *m, grammar_stack_set_t *set, utf8_state_t *utf8,
                      const uint8_t *b, size_t len, size_t *consumed)
{
    for (size_t i = 0; i < len; i++) {
        utf8_state_t u = *utf8;
        uint32_t cp;
        int r = utf8_feed(&u, b[i], &cp);
        int rc = 0;
        if (r < 0) { *consumed = i; return GRAMMAR_ERR_REJECTED; }
        if (r == 0) rc = filter_partial(m->g, set, u, &m->scratch);
        else rc = grammar_stacks_advance(m->g, &m->x, set, cp, &m->scratch);
        if (rc) return rc;
        if (m->scratch.n_stacks == 0) { *consumed = i; return GRAMMAR_ERR_REJECTED; }
        grammar_stack_set_t t = *set;
        *set = m->scratch;
        m->scratch = t;
        *utf8 = u;
    }
    *consumed = len;
    return 0;
}

int grammar_matcher_accept_bytes(grammar_matcher_t *m, const char *bytes, size_t len,
                                 size_t *consumed, char *err, size_t err_size)
{
    size_t done = 0;
    if (m->finished) {
        *consumed = 0;
        set_err(err, err_size, "the matcher already accepted end of sequence");
        return GRAMMAR_ERR_REJECTED;
    }
    int rc = feed_bytes(m, &m->stacks, &m->utf8, (const uint8_t *)bytes, len, &done);
    *consumed = done;
    if (rc == GRAMMAR_ERR_REJECTED) set_err(err, err_size, "text not allowed by the grammar at byte %zu", done);
    else if (rc) set_err(err, err_size, "grammar: %s", status_text(rc));
    return rc;
}

int grammar_matcher_accept_token(grammar_matcher_t *m, uint32_t token, char *err, size_t err_size)
{
    const grammar_vocab_t *v = m->v;
    if (!v || token >= v->n_tokens) {
        set_err(err, err_size, "token %u is outside the vocabulary", token);
        return GRAMMAR_ERR_ARG;
    }
    if (m->finished) {
        set_err(err, err_size, "token %u after end of sequence", token);
        return GRAMMAR_ERR_REJECTED;
    }
    if (m->utf8.remaining == 0) {
        /* the grammar names this token (<[id]>) somewhere on top of a stack? */
        int rc = grammar_stacks_advance_token(m->g, &m->x, &m->stacks, token, &m->scratch2);
        if (rc) { set_err(err, err_size, "grammar: %s", status_text(rc)); return rc; }
        if (m->scratch2.n_stacks > 0) {
            if (!v->special[token] && !v->is_eos[token] && v->len[token] > 0) {
                /* an ordinary token may also fit as text: keep both readings */
                grammar_stack_set_t named = m->scratch2;
                grammar_stack_set_init(&m->scratch2);
                rc = grammar_stack_set_copy(&m->scratch2, &m->stacks);
                utf8_state_t u = m->utf8;
                size_t done;
                if (!rc) rc = feed_bytes(m, &m->scratch2, &u, grammar_vocab_bytes(v, token), v->len[token], &done);
                if (rc == 0 && u.remaining == 0)
                    for (size_t i = 0; i < m->scratch2.n_stacks && !rc; i++)
                        rc = grammar_stack_set_add(&named, m->scratch2.frames + m->scratch2.start[i], m->scratch2.len[i]);
                else if (rc == GRAMMAR_ERR_REJECTED) rc = 0;
                grammar_stack_set_destroy(&m->scratch2);
                m->scratch2 = named;
                if (rc) { set_err(err, err_size, "grammar: %s", status_text(rc)); return rc; }
            }
            grammar_stack_set_t t = m->stacks;
            m->stacks = m->scratch2;
            m->scratch2 = t;
            return 0;
        }
    }
    if (v->is_eos[token]) {
        if (!grammar_matcher_can_end(m)) {
            set_err(err, err_size, "end of sequence (token %u) before the grammar is complete", token);
            return GRAMMAR_ERR_REJECTED;
        }
        m->finished = true;
        return 0;
    }
    if (v->special[token] || v->len[token] == 0) {
        set_err(err, err_size, "token %u is a control token: never allowed by a grammar", token);
        return GRAMMAR_ERR_REJECTED;
    }
    grammar_stack_set_t *work = &m->scratch2;
    int rc = grammar_stack_set_copy(work, &m->stacks);
    if (rc) { set_err(err, err_size, "grammar: %s", status_text(rc)); return rc; }
    utf8_state_t u = m->utf8;
    size_t done;
    rc = feed_bytes(m, work, &u, grammar_vocab_bytes(v, token), v->len[token], &done);
    if (rc == GRAMMAR_ERR_REJECTED) {
        set_err(err, err_size, "token %u not allowed by the grammar here (fails at its byte %zu)", token, done);
        return rc;
    }
    if (rc) { set_err(err, err_size, "grammar: %s", status_text(rc)); return rc; }
    grammar_stack_set_t t = m->stacks;
    m->stacks = *work;
    *work = t;
    m->utf8 = u;
    return 0;
}

void grammar_matcher_describe_expected(const grammar_matcher_t *m, char *buf, size_t size)
{
    if (!size) return;
    buf[0] = 0;
    size_t at = 0;
    char item[512];
    const grammar_stack_set_t *s = &m->stacks;
    bool any = false;
    for (size_t i = 0; i < s->n_stacks; i++) {
        if (s->len[i] == 0) continue;
        uint32_t top = s->frames[s->start[i] + s->len[i] - 1].pos;
        grammar_class_describe(m->g, top, item, sizeof item);
        /* skip duplicates already written */
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++) {
            if (s->len[j] == 0) continue;
            uint32_t t2 = s->frames[s->start[j] + s->len[j] - 1].pos;
            char other[512];
            grammar_class_describe(m->g, t2, other, sizeof other);
            dup = strcmp(other, item) == 0;
        }
        if (dup) continue;
        at += (size_t)snprintf(buf + (at < size ? at : size - 1), at < size ? size - at : 1, "%s%s", any ? " " : "", item);
        any = true;
    }
    if (m->utf8.remaining > 0)
        at += (size_t)snprintf(buf + (at < size ? at : size - 1), at < size ? size - at : 1,
                               "%s(the rest of a UTF-8 character)", any ? " " : "");
    else if (grammar_stack_set_has_empty(s))
        at += (size_t)snprintf(buf + (at < size ? at : size - 1), at < size ? size - at : 1, "%send of input",
                               any ? " " : "");
    else if (!any)
        snprintf(buf, size, "nothing (the grammar is complete)");
}

/* ---- walking tokens ------------------------------------------------------------------------- */

enum { TOKEN_REJECT = 0, TOKEN_ACCEPT = 1, TOKEN_DEPENDENT = 2 };

/* Walks the tokens order[list[k]] (list ascending; list NULL = every token in order) from
 * (start, u0). local: the bottom of start's single stack is the top frame of a larger,
 * unknown stack — popping it makes the token context-dependent instead of rejected.
 * Accepted tokens get their bit set in mask; dependent ones are appended to dep. */
static int walk_tokens(grammar_matcher_t *m, const uint32_t *list, size_t n_list,
                       const grammar_stack_set_t *start, utf8_state_t u0, bool local,
                       uint32_t *mask, uint32_t *dep, size_t *n_dep)
{
    const grammar_vocab_t *v = m->v;
    const grammar_t *g = m->g;
    level_t *lv = m->levels;
    int rc = grammar_stack_set_copy(&lv[0].set, start);
    if (rc) return rc;
    lv[0].utf8 = u0;
    lv[0].ctx = false;
    size_t valid = 0; /* levels 0..valid describe the current prefix */
    const uint8_t *prev = NULL;
    uint32_t prev_len = 0;
    size_t count = list ? n_list : v->n_order;
    for (size_t k = 0; k < count; k++) {
        uint32_t oi = list ? list[k] : (uint32_t)k;
        uint32_t tok = v->order[oi];
        const uint8_t *b = v->sorted_blob + v->sorted_off[oi]; /* trie order: sequential */
        uint32_t len = v->len[tok];
        uint32_t l = 0;
        if (list) {
            /* only the part below the levels still valid matters */
            uint32_t n = len < prev_len ? len : prev_len;
            if (n > valid) n = (uint32_t)valid;
            if (prev) while (l < n && prev[l] == b[l]) l++;
        } else {
            l = k ? v->lcp[oi] : 0;
        }
        prev = b;
        prev_len = len;
        if (valid > l) valid = l;
        int verdict = -1;
        size_t d = valid;
        while (d < len) {
            level_t *cur = &lv[d], *nx = &lv[d + 1];
            if (cur->set.n_stacks == 0) { verdict = cur->ctx ? TOKEN_DEPENDENT : TOKEN_REJECT; break; }
            bool has_empty = grammar_stack_set_has_empty(&cur->set);
            nx->ctx = cur->ctx || (local && has_empty);
            nx->utf8 = cur->utf8;
            uint32_t cp;
            int r = utf8_feed(&nx->utf8, b[d], &cp);
            if (r < 0) {
                grammar_stack_set_clear(&nx->set);
                nx->ctx = false; /* not UTF-8: no context can take it */
                rc = 0;
            } else if (r == 0) {
                rc = filter_partial(g, &cur->set, nx->utf8, &nx->set);
            } else {
                rc = grammar_stacks_advance(g, &m->x, &cur->set, cp, &nx->set);
            }
            if (rc) return rc;
            d++;
            valid = d;
        }
        if (verdict < 0) {
            level_t *end = &lv[len];
            if (end->set.n_stacks > 0) verdict = TOKEN_ACCEPT;
            else verdict = end->ctx ? TOKEN_DEPENDENT : TOKEN_REJECT;
        }
        if (verdict == TOKEN_ACCEPT) mask[tok >> 5] |= 1u << (tok & 31);
        else if (verdict == TOKEN_DEPENDENT && local) dep[(*n_dep)++] = oi;
        if (!list && d < len && verdict != TOKEN_ACCEPT) {
            /* decided at depth d: every following token sharing those d bytes (the rest
             * of this trie subtree) gets the same verdict without being walked */
            while (k + 1 < count && v->lcp[k + 1] >= d) {
                k++;
                if (verdict == TOKEN_DEPENDENT && local) dep[(*n_dep)++] = (uint32_t)k;
            }
            prev = NULL; /* only used for lists */
        }
    }
    return 0;
}

/* Precomputes the context-independent split for the class at element pos. */
static int position_build(grammar_matcher_t *m, uint32_t pos)
{
    position_t *p = &m->positions[m->g->class_index[pos]];
    if (p->built) return 0;
    p->accepted = calloc(m->n_words, sizeof *p->accepted);
    if (!p->accepted) return GRAMMAR_ERR_NOMEM;
    uint64_t h[2];
    if (m->shared && grammar_position_hash(m->g, pos, h) == 0) {
        const uint32_t *acc, *dep;
        size_t nd;
        if (grammar_position_cache_get(m->shared, h, &acc, &dep, &nd)) {
            p->dependent = malloc((nd ? nd : 1) * sizeof *p->dependent);
            if (!p->dependent) return GRAMMAR_ERR_NOMEM;
            memcpy(p->accepted, acc, m->n_words * sizeof *acc);
            if (nd) memcpy(p->dependent, dep, nd * sizeof *dep);
            p->n_dependent = nd;
            p->built = true;
            m->stats.positions_built++;
            m->stats.positions_shared++;
            return 0;
        }
    }
    grammar_stack_set_t start;
    grammar_stack_set_init(&start);
    grammar_frame_t f = {pos, 0};
    int rc = grammar_stack_set_add(&start, &f, 1);
    size_t n_dep = 0;
    if (!rc)
        rc = walk_tokens(m, NULL, 0, &start, (utf8_state_t){0, 0}, true, p->accepted, m->dep_buf, &n_dep);
    grammar_stack_set_destroy(&start);
    if (rc) return rc;
    p->dependent = malloc((n_dep ? n_dep : 1) * sizeof *p->dependent);
    if (!p->dependent) return GRAMMAR_ERR_NOMEM;
    memcpy(p->dependent, m->dep_buf, n_dep * sizeof *p->dependent);
    p->n_dependent = n_dep;
    p->built = true;
    m->stats.positions_built++;
    if (m->shared && grammar_position_hash(m->g, pos, h) == 0)
        grammar_position_cache_put(m->shared, h, p->accepted, p->dependent, n_dep);
    return 0;
}

/* ---- the per-stack mask cache ----------------------------------------------------------------- */

static int stack_key(grammar_matcher_t *m, const grammar_frame_t *f, size_t n, uint32_t **key)
{
    if (2 * n > m->key_cap) {
        size_t cap = 2 * n + 16;
        uint32_t *k = realloc(m->key, cap * sizeof *k);
        if (!k) return GRAMMAR_ERR_NOMEM;
        m->key = k;
        k = realloc(m->key2, cap * sizeof *k);
        if (!k) return GRAMMAR_ERR_NOMEM;
        m->key2 = k;
        m->key_cap = cap;
    }
    uint32_t horizon = m->v->max_len + 3; /* repeat steps a single token can still take */
    for (size_t i = 0; i < n; i++) {
        uint32_t c = f[i].count & ~GRAMMAR_FRAME_FRESH;
        const grammar_elem_t *e = &m->g->elems[f[i].pos];
        uint32_t ck = c;
        if (e->type == ELEM_REPEAT) {
            const grammar_repeat_t *r = &m->g->repeats[e->value];
            uint32_t below = c < r->min ? r->min - c : 0;
            uint32_t above = r->max == GRAMMAR_UNBOUNDED ? horizon : r->max - c;
            if (below > horizon) below = horizon;
            if (above > horizon) above = horizon;
            ck = (below << 16) | above;
        }
        m->key[2 * i] = f[i].pos;
        m->key[2 * i + 1] = ck;
    }
    *key = m->key;
    return 0;
}

static cache_entry_t *cache_find(grammar_matcher_t *m, uint64_t h, const uint32_t *key, uint32_t len)
{
    size_t mask = m->cache_cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        cache_entry_t *e = &m->cache[i];
        if (e->hash == 0) return e;
        if (e->hash == h && e->key_len == len && memcmp(e->key, key, len * sizeof *key) == 0) return e;
    }
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* A repeat frame close to its maximum (remaining budget r below the horizon): tokens
 * allowed now are allowed with any larger budget r' too, and a token that completes at
 * most r characters cannot tell r from r'. So from a cached mask for r' (same frames
 * otherwise) only the long tokens need a walk. This keeps "string of at most 240
 * characters" cheap at its end, where every count is a different cache key. Sets *done
 * when mask (n_words, zeroed by the caller) was filled. */
static int derive_from_looser_budget(grammar_matcher_t *m, const grammar_frame_t *f, size_t n, uint32_t *mask,
                                     bool *done)
{
    *done = false;
    uint32_t horizon = m->v->max_len + 3;
    uint32_t key_len = (uint32_t)(2 * n);
    for (size_t i = n; i-- > 0;) {
        const grammar_elem_t *e = &m->g->elems[f[i].pos];
        if (e->type != ELEM_REPEAT) continue;
        if (m->g->nullable[m->g->repeats[e->value].rule]) continue;
        uint32_t ck = m->key[2 * i + 1], below = ck >> 16, above = ck & 0xFFFF;
        if (below != 0 || above >= horizon) continue;
        memcpy(m->key2, m->key, key_len * sizeof *m->key);
        for (uint32_t r2 = above + 1; r2 <= horizon; r2++) {
            m->key2[2 * i + 1] = r2;
            uint64_t h = XXH3_64bits(m->key2, key_len * sizeof *m->key2);
            if (h == 0) h = 1;
            cache_entry_t *c = cache_find(m, h, m->key2, key_len);
            if (!c->hash) continue;
            size_t n_cand = 0;
            for (size_t w = 0; w < m->n_words; w++) {
                uint32_t bits = c->mask[w];
                while (bits) {
                    uint32_t t = (uint32_t)(w * 32 + (size_t)__builtin_ctz(bits));
                    bits &= bits - 1;
                    if (m->chars[t] <= above) mask[w] |= 1u << (t & 31);
                    else if (m->rank[t] != UINT32_MAX) m->dep_buf[n_cand++] = m->rank[t];
                }
            }
            if (n_cand) {
                qsort(m->dep_buf, n_cand, sizeof *m->dep_buf, cmp_u32);
                grammar_stack_set_t start;
                grammar_stack_set_init(&start);
                int rc = grammar_stack_set_add(&start, f, n);
                if (!rc) rc = walk_tokens(m, m->dep_buf, n_cand, &start, (utf8_state_t){0, 0}, false, mask, NULL, NULL);
                grammar_stack_set_destroy(&start);
                m->stats.dependent_checked += n_cand;
                if (rc) return rc;
            }
            *done = true;
            return 0;
        }
    }
    return 0;
}

/* ORs the mask of one settled, non-empty stack into out. */
static int stack_mask(grammar_matcher_t *m, const grammar_frame_t *f, size_t n, uint32_t *out)
{
    const grammar_elem_t *te = &m->g->elems[f[n - 1].pos];
    if (te->type == ELEM_TOKEN) { /* exactly one token fits */
        if (te->value < m->v->n_tokens) out[te->value >> 5] |= 1u << (te->value & 31);
        return 0;
    }
    uint32_t *key;
    int rc = stack_key(m, f, n, &key);
    if (rc) return rc;
    uint32_t key_len = (uint32_t)(2 * n);
    uint64_t h = XXH3_64bits(key, key_len * sizeof *key);
    if (h == 0) h = 1;
    cache_entry_t *e = cache_find(m, h, key, key_len);
    if (e->hash) {
        m->stats.cache_hits++;
        for (size_t w = 0; w < m->n_words; w++) out[w] |= e->mask[w];
        return 0;
    }
    m->stats.cache_misses++;
    uint32_t top = f[n - 1].pos;
    uint32_t *mask = calloc(m->n_words, sizeof *mask);
    if (!mask) return GRAMMAR_ERR_NOMEM;
    bool derived;
    if ((rc = derive_from_looser_budget(m, f, n, mask, &derived))) { free(mask); return rc; }
    position_t *p = NULL;
    if (!derived) {
        if ((rc = position_build(m, top))) { free(mask); return rc; }
        p = &m->positions[m->g->class_index[top]];
        memcpy(mask, p->accepted, m->n_words * sizeof *mask);
    }
    if (!derived && p->n_dependent) {
        grammar_stack_set_t start;
        grammar_stack_set_init(&start);
        rc = grammar_stack_set_add(&start, f, n);
        if (!rc) rc = walk_tokens(m, p->dependent, p->n_dependent, &start, (utf8_state_t){0, 0}, false, mask, NULL, NULL);
        grammar_stack_set_destroy(&start);
        m->stats.dependent_checked += p->n_dependent;
        if (rc) { free(mask); return rc; }
    }
    for (size_t w = 0; w < m->n_words; w++) out[w] |= mask[w];
    /* store; when full, start over (generations revisit few states) */
    if (m->cache_used >= m->cache_limit) {
        cache_clear(m);
        e = cache_find(m, h, key, key_len);
    }
    e->key = malloc(key_len * sizeof *key);
    if (!e->key) { free(mask); return 0; }
    memcpy(e->key, key, key_len * sizeof *key);
    e->key_len = key_len;
    e->mask = mask;
    e->hash = h;
    m->cache_used++;
    return 0;
}

int grammar_matcher_fill_mask(grammar_matcher_t *m, uint32_t *mask, size_t n_words, char *err,
                              size_t err_size)
{
    if (!m->v) {
        set_err(err, err_size, "the matcher has no vocabulary");
        return GRAMMAR_ERR_ARG;
    }
    if (n_words < m->n_words) {
        set_err(err, err_size, "mask of %zu words, the vocabulary needs %zu", n_words, m->n_words);
        return GRAMMAR_ERR_ARG;
    }
    memset(mask, 0, n_words * sizeof *mask);
    m->stats.masks++;
    if (m->finished) return 0;
    int rc = 0;
    if (m->utf8.remaining > 0) {
        /* inside a character: rare, walk the whole vocabulary from the exact state */
        m->stats.full_walks++;
        rc = walk_tokens(m, NULL, 0, &m->stacks, m->utf8, false, mask, NULL, NULL);
    } else {
        const grammar_stack_set_t *s = &m->stacks;
        for (size_t i = 0; i < s->n_stacks && !rc; i++)
            if (s->len[i] > 0) rc = stack_mask(m, s->frames + s->start[i], s->len[i], mask);
    }
    if (rc) {
        set_err(err, err_size, "grammar: %s", status_text(rc));
        return rc;
    }
    if (grammar_matcher_can_end(m))
        for (size_t t = 0; t < m->v->n_tokens; t++)
            if (m->v->is_eos[t]) mask[t >> 5] |= 1u << (t & 31);
    return 0;
}
