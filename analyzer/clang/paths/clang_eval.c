/* clang_eval.c — the transfer function of the path checks: what evaluating one
 * expression or declaration does to the abstract state (see clang_paths_int.h), and
 * the checks that fire while doing it (dereferences, indexes, arithmetic, reads of
 * uninitialised locals). Library calls are modelled in clang_calls.c.
 * A finding that rests on what the walk cannot know is graded low: an uninitialised read
 * after a write skipped under one undecided test and another test later (they may be
 * correlated), an index or a signed overflow reached by counting a loop whose end is in
 * memory, a floating-point division that gives NaN by choice. */
#include "analyzer/clang/paths/clang_paths_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---------------------------------------------------------------- */

aval_t paths_eval_unknown(void)
{
    aval_t a = {.obj = -1, .var = -1, .taint_var = -1, .taint_obj = -1, .str_len = -1};
    a.r.lo = RANGE_MIN;
    a.r.hi = RANGE_MAX;
    return a;
}

bool paths_range_known(irange_t r)
{
    return r.lo == r.hi && r.lo != RANGE_MIN && r.lo != RANGE_MAX;
}

static aval_t constant(long long v)
{
    aval_t a = paths_eval_unknown();
    a.r.lo = a.r.hi = v;
    if (v == 0) a.null = 1;
    return a;
}

const char *paths_var_name(pctx_t *cx, int var)
{
    return var >= 0 && (size_t)var < cx->f->var_count ? cx->f->vars[var].name : "?";
}

void paths_event_add(pctx_t *cx, pstate_t *s, event_kind_t kind, const cnode_t *at, int obj, int var, const char *note)
{
    pevent_t *e = clang_unit_alloc(cx->unit, sizeof(*e));
    if (!e) {
        cx->oom = 1;
        return;
    }
    e->prev = s->events;
    e->at = at;
    e->kind = (uint8_t)kind;
    e->obj = (int8_t)obj;
    e->var = (int8_t)var;
    e->note = note;
    s->events = e;
}

static int obj_refs(const pstate_t *s, int obj, size_t var_count)
{
    int n = 0;
    for (size_t i = 0; i < var_count && i < PATH_MAX_VARS; i++) n += s->v[i].obj == obj;
    for (int i = 0; i < s->field_count; i++) n += s->fields[i].value.obj == obj;
    return n;
}

int paths_obj_new(pctx_t *cx, pstate_t *s, obj_kind_t kind, obj_status_t status, const cnode_t *site, const char *what)
{
    int slot = -1;
    for (int i = 0; i < PATH_MAX_OBJS; i++) { /* reuse the object of the same site when dead */
        if (s->o[i].used && s->o[i].site == site && obj_refs(s, i, cx->f->var_count) == 0) {
            slot = i;
            break;
        }
    }
    for (int i = 0; slot < 0 && i < PATH_MAX_OBJS; i++)
        if (!s->o[i].used) slot = i;
    if (slot < 0) return -1;
    pobj_t *o = &s->o[slot];
    memset(o, 0, sizeof(*o));
    o->used = 1;
    o->kind = (uint8_t)kind;
    o->status = (uint8_t)status;
    o->bytes = -1;
    o->str_len = o->fill = -1;
    o->site = site;
    o->what = what;
    return slot;
}

static bool owned(const pobj_t *o)
{
    return o->used && (o->kind == OBJ_HEAP || o->kind == OBJ_FILE || o->kind == OBJ_FD) &&
           (o->status == ST_MAYBE_NULL || o->status == ST_NONNULL);
}

static const char *event_text(event_kind_t kind, const pevent_t *e, pctx_t *cx)
{
    static const char *const fixed[] = {"allocated here", "released here", "assumed NULL here",
                                        "assumed not NULL here", "untrusted data enters here",
                                        "assigned here", "declared without a value here",
                                        "escapes here"};
    (void)cx;
    if (e->note) return e->note;
    return fixed[kind];
}

/* Flow steps of the path: the events of `obj` or `var` (kinds: bit mask of event_kind_t),
 * oldest first. */
void paths_flow_for(pctx_t *cx, const pstate_t *s, clang_finding_t *f, int obj, int var, unsigned kinds)
{
    if (!f) return;
    const pevent_t *picked[CLANG_MAX_STEPS];
    int n = 0;
    for (const pevent_t *e = s->events; e && n < CLANG_MAX_STEPS - 1; e = e->prev) {
        if (!(kinds & (1u << e->kind))) continue;
        if ((obj >= 0 && e->obj == obj) || (var >= 0 && e->var == var)) picked[n++] = e;
    }
    while (n > 0) {
        const pevent_t *e = picked[--n];
        clang_finding_step(f, e->at->range, "%s", event_text((event_kind_t)e->kind, e, cx));
    }
}

/* The locals an expression may yield through the arms of `c ? a : b` (the value names
 * one object only when both arms agree): what they own escapes with the value. */
static void escape_arms(pstate_t *s, cnode_t *n)
{
    n = c_strip(n);
    if (!n) return;
    if (n->kind == CXCursor_ConditionalOperator && n->kid_count == 3) {
        escape_arms(s, n->kids[1]);
        escape_arms(s, n->kids[2]);
        return;
    }
    if (n->kind != CXCursor_DeclRefExpr || n->var < 0 || n->var >= PATH_MAX_VARS) return;
    int o = s->v[n->var].obj;
    if (o >= 0 && owned(&s->o[o])) s->o[o].status = ST_ESCAPED;
}

/* ---- fields of local aggregates (see pfield_t) --------------------------------------- */

/* The local aggregate whose field n reads (`u.f`, not `p->f` nor `u.a.b`) with the
 * field's offset in bits; -1 when n is not such a field or the offset is unknown. */
static int field_of_local(const cnode_t *n, long long *offset)
{
    if (!n || n->kind != CXCursor_MemberRefExpr || n->arrow || !n->kid_count) return -1;
    const cnode_t *base = c_strip(n->kids[0]);
    if (!base || base->kind != CXCursor_DeclRefExpr || base->var < 0 || base->var >= PATH_MAX_VARS) return -1;
    CXCursor field = clang_getCursorReferenced(n->cursor);
    if (clang_Cursor_isNull(field) || clang_getCursorKind(field) != CXCursor_FieldDecl) return -1;
    CXType t = clang_getCanonicalType(clang_getCursorType(field));
    if (t.kind != CXType_Pointer) return -1; /* pointers only: what the memory checks need */
    *offset = clang_Cursor_getOffsetOfField(field);
    return *offset >= 0 ? base->var : -1;
}

static aval_t value_of(const pstate_t *s, const pvar_t *v)
{
    aval_t a = paths_eval_unknown();
    a.obj = v->obj;
    a.null = v->null;
    a.offset = v->offset;
    a.taint = v->taint;
    a.r = v->r;
    if (v->obj >= 0 && s->o[v->obj].status == ST_NULL) a.null = 1;
    return a;
}

pvar_t *paths_eval_slot_of(pstate_t *s, cnode_t *n)
{
    long long offset;
    int agg = field_of_local(n, &offset);
    for (int i = 0; agg >= 0 && i < s->field_count; i++)
        if (s->fields[i].var == agg && s->fields[i].offset == offset) return &s->fields[i].value;
    if (n->kind == CXCursor_DeclRefExpr && n->global >= 0)
        for (int i = 0; i < s->global_count; i++)
            if (s->globals[i].global == n->global) return &s->globals[i].value;
    return NULL;
}

/* True when n is the aggregate of a `.` member access (u in u.f). */
static bool is_member_base(const cnode_t *n)
{
    const cnode_t *child = n, *p = n->parent;
    while (p && (p->kind == CXCursor_ParenExpr || (p->kind == CXCursor_UnexposedExpr && p->kid_count == 1))) {
        child = p;
        p = p->parent;
    }
    return p && p->kind == CXCursor_MemberRefExpr && !p->arrow && p->kid_count && p->kids[0] == child;
}

/* Stores value in field (var, offset); false when the table is full. */
static bool field_set(pstate_t *s, int var, long long offset, aval_t value)
{
    int i = 0;
    while (i < s->field_count && !(s->fields[i].var == var && s->fields[i].offset == offset)) i++;
    if (i == PATH_MAX_FIELDS) return false;
    if (i == s->field_count) s->field_count++;
    pfield_t *f = &s->fields[i];
    memset(f, 0, sizeof(*f));
    f->var = var;
    f->offset = offset;
    f->value.obj = (int8_t)value.obj;
    f->value.init = 1;
    f->value.null = value.null;
    f->value.null_seq = s->seq;
    f->value.offset = value.offset;
    f->value.taint = value.taint;
    f->value.r = value.r;
    return true;
}

/* The aggregate var is used whole: what its fields own escapes with it; with forget, what
 * this path knew of them is dropped too. */
static void fields_release(pstate_t *s, int var, bool forget)
{
    int kept = 0;
    for (int i = 0; i < s->field_count; i++) {
        pfield_t *f = &s->fields[i];
        if (f->var != var) {
            s->fields[kept++] = *f;
            continue;
        }
        int o = f->value.obj;
        if (o >= 0 && owned(&s->o[o])) s->o[o].status = ST_ESCAPED;
        if (!forget) s->fields[kept++] = *f;
    }
    s->field_count = (uint8_t)kept;
}

/* ---- calls through function pointers ------------------------------------------------ */

/* `void (*sink)(char *) = use_it; sink(p);`: a call through a local that holds a function
 * of this file is walked inline like a direct call. True when handled (*result set); when
 * the walk cannot go inline the callee is treated as unknown code that may keep its
 * pointer arguments. */
static bool call_through_local(pctx_t *cx, pstate_t *s, cnode_t *call, aval_t *result)
{
    if (!call->kid_count) return false;
    cnode_t *callee = c_strip(call->kids[0]);
    if (callee && callee->kind == CXCursor_UnaryOperator && !strcmp(callee->op, "*") && callee->kid_count == 1)
        callee = c_strip(callee->kids[0]); /* (*sink)(p) */
    if (!callee || callee->kind != CXCursor_DeclRefExpr || callee->var < 0 || callee->var >= PATH_MAX_VARS)
        return false;
    int func1 = s->v[callee->var].func1;
    if (func1 <= 0 || (size_t)func1 > cx->unit->func_count) return false;
    const cfunc_t *def = &cx->unit->funcs[func1 - 1];
    uint32_t n = c_arg_count(call);
    aval_t args[24];
    if (n > 24) n = 24;
    for (uint32_t i = 0; i < n; i++) args[i] = paths_eval_expr(cx, s, c_arg(call, i));
    if (paths_inline_call(cx, s, call, def, args, n, result)) return true;
    for (uint32_t i = 0; i < n; i++)
        if (args[i].obj >= 0 && owned(&s->o[args[i].obj])) s->o[args[i].obj].status = ST_ESCAPED;
    *result = paths_eval_unknown();
    return true;
}

/* ---- pointers to locals (pvar_t.addr1) -------------------------------------------- */

/* True when the `&x` expression n is stored straight into a local: `T *pp = &x;`,
 * `pp = &x;`. Its uses are then followed through pp; anywhere else (a call's argument, a
 * struct member) whoever gets it may write x. */
static bool stored_in_local(const cnode_t *n)
{
    const cnode_t *child = n, *p = n->parent;
    while (p && (p->kind == CXCursor_ParenExpr || p->kind == CXCursor_CStyleCastExpr ||
                 (p->kind == CXCursor_UnexposedExpr && p->kid_count == 1))) {
        child = p;
        p = p->parent;
    }
    if (!p) return false;
    if (p->kind == CXCursor_VarDecl) return p->var >= 0 && p->var < PATH_MAX_VARS;
    if (p->kind == CXCursor_BinaryOperator && !strcmp(p->op, "=") && p->kid_count == 2 && p->kids[1] == child) {
        const cnode_t *l = c_strip(p->kids[0]);
        return l && l->kind == CXCursor_DeclRefExpr && l->var >= 0 && l->var < PATH_MAX_VARS;
    }
    return false;
}

/* The value of local var, read through a pointer to it. */
static aval_t local_value(const pstate_t *s, int var)
{
    const pvar_t *v = &s->v[var];
    aval_t a = value_of(s, v);
    a.addr1 = v->addr1;
    return a;
}

/* Code this pass does not follow got var's address: what var holds is unknown now (and a
 * block it owned may be freed or kept there). */
static void local_forget(pctx_t *cx, pstate_t *s, int var)
{
    pvar_t *v = &s->v[var];
    if (v->obj >= 0 && owned(&s->o[v->obj])) s->o[v->obj].status = ST_ESCAPED;
    v->init = 1;
    if (cx->f->vars[var].is_pointer) {
        v->obj = -1;
        v->null = 0;
        v->offset = 0;
    }
    v->null = 0; /* an integer's non-zero test no longer holds either */
    v->r = paths_eval_unknown().r;
    paths_mtest_forget(s, var);
}

/* ---- file-static variables (see pglobal_t) ----------------------------------------- */

static const pvar_t *global_value(const pstate_t *s, int global)
{
    for (int i = 0; i < s->global_count; i++)
        if (s->globals[i].global == global) return &s->globals[i].value;
    return NULL;
}

static void global_set(pstate_t *s, int global, aval_t value)
{
    int i = 0;
    while (i < s->global_count && s->globals[i].global != global) i++;
    if (i == PATH_MAX_GLOBALS) return; /* full: this one stays unknown */
    if (i == s->global_count) s->global_count++;
    pvar_t *v = &s->globals[i].value;
    memset(v, 0, sizeof(*v));
    s->globals[i].global = global;
    v->obj = (int8_t)value.obj;
    v->init = 1;
    v->null = value.null;
    v->offset = value.offset;
    v->taint = value.taint;
    v->r = value.r;
}

static bool in_system_header(const cnode_t *call)
{
    CXCursor fn = clang_getCursorReferenced(call->cursor);
    return !clang_Cursor_isNull(fn) && clang_Location_isInSystemHeader(clang_getCursorLocation(fn));
}

static void report_leak(pctx_t *cx, pstate_t *s, int obj, const cnode_t *at, const char *why)
{
    pobj_t *o = &s->o[obj];
    if (o->kept) return;
    if (o->site && o->site->kind == CXCursor_FunctionDecl) return; /* a parameter's: the caller's */
    const char *rule = o->kind == OBJ_HEAP ? "c.clang-memory-leak" : "c.clang-resource-leak";
    clang_finding_t *f = clang_findings_add(cx->out, rule, o->site->range);
    if (!f) return;
    if (o->kind == OBJ_HEAP)
        snprintf(f->message, sizeof(f->message), "memory allocated by %s() is not freed on some path (%s, line %u)",
                 o->what, why, at->range.start_line);
    else
        snprintf(f->message, sizeof(f->message), "%s opened by %s() is not closed on some path (%s, line %u)",
                 o->kind == OBJ_FILE ? "FILE*" : "descriptor", o->what, why, at->range.start_line);
    paths_flow_for(cx, s, f, obj, -1, (1u << EV_ALLOC) | (1u << EV_NONNULL) | (1u << EV_ASSIGN));
    clang_finding_step(f, at->range, "%s", why);
    clang_finding_fact(f, "allocator", "%s", o->what);
    if (o->bytes >= 0) clang_finding_fact(f, "bytes", "%lld", o->bytes);
}

