/* clang_cfg.c — builds a function's control-flow graph from its mirrored AST.
 *
 * The builder walks statements with a "current block": each statement appends to it or
 * ends it and returns the block where control continues (-1 when nothing falls through:
 * after return, break, goto). Loop and switch statements push their break/continue
 * targets; gotos are patched once every label is known. */
#include "analyzer/clang/clang_cfg.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    cnode_t **stmts;
    size_t stmt_count, stmt_cap;
    cnode_t *cond, *switch_value;
    cedge_t *edges;
    size_t edge_count, edge_cap;
} bblock_t;

typedef struct {
    const char *name;
    int block;
} label_t;

typedef struct {
    clang_unit_t *unit;
    bblock_t *blocks;
    size_t count, cap;
    int break_target, continue_target, switch_block;
    int has_default;
    label_t *labels;
    size_t label_count, label_cap;
    label_t *gotos; /* name -> block holding the goto */
    size_t goto_count, goto_cap;
    int failed;
} cfg_builder_t;

static const char *const noreturn_calls[] = {"exit", "abort", "_exit", "_Exit", "quick_exit",
                                             "longjmp", "siglongjmp", "err", "errx", "verr",
                                             "verrx", "__assert_fail", "pthread_exit",
                                             "__builtin_trap", "__builtin_unreachable", NULL};

bool clang_cfg_is_noreturn(const char *callee)
{
    if (!callee) return false;
    for (size_t i = 0; noreturn_calls[i]; i++)
        if (strcmp(callee, noreturn_calls[i]) == 0) return true;
    return false;
}

static int grow(void **items, size_t *cap, size_t count, size_t size)
{
    if (count < *cap) return 0;
    size_t n = *cap ? *cap * 2 : 4;
    void *p = realloc(*items, n * size);
    if (!p) return -1;
    *items = p;
    *cap = n;
    return 0;
}

static int block_new(cfg_builder_t *b)
{
    if (grow((void **)&b->blocks, &b->cap, b->count, sizeof(bblock_t))) {
        b->failed = 1;
        return 1; /* the exit block: harmless while failing */
    }
    memset(&b->blocks[b->count], 0, sizeof(bblock_t));
    return (int)b->count++;
}

static void edge_add(cfg_builder_t *b, int from, int to, edge_kind_t kind, cnode_t *case_value)
{
    if (from < 0 || to < 0) return;
    bblock_t *blk = &b->blocks[from];
    if (grow((void **)&blk->edges, &blk->edge_cap, blk->edge_count, sizeof(cedge_t))) {
        b->failed = 1;
        return;
    }
    blk->edges[blk->edge_count++] = (cedge_t){to, kind, case_value};
}

static void stmt_add(cfg_builder_t *b, int block, cnode_t *n)
{
    bblock_t *blk = &b->blocks[block];
    if (grow((void **)&blk->stmts, &blk->stmt_cap, blk->stmt_count, sizeof(cnode_t *))) {
        b->failed = 1;
        return;
    }
    blk->stmts[blk->stmt_count++] = n;
}

static int build_stmt(cfg_builder_t *b, cnode_t *s, int cur);

/* Branches from cur on cond to t / f, splitting &&, || and !. */
static void build_cond(cfg_builder_t *b, cnode_t *cond, int cur, int t, int f)
{
    cnode_t *c = cond;
    while (c && (c->kind == CXCursor_ParenExpr || (c->kind == CXCursor_UnexposedExpr && c->kid_count == 1)))
        c = c->kids[c->kid_count - 1];
    /* likely(x) / unlikely(x): __builtin_expect(!!(x), k) has the value of its first
     * argument, so the branch tests that (redis' assert, the kernel's likely()) */
    if (c && c->kind == CXCursor_CallExpr && c->name && strcmp(c->name, "__builtin_expect") == 0 &&
        c_arg_count(c) == 2) {
        build_cond(b, c_arg(c, 0), cur, t, f);
        return;
    }
    if (c && c->kind == CXCursor_BinaryOperator && c->kid_count == 2 &&
        (strcmp(c->op, "&&") == 0 || strcmp(c->op, "||") == 0)) {
        int mid = block_new(b);
        if (c->op[0] == '&') build_cond(b, c->kids[0], cur, mid, f);
        else build_cond(b, c->kids[0], cur, t, mid);
        build_cond(b, c->kids[1], mid, t, f);
        return;
    }
    if (c && c->kind == CXCursor_UnaryOperator && strcmp(c->op, "!") == 0 && c->kid_count == 1) {
        build_cond(b, c->kids[0], cur, f, t);
        return;
    }
    if (b->blocks[cur].cond || b->blocks[cur].edge_count) { /* keep one terminator per block */
        int fresh = block_new(b);
        edge_add(b, cur, fresh, EDGE_ALWAYS, NULL);
        cur = fresh;
    }
    b->blocks[cur].cond = c ? c : cond;
    edge_add(b, cur, t, EDGE_TRUE, NULL);
    edge_add(b, cur, f, EDGE_FALSE, NULL);
}

