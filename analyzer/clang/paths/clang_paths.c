/* clang_paths.c — walks the paths of one function's CFG (see clang_paths.h).
 *
 * Depth-first over (block, state) pairs: each block's statements are evaluated by the
 * transfer function (clang_eval.c), then each feasible successor gets a copy of the
 * state refined by the branch taken (`p == NULL` true: p is NULL there; `i < 10` false:
 * i >= 10; a range that becomes empty means the path is impossible and is dropped).
 * Conditions that name no local (globalFlag, some_call()) are assumed to give the same
 * answer each time they are tested on one path, which is what keeps "allocate under
 * if (x) ... free under if (x)" quiet; a test of memory through locals (opt->trace) gives
 * the same answer until those locals or memory are written, and a local integer tested
 * non-zero stays so until written. && / || / ! refine both their sides. A state already
 * seen at a block is not walked again; loops converge because increments widen ranges. */
#include "analyzer/clang/paths/clang_paths_int.h"
#include "core/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_BUDGET 12000     /* block visits per function */
#define WIDEN_AFTER 64        /* visits of one block before its integer ranges are widened */

/* ---- visited states --------------------------------------------------------------- */

typedef struct {
    uint64_t *slots;
    size_t capacity, count;
} seen_t;

static int seen_insert(seen_t *t, uint64_t key) /* 1 new, 0 present, -1 oom */
{
    if (key == 0) key = 1;
    if ((t->count + 1) * 2 > t->capacity) {
        size_t cap = t->capacity ? t->capacity * 2 : 1024;
        uint64_t *slots = calloc(cap, sizeof(*slots));
        if (!slots) return -1;
        for (size_t i = 0; i < t->capacity; i++) {
            if (!t->slots[i]) continue;
            size_t j = t->slots[i] & (cap - 1);
            while (slots[j]) j = (j + 1) & (cap - 1);
            slots[j] = t->slots[i];
        }
        free(t->slots);
        t->slots = slots;
        t->capacity = cap;
    }
    size_t j = key & (t->capacity - 1);
    while (t->slots[j]) {
        if (t->slots[j] == key) return 0;
        j = (j + 1) & (t->capacity - 1);
    }
    t->slots[j] = key;
    t->count++;
    return 1;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdULL;
}

static uint64_t state_hash(const pstate_t *s, int block, size_t var_count)
{
    uint64_t h = mix(1469598103934665603ULL, (uint64_t)block);
    for (size_t i = 0; i < var_count && i < PATH_MAX_VARS; i++) {
        const pvar_t *v = &s->v[i];
        h = mix(h, (uint64_t)(uint8_t)v->obj | (uint64_t)v->init << 8 | (uint64_t)v->null << 16 |
                       (uint64_t)v->offset << 24 | (uint64_t)v->taint << 32 | (uint64_t)v->addr1 << 40 |
                       (uint64_t)(uint16_t)v->func1 << 48);
        h = mix(h, (uint64_t)v->r.lo);
        h = mix(h, (uint64_t)v->r.hi);
    }
    for (int i = 0; i < PATH_MAX_OBJS; i++) {
        const pobj_t *o = &s->o[i];
        if (!o->used) continue;
        h = mix(h, (uint64_t)i | (uint64_t)o->kind << 8 | (uint64_t)o->status << 16 | (uint64_t)o->tainted << 24);
        h = mix(h, (uint64_t)(uintptr_t)o->site ^ (uint64_t)o->foreign << 63);
        h = mix(h, (uint64_t)o->bytes);
        h = mix(h, (uint64_t)(uint32_t)o->written << 16 | (uint64_t)o->contents_skip << 8 | o->contents);
    }
    for (int i = 0; i < s->memo_count; i++) h = mix(h, (uint64_t)s->memo_hash[i] << 1 | s->memo_value[i]);
    for (int i = 0; i < s->field_count; i++)
        h = mix(h, (uint64_t)s->fields[i].var << 40 ^ (uint64_t)s->fields[i].offset << 8 ^ (uint8_t)s->fields[i].value.obj);
    for (int i = 0; i < s->global_count; i++) {
        const pvar_t *v = &s->globals[i].value;
        h = mix(h, (uint64_t)s->globals[i].global << 24 | (uint64_t)(uint8_t)v->obj << 8 | v->null);
        h = mix(h, (uint64_t)v->r.lo);
    }
    h = mix(h, s->undecided_assign[0]);
    h = mix(h, s->undecided_assign[1]);
    h = mix(h, s->undecided_tested[0]);
    h = mix(h, s->undecided_tested[1]);
    h = mix(h, s->loop_kept[0] ^ s->loop_kept[1] << 1);
    return h;
}

/* ---- conditions ------------------------------------------------------------------- */

static bool names_local(const cnode_t *n)
{
    if (n->kind == CXCursor_DeclRefExpr && n->var >= 0) return true;
    if ((n->kind == CXCursor_BinaryOperator && !strcmp(n->op, "=")) || n->kind == CXCursor_CompoundAssignOperator)
        return true;
    for (uint32_t i = 0; i < n->kid_count; i++)
        if (names_local(n->kids[i])) return true;
    return false;
}

static uint32_t text_hash(const char *t)
{
    uint32_t h = (uint32_t)hash_text_ignoring_space(t);
    return h ? h : 1;
}

/* The key of an opaque condition: `X != 5` shares the key of `X == 5`, inverted. */
static uint32_t memo_key_of(clang_unit_t *unit, cnode_t *cond, bool *invert)
{
    cnode_t *c = c_strip(cond);
    *invert = false;
    if (c && c->kind == CXCursor_BinaryOperator && c->kid_count == 2 &&
        (!strcmp(c->op, "==") || !strcmp(c->op, "!="))) {
        *invert = c->op[0] == '!';
        uint32_t h = text_hash(c_text(unit, c->kids[0])) * 31u + text_hash(c_text(unit, c->kids[1]));
        return h ? h : 1;
    }
    return text_hash(c_text(unit, cond));
}

