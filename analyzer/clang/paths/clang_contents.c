/* clang_contents.c — reads of memory contents that were never written (CWE-457/908).
 *
 * A local array declared without an initialiser, and a block from alloca() or malloc(),
 * holds indeterminate values until something writes them. The path walk tracks, per
 * object (pobj_t), whether its contents have been written and, where it knows the
 * indexes, the written prefix [0, written). A read of bytes past that prefix on this path
 * is reported as c.clang-uninitialized-use. Whatever the walk cannot follow (a write at
 * an unknown index, the pointer stored somewhere or handed to code it does not see) ends
 * the tracking of that object: it then says nothing about it. */
#include "analyzer/clang/paths/clang_paths_int.h"

#include <stdio.h>
#include <string.h>

void paths_contents_track(pstate_t *s, int obj)
{
    if (obj < 0 || obj >= PATH_MAX_OBJS) return;
    pobj_t *o = &s->o[obj];
    o->contents = 1;
    o->contents_skip = 0;
    o->contents_seq = s->seq;
    o->written = 0;
}

bool paths_contents_trackable(CXType array)
{
    CXType elem = clang_getCanonicalType(clang_getArrayElementType(clang_getCanonicalType(array)));
    if (elem.kind == CXType_Invalid || clang_Type_getSizeOf(elem) <= 0) return false;
    if (elem.kind == CXType_ConstantArray || elem.kind == CXType_IncompleteArray || elem.kind == CXType_VariableArray)
        return false;
    if (elem.kind == CXType_Record) {
        CXCursor decl = clang_getTypeDeclaration(elem);
        CXSourceLocation at = clang_getCursorLocation(decl);
        CXFile file = NULL;
        clang_getExpansionLocation(at, &file, NULL, NULL, NULL);
        if (!file || clang_Location_isInSystemHeader(at)) return false;
    }
    return true;
}

void paths_contents_forget(pstate_t *s, int obj)
{
    if (obj >= 0 && obj < PATH_MAX_OBJS) s->o[obj].contents = 0;
}

/* ---- what an access does ------------------------------------------------------------ */

typedef enum { ACC_READ, ACC_WRITE, ACC_UPDATE, ACC_ADDRESS, ACC_NONE } access_t;

static bool is_array_type(CXType t)
{
    t = clang_getCanonicalType(t);
    return t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray || t.kind == CXType_VariableArray ||
           t.kind == CXType_DependentSizedArray;
}

/* What the code around the element access n does with the element: climbs through
 * parentheses, implicit casts and `.` members (a member of the element is part of it),
 * counting the members in *members. */
static access_t access_members(const cnode_t *n, int *members)
{
    const cnode_t *c = n, *p = n->parent;
    *members = 0;
    for (;;) {
        while (p && (p->kind == CXCursor_ParenExpr || (p->kind == CXCursor_UnexposedExpr && p->kid_count == 1))) {
            c = p;
            p = p->parent;
        }
        if (p && p->kind == CXCursor_MemberRefExpr && !p->arrow && p->kid_count && p->kids[0] == c) {
            ++*members;
            c = p;
            p = p->parent;
            if (is_array_type(clang_getCursorType(c->cursor))) return ACC_ADDRESS; /* e.v[k]: decays */
            continue;
        }
        break;
    }
    if (is_array_type(clang_getCursorType(c->cursor))) return ACC_ADDRESS; /* a sub-array decays */
    if (!p) return ACC_READ;
    /* an operator whose spelling was not found (inside a macro): nothing known */
    if ((p->kind == CXCursor_BinaryOperator || p->kind == CXCursor_CompoundAssignOperator ||
         p->kind == CXCursor_UnaryOperator) && !p->op[0])
        return ACC_ADDRESS;
    if (p->kind == CXCursor_BinaryOperator && !strcmp(p->op, "=") && p->kid_count && p->kids[0] == c)
        return ACC_WRITE;
    if (p->kind == CXCursor_CompoundAssignOperator && p->kid_count && p->kids[0] == c) return ACC_UPDATE;
    if (p->kind == CXCursor_UnaryOperator && (!strcmp(p->op, "++") || !strcmp(p->op, "--"))) return ACC_UPDATE;
    if (p->kind == CXCursor_UnaryOperator && !strcmp(p->op, "&")) return ACC_ADDRESS;
    if (p->kind == CXCursor_UnaryExpr) return ACC_NONE; /* sizeof, alignof */
    return ACC_READ;
}

static access_t access_of(const cnode_t *n)
{
    int members;
    return access_members(n, &members);
}

bool paths_contents_member_read(const cnode_t *n)
{
    int members;
    access_t acc = access_members(n, &members);
    return members > 0 && (acc == ACC_READ || acc == ACC_UPDATE);
}