/* Ensures there is a block to append to (code after return/break is unreachable but is
 * still given a block, so labels inside it work). */
static int live(cfg_builder_t *b, int cur)
{
    return cur >= 0 ? cur : block_new(b);
}

/* for (init; cond; inc) body: libclang omits missing parts, so each child is placed by
 * where it starts relative to the two semicolons of the header. */
static void for_parts(cfg_builder_t *b, cnode_t *s, cnode_t **init, cnode_t **cond, cnode_t **inc,
                      cnode_t **body)
{
    *init = *cond = *inc = *body = NULL;
    const char *text = b->unit->text;
    uint32_t semi[2] = {0, 0}, close = 0;
    int found = 0;
    if (text && s->range.end_byte <= b->unit->text_size) {
        uint32_t i = s->range.start_byte;
        while (i < s->range.end_byte && text[i] != '(') i++;
        int depth = 0;
        for (; i < s->range.end_byte; i++) {
            char ch = text[i];
            if (ch == '"' || ch == '\'') {
                for (i++; i < s->range.end_byte && text[i] != ch; i++)
                    if (text[i] == '\\') i++;
                continue;
            }
            if (ch == '(') depth++;
            else if (ch == ')' && --depth == 0) { close = i; break; }
            else if (ch == ';' && depth == 1 && found < 2) semi[found++] = i;
        }
    }
    if (found < 2 || !close) { /* header from a macro: assume the full form by order */
        uint32_t k = 0;
        if (s->kid_count == 4) { *init = s->kids[k++]; *cond = s->kids[k++]; *inc = s->kids[k++]; }
        if (s->kid_count) *body = s->kids[s->kid_count - 1];
        return;
    }
    for (uint32_t k = 0; k < s->kid_count; k++) {
        cnode_t *kid = s->kids[k];
        uint32_t at = kid->range.start_byte;
        if (at < semi[0]) *init = kid;
        else if (at < semi[1]) *cond = kid;
        else if (at < close) *inc = kid;
        else *body = kid;
    }
}

static int build_loop_body(cfg_builder_t *b, cnode_t *body, int start, int brk, int cont)
{
    int saved_b = b->break_target, saved_c = b->continue_target;
    b->break_target = brk;
    b->continue_target = cont;
    int end = body ? build_stmt(b, body, start) : start;
    b->break_target = saved_b;
    b->continue_target = saved_c;
    return end;
}

static enum CXChildVisitResult find_body(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    if (c.kind != CXCursor_CompoundStmt) return CXChildVisit_Continue;
    *(CXCursor *)data = c;
    return CXChildVisit_Break;
}