/* Bits of the locals an AST subtree assigns and releases. */
static void arm_effects(const cnode_t *n, uint64_t assign[2], uint64_t release[2])
{
    const cnode_t *target = NULL;
    uint64_t *set = assign;
    if ((n->kind == CXCursor_BinaryOperator && !strcmp(n->op, "=")) || n->kind == CXCursor_CompoundAssignOperator) {
        target = n->kid_count ? c_strip(n->kids[0]) : NULL;
        /* a store into a buffer the local holds or points to: buf[i] = x, *p = x, s.f = x */
        while (target && target->kid_count &&
               (target->kind == CXCursor_ArraySubscriptExpr || (target->kind == CXCursor_MemberRefExpr && !target->arrow) ||
                (target->kind == CXCursor_UnaryOperator && !strcmp(target->op, "*"))))
            target = c_strip(target->kids[0]);
    } else if (n->kind == CXCursor_UnaryOperator && (!strcmp(n->op, "&") || !strcmp(n->op, "++") || !strcmp(n->op, "--")))
        target = n->kid_count ? c_strip(n->kids[0]) : NULL;
    else if (n->kind == CXCursor_VarDecl && n->var >= 0)
        target = n;
    else if (n->kind == CXCursor_CallExpr && n->name &&
             (!strcmp(n->name, "free") || !strcmp(n->name, "fclose") || !strcmp(n->name, "close") ||
              !strcmp(n->name, "pclose") || !strcmp(n->name, "realloc")) && n->kid_count >= 2) {
        target = c_strip(n->kids[1]);
        set = release;
    }
    while (target && target->kind == CXCursor_MemberRefExpr && !target->arrow && target->kid_count)
        target = c_strip(target->kids[0]); /* s.x = 1 writes (part of) s */
    if (target && (target->kind == CXCursor_DeclRefExpr || target->kind == CXCursor_VarDecl) && target->var >= 0 &&
        target->var < 128)
        set[target->var / 64] |= 1ULL << (target->var % 64);
    for (uint32_t i = 0; i < n->kid_count; i++) arm_effects(n->kids[i], assign, release);
}

/* For an opaque `if`, adds to s what the arm not taken would have assigned or released. */
static void skip_untaken_arm(pstate_t *s, cnode_t *cond, bool outcome)
{
    cnode_t *child = cond, *p = cond->parent;
    while (p && (p->kind == CXCursor_ParenExpr || (p->kind == CXCursor_UnexposedExpr && p->kid_count == 1))) {
        child = p;
        p = p->parent;
    }
    if (!p || p->kind != CXCursor_IfStmt || p->kid_count < 2 || p->kids[0] != child) return;
    cnode_t *arm = outcome ? (p->kid_count >= 3 ? p->kids[2] : NULL) : p->kids[1];
    if (arm) arm_effects(arm, s->skip_assign, s->skip_release);
}

/* The code that runs when cond has value outcome: the then/else arm of its `if`, the
 * body of its loop; NULL when that is the code after the statement (or cond is not a
 * statement's whole condition). */
static const cnode_t *taken_arm(const cnode_t *cond, bool outcome)
{
    /* up through parentheses, `!` (which flips the outcome) and && / || (an arm that
     * needs the whole test true, or false, needs this part to have had this outcome) */
    const cnode_t *child = cond, *p = cond->parent;
    while (p && (p->kind == CXCursor_ParenExpr || (p->kind == CXCursor_UnexposedExpr && p->kid_count == 1) ||
                 (p->kind == CXCursor_UnaryOperator && !strcmp(p->op, "!")) ||
                 (p->kind == CXCursor_BinaryOperator && (!strcmp(p->op, "&&") || !strcmp(p->op, "||"))))) {
        if (p->kind == CXCursor_UnaryOperator) outcome = !outcome;
        child = p;
        p = p->parent;
    }
    if (!p || p->kid_count < 2) return NULL;
    if (p->kind == CXCursor_IfStmt && p->kids[0] == child)
        return outcome ? p->kids[1] : p->kid_count >= 3 ? p->kids[2] : NULL;
    if (p->kind == CXCursor_DoStmt && p->kids[1] == child) return outcome ? p->kids[0] : NULL;
    if ((p->kind == CXCursor_WhileStmt || p->kind == CXCursor_ForStmt) && p->kids[p->kid_count - 1] != child)
        return outcome ? p->kids[p->kid_count - 1] : NULL;
    return NULL;
}

/* Records that s took an undecided branch on cond (see pstate_t). */
static void guard_push(pstate_t *s, const cnode_t *cond, bool outcome)
{
    const cnode_t *arm = taken_arm(cond, outcome);
    if (!arm) return;
    s->seq++;
    for (int i = 0; i < s->guard_count; i++) /* a loop's condition again: renew it */
        if (s->guard_arm[i] == arm) {
            s->guard_seq[i] = s->seq;
            return;
        }
    if (s->guard_count == PATH_MAX_GUARDS) { /* forget the oldest */
        memmove(s->guard_arm, s->guard_arm + 1, (PATH_MAX_GUARDS - 1) * sizeof(s->guard_arm[0]));
        memmove(s->guard_cond, s->guard_cond + 1, (PATH_MAX_GUARDS - 1) * sizeof(s->guard_cond[0]));
        memmove(s->guard_seq, s->guard_seq + 1, (PATH_MAX_GUARDS - 1) * sizeof(s->guard_seq[0]));
        s->guard_count--;
    }
    s->guard_arm[s->guard_count] = arm;
    s->guard_cond[s->guard_count] = cond;
    s->guard_seq[s->guard_count++] = s->seq;
}

/* Drops the guard guard_push just recorded for cond (the branch was decided after all). */
static void guard_pop(pstate_t *s, const cnode_t *cond)
{
    for (int g = 0; g < s->guard_count; g++)
        if (s->guard_cond[g] == cond && s->guard_seq[g] == s->seq) {
            memmove(s->guard_arm + g, s->guard_arm + g + 1, (size_t)(s->guard_count - g - 1) * sizeof(s->guard_arm[0]));
            memmove(s->guard_cond + g, s->guard_cond + g + 1, (size_t)(s->guard_count - g - 1) * sizeof(s->guard_cond[0]));
            memmove(s->guard_seq + g, s->guard_seq + g + 1, (size_t)(s->guard_count - g - 1) * sizeof(s->guard_seq[0]));
            s->guard_count--;
            return;
        }
}

/* ---- tests of memory (see pstate_t.mtest_*) ---------------------------------------- */

/* True when cond reads memory through a local (p->f, *p, p[i]) and does nothing else a
 * second evaluation could see differently: no call, assignment or increment. The locals
 * it names are added to *vars. */
static bool memory_test(const cnode_t *n, uint64_t *vars, bool *reads)
{
    switch (n->kind) {
    case CXCursor_CallExpr:
    case CXCursor_CompoundAssignOperator:
    case CXCursor_StmtExpr:
        return false;
    case CXCursor_BinaryOperator:
        if (!strcmp(n->op, "=") || !strcmp(n->op, ",")) return false;
        break;
    case CXCursor_UnaryOperator:
        if (!strcmp(n->op, "++") || !strcmp(n->op, "--")) return false;
        if (!strcmp(n->op, "*")) *reads = true;
        break;
    case CXCursor_MemberRefExpr:
    case CXCursor_ArraySubscriptExpr:
        *reads = true;
        break;
    case CXCursor_DeclRefExpr:
        if (n->var >= 0) *vars |= 1ULL << (n->var % 64);
        break;
    default:
        break;
    }
    for (uint32_t i = 0; i < n->kid_count; i++)
        if (!memory_test(n->kids[i], vars, reads)) return false;
    return true;
}