/* ---- reports ------------------------------------------------------------------------ */

/* When clang cannot type an expression (a header missing, an unknown macro) it drops it,
 * and a write of the array with it (`n = fill(buf)` lost from a declaration). So before
 * reporting, the uses of the name in the function's text are counted against the
 * references the AST shows: more in the text means the AST lost some, and nothing is
 * said. */
static int ast_refs(const cnode_t *n, const char *name)
{
    int k = (n->kind == CXCursor_DeclRefExpr || n->kind == CXCursor_VarDecl) && n->name && !strcmp(n->name, name);
    for (uint32_t i = 0; i < n->kid_count; i++) k += ast_refs(n->kids[i], name);
    return k;
}

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int text_refs(const char *t, size_t start, size_t end, const char *name)
{
    size_t len = strlen(name);
    int k = 0;
    for (size_t p = start; p < end;) {
        char c = t[p];
        if (c == '"' || c == '\'') { /* literals */
            for (p++; p < end && t[p] != c; p++)
                if (t[p] == '\\') p++;
            p++;
            continue;
        }
        if (c == '/' && p + 1 < end && t[p + 1] == '/') {
            while (p < end && t[p] != '\n') p++;
            continue;
        }
        if (c == '/' && p + 1 < end && t[p + 1] == '*') {
            for (p += 2; p + 1 < end && !(t[p] == '*' && t[p + 1] == '/'); p++) continue;
            p += 2;
            continue;
        }
        if (!ident_char(c)) {
            p++;
            continue;
        }
        size_t q = p;
        while (q < end && ident_char(t[q])) q++;
        size_t b = p;
        while (b > start && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '\n')) b--;
        bool member = b > start && (t[b - 1] == '.' || (t[b - 1] == '>' && b >= start + 2 && t[b - 2] == '-'));
        if (q - p == len && !memcmp(t + p, name, len) && !member) k++;
        p = q;
    }
    return k;
}

bool paths_contents_uses_lost(pctx_t *cx, const char *name)
{
    const cnode_t *decl = cx->f->decl, *body = cx->f->body;
    const char *t = cx->unit->text;
    if (!name || !t || !body || body->range.end_byte > cx->unit->text_size ||
        decl->range.start_byte >= body->range.end_byte)
        return false;
    return text_refs(t, decl->range.start_byte, body->range.end_byte, name) > ast_refs(decl, name);
}

static bool declared_array(const pobj_t *o)
{
    return o->site && o->site->kind == CXCursor_VarDecl;
}

/* vague: the place read is not known (an unknown index or a moved pointer); such a read
 * under a test the walk cannot decide may rest on it (`rank[i + 1]` where i's first value
 * is the one the test excludes): low certainty. */
static void report_unwritten(pctx_t *cx, pstate_t *s, int obj, cnode_t *at, const char *name, const char *by,
                             bool vague)
{
    pobj_t *o = &s->o[obj];
    bool silent = (o->contents_skip & CSKIP_SILENT) || (declared_array(o) && paths_contents_uses_lost(cx, o->what));
    o->contents = 0; /* once per path */
    if (silent || cx->out->muted) return;
    char why[200];
    const char *low = NULL;
    const cnode_t *guard = paths_guard_after(s, at, o->contents_seq);
    if (o->contents_skip & CSKIP_TESTED) {
        low = "the path skips a write under a test the analysis cannot decide, then passes another: they may be "
              "correlated";
    } else if (o->contents_skip & CSKIP_LOOP) {
        low = "a loop whose length the analysis does not know writes it; the path leaves that loop early";
    } else if (vague && guard) {
        snprintf(why, sizeof(why), "the element read is not known, under '%.38s', which the analysis cannot decide",
                 c_text(cx->unit, guard));
        low = why;
    } else if (guard) {
        snprintf(why, sizeof(why), "runs only on one outcome of '%.38s', which the analysis cannot decide",
                 c_text(cx->unit, guard));
        low = why;
    } else if (cx->depth > 0) {
        low = "read in a called function walked with the caller's buffer; the caller's tests that may have filled "
              "it are not in view";
    }
    clang_finding_t *f = paths_finding_graded(cx, "c.clang-uninitialized-use", at->range, low);
    if (!f) return;
    f->cwe = declared_array(o) ? 457 : 908;
    const char *what = !o->what ? "?" : strncmp(o->what, "__builtin_", 10) ? o->what : o->what + 10;
    if (by && !declared_array(o))
        snprintf(f->message, sizeof(f->message), "memory from %s() is read by %s() before any value is written to it",
                 what, by);
    else if (by)
        snprintf(f->message, sizeof(f->message), "'%s' is read by %s() before any value is written to it", name, by);
    else
        snprintf(f->message, sizeof(f->message), "'%s' is read before any value is written to it", name);
    if (declared_array(o))
        clang_finding_step(f, o->site->range, "'%s' declared without an initialiser here", o->what);
    else
        clang_finding_step(f, o->site->range, "allocated by %s() here; its contents are not initialised", what);
    clang_finding_step(f, at->range, "read here");
    clang_finding_fact(f, "variable", "%s", name);
    if (o->written > 0) clang_finding_fact(f, "written_bytes", "%d", (int)o->written);
}

