/* clang_checks.c — AST-and-type checks of one function (see clang_checks.h).
 *
 * An ignored result is a call whose value nobody reads: the call is a statement of its
 * own (a cast to void is a deliberate "I don't care" and is respected). The list of calls
 * is short on purpose: those whose failure changes what the program may do next
 * (privileges, how much was read or written, whether input arrived), not printf.
 * A result test is judged by what the function returns on failure, found on the call or
 * on the local that holds it (the last assignment written before the test). sizeof is
 * judged by the types libclang gives, with one correction: an array parameter is a
 * pointer. None of these walk paths; each looks at one node and its neighbours. */
#include "analyzer/clang/clang_checks.h"

#include "analyzer/clang/clang_format.h"

#include <stdio.h>
#include <string.h>

/* Calls whose ignored result is a flaw in itself (CWE-252): privilege changes that may
 * fail and leave privileges in place, and reads whose length or count says what was
 * filled. Calls whose failure is usually harmless when ignored (unlink, chdir, a write that
 * comes up short) are left out: flagging every one of them is noise. So is
 * pthread_mutex_lock: a default mutex fails only on a programming error (EINVAL,
 * EDEADLK with error checking), and real code (redis: 20 calls) never tests it. */
static const char *const must_check[] = {
    "setuid", "setgid", "seteuid", "setegid", "setreuid", "setregid", "setresuid", "setresgid",
    "setgroups", "initgroups", "chroot", "read", "pread", "recv", "recvfrom", "fread",
    "fgets", "fgetws", "scanf", "fscanf", "sscanf", "wscanf", "fwscanf", "swscanf", "mkstemp",
    "setrlimit", "mlock", NULL};

static bool listed(const char *name)
{
    if (!name) return false;
    for (size_t i = 0; must_check[i]; i++)
        if (strcmp(name, must_check[i]) == 0) return true;
    return false;
}

/* A call used as a statement: its parent is a block, a branch or a loop body. */
static bool result_ignored(const cnode_t *call)
{
    const cnode_t *p = call->parent, *child = call;
    while (p && p->kind == CXCursor_UnexposedExpr && p->kid_count == 1) {
        child = p;
        p = p->parent;
    }
    if (!p) return false;
    switch (p->kind) {
    case CXCursor_CompoundStmt:
    case CXCursor_LabelStmt:
    case CXCursor_DefaultStmt:
        return true;
    case CXCursor_CaseStmt:
        return p->kid_count >= 2 && p->kids[p->kid_count - 1] == child;
    case CXCursor_IfStmt:
        return p->kid_count >= 2 && p->kids[0] != child;
    case CXCursor_WhileStmt:
        return p->kid_count >= 2 && p->kids[1] == child;
    case CXCursor_DoStmt:
        return p->kid_count >= 1 && p->kids[0] == child;
    case CXCursor_ForStmt:
        return p->kid_count >= 1 && p->kids[p->kid_count - 1] == child;
    default:
        return false;
    }
}

/* Two expressions naming the same object: one variable, or the same member reached
 * through the same written path (ctx->buf and ctx->buf). */
static bool same_object(clang_unit_t *unit, const cnode_t *a, const cnode_t *b)
{
    a = c_strip((cnode_t *)a);
    b = c_strip((cnode_t *)b);
    if (!a || !b || a->kind != b->kind) return false;
    if (a->kind != CXCursor_DeclRefExpr && a->kind != CXCursor_MemberRefExpr) return false;
    if (!clang_equalCursors(clang_getCursorReferenced(a->cursor), clang_getCursorReferenced(b->cursor))) return false;
    return a->kind == CXCursor_DeclRefExpr || !strcmp(c_text(unit, a), c_text(unit, b));
}

/* Calls that take a path or a command: a truncated one names something else. */
static const char *const path_users[] = {
    "fopen", "fopen64", "freopen", "open", "open64", "openat", "creat", "system", "popen", "execl", "execlp",
    "execle", "execv", "execvp", "execve", "dlopen", "unlink", "unlinkat", "remove", "rename", "renameat",
    "chmod", "chown", "lchown", "mkdir", "mkdirat", "mkfifo", "rmdir", "stat", "lstat", "fstatat", "access",
    "opendir", "truncate", "symlink", "link", "readlink", "realpath", "chdir", "chroot", "utimes", NULL};