void paths_mtest_forget(pstate_t *s, int var)
{
    int kept = 0;
    for (int i = 0; i < s->mtest_count; i++) {
        if (var < 0 || (s->mtest_vars[i] >> (var % 64) & 1)) continue;
        s->mtest_hash[kept] = s->mtest_hash[i];
        s->mtest_vars[kept] = s->mtest_vars[i];
        s->mtest_value[kept++] = s->mtest_value[i];
    }
    s->mtest_count = (uint8_t)kept;
}

/* The same text naming the same locals (not a shadowing local of the same name). */
static int mtest_find(const pstate_t *s, uint32_t h, uint64_t vars)
{
    for (int i = 0; i < s->mtest_count; i++)
        if (s->mtest_hash[i] == h && s->mtest_vars[i] == vars) return s->mtest_value[i];
    return -1;
}

static void mtest_put(pstate_t *s, uint32_t h, uint64_t vars, int value)
{
    if (s->mtest_count >= PATH_MAX_MEMO) { /* forget the oldest */
        memmove(s->mtest_hash, s->mtest_hash + 1, (PATH_MAX_MEMO - 1) * sizeof(s->mtest_hash[0]));
        memmove(s->mtest_vars, s->mtest_vars + 1, (PATH_MAX_MEMO - 1) * sizeof(s->mtest_vars[0]));
        memmove(s->mtest_value, s->mtest_value + 1, (PATH_MAX_MEMO - 1) * sizeof(s->mtest_value[0]));
        s->mtest_count--;
    }
    s->mtest_hash[s->mtest_count] = h;
    s->mtest_vars[s->mtest_count] = vars;
    s->mtest_value[s->mtest_count++] = (uint8_t)value;
}

static int memo_find(const pstate_t *s, uint32_t h)
{
    for (int i = 0; i < s->memo_count; i++)
        if (s->memo_hash[i] == h) return s->memo_value[i];
    return -1;
}

static void memo_put(pstate_t *s, uint32_t h, int value)
{
    if (s->memo_count >= PATH_MAX_MEMO) return;
    s->memo_hash[s->memo_count] = h;
    s->memo_value[s->memo_count++] = (uint8_t)value;
}

static bool is_pointer_type(const cnode_t *n)
{
    CXType t = clang_getCanonicalType(clang_getCursorType(n->cursor));
    return t.kind == CXType_Pointer;
}

/* The local a condition operand names: `p`, `(p = malloc(...))`. */
static cnode_t *cond_var(cnode_t *n)
{
    n = c_strip(n);
    if (n && n->kind == CXCursor_BinaryOperator && !strcmp(n->op, "=") && n->kid_count == 2) n = c_strip(n->kids[0]);
    if (n && n->kind == CXCursor_DeclRefExpr && n->var >= 0 && n->var < PATH_MAX_VARS) return n;
    return NULL;
}

static bool side_free_value(pctx_t *cx, const pstate_t *s, cnode_t *n, long long *out)
{
    n = c_strip(n);
    if (!n) return false;
    if (n->kind == CXCursor_DeclRefExpr && n->var >= 0 && n->var < PATH_MAX_VARS) {
        if (paths_range_known(s->v[n->var].r)) {
            *out = s->v[n->var].r.lo;
            return true;
        }
        return false;
    }
    if (n->kind == CXCursor_DeclRefExpr && n->global >= 0) {
        const cglobal_t *g = &cx->unit->globals[n->global];
        if (g->has_value && (g->is_const || (g->is_static && !g->written))) {
            *out = g->value;
            return true;
        }
    }
    if (n->kind == CXCursor_CallExpr) return false;
    return c_eval_int(n, out);
}

static const char *negate(const char *op)
{
    if (!strcmp(op, "<")) return ">=";
    if (!strcmp(op, "<=")) return ">";
    if (!strcmp(op, ">")) return "<=";
    if (!strcmp(op, ">=")) return "<";
    if (!strcmp(op, "==")) return "!=";
    if (!strcmp(op, "!=")) return "==";
    return op;
}

static const char *flip(const char *op)
{
    if (!strcmp(op, "<")) return ">";
    if (!strcmp(op, "<=")) return ">=";
    if (!strcmp(op, ">")) return "<";
    if (!strcmp(op, ">=")) return "<=";
    return op;
}

/* Sets the nullness of pointer var; false when the path is impossible. */
static bool refine_null_of(pctx_t *cx, pstate_t *s, pvar_t *v, int var, bool is_null, cnode_t *at);
static bool refine_null(pctx_t *cx, pstate_t *s, int var, bool is_null, cnode_t *at)
{
    return refine_null_of(cx, s, &s->v[var], var, is_null, at);
}

/* The slot of the file-static pointer or local aggregate's pointer field a condition
 * operand names (`g`, `u.p`, `(g = f())`) when this path gave it a value, else NULL. */
static pvar_t *cond_global(pstate_t *s, cnode_t *n)
{
    n = c_strip(n);
    if (n && n->kind == CXCursor_BinaryOperator && !strcmp(n->op, "=") && n->kid_count == 2) n = c_strip(n->kids[0]);
    if (!n || !is_pointer_type(n)) return NULL;
    return paths_eval_slot_of(s, n);
}

static bool refine_null_of(pctx_t *cx, pstate_t *s, pvar_t *v, int var, bool is_null, cnode_t *at)
{
    if (v->obj >= 0) {
        pobj_t *o = &s->o[v->obj];
        if (o->status == ST_MAYBE_NULL) {
            o->status = (uint8_t)(is_null ? ST_NULL : ST_NONNULL);
            o->null_seq = s->seq;
            paths_event_add(cx, s, is_null ? EV_NULL : EV_NONNULL, at, v->obj, var, NULL);
        } else if (o->status == ST_NULL) {
            return is_null;
        } else if (is_null && (o->kind == OBJ_STACK || o->kind == OBJ_STATIC || o->status == ST_NONNULL)) {
            return false;
        }
        return true;
    }
    if (v->null == 1 && !is_null) return false;
    if (v->null == 2 && is_null) return false;
    v->null = (uint8_t)(is_null ? 1 : 2);
    if (is_null) {
        v->null_seq = s->seq;
        paths_event_add(cx, s, EV_NULL, at, -1, var, NULL);
    }
    return true;
}

/* abs(x), fabs(x) ... compared against a bound: x itself is bounded. Other calls say
 * nothing about their arguments (scanf("%d", &x) != 1 does not check x). */