static enum CXChildVisitResult find_noreturn_attr(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    if (!clang_isAttribute(c.kind)) return CXChildVisit_Continue;
    CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
    for (unsigned i = 0; i < n; i++) {
        CXString t = clang_getTokenSpelling(tu, toks[i]);
        const char *w = clang_getCString(t);
        if (w && (!strcmp(w, "_Noreturn") || !strcmp(w, "noreturn") || !strcmp(w, "__noreturn__")))
            *(bool *)data = true;
        clang_disposeString(t);
    }
    clang_disposeTokens(tu, toks, n);
    return *(bool *)data ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* True when the declaration of callee says it never returns: __attribute__((noreturn))
 * shows in the function's type, _Noreturn as an attribute. */
static bool declared_noreturn(CXCursor callee)
{
    CXString t = clang_getTypeSpelling(clang_getCursorType(callee));
    bool noreturn = strstr(clang_getCString(t) ? clang_getCString(t) : "", "noreturn") != NULL;
    clang_disposeString(t);
    if (!noreturn) clang_visitChildren(callee, find_noreturn_attr, &noreturn);
    return noreturn;
}

static bool function_never_returns(CXCursor callee, int depth);

static enum CXChildVisitResult find_return(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    if (c.kind == CXCursor_ReturnStmt) {
        *(bool *)data = true;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Recurse;
}

typedef struct {
    int depth;
    bool ends;
} body_scan_t;

/* A statement of a function's outermost block that never comes back: a call to exit(),
 * abort(), or a function of the same kind. */
static enum CXChildVisitResult find_final_call(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    body_scan_t *scan = data;
    if (c.kind != CXCursor_CallExpr) return CXChildVisit_Continue;
    CXCursor callee = clang_getCursorReferenced(c);
    if (clang_Cursor_isNull(callee) || callee.kind != CXCursor_FunctionDecl) return CXChildVisit_Continue;
    CXString name = clang_getCursorSpelling(callee);
    bool ends = clang_cfg_is_noreturn(clang_getCString(name));
    clang_disposeString(name);
    if (!ends) ends = function_never_returns(callee, scan->depth + 1);
    if (ends) {
        scan->ends = true;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Continue;
}

/* A function that never returns by its declaration, or (a helper of the same file, a
 * `die()` or `oom()`) by its definition: its outermost block calls such a function as a
 * statement and the body has no return statement. */
static bool function_never_returns(CXCursor callee, int depth)
{
    if (declared_noreturn(callee)) return true;
    if (depth > 2) return false;
    CXCursor def = clang_getCursorDefinition(callee);
    if (clang_Cursor_isNull(def) || def.kind != CXCursor_FunctionDecl ||
        clang_getCursorResultType(def).kind != CXType_Void)
        return false;
    CXCursor body = clang_getNullCursor();
    clang_visitChildren(def, find_body, &body);
    if (clang_Cursor_isNull(body)) return false;
    body_scan_t scan = {depth, false};
    clang_visitChildren(body, find_final_call, &scan);
    if (!scan.ends) return false;
    bool returns = false;
    clang_visitChildren(body, find_return, &returns);
    return !returns;
}

/* A call that never returns: one the C library or a declaration says never returns, a
 * helper of this file that always ends in one, and error()/error_at_line() with a non-zero
 * constant status (they exit). */
static bool call_never_returns(const cnode_t *c)
{
    if (clang_cfg_is_noreturn(c->name)) return true;
    long long status;
    if (c->name && (!strcmp(c->name, "error") || !strcmp(c->name, "error_at_line")) && c_arg_count(c) >= 2 &&
        c_eval_int(c_arg(c, 0), &status) && status != 0)
        return true;
    CXCursor callee = clang_getCursorReferenced(c->cursor);
    if (clang_Cursor_isNull(callee) || callee.kind != CXCursor_FunctionDecl) return false;
    return function_never_returns(callee, 0);
}

/* True when evaluating the expression never comes back: a call that does not return, or
 * an operator that evaluates such a call unconditionally (`panic(...), unreachable()`,
 * the shape of many projects' panic macros). */
static bool never_returns(cnode_t *e)
{
    cnode_t *c = c_strip(e);
    if (!c) return false;
    if (c->kind == CXCursor_CallExpr) return call_never_returns(c);
    if (c->kind == CXCursor_BinaryOperator && c->kid_count == 2) {
        if (!strcmp(c->op, "&&") || !strcmp(c->op, "||")) return never_returns(c->kids[0]);
        return never_returns(c->kids[0]) || never_returns(c->kids[1]);
    }
    return false;
}

/* A comma at statement level: only `,` takes a void operand, and macros hide the token. */
static bool is_comma(const cnode_t *c)
{
    if (c->kind != CXCursor_BinaryOperator || c->kid_count != 2) return false;
    if (!strcmp(c->op, ",")) return true;
    for (uint32_t i = 0; i < 2; i++)
        if (clang_getCanonicalType(clang_getCursorType(c->kids[i]->cursor)).kind == CXType_Void) return true;
    return false;
}

/* An expression used as a statement: `a, b` runs as two statements, `c ? x : y` as an
 * if/else (assert-style macros: `e ? (void)0 : (fail(...), abort())`), and a GNU statement
 * expression `({ ... })` as its block (glibc's assert). Everything else is one statement. */
static int build_expr_stmt(cfg_builder_t *b, cnode_t *s, int cur)
{
    cnode_t *c = c_strip(s);
    while (c && c->kind == CXCursor_UnaryOperator && c->kid_count == 1 && !c->op[0] &&
           c_strip(c->kids[0]) && c_strip(c->kids[0])->kind == CXCursor_StmtExpr)
        c = c_strip(c->kids[0]); /* __extension__ ({ ... }) */
    if (c && c->kind == CXCursor_StmtExpr && c->kid_count == 1 && c->kids[0]->kind == CXCursor_CompoundStmt)
        return build_stmt(b, c->kids[0], cur);
    if (c && is_comma(c)) {
        cur = build_expr_stmt(b, c->kids[0], cur);
        return cur < 0 ? -1 : build_expr_stmt(b, c->kids[1], cur);
    }
    if (c && c->kind == CXCursor_ConditionalOperator && c->kid_count == 3) {
        int then_b = block_new(b), else_b = block_new(b), join = block_new(b);
        build_cond(b, c->kids[0], cur, then_b, else_b);
        edge_add(b, build_expr_stmt(b, c->kids[1], then_b), join, EDGE_ALWAYS, NULL);
        edge_add(b, build_expr_stmt(b, c->kids[2], else_b), join, EDGE_ALWAYS, NULL);
        return join;
    }
    stmt_add(b, cur, s);
    if (never_returns(s)) {
        edge_add(b, cur, 1, EDGE_NORETURN, NULL);
        return -1;
    }
    return cur;
}

typedef struct {
    const bblock_t *sw;
    bool all;
} enum_cover_t;

static enum CXChildVisitResult enumerator_covered(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    enum_cover_t *e = data;
    if (c.kind != CXCursor_EnumConstantDecl) return CXChildVisit_Continue;
    long long value = clang_getEnumConstantDeclValue(c);
    bool found = false;
    for (size_t i = 0; i < e->sw->edge_count && !found; i++) {
        long long v;
        found = e->sw->edges[i].kind == EDGE_CASE && c_eval_int(e->sw->edges[i].case_value, &v) && v == value;
    }
    if (!found) e->all = false;
    return found ? CXChildVisit_Continue : CXChildVisit_Break;
}

/* True when a switch without default has a case for every value of the enum it switches
 * on: compilers warn about a missing one (-Wswitch), so no other value is expected. */
static bool covers_enum(const bblock_t *sw, cnode_t *value)
{
    cnode_t *v = c_strip(value);
    if (!v) return false;
    CXType t = clang_getCanonicalType(clang_getCursorType(v->cursor));
    if (t.kind != CXType_Enum) return false;
    CXCursor decl = clang_getTypeDeclaration(t);
    if (clang_Cursor_isNull(decl)) return false;
    enum_cover_t e = {sw, true};
    clang_visitChildren(decl, enumerator_covered, &e);
    return e.all;
}

static int build_stmt(cfg_builder_t *b, cnode_t *s, int cur)
{
    if (b->failed || !s) return cur;
    switch (s->kind) {
    case CXCursor_CompoundStmt:
        for (uint32_t i = 0; i < s->kid_count; i++) {
            cnode_t *k = s->kids[i];
            if (cur < 0 && k->kind != CXCursor_LabelStmt && k->kind != CXCursor_CaseStmt &&
                k->kind != CXCursor_DefaultStmt)
                cur = block_new(b);
            cur = build_stmt(b, k, cur);
        }
        return cur;
    case CXCursor_DeclStmt:
        cur = live(b, cur);
        for (uint32_t i = 0; i < s->kid_count; i++)
            if (s->kids[i]->kind == CXCursor_VarDecl) stmt_add(b, cur, s->kids[i]);
        return cur;
    case CXCursor_IfStmt: {
        cur = live(b, cur);
        if (s->kid_count < 2) return cur;
        int then_b = block_new(b), join = block_new(b);
        int else_b = s->kid_count >= 3 ? block_new(b) : join;
        build_cond(b, s->kids[0], cur, then_b, else_b);
        int t_end = build_stmt(b, s->kids[1], then_b);
        edge_add(b, t_end, join, EDGE_ALWAYS, NULL);
        if (s->kid_count >= 3) {
            int e_end = build_stmt(b, s->kids[2], else_b);
            edge_add(b, e_end, join, EDGE_ALWAYS, NULL);
        }
        return join;
    }
    case CXCursor_WhileStmt: {
        cur = live(b, cur);
        if (s->kid_count < 2) return cur;
        int head = block_new(b), body = block_new(b), exit_b = block_new(b);
        edge_add(b, cur, head, EDGE_ALWAYS, NULL);
        build_cond(b, s->kids[0], head, body, exit_b);
        int end = build_loop_body(b, s->kids[1], body, exit_b, head);
        edge_add(b, end, head, EDGE_ALWAYS, NULL);
        return exit_b;
    }
    case CXCursor_DoStmt: {
        cur = live(b, cur);
        if (s->kid_count < 2) return cur;
        int body = block_new(b), test = block_new(b), exit_b = block_new(b);
        edge_add(b, cur, body, EDGE_ALWAYS, NULL);
        int end = build_loop_body(b, s->kids[0], body, exit_b, test);
        edge_add(b, end, test, EDGE_ALWAYS, NULL);
        build_cond(b, s->kids[1], test, body, exit_b);
        return exit_b;
    }
    case CXCursor_ForStmt: {
        cur = live(b, cur);
        cnode_t *init, *cond, *inc, *body_n;
        for_parts(b, s, &init, &cond, &inc, &body_n);
        if (init) cur = build_stmt(b, init, cur);
        cur = live(b, cur);
        int head = block_new(b), body = block_new(b), step = block_new(b), exit_b = block_new(b);
        edge_add(b, cur, head, EDGE_ALWAYS, NULL);
        if (cond) build_cond(b, cond, head, body, exit_b);
        else edge_add(b, head, body, EDGE_ALWAYS, NULL);
        int end = build_loop_body(b, body_n, body, exit_b, step);
        edge_add(b, end, step, EDGE_ALWAYS, NULL);
        if (inc) stmt_add(b, step, inc);
        edge_add(b, step, head, EDGE_ALWAYS, NULL);
        return exit_b;
    }
    case CXCursor_SwitchStmt: {
        cur = live(b, cur);
        if (s->kid_count < 2) return cur;
        int sw = cur;
        if (b->blocks[sw].cond || b->blocks[sw].edge_count) {
            sw = block_new(b);
            edge_add(b, cur, sw, EDGE_ALWAYS, NULL);
        }
        b->blocks[sw].switch_value = s->kids[0];
        int exit_b = block_new(b);
        int saved_sw = b->switch_block, saved_brk = b->break_target, saved_def = b->has_default;
        b->switch_block = sw;
        b->break_target = exit_b;
        b->has_default = 0;
        int end = build_stmt(b, s->kids[s->kid_count - 1], -1);
        edge_add(b, end, exit_b, EDGE_ALWAYS, NULL);
        if (!b->has_default && !covers_enum(&b->blocks[sw], s->kids[0]))
            edge_add(b, sw, exit_b, EDGE_DEFAULT, NULL);
        b->switch_block = saved_sw;
        b->break_target = saved_brk;
        b->has_default = saved_def;
        return exit_b;
    }
    case CXCursor_CaseStmt:
    case CXCursor_DefaultStmt: {
        int blk = block_new(b);
        edge_add(b, cur, blk, EDGE_ALWAYS, NULL); /* fall through from the previous case */
        if (b->switch_block >= 0) {
            if (s->kind == CXCursor_CaseStmt)
                edge_add(b, b->switch_block, blk, EDGE_CASE, s->kid_count ? s->kids[0] : NULL);
            else {
                edge_add(b, b->switch_block, blk, EDGE_DEFAULT, NULL);
                b->has_default = 1;
            }
        }
        cnode_t *sub = s->kid_count ? s->kids[s->kid_count - 1] : NULL;
        if (s->kind == CXCursor_CaseStmt && s->kid_count < 2) sub = NULL;
        return sub ? build_stmt(b, sub, blk) : blk;
    }
    case CXCursor_BreakStmt:
        edge_add(b, cur, b->break_target, EDGE_ALWAYS, NULL);
        return -1;
    case CXCursor_ContinueStmt:
        edge_add(b, cur, b->continue_target, EDGE_ALWAYS, NULL);
        return -1;
    case CXCursor_ReturnStmt:
        cur = live(b, cur);
        stmt_add(b, cur, s);
        edge_add(b, cur, 1, EDGE_ALWAYS, NULL);
        return -1;
    case CXCursor_GotoStmt:
        if (cur >= 0 && s->name) {
            if (grow((void **)&b->gotos, &b->goto_cap, b->goto_count, sizeof(label_t))) {
                b->failed = 1;
                return -1;
            }
            b->gotos[b->goto_count++] = (label_t){s->name, cur};
        }
        return -1;
    case CXCursor_LabelStmt: {
        int blk = block_new(b);
        edge_add(b, cur, blk, EDGE_ALWAYS, NULL);
        if (s->name) {
            if (grow((void **)&b->labels, &b->label_cap, b->label_count, sizeof(label_t))) {
                b->failed = 1;
                return -1;
            }
            b->labels[b->label_count++] = (label_t){s->name, blk};
        }
        return s->kid_count ? build_stmt(b, s->kids[s->kid_count - 1], blk) : blk;
    }
    case CXCursor_NullStmt:
        return cur;
    default:
        if (!clang_isExpression(s->kind) && !clang_isStatement(s->kind)) return cur;
        return build_expr_stmt(b, s, live(b, cur));
    }
}

int clang_cfg_build(ccfg_t *out, clang_unit_t *unit, const cfunc_t *f)
{
    memset(out, 0, sizeof(*out));
    cfg_builder_t b = {.unit = unit, .break_target = -1, .continue_target = -1, .switch_block = -1};
    block_new(&b); /* 0: entry */
    block_new(&b); /* 1: exit */
    int end = build_stmt(&b, f->body, 0);
    edge_add(&b, end, 1, EDGE_ALWAYS, NULL);
    for (size_t i = 0; i < b.goto_count; i++)
        for (size_t k = 0; k < b.label_count; k++)
            if (strcmp(b.gotos[i].name, b.labels[k].name) == 0)
                edge_add(&b, b.gotos[i].block, b.labels[k].block, EDGE_ALWAYS, NULL);
    int rc = b.failed ? -1 : 0;
    if (rc == 0) {
        out->blocks = clang_unit_alloc(unit, b.count * sizeof(cblock_t));
        if (!out->blocks) rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < b.count; i++) {
        bblock_t *s = &b.blocks[i];
        cblock_t *d = &out->blocks[i];
        d->cond = s->cond;
        d->switch_value = s->switch_value;
        d->stmt_count = s->stmt_count;
        d->edge_count = s->edge_count;
        d->stmts = clang_unit_alloc(unit, (s->stmt_count + 1) * sizeof(cnode_t *));
        d->edges = clang_unit_alloc(unit, (s->edge_count + 1) * sizeof(cedge_t));
        if (!d->stmts || !d->edges) { rc = -1; break; }
        if (s->stmt_count) memcpy(d->stmts, s->stmts, s->stmt_count * sizeof(cnode_t *));
        if (s->edge_count) memcpy(d->edges, s->edges, s->edge_count * sizeof(cedge_t));
    }
    if (rc == 0) out->block_count = b.count;
    for (size_t i = 0; i < b.count; i++) {
        free(b.blocks[i].stmts);
        free(b.blocks[i].edges);
    }
    free(b.blocks);
    free(b.labels);
    free(b.gotos);
    return rc;
}