static void undecided_clear(pstate_t *s, int var)
{
    if (var < 0 || var >= 128) return;
    s->undecided_assign[var / 64] &= ~(1ULL << (var % 64));
    s->undecided_tested[var / 64] &= ~(1ULL << (var % 64));
    s->loop_kept[var / 64] &= ~(1ULL << (var % 64));
}

/* True when n is evaluated on every pass of a loop of its function: in its body, its
 * test or a for loop's increment. */
static bool in_loop(const cnode_t *n)
{
    for (const cnode_t *child = n, *p = n->parent; p; child = p, p = p->parent) {
        if (p->kind == CXCursor_FunctionDecl || !p->kid_count) return false;
        if ((p->kind == CXCursor_WhileStmt || p->kind == CXCursor_DoStmt)) return true;
        if (p->kind == CXCursor_ForStmt) /* all but the initialiser (the first of four parts) */
            return child != p->kids[0] || p->kid_count == 1 ||
                   (p->kid_count < 4 && child->kind != CXCursor_DeclStmt);
    }
    return false;
}

/* Why a range-based finding at n inside a loop is not proved: the walk stopped following
 * ranges exactly there (widening), so a bound an earlier statement gave may be lost. */
static const char *widened_reason(const pctx_t *cx, const cnode_t *n)
{
    return cx->widened && in_loop(n) ? "the loop was not followed pass by pass (its ranges were widened), so a "
                                       "bound set before this point may have been lost"
                                     : NULL;
}

const char *paths_lost_pass_reason(const pctx_t *cx, const cnode_t *n)
{
    return cx->lost_exact && in_loop(n) ? "the walk dropped exact values in this loop (its counter included): "
                                          "the path may take a pass the program never takes"
                                        : NULL;
}

/* The reason a range finding at expression e is not proved: a local it reads holds a value
 * that a loop's undecided branch would have replaced (see pstate_t.loop_kept); NULL when
 * none does. */
static const char *loop_kept_reason(const pstate_t *s, const cnode_t *e)
{
    if (!e || !(s->loop_kept[0] | s->loop_kept[1])) return NULL;
    if (e->kind == CXCursor_DeclRefExpr && paths_loop_kept(s, e->var))
        return "the value survives only if every pass of a loop skips the branch that replaces it, "
               "which rests on data the analysis does not know";
    for (uint32_t i = 0; i < e->kid_count; i++) {
        const char *r = loop_kept_reason(s, e->kids[i]);
        if (r) return r;
    }
    return NULL;
}

/* True when the value stored at `at` (an assignment or a declaration) is written as a
 * constant: `uint16_t port = 70000` is a mistake, while unsigned arithmetic that wraps
 * (state = state * 1103515245 + 12345) is defined and usually meant. */
static bool assigned_constant(const cnode_t *at)
{
    const cnode_t *rhs = NULL;
    if (at->kind == CXCursor_BinaryOperator && at->kid_count == 2) rhs = at->kids[1];
    else if (at->kind == CXCursor_VarDecl && at->kid_count) rhs = at->kids[at->kid_count - 1];
    long long v;
    return rhs && c_eval_int(rhs, &v);
}

void paths_assign_var(pctx_t *cx, pstate_t *s, int var, aval_t value, const cnode_t *at)
{
    if (var < 0 || var >= PATH_MAX_VARS) return;
    pvar_t *v = &s->v[var];
    const cvar_t *cv = &cx->f->vars[var];
    int old = v->obj;
    v->obj = (int8_t)value.obj;
    v->init = 1;
    undecided_clear(s, var);
    paths_mtest_forget(s, var);
    v->null = value.null;
    v->null_seq = s->seq;
    if (s->field_count) fields_release(s, var, true);
    v->addr1 = value.addr1 > 0 && value.addr1 <= PATH_MAX_VARS ? (uint8_t)value.addr1 : 0;
    v->func1 = value.func1 > 0 && value.func1 <= INT16_MAX ? (int16_t)value.func1 : 0;
    v->offset = value.offset;
    v->taint = value.taint;
    v->r = cv->is_integer ? value.r : paths_eval_unknown().r;
    if (old >= 0 && old != value.obj && obj_refs(s, old, cx->f->var_count) == 0) {
        if (owned(&s->o[old]) && !(s->o[old].status == ST_MAYBE_NULL && value.null == 1) &&
            !paths_skipped_release(s, var))
            report_leak(cx, s, old, at, "the last pointer to it is overwritten");
        if (s->o[old].status != ST_FREED) s->o[old].used = 0;
    }
    if (value.obj >= 0 && value.obj != old) paths_event_add(cx, s, EV_ASSIGN, at, value.obj, var, NULL);
    if (value.taint & TAINT) paths_event_add(cx, s, EV_TAINT, at, -1, var, "untrusted value stored here");
    /* a known constant that does not fit the variable's type */
    if (cv->is_integer && paths_range_known(value.r)) {
        int bits;
        bool sgn;
        CXType t = clang_getCanonicalType(cv->type);
        long long size = clang_Type_getSizeOf(t);
        bits = (int)(size * 8);
        sgn = !(t.kind == CXType_UChar || t.kind == CXType_UShort || t.kind == CXType_UInt ||
                t.kind == CXType_ULong || t.kind == CXType_ULongLong || t.kind == CXType_Bool ||
                t.kind == CXType_Char_U);
        if (bits > 0 && bits < 64) {
            long long max = sgn ? (1LL << (bits - 1)) - 1 : (1LL << bits) - 1;
            long long min = sgn ? -(1LL << (bits - 1)) : 0;
            if ((value.r.lo > max || value.r.lo < min) && !(min == 0 && value.r.lo < 0) &&
                (sgn || assigned_constant(at))) {
                clang_finding_t *f = clang_findings_add(cx->out, "c.clang-integer-overflow", at->range);
                if (f) {
                    snprintf(f->message, sizeof(f->message),
                             "the value %lld does not fit in '%s' (%d-bit %s): it wraps", value.r.lo,
                             cv->name, bits, sgn ? "signed" : "unsigned");
                    clang_finding_fact(f, "value", "%lld", value.r.lo);
                    clang_finding_fact(f, "type_bits", "%d", bits);
                }
                v->r = paths_eval_unknown().r;
            }
        }
    }
}

/* ---- dereferences ----------------------------------------------------------------- */

/* Adds a finding of rule at range, graded low when low_reason is set. A finding is kept
 * once per rule and place, and paths are walked in any order: a certain finding replaces
 * a low one an earlier path left at the same place; a low one never displaces another. */
clang_finding_t *paths_finding_graded(pctx_t *cx, const char *rule, source_range_t range, const char *low_reason)
{
    clang_findings_t *list = cx->out;
    if (list->muted) return NULL;
    for (size_t i = 0; i < list->count; i++) {
        clang_finding_t *old = &list->items[i];
        if (old->range.start_byte != range.start_byte || old->range.start_line != range.start_line ||
            strcmp(old->rule_id, rule) != 0)
            continue;
        if (low_reason || old->certainty != CERTAINTY_LOW) return NULL;
        memset(old, 0, sizeof(*old));
        old->rule_id = rule;
        old->range = range;
        return old;
    }
    clang_finding_t *f = clang_findings_add(list, rule, range);
    if (f && low_reason) {
        f->certainty = CERTAINTY_LOW;
        clang_finding_fact(f, "certainty_reason", "%s", low_reason);
    }
    return f;
}

const cnode_t *paths_guard_after(const pstate_t *s, const cnode_t *at, uint16_t seq)
{
    for (int g = s->guard_count - 1; g >= 0; g--) {
        if (s->guard_seq[g] <= seq) continue;
        for (const cnode_t *n = at; n; n = n->parent)
            if (n == s->guard_arm[g]) return s->guard_cond[g];
    }
    return NULL;
}

/* Why a dereference of a pointer that became NULL at `seq` is uncertain, in buf, or NULL. */
static const char *null_guard_reason(pctx_t *cx, const pstate_t *s, const cnode_t *at, uint16_t seq, char *buf,
                                     size_t size)
{
    const cnode_t *cond = paths_guard_after(s, at, seq);
    if (!cond) return NULL;
    snprintf(buf, size, "runs only on one outcome of '%.38s', which may exclude the NULL case", c_text(cx->unit, cond));
    return buf;
}

/* The reason a NULL found at seq and dereferenced now is not proved because an unseen
 * call that ended an arm came in between (see pstate_t.unseen_call), or NULL. */
static const char *null_unseen_reason(pctx_t *cx, const pstate_t *s, uint16_t seq, char *buf, size_t size)
{
    if (!s->unseen_call || s->unseen_seq <= seq) return NULL;
    const char *name = c_callee(s->unseen_call);
    snprintf(buf, size, "only if %.40s%s, called after the NULL check and not seen by this pass, returns",
             name ? name : "the function", name ? "()" : "");
    return buf;
}

void paths_deref_check(pctx_t *cx, pstate_t *s, aval_t p, cnode_t *at, const char *how)
{
    char reason[200];
    if (cx->out->muted) return; /* a re-evaluation for side effects: judged elsewhere */
    if (p.obj >= 0) {
        pobj_t *o = &s->o[p.obj];
        if (o->status == ST_FREED && (o->kind == OBJ_HEAP)) {
            clang_finding_t *f =
                paths_finding_graded(cx, "c.clang-use-after-free", at->range, paths_lost_pass_reason(cx, at));
            if (f) {
                snprintf(f->message, sizeof(f->message), "memory is %s after it was freed", how);
                paths_flow_for(cx, s, f, p.obj, -1, (1u << EV_ALLOC) | (1u << EV_FREE));
                clang_finding_step(f, at->range, "%s after free", how);
            }
            o->status = ST_ESCAPED; /* report once per path */
        } else if (o->status == ST_MAYBE_NULL || o->status == ST_NULL) {
            bool unchecked = o->status == ST_MAYBE_NULL;
            const char *low = unchecked ? NULL : null_guard_reason(cx, s, at, o->null_seq, reason, sizeof(reason));
            if (!low && !unchecked) low = null_unseen_reason(cx, s, o->null_seq, reason, sizeof(reason));
            clang_finding_t *f = paths_finding_graded(cx, "c.clang-null-dereference", at->range, low);
            if (f) {
                f->cwe = unchecked ? 690 : 476;
                if (unchecked)
                    snprintf(f->message, sizeof(f->message),
                             "the result of %s() is %s without a NULL check (it returns NULL on failure)",
                             o->what, how);
                else
                    snprintf(f->message, sizeof(f->message), "pointer is %s on a path where it is NULL", how);
                paths_flow_for(cx, s, f, p.obj, -1, (1u << EV_ALLOC) | (1u << EV_NULL) | (1u << EV_ASSIGN));
                clang_finding_step(f, at->range, "%s here", how);
                clang_finding_fact(f, "source", "%s()", o->what);
            }
            o->status = ST_NONNULL;
        }
    } else if (p.null == 1 && !paths_skipped_assign(s, p.var)) {
        const char *low = p.var >= 0 ? null_guard_reason(cx, s, at, s->v[p.var].null_seq, reason, sizeof(reason))
                                     : NULL;
        if (!low && p.var >= 0) low = null_unseen_reason(cx, s, s->v[p.var].null_seq, reason, sizeof(reason));
        if (!low && p.var >= 0 && !cx->f->vars[p.var].is_param && /* (the count sees no parameter declarations) */
            paths_contents_uses_lost(cx, paths_var_name(cx, p.var)))
            low = "libclang could not compile an expression naming it (a missing header?), which may set it";
        clang_finding_t *f = paths_finding_graded(cx, "c.clang-null-dereference", at->range, low);
        if (f) {
            f->cwe = 476;
            if (p.var >= 0)
                snprintf(f->message, sizeof(f->message), "'%s' is NULL here and is %s", paths_var_name(cx, p.var), how);
            else
                snprintf(f->message, sizeof(f->message), "a NULL pointer is %s", how);
            paths_flow_for(cx, s, f, -1, p.var, (1u << EV_NULL) | (1u << EV_ASSIGN));
            clang_finding_step(f, at->range, "%s here", how);
        }
        if (p.var >= 0) s->v[p.var].null = 2;
    }
}

void paths_use_check(pctx_t *cx, pstate_t *s, aval_t p, cnode_t *at)
{
    if (cx->out->muted) return;
    if (p.obj < 0) return;
    pobj_t *o = &s->o[p.obj];
    if (o->status == ST_FREED && o->kind == OBJ_HEAP) {
        clang_finding_t *f =
            paths_finding_graded(cx, "c.clang-use-after-free", at->range, paths_lost_pass_reason(cx, at));
        if (f) {
            snprintf(f->message, sizeof(f->message), "freed memory is used (passed to a function)");
            paths_flow_for(cx, s, f, p.obj, -1, (1u << EV_ALLOC) | (1u << EV_FREE));
            clang_finding_step(f, at->range, "used after free");
        }
        o->status = ST_ESCAPED;
    }
}

static bool flexible_member(const cnode_t *base);

long long paths_aval_bytes(pstate_t *s, aval_t v, cnode_t *expr)
{
    if (v.obj >= 0 && !v.offset && s->o[v.obj].bytes > 0) return s->o[v.obj].bytes;
    long long bytes = c_array_bytes(expr);
    /* a trailing `bytes[1]` member is a variable-length tail: its size is the allocation's */
    return bytes > 0 && flexible_member(expr) ? -1 : bytes;
}

/* ---- indexes ---------------------------------------------------------------------- */

static bool is_written(const cnode_t *n)
{
    const cnode_t *child = n, *p = n->parent;
    while (p && (p->kind == CXCursor_ParenExpr || (p->kind == CXCursor_UnexposedExpr && p->kid_count == 1))) {
        child = p;
        p = p->parent;
    }
    if (!p) return false;
    if ((p->kind == CXCursor_BinaryOperator && strcmp(p->op, "=") == 0) || p->kind == CXCursor_CompoundAssignOperator)
        return p->kid_count && p->kids[0] == child;
    if (p->kind == CXCursor_UnaryOperator && (!strcmp(p->op, "++") || !strcmp(p->op, "--"))) return true;
    return false;
}

static int overflow_cwe(const pstate_t *s, aval_t base, bool write, bool over)
{
    if (!write) return over ? 126 : 127;
    if (!over) return 124;
    if (base.obj >= 0 && s->o[base.obj].kind == OBJ_HEAP) return 122;
    if (base.obj >= 0 && s->o[base.obj].kind == OBJ_STACK) return 121;
    return 787;
}

/* True when var is compared with `<=` in the condition of a loop around n: the classic
 * `for (i = 0; i <= N; i++)` off-by-one. */
static bool has_le_on(const cnode_t *n, int var)
{
    if (n->kind == CXCursor_BinaryOperator && n->kid_count == 2 && (!strcmp(n->op, "<=") || !strcmp(n->op, ">="))) {
        const cnode_t *side = c_strip(n->kids[n->op[0] == '<' ? 0 : 1]);
        if (side && side->kind == CXCursor_DeclRefExpr && side->var == var) return true;
    }
    for (uint32_t i = 0; i < n->kid_count; i++)
        if (n->kids[i]->kind != CXCursor_CompoundStmt && has_le_on(n->kids[i], var)) return true;
    return false;
}