static void mark_checked_inside(pstate_t *s, cnode_t *n, unsigned bits)
{
    static const char *const magnitude[] = {"abs", "labs", "llabs", "imaxabs", "fabs", "fabsf", "fabsl", NULL};
    n = c_strip(n);
    if (!n || n->kind != CXCursor_CallExpr || !n->name) return;
    if ((!strcmp(n->name, "strlen") || !strcmp(n->name, "wcslen")) && c_arg_count(n) == 1) {
        /* strlen(s) < 40: the string's length is bounded (TAINT_UPPER on a pointer) */
        cnode_t *v = c_strip(c_arg(n, 0));
        if ((bits & TAINT_UPPER) && v && v->kind == CXCursor_DeclRefExpr && v->var >= 0 && v->var < PATH_MAX_VARS)
            s->v[v->var].taint |= TAINT_UPPER;
        return;
    }
    bool known = false;
    for (size_t i = 0; magnitude[i]; i++) known |= !strcmp(n->name, magnitude[i]);
    if (!known || c_arg_count(n) != 1) return;
    cnode_t *v = c_strip(c_arg(n, 0));
    if (v && v->kind == CXCursor_DeclRefExpr && v->var >= 0 && v->var < PATH_MAX_VARS) {
        s->v[v->var].taint |= (uint8_t)bits;
        s->v[v->var].r = paths_eval_unknown().r; /* bounded by a value this pass does not know */
        s->v[v->var].null = 0;
    }
}

/* `x + c OP k` / `x - c OP k` with c and k known: returns x's node and sets *k to the
 * bound x itself is compared with (k - c, k + c), so (j + len) > 63 bounds j. */
static cnode_t *offset_var(pctx_t *cx, const pstate_t *s, cnode_t *side, cnode_t *other, long long *k)
{
    cnode_t *e = c_strip(side);
    long long c, bound;
    if (!e || e->kind != CXCursor_BinaryOperator || e->kid_count != 2 || (strcmp(e->op, "+") && strcmp(e->op, "-")))
        return NULL;
    if (!side_free_value(cx, s, other, &bound)) return NULL;
    cnode_t *v = cond_var(e->kids[0]);
    bool var_left = v != NULL;
    if (!v && e->op[0] == '+') v = cond_var(e->kids[1]);
    if (!v || is_pointer_type(v) || !side_free_value(cx, s, e->kids[var_left ? 1 : 0], &c)) return NULL;
    if (e->op[0] == '+' ? __builtin_sub_overflow(bound, c, k) : __builtin_add_overflow(bound, c, k)) return NULL;
    return v;
}

/* `a && b` true (or `a || b` false) holds on both sides. `a && b` false is either `a`
 * false, or `a` true and `b` false (`a || b` true alike): when only one of the two is
 * feasible the state takes it; when both are, one state cannot hold the either-or and is
 * left as it was. */
static bool refine_logical(pctx_t *cx, pstate_t *s, cnode_t *c, bool outcome)
{
    if ((c->op[0] == '&') == outcome)
        return paths_path_refine(cx, s, c->kids[0], outcome) && paths_path_refine(cx, s, c->kids[1], outcome);
    pstate_t *left = malloc(sizeof(*left)), *right = malloc(sizeof(*right));
    if (!left || !right) {
        free(left);
        free(right);
        cx->oom = 1;
        return true;
    }
    memcpy(left, s, sizeof(*s));
    memcpy(right, s, sizeof(*s));
    bool by_left = paths_path_refine(cx, left, c->kids[0], outcome);
    bool by_right = paths_path_refine(cx, right, c->kids[0], !outcome) && paths_path_refine(cx, right, c->kids[1], outcome);
    if (by_left && !by_right) memcpy(s, left, sizeof(*s));
    else if (by_right && !by_left) memcpy(s, right, sizeof(*s));
    free(left);
    free(right);
    return by_left || by_right;
}

/* Refines the state for `cond` having value `outcome`; false when impossible. */
/* `while (n--)`, `for (i = n; i-- != 0;)`, `while (n-- > 0)`: the test reads the value
 * before the step, so where the body runs, n was at least 1 (an unsigned count, or a
 * signed one tested `> 0` or known not to be negative) and is now at least 0; where the
 * loop ends, n was 0. False when the outcome is impossible. */
static bool refine_postfix_step(pctx_t *cx, pstate_t *s, cnode_t *c, bool outcome)
{
    const char *op = "!=";
    cnode_t *step = c;
    long long k = 0;
    if (c->kind == CXCursor_BinaryOperator && c->kid_count == 2 && (!strcmp(c->op, "!=") || !strcmp(c->op, ">"))) {
        if (!c_eval_int(c->kids[1], &k) || k != 0) return true;
        op = c->op;
        step = c_strip(c->kids[0]);
    }
    if (!step || step->kind != CXCursor_UnaryOperator || !step->postfix || strcmp(step->op, "--") || !step->kid_count)
        return true;
    cnode_t *v = c_strip(step->kids[0]);
    if (!v || v->kind != CXCursor_DeclRefExpr || v->var < 0 || v->var >= PATH_MAX_VARS ||
        (size_t)v->var >= cx->f->var_count || !cx->f->vars[v->var].is_integer)
        return true;
    int bits;
    bool sgn = true;
    c_int_width(v, &bits, &sgn);
    pvar_t *pv = &s->v[v->var];
    if (!outcome) {
        if (op[0] == '!') {
            if (pv->r.hi < -1 || pv->r.lo > -1) return sgn ? false : true;
            if (sgn) pv->r.lo = pv->r.hi = -1; /* it was 0 */
        }
        return true;
    }
    if (op[0] == '>' || !sgn || pv->r.lo >= -1) {
        if (pv->r.hi < 0) return false;
        if (pv->r.lo < 0) pv->r.lo = 0;
    }
    return true;
}

/* An integer tested non-zero (pv->null == 2) whose range ends at 0 does not hold 0:
 * `if (!len || len > MAX) return;` leaves 1..MAX, so len - 1 is not -1. */
static void nonzero_bound(const pvar_t *pv, irange_t *r)
{
    if (pv->null != 2 || r->lo == r->hi) return;
    if (r->lo == 0) r->lo = 1;
    else if (r->hi == 0) r->hi = -1;
}

