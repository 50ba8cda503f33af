/* stacks.c — the pushdown automaton: stack sets, expansion, advancing by a code point.
 *
 * One idea: a stack is "settled" when its top frame points at a character class. After a
 * character is matched, the top frame moves past the class and the stack is expanded
 * again: rule ends pop, rule references push the referenced rule's alternatives (one
 * stack per alternative; a reference in tail position replaces its frame instead of
 * keeping a return frame, so right recursion runs in constant depth), and a repeat frame
 * either exits (count >= min) or starts another iteration (count < max). Expansion
 * never consumes input; left recursion is rejected at parse time and an iteration that
 * matched nothing cannot start another one (the FRESH bit), so it always terminates. */
#include <stdlib.h>
#include <string.h>

#include "grammar/grammar_impl.h"

#define DEFAULT_WORK_LIMIT 200000

void grammar_stack_set_init(grammar_stack_set_t *s) { memset(s, 0, sizeof *s); }

void grammar_stack_set_destroy(grammar_stack_set_t *s)
{
    free(s->frames);
    free(s->start);
    free(s->len);
    memset(s, 0, sizeof *s);
}

void grammar_stack_set_clear(grammar_stack_set_t *s)
{
    s->n_frames = 0;
    s->n_stacks = 0;
}

/* Also allocates the frame array when the set has none, so a set holding stacks (even
 * only empty ones) always has one: callers index it as frames + start[i]. */
static int reserve(grammar_stack_set_t *s, size_t frames, size_t stacks)
{
    if (s->n_frames + frames > s->cap_frames || !s->frames) {
        size_t cap = s->cap_frames ? s->cap_frames * 2 : 64;
        while (cap < s->n_frames + frames) cap *= 2;
        grammar_frame_t *f = realloc(s->frames, cap * sizeof *f);
        if (!f) return GRAMMAR_ERR_NOMEM;
        s->frames = f;
        s->cap_frames = cap;
    }
    if (s->n_stacks + stacks > s->cap_stacks) {
        size_t cap = s->cap_stacks ? s->cap_stacks * 2 : 8;
        while (cap < s->n_stacks + stacks) cap *= 2;
        uint32_t *a = realloc(s->start, cap * sizeof *a);
        if (!a) return GRAMMAR_ERR_NOMEM;
        s->start = a;
        uint32_t *b = realloc(s->len, cap * sizeof *b);
        if (!b) return GRAMMAR_ERR_NOMEM;
        s->len = b;
        s->cap_stacks = cap;
    }
    return 0;
}

static int push_raw(grammar_stack_set_t *s, const grammar_frame_t *frames, size_t n)
{
    int rc = reserve(s, n, 1);
    if (rc) return rc;
    if (n) memcpy(s->frames + s->n_frames, frames, n * sizeof *frames);
    s->start[s->n_stacks] = (uint32_t)s->n_frames;
    s->len[s->n_stacks] = (uint32_t)n;
    s->n_frames += n;
    s->n_stacks++;
    return 0;
}

int grammar_stack_set_add(grammar_stack_set_t *s, const grammar_frame_t *frames, size_t n)
{
    /* sets are small (a handful of stacks): compare from the top, where stacks differ */
    for (size_t i = 0; i < s->n_stacks; i++) {
        if (s->len[i] != n) continue;
        const grammar_frame_t *f = s->frames + s->start[i];
        size_t k = n;
        while (k > 0 && f[k - 1].pos == frames[k - 1].pos && f[k - 1].count == frames[k - 1].count) k--;
        if (k == 0) return 0;
    }
    return push_raw(s, frames, n);
}

int grammar_stack_set_copy(grammar_stack_set_t *dst, const grammar_stack_set_t *src)
{
    grammar_stack_set_clear(dst);
    int rc = reserve(dst, src->n_frames, src->n_stacks);
    if (rc) return rc;
    if (src->n_frames) memcpy(dst->frames, src->frames, src->n_frames * sizeof *src->frames);
    if (src->n_stacks) {
        memcpy(dst->start, src->start, src->n_stacks * sizeof *src->start);
        memcpy(dst->len, src->len, src->n_stacks * sizeof *src->len);
    }
    dst->n_frames = src->n_frames;
    dst->n_stacks = src->n_stacks;
    return 0;
}