static bool loop_bound_inclusive(const cnode_t *n, int var)
{
    if (var < 0) return false;
    for (const cnode_t *p = n->parent; p; p = p->parent) {
        if (p->kind != CXCursor_ForStmt && p->kind != CXCursor_WhileStmt && p->kind != CXCursor_DoStmt) continue;
        for (uint32_t i = 0; i < p->kid_count; i++)
            if (p->kids[i]->kind != CXCursor_CompoundStmt && has_le_on(p->kids[i], var)) return true;
    }
    return false;
}

/* ---- loop counters with no known bound ---------------------------------------------- */

/* True when `side` is a bound the walk knows: a constant, a read-only global with a value,
 * or a local whose value is known on this path. */
static bool known_bound(pctx_t *cx, const pstate_t *s, cnode_t *side)
{
    long long k;
    cnode_t *b = c_strip(side);
    if (!b) return false;
    if (b->kind == CXCursor_DeclRefExpr && b->var >= 0 && b->var < PATH_MAX_VARS)
        return s->v[b->var].r.hi != RANGE_MAX && s->v[b->var].r.lo != RANGE_MIN;
    if (b->kind == CXCursor_DeclRefExpr && b->global >= 0) {
        const cglobal_t *g = &cx->unit->globals[b->global];
        return g->has_value && (g->is_const || (g->is_static && !g->written));
    }
    return b->kind != CXCursor_CallExpr && c_eval_int(b, &k);
}

static bool steps_var(const cnode_t *n, int var);

/* True when the subtree compares a counter the loop steps with a known bound (i < 10,
 * n > i, i != N): the loop's length is known. */
static bool bounds_counter(pctx_t *cx, const pstate_t *s, cnode_t *n, const cnode_t *loop)
{
    if (n->kind == CXCursor_BinaryOperator && n->kid_count == 2 &&
        (!strcmp(n->op, "<") || !strcmp(n->op, "<=") || !strcmp(n->op, ">") || !strcmp(n->op, ">=") ||
         !strcmp(n->op, "!=") || !strcmp(n->op, "=="))) {
        for (int side = 0; side < 2; side++) {
            cnode_t *v = c_strip(n->kids[side]);
            if (v && v->kind == CXCursor_DeclRefExpr && v->var >= 0 && steps_var(loop, v->var) &&
                known_bound(cx, s, n->kids[1 - side]))
                return true;
        }
    }
    for (uint32_t i = 0; i < n->kid_count; i++)
        if (n->kids[i]->kind != CXCursor_CompoundStmt && bounds_counter(cx, s, n->kids[i], loop)) return true;
    return false;
}

static bool steps_var(const cnode_t *n, int var)
{
    const cnode_t *t = NULL;
    if (n->kind == CXCursor_UnaryOperator && (!strcmp(n->op, "++") || !strcmp(n->op, "--")))
        t = n->kid_count ? c_strip(n->kids[0]) : NULL;
    else if (n->kind == CXCursor_CompoundAssignOperator &&
             (n->op[0] == '+' || n->op[0] == '-' || n->op[0] == '*' || n->op[0] == '<'))
        t = n->kid_count ? c_strip(n->kids[0]) : NULL;
    if (t && t->kind == CXCursor_DeclRefExpr && t->var == var) return true;
    for (uint32_t i = 0; i < n->kid_count; i++)
        if (steps_var(n->kids[i], var)) return true;
    return false;
}

/* True when var is stepped in a loop whose condition bounds no counter: a
 * sentinel-terminated table (`for (j = 0; table[j].name; j++)`), a count held in memory
 * (`j < server.count`), digits counted in a do/while. How far such a loop runs rests on
 * memory contents the walk never saw written. */
static bool counted_without_bound(pctx_t *cx, const pstate_t *s, const cnode_t *n, int var)
{
    if (n->kind == CXCursor_ForStmt || n->kind == CXCursor_WhileStmt || n->kind == CXCursor_DoStmt) {
        if (n->kid_count && steps_var(n, var)) {
            bool bounded = false;
            for (uint32_t i = 0; i < n->kid_count && !bounded; i++)
                if (n->kids[i]->kind != CXCursor_CompoundStmt) bounded = bounds_counter(cx, s, n->kids[i], n);
            if (!bounded) return true;
        }
    }
    for (uint32_t i = 0; i < n->kid_count; i++)
        if (counted_without_bound(cx, s, n->kids[i], var)) return true;
    return false;
}

static bool index_rests_on_unbounded_count(pctx_t *cx, const pstate_t *s, cnode_t *e)
{
    cnode_t *v = c_strip(e);
    if (v && v->kind == CXCursor_DeclRefExpr && v->var >= 0) return counted_without_bound(cx, s, cx->f->body, v->var);
    for (uint32_t i = 0; v && i < v->kid_count; i++)
        if (index_rests_on_unbounded_count(cx, s, v->kids[i])) return true;
    return false;
}

/* &a[n] only computes an address: one past the end is valid C. */
static bool address_only(const cnode_t *n)
{
    const cnode_t *p = n->parent;
    while (p && (p->kind == CXCursor_ParenExpr || (p->kind == CXCursor_UnexposedExpr && p->kid_count == 1)))
        p = p->parent;
    return p && p->kind == CXCursor_UnaryOperator && !strcmp(p->op, "&");
}

static enum CXChildVisitResult last_field(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    if (c.kind == CXCursor_FieldDecl) *(CXCursor *)data = c;
    return CXChildVisit_Continue;
}

/* A struct's last member declared with 0 or 1 element is the pre-C99 flexible array
 * idiom (`struct msg { int n; item_t items[1]; }` allocated larger). */
static bool flexible_member(const cnode_t *base)
{
    const cnode_t *m = c_strip((cnode_t *)base);
    if (!m || m->kind != CXCursor_MemberRefExpr) return false;
    CXType t = clang_getCanonicalType(clang_getCursorType(m->cursor));
    if (t.kind != CXType_ConstantArray || clang_getArraySize(t) > 1) return false;
    CXCursor field = clang_getCursorReferenced(m->cursor);
    CXCursor record = clang_getCursorSemanticParent(field);
    if (clang_Cursor_isNull(record)) return false;
    CXCursor last = clang_getNullCursor();
    clang_visitChildren(record, last_field, &last);
    return clang_equalCursors(last, field);
}

/* An untrusted element of an unsigned type narrower than int (a received byte, a 16-bit
 * length field) is bounded by its type: 0..255 is a range, not an unchecked value. */
static void narrow_read(cnode_t *n, aval_t *r)
{
    int bits;
    bool sgn;
    if (!(r->taint & TAINT) || !c_int_width(n, &bits, &sgn) || sgn || bits >= 32) return;
    r->r = (irange_t){0, (1LL << bits) - 1};
}

/* An unsigned index needs no lower bound check. */
static bool unsigned_index(cnode_t *e)
{
    int bits;
    bool sgn;
    cnode_t *v = c_strip(e);
    return v && c_int_width(v, &bits, &sgn) && !sgn;
}

/* After an out-of-bounds access is reported, the path goes on as if the index had been
 * inside the buffer: one wrong value gives one finding, not one at every later use. */
static void clamp_index(pctx_t *cx, pstate_t *s, int var, long long count)
{
    if (var < 0 || var >= PATH_MAX_VARS || (size_t)var >= cx->f->var_count || !cx->f->vars[var].is_integer) return;
    s->v[var].r = (irange_t){0, count - 1};
}

static void index_check(pctx_t *cx, pstate_t *s, cnode_t *n, aval_t base, aval_t idx)
{
    bool write = is_written(n);
    long long bytes = paths_aval_bytes(s, base, n->kids[0]);
    long long elem = c_pointee_bytes(n->kids[0]);
    if (elem <= 0) elem = 1;
    long long count = bytes > 0 ? bytes / elem : -1;
    const char *what = write ? "written" : "read";
    if (paths_skipped_assign(s, idx.var) || (base.var >= 0 && paths_skipped_assign(s, base.var))) return;
    if (count > 0 && flexible_member(n->kids[0])) return;
    if (count > 0 && idx.r.hi == count && idx.r.lo == count && address_only(n)) return;
    const char *kept = loop_kept_reason(s, n->kids[1]);
    /* an untrusted index no test bounded is reported as such, even when its type bounds
     * it (a received byte: 0..255), and not at all when that range fits the buffer */
    bool unchecked = (idx.taint & TAINT) && (!(idx.taint & TAINT_UPPER) || !(idx.taint & TAINT_LOWER)) &&
                     !((idx.taint & TAINT_UPPER) && unsigned_index(n->kids[1]));
    bool fits = count > 0 && idx.r.lo >= 0 && idx.r.lo != RANGE_MIN && idx.r.hi < count;
    bool as_taint = unchecked && !fits;
    if (!as_taint && count > 0 && idx.r.hi != RANGE_MAX && idx.r.hi >= count) {
        bool off_by_one = idx.r.hi == count && loop_bound_inclusive(n, idx.var);
        clang_finding_t *f = paths_finding_graded(cx, "c.clang-index-out-of-bounds", n->range, kept);
        if (f && !kept && index_rests_on_unbounded_count(cx, s, n->kids[1])) {
            f->certainty = CERTAINTY_LOW;
            clang_finding_fact(f, "certainty_reason", "the index counts iterations of a loop whose end the "
                                                      "analysis does not know (a terminator or count in memory)");
        }
        if (f) {
            f->cwe = off_by_one ? 193 : overflow_cwe(s, base, write, true);
            snprintf(f->message, sizeof(f->message),
                     "index %s%lld is past the end of a %lld-element buffer (%s out of bounds)%s",
                     idx.r.lo == idx.r.hi ? "" : "up to ", idx.r.hi, count, what,
                     off_by_one ? ": off by one in the loop bound (<= where < was meant)" : "");
            paths_flow_for(cx, s, f, base.obj, idx.var, (1u << EV_ALLOC) | (1u << EV_ASSIGN) | (1u << EV_DECL));
            clang_finding_step(f, n->range, "%s out of bounds here", what);
            clang_finding_fact(f, "buffer_elements", "%lld", count);
            clang_finding_fact(f, "index_max", "%lld", idx.r.hi);
        }
        clamp_index(cx, s, idx.var, count);
    } else if (!as_taint && count > 0 && idx.r.lo != RANGE_MIN && idx.r.lo < 0) {
        clang_finding_t *f = paths_finding_graded(cx, "c.clang-index-out-of-bounds", n->range, kept);
        if (f && !kept && index_rests_on_unbounded_count(cx, s, n->kids[1])) { /* buf[N - n++] */
            f->certainty = CERTAINTY_LOW;
            clang_finding_fact(f, "certainty_reason", "the index counts iterations of a loop whose end the "
                                                      "analysis does not know (its test bounds no counter)");
        }
        if (f) {
            f->cwe = overflow_cwe(s, base, write, false);
            snprintf(f->message, sizeof(f->message), "index %lld is before the start of the buffer (%s out of bounds)",
                     idx.r.lo, what);
            clang_finding_step(f, n->range, "%s before the buffer here", what);
            clang_finding_fact(f, "index_min", "%lld", idx.r.lo);
        }
        clamp_index(cx, s, idx.var, count);
    }
    if (as_taint) {
        bool no_upper = !(idx.taint & TAINT_UPPER);
        clang_finding_t *f = paths_finding_graded(cx, "c.clang-tainted-index", n->range, widened_reason(cx, n));
        if (f) {
            f->cwe = overflow_cwe(s, base, write, no_upper);
            snprintf(f->message, sizeof(f->message),
                     "untrusted index is used without checking its %s bound (buffer %s out of bounds)",
                     no_upper ? "upper" : "lower", what);
            paths_flow_for(cx, s, f, idx.taint_obj, idx.taint_var, (1u << EV_TAINT));
            clang_finding_step(f, n->range, "used as an index here");
            if (count > 0) clang_finding_fact(f, "buffer_elements", "%lld", count);
            clang_finding_fact(f, "checked", "%s", no_upper ? (idx.taint & TAINT_LOWER ? "lower bound only" : "no bound")
                                                            : "upper bound only");
        }
    }
}

/* ---- arithmetic ------------------------------------------------------------------- */

static bool add_overflows(long long a, long long b, long long *r) { return __builtin_add_overflow(a, b, r); }

static irange_t range_add(irange_t a, irange_t b, int sign)
{
    irange_t r = {RANGE_MIN, RANGE_MAX};
    if (a.lo == RANGE_MIN || a.hi == RANGE_MAX || b.lo == RANGE_MIN || b.hi == RANGE_MAX) {
        /* half-open: keep the bound that stays finite */
        if (sign > 0 && a.lo != RANGE_MIN && b.lo != RANGE_MIN && !add_overflows(a.lo, b.lo, &r.lo)) return r;
        return (irange_t){RANGE_MIN, RANGE_MAX};
    }
    long long lo, hi;
    if (sign > 0) {
        if (add_overflows(a.lo, b.lo, &lo) || add_overflows(a.hi, b.hi, &hi)) return r;
    } else {
        if (__builtin_sub_overflow(a.lo, b.hi, &lo) || __builtin_sub_overflow(a.hi, b.lo, &hi)) return r;
    }
    r.lo = lo;
    r.hi = hi;
    return r;
}

static void overflow_report(pctx_t *cx, pstate_t *s, cnode_t *n, aval_t v, const char *how)
{
    clang_finding_t *f = paths_finding_graded(cx, "c.clang-integer-overflow", n->range, widened_reason(cx, n));
    if (!f) return;
    snprintf(f->message, sizeof(f->message),
             "arithmetic on an untrusted value may overflow: it is %s without a range check", how);
    paths_flow_for(cx, s, f, v.taint_obj, v.taint_var, (1u << EV_TAINT));
    clang_finding_step(f, n->range, "%s here", how);
}

/* True when the arithmetic is unsigned (it wraps by definition) and operand i is of a
 * narrower type, so bounded by it: h = h * 33 + c over the bytes of a line is a hash,
 * not an overflow an attacker steers. */
static bool narrow_operand(cnode_t *n, int i)
{
    int bits, kbits;
    bool sgn, ksgn;
    if (n->kid_count < 2 || !c_int_width(n, &bits, &sgn) || sgn) return false;
    cnode_t *k = c_strip(n->kids[i]);
    return k && c_int_width(k, &kbits, &ksgn) && kbits < bits;
}

static bool narrow_taint_only(cnode_t *n, aval_t a, aval_t b)
{
    return (!(a.taint & TAINT) || narrow_operand(n, 0)) && (!(b.taint & TAINT) || narrow_operand(n, 1));
}

/* Two operands naming the same value: the same local, or the same written member path
 * of the same declaration (ctx->end and ctx->end). */
static bool same_operand(pctx_t *cx, cnode_t *a, cnode_t *b)
{
    a = c_strip(a);
    b = c_strip(b);
    if (!a || !b || a->kind != b->kind) return false;
    if (a->kind == CXCursor_DeclRefExpr)
        return clang_equalCursors(clang_getCursorReferenced(a->cursor), clang_getCursorReferenced(b->cursor));
    if (a->kind == CXCursor_MemberRefExpr)
        return clang_equalCursors(clang_getCursorReferenced(a->cursor), clang_getCursorReferenced(b->cursor)) &&
               !strcmp(c_text(cx->unit, a), c_text(cx->unit, b));
    return false;
}