bool paths_path_refine(pctx_t *cx, pstate_t *s, cnode_t *cond, bool outcome)
{
    cnode_t *c = c_strip(cond);
    if (!c) return true;
    if (c->kind == CXCursor_UnaryOperator && !strcmp(c->op, "!") && c->kid_count == 1)
        return paths_path_refine(cx, s, c->kids[0], !outcome);
    if (c->kind == CXCursor_BinaryOperator && c->kid_count == 2 && (!strcmp(c->op, "&&") || !strcmp(c->op, "||")))
        return refine_logical(cx, s, c, outcome);
    if (!refine_postfix_step(cx, s, c, outcome)) return false;
    cnode_t *v = cond_var(c);
    pvar_t *g = v ? NULL : cond_global(s, c);
    if (g) return refine_null_of(cx, s, g, -1, !outcome, cond); /* if (g_buf) */
    if (v) { /* if (p) / if (n) / if ((p = f()) ) */
        if (is_pointer_type(v) || s->v[v->var].obj >= 0) return refine_null(cx, s, v->var, !outcome, cond);
        pvar_t *pv = &s->v[v->var];
        if (!outcome) {
            if (pv->r.lo > 0 || pv->r.hi < 0 || pv->null == 2) return false;
            pv->r.lo = pv->r.hi = 0;
            pv->null = 1;
        } else {
            if (paths_range_known(pv->r) && pv->r.lo == 0) return false;
            pv->taint |= TAINT_ZERO;
            pv->null = 2; /* non-zero: `if (flag) ... if (flag)` takes the same way */
            nonzero_bound(pv, &pv->r);
        }
        return true;
    }
    if (c->kind != CXCursor_BinaryOperator || c->kid_count != 2) {
        return true;
    }
    const char *op = c->op;
    if (strcmp(op, "==") && strcmp(op, "!=") && strcmp(op, "<") && strcmp(op, ">") && strcmp(op, "<=") &&
        strcmp(op, ">="))
        return true;
    cnode_t *lhs = c->kids[0], *rhs = c->kids[1];
    cnode_t *var = cond_var(lhs), *other = rhs;
    if (!var && (var = cond_var(rhs)) != NULL) {
        other = lhs;
        op = flip(op);
    }
    if (!outcome) op = negate(op);
    if (!var && (!strcmp(op, "==") || !strcmp(op, "!="))) { /* g_buf == NULL */
        long long zk;
        pvar_t *gl = cond_global(s, lhs), *gr = gl ? NULL : cond_global(s, rhs);
        cnode_t *zero = gl ? rhs : lhs;
        if ((gl || gr) && side_free_value(cx, s, zero, &zk) && zk == 0) return refine_null_of(cx, s, gl ? gl : gr, -1, op[0] == '=', cond);
    }
    long long k;
    bool known = false;
    if (!var && (var = offset_var(cx, s, lhs, rhs, &k)) != NULL) {
        known = true;
    } else if (!var && (var = offset_var(cx, s, rhs, lhs, &k)) != NULL) {
        known = true;
        op = flip(op);
    }
    if (!var) {
        /* abs(x) <= n bounds x on both sides; fabs(x) > eps keeps it away from zero */
        unsigned bits = TAINT_ZERO;
        if (!strcmp(op, "<") || !strcmp(op, "<=")) bits = TAINT_UPPER | TAINT_LOWER;
        else if (!strcmp(op, "==")) bits = TAINT_UPPER | TAINT_LOWER | TAINT_ZERO;
        mark_checked_inside(s, lhs, bits);
        mark_checked_inside(s, rhs, bits);
        return true;
    }
    pvar_t *pv = &s->v[var->var];
    if (!known) known = side_free_value(cx, s, other, &k);
    cnode_t *var2 = known ? NULL : cond_var(other);
    if (var2 && !is_pointer_type(var2) && s->v[var2->var].obj < 0 && pv->obj < 0 && paths_range_known(pv->r) &&
        !is_pointer_type(var)) {
        /* `i < n` with i known (a counted loop's test): it bounds n, so a later loop over
         * the same n runs as many rounds. The paths are not split further: each round's
         * exit already has its own exact i. */
        k = pv->r.lo;
        var = var2;
        pv = &s->v[var->var];
        op = flip(op);
        known = true;
    }
    /* pointers and descriptors: NULL / -1 checks */
    if (pv->obj >= 0 && s->o[pv->obj].kind == OBJ_FD && known) {
        bool invalid;
        if (!strcmp(op, "==")) invalid = k < 0;
        else if (!strcmp(op, "!=")) invalid = !(k < 0);
        else if (!strcmp(op, "<")) invalid = k <= 0;
        else if (!strcmp(op, "<=")) invalid = k < 0;
        else if (!strcmp(op, ">=")) invalid = k > 0;
        else invalid = !(k >= -1);
        if (!strcmp(op, "!=") && k >= 0) return true; /* fd != 3 says nothing */
        if ((!strcmp(op, "<=") && k >= 0 && k <= 2) || (!strcmp(op, "<") && k >= 1 && k <= 3) ||
            (!strcmp(op, "==") && k >= 0 && k <= 2)) {
            /* `if (fd > STDERR_FILENO) close(fd)`, `if (fd != STDIN_FILENO) close(fd)`: where
             * it is 0..2 it is a standard stream (or the code put one in place of a failed
             * open), not a descriptor of its own to close */
            pobj_t *o = &s->o[pv->obj];
            if (o->status == ST_MAYBE_NULL || o->status == ST_NONNULL) o->status = ST_ESCAPED;
            return true;
        }
        return refine_null(cx, s, var->var, invalid, cond);
    }
    if (is_pointer_type(var)) {
        if (known && k == 0 && (!strcmp(op, "==") || !strcmp(op, "!=")))
            return refine_null(cx, s, var->var, op[0] == '=', cond);
        return true;
    }
    /* integers: taint checks, then the range */
    if (pv->taint & TAINT) {
        if (!strcmp(op, "<") || !strcmp(op, "<=")) pv->taint |= TAINT_UPPER;
        else if (!strcmp(op, ">") || !strcmp(op, ">=")) pv->taint |= TAINT_LOWER;
        else if (!strcmp(op, "==")) pv->taint |= TAINT_UPPER | TAINT_LOWER | TAINT_ZERO;
        else pv->taint |= TAINT_ZERO;

    }
    if (!known) return true;
    irange_t r = pv->r;
    int bits;
    bool is_signed;
    if (r.lo < 0 && c_int_width(var, &bits, &is_signed) && !is_signed) r.lo = 0; /* size_t n != 0: n >= 1 */
    if (!strcmp(op, "<")) { if (k == RANGE_MIN) return false; if (r.hi > k - 1) r.hi = k - 1; }
    else if (!strcmp(op, "<=")) { if (r.hi > k) r.hi = k; }
    else if (!strcmp(op, ">")) { if (k == RANGE_MAX) return false; if (r.lo < k + 1) r.lo = k + 1; }
    else if (!strcmp(op, ">=")) { if (r.lo < k) r.lo = k; }
    else if (!strcmp(op, "==")) { if (k < r.lo || k > r.hi) return false; r.lo = r.hi = k; }
    else if (!strcmp(op, "!=")) {
        if (r.lo == k && r.hi == k) return false;
        if (r.lo == k) r.lo++;
        else if (r.hi == k) r.hi--;
    }
    if (r.lo > r.hi) return false;
    if (pv->null == 2 && r.lo == 0 && r.hi == 0) return false; /* tested non-zero before */
    if (!strcmp(op, "!=") && k == 0) pv->null = 2;
    nonzero_bound(pv, &r);
    pv->r = r;
    if (r.lo > 0 || r.hi < 0) pv->taint |= TAINT_ZERO;
    return true;
}

/* ---- the walk --------------------------------------------------------------------- */

typedef struct {
    int block;
    pstate_t *state;
} work_t;