/* The first call after `from` in the subtree n that passes `dst` (the same variable, or
 * the same member path) to a path user. */
static const cnode_t *path_use_after(clang_unit_t *unit, const cnode_t *n, const cnode_t *from, const cnode_t *dst)
{
    if (n->kind == CXCursor_CallExpr && n->range.start_byte > from->range.end_byte && n->name) {
        bool user = false;
        for (size_t i = 0; path_users[i]; i++) user |= !strcmp(n->name, path_users[i]);
        for (uint32_t i = 0; user && i < c_arg_count(n); i++)
            if (same_object(unit, c_arg(n, i), dst)) return n;
    }
    for (uint32_t i = 0; i < n->kid_count; i++) {
        const cnode_t *hit = path_use_after(unit, n->kids[i], from, dst);
        if (hit) return hit;
    }
    return NULL;
}

/* A value straight from outside the program: getenv(...) or main's argv[i]. */
static bool from_outside(const cfunc_t *f, cnode_t *n)
{
    n = c_strip(n);
    if (!n) return false;
    if (n->kind == CXCursor_CallExpr)
        return n->name && (!strcmp(n->name, "getenv") || !strcmp(n->name, "secure_getenv"));
    if (n->kind != CXCursor_ArraySubscriptExpr || n->kid_count != 2 || !f->is_main) return false;
    cnode_t *base = c_strip(n->kids[0]);
    return base && base->kind == CXCursor_DeclRefExpr && base->var == 1 && f->var_count > 1 && f->vars[1].is_param;
}

/* snprintf(buf, size, ...) whose truncation is ignored, then buf is used as a path or
 * command. A literal format whose longest output fits in size cannot truncate: no
 * finding. When the output is unbounded only because of a string the walk never saw
 * (a parameter, a global, another call's result) or the format is not a literal, the
 * finding is low certainty. */
static void check_truncation(clang_unit_t *unit, const cfunc_t *f, cnode_t *n, clang_findings_t *out)
{
    if (!n->name || (strcmp(n->name, "snprintf") && strcmp(n->name, "vsnprintf")) || !result_ignored(n) ||
        c_arg_count(n) < 3)
        return;
    cnode_t *dst = c_strip(c_arg(n, 0));
    if (!dst || (dst->kind != CXCursor_DeclRefExpr && dst->kind != CXCursor_MemberRefExpr)) return;
    clang_format_len_t len = {0};
    if (!strcmp(n->name, "snprintf")) clang_format_max_length(unit, n, 2, &len);
    long long size;
    bool size_known = c_eval_int(c_arg(n, 1), &size) || c_eval_int(c_strip(c_arg(n, 1)), &size);
    if (len.bounded && size_known && len.max < size) return; /* always fits */
    const cnode_t *use = path_use_after(unit, f->body, n, dst);
    if (!use) return;
    clang_finding_t *f2 = clang_findings_add(out, "c.clang-unchecked-return", n->range);
    if (!f2) return;
    if (len.bounded && size_known)
        snprintf(f2->message, sizeof(f2->message),
                 "%s() may truncate '%s' (up to %lld characters into %lld bytes) without anyone noticing, and "
                 "%s() then uses it as a path or command",
                 n->name, c_text(unit, dst), len.max, size, use->name);
    else
        snprintf(f2->message, sizeof(f2->message),
                 "%s() may truncate '%s' without anyone noticing, and %s() then uses it as a path or command",
                 n->name, c_text(unit, dst), use->name);
    if (!len.bounded && !(len.open_arg && from_outside(f, len.open_arg))) {
        f2->certainty = CERTAINTY_LOW;
        clang_finding_fact(f2, "certainty_reason", "%s",
                           len.open_arg ? "the length of a string argument is not known here"
                                        : "the format is not a literal");
    }
    clang_finding_step(f2, n->range, "the result (the length it wanted) is ignored");
    clang_finding_step(f2, use->range, "the possibly truncated string is used here");
    clang_finding_fact(f2, "call", "%s", n->name);
    if (len.bounded) clang_finding_fact(f2, "max_output", "%lld", len.max);
}