/* Whether test, known to have value `outcome`, proves big > small (2) or big >= small (1);
 * 0 when it says nothing. A && that held proves each part; a || that failed refutes each. */
static int order_from_test(pctx_t *cx, cnode_t *test, bool outcome, cnode_t *big, cnode_t *small)
{
    cnode_t *c = c_strip(test);
    if (!c) return 0;
    if (c->kind == CXCursor_CallExpr && c->name && !strcmp(c->name, "__builtin_expect") && c_arg_count(c) == 2)
        return order_from_test(cx, c_arg(c, 0), outcome, big, small);
    if (c->kind == CXCursor_UnaryOperator && !strcmp(c->op, "!") && c->kid_count == 1)
        return order_from_test(cx, c->kids[0], !outcome, big, small);
    if (c->kind != CXCursor_BinaryOperator || c->kid_count != 2) return 0;
    const char *op = c->op;
    if ((outcome && !strcmp(op, "&&")) || (!outcome && !strcmp(op, "||"))) {
        int a = order_from_test(cx, c->kids[0], outcome, big, small);
        return a ? a : order_from_test(cx, c->kids[1], outcome, big, small);
    }
    bool gt = !strcmp(op, ">") || !strcmp(op, ">="), lt = !strcmp(op, "<") || !strcmp(op, "<=");
    if (!gt && !lt) return 0;
    bool strict = op[1] != '=';
    if (!outcome) { /* !(a < b) is a >= b */
        gt = !gt;
        strict = !strict;
    }
    cnode_t *hi = gt ? c->kids[0] : c->kids[1], *lo = gt ? c->kids[1] : c->kids[0];
    if (!same_operand(cx, hi, big)) return 0;
    if (same_operand(cx, lo, small)) return strict ? 2 : 1;
    long long k, m; /* n > 0 (or n >= 1) before n - 1 */
    if (c_eval_int(lo, &k) && c_eval_int(small, &m) && k < LLONG_MAX)
        return m <= k + (strict ? 1 : 0) ? (m < k + (strict ? 1 : 0) ? 2 : 1) : 0;
    return 0;
}

/* Whether big is an unsigned value that test (with that outcome) proved nonzero, so
 * big >= 1: `if (len && buf[len - 1] == '.')`. */
static bool nonzero_by_test(pctx_t *cx, cnode_t *test, bool outcome, cnode_t *big)
{
    cnode_t *c = c_strip(test);
    if (c && c->kind == CXCursor_UnaryOperator && !strcmp(c->op, "!") && c->kid_count == 1)
        return nonzero_by_test(cx, c->kids[0], !outcome, big);
    if (c && c->kind == CXCursor_BinaryOperator && c->kid_count == 2 &&
        ((outcome && !strcmp(c->op, "&&")) || (!outcome && !strcmp(c->op, "||"))))
        return nonzero_by_test(cx, c->kids[0], outcome, big) || nonzero_by_test(cx, c->kids[1], outcome, big);
    int bits;
    bool sgn;
    return outcome && c && same_operand(cx, c, big) && c_int_width(c, &bits, &sgn) && !sgn;
}

/* Whether the statement `from` (inside arm, before n) assigns to x. */
static bool assigns_before(pctx_t *cx, const cnode_t *arm, const cnode_t *n, cnode_t *x)
{
    if (arm->range.start_byte >= n->range.start_byte) return false;
    if ((arm->kind == CXCursor_BinaryOperator && !strcmp(arm->op, "=")) || arm->kind == CXCursor_CompoundAssignOperator ||
        (arm->kind == CXCursor_UnaryOperator && (!strcmp(arm->op, "++") || !strcmp(arm->op, "--"))))
        if (arm->kid_count && same_operand(cx, arm->kids[0], x)) return true;
    for (uint32_t i = 0; i < arm->kid_count; i++)
        if (assigns_before(cx, arm->kids[i], n, x)) return true;
    return false;
}

/* Whether a test that encloses n proves big >= small there: `if (path < mark) n = mark -
 * path;`, `while (lo < hi) ... hi - lo`, `if (a >= b) return; ... else b - a`. 2 strictly
 * greater, 1 greater or equal, 0 not known. Only tests whose arm n is in count, and only
 * while the arm has not assigned either operand before n. */
static int ordered_by_guard(pctx_t *cx, const cnode_t *n, cnode_t *big, cnode_t *small)
{
    const cnode_t *child = n;
    long long one;
    bool minus_one = c_eval_int(small, &one) && one == 1;
    for (const cnode_t *p = n->parent; p; child = p, p = p->parent) {
        int order = 0;
        cnode_t *test = NULL; /* what held (or failed, !held) for child to run */
        bool held = true;
        if (p->kind == CXCursor_IfStmt && p->kid_count >= 2 && child != p->kids[0]) {
            test = p->kids[0];
            held = child == p->kids[1];
        } else if (p->kind == CXCursor_BinaryOperator && p->kid_count == 2 && child == p->kids[1] &&
                   (!strcmp(p->op, "&&") || !strcmp(p->op, "||"))) {
            test = p->kids[0]; /* the right side of && runs when the left held */
            held = p->op[0] == '&';
        } else if (p->kind == CXCursor_WhileStmt && p->kid_count == 2 && child == p->kids[1]) {
            test = p->kids[0];
        } else if (p->kind == CXCursor_ConditionalOperator && p->kid_count == 3 && child != p->kids[0]) {
            test = p->kids[0];
            held = child == p->kids[1];
        }
        if (test) {
            order = order_from_test(cx, test, held, big, small);
            if (!order && minus_one && nonzero_by_test(cx, test, held, big)) order = 1;
        }
        if (order && !assigns_before(cx, child, n, big) && !assigns_before(cx, child, n, small)) return order;
    }
    return 0;
}

/* True when every value of a op b for the ranges given fits the type of n (both ranges
 * finite): such arithmetic cannot overflow whoever chose the operands. */
static bool result_fits(cnode_t *n, const char *op, irange_t a, irange_t b)
{
    int bits;
    bool sgn;
    if (a.lo == RANGE_MIN || a.hi == RANGE_MAX || b.lo == RANGE_MIN || b.hi == RANGE_MAX) return false;
    if (!c_int_width(n, &bits, &sgn) || bits > 64) return false;
    __int128 lo, hi;
    if (op[0] == '+') {
        lo = (__int128)a.lo + b.lo;
        hi = (__int128)a.hi + b.hi;
    } else if (op[0] == '-') {
        lo = (__int128)a.lo - b.hi;
        hi = (__int128)a.hi - b.lo;
    } else if (op[0] == '*') {
        __int128 c[4] = {(__int128)a.lo * b.lo, (__int128)a.lo * b.hi, (__int128)a.hi * b.lo, (__int128)a.hi * b.hi};
        lo = hi = c[0];
        for (int i = 1; i < 4; i++) {
            if (c[i] < lo) lo = c[i];
            if (c[i] > hi) hi = c[i];
        }
    } else {
        return false;
    }
    __int128 max = sgn ? ((__int128)1 << (bits - 1)) - 1 : ((__int128)1 << bits) - 1;
    __int128 min = sgn ? -((__int128)1 << (bits - 1)) : 0;
    return lo >= min && hi <= max;
}

/* Tainted arithmetic: + needs an upper bound check, - a lower one, * both. */
static void taint_arith_check(pctx_t *cx, pstate_t *s, cnode_t *n, const char *op, aval_t a, aval_t b)
{
    if (!c_is_integer(n)) return;
    aval_t t = (a.taint & TAINT) ? a : b;
    if (!(t.taint & TAINT)) return;
    aval_t other = (a.taint & TAINT) ? b : a;
    if (narrow_taint_only(n, a, b)) return;
    if ((other.taint & TAINT) && !(op[0] == '*' && a.var >= 0 && a.var == b.var))
        return; /* two unknowns: too speculative (x * x is still a square) */
    unsigned need = 0;
    if (op[0] == '+') need = TAINT_UPPER;
    else if (op[0] == '-') need = TAINT_LOWER;
    else if (op[0] == '*') need = TAINT_UPPER | TAINT_LOWER;
    if (!need || (t.taint & need) == need) return;
    /* adding a negative or subtracting from a constant is not growth toward overflow */
    if (op[0] != '*' && other.r.lo < 0 && other.r.hi < 0) return;
    if (result_fits(n, op, a.r, b.r)) return; /* len + 6 with len a received byte */
    if (op[0] == '-' && t.var < 0 && (b.taint & TAINT)) return;
    if (op[0] == '-' && ordered_by_guard(cx, n, n->kids[0], n->kids[1])) return; /* if (a < b) b - a */
    overflow_report(cx, s, n, t, op[0] == '+' ? "increased" : op[0] == '-' ? "decreased" : "multiplied");
}

static void constant_overflow_check(pctx_t *cx, const pstate_t *s, cnode_t *n, __int128 exact)
{
    int bits;
    bool sgn;
    if (!c_int_width(n, &bits, &sgn) || bits >= 128 || !sgn) return; /* unsigned wraps by design */
    __int128 max = ((__int128)1 << (bits - 1)) - 1, min = -((__int128)1 << (bits - 1));
    if (exact <= max && exact >= min) return;
    if (c_eval_int(n, &(long long){0})) return; /* a constant expression: the compiler warns */
    const char *kept = loop_kept_reason(s, n);
    if (!kept) kept = widened_reason(cx, n);
    clang_finding_t *f = paths_finding_graded(cx, "c.clang-integer-overflow", n->range, kept);
    if (!f) return;
    snprintf(f->message, sizeof(f->message), "signed arithmetic overflows its %d-bit type on this path", bits);
    clang_finding_step(f, n->range, "overflows here");
    if (!kept && index_rests_on_unbounded_count(cx, s, n)) { /* slots *= 2 in a loop of unknown length */
        f->certainty = CERTAINTY_LOW;
        clang_finding_fact(f, "certainty_reason", "the value grows once per iteration of a loop whose end the "
                                                  "analysis does not know");
    }
}

static bool is_floating(const cnode_t *n)
{
    enum CXTypeKind k = clang_getCanonicalType(clang_getCursorType(n->cursor)).kind;
    return k == CXType_Float || k == CXType_Double || k == CXType_LongDouble;
}

/* True when `e` tests that var is zero: var == 0, 0 == var, !var. */
static bool tests_zero(cnode_t *e, int var)
{
    e = c_strip(e);
    if (!e || var < 0) return false;
    if (e->kind == CXCursor_UnaryOperator && !strcmp(e->op, "!") && e->kid_count == 1) {
        cnode_t *v = c_strip(e->kids[0]);
        return v && v->kind == CXCursor_DeclRefExpr && v->var == var;
    }
    if (e->kind != CXCursor_BinaryOperator || e->kid_count != 2 || strcmp(e->op, "==") != 0) return false;
    for (int side = 0; side < 2; side++) {
        cnode_t *v = c_strip(e->kids[side]);
        long long k;
        if (v && v->kind == CXCursor_DeclRefExpr && v->var == var && c_eval_int(e->kids[1 - side], &k) && k == 0)
            return true;
        double z;
        CXEvalResult r = clang_Cursor_Evaluate(e->kids[1 - side]->cursor);
        if (r) {
            bool zero = clang_EvalResult_getKind(r) == CXEval_Float && (z = clang_EvalResult_getAsDouble(r)) == 0.0;
            clang_EvalResult_dispose(r);
            if (zero && v && v->kind == CXCursor_DeclRefExpr && v->var == var) return true;
        }
    }
    return false;
}

/* A floating-point division by zero that is a choice, not an accident: an integer count
 * turned into a ratio (total / (float)n gives NaN when n is 0, no trap), or a value the
 * code has just tested to be zero (1.0 / value to tell -0.0 from +0.0). */
static bool float_division_by_choice(cnode_t *n)
{
    if (n->kid_count < 2 || !is_floating(n)) return false;
    cnode_t *d = c_strip(n->kids[1]);
    if (d && c_is_integer(d)) return true;
    int var = d && d->kind == CXCursor_DeclRefExpr ? d->var : -1;
    for (cnode_t *child = n, *p = n->parent; p; child = p, p = p->parent)
        if (p->kind == CXCursor_IfStmt && p->kid_count >= 2 && p->kids[1] == child && tests_zero(p->kids[0], var))
            return true;
    return false;
}

static void divisor_check(pctx_t *cx, pstate_t *s, cnode_t *n, aval_t d)
{
    bool zero = paths_range_known(d.r) && d.r.lo == 0 && !paths_skipped_assign(s, d.var);
    bool tainted = (d.taint & TAINT) && !(d.taint & (TAINT_ZERO | TAINT_LOWER | TAINT_UPPER)) &&
                   !(d.r.lo > 0 || d.r.hi < 0);
    if (!zero && !tainted) return;
    const char *kept = zero && n->kid_count >= 2 ? loop_kept_reason(s, n->kids[1]) : NULL;
    clang_finding_t *f = paths_finding_graded(cx, "c.clang-divide-by-zero", n->range, kept);
    if (!f) return;
    if (zero && float_division_by_choice(n)) {
        f->certainty = CERTAINTY_LOW;
        clang_finding_fact(f, "certainty_reason", "a floating-point division by a count or by a value just "
                                                  "tested to be zero gives inf or NaN, not a trap");
    }
    if (zero)
        snprintf(f->message, sizeof(f->message), "division by zero on this path");
    else
        snprintf(f->message, sizeof(f->message), "division by an untrusted value that is never checked against zero");
    paths_flow_for(cx, s, f, d.taint_obj, d.var >= 0 ? d.var : d.taint_var, (1u << EV_TAINT) | (1u << EV_ASSIGN));
    clang_finding_step(f, n->range, "divides here");
}

/* A mask or a remainder by a known constant bounds the result whatever the other operand
 * is: `h & 15` is 0..15, `(unsigned)i % 10` is 0..9, a signed `i % 10` at most 9. An
 * untrusted operand counts as checked on the sides the result is bounded. */
static void bound_by_mask(cnode_t *n, const char *op, aval_t a, aval_t b, aval_t *r)
{
    int bits;
    bool sgn = true;
    c_int_width(n, &bits, &sgn);
    if (op[0] == '&') {
        aval_t k = paths_range_known(b.r) ? b : a;
        if (!paths_range_known(k.r) || k.r.lo < 0) return;
        r->r = (irange_t){0, k.r.lo};
        r->taint |= TAINT_LOWER | TAINT_UPPER;
    } else {
        if (!paths_range_known(b.r) || b.r.lo <= 0) return;
        bool nonnegative = !sgn || (a.r.lo >= 0 && a.r.lo != RANGE_MIN);
        /* a signed remainder may be negative: the lower side stays unknown (an untrusted
         * one is reported by the taint check, not as a certain negative index) */
        r->r = (irange_t){nonnegative ? 0 : RANGE_MIN, b.r.lo - 1};
        r->taint |= TAINT_UPPER | (nonnegative ? TAINT_LOWER : 0);
    }
}