bool grammar_stack_set_has_empty(const grammar_stack_set_t *s)
{
    for (size_t i = 0; i < s->n_stacks; i++)
        if (s->len[i] == 0) return true;
    return false;
}

void grammar_expander_init(grammar_expander_t *x)
{
    memset(x, 0, sizeof *x);
    grammar_stack_set_init(&x->todo);
    x->work_limit = DEFAULT_WORK_LIMIT;
}

void grammar_expander_destroy(grammar_expander_t *x)
{
    free(x->memo_first);
    free(x->memo_count);
    grammar_stack_set_destroy(&x->memo);
    free(x->cat);
    free(x->buf);
    grammar_stack_set_destroy(&x->todo);
    memset(x, 0, sizeof *x);
}

static int buf_reserve(grammar_expander_t *x, size_t n)
{
    if (n <= x->cap) return 0;
    size_t cap = x->cap ? x->cap * 2 : 64;
    while (cap < n) cap *= 2;
    grammar_frame_t *b = realloc(x->buf, cap * sizeof *b);
    if (!b) return GRAMMAR_ERR_NOMEM;
    x->buf = b;
    x->cap = cap;
    return 0;
}

/* Frame to continue at element pos, or pop when pos ends the alternative. Returns the
 * new depth. */
static size_t move_to(const grammar_t *g, grammar_frame_t *buf, size_t n, uint32_t pos)
{
    if (grammar_elem_is_end(g->elems[pos].type)) return n - 1;
    buf[n - 1].pos = pos;
    buf[n - 1].count = 0;
    return n;
}

int grammar_stack_expand(const grammar_t *g, grammar_expander_t *x, const grammar_frame_t *frames,
                         size_t n, grammar_stack_set_t *out)
{
    grammar_stack_set_clear(&x->todo);
    int rc = push_raw(&x->todo, frames, n);
    if (rc) return rc;
    size_t work = 0;
    while (x->todo.n_stacks > 0) {
        /* pop one pending stack into buf */
        size_t idx = x->todo.n_stacks - 1;
        size_t depth = x->todo.len[idx];
        if ((rc = buf_reserve(x, depth + 2))) return rc;
        if (depth) memcpy(x->buf, x->todo.frames + x->todo.start[idx], depth * sizeof *x->buf);
        x->todo.n_stacks--;
        x->todo.n_frames = x->todo.start[idx];

        for (;;) {
            if (++work > x->work_limit) return GRAMMAR_ERR_LIMIT;
            if ((rc = buf_reserve(x, depth + 2))) return rc;
            if (depth == 0) {
                if ((rc = grammar_stack_set_add(out, x->buf, 0))) return rc;
                break;
            }
            grammar_frame_t top = x->buf[depth - 1];
            const grammar_elem_t *e = &g->elems[top.pos];
            if (grammar_elem_is_terminal(e->type)) {
                for (size_t i = 0; i < depth; i++) x->buf[i].count &= ~GRAMMAR_FRAME_FRESH;
                if ((rc = grammar_stack_set_add(out, x->buf, depth))) return rc;
                break;
            }
            if (grammar_elem_is_end(e->type)) {
                depth--;
                continue;
            }
            uint32_t child;
            size_t base;
            if (e->type == ELEM_RULE_REF) {
                child = e->value;
                base = move_to(g, x->buf, depth, top.pos + 1); /* tail call: no return frame */
            } else { /* ELEM_REPEAT */
                const grammar_repeat_t *r = &g->repeats[e->value];
                uint32_t count = top.count & ~GRAMMAR_FRAME_FRESH;
                bool fresh = (top.count & GRAMMAR_FRAME_FRESH) != 0;
                bool can_exit = count >= r->min;
                bool can_enter = count < r->max && !(fresh && can_exit);
                if (can_exit && can_enter) {
                    /* the exit path is explored later from the todo list */
                    size_t d2 = move_to(g, x->buf, depth, top.pos + 1);
                    if ((rc = push_raw(&x->todo, x->buf, d2))) return rc;
                    x->buf[depth - 1] = top; /* move_to may have rewritten it */
                } else if (can_exit) {
                    depth = move_to(g, x->buf, depth, top.pos + 1);
                    continue;
                } else if (!can_enter) {
                    break; /* cannot happen: count < min implies count < max */
                }
                uint32_t next = count + 1;
                if (r->max == GRAMMAR_UNBOUNDED && next > r->min) next = r->min; /* saturate */
                x->buf[depth - 1].count = next | GRAMMAR_FRAME_FRESH;
                child = r->rule;
                base = depth;
            }
            /* push the child's alternatives: all but the first go to todo */
            uint32_t alt = g->rule_start[child];
            bool first = true;
            uint32_t first_alt = alt;
            for (;;) {
                if (!first) {
                    x->buf[base].pos = alt;
                    x->buf[base].count = 0;
                    if ((rc = push_raw(&x->todo, x->buf, base + 1))) return rc;
                }
                first = false;
                uint32_t p = alt;
                /* find the end of this alternative */
                while (!grammar_elem_is_end(g->elems[p].type)) {
                    if (grammar_elem_is_class_start(g->elems[p].type))
                        p = g->classes[g->class_index[p]].next;
                    else
                        p++;
                }
                if (g->elems[p].type == ELEM_END) break;
                alt = p + 1;
            }
            x->buf[base].pos = first_alt;
            x->buf[base].count = 0;
            depth = base + 1;
        }
    }
    return 0;
}