static void check_unchecked(clang_unit_t *unit, cnode_t *n, clang_findings_t *out)
{
    if (!listed(n->name) || !result_ignored(n)) return;
    clang_finding_t *f = clang_findings_add(out, "c.clang-unchecked-return", n->range);
    if (!f) return;
    snprintf(f->message, sizeof(f->message), "the result of %s() is ignored; failures go unnoticed", n->name);
    clang_finding_fact(f, "call", "%s", n->name);
    (void)unit;
}

/* Calls taking a buffer and its size: which argument is the size. The buffer is another
 * argument of the same call (alloc: the variable receiving the result). */
typedef struct {
    const char *name;
    int8_t size_arg, size_arg2; /* size_arg2: calloc's other factor, else -1 */
    bool alloc;
} sized_call_t;

static const sized_call_t sized_calls[] = {
    {"malloc", 0, -1, true},   {"calloc", 0, 1, true},     {"realloc", 1, -1, true},
    {"memcpy", 2, -1, false},  {"memmove", 2, -1, false},  {"memset", 2, -1, false},
    {"memcmp", 2, -1, false},  {"strncpy", 2, -1, false},  {"strncat", 2, -1, false},
    {"strncmp", 2, -1, false}, {"strlcpy", 2, -1, false},  {"strlcat", 2, -1, false},
    {"read", 2, -1, false},    {"write", 2, -1, false},    {"recv", 2, -1, false},
    {"send", 2, -1, false},    {"readlink", 2, -1, false}, {"fgets", 1, -1, false},
    {"snprintf", 1, -1, false}, {"vsnprintf", 1, -1, false}, {"bzero", 1, -1, false},
    {"explicit_bzero", 1, -1, false}, {"getcwd", 1, -1, false}, {"gethostname", 1, -1, false},
    {"fread", 1, -1, false},   {"fwrite", 1, -1, false},
};

/* The pointer p of a `sizeof(p)` or `sizeof p` (p a variable or a struct member of
 * pointer type), also within n * sizeof(p), sizeof(p) + k and sizeof(p) - 1; NULL otherwise. A pointer to pointers is
 * left out: sizeof(p) equals sizeof(*p) there. */
static cnode_t *sizeof_pointer_var(clang_unit_t *unit, cnode_t *n)
{
    n = c_strip(n);
    if (!n) return NULL;
    if (n->kind == CXCursor_BinaryOperator && n->kid_count == 2 && (!strcmp(n->op, "*") || !strcmp(n->op, "+"))) {
        cnode_t *a = sizeof_pointer_var(unit, n->kids[0]);
        return a ? a : sizeof_pointer_var(unit, n->kids[1]);
    }
    if (n->kind == CXCursor_BinaryOperator && n->kid_count == 2 && !strcmp(n->op, "-"))
        return sizeof_pointer_var(unit, n->kids[0]); /* sizeof(p) - 1: room for a NUL */
    if (n->kind != CXCursor_UnaryExpr || n->kid_count != 1 || strncmp(c_text(unit, n), "sizeof", 6) != 0)
        return NULL;
    cnode_t *k = c_strip(n->kids[0]);
    if (!k || (k->kind != CXCursor_DeclRefExpr && k->kind != CXCursor_MemberRefExpr)) return NULL;
    CXType t = clang_getCanonicalType(clang_getCursorType(k->cursor));
    CXType pointee;
    if (t.kind == CXType_Pointer) {
        pointee = clang_getCanonicalType(clang_getPointeeType(t));
    } else if ((t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray) && k->kind == CXCursor_DeclRefExpr &&
               clang_getCursorKind(clang_getCursorReferenced(k->cursor)) == CXCursor_ParmDecl) {
        /* void f(char name[64]): libclang shows the written array type, but the parameter
         * is a pointer and sizeof(name) is a pointer's size */
        pointee = clang_getCanonicalType(clang_getArrayElementType(t));
    } else {
        return NULL;
    }
    return pointee.kind == CXType_Pointer ? NULL : k;
}