/* The range of a shift by a known amount, or of | and ^, of non-negative bounded operands:
 * `(buf[10] << 8) | buf[11]` is 0..65535. False when it is not bounded that way. */
static bool bits_range(const char *op, irange_t a, irange_t b, irange_t *r)
{
    if (a.lo < 0 || a.hi == RANGE_MAX || b.lo < 0 || b.hi == RANGE_MAX) return false;
    if (op[0] == '<' && op[1] == '<' && paths_range_known(b) && b.lo < 62) {
        if (a.hi > (LLONG_MAX >> b.lo)) return false;
        *r = (irange_t){a.lo << b.lo, a.hi << b.lo};
        return true;
    }
    if (op[0] == '>' && op[1] == '>' && paths_range_known(b) && b.lo < 63) {
        *r = (irange_t){a.lo >> b.lo, a.hi >> b.lo};
        return true;
    }
    if ((op[0] == '|' || op[0] == '^') && (!op[1] || op[1] == '=')) {
        long long top = a.hi > b.hi ? a.hi : b.hi, mask = 1;
        while (mask <= top && mask < (1LL << 61)) mask <<= 1;
        *r = (irange_t){op[0] == '|' ? (a.lo > b.lo ? a.lo : b.lo) : 0, mask - 1};
        return true;
    }
    return false;
}

static aval_t arith(pctx_t *cx, pstate_t *s, cnode_t *n, const char *op, aval_t a, aval_t b, bool pointer)
{
    aval_t r = paths_eval_unknown();
    r.taint = (a.taint | b.taint) & TAINT;
    if (r.taint) {
        unsigned checks = 0xff;
        if (a.taint & TAINT) checks &= a.taint | (!pointer && narrow_operand(n, 0) ? TAINT_LOWER | TAINT_UPPER : 0);
        if (b.taint & TAINT) checks &= b.taint | (!pointer && narrow_operand(n, 1) ? TAINT_LOWER | TAINT_UPPER : 0);
        r.taint |= checks & (TAINT_LOWER | TAINT_UPPER | TAINT_ZERO | TAINT_NUMERIC);
        r.taint_var = (a.taint & TAINT) ? a.taint_var : b.taint_var;
        r.taint_obj = (a.taint & TAINT) ? a.taint_obj : b.taint_obj;
    }
    if (pointer) {
        r.obj = a.obj >= 0 ? a.obj : b.obj;
        r.offset = (paths_range_known(b.r) && b.r.lo == 0) ? a.offset : 1;
        r.null = 2;
        if (a.obj >= 0) r.taint |= s->o[a.obj].tainted;
        r.taint_obj = a.obj;
        return r;
    }
    if ((op[0] == '/' || op[0] == '%') && !op[1]) divisor_check(cx, s, n, b);
    if (paths_range_known(a.r) && paths_range_known(b.r)) {
        __int128 x = a.r.lo, y = b.r.lo, z;
        bool ok = true;
        switch (op[0]) {
        case '+': z = x + y; break;
        case '-': z = x - y; break;
        case '*': z = x * y; break;
        case '/': ok = y != 0; z = ok ? x / y : 0; break;
        case '%': ok = y != 0; z = ok ? x % y : 0; break;
        case '&': z = x & y; break;
        case '|': z = x | y; break;
        case '^': z = x ^ y; break;
        case '<': ok = op[1] == '<' && x >= 0 && y >= 0 && y < 63; z = ok ? x << y : 0; break;
        case '>': ok = op[1] == '>' && y >= 0 && y < 63; z = ok ? x >> y : 0; break;
        default: ok = false; z = 0;
        }
        if (ok && (op[0] == '+' || op[0] == '-' || op[0] == '*')) constant_overflow_check(cx, s, n, z);
        if (ok && z >= LLONG_MIN + 1 && z <= LLONG_MAX - 1) {
            r.r.lo = r.r.hi = (long long)z;
            return r;
        }
        return r;
    }
    if (op[0] == '+' && !op[1]) r.r = range_add(a.r, b.r, 1);
    else if (op[0] == '-' && !op[1]) {
        r.r = range_add(a.r, b.r, -1);
        int order = n->kid_count == 2 ? ordered_by_guard(cx, n, n->kids[0], n->kids[1]) : 0;
        long long floor = order == 2 ? 1 : 0; /* a guard proved the minuend the larger */
        if (order && r.r.lo < floor) r.r.lo = floor;
        if (order && r.r.hi < r.r.lo) r.r.hi = RANGE_MAX;
    }
    if ((op[0] == '&' || op[0] == '%') && (!op[1] || op[1] == '=')) {
        bound_by_mask(n, op, a, b, &r);
        return r;
    }
    if (bits_range(op, a.r, b.r, &r.r)) return r;
    if (!op[1] || op[1] == '=') taint_arith_check(cx, s, n, op, a, b);
    return r;
}

/* Relational and equality operators: fold with ranges and nullness. */
static int null_of(const pstate_t *s, aval_t v)
{
    if (v.obj >= 0) {
        uint8_t st = s->o[v.obj].status;
        if (st == ST_NULL) return 1;
        if (st == ST_MAYBE_NULL) return 0;
        return 2;
    }
    return v.null;
}

static aval_t compare(pstate_t *s, const char *op, aval_t a, aval_t b, bool pointers)
{
    aval_t r = paths_eval_unknown();
    r.r.lo = 0;
    r.r.hi = 1;
    int truth = -1;
    if (pointers && (op[0] == '=' || op[0] == '!') && a.obj >= 0 && b.obj >= 0 && !a.offset && !b.offset) {
        truth = (a.obj == b.obj) == (op[0] == '='); /* two known objects: the same one or not */
    } else if (pointers && (op[0] == '=' || op[0] == '!')) {
        int na = null_of(s, a), nb = null_of(s, b);
        bool eq_possible = true, eq_certain = false;
        if ((na == 1 && nb == 2) || (na == 2 && nb == 1)) eq_possible = false;
        if (na == 1 && nb == 1) eq_certain = true;
        if (!eq_possible) truth = op[0] == '!';
        else if (eq_certain) truth = op[0] == '=';
    } else if (a.r.lo != RANGE_MIN || a.r.hi != RANGE_MAX || b.r.lo != RANGE_MIN || b.r.hi != RANGE_MAX) {
        irange_t x = a.r, y = b.r;
        if (!strcmp(op, "<")) truth = x.hi < y.lo ? 1 : x.lo >= y.hi ? 0 : -1;
        else if (!strcmp(op, "<=")) truth = x.hi <= y.lo ? 1 : x.lo > y.hi ? 0 : -1;
        else if (!strcmp(op, ">")) truth = x.lo > y.hi ? 1 : x.hi <= y.lo ? 0 : -1;
        else if (!strcmp(op, ">=")) truth = x.lo >= y.hi ? 1 : x.hi < y.lo ? 0 : -1;
        else if (!strcmp(op, "==") || !strcmp(op, "!=")) {
            int eq = (paths_range_known(x) && paths_range_known(y)) ? x.lo == y.lo : (x.hi < y.lo || x.lo > y.hi) ? 0 : -1;
            if (eq >= 0) truth = op[0] == '=' ? eq : !eq;
        }
        if (x.lo == RANGE_MIN && x.hi == RANGE_MAX) truth = -1;
        if (y.lo == RANGE_MIN && y.hi == RANGE_MAX) truth = -1;
    }
    if (truth >= 0) r.r.lo = r.r.hi = truth;
    return r;
}

static bool is_pointerish(const cnode_t *n)
{
    CXType t = clang_getCanonicalType(clang_getCursorType(n->cursor));
    return t.kind == CXType_Pointer || t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray;
}

/* Counters are stepped exactly while small (a loop running once or ten times is seen as
 * such), then widened to a half-open range so loops converge. As a guard on cost, one
 * increment is stepped exactly at most COUNTER_RUNS times over all paths. */
#define EXACT_COUNT 16
#define COUNTER_RUNS 2000
static bool counter_widen(pctx_t *cx, const cnode_t *n)
{
    for (int i = 0; i < cx->counter_count; i++)
        if (cx->counter_node[i] == n) return (cx->widened |= ++cx->counter_runs[i] > COUNTER_RUNS);
    if (cx->counter_count == PATH_MAX_COUNTERS) return (cx->widened = true);
    cx->counter_node[cx->counter_count] = n;
    cx->counter_runs[cx->counter_count++] = 1;
    return false;
}

/* ---- expressions ------------------------------------------------------------------ */

/* ---- writes the AST lost ------------------------------------------------------------
 * When a header is missing or a type unknown, clang drops what it cannot type: the
 * initialiser of `T *s = loop->data;` or the whole statement `n = epoll_wait(...)`. The
 * variable then looks unwritten. Before reporting a read as uninitialised, the function's
 * text is scanned for writes of the name (`name =`, `&name`, `name++`, `--name`); one that
 * the AST does not show means the AST is incomplete there, and nothing is reported. */

#define WRITES_MAX 64

typedef struct {
    uint32_t at[WRITES_MAX]; /* byte offsets of the written name in the main file */
    int count;
    bool overflow;
} write_sites_t;

static void write_site_add(write_sites_t *w, uint32_t at)
{
    if (w->count == WRITES_MAX) w->overflow = true;
    else w->at[w->count++] = at;
}

static bool names_var(const cnode_t *n, const char *name)
{
    n = n ? c_strip((cnode_t *)n) : NULL;
    return n && n->kind == CXCursor_DeclRefExpr && n->name && !strcmp(n->name, name);
}

static void ast_writes(const cnode_t *n, const char *name, write_sites_t *w)
{
    const cnode_t *target = NULL;
    if ((n->kind == CXCursor_BinaryOperator && !strcmp(n->op, "=")) || n->kind == CXCursor_CompoundAssignOperator ||
        (n->kind == CXCursor_UnaryOperator && (!strcmp(n->op, "&") || !strcmp(n->op, "++") || !strcmp(n->op, "--"))))
        target = n->kid_count ? n->kids[0] : NULL;
    if (target && names_var(target, name)) write_site_add(w, c_strip((cnode_t *)target)->range.start_byte);
    if (n->kind == CXCursor_VarDecl && n->name && !strcmp(n->name, name) &&
        !clang_Cursor_isNull(clang_Cursor_getVarDeclInitializer(n->cursor))) {
        unsigned at = 0;
        clang_getExpansionLocation(clang_getCursorLocation(n->cursor), NULL, NULL, NULL, &at);
        write_site_add(w, at);
    }
    for (uint32_t i = 0; i < n->kid_count; i++) ast_writes(n->kids[i], name, w);
}

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Skips blanks and comments from p; returns the next significant character's position. */
static size_t skip_blank(const char *t, size_t p, size_t end)
{
    while (p < end) {
        if (t[p] == ' ' || t[p] == '\t' || t[p] == '\n' || t[p] == '\r' || t[p] == '\\') p++;
        else if (p + 1 < end && t[p] == '/' && t[p + 1] == '/') while (p < end && t[p] != '\n') p++;
        else if (p + 1 < end && t[p] == '/' && t[p + 1] == '*') {
            p += 2;
            while (p + 1 < end && !(t[p] == '*' && t[p + 1] == '/')) p++;
            p += 2;
        } else break;
    }
    return p;
}

/* The significant character before position p (comments are not skipped backwards:
 * rare enough between an operator and its operand), or 0. */
static size_t back_blank(const char *t, size_t p, size_t start)
{
    while (p > start && (t[p - 1] == ' ' || t[p - 1] == '\t' || t[p - 1] == '\n' || t[p - 1] == '\r')) p--;
    return p;
}

static bool text_write_lost(const char *t, size_t start, size_t end, const char *name, const write_sites_t *w)
{
    size_t len = strlen(name);
    for (size_t p = start; p < end;) {
        char c = t[p];
        if (c == '"' || c == '\'') { /* literals */
            for (p++; p < end && t[p] != c; p++)
                if (t[p] == '\\') p++;
            p++;
            continue;
        }
        if (c == '/' && p + 1 < end && (t[p + 1] == '/' || t[p + 1] == '*')) {
            p = skip_blank(t, p, end);
            continue;
        }
        if (!ident_char(c)) {
            p++;
            continue;
        }
        size_t q = p;
        while (q < end && ident_char(t[q])) q++;
        bool match = q - p == len && !memcmp(t + p, name, len) && !(c >= '0' && c <= '9');
        size_t before = back_blank(t, p, start);
        if (match && before > start && (t[before - 1] == '.' || (t[before - 1] == '>' && before >= start + 2 &&
                                                                  t[before - 2] == '-')))
            match = false; /* a member of the same name: s.len = 0, p->len = 0 */
        if (match) {
            size_t after = skip_blank(t, q, end);
            bool write = after < end && t[after] == '=' && !(after + 1 < end && t[after + 1] == '=');
            write |= after + 1 < end && (t[after] == '+' || t[after] == '-') && t[after + 1] == t[after];
            write |= before >= start + 2 && (t[before - 1] == '+' || t[before - 1] == '-') &&
                     t[before - 2] == t[before - 1];
            if (before > start && t[before - 1] == '&' && !(before >= start + 2 && t[before - 2] == '&')) {
                size_t prev = back_blank(t, before - 1, start); /* unary: no operand before the & */
                write |= prev == start || !(ident_char(t[prev - 1]) || t[prev - 1] == ')' || t[prev - 1] == ']');
            }
            if (write) {
                bool seen = w->overflow;
                for (int i = 0; i < w->count && !seen; i++) seen = w->at[i] == (uint32_t)p;
                if (!seen) return true;
            }
        }
        p = q;
    }
    return false;
}

static bool write_lost(pctx_t *cx, const char *name)
{
    const cnode_t *body = cx->f->body;
    const char *t = cx->unit->text;
    if (!t || !body || body->range.end_byte > cx->unit->text_size || body->range.end_byte <= body->range.start_byte)
        return false;
    write_sites_t w = {.count = 0};
    ast_writes(cx->f->decl, name, &w);
    return text_write_lost(t, cx->f->decl->range.start_byte, body->range.end_byte, name, &w);
}

/* ---- undecided branches ------------------------------------------------------------ */

/* The local an lvalue's storage belongs to: buf in buf[i].f, -1 through pointers. */
static int storage_var(cnode_t *n)
{
    n = c_strip(n);
    while (n && ((n->kind == CXCursor_MemberRefExpr && !n->arrow) || n->kind == CXCursor_ArraySubscriptExpr ||
                 (n->kind == CXCursor_UnaryOperator && !strcmp(n->op, "*"))) &&
           n->kid_count)
        n = c_strip(n->kids[0]);
    return n && n->kind == CXCursor_DeclRefExpr ? n->var : -1;
}

static void subtree_writes(const cnode_t *n, uint64_t mask[2])
{
    int var = -1;
    if ((n->kind == CXCursor_BinaryOperator && !strcmp(n->op, "=")) || n->kind == CXCursor_CompoundAssignOperator ||
        (n->kind == CXCursor_UnaryOperator && (!strcmp(n->op, "&") || !strcmp(n->op, "++") || !strcmp(n->op, "--"))))
        var = n->kid_count ? storage_var(n->kids[0]) : -1; /* x = .., buf[i] = .., s.f = .. */
    else if (n->kind == CXCursor_CallExpr) /* fill(buf) */
        for (uint32_t i = 0; i < c_arg_count(n); i++) {
            int a = storage_var(c_arg(n, i));
            if (a >= 0 && a < 128) mask[a / 64] |= 1ULL << (a % 64);
        }
    if (var >= 0 && var < 128) mask[var / 64] |= 1ULL << (var % 64);
    for (uint32_t i = 0; i < n->kid_count; i++) subtree_writes(n->kids[i], mask);
}