/* How the read element is named: `data[5]` when the index is known, else its text. */
static const char *element_name(pctx_t *cx, cnode_t *n, aval_t idx, char *buf, size_t size)
{
    if (n->kind == CXCursor_ArraySubscriptExpr && n->kid_count == 2 && paths_range_known(idx.r)) {
        snprintf(buf, size, "%.60s[%lld]", c_text(cx->unit, c_strip(n->kids[0])), idx.r.lo);
        return buf;
    }
    snprintf(buf, size, "%.80s", c_text(cx->unit, n));
    return buf;
}

void paths_contents_access(pctx_t *cx, pstate_t *s, cnode_t *n, aval_t base, aval_t idx)
{
    if (base.obj < 0 || base.obj >= PATH_MAX_OBJS || !s->o[base.obj].contents) return;
    pobj_t *o = &s->o[base.obj];
    access_t acc = access_of(n);
    if (acc == ACC_NONE) return;
    if (acc == ACC_ADDRESS) { /* whoever gets the address may write through it */
        o->contents = 0;
        return;
    }
    /* p->m reads or writes part of the element p points to: counted as the whole one */
    long long elem = n->kind == CXCursor_MemberRefExpr && n->kid_count
                         ? c_pointee_bytes(n->kids[0])
                         : clang_Type_getSizeOf(clang_getCanonicalType(clang_getCursorType(n->cursor)));
    /* the bytes the access may touch, [lo, hi), when the walk knows them */
    long long lo = -1, hi = -1;
    if (!base.offset && elem > 0 && idx.r.lo >= 0 && idx.r.lo != RANGE_MIN && idx.r.hi != RANGE_MAX &&
        idx.r.hi < RANGE_MAX / elem - 1) {
        lo = idx.r.lo * elem;
        hi = (idx.r.hi + 1) * elem;
    }
    if (acc == ACC_READ || acc == ACC_UPDATE) {
        bool past_end = o->bytes > 0 && hi > o->bytes; /* an over-read: another rule's */
        bool unwritten = o->written == 0 || (lo >= 0 && lo >= o->written);
        if (unwritten && !past_end) {
            char name[128];
            report_unwritten(cx, s, base.obj, n, element_name(cx, n, idx, name, sizeof(name)), NULL, lo < 0);
            return;
        }
    }
    if (acc == ACC_WRITE || acc == ACC_UPDATE) {
        if (lo >= 0 && paths_range_known(idx.r) && lo <= o->written && hi <= INT32_MAX) {
            if (hi > o->written) o->written = (int32_t)hi;
        } else if (!(lo >= 0 && hi <= o->written)) {
            o->contents = 0; /* a gap or an unknown place: no longer a prefix */
        }
    }
}

void paths_contents_read_call(pctx_t *cx, pstate_t *s, aval_t p, cnode_t *call, const char *fn)
{
    if (p.obj < 0 || p.obj >= PATH_MAX_OBJS || !s->o[p.obj].contents || s->o[p.obj].written > 0) return;
    report_unwritten(cx, s, p.obj, call, s->o[p.obj].what ? s->o[p.obj].what : "?", fn, false);
}

void paths_contents_write_call(pstate_t *s, aval_t p, long long bytes)
{
    if (p.obj < 0 || p.obj >= PATH_MAX_OBJS || !s->o[p.obj].contents) return;
    pobj_t *o = &s->o[p.obj];
    if (p.offset || bytes < 0 || bytes > INT32_MAX) o->contents = 0;
    else if (bytes > o->written) o->written = (int32_t)bytes;
}

/* ---- branches the walk could not decide ---------------------------------------------- */

/* True when n names, below parentheses, casts, subscripts, members and dereferences, a
 * local that points to obj: the root of `buf[i].x`, `*(p + 1)`, `(char *)buf`. */