/* malloc(sizeof(p)) assigned to p, memcpy(p, src, sizeof(p)), snprintf(ctx->name,
 * sizeof(ctx->name), ...): sizeof of the pointer that the call fills. */
static void check_sizeof(clang_unit_t *unit, cnode_t *call, clang_findings_t *out)
{
    const sized_call_t *sc = NULL;
    for (size_t i = 0; call->name && i < sizeof(sized_calls) / sizeof(sized_calls[0]); i++)
        if (!strcmp(call->name, sized_calls[i].name)) sc = &sized_calls[i];
    if (!sc || (uint32_t)sc->size_arg >= c_arg_count(call)) return;
    int size_arg = sc->size_arg;
    cnode_t *ptr = sizeof_pointer_var(unit, c_arg(call, (uint32_t)size_arg));
    if (!ptr && sc->size_arg2 >= 0 && (uint32_t)sc->size_arg2 < c_arg_count(call)) {
        size_arg = sc->size_arg2;
        ptr = sizeof_pointer_var(unit, c_arg(call, (uint32_t)size_arg));
    }
    if (!ptr) return;
    bool related = false;
    if (sc->alloc) {
        /* T *p = malloc(sizeof(p)) or p = malloc(sizeof(p)) */
        cnode_t *p = call->parent;
        while (p && (p->kind == CXCursor_UnexposedExpr || p->kind == CXCursor_CStyleCastExpr ||
                     p->kind == CXCursor_ParenExpr))
            p = p->parent;
        if (p && p->kind == CXCursor_VarDecl)
            related = ptr->kind == CXCursor_DeclRefExpr &&
                      clang_equalCursors(p->cursor, clang_getCursorReferenced(ptr->cursor));
        else if (p && p->kind == CXCursor_BinaryOperator && !strcmp(p->op, "=") && p->kid_count == 2)
            related = same_object(unit, p->kids[0], ptr);
    } else {
        for (uint32_t i = 0; i < c_arg_count(call); i++)
            if ((int)i != size_arg && same_object(unit, c_arg(call, i), ptr)) related = true;
    }
    if (!related) return;
    clang_finding_t *f = clang_findings_add(out, "c.clang-sizeof-pointer", call->range);
    if (!f) return;
    const char *what = c_text(unit, ptr);
    snprintf(f->message, sizeof(f->message),
             "sizeof(%s) is the size of the pointer, not of what it points to, in this call to %s()", what,
             call->name);
    clang_finding_fact(f, "pointer", "%s", what);
    const cnode_t *op = ptr->parent; /* the sizeof itself: its value is the pointer's size */
    while (op && op->kind != CXCursor_UnaryExpr) op = op->parent;
    long long pointer_size;
    if (op && c_eval_int(op, &pointer_size)) clang_finding_fact(f, "pointer_size", "%lld", pointer_size);
    long long pointee = c_pointee_bytes(ptr);
    if (pointee > 0) clang_finding_fact(f, "pointee_size", "%lld", pointee);
}

/* Functions whose failure is EOF / a negative value, while 0 can mean success: `== 0`
 * tests a success. (fclose and fflush return exactly 0 on success: `== 0` is right.) */
static const char *const eof_on_error[] = {
    "fputc", "fputs", "putc", "putchar", "puts", "fputwc", "putwc", "putwchar", "fputws", "fprintf",
    "printf", "fwprintf", "wprintf", "snprintf", "sprintf", "swprintf", "vsnprintf", "sscanf", "scanf",
    "fscanf", "swscanf", "wscanf", "fwscanf", NULL};
/* Functions returning size_t: never negative. */
static const char *const unsigned_result[] = {"fread", "fwrite", "strlen", "wcslen", "strspn", "strcspn",
                                              "mbstowcs", "wcstombs", "strftime", NULL};
/* Functions returning a pointer: NULL on error, never negative. */
static const char *const pointer_result[] = {"fgets", "fgetws", "fopen", "fdopen", "malloc", "calloc", "realloc",
                                             "strdup", "strndup", "getenv", "strchr", "strrchr", "strstr",
                                             "tmpfile", "opendir", NULL};