void paths_eval_written_vars(const cnode_t *n, uint64_t mask[2])
{
    if (n) subtree_writes(n, mask);
}

static cnode_t *logical_parent(cnode_t *n, cnode_t **child)
{
    cnode_t *p = n->parent;
    *child = n;
    while (p && (p->kind == CXCursor_ParenExpr || (p->kind == CXCursor_UnexposedExpr && p->kid_count == 1))) {
        *child = p;
        p = p->parent;
    }
    return p;
}

/* True when n runs inside the body of a loop of its function. */
static bool in_loop_body(const cnode_t *n)
{
    for (const cnode_t *child = n, *p = n->parent; p; child = p, p = p->parent) {
        if (p->kind == CXCursor_FunctionDecl || !p->kid_count) return false;
        if ((p->kind == CXCursor_ForStmt || p->kind == CXCursor_WhileStmt) && child == p->kids[p->kid_count - 1])
            return true;
        if (p->kind == CXCursor_DoStmt && child == p->kids[0]) return true;
    }
    return false;
}

void paths_eval_note_undecided(pctx_t *cx, pstate_t *s, cnode_t *cond, bool outcome)
{
    uint64_t mask[2] = {0, 0};
    cnode_t *child, *p = logical_parent(cond, &child);
    /* climb while the outcome of the enclosing expression is known from this one */
    while (p) {
        if (p->kind == CXCursor_UnaryOperator && !strcmp(p->op, "!")) {
            outcome = !outcome;
        } else if (p->kind == CXCursor_BinaryOperator && p->kid_count == 2 &&
                   (!strcmp(p->op, "&&") || !strcmp(p->op, "||"))) {
            bool short_circuit = p->op[0] == '|' ? outcome : !outcome;
            if (p->kids[0] == child) {
                if (!short_circuit) break; /* the right side decides: its own block */
                subtree_writes(p->kids[1], mask);
            }
        } else {
            break;
        }
        p = logical_parent(p, &child);
    }
    bool looping = false;
    if (p && p->kind == CXCursor_IfStmt && p->kid_count >= 2 && p->kids[0] == child) {
        cnode_t *arm = outcome ? (p->kid_count >= 3 ? p->kids[2] : NULL) : p->kids[1];
        if (arm) subtree_writes(arm, mask);
        looping = in_loop_body(p);
    } else if (p && (p->kind == CXCursor_ForStmt || p->kind == CXCursor_WhileStmt) && !outcome && p->kid_count &&
               p->kids[p->kid_count - 1] != child) {
        /* the loop's body did not run (again); a value kept because it never ran at all
         * rests on the count (`n == 0`), a feasible input, not on every pass's data */
        subtree_writes(p->kids[p->kid_count - 1], mask);
    }
    if (looping)
        for (int i = 0; i < 2; i++) s->loop_kept[i] |= mask[i];
    for (int i = 0; i < 2; i++) s->undecided_tested[i] |= s->undecided_assign[i];
    for (size_t v = 0; v < cx->f->var_count && v < PATH_MAX_VARS && v < 128; v++) {
        if ((mask[v / 64] >> (v % 64) & 1) && !s->v[v].init) s->undecided_assign[v / 64] |= 1ULL << (v % 64);
    }
}

static bool calls_setjmp(const cnode_t *n)
{
    static const char *const names[] = {"setjmp", "_setjmp", "sigsetjmp", "__sigsetjmp", NULL};
    if (n->kind == CXCursor_CallExpr && n->name)
        for (size_t i = 0; names[i]; i++)
            if (!strcmp(n->name, names[i])) return true;
    for (uint32_t i = 0; i < n->kid_count; i++)
        if (calls_setjmp(n->kids[i])) return true;
    return false;
}

static void uninit_check(pctx_t *cx, pstate_t *s, cnode_t *n)
{
    pvar_t *v = &s->v[n->var];
    const cvar_t *cv = &cx->f->vars[n->var];
    if (v->init || cv->is_array) return;
    /* a struct: only a read of a member reads it; any other use (a member written, its
     * address taken, the whole value copied) counts as a write */
    if (clang_getCanonicalType(cv->type).kind == CXType_Record &&
        (!paths_contents_member_read(n) || paths_contents_uses_lost(cx, cv->name))) {
        v->init = 1;
        undecided_clear(s, n->var);
        return;
    }
    if (paths_skipped_assign(s, n->var)) { /* an unseen condition decided whether it was set */
        v->init = 1;
        return;
    }
    if (write_lost(cx, cv->name)) {
        v->init = 1;
        return;
    }
    /* setjmp returns a second time after a longjmp, once later code has run: a volatile
     * local read there is the idiom (its value survives); another one is graded low */
    bool after_setjmp = calls_setjmp(cx->f->body);
    if (after_setjmp && clang_isVolatileQualifiedType(cv->type)) {
        v->init = 1;
        return;
    }
    clang_finding_t *f = clang_findings_add(cx->out, "c.clang-uninitialized-use", n->range);
    if (f) {
        snprintf(f->message, sizeof(f->message), "'%s' is read before it is given a value on this path", cv->name);
        if (after_setjmp) {
            f->certainty = CERTAINTY_LOW;
            clang_finding_fact(f, "certainty_reason", "the function calls setjmp: after a longjmp, code that "
                                                      "ran later may have written it (its value is then indeterminate)");
        } else if (paths_undecided_assigned(s, n->var)) {
            f->certainty = CERTAINTY_LOW;
            clang_finding_fact(f, "certainty_reason", "the path skips a write under a test the analysis cannot "
                                                      "decide, then passes another: they may be correlated");
        }
        clang_finding_step(f, cv->range, "'%s' declared without a value", cv->name);
        clang_finding_step(f, n->range, "read here");
        clang_finding_fact(f, "variable", "%s", cv->name);
    }
    v->init = 1;
    undecided_clear(s, n->var);
}

static aval_t eval_ref(pctx_t *cx, pstate_t *s, cnode_t *n)
{
    if (n->var >= 0 && n->var < PATH_MAX_VARS) {
        if (s->field_count && !is_member_base(n)) fields_release(s, n->var, false); /* used whole */
        uninit_check(cx, s, n);
        pvar_t *v = &s->v[n->var];
        aval_t a = paths_eval_unknown();
        a.var = n->var;
        a.obj = v->obj;
        a.null = v->null;
        a.offset = v->offset;
        a.taint = v->taint;
        a.taint_var = n->var;
        if (v->obj >= 0 && s->o[v->obj].tainted && !(a.taint & TAINT)) {
            a.taint_obj = v->obj;
        }
        a.r = v->r;
        a.addr1 = v->addr1;
        a.func1 = v->func1;
        if (v->obj >= 0 && s->o[v->obj].status == ST_NULL) a.null = 1;
        return a;
    }
    if (n->global >= 0) {
        const cglobal_t *g = &cx->unit->globals[n->global];
        const pvar_t *known = global_value(s, n->global);
        if (known) {
            aval_t a = paths_eval_unknown();
            a.obj = known->obj;
            a.null = known->null;
            a.offset = known->offset;
            a.taint = known->taint;
            a.r = known->r;
            if (a.obj >= 0 && s->o[a.obj].status == ST_NULL) a.null = 1;
            return a;
        }
        if (g->has_value && (g->is_const || (g->is_static && !g->written))) return constant(g->value);
        long long bytes = c_array_bytes(n);
        if (bytes > 0) {
            aval_t a = paths_eval_unknown();
            a.obj = paths_obj_new(cx, s, OBJ_STATIC, ST_NONNULL, n, g->name);
            if (a.obj >= 0) s->o[a.obj].bytes = bytes;
            a.null = 2;
            return a;
        }
        return paths_eval_unknown();
    }
    CXCursor ref = clang_getCursorReferenced(n->cursor);
    if (!clang_Cursor_isNull(ref) && clang_getCursorKind(ref) == CXCursor_FunctionDecl) { /* a function's address */
        aval_t a = paths_eval_unknown();
        CXString name = clang_getCursorSpelling(ref);
        const cfunc_t *fn = clang_unit_function(cx->unit, clang_getCString(name));
        clang_disposeString(name);
        if (fn && fn->body) a.func1 = (int)(fn - cx->unit->funcs) + 1;
        a.null = 2;
        return a;
    }
    long long v;
    if (c_eval_int(n, &v)) return constant(v); /* enumerators */
    return paths_eval_unknown();
}

static aval_t eval_unary(pctx_t *cx, pstate_t *s, cnode_t *n)
{
    if (!n->kid_count) return paths_eval_unknown();
    cnode_t *kid = n->kids[0];
    const char *op = n->op;
    if (!strcmp(op, "&")) {
        cnode_t *k = c_strip(kid);
        aval_t r = paths_eval_unknown();
        r.null = 2;
        if (k->kind == CXCursor_DeclRefExpr && k->var >= 0 && k->var < PATH_MAX_VARS) {
            pvar_t *v = &s->v[k->var];
            /* followed for pointers only: an int's other writers (p[0] = 1, *(p + 0))
             * are not tracked */
            bool followed = cx->f->vars[k->var].is_pointer && !cx->f->vars[k->var].is_array && stored_in_local(n);
            if (s->field_count) fields_release(s, k->var, true); /* &u: whoever gets it may write it */
            v->init = 1;        /* whoever gets the address may write it */
            undecided_clear(s, k->var);
            paths_mtest_forget(s, k->var);
            if (cx->f->vars[k->var].is_integer && !followed) {
                v->r = paths_eval_unknown().r;
                v->null = 0;
            }
            if (v->obj >= 0 && !cx->f->vars[k->var].is_array && owned(&s->o[v->obj]) && !followed) {
                s->o[v->obj].status = ST_ESCAPED;
            }
            r.var = -1;
            r.obj = cx->f->vars[k->var].is_array ? v->obj : -1;
            if (followed) { /* T **pp = &p: writes and reads through pp are followed (addr1) */
                r.addr1 = k->var + 1;
                return r;
            }
            if (cx->f->vars[k->var].is_pointer && !cx->f->vars[k->var].is_array) {
                paths_contents_forget(s, v->obj); /* written through *&p */
                /* &p handed out: whoever holds it may point p elsewhere (getline(&p, ...)
                 * allocates, strtol(s, &end, 10) moves end), so what p held is unknown */
                v->obj = -1;
                v->null = 0;
                v->offset = 0;
            }
            if (!cx->f->vars[k->var].is_array && !cx->f->vars[k->var].is_pointer) {
                /* a static local lives as long as the program: its address may be returned */
                bool lasting = cx->f->vars[k->var].is_static;
                r.obj = paths_obj_new(cx, s, lasting ? OBJ_STATIC : OBJ_STACK, ST_NONNULL, k,
                                      lasting ? "address of a static local" : "address of a local");
            }
            return r;
        }
        long long off;
        int agg = field_of_local(k, &off);
        if (agg >= 0) fields_release(s, agg, true); /* &u.f: whoever gets it may write it */
        aval_t inner = paths_eval_expr(cx, s, kid);
        r.obj = inner.obj;
        r.offset = 1;
        if (k->kind == CXCursor_ArraySubscriptExpr && k->kid_count == 2) {
            aval_t idx = paths_eval_unknown();
            long long iv;
            if (c_eval_int(k->kids[1], &iv)) idx = constant(iv);
            if (paths_range_known(idx.r) && idx.r.lo == 0) r.offset = 0;
        }
        return r;
    }
    if (!strcmp(op, "++") || !strcmp(op, "--")) {
        cnode_t *k = c_strip(kid);
        aval_t cur = paths_eval_expr(cx, s, kid);
        paths_mtest_forget(s, k->kind == CXCursor_DeclRefExpr && k->var >= 0 ? k->var : -1);
        if (k->kind == CXCursor_DeclRefExpr && k->var >= 0 && k->var < PATH_MAX_VARS) {
            pvar_t *v = &s->v[k->var];
            if (cx->f->vars[k->var].is_pointer) {
                v->offset = 1;
            } else {
                v->null = 0;
                if ((cur.taint & TAINT) && !(cur.taint & (op[0] == '+' ? TAINT_UPPER : TAINT_LOWER)))
                    overflow_report(cx, s, n, cur, op[0] == '+' ? "incremented" : "decremented");
                if (paths_range_known(cur.r)) {
                    __int128 z = (__int128)cur.r.lo + (op[0] == '+' ? 1 : -1);
                    constant_overflow_check(cx, s, k, z);
                }
                if (paths_range_known(v->r) && v->r.lo >= -EXACT_COUNT && v->r.lo <= EXACT_COUNT && !counter_widen(cx, n)) {
                    v->r.lo = v->r.hi = v->r.lo + (op[0] == '+' ? 1 : -1); /* exact for a few rounds */
                } else if (op[0] == '+') { /* widen: loops converge in a couple of iterations */
                    cx->widened |= paths_range_known(v->r);
                    v->r.hi = RANGE_MAX;
                } else {
                    cx->widened |= paths_range_known(v->r);
                    v->r.lo = RANGE_MIN;
                }
            }
            /* i-- gives the value before the step, --i the value after it */
            if (!cx->f->vars[k->var].is_pointer && cx->f->vars[k->var].is_integer) {
                aval_t r = paths_eval_unknown();
                r.r = n->postfix ? cur.r : v->r;
                r.taint = cur.taint;
                r.taint_var = cur.taint_var;
                r.taint_obj = cur.taint_obj;
                return r;
            }
        }
        return paths_eval_unknown();
    }
    aval_t a = paths_eval_expr(cx, s, kid);
    if (!strcmp(op, "*")) {
        paths_deref_check(cx, s, a, n, "dereferenced");
        paths_contents_access(cx, s, n, a, constant(0));
        if (a.addr1 > 0 && a.addr1 <= PATH_MAX_VARS) return local_value(s, a.addr1 - 1); /* *pp, pp = &p */
        aval_t r = paths_eval_unknown();
        if (a.obj >= 0 && s->o[a.obj].tainted) {
            r.taint = s->o[a.obj].tainted;
            r.taint_obj = a.obj;
        }
        narrow_read(n, &r);
        return r;
    }
    if (!strcmp(op, "!")) {
        aval_t r = paths_eval_unknown();
        r.r.lo = 0;
        r.r.hi = 1;
        int nl = null_of(s, a);
        if (paths_range_known(a.r)) r.r.lo = r.r.hi = a.r.lo == 0;
        else if (is_pointerish(kid) && nl) r.r.lo = r.r.hi = nl == 1;
        return r;
    }
    if (!strcmp(op, "-")) {
        aval_t r = paths_eval_unknown();
        if (paths_range_known(a.r) && a.r.lo != LLONG_MIN) r.r.lo = r.r.hi = -a.r.lo;
        r.taint = a.taint;
        r.taint_var = a.taint_var;
        return r;
    }
    if (!strcmp(op, "~")) {
        aval_t r = paths_eval_unknown();
        if (paths_range_known(a.r)) r.r.lo = r.r.hi = ~a.r.lo;
        return r;
    }
    return a;
}