typedef struct {
    work_t *items;
    size_t count, capacity;
} stack_t_;

static int push(stack_t_ *st, int block, pstate_t *state)
{
    if (st->count == st->capacity) {
        size_t cap = st->capacity ? st->capacity * 2 : 64;
        work_t *grown = realloc(st->items, cap * sizeof(*grown));
        if (!grown) return -1;
        st->items = grown;
        st->capacity = cap;
    }
    st->items[st->count++] = (work_t){block, state};
    return 0;
}

static void exit_check(pctx_t *cx, pstate_t *s)
{
    const cnode_t *at = s->returned_at;
    cnode_t end_marker;
    if (!at) { /* the closing brace */
        memset(&end_marker, 0, sizeof(end_marker));
        end_marker.range = cx->f->body->range;
        end_marker.range.start_line = end_marker.range.end_line;
        end_marker.range.start_col = end_marker.range.end_col > 1 ? end_marker.range.end_col - 1 : 1;
        end_marker.range.start_byte = end_marker.range.end_byte > 0 ? end_marker.range.end_byte - 1 : 0;
        at = &end_marker;
    }
    for (int i = 0; i < PATH_MAX_OBJS; i++) {
        pobj_t *o = &s->o[i];
        if (!o->used || !(o->kind == OBJ_HEAP || o->kind == OBJ_FILE || o->kind == OBJ_FD)) continue;
        if (o->status != ST_MAYBE_NULL && o->status != ST_NONNULL) continue;
        if (o->kept || (o->site && o->site->kind == CXCursor_FunctionDecl)) continue; /* kept; the caller's */
        bool unseen = false;
        for (size_t v = 0; v < cx->f->var_count && v < PATH_MAX_VARS; v++)
            if (s->v[v].obj == i && paths_skipped_release(s, (int)v)) unseen = true;
        if (unseen) continue;
        const char *rule = o->kind == OBJ_HEAP ? "c.clang-memory-leak" : "c.clang-resource-leak";
        /* main() returning ends the process, which releases every block and descriptor */
        const char *low = cx->f->name && !strcmp(cx->f->name, "main") && !cx->parent
                              ? "main() returns here: the process ends and the system releases it"
                              : NULL;
        clang_finding_t *f = paths_finding_graded(cx, rule, o->site->range, low);
        if (!f) continue;
        if (o->kind == OBJ_HEAP)
            snprintf(f->message, sizeof(f->message),
                     "memory allocated by %s() is not freed on some path (leaks when the function returns at line %u)",
                     o->what, at->range.start_line);
        else
            snprintf(f->message, sizeof(f->message),
                     "%s opened by %s() is not closed on some path (leaks when the function returns at line %u)",
                     o->kind == OBJ_FILE ? "the FILE*" : "the descriptor", o->what, at->range.start_line);
        paths_flow_for(cx, s, f, i, -1, (1u << EV_ALLOC) | (1u << EV_NONNULL) | (1u << EV_ASSIGN));
        clang_finding_step(f, at->range, "leaks when the function returns here");
        clang_finding_fact(f, "allocator", "%s", o->what);
        if (o->bytes >= 0) clang_finding_fact(f, "bytes", "%lld", o->bytes);
    }
}

static void initial_state(pctx_t *cx, pstate_t *s)
{
    memset(s, 0, sizeof(*s));
    for (int i = 0; i < PATH_MAX_VARS; i++) {
        s->v[i].obj = -1;
        s->v[i].init = 1;
        s->v[i].r = paths_eval_unknown().r;
    }
    const cfunc_t *f = cx->f;
    int param = 0;
    for (size_t i = 0; i < f->var_count && i < PATH_MAX_VARS; i++) {
        if (!f->vars[i].is_param) continue;
        if (f->is_main && param == 1) s->v[i].taint = TAINT; /* argv: the user's command line */
        /* what a pointer parameter points to belongs to the caller: never leaked here,
         * but freeing it twice or using it after free() here is still a bug */
        if (f->vars[i].is_pointer && !(f->is_main && param == 1)) {
            int o = paths_obj_new(cx, s, OBJ_HEAP, ST_ESCAPED, f->decl, "the caller");
            if (o >= 0) s->o[o].opaque = 1; /* the caller wrote its contents */
            s->v[i].obj = (int8_t)o;
        }
        param++;
    }
}

static pstate_t *state_copy(const pstate_t *s)
{
    pstate_t *c = malloc(sizeof(*c));
    if (c) memcpy(c, s, sizeof(*c));
    return c;
}

static int decide(pctx_t *cx, pstate_t *s, cnode_t *cond, aval_t a)
{
    if (paths_range_known(a.r)) return a.r.lo != 0;
    cnode_t *c = c_strip(cond);
    if (c && is_pointer_type(c)) {
        int nl = a.obj >= 0 ? (s->o[a.obj].status == ST_NULL ? 1 : s->o[a.obj].status == ST_MAYBE_NULL ? 0 : 2) : a.null;
        if (nl) return nl == 2;
    }
    (void)cx;
    return -1;
}

/* Walks every path of cfg from `start` (owned: freed here). Each state reaching the
 * exit goes to on_exit (which must not keep it). Returns 0, or -1 on out of memory;
 * *over_budget tells whether some paths were cut. */
typedef void (*exit_fn_t)(pctx_t *cx, pstate_t *s, void *ctx);