static bool rooted_in(const cnode_t *n, const pstate_t *s, int obj)
{
    while (n && n->kid_count >= 1 &&
           (n->kind == CXCursor_ParenExpr || n->kind == CXCursor_UnexposedExpr || n->kind == CXCursor_CStyleCastExpr ||
            n->kind == CXCursor_ArraySubscriptExpr || n->kind == CXCursor_MemberRefExpr ||
            (n->kind == CXCursor_UnaryOperator && strcmp(n->op, "&") != 0) ||
            (n->kind == CXCursor_BinaryOperator && (n->op[0] == '+' || n->op[0] == '-'))))
        n = n->kids[0];
    return n && n->kind == CXCursor_DeclRefExpr && n->var >= 0 && n->var < PATH_MAX_VARS && s->v[n->var].obj == obj;
}

static bool names_obj(const cnode_t *n, const pstate_t *s, int obj)
{
    if (n->kind == CXCursor_DeclRefExpr && n->var >= 0 && n->var < PATH_MAX_VARS && s->v[n->var].obj == obj)
        return true;
    for (uint32_t i = 0; i < n->kid_count; i++)
        if (names_obj(n->kids[i], s, obj)) return true;
    return false;
}

/* True when the subtree may write obj's contents: an assignment, ++ or -- of an lvalue
 * rooted in it, its address taken, or a call given a pointer into it. */
static bool writes_obj(const cnode_t *n, const pstate_t *s, int obj)
{
    if (((n->kind == CXCursor_BinaryOperator && (!strcmp(n->op, "=") || !n->op[0])) ||
         n->kind == CXCursor_CompoundAssignOperator ||
         (n->kind == CXCursor_UnaryOperator && strcmp(n->op, "*") != 0 && strcmp(n->op, "!") != 0 &&
          strcmp(n->op, "-") != 0 && strcmp(n->op, "~") != 0)) &&
        n->kid_count && rooted_in(n->kids[0], s, obj))
        return true;
    if (n->kind == CXCursor_CallExpr)
        for (uint32_t i = 1; i < n->kid_count; i++)
            if (names_obj(n->kids[i], s, obj)) return true;
    for (uint32_t i = 0; i < n->kid_count; i++)
        if (writes_obj(n->kids[i], s, obj)) return true;
    return false;
}

static bool is_loop(const cnode_t *n)
{
    return n->kind == CXCursor_ForStmt || n->kind == CXCursor_WhileStmt || n->kind == CXCursor_DoStmt;
}

void paths_contents_branch(pctx_t *cx, pstate_t *s, cnode_t *cond, bool outcome, bool opaque)
{
    (void)cx;
    for (int i = 0; i < PATH_MAX_OBJS; i++)
        if (s->o[i].used && (s->o[i].contents_skip & CSKIP_UNDECIDED)) s->o[i].contents_skip |= CSKIP_TESTED;
    /* up through parentheses, `!` (which flips the outcome) and && / || while this
     * outcome decides the whole condition (a short circuit, or the right operand) */
    cnode_t *child = cond, *p = cond->parent;
    while (p && (p->kind == CXCursor_ParenExpr || (p->kind == CXCursor_UnexposedExpr && p->kid_count == 1) ||
                 (p->kind == CXCursor_UnaryOperator && !strcmp(p->op, "!")) ||
                 (p->kind == CXCursor_BinaryOperator && (!strcmp(p->op, "&&") || !strcmp(p->op, "||"))))) {
        if (p->kind == CXCursor_UnaryOperator) {
            outcome = !outcome;
        } else if (p->kind == CXCursor_BinaryOperator && p->kid_count == 2 && p->kids[0] == child) {
            bool short_circuit = p->op[0] == '|' ? outcome : !outcome;
            if (!short_circuit) return; /* the right operand decides: its own branch */
        }
        child = p;
        p = p->parent;
    }
    if (!p || !p->kid_count) return;
    const cnode_t *untaken = NULL, *taken = NULL;
    uint8_t flag = opaque ? CSKIP_SILENT : CSKIP_UNDECIDED;
    if (p->kind == CXCursor_IfStmt && p->kid_count >= 2 && p->kids[0] == child) {
        const cnode_t *then_arm = p->kids[1], *else_arm = p->kid_count >= 3 ? p->kids[2] : NULL;
        untaken = outcome ? else_arm : then_arm;
        taken = outcome ? then_arm : else_arm;
    } else if (is_loop(p) && !outcome) {
        const cnode_t *body = p->kids[p->kind == CXCursor_DoStmt ? 0 : p->kid_count - 1];
        if (body == child) return;
        /* left a loop of a length the walk does not know: the body may have run more */
        untaken = body;
        flag = CSKIP_LOOP;
    }
    if (!untaken) return;
    for (int i = 0; i < PATH_MAX_OBJS; i++) {
        if (!s->o[i].used || !s->o[i].contents) continue;
        if (writes_obj(untaken, s, i) && !(taken && writes_obj(taken, s, i))) s->o[i].contents_skip |= flag;
    }
}