/* p = realloc(p, n) while p owns a block: when realloc fails the block is lost. Only
 * then: realloc(NULL, n) is malloc. */
static void realloc_check(pctx_t *cx, pstate_t *s, cnode_t *n, cnode_t *l)
{
    cnode_t *call = c_strip(n->kids[1]);
    if (!call || call->kind != CXCursor_CallExpr || !call->name || strcmp(call->name, "realloc") ||
        c_arg_count(call) < 1)
        return;
    cnode_t *arg = c_strip(c_arg(call, 0));
    if (!arg || arg->kind != CXCursor_DeclRefExpr || arg->var != l->var) return;
    int old = s->v[l->var].obj;
    bool owns = old >= 0 && s->o[old].kind == OBJ_HEAP &&
                (s->o[old].status == ST_MAYBE_NULL || s->o[old].status == ST_NONNULL);
    /* a dismissal needs proof that p owns nothing: NULL here. A block the caller passed
     * in (or one this pass cannot see) may be lost as well. */
    bool owns_nothing = old >= 0 ? s->o[old].status == ST_NULL : s->v[l->var].null == 1;
    /* `char *old = p; p = realloc(p, n); if (!p) free(old);`: another local still holds
     * the block, so a failure does not lose it */
    if (old >= 0 && s->o[old].kind == OBJ_HEAP && obj_refs(s, old, cx->f->var_count) > 1) {
        owns = false;
        owns_nothing = true;
    }
    clang_findings_note(cx->out, NOTE_REALLOC, call->range,
                        owns ? SEEN_TAINTED : owns_nothing ? SEEN_CLEAN : SEEN_UNKNOWN);
    if (!owns) return;
    clang_finding_t *f = clang_findings_add(cx->out, "c.clang-realloc-leak", n->range);
    if (!f) return;
    snprintf(f->message, sizeof(f->message), "if realloc() fails, '%s' becomes NULL and the block from %s() leaks",
             paths_var_name(cx, l->var), s->o[old].what);
    paths_flow_for(cx, s, f, old, -1, (1u << EV_ALLOC) | (1u << EV_ASSIGN));
    clang_finding_step(f, n->range, "overwritten with realloc()'s result here");
    clang_finding_fact(f, "pointer", "%s", paths_var_name(cx, l->var));
}

static aval_t eval_assign(pctx_t *cx, pstate_t *s, cnode_t *n)
{
    cnode_t *lhs = n->kids[0];
    cnode_t *l = c_strip(lhs);
    if (l->kind == CXCursor_DeclRefExpr && l->var >= 0 && l->var < PATH_MAX_VARS) realloc_check(cx, s, n, l);
    aval_t rhs = paths_eval_expr(cx, s, n->kids[1]);
    if (l->kind == CXCursor_DeclRefExpr && l->var >= 0 && l->var < PATH_MAX_VARS) {
        paths_assign_var(cx, s, l->var, rhs, n);
        return rhs;
    }
    paths_mtest_forget(s, -1); /* memory written: tests of it are open again */
    if (!(l->kind == CXCursor_DeclRefExpr && l->var >= 0)) paths_contents_forget(s, rhs.obj); /* others may write it */
    if (l->kind == CXCursor_DeclRefExpr && l->global >= 0) {
        const cglobal_t *g = &cx->unit->globals[l->global];
        if (g->is_static && !g->is_const) { /* the rest of this path may read it back */
            global_set(s, l->global, rhs);
            if (rhs.obj >= 0 && owned(&s->o[rhs.obj])) {
                s->o[rhs.obj].kept = 1;
                paths_event_add(cx, s, EV_ESCAPE, n, rhs.obj, -1, "kept in a file-static variable here");
            }
        } else if (rhs.obj >= 0 && owned(&s->o[rhs.obj])) {
            s->o[rhs.obj].status = ST_ESCAPED;
            paths_event_add(cx, s, EV_ESCAPE, n, rhs.obj, -1, NULL);
        }
        return rhs;
    }
    long long offset;
    int agg = field_of_local(l, &offset);
    if (agg >= 0 && field_set(s, agg, offset, rhs)) { /* u.f = x: followed, not escaped */
        if (agg < PATH_MAX_VARS) { /* and the aggregate now holds a value (of a union: every member) */
            s->v[agg].init = 1;
            undecided_clear(s, agg);
        }
        return rhs;
    }
    if (l->kind == CXCursor_ArraySubscriptExpr && l->kid_count == 2) { /* pp[0] = x: not followed */
        cnode_t *pp = c_strip(l->kids[0]);
        if (pp && pp->kind == CXCursor_DeclRefExpr && pp->var >= 0 && pp->var < PATH_MAX_VARS && s->v[pp->var].addr1)
            local_forget(cx, s, s->v[pp->var].addr1 - 1);
    }
    if (l->kind == CXCursor_UnaryOperator && !strcmp(l->op, "*") && l->kid_count == 1) {
        cnode_t *pp = c_strip(l->kids[0]);
        if (pp && pp->kind == CXCursor_DeclRefExpr && pp->var >= 0 && pp->var < PATH_MAX_VARS &&
            s->v[pp->var].addr1) { /* *pp = x, pp = &p: p = x */
            paths_assign_var(cx, s, s->v[pp->var].addr1 - 1, rhs, n);
            return rhs;
        }
    }
    aval_t target = paths_eval_expr(cx, s, lhs);
    (void)target;
    if (l->kind == CXCursor_ArraySubscriptExpr && l->kid_count == 2) { /* string length bookkeeping */
        cnode_t *base = c_strip(l->kids[0]);
        int o = base && base->kind == CXCursor_DeclRefExpr && base->var >= 0 && base->var < PATH_MAX_VARS &&
                        !s->v[base->var].offset ? s->v[base->var].obj : -1;
        if (o >= 0) {
            long long k;
            bool idx_known = c_eval_int(l->kids[1], &k);
            if (!idx_known) {
                cnode_t *iv = c_strip(l->kids[1]);
                if (iv && iv->kind == CXCursor_DeclRefExpr && iv->var >= 0 && iv->var < PATH_MAX_VARS &&
                    paths_range_known(s->v[iv->var].r)) {
                    k = s->v[iv->var].r.lo;
                    idx_known = true;
                }
            }
            bool nul = paths_range_known(rhs.r) && rhs.r.lo == 0;
            if (idx_known && nul && s->o[o].fill == k) s->o[o].str_len = k;
            else if (idx_known && nul && (s->o[o].str_len < 0 || k < s->o[o].str_len)) s->o[o].str_len = k;
            else if (!(idx_known && !nul && s->o[o].str_len >= 0 && k < s->o[o].str_len)) s->o[o].str_len = -1;
            s->o[o].fill = -1;
        }
    }
    if (rhs.obj >= 0 && owned(&s->o[rhs.obj])) s->o[rhs.obj].status = ST_ESCAPED;
    escape_arms(s, n->kids[1]);
    if (rhs.addr1 > 0 && rhs.addr1 <= PATH_MAX_VARS) local_forget(cx, s, rhs.addr1 - 1); /* &p kept elsewhere */
    /* data written into a buffer taints the buffer */
    if (rhs.taint & TAINT) {
        cnode_t *base = l;
        while (base && (base->kind == CXCursor_ArraySubscriptExpr || base->kind == CXCursor_UnaryOperator) &&
               base->kid_count)
            base = c_strip(base->kids[0]);
        if (base && base->kind == CXCursor_DeclRefExpr && base->var >= 0 && base->var < PATH_MAX_VARS &&
            s->v[base->var].obj >= 0)
            s->o[s->v[base->var].obj].tainted |= rhs.taint & (TAINT | TAINT_NUMERIC);
    }
    return rhs;
}

static aval_t eval_compound_assign(pctx_t *cx, pstate_t *s, cnode_t *n)
{
    cnode_t *l = c_strip(n->kids[0]);
    aval_t cur = paths_eval_expr(cx, s, n->kids[0]);
    aval_t rhs = paths_eval_expr(cx, s, n->kids[1]);
    char op[3] = {n->op[0], n->op[1] == '=' ? 0 : n->op[1], 0};
    bool pointer = is_pointerish(n->kids[0]);
    aval_t r = arith(cx, s, n, op, cur, rhs, pointer);
    if (l->kind == CXCursor_DeclRefExpr && l->var >= 0 && l->var < PATH_MAX_VARS) {
        if (!pointer) {
            /* loops: keep a compound-assigned counter from growing state forever */
            if (!paths_range_known(r.r)) r.r = (irange_t){RANGE_MIN, RANGE_MAX};
            r.taint = cur.taint & TAINT ? (cur.taint | (rhs.taint & TAINT)) : rhs.taint;
            r.taint_var = cur.taint_var;
        }
        r.var = -1;
        paths_assign_var(cx, s, l->var, r, n);
    } else {
        paths_mtest_forget(s, -1);
    }
    return r;
}

/* Evaluates e where cond had value outcome: findings come from a refined copy of the
 * state (so `p && p->n` and `p ? p->n : 0` are quiet), the state's own side effects
 * from a muted evaluation in s. */
/* True when call ends the arm of an if (`if (!p) die("oom");`, or the last statement of
 * its braces) and runs code the walk does not see: declared elsewhere and not a library
 * function, or called through a pointer. */
static bool unseen_arm_end(pctx_t *cx, const cnode_t *call)
{
    const cnode_t *child = call, *p = call->parent;
    while (p && (p->kind == CXCursor_ParenExpr || p->kind == CXCursor_CStyleCastExpr ||
                 (p->kind == CXCursor_UnexposedExpr && p->kid_count == 1))) {
        child = p;
        p = p->parent;
    }
    if (p && p->kind == CXCursor_CompoundStmt && p->kid_count && p->kids[p->kid_count - 1] == child) {
        child = p;
        p = p->parent;
    }
    if (!p || p->kind != CXCursor_IfStmt || p->kid_count < 2 || p->kids[0] == child) return false;
    if (call->call_model > 0 || in_system_header(call)) return false;
    const char *name = c_callee(call);
    const cfunc_t *def = name ? clang_unit_function(cx->unit, name) : NULL;
    return !def || !def->body;
}

/* True when a call is given a pointer through which it may write (not to const). */
static bool call_may_write(const cnode_t *call)
{
    for (uint32_t i = 0; i < c_arg_count(call); i++) {
        CXType t = clang_getCanonicalType(clang_getCursorType(c_arg(call, i)->cursor));
        if (t.kind != CXType_Pointer) continue;
        if (!clang_isConstQualifiedType(clang_getCanonicalType(clang_getPointeeType(t)))) return true;
    }
    return false;
}

static aval_t eval_in_branch(pctx_t *cx, pstate_t *s, cnode_t *cond, bool outcome, cnode_t *e)
{
    pstate_t *copy = malloc(sizeof(*copy));
    if (!copy) {
        cx->oom = 1;
        return paths_eval_unknown();
    }
    memcpy(copy, s, sizeof(*copy));
    if (paths_path_refine(cx, copy, cond, outcome)) paths_eval_expr(cx, copy, e);
    free(copy);
    cx->out->muted++;
    aval_t v = paths_eval_expr(cx, s, e);
    cx->out->muted--;
    return v;
}

/* One arm of `c ? x : y`: its side effects from a muted evaluation in s (as
 * eval_in_branch), its range and taint from the copy the test refined, so `n < 99 ? n :
 * 99` is bounded by 99. *feasible says whether the test can have that outcome here. */
static aval_t eval_arm(pctx_t *cx, pstate_t *s, cnode_t *cond, bool outcome, cnode_t *e, bool *feasible)
{
    pstate_t *copy = malloc(sizeof(*copy));
    if (!copy) {
        cx->oom = 1;
        return paths_eval_unknown();
    }
    memcpy(copy, s, sizeof(*copy));
    aval_t refined = paths_eval_unknown();
    *feasible = paths_path_refine(cx, copy, cond, outcome);
    if (*feasible) refined = paths_eval_expr(cx, copy, e);
    free(copy);
    cx->out->muted++;
    aval_t v = paths_eval_expr(cx, s, e);
    cx->out->muted--;
    if (*feasible) {
        v.r = refined.r;
        v.taint = refined.taint;
    }
    return v;
}

/* r narrowed to what the type of e (below its implicit conversions) can hold: an unsigned
 * short read from memory is 0..65535 whatever the walk knows of it, so `cost[t] < 999999999`
 * holds on every path. */
static bool int_type_range(const cnode_t *n, irange_t *out)
{
    int bits;
    bool sgn;
    if (!n || !c_int_width(n, &bits, &sgn) || bits >= 64 || bits <= 0) return false;
    out->lo = sgn ? -(1LL << (bits - 1)) : 0;
    out->hi = sgn ? (1LL << (bits - 1)) - 1 : (1LL << bits) - 1;
    return true;
}

static irange_t type_range(cnode_t *e, irange_t r)
{
    irange_t outer, inner, t;
    if (!int_type_range(e, &outer)) return r;
    t = outer;
    /* the conversions below keep every value of the inner type (char to int), or the
     * inner range says nothing about the value compared ((unsigned)c) */
    if (int_type_range(c_strip(e), &inner) && inner.lo >= outer.lo && inner.hi <= outer.hi) t = inner;
    if (r.hi < t.lo || r.lo > t.hi) return r; /* not a value of the type: leave it to the caller */
    if (r.lo < t.lo) r.lo = t.lo;
    if (r.hi > t.hi) r.hi = t.hi;
    return r;
}

static aval_t eval_binary(pctx_t *cx, pstate_t *s, cnode_t *n)
{
    if (n->kid_count < 2) return paths_eval_unknown();
    const char *op = n->op;
    if (!strcmp(op, "=")) return eval_assign(cx, s, n);
    if (!strcmp(op, "&&") || !strcmp(op, "||")) {
        /* short-circuit: the right side runs only where the left side allowed it */
        aval_t a = paths_eval_expr(cx, s, n->kids[0]);
        aval_t b = eval_in_branch(cx, s, n->kids[0], op[0] == '&', n->kids[1]);
        aval_t r = paths_eval_unknown();
        r.r.lo = 0;
        r.r.hi = 1;
        if (paths_range_known(a.r) && paths_range_known(b.r)) {
            bool x = a.r.lo != 0, y = b.r.lo != 0;
            r.r.lo = r.r.hi = op[0] == '&' ? (x && y) : (x || y);
        }
        return r;
    }
    aval_t a = paths_eval_expr(cx, s, n->kids[0]);
    aval_t b = paths_eval_expr(cx, s, n->kids[1]);
    if (!strcmp(op, ",")) return b;
    if (!strcmp(op, "==") || !strcmp(op, "!=") || !strcmp(op, "<") || !strcmp(op, ">") ||
        !strcmp(op, "<=") || !strcmp(op, ">=")) {
        bool pointers = is_pointerish(n->kids[0]) || is_pointerish(n->kids[1]);
        if (!pointers) {
            a.r = type_range(n->kids[0], a.r);
            b.r = type_range(n->kids[1], b.r);
        }
        return compare(s, op, a, b, pointers);
    }
    if (op[0] == '-' && !op[1] && is_pointerish(n->kids[0]) && is_pointerish(n->kids[1])) {
        /* the distance between two pointers: an offset inside the program's own memory,
         * not a value the input chose, even when the characters there are untrusted */
        return paths_eval_unknown();
    }
    bool pointer = is_pointerish(n->kids[0]) && (op[0] == '+' || op[0] == '-') && !is_pointerish(n->kids[1]);
    if (!pointer && is_pointerish(n->kids[1]) && op[0] == '+' && !is_pointerish(n->kids[0]))
        return arith(cx, s, n, op, b, a, true);
    return arith(cx, s, n, op, a, b, pointer);
}

