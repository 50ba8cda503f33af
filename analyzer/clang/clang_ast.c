/* clang_ast.c — copies each function of the main file into plain nodes (see the header).
 *
 * The one idea: libclang 14 cannot tell an operator's spelling, so the function's tokens
 * are read once and each operator is the first punctuation token between its operands
 * (for unary ones: at the node's start, or at its end for postfix ++/--). */
#include "analyzer/clang/clang_ast.h"

#include <stdlib.h>
#include <string.h>

/* ---- arena ------------------------------------------------------------------------ */

typedef struct clang_arena {
    struct arena_chunk *chunks;
} clang_arena_t;

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} arena_chunk_t;

void *clang_unit_alloc(clang_unit_t *unit, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    arena_chunk_t *c = unit->arena->chunks;
    if (!c || c->used + size > c->size) {
        size_t cap = size > 65536 ? size : 65536;
        arena_chunk_t *fresh = malloc(sizeof(*fresh) + cap);
        if (!fresh) return NULL;
        fresh->next = c;
        fresh->used = 0;
        fresh->size = cap;
        unit->arena->chunks = c = fresh;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *clang_unit_strdup(clang_unit_t *unit, const char *s, size_t len)
{
    char *p = clang_unit_alloc(unit, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = 0;
    }
    return p;
}

/* ---- tokens ----------------------------------------------------------------------- */

typedef struct {
    uint32_t offset;
    char text[4]; /* punctuation only ("" for other tokens) */
} token_t;

typedef struct {
    clang_unit_t *unit;
    token_t *tokens;
    size_t token_count;
    cfunc_t *func;
    size_t var_capacity;
    int failed;
} builder_t;

/* The function's extent in the main file. It can start inside a header when a macro
 * begins the definition (REDIS_NO_SANITIZE("alignment") void f(...) {...} starts in
 * config.h): tokenizing that range would give no operator of the body. */
static CXSourceRange main_file_extent(const builder_t *b, CXCursor fn)
{
    CXSourceRange ext = clang_getCursorExtent(fn);
    CXFile fs = NULL, fe = NULL;
    unsigned s = 0, e = 0;
    clang_getExpansionLocation(clang_getRangeStart(ext), &fs, NULL, NULL, &s);
    clang_getExpansionLocation(clang_getRangeEnd(ext), &fe, NULL, NULL, &e);
    if (!b->unit->file || !fs || !fe || !clang_File_isEqual(fs, b->unit->file) ||
        !clang_File_isEqual(fe, b->unit->file) || e < s)
        return ext;
    return clang_getRange(clang_getLocationForOffset(b->unit->tu, b->unit->file, s),
                          clang_getLocationForOffset(b->unit->tu, b->unit->file, e));
}

static void tokens_read(builder_t *b, CXCursor fn)
{
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(b->unit->tu, main_file_extent(b, fn), &toks, &n);
    b->tokens = calloc(n ? n : 1, sizeof(token_t));
    if (!b->tokens) {
        b->failed = 1;
        clang_disposeTokens(b->unit->tu, toks, n);
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        unsigned off = 0;
        clang_getExpansionLocation(clang_getTokenLocation(b->unit->tu, toks[i]), NULL, NULL, NULL, &off);
        b->tokens[i].offset = off;
        if (clang_getTokenKind(toks[i]) == CXToken_Punctuation) {
            CXString s = clang_getTokenSpelling(b->unit->tu, toks[i]);
            strncpy(b->tokens[i].text, clang_getCString(s), 3);
            clang_disposeString(s);
        }
    }
    b->token_count = n;
    clang_disposeTokens(b->unit->tu, toks, n);
}

/* Index of the first token at or after offset. */
static size_t token_at(const builder_t *b, uint32_t offset)
{
    size_t lo = 0, hi = b->token_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (b->tokens[mid].offset < offset) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* ---- nodes ------------------------------------------------------------------------ */

static source_range_t range_of(CXCursor c)
{
    source_range_t r = {0};
    CXSourceRange ext = clang_getCursorExtent(c);
    unsigned line, col, off;
    clang_getExpansionLocation(clang_getRangeStart(ext), NULL, &line, &col, &off);
    r.start_line = line;
    r.start_col = col;
    r.start_byte = off;
    clang_getExpansionLocation(clang_getRangeEnd(ext), NULL, &line, &col, &off);
    r.end_line = line;
    r.end_col = col;
    r.end_byte = off;
    if (r.end_byte < r.start_byte) { /* macro oddities: keep the range non-negative */
        r.end_byte = r.start_byte;
        r.end_line = r.start_line;
        r.end_col = r.start_col;
    }
    return r;
}

static const char *spelling(clang_unit_t *unit, CXCursor c)
{
    CXString s = clang_getCursorSpelling(c);
    const char *t = clang_getCString(s);
    const char *copy = clang_unit_strdup(unit, t ? t : "", t ? strlen(t) : 0);
    clang_disposeString(s);
    return copy;
}

static void kid_push(builder_t *b, cnode_t *parent, cnode_t *kid)
{
    uint32_t n = parent->kid_count;
    if ((n & (n - 1)) == 0) { /* capacity is the next power of two: grow at 0,1,2,4,8... */
        uint32_t cap = n ? n * 2 : 1;
        cnode_t **grown = clang_unit_alloc(b->unit, cap * sizeof(*grown));
        if (!grown) {
            b->failed = 1;
            return;
        }
        if (n) memcpy(grown, parent->kids, n * sizeof(*grown));
        parent->kids = grown;
    }
    parent->kids[parent->kid_count++] = kid;
}

static bool type_is_integer(CXType t)
{
    t = clang_getCanonicalType(t);
    return (t.kind >= CXType_Bool && t.kind <= CXType_Int128) || t.kind == CXType_Enum;
}

static int var_add(builder_t *b, CXCursor c, const char *name)
{
    cfunc_t *f = b->func;
    if (f->var_count == b->var_capacity) {
        size_t cap = b->var_capacity ? b->var_capacity * 2 : 16;
        cvar_t *grown = clang_unit_alloc(b->unit, cap * sizeof(*grown));
        if (!grown) {
            b->failed = 1;
            return -1;
        }
        if (f->var_count) memcpy(grown, f->vars, f->var_count * sizeof(*grown));
        f->vars = grown;
        b->var_capacity = cap;
    }
    cvar_t *v = &f->vars[f->var_count];
    memset(v, 0, sizeof(*v));
    v->name = name;
    v->decl = c;
    v->type = clang_getCursorType(c);
    CXType t = clang_getCanonicalType(v->type);
    v->is_param = c.kind == CXCursor_ParmDecl;
    v->is_static = clang_Cursor_getStorageClass(c) == CX_SC_Static;
    v->is_integer = type_is_integer(t);
    v->array_bytes = v->elem_bytes = -1;
    if (t.kind == CXType_Pointer) {
        v->is_pointer = true;
        CXType p = clang_getPointeeType(t);
        v->pointee_const = clang_isConstQualifiedType(p);
        v->elem_bytes = clang_Type_getSizeOf(p);
    } else if (t.kind == CXType_ConstantArray) {
        v->is_array = true;
        v->array_bytes = clang_Type_getSizeOf(t);
        v->elem_bytes = clang_Type_getSizeOf(clang_getArrayElementType(t));
    } else if (t.kind == CXType_IncompleteArray || t.kind == CXType_VariableArray) {
        v->is_array = true;
    }
    v->range = range_of(c);
    return (int)f->var_count++;
}

static int var_find(const cfunc_t *f, CXCursor decl)
{
    for (size_t i = f->var_count; i-- > 0;)
        if (clang_equalCursors(f->vars[i].decl, decl)) return (int)i;
    return -1;
}

static int global_find_or_add(builder_t *b, CXCursor decl, const char *name)
{
    clang_unit_t *u = b->unit;
    for (size_t i = 0; i < u->global_count; i++)
        if (clang_equalCursors(u->globals[i].decl, decl)) return (int)i;
    if ((u->global_count & (u->global_count - 1)) == 0) {
        size_t cap = u->global_count ? u->global_count * 2 : 1;
        cglobal_t *grown = clang_unit_alloc(u, cap * sizeof(*grown));
        if (!grown) {
            b->failed = 1;
            return -1;
        }
        if (u->global_count) memcpy(grown, u->globals, u->global_count * sizeof(*grown));
        u->globals = grown;
    }
    cglobal_t *g = &u->globals[u->global_count];
    g->name = name;
    g->decl = decl;
    CXType t = clang_getCursorType(decl);
    g->is_const = clang_isConstQualifiedType(t);
    g->is_static = clang_Cursor_getStorageClass(decl) == CX_SC_Static;
    if (type_is_integer(t)) {
        CXEvalResult r = clang_Cursor_Evaluate(decl); /* a VarDecl evaluates its initialiser */
        if (r) {
            if (clang_EvalResult_getKind(r) == CXEval_Int) {
                g->has_value = true;
                g->value = clang_EvalResult_getAsLongLong(r);
            }
            clang_EvalResult_dispose(r);
        }
    }
    return (int)u->global_count++;
}

/* True for a token that can be an operator: 1-3 characters of C's operator punctuation.
 * (Inside a macro expansion the tokens at a node's position are the macro's use, such as
 * an identifier or a parenthesis, not the operator.) */
static bool operator_token(const char *text)
{
    size_t n = strlen(text);
    if (n == 0 || n > 3) return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("+-*/%<>=!&|^~", text[i])) return false;
    return true;
}

/* A unary operator whose spelling the tokens do not show (written inside a macro): its
 * types still tell dereference (pointer -> pointee), address-of (T -> T *) and negation of
 * a pointer (pointer -> int). Others stay unknown, which the checks treat as unknown. */
static bool same_type_shape(CXType a, CXType b) /* libclang 14 cannot drop qualifiers */
{
    a = clang_getCanonicalType(a);
    b = clang_getCanonicalType(b);
    if (a.kind != b.kind || clang_Type_getSizeOf(a) != clang_Type_getSizeOf(b)) return false;
    if (a.kind != CXType_Pointer) return true;
    CXType pa = clang_getCanonicalType(clang_getPointeeType(a)), pb = clang_getCanonicalType(clang_getPointeeType(b));
    return pa.kind == pb.kind;
}

static void unary_operator_from_types(cnode_t *n)
{
    if (n->kid_count < 1) return;
    CXType result = clang_getCanonicalType(clang_getCursorType(n->cursor));
    CXType operand = clang_getCanonicalType(clang_getCursorType(n->kids[0]->cursor));
    if (operand.kind == CXType_Pointer && same_type_shape(clang_getPointeeType(operand), result))
        memcpy(n->op, "*", 2);
    else if (result.kind == CXType_Pointer && same_type_shape(clang_getPointeeType(result), operand))
        memcpy(n->op, "&", 2);
    else if (operand.kind == CXType_Pointer && result.kind == CXType_Int)
        memcpy(n->op, "!", 2); /* the only unary operator taking a pointer to an int */
}

/* True when n (looking through parentheses) is an lvalue that was not converted to a
 * value: a variable, member, element or dereference with no implicit cast around it. In C
 * only `=` takes such a left operand (`,` converts its left side too). */
static bool unconverted_lvalue(const cnode_t *n)
{
    while (n && n->kind == CXCursor_ParenExpr && n->kid_count == 1) n = n->kids[0];
    if (!n) return false;
    if (n->kind == CXCursor_DeclRefExpr) return n->var >= 0 || n->global >= 0;
    if (n->kind == CXCursor_UnaryOperator) return !strcmp(n->op, "*"); /* *(p) = v in a macro */
    return n->kind == CXCursor_MemberRefExpr || n->kind == CXCursor_ArraySubscriptExpr;
}

/* A binary operator written inside a macro body (libclang 14 has no operator API and
 * reports macro locations at the macro's use, so the file's tokens do not show it). Types
 * and shapes still identify assignments: an unconverted lvalue on the left
 * (`var = mstime()` in latencyStartMonitor(var)), or pointer = pointer (free-and-clear
 * macros such as `do { free(p); (p) = NULL; } while (0)`), since no other binary operator
 * takes two pointers and yields a pointer. Anything else stays unknown. */
static void binary_operator_from_types(cnode_t *n)
{
    if (n->kind != CXCursor_BinaryOperator || n->kid_count < 2) return;
    if (unconverted_lvalue(n->kids[0])) {
        memcpy(n->op, "=", 2);
        return;
    }
    /* pointer = pointer needs an lvalue on the left: a comma joining two pointer
     * assignments (`while (p = q, q = next(q), p)`) has pointers everywhere too */
    const cnode_t *l = n->kids[0];
    while (l->kind == CXCursor_ParenExpr && l->kid_count == 1) l = l->kids[0];
    if (l->kind != CXCursor_UnaryOperator || strcmp(l->op, "*") != 0) return;
    CXType result = clang_getCanonicalType(clang_getCursorType(n->cursor));
    CXType left = clang_getCanonicalType(clang_getCursorType(n->kids[0]->cursor));
    CXType right = clang_getCanonicalType(clang_getCursorType(n->kids[1]->cursor));
    if (result.kind == CXType_Pointer && left.kind == CXType_Pointer && right.kind == CXType_Pointer)
        memcpy(n->op, "=", 2);
}

/* Where a node is written in the main file when it comes from a macro's argument:
 * `count > 0` in assert(count > 0) has its tokens in the file even though the
 * expansion puts it at `assert`. False when it is not in the main file. */
static bool written_at(const builder_t *b, const cnode_t *n, uint32_t *start, uint32_t *end)
{
    CXSourceRange ext = clang_getCursorExtent(n->cursor);
    CXFile fs = NULL, fe = NULL;
    unsigned s = 0, e = 0;
    clang_getFileLocation(clang_getRangeStart(ext), &fs, NULL, NULL, &s);
    clang_getFileLocation(clang_getRangeEnd(ext), &fe, NULL, NULL, &e);
    if (!fs || !fe || !clang_File_isEqual(fs, b->unit->file) || !clang_File_isEqual(fe, b->unit->file) || e < s)
        return false;
    *start = s;
    *end = e;
    return true;
}

/* A binary operator whose operands are both a macro's argument text: the operator token
 * is between them in the file (`count > 0` in assert(count > 0)). */
static bool operator_between_arguments(builder_t *b, cnode_t *n)
{
    uint32_t s0, e0, s1, e1, s, e;
    if (!written_at(b, n, &s, &e) || !written_at(b, n->kids[0], &s0, &e0) || !written_at(b, n->kids[1], &s1, &e1))
        return false;
    if (!(s <= s0 && e0 <= s1 && e1 <= e)) return false;
    /* exactly one token between them, an operator: ADD(x, -y) has `, -` and is left alone */
    size_t i = token_at(b, e0);
    if (i + 1 >= b->token_count || b->tokens[i].offset >= s1 || b->tokens[i + 1].offset < s1 ||
        !operator_token(b->tokens[i].text))
        return false;
    memcpy(n->op, b->tokens[i].text, strlen(b->tokens[i].text) + 1);
    return true;
}

static void set_operator(builder_t *b, cnode_t *n)
{
    if (n->kind == CXCursor_BinaryOperator || n->kind == CXCursor_CompoundAssignOperator) {
        if (n->kid_count < 2) return;
        uint32_t from = n->kids[0]->range.end_byte, to = n->kids[1]->range.start_byte;
        for (size_t i = token_at(b, from); i < b->token_count && b->tokens[i].offset <= to; i++) {
            if (operator_token(b->tokens[i].text)) {
                memcpy(n->op, b->tokens[i].text, strlen(b->tokens[i].text) + 1);
                return;
            }
        }
        if (operator_between_arguments(b, n)) return;
        binary_operator_from_types(n);
    } else if (n->kind == CXCursor_UnaryOperator) {
        size_t i = token_at(b, n->range.start_byte);
        if (i < b->token_count && b->tokens[i].offset == n->range.start_byte &&
            operator_token(b->tokens[i].text)) {
            memcpy(n->op, b->tokens[i].text, strlen(b->tokens[i].text) + 1);
            return;
        }
        size_t j = token_at(b, n->range.end_byte);
        if (j > 0 && (strcmp(b->tokens[j - 1].text, "++") == 0 || strcmp(b->tokens[j - 1].text, "--") == 0)) {
            memcpy(n->op, b->tokens[j - 1].text, 3);
            n->postfix = true;
            return;
        }
        unary_operator_from_types(n);
    } else if (n->kind == CXCursor_MemberRefExpr && n->kid_count > 0) {
        size_t i = token_at(b, n->kids[0]->range.end_byte);
        for (; i < b->token_count && b->tokens[i].offset < n->range.end_byte; i++) {
            if (strcmp(b->tokens[i].text, "->") == 0) { n->arrow = true; return; }
            if (strcmp(b->tokens[i].text, ".") == 0) return;
        }
    }
}

typedef struct {
    builder_t *b;
    cnode_t *parent;
} visit_t;

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent_cursor, CXClientData data);

static cnode_t *node_build(builder_t *b, CXCursor c, cnode_t *parent)
{
    cnode_t *n = clang_unit_alloc(b->unit, sizeof(*n));
    if (!n) {
        b->failed = 1;
        return NULL;
    }
    n->kind = c.kind;
    n->cursor = c;
    n->parent = parent;
    n->range = range_of(c);
    n->var = n->global = -1;
    switch (c.kind) {
    case CXCursor_VarDecl:
    case CXCursor_ParmDecl:
        n->name = spelling(b->unit, c);
        if (!clang_Cursor_hasVarDeclGlobalStorage(c) || clang_Cursor_getStorageClass(c) == CX_SC_Static)
            n->var = var_add(b, c, n->name);
        break;
    case CXCursor_DeclRefExpr: {
        n->name = spelling(b->unit, c);
        CXCursor r = clang_getCursorReferenced(c);
        if (r.kind == CXCursor_VarDecl || r.kind == CXCursor_ParmDecl) {
            n->var = var_find(b->func, r);
            if (n->var < 0 && clang_Cursor_hasVarDeclGlobalStorage(r))
                n->global = global_find_or_add(b, r, n->name);
        }
        break;
    }
    case CXCursor_MemberRefExpr:
    case CXCursor_CallExpr:
    case CXCursor_LabelStmt:
    case CXCursor_LabelRef:
        n->name = spelling(b->unit, c);
        break;
    default:
        break;
    }
    visit_t v = {b, n};
    clang_visitChildren(c, visit, &v);
    if (c.kind == CXCursor_GotoStmt && n->kid_count > 0) n->name = n->kids[0]->name;
    set_operator(b, n);
    return n;
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent_cursor, CXClientData data)
{
    (void)parent_cursor;
    visit_t *v = data;
    if (v->b->failed) return CXChildVisit_Break;
    /* type references and attributes carry nothing the checks use */
    if (c.kind == CXCursor_TypeRef || clang_isAttribute(c.kind)) return CXChildVisit_Continue;
    cnode_t *kid = node_build(v->b, c, v->parent);
    if (kid) kid_push(v->b, v->parent, kid);
    return CXChildVisit_Continue;
}

/* Marks globals that any function writes (assigned, incremented, address taken). */
static void globals_mark_written(clang_unit_t *u, cnode_t *n)
{
    cnode_t *target = NULL;
    if ((n->kind == CXCursor_BinaryOperator && strcmp(n->op, "=") == 0) ||
        n->kind == CXCursor_CompoundAssignOperator)
        target = n->kid_count ? c_strip(n->kids[0]) : NULL;
    else if (n->kind == CXCursor_UnaryOperator &&
             (!strcmp(n->op, "++") || !strcmp(n->op, "--") || !strcmp(n->op, "&")))
        target = n->kid_count ? c_strip(n->kids[0]) : NULL;
    if (target && target->global >= 0) u->globals[target->global].written = true;
    for (uint32_t i = 0; i < n->kid_count; i++) globals_mark_written(u, n->kids[i]);
}

typedef struct {
    clang_unit_t *unit;
    cfunc_t *funcs;
    size_t count, capacity;
    int failed;
} top_t;

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    top_t *t = data;
    if (c.kind != CXCursor_FunctionDecl || !clang_isCursorDefinition(c) ||
        !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
        return CXChildVisit_Continue;
    if (t->count == t->capacity) {
        size_t cap = t->capacity ? t->capacity * 2 : 16;
        cfunc_t *grown = realloc(t->funcs, cap * sizeof(*grown));
        if (!grown) {
            t->failed = 1;
            return CXChildVisit_Break;
        }
        t->funcs = grown;
        t->capacity = cap;
    }
    cfunc_t *f = &t->funcs[t->count];
    memset(f, 0, sizeof(*f));
    builder_t b = {.unit = t->unit, .func = f};
    tokens_read(&b, c);
    if (!b.failed) f->decl = node_build(&b, c, NULL);
    free(b.tokens);
    if (b.failed || !f->decl) {
        t->failed = 1;
        return CXChildVisit_Break;
    }
    f->name = f->decl->name ? f->decl->name : spelling(t->unit, c);
    for (uint32_t i = 0; i < f->decl->kid_count; i++)
        if (f->decl->kids[i]->kind == CXCursor_CompoundStmt) f->body = f->decl->kids[i];
    size_t params = 0;
    for (size_t i = 0; i < f->var_count; i++) params += f->vars[i].is_param;
    f->is_main = strcmp(f->name, "main") == 0 && params >= 2;
    if (f->body && f->body->kid_count == 1 && f->body->kids[0]->kind == CXCursor_ReturnStmt &&
        f->body->kids[0]->kid_count == 1)
        f->returns_constant = c_eval_int(f->body->kids[0]->kids[0], &f->constant_value);
    if (f->body) t->count++;
    return CXChildVisit_Continue;
}

int clang_unit_build(clang_unit_t **out, CXTranslationUnit tu)
{
    *out = NULL;
    clang_unit_t *u = calloc(1, sizeof(*u));
    clang_arena_t *arena = calloc(1, sizeof(*arena));
    if (!u || !arena) {
        free(u);
        free(arena);
        return -1;
    }
    u->arena = arena;
    u->tu = tu;
    CXCursor root = clang_getTranslationUnitCursor(tu);
    CXString name = clang_getTranslationUnitSpelling(tu);
    u->file = clang_getFile(tu, clang_getCString(name));
    clang_disposeString(name);
    if (u->file) u->text = clang_getFileContents(tu, u->file, &u->text_size);
    top_t t = {.unit = u};
    clang_visitChildren(root, visit_top, &t);
    u->funcs = t.funcs;
    u->func_count = t.count;
    if (t.failed) {
        clang_unit_free(u);
        return -1;
    }
    for (size_t i = 0; i < u->func_count; i++) globals_mark_written(u, u->funcs[i].body);
    *out = u;
    return 0;
}

void clang_unit_free(clang_unit_t *unit)
{
    if (!unit) return;
    if (unit->arena) {
        arena_chunk_t *c = unit->arena->chunks;
        while (c) {
            arena_chunk_t *next = c->next;
            free(c);
            c = next;
        }
        free(unit->arena);
    }
    free(unit->funcs);
    free(unit);
}

const cfunc_t *clang_unit_function(const clang_unit_t *unit, const char *name)
{
    if (!name) return NULL;
    for (size_t i = 0; i < unit->func_count; i++)
        if (strcmp(unit->funcs[i].name, name) == 0) return &unit->funcs[i];
    return NULL;
}

/* ---- queries ---------------------------------------------------------------------- */

static cnode_t *strip_once(cnode_t *n)
{
    while (n && n->kid_count >= 1 &&
           ((n->kind == CXCursor_UnexposedExpr && n->kid_count == 1) || n->kind == CXCursor_ParenExpr ||
            n->kind == CXCursor_CStyleCastExpr))
        n = n->kids[n->kid_count - 1];
    return n;
}

cnode_t *c_strip(cnode_t *n)
{
    n = strip_once(n);
    /* *&x is x, and &*p is p (macros taking a pointer write them: *(&postdata) = ...) */
    while (n && n->kind == CXCursor_UnaryOperator && n->kid_count == 1 &&
           (!strcmp(n->op, "*") || !strcmp(n->op, "&"))) {
        cnode_t *inner = strip_once(n->kids[0]);
        if (!inner || inner->kind != CXCursor_UnaryOperator || inner->kid_count != 1 ||
            strcmp(inner->op, n->op[0] == '*' ? "&" : "*") != 0)
            break;
        n = strip_once(inner->kids[0]);
    }
    return n;
}

const char *c_text(clang_unit_t *unit, const cnode_t *n)
{
    if (!n || !unit->text || n->range.end_byte > unit->text_size || n->range.end_byte <= n->range.start_byte)
        return "";
    const char *t = clang_unit_strdup(unit, unit->text + n->range.start_byte,
                                      n->range.end_byte - n->range.start_byte);
    return t ? t : "";
}

const char *c_callee(const cnode_t *call)
{
    return call && call->kind == CXCursor_CallExpr ? call->name : NULL;
}

uint32_t c_arg_count(const cnode_t *call)
{
    return call->kid_count ? call->kid_count - 1 : 0;
}

cnode_t *c_arg(const cnode_t *call, uint32_t i)
{
    return i + 1 < call->kid_count ? call->kids[i + 1] : NULL;
}

bool c_eval_int(const cnode_t *n, long long *out)
{
    if (!n || !clang_isExpression(n->kind)) return false;
    /* evaluating a call or an assignment would only fail; skip the cost */
    const cnode_t *s = c_strip((cnode_t *)n);
    if (s->kind == CXCursor_CallExpr || s->kind == CXCursor_DeclRefExpr) {
        if (s->kind == CXCursor_CallExpr) return false;
    }
    CXEvalResult r = clang_Cursor_Evaluate(n->cursor);
    if (!r) return false;
    bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
    if (ok) *out = clang_EvalResult_getAsLongLong(r);
    clang_EvalResult_dispose(r);
    return ok;
}

/* Counts the characters between the quotes of the literals in [p, end) ("a" "b" join; an
 * escape is one); false when there is no quote. */
static bool literal_chars(const char *p, const char *end, long long *count)
{
    bool inside = false, any = false;
    *count = 0;
    for (; p < end; p++) {
        if (!inside) {
            if (*p == '"') inside = any = true;
            continue;
        }
        if (*p == '"') { inside = false; continue; } /* "a" "b": adjacent literals join */
        if (*p == '\\' && p + 1 < end) {
            p++;
            if (*p == 'x') while (p + 1 < end && ((p[1] >= '0' && p[1] <= '9') || ((p[1] | 32) >= 'a' && (p[1] | 32) <= 'f'))) p++;
            else if (*p >= '0' && *p <= '7') for (int k = 0; k < 2 && p + 1 < end && p[1] >= '0' && p[1] <= '7'; k++) p++;
        }
        (*count)++;
    }
    return any;
}

bool c_string_literal(clang_unit_t *unit, const cnode_t *n, long long *length)
{
    n = c_strip((cnode_t *)n);
    if (!n || n->kind != CXCursor_StringLiteral) return false;
    /* Not the literal's type: initialising char buf[100] = "ls" gives it type char[100].
     * The characters between the quotes are counted instead (an escape is one). */
    if (!unit->text || n->range.end_byte > unit->text_size) return false;
    long long count = 0;
    bool any = literal_chars(unit->text + n->range.start_byte, unit->text + n->range.end_byte, &count);
    if (any) {
        if (length) *length = count;
        return true;
    }
    /* spelled in a macro: the literal's own spelling (char source[11] = SRC_STRING), then
     * clang's value of it (narrow strings), else trust the type unless the literal
     * initialises an array (then the type is the array's) */
    CXString spelling = clang_getCursorSpelling(n->cursor);
    const char *sp = clang_getCString(spelling);
    bool spelled = sp && strchr(sp, '"') && literal_chars(sp, sp + strlen(sp), &count);
    clang_disposeString(spelling);
    if (spelled) {
        if (length) *length = count;
        return true;
    }
    CXType t = clang_getCanonicalType(clang_getCursorType(n->cursor));
    long long elem = clang_Type_getSizeOf(clang_getArrayElementType(t));
    if (elem == 1) {
        CXEvalResult r = clang_Cursor_Evaluate(n->cursor);
        if (r) {
            bool ok = clang_EvalResult_getKind(r) == CXEval_StrLiteral;
            if (ok && length) *length = (long long)strlen(clang_EvalResult_getAsStr(r));
            clang_EvalResult_dispose(r);
            if (ok) return true;
        }
    }
    const cnode_t *up = n->parent;
    while (up && (up->kind == CXCursor_UnexposedExpr || up->kind == CXCursor_ParenExpr)) up = up->parent;
    if (up && (up->kind == CXCursor_VarDecl || up->kind == CXCursor_InitListExpr)) return false;
    long long size = clang_getArraySize(t);
    if (size <= 0) return false;
    if (length) *length = size - 1;
    return true;
}

long long c_array_bytes(const cnode_t *n)
{
    n = c_strip((cnode_t *)n);
    if (!n) return -1;
    CXType t = clang_getCanonicalType(clang_getCursorType(n->cursor));
    if (t.kind != CXType_ConstantArray) return -1;
    long long s = clang_Type_getSizeOf(t);
    return s > 0 ? s : -1;
}

long long c_pointee_bytes(const cnode_t *n)
{
    n = c_strip((cnode_t *)n);
    if (!n) return -1;
    CXType t = clang_getCanonicalType(clang_getCursorType(n->cursor));
    CXType e;
    if (t.kind == CXType_Pointer) e = clang_getPointeeType(t);
    else if (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray) e = clang_getArrayElementType(t);
    else return -1;
    long long s = clang_Type_getSizeOf(e);
    return s > 0 ? s : -1;
}

bool c_is_integer(const cnode_t *n)
{
    return n && type_is_integer(clang_getCursorType(n->cursor));
}

bool c_int_width(const cnode_t *n, int *bits, bool *is_signed)
{
    if (!n) return false;
    CXType t = clang_getCanonicalType(clang_getCursorType(n->cursor));
    if (!type_is_integer(t)) return false;
    long long size = clang_Type_getSizeOf(t);
    if (size <= 0) return false;
    *bits = (int)(size * 8);
    switch (t.kind) {
    case CXType_Bool: case CXType_Char_U: case CXType_UChar: case CXType_UShort: case CXType_UInt:
    case CXType_ULong: case CXType_ULongLong: case CXType_UInt128: case CXType_Char16:
    case CXType_Char32:
        *is_signed = false;
        break;
    default:
        *is_signed = true;
    }
    return true;
}
