/* clang_checks.c — AST-and-type checks of one function (see clang_checks.h).
 *
 * An ignored result is a call whose value nobody reads: the call is a statement of its
 * own (a cast to void is a deliberate "I don't care" and is respected). The list of calls
 * is short on purpose: those whose failure changes what the program may do next
 * (privileges, how much was read or written, whether input arrived), not printf. */
#include "analyzer/clang_checks.h"

#include <stdio.h>
#include <string.h>

/* Calls whose ignored result is a flaw in itself (CWE-252): privilege changes that may
 * fail and leave privileges in place, and reads whose length or count says what was
 * filled. Calls whose failure is usually harmless when ignored (unlink, chdir, a write that
 * comes up short) are left out: flagging every one of them is noise. */
static const char *const must_check[] = {
    "setuid", "setgid", "seteuid", "setegid", "setreuid", "setregid", "setresuid", "setresgid",
    "setgroups", "initgroups", "chroot", "read", "pread", "recv", "recvfrom", "fread",
    "fgets", "fgetws", "scanf", "fscanf", "sscanf", "wscanf", "fwscanf", "swscanf", "mkstemp",
    "setrlimit", "pthread_mutex_lock", "mlock", NULL};

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

/* Calls that take a path or a command: a truncated one names something else. */
static const char *const path_users[] = {"fopen", "open", "openat", "creat", "system", "popen", "execl",
                                         "execlp", "execv", "execvp", "execve", "unlink", "remove", "rename",
                                         "chmod", "chown", "mkdir", "rmdir", "stat", "lstat", "access",
                                         "opendir", "truncate", "symlink", "link", NULL};

/* The first call after `from` in body that passes the variable `decl` to a path user. */
static const cnode_t *path_use_after(const cnode_t *n, const cnode_t *from, CXCursor decl)
{
    if (n->kind == CXCursor_CallExpr && n->range.start_byte > from->range.end_byte && n->name) {
        bool user = false;
        for (size_t i = 0; path_users[i]; i++) user |= !strcmp(n->name, path_users[i]);
        for (uint32_t i = 0; user && i < c_arg_count(n); i++) {
            cnode_t *a = c_strip(c_arg(n, i));
            if (a && a->kind == CXCursor_DeclRefExpr && clang_equalCursors(clang_getCursorReferenced(a->cursor), decl))
                return n;
        }
    }
    for (uint32_t i = 0; i < n->kid_count; i++) {
        const cnode_t *hit = path_use_after(n->kids[i], from, decl);
        if (hit) return hit;
    }
    return NULL;
}