static int walk(pctx_t *cx, const ccfg_t *cfg, pstate_t *start, size_t budget, exit_fn_t on_exit,
                void *exit_ctx, bool *over_budget)
{
    clang_unit_t *unit = cx->unit;
    const cfunc_t *f = cx->f;
    clang_findings_t *out = cx->out;
    *over_budget = false;
    seen_t seen = {0};
    stack_t_ st = {0};
    uint32_t *visits = calloc(cfg->block_count, sizeof(*visits));
    /* locals written after their declaration: the others keep their value in any loop and
     * are never widened (`int debug = 0; ... if (debug)` stays decided) */
    uint64_t written[2] = {0, 0};
    paths_eval_written_vars(cx->f->body, written);
    int rc = 0;
    if (!visits || push(&st, 0, start)) {
        free(visits);
        free(start);
        free(st.items);
        return -1;
    }
    size_t first_note = out->note_count;
    while (st.count > 0 && rc == 0) {
        work_t w = st.items[--st.count];
        pstate_t *s = w.state;
        if (w.block == 1) {
            on_exit(cx, s, exit_ctx);
            free(s);
            continue;
        }
        if (budget == 0) {
            *over_budget = true;
            free(s);
            continue;
        }
        budget--;
        if (cx->depth > 0 && cx->inline_spent) ++*cx->inline_spent;
        const cblock_t *b = &cfg->blocks[w.block];
        if (++visits[w.block] > WIDEN_AFTER) {
            for (size_t i = 0; i < f->var_count && i < PATH_MAX_VARS; i++)
                if ((i >= 128 || (written[i / 64] >> (i % 64) & 1)) &&
                    (!paths_range_known(s->v[i].r) || visits[w.block] > 4 * WIDEN_AFTER)) {
                    if (s->v[i].r.lo != RANGE_MIN || s->v[i].r.hi != RANGE_MAX) cx->widened = true;
                    if (paths_range_known(s->v[i].r)) cx->lost_exact = true;
                    s->v[i].r = paths_eval_unknown().r;
                }
        }
        int fresh = seen_insert(&seen, state_hash(s, w.block, f->var_count));
        if (fresh <= 0) {
            if (fresh < 0) rc = -1;
            free(s);
            continue;
        }
        for (size_t i = 0; i < b->stmt_count; i++) paths_eval_statement(cx, s, b->stmts[i]);
        if (cx->oom) rc = -1;
        if (b->cond) {
            aval_t a = paths_eval_expr(cx, s, b->cond);
            int truth = decide(cx, s, b->cond, a);
            uint32_t memo_key = 0, mtest_key = 0;
            uint64_t mtest_vars = 0;
            bool invert = false, opaque = false, reads = false;
            if (truth < 0 && !names_local(b->cond)) {
                opaque = true;
                memo_key = memo_key_of(unit, b->cond, &invert);
                truth = memo_find(s, memo_key);
                if (truth >= 0) truth ^= invert;
            } else if (truth < 0 && memory_test(b->cond, &mtest_vars, &reads) && reads) {
                mtest_key = memo_key_of(unit, b->cond, &invert);
                truth = mtest_find(s, mtest_key, mtest_vars);
                if (truth >= 0) truth ^= invert;
            }
            /* both outcomes are refined before either is walked: a branch both of whose
             * ways are feasible is a guard of what its taken arm runs (see pstate_t) */
            pstate_t *nexts[2] = {NULL, NULL};
            size_t targets[2] = {0, 0};
            int feasible = 0;
            for (size_t e = 0; e < b->edge_count && e < 2; e++) {
                bool outcome = b->edges[e].kind == EDGE_TRUE;
                if (truth >= 0 && truth != (int)outcome) continue;
                pstate_t *next = state_copy(s);
                if (!next) { rc = -1; break; }
                if (memo_key && truth < 0) memo_put(next, memo_key, outcome ^ invert);
                if (mtest_key && truth < 0) mtest_put(next, mtest_key, mtest_vars, outcome ^ invert);
                if (truth < 0) paths_contents_branch(cx, next, b->cond, outcome, opaque);
                if (opaque) skip_untaken_arm(next, b->cond, outcome);
                else if (truth < 0) paths_eval_note_undecided(cx, next, b->cond, outcome);
                if (truth < 0) guard_push(next, b->cond, outcome); /* before refining: the
                                                                     * NULL check is no guard */
                if (!paths_path_refine(cx, next, b->cond, outcome)) {
                    free(next);
                    continue;
                }
                nexts[feasible] = next;
                targets[feasible++] = (size_t)b->edges[e].target;
            }
            for (int e = 0; e < feasible; e++) {
                if (feasible < 2) guard_pop(nexts[e], b->cond);
                if (push(&st, (int)targets[e], nexts[e])) {
                    free(nexts[e]);
                    rc = -1;
                }
            }
        } else if (b->switch_value) {
            aval_t v = paths_eval_expr(cx, s, b->switch_value);
            bool known = paths_range_known(v.r), matched = false;
            if (known)
                for (size_t e = 0; e < b->edge_count; e++) {
                    long long cv;
                    if (b->edges[e].kind == EDGE_CASE && c_eval_int(b->edges[e].case_value, &cv) && cv == v.r.lo)
                        matched = true;
                }
            for (size_t e = 0; e < b->edge_count; e++) {
                const cedge_t *edge = &b->edges[e];
                if (known) {
                    long long cv;
                    if (edge->kind == EDGE_CASE && !(c_eval_int(edge->case_value, &cv) && cv == v.r.lo)) continue;
                    if (edge->kind == EDGE_DEFAULT && matched) continue;
                }
                pstate_t *next = state_copy(s);
                if (!next || push(&st, edge->target, next)) {
                    free(next);
                    rc = -1;
                    break;
                }
            }
        } else {
            for (size_t e = 0; e < b->edge_count; e++) {
                if (b->edges[e].kind == EDGE_NORETURN) continue; /* the program ends: nothing leaks */
                pstate_t *next = state_copy(s);
                if (!next || push(&st, b->edges[e].target, next)) {
                    free(next);
                    rc = -1;
                    break;
                }
            }
        }
        free(s);
    }
    if (*over_budget)
        for (size_t i = first_note; i < out->note_count; i++) out->notes[i].partial = true;
    while (st.count > 0) free(st.items[--st.count].state);
    free(st.items);
    free(seen.slots);
    free(visits);
    if (cx->oom || out->out_of_memory) rc = -1;
    return rc;
}

static void exit_report(pctx_t *cx, pstate_t *s, void *ctx)
{
    (void)ctx;
    exit_check(cx, s);
}

int clang_paths_run(clang_unit_t *unit, const cfunc_t *f, const ccfg_t *cfg, clang_findings_t *out,
                    bool *over_budget)
{
    *over_budget = false;
    if (!f->body || cfg->block_count < 2) return 0;
    size_t inline_spent = 0;
    pctx_t cx = {.unit = unit, .f = f, .out = out, .inline_spent = &inline_spent};
    pstate_t *start = malloc(sizeof(*start));
    if (!start) return -1;
    initial_state(&cx, start);
    return walk(&cx, cfg, start, PATH_BUDGET, exit_report, NULL, over_budget);
}

/* ---- calls to functions of this file: walked in the caller's context ---------------- */

typedef struct {
    const pstate_t *entry;   /* the caller's state at the call */
    pstate_t *merged;        /* objects and return value merged over the callee's exits */
    int exits;
    aval_t ret;
    bool ret_set;
    uint8_t status_seen[PATH_MAX_OBJS]; /* bit per obj_status_t seen at an exit */
    uint8_t tainted[PATH_MAX_OBJS];
} inline_acc_t;