int grammar_stacks_initial(const grammar_t *g, grammar_expander_t *x, grammar_stack_set_t *out)
{
    grammar_stack_set_clear(out);
    /* a synthetic frame on the root reference: expand root's alternatives */
    uint32_t alt = g->rule_start[g->root];
    for (;;) {
        grammar_frame_t f = {alt, 0};
        int rc = grammar_stack_expand(g, x, &f, 1, out);
        if (rc) return rc;
        uint32_t p = alt;
        while (!grammar_elem_is_end(g->elems[p].type)) {
            if (grammar_elem_is_class_start(g->elems[p].type)) p = g->classes[g->class_index[p]].next;
            else p++;
        }
        if (g->elems[p].type == ELEM_END) break;
        alt = p + 1;
    }
    return 0;
}

/* The frame sequences [ {q,0} ] expands to, computed once per element q. */
static int memo_get(const grammar_t *g, grammar_expander_t *x, uint32_t q, uint32_t *first, uint32_t *count)
{
    if (!x->memo_first) {
        x->memo_first = malloc(g->n_elems * sizeof *x->memo_first);
        x->memo_count = malloc(g->n_elems * sizeof *x->memo_count);
        if (!x->memo_first || !x->memo_count) return GRAMMAR_ERR_NOMEM;
        memset(x->memo_first, 0xFF, g->n_elems * sizeof *x->memo_first);
    }
    if (x->memo_first[q] == UINT32_MAX) {
        grammar_stack_set_t tmp;
        grammar_stack_set_init(&tmp);
        grammar_frame_t f = {q, 0};
        int rc = grammar_stack_expand(g, x, &f, 1, &tmp);
        uint32_t start = (uint32_t)x->memo.n_stacks;
        for (size_t i = 0; i < tmp.n_stacks && !rc; i++)
            rc = push_raw(&x->memo, tmp.frames + tmp.start[i], tmp.len[i]);
        grammar_stack_set_destroy(&tmp);
        if (rc) { x->memo.n_stacks = start; return rc; }
        x->memo_first[q] = start;
        x->memo_count[q] = (uint32_t)(x->memo.n_stacks - start);
    }
    *first = x->memo_first[q];
    *count = x->memo_count[q];
    return 0;
}

/* Expands base[0..nb) ++ [ {q,0} ] into out, through the memo: the frames below the top
 * only matter once the top's expansion pops. */
static int memo_expand(const grammar_t *g, grammar_expander_t *x, const grammar_frame_t *base, size_t nb, uint32_t q,
                       bool skip_pop, grammar_stack_set_t *out);

/* Popped into a repeat frame (settled count c): exit, and/or start iteration c+1 with
 * each alternative of the child through the memo. An iteration that pops at once matched
 * nothing: it adds nothing the exit does not (the FRESH rule of the general path). */