/* snprintf(buf, ...) whose truncation is ignored, then buf is used as a path or command. */
static void check_truncation(const cfunc_t *f, cnode_t *n, clang_findings_t *out)
{
    if (!n->name || (strcmp(n->name, "snprintf") && strcmp(n->name, "vsnprintf")) || !result_ignored(n) ||
        c_arg_count(n) < 3)
        return;
    cnode_t *dst = c_strip(c_arg(n, 0));
    if (!dst || dst->kind != CXCursor_DeclRefExpr) return;
    const cnode_t *use = path_use_after(f->body, n, clang_getCursorReferenced(dst->cursor));
    if (!use) return;
    clang_finding_t *f2 = clang_findings_add(out, "c.clang-unchecked-return", n->range);
    if (!f2) return;
    snprintf(f2->message, sizeof(f2->message),
             "%s() may truncate '%s' without anyone noticing, and %s() then uses it as a path or command",
             n->name, dst->name, use->name);
    clang_finding_step(f2, n->range, "the result (the length it wanted) is ignored");
    clang_finding_step(f2, use->range, "the possibly truncated string is used here");
    clang_finding_fact(f2, "call", "%s", n->name);
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

/* sizeof(p) where p is a pointer variable that the same call writes or that receives
 * the allocation: the pointee's size was meant. */
static cnode_t *sizeof_pointer_var(cnode_t *n)
{
    n = c_strip(n);
    if (!n) return NULL;
    if (n->kind == CXCursor_BinaryOperator && n->kid_count == 2 && n->op[0] == '*') {
        cnode_t *a = sizeof_pointer_var(n->kids[0]);
        return a ? a : sizeof_pointer_var(n->kids[1]);
    }
    if (n->kind != CXCursor_UnaryExpr || n->kid_count != 1) return NULL;
    cnode_t *k = c_strip(n->kids[0]);
    if (!k || k->kind != CXCursor_DeclRefExpr) return NULL;
    CXType t = clang_getCanonicalType(clang_getCursorType(k->cursor));
    return t.kind == CXType_Pointer ? k : NULL;
}

static bool same_decl(const cnode_t *a, const cnode_t *b)
{
    a = c_strip((cnode_t *)a);
    b = c_strip((cnode_t *)b);
    if (!a || !b || a->kind != CXCursor_DeclRefExpr || b->kind != CXCursor_DeclRefExpr) return false;
    return clang_equalCursors(clang_getCursorReferenced(a->cursor), clang_getCursorReferenced(b->cursor));
}

static void check_sizeof(clang_unit_t *unit, cnode_t *call, clang_findings_t *out)
{
    const char *name = call->name;
    if (!name) return;
    int size_arg = -1;
    if (!strcmp(name, "malloc")) size_arg = 0;
    else if (!strcmp(name, "memcpy") || !strcmp(name, "memmove") || !strcmp(name, "memset") ||
             !strcmp(name, "strncpy") || !strcmp(name, "strncat") || !strcmp(name, "read") ||
             !strcmp(name, "realloc"))
        size_arg = 2;
    else if (!strcmp(name, "fgets") || !strcmp(name, "snprintf")) size_arg = 1;
    if (!strcmp(name, "realloc")) size_arg = 1;
    if (!strcmp(name, "read")) size_arg = 2;
    if (size_arg < 0 || (uint32_t)size_arg >= c_arg_count(call)) return;
    cnode_t *ptr = sizeof_pointer_var(c_arg(call, (uint32_t)size_arg));
    if (!ptr) return;
    bool related = false;
    if (!strcmp(name, "malloc") || !strcmp(name, "realloc")) {
        /* T *p = malloc(sizeof(p)) or p = malloc(sizeof(p)) */
        cnode_t *p = call->parent;
        while (p && (p->kind == CXCursor_UnexposedExpr || p->kind == CXCursor_CStyleCastExpr ||
                     p->kind == CXCursor_ParenExpr))
            p = p->parent;
        if (p && p->kind == CXCursor_VarDecl)
            related = clang_equalCursors(p->cursor, clang_getCursorReferenced(ptr->cursor));
        else if (p && p->kind == CXCursor_BinaryOperator && !strcmp(p->op, "=") && p->kid_count == 2)
            related = same_decl(p->kids[0], ptr);
        if (related) {
            /* a pointer to pointers wants sizeof(pointer): fine */
            CXType t = clang_getCanonicalType(clang_getCursorType(ptr->cursor));
            CXType pointee = clang_getCanonicalType(clang_getPointeeType(t));
            if (pointee.kind == CXType_Pointer) related = false;
        }
    } else {
        for (uint32_t i = 0; i < c_arg_count(call); i++)
            if ((int)i != size_arg && same_decl(c_arg(call, i), ptr)) related = true;
    }
    if (!related) return;
    clang_finding_t *f = clang_findings_add(out, "c.clang-sizeof-pointer", call->range);
    if (!f) return;
    snprintf(f->message, sizeof(f->message),
             "sizeof(%s) is the size of the pointer, not of what it points to, in this call to %s()", ptr->name, name);
    clang_finding_fact(f, "pointer", "%s", ptr->name);
    clang_finding_fact(f, "pointer_size", "%lld", clang_Type_getSizeOf(clang_getCursorType(ptr->cursor)));
    (void)unit;
}

/* Functions whose failure is EOF / a negative value, never 0: `== 0` tests success. */
static const char *const eof_on_error[] = {
    "fputc", "fputs", "putc", "putchar", "puts", "fputwc", "putwc", "putwchar", "fputws", "fprintf",
    "printf", "fwprintf", "wprintf", "snprintf", "sprintf", "swprintf", "vsnprintf", "sscanf", "scanf",
    "fscanf", "swscanf", "wscanf", "fwscanf", "fclose", "fflush", NULL};
/* Functions returning size_t: never negative. */
static const char *const unsigned_result[] = {"fread", "fwrite", "strlen", "wcslen", "strspn", NULL};
/* Functions returning a pointer: NULL on error, never negative. */
static const char *const pointer_result[] = {"fgets", "fgetws", "fopen", "malloc", "calloc", "realloc",
                                             "strdup", "getenv", "strchr", "strstr", "tmpfile", NULL};

static bool in(const char *name, const char *const *list)
{
    for (size_t i = 0; name && list[i]; i++)
        if (!strcmp(name, list[i])) return true;
    return false;
}

/* if (fputs(s, f) == 0), if (fgets(b, n, f) < 0), if (fwrite(...) < 0): checks that can
 * never see the failure they look for. */
static void check_return_compare(clang_unit_t *unit, cnode_t *n, clang_findings_t *out)
{
    if (n->kind != CXCursor_BinaryOperator || n->kid_count != 2) return;
    const char *op = n->op;
    bool eq = !strcmp(op, "==") || !strcmp(op, "!="), lt = !strcmp(op, "<") || !strcmp(op, ">=");
    if (!eq && !lt) return;
    cnode_t *call = c_strip(n->kids[0]), *other = n->kids[1];
    if (!call || call->kind != CXCursor_CallExpr) return;
    long long k;
    if (!c_eval_int(other, &k) && !c_eval_int(c_strip(other), &k)) return;
    const char *name = call->name, *why = NULL;
    if (eq && k == 0 && in(name, eof_on_error))
        why = "it returns EOF (a negative value) on failure, and 0 can mean success";
    else if (lt && k == 0 && in(name, unsigned_result))
        why = "it returns an unsigned size, which is never negative";
    else if ((lt && k == 0) || (eq && k == -1)) {
        if (in(name, pointer_result)) why = "it returns NULL on failure, not a negative value";
    }
    if (!why) return;
    clang_finding_t *f = clang_findings_add(out, "c.clang-incorrect-return-check", n->range);
    if (!f) return;
    snprintf(f->message, sizeof(f->message), "this test of %s()'s result cannot detect its failure: %s", name, why);
    clang_finding_fact(f, "call", "%s", name);
    clang_finding_fact(f, "test", "%s", c_text(unit, n));
}

static void walk(clang_unit_t *unit, const cfunc_t *f, cnode_t *n, clang_findings_t *out)
{
    check_return_compare(unit, n, out);
    if (n->kind == CXCursor_CallExpr) {
        check_unchecked(unit, n, out);
        check_truncation(f, n, out);
        check_sizeof(unit, n, out);
    }
    for (uint32_t i = 0; i < n->kid_count; i++) walk(unit, f, n->kids[i], out);
}

void clang_checks_run(clang_unit_t *unit, const cfunc_t *f, clang_findings_t *out)
{
    if (f->body) walk(unit, f, f->body, out);
}