static void exit_merge(pctx_t *cx, pstate_t *s, void *ctx)
{
    (void)cx;
    inline_acc_t *acc = ctx;
    if (acc->exits++ == 0) {
        memcpy(acc->merged, s, sizeof(*s));
        acc->ret = s->ret;
        acc->ret_set = s->has_ret;
    } else {
        aval_t r = s->ret, *m = &acc->ret;
        if (!s->has_ret || !acc->ret_set) {
            *m = paths_eval_unknown();
            acc->ret_set = false;
        } else {
            if (m->obj != r.obj) m->obj = -1;
            if (r.r.lo < m->r.lo) m->r.lo = r.r.lo;
            if (r.r.hi > m->r.hi) m->r.hi = r.r.hi;
            if (m->null != r.null) m->null = 0;
            unsigned checks = (m->taint & r.taint) & (TAINT_LOWER | TAINT_UPPER | TAINT_ZERO);
            if ((m->taint | r.taint) & TAINT) {
                if (!(m->taint & TAINT)) {
                    m->taint_var = r.taint_var;
                    m->taint_obj = r.taint_obj;
                }
                m->taint = (uint8_t)(((m->taint | r.taint) & (TAINT | TAINT_NUMERIC)) |
                                     (((m->taint & TAINT) && (r.taint & TAINT)) ? checks
                                      : (m->taint & TAINT) ? (m->taint & ~(TAINT | TAINT_NUMERIC))
                                                           : (r.taint & ~(TAINT | TAINT_NUMERIC))));
            }
        }
    }
    for (int i = 0; i < PATH_MAX_OBJS; i++) {
        if (!s->o[i].used) continue;
        acc->status_seen[i] |= (uint8_t)(1u << s->o[i].status);
        acc->tainted[i] |= s->o[i].tainted;
    }
}

#define INLINE_DEPTH 2
#define INLINE_BUDGET 1000   /* block visits of one inlined call */
#define INLINE_TOTAL 6000    /* block visits inlined per top-level function */

bool paths_inline_call(pctx_t *cx, pstate_t *s, cnode_t *call, const cfunc_t *callee, const aval_t *args,
                       uint32_t nargs, aval_t *result)
{
    if (cx->depth >= INLINE_DEPTH || !callee->body || !cx->inline_spent || *cx->inline_spent >= INLINE_TOTAL)
        return false;
    for (const pctx_t *p = cx; p; p = p->parent)
        if (p->f == callee) return false; /* recursion */
    cfunc_t *def = (cfunc_t *)callee;
    if (!def->cfg) {
        ccfg_t *cfg = clang_unit_alloc(cx->unit, sizeof(*cfg));
        if (!cfg || clang_cfg_build(cfg, cx->unit, def) != 0) {
            cx->oom = 1;
            return false;
        }
        def->cfg = cfg;
    }
    const ccfg_t *cfg = def->cfg;
    if (cfg->block_count < 2) return false;
    pctx_t sub = {.unit = cx->unit, .f = def, .out = cx->out, .depth = cx->depth + 1, .parent = cx,
                  .inline_spent = cx->inline_spent};
    pstate_t *start = malloc(sizeof(*start)), *merged = malloc(sizeof(*merged));
    if (!start || !merged) {
        free(start);
        free(merged);
        cx->oom = 1;
        return false;
    }
    /* the callee's locals are fresh; the objects are the caller's (same slots) */
    memset(start, 0, sizeof(*start));
    for (int i = 0; i < PATH_MAX_VARS; i++) {
        start->v[i].obj = -1;
        start->v[i].init = 1;
        start->v[i].r = paths_eval_unknown().r;
    }
    memcpy(start->o, s->o, sizeof(s->o));
    memcpy(start->globals, s->globals, sizeof(s->globals)); /* what this path stored in statics */
    start->global_count = s->global_count;
    start->events = s->events;
    /* NULL values the caller only has under an undecided test around this call stay
     * uncertain inside: the callee's whole body is their guard (see pstate_t). Other
     * NULLs date from after it. */
    const cnode_t *outer = NULL;
    for (int i = 0; i < s->guard_count && !outer; i++)
        for (const cnode_t *n = call; n && !outer; n = n->parent)
            if (n == s->guard_arm[i]) outer = s->guard_cond[i];
    if (outer) {
        start->seq = 1;
        start->guard_arm[0] = def->body;
        start->guard_cond[0] = outer;
        start->guard_seq[0] = 1;
        start->guard_count = 1;
    }
    for (int i = 0; i < PATH_MAX_OBJS; i++)
        if (start->o[i].used && start->o[i].status == ST_NULL)
            start->o[i].null_seq = outer && paths_guard_after(s, call, s->o[i].null_seq) ? 0 : start->seq;
    uint32_t param = 0;
    for (size_t i = 0; i < def->var_count && i < PATH_MAX_VARS; i++) {
        if (!def->vars[i].is_param) continue;
        if (param < nargs) {
            aval_t a = args[param];
            pvar_t *v = &start->v[i];
            v->obj = (int8_t)a.obj;
            v->null = a.null;
            v->null_seq = outer && a.var >= 0 && a.var < PATH_MAX_VARS && paths_guard_after(s, call, s->v[a.var].null_seq)
                              ? 0 : start->seq;
            v->offset = a.offset;
            v->taint = a.taint;
            if (a.taint & TAINT) paths_event_add(&sub, start, EV_TAINT, call, -1, (int)i, "untrusted value passed in here");
            v->r = def->vars[i].is_integer ? a.r : paths_eval_unknown().r;
        }
        if (start->v[i].obj < 0 && def->vars[i].is_pointer && start->v[i].null != 1) {
            int o = paths_obj_new(&sub, start, OBJ_HEAP, ST_ESCAPED, def->decl, "the caller");
            start->v[i].obj = (int8_t)o;
        }
        param++;
    }
    inline_acc_t acc = {.entry = s, .merged = merged};
    bool over = false;
    int rc = walk(&sub, cfg, start, INLINE_BUDGET, exit_merge, &acc, &over);
    if (sub.oom) cx->oom = 1;
    if (rc != 0 || over || acc.exits == 0) {
        free(merged);
        return false; /* too big or never returns: the caller treats it as unknown */
    }
    /* objects: a status every exit agrees on; otherwise unknown (escaped) */
    for (int i = 0; i < PATH_MAX_OBJS; i++) {
        uint8_t seen = acc.status_seen[i];
        if (!seen) {
            if (s->o[i].used && !merged->o[i].used) s->o[i].status = ST_ESCAPED;
            continue;
        }
        bool existed = s->o[i].used;
        bool returned = acc.ret_set && acc.ret.obj == i;
        if (!existed && !returned) continue; /* the callee's own: its standalone walk judges it */
        if (!existed) s->o[i] = merged->o[i];
        if ((seen & (seen - 1)) == 0) {
            for (int k = 0; k < 8; k++)
                if (seen == (1u << k)) s->o[i].status = (uint8_t)k;
        } else {
            s->o[i].status = ST_ESCAPED;
        }
        s->o[i].tainted |= acc.tainted[i];
        if (acc.tainted[i]) s->o[i].opaque = 0;
    }
    s->events = merged->events;
    aval_t r = acc.ret_set ? acc.ret : paths_eval_unknown();
    r.var = -1;
    if (r.taint_var >= 0) r.taint_var = -1; /* a callee variable: not the caller's */
    if (r.obj >= 0 && !s->o[r.obj].used) r.obj = -1;
    *result = r;
    free(merged);
    (void)call;
    return true;
}