/* Functions returning a pointer that is (void *)-1 on error (MAP_FAILED), never NULL. */
static const char *const minus_one_pointer[] = {"mmap", "mmap64", "shmat", "iconv_open", NULL};

static bool in(const char *name, const char *const *list)
{
    for (size_t i = 0; name && list[i]; i++)
        if (!strcmp(name, list[i])) return true;
    return false;
}

/* The last assignment or initialisation of `decl` that ends before byte `before` in the
 * subtree n: *value gets its right-hand side, *start where it begins. */
static void last_assignment(const cnode_t *n, CXCursor decl, uint32_t before, cnode_t **value, uint32_t *start)
{
    if (n->range.start_byte >= before) return;
    cnode_t *rhs = NULL;
    bool assigns = false;
    if (n->kind == CXCursor_VarDecl && clang_equalCursors(n->cursor, decl)) {
        assigns = true;
        rhs = n->kid_count ? n->kids[n->kid_count - 1] : NULL;
    } else if (n->kind == CXCursor_BinaryOperator && n->kid_count == 2 && !strcmp(n->op, "=")) {
        cnode_t *lhs = c_strip(n->kids[0]);
        if (lhs && lhs->kind == CXCursor_DeclRefExpr && clang_equalCursors(clang_getCursorReferenced(lhs->cursor), decl)) {
            assigns = true;
            rhs = n->kids[1];
        }
    }
    if (assigns && n->range.end_byte <= before && n->range.start_byte >= *start) {
        *value = rhs;
        *start = n->range.start_byte;
    }
    for (uint32_t i = 0; i < n->kid_count; i++) last_assignment(n->kids[i], decl, before, value, start);
}

/* The call whose result `ref` (a local variable) holds at `at`: the right-hand side of the
 * last assignment or initialisation of that variable written before `at` in the body,
 * when that is a call. NULL otherwise. */
static cnode_t *call_held_by(const cnode_t *body, const cnode_t *ref, const cnode_t *at)
{
    cnode_t *value = NULL;
    uint32_t start = 0;
    last_assignment(body, clang_getCursorReferenced(ref->cursor), at->range.start_byte, &value, &start);
    value = c_strip(value);
    return value && value->kind == CXCursor_CallExpr ? value : NULL;
}

/* The call a tested operand stands for: the call itself, an assignment of it, or a local
 * holding its result. */
static cnode_t *tested_call(const cfunc_t *f, cnode_t *operand, const cnode_t *test)
{
    cnode_t *k = c_strip(operand);
    if (!k) return NULL;
    if (k->kind == CXCursor_CallExpr) return k;
    if (k->kind == CXCursor_DeclRefExpr && k->var >= 0) return call_held_by(f->body, k, test);
    if (k->kind == CXCursor_BinaryOperator && k->kid_count == 2 && !strcmp(k->op, "=")) {
        cnode_t *value = c_strip(k->kids[1]); /* while ((n = fscanf(...)) != 0) */
        return value && value->kind == CXCursor_CallExpr ? value : NULL;
    }
    return NULL;
}

static bool constant_of(cnode_t *n, long long *k)
{
    return n && (c_eval_int(n, k) || c_eval_int(c_strip(n), k));
}

/* if (fputs(s, f) == 0), if (fgets(b, n, f) < 0), if (fwrite(...) < 0), p = mmap(...);
 * if (p == NULL), if (fread(buf, 1, sizeof buf, fp) == 0), size_t n = read(...);
 * if (n < 0): tests that can never see the failure they look for. The call may be tested
 * directly (either side of the operator, or under `!`) or through a local that holds its
 * result. */