static int memo_repeat(const grammar_t *g, grammar_expander_t *x, const grammar_frame_t *base, size_t nb,
                       grammar_stack_set_t *out)
{
    const grammar_frame_t *rf = &base[nb - 1];
    const grammar_repeat_t *r = &g->repeats[g->elems[rf->pos].value];
    uint32_t c = rf->count & ~GRAMMAR_FRAME_FRESH;
    int rc = 0;
    if (c >= r->min) rc = memo_expand(g, x, base, nb - 1, rf->pos + 1, false, out);
    if (rc || c >= r->max) return rc;
    grammar_frame_t local[32];
    grammar_frame_t *nbase = nb <= 32 ? local : malloc(nb * sizeof *nbase);
    if (!nbase) return GRAMMAR_ERR_NOMEM;
    memcpy(nbase, base, nb * sizeof *base);
    uint32_t next = c + 1;
    if (r->max == GRAMMAR_UNBOUNDED && next > r->min) next = r->min;
    nbase[nb - 1].count = next;
    uint32_t alt = g->rule_start[r->rule];
    for (;;) {
        rc = memo_expand(g, x, nbase, nb, alt, true, out);
        if (rc) break;
        uint32_t p = alt;
        while (!grammar_elem_is_end(g->elems[p].type))
            p = grammar_elem_is_class_start(g->elems[p].type) ? g->classes[g->class_index[p]].next : p + 1;
        if (g->elems[p].type == ELEM_END) break;
        alt = p + 1;
    }
    if (nbase != local) free(nbase);
    return rc;
}

static int memo_expand(const grammar_t *g, grammar_expander_t *x, const grammar_frame_t *base, size_t nb, uint32_t q,
                       bool skip_pop, grammar_stack_set_t *out)
{
    uint32_t first, count;
    int rc = memo_get(g, x, q, &first, &count);
    if (rc) return rc;
    for (uint32_t k = first; k < first + count; k++) {
        const grammar_frame_t *seq = x->memo.frames + x->memo.start[k];
        size_t len = x->memo.len[k];
        if (len > 0) {
            if (nb + len > x->cat_cap) {
                size_t cap = (nb + len) * 2;
                grammar_frame_t *c = realloc(x->cat, cap * sizeof *c);
                if (!c) return GRAMMAR_ERR_NOMEM;
                x->cat = c;
                x->cat_cap = cap;
            }
            if (nb) memcpy(x->cat, base, nb * sizeof *base);
            memcpy(x->cat + nb, seq, len * sizeof *seq);
            rc = grammar_stack_set_add(out, x->cat, nb + len);
        } else if (skip_pop) {
            continue;
        } else if (nb == 0) {
            rc = grammar_stack_set_add(out, base, 0);
        } else {
            /* popped into the frame below: a continuation goes through the memo too */
            const grammar_frame_t *below = &base[nb - 1];
            if (g->elems[below->pos].type == ELEM_REPEAT)
                rc = memo_repeat(g, x, base, nb, out);
            else if (below->count == 0)
                rc = memo_expand(g, x, base, nb - 1, below->pos, false, out);
            else
                rc = grammar_stack_expand(g, x, base, nb, out);
        }
        if (rc) return rc;
    }
    return 0;
}

int grammar_stacks_advance(const grammar_t *g, grammar_expander_t *x, const grammar_stack_set_t *in,
                           uint32_t cp, grammar_stack_set_t *out)
{
    grammar_stack_set_clear(out);
    for (size_t i = 0; i < in->n_stacks; i++) {
        size_t n = in->len[i];
        if (n == 0) continue;
        const grammar_frame_t *f = in->frames + in->start[i];
        uint32_t top = f[n - 1].pos;
        if (!grammar_class_match(g, top, cp)) continue; /* also: named tokens take no text */
        uint32_t next = g->classes[g->class_index[top]].next;
        int rc = memo_expand(g, x, f, n - 1, next, false, out);
        if (rc) return rc;
    }
    return 0;
}

int grammar_stacks_advance_token(const grammar_t *g, grammar_expander_t *x, const grammar_stack_set_t *in,
                                 uint32_t token, grammar_stack_set_t *out)
{
    grammar_stack_set_clear(out);
    for (size_t i = 0; i < in->n_stacks; i++) {
        size_t n = in->len[i];
        if (n == 0) continue;
        const grammar_frame_t *f = in->frames + in->start[i];
        const grammar_elem_t *e = &g->elems[f[n - 1].pos];
        if (e->type != ELEM_TOKEN || e->value != token) continue;
        int rc = memo_expand(g, x, f, n - 1, f[n - 1].pos + 1, false, out);
        if (rc) return rc;
    }
    return 0;
}