aval_t paths_eval_expr(pctx_t *cx, pstate_t *s, cnode_t *n)
{
    if (!n || cx->oom) return paths_eval_unknown();
    switch (n->kind) {
    case CXCursor_UnexposedExpr:
    case CXCursor_ParenExpr:
    case CXCursor_CStyleCastExpr: {
        aval_t last = paths_eval_unknown();
        for (uint32_t i = 0; i < n->kid_count; i++) last = paths_eval_expr(cx, s, n->kids[i]);
        if (n->kid_count == 0) {
            long long v;
            if (c_eval_int(n, &v)) return constant(v);
        }
        return last;
    }
    case CXCursor_IntegerLiteral:
    case CXCursor_CharacterLiteral: {
        long long v;
        return c_eval_int(n, &v) ? constant(v) : paths_eval_unknown();
    }
    case CXCursor_StringLiteral: {
        aval_t a = paths_eval_unknown();
        c_string_literal(cx->unit, n, &a.str_len);
        a.null = 2;
        a.obj = paths_obj_new(cx, s, OBJ_STATIC, ST_NONNULL, n, "string literal");
        if (a.obj >= 0) s->o[a.obj].str_len = a.str_len;
        if (a.obj >= 0) s->o[a.obj].bytes = a.str_len >= 0 ? (a.str_len + 1) * (c_pointee_bytes(n) > 0 ? c_pointee_bytes(n) : 1) : -1;
        return a;
    }
    case CXCursor_DeclRefExpr:
        return eval_ref(cx, s, n);
    case CXCursor_UnaryOperator:
        return eval_unary(cx, s, n);
    case CXCursor_UnaryExpr: { /* sizeof / alignof: operands are not evaluated */
        long long v;
        return c_eval_int(n, &v) ? constant(v) : paths_eval_unknown();
    }
    case CXCursor_ArraySubscriptExpr: {
        if (n->kid_count < 2) return paths_eval_unknown();
        aval_t base = paths_eval_expr(cx, s, n->kids[0]);
        aval_t idx = paths_eval_expr(cx, s, n->kids[1]);
        paths_deref_check(cx, s, base, n, is_written(n) ? "written" : "read");
        index_check(cx, s, n, base, idx);
        paths_contents_access(cx, s, n, base, idx);
        aval_t r = paths_eval_unknown();
        if (base.taint & TAINT) { /* argv[1]: an untrusted string */
            r.taint = base.taint & (TAINT | TAINT_NUMERIC);
            r.taint_var = base.taint_var;
        } else if (base.obj >= 0 && s->o[base.obj].tainted) {
            r.taint = s->o[base.obj].tainted;
            r.taint_obj = base.obj;
        }
        narrow_read(n, &r);
        return r;
    }
    case CXCursor_MemberRefExpr: {
        if (!n->kid_count) return paths_eval_unknown();
        long long offset;
        int agg = field_of_local(n, &offset);
        if (agg >= 0) { /* u.f of a local: its value when this path stored one */
            for (int i = 0; i < s->field_count; i++)
                if (s->fields[i].var == agg && s->fields[i].offset == offset) return value_of(s, &s->fields[i].value);
            return paths_eval_unknown();
        }
        aval_t base = paths_eval_expr(cx, s, n->kids[0]);
        if (n->arrow) {
            paths_deref_check(cx, s, base, n, is_written(n) ? "written" : "read");
            paths_contents_access(cx, s, n, base, constant(0));
        }
        aval_t r = paths_eval_unknown();
        long long bytes = c_array_bytes(n);
        if (bytes > 0) r.null = 2;
        return r;
    }
    case CXCursor_BinaryOperator:
        return eval_binary(cx, s, n);
    case CXCursor_CompoundAssignOperator:
        return n->kid_count >= 2 ? eval_compound_assign(cx, s, n) : paths_eval_unknown();
    case CXCursor_ConditionalOperator: {
        if (n->kid_count < 3) return paths_eval_unknown();
        aval_t c = paths_eval_expr(cx, s, n->kids[0]);
        if (paths_range_known(c.r)) return paths_eval_expr(cx, s, n->kids[c.r.lo ? 1 : 2]);
        bool x_can = true, y_can = true;
        aval_t x = eval_arm(cx, s, n->kids[0], true, n->kids[1], &x_can);
        aval_t y = eval_arm(cx, s, n->kids[0], false, n->kids[2], &y_can);
        if (x_can != y_can) return x_can ? x : y; /* the test decides it on this path */
        aval_t r = paths_eval_unknown();
        if (x.obj == y.obj) {
            r.obj = x.obj;
        } else { /* one value, either object: what they own or hold is no longer followed */
            if (x.obj >= 0 && owned(&s->o[x.obj])) s->o[x.obj].status = ST_ESCAPED;
            if (y.obj >= 0 && owned(&s->o[y.obj])) s->o[y.obj].status = ST_ESCAPED;
            paths_contents_forget(s, x.obj);
            paths_contents_forget(s, y.obj);
        }
        r.r.lo = x.r.lo < y.r.lo ? x.r.lo : y.r.lo; /* tables = rehashing ? 2 : 1 is 1..2 */
        r.r.hi = x.r.hi > y.r.hi ? x.r.hi : y.r.hi;
        /* untrusted when either arm is; checked only as far as every untrusted arm is */
        unsigned checks = 0xff;
        if (x.taint & TAINT) checks &= x.taint;
        if (y.taint & TAINT) checks &= y.taint;
        r.taint = (x.taint | y.taint) & TAINT;
        if (r.taint) r.taint |= checks & (TAINT_LOWER | TAINT_UPPER | TAINT_ZERO | TAINT_NUMERIC);
        r.taint_var = x.taint ? x.taint_var : y.taint_var;
        return r;
    }
    case CXCursor_CallExpr: {
        aval_t r;
        if (!call_through_local(cx, s, n, &r)) r = paths_call_eval(cx, s, n);
        for (uint32_t i = 0; i < c_arg_count(n); i++) { /* f(pp), pp = &p: f may set p */
            cnode_t *a = c_strip(c_arg(n, i));
            if (a && a->kind == CXCursor_DeclRefExpr && a->var >= 0 && a->var < PATH_MAX_VARS && s->v[a->var].addr1)
                local_forget(cx, s, s->v[a->var].addr1 - 1);
        }
        if (s->mtest_count && call_may_write(n)) paths_mtest_forget(s, -1);
        if (unseen_arm_end(cx, n)) {
            s->unseen_call = n;
            s->unseen_seq = ++s->seq;
        }
        /* a library call leaves file-static variables alone; other code may change them */
        if (s->global_count && n->call_model <= 0 && !in_system_header(n)) s->global_count = 0;
        return r;
    }
    default: {
        for (uint32_t i = 0; i < n->kid_count; i++) {
            aval_t k = paths_eval_expr(cx, s, n->kids[i]);
            if (n->kind == CXCursor_InitListExpr) paths_contents_forget(s, k.obj); /* kept in an aggregate */
        }
        long long v;
        if (n->kind != CXCursor_InitListExpr && clang_isExpression(n->kind) && c_eval_int(n, &v))
            return constant(v);
        return paths_eval_unknown();
    }
    }
}

static cnode_t *var_initialiser(cnode_t *decl)
{
    CXCursor init = clang_Cursor_getVarDeclInitializer(decl->cursor);
    if (clang_Cursor_isNull(init)) return NULL;
    for (uint32_t i = 0; i < decl->kid_count; i++)
        if (clang_equalCursors(decl->kids[i]->cursor, init)) return decl->kids[i];
    return decl->kid_count ? decl->kids[decl->kid_count - 1] : NULL;
}

/* ---- inline assembly -------------------------------------------------------------- */

/* How many of a GNU asm statement's operands are outputs, and which of those are also
 * read ("+r"), from its tokens: the operands (the statement's kids) are the outputs, then
 * the inputs; the outputs are the constraint strings between the first and second ':'.
 * -1 when the tokens are not the statement itself (written through a macro). */
#define ASM_MAX_OUTPUTS 32
static int asm_outputs(clang_unit_t *unit, const cnode_t *n, bool read_write[ASM_MAX_OUTPUTS])
{
    CXToken *toks = NULL;
    unsigned count = 0;
    clang_tokenize(unit->tu, clang_getCursorExtent(n->cursor), &toks, &count);
    int outputs = -1, depth = 0, section = 0;
    for (unsigned i = 0; i < count; i++) {
        CXString sp = clang_getTokenSpelling(unit->tu, toks[i]);
        const char *w = clang_getCString(sp) ? clang_getCString(sp) : "";
        CXTokenKind kind = clang_getTokenKind(toks[i]);
        if (i == 0) {
            if (strcmp(w, "asm") && strcmp(w, "__asm__") && strcmp(w, "__asm")) {
                clang_disposeString(sp);
                break;
            }
            outputs = 0;
        } else if (kind == CXToken_Punctuation && (!strcmp(w, "(") || !strcmp(w, "["))) {
            depth++;
        } else if (kind == CXToken_Punctuation && (!strcmp(w, ")") || !strcmp(w, "]"))) {
            depth--;
        } else if (kind == CXToken_Punctuation && depth == 1 && (!strcmp(w, ":") || !strcmp(w, "::"))) {
            section += w[1] ? 2 : 1;
        } else if (kind == CXToken_Literal && w[0] == '"' && depth == 1 && section == 1) {
            if (outputs < ASM_MAX_OUTPUTS) read_write[outputs] = strchr(w, '+') != NULL;
            outputs++;
        }
        clang_disposeString(sp);
        if (section > 1) break;
    }
    clang_disposeTokens(unit->tu, toks, count);
    return outputs;
}

/* `__asm__("cpuid" : "=a"(a), "=b"(b) : "a"(0))`: the outputs are written, not read (a
 * "+r" one is both); the inputs are read. When the outputs cannot be told apart (the
 * statement comes from a macro), every operand counts as written: none is reported. */
static void eval_asm(pctx_t *cx, pstate_t *s, cnode_t *n)
{
    bool read_write[ASM_MAX_OUTPUTS] = {false};
    int outputs = asm_outputs(cx->unit, n, read_write);
    for (uint32_t i = 0; i < n->kid_count; i++) {
        bool output = outputs < 0 || (int)i < outputs;
        if (!output) {
            paths_eval_expr(cx, s, n->kids[i]);
            continue;
        }
        if (outputs >= 0 && i < ASM_MAX_OUTPUTS && read_write[i]) paths_eval_expr(cx, s, n->kids[i]);
        cnode_t *k = c_strip(n->kids[i]);
        if (k && k->kind == CXCursor_DeclRefExpr && k->var >= 0 && k->var < PATH_MAX_VARS) {
            paths_assign_var(cx, s, k->var, paths_eval_unknown(), n);
            continue;
        }
        /* a member, an element or memory through a pointer: the local it belongs to is written */
        while (k && k->kid_count && k->kind != CXCursor_DeclRefExpr &&
               (k->kind == CXCursor_MemberRefExpr || k->kind == CXCursor_ArraySubscriptExpr))
            k = c_strip(k->kids[0]);
        if (k && k->kind == CXCursor_DeclRefExpr && k->var >= 0 && k->var < PATH_MAX_VARS) {
            s->v[k->var].init = 1;
            undecided_clear(s, k->var);
        } else if (k) {
            paths_eval_expr(cx, s, n->kids[i]); /* *p: p is read */
        }
    }
}

void paths_eval_statement(pctx_t *cx, pstate_t *s, cnode_t *n)
{
    if (n->kind == CXCursor_GCCAsmStmt) {
        eval_asm(cx, s, n);
        return;
    }
    if (n->kind == CXCursor_VarDecl) {
        if (n->var < 0 || n->var >= PATH_MAX_VARS) {
            for (uint32_t i = 0; i < n->kid_count; i++) paths_eval_expr(cx, s, n->kids[i]);
            return;
        }
        const cvar_t *cv = &cx->f->vars[n->var];
        cnode_t *init = var_initialiser(n);
        pvar_t *v = &s->v[n->var];
        if (cv->is_array) {
            int o = paths_obj_new(cx, s, cv->is_static ? OBJ_STATIC : OBJ_STACK, ST_NONNULL, n, cv->name);
            if (o >= 0) s->o[o].bytes = cv->array_bytes;
            if (o >= 0 && !init && !cv->is_static && paths_contents_trackable(cv->type)) paths_contents_track(s, o);
            v->obj = (int8_t)o;
            v->init = 1;
            v->null = 2;
            if (init) {
                long long len;
                paths_eval_expr(cx, s, init);
                if (o >= 0 && c_string_literal(cx->unit, init, &len)) s->o[o].str_len = len;
            }
            return;
        }
        if (init) {
            aval_t a = paths_eval_expr(cx, s, init);
            paths_assign_var(cx, s, n->var, a, n);
        } else {
            memset(v, 0, sizeof(*v));
            v->obj = -1;
            v->r = paths_eval_unknown().r;
            CXType t = clang_getCanonicalType(cv->type);
            bool scalar = cv->is_integer || cv->is_pointer || t.kind == CXType_Float || t.kind == CXType_Double;
            /* a struct or union: only a member read reads it (see uninit_check) */
            bool record = t.kind == CXType_Record;
            v->init = (cv->is_static || !(scalar || record)) ? 1 : 0;
        }
        return;
    }
    if (n->kind == CXCursor_ReturnStmt) {
        s->returned_at = n;
        s->has_ret = false;
        if (n->kid_count) {
            aval_t r = paths_eval_expr(cx, s, n->kids[0]);
            s->ret = r;
            s->has_ret = true;
            if (cx->depth > 0) return; /* walked inline: the caller decides what escapes */
            if (r.obj >= 0 && owned(&s->o[r.obj])) s->o[r.obj].status = ST_ESCAPED;
            escape_arms(s, n->kids[0]); /* return grown ? grown : old; */
            cnode_t *k = c_strip(n->kids[0]);
            /* returning the address of a local array or variable */
            if (r.obj >= 0 && s->o[r.obj].kind == OBJ_STACK && k && k->kind != CXCursor_CallExpr &&
                is_pointerish(n->kids[0])) {
                clang_finding_t *f = clang_findings_add(cx->out, "c.clang-return-stack-address", n->range);
                if (f) {
                    snprintf(f->message, sizeof(f->message),
                             "returns the address of stack memory (%s), which is gone once the function returns",
                             s->o[r.obj].what);
                    clang_finding_step(f, s->o[r.obj].site->range, "declared here");
                    clang_finding_step(f, n->range, "returned here");
                }
            }
        }
        return;
    }
    paths_eval_expr(cx, s, n);
}