static void check_return_compare(clang_unit_t *unit, const cfunc_t *f, cnode_t *n, clang_findings_t *out)
{
    bool eq, lt;
    long long k;
    cnode_t *call = NULL, *operand;
    if (n->kind == CXCursor_UnaryOperator && n->kid_count == 1 && !strcmp(n->op, "!")) {
        eq = true, lt = false, k = 0; /* !x is x == 0 */
        operand = n->kids[0];
        call = tested_call(f, operand, n);
    } else if (n->kind == CXCursor_BinaryOperator && n->kid_count == 2) {
        const char *op = n->op;
        eq = !strcmp(op, "==") || !strcmp(op, "!=");
        lt = !strcmp(op, "<") || !strcmp(op, ">=");
        bool gt = !strcmp(op, ">") || !strcmp(op, "<="); /* 0 > x is x < 0 */
        if (!eq && !lt && !gt) return;
        if (constant_of(n->kids[1], &k)) {
            if (gt) return;
            operand = n->kids[0];
        } else if (constant_of(n->kids[0], &k)) {
            if (lt) return;
            lt = gt;
            operand = n->kids[1];
        } else {
            return;
        }
    } else {
        return;
    }
    if (n->kind == CXCursor_BinaryOperator) call = tested_call(f, operand, n);
    if (!call || !call->name) return;
    const char *name = call->name, *why = NULL;
    bool direct = c_strip(n->kids[0]) == call || (n->kid_count == 2 && c_strip(n->kids[1]) == call);
    /* n = snprintf(...); if (n == 0): a test for empty output more often than for failure */
    if (eq && k == 0 && in(name, eof_on_error) && (direct || !strstr(name, "printf")))
        why = "it returns EOF (a negative value) on failure, and 0 can mean success";
    else if (lt && k == 0 && in(name, unsigned_result))
        why = "it returns an unsigned size, which is never negative";
    else if (((lt && k == 0) || (eq && k == -1)) && in(name, pointer_result))
        why = "it returns NULL on failure, not a negative value";
    else if (eq && k == 0 && in(name, minus_one_pointer))
        why = "it returns (void *)-1 (MAP_FAILED) on failure, never NULL";
    int bits;
    bool var_signed, call_signed;
    cnode_t *held = c_strip(operand);
    if (!why && lt && k == 0 && !direct && held && c_int_width(held, &bits, &var_signed) && !var_signed &&
        c_int_width(call, &bits, &call_signed) && call_signed)
        why = "its signed result (-1 on failure) is stored in an unsigned variable, which is never negative";
    bool count_unknown = false;
    if (!why && eq && k == 0 && direct && (!strcmp(name, "fread") || !strcmp(name, "fwrite")) && c_arg_count(call) == 4) {
        /* if (fread(buf, 1, sizeof buf, fp) == 0): a short read passes and its length is
         * thrown away; with a count of 1, 0 is exactly "the item is incomplete" */
        long long count;
        count_unknown = !constant_of(c_arg(call, 2), &count);
        if (count_unknown || count > 1)
            why = "it returns how many items it transferred, and a short count (some but not all) passes a "
                  "test for 0";
    }
    if (!why) return;
    clang_finding_t *f2 = clang_findings_add(out, "c.clang-incorrect-return-check", n->range);
    if (!f2) return;
    snprintf(f2->message, sizeof(f2->message), "this test of %s()'s result cannot detect its failure: %s", name, why);
    if (count_unknown) {
        f2->certainty = CERTAINTY_LOW;
        clang_finding_fact(f2, "certainty_reason", "the item count is not a constant; it may be 1");
    }
    if (!direct) clang_finding_step(f2, call->range, "the result of %s() is stored here", name);
    clang_finding_fact(f2, "call", "%s", name);
    clang_finding_fact(f2, "test", "%s", c_text(unit, n));
}

static void walk(clang_unit_t *unit, const cfunc_t *f, cnode_t *n, clang_findings_t *out)
{
    check_return_compare(unit, f, n, out);
    if (n->kind == CXCursor_CallExpr) {
        check_unchecked(unit, n, out);
        check_truncation(unit, f, n, out);
        check_sizeof(unit, n, out);
    }
    for (uint32_t i = 0; i < n->kid_count; i++) walk(unit, f, n->kids[i], out);
}

void clang_checks_run(clang_unit_t *unit, const cfunc_t *f, clang_findings_t *out)
{
    if (f->body) walk(unit, f, f->body, out);
}
