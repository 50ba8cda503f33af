/* clang_calls.c — what library calls do to the path state: allocators and free, files
 * and descriptors, sources of untrusted data (argv is a parameter; getenv, fgets, read,
 * recv, scanf, rand), the sinks that must not see it (format strings, commands, sizes),
 * and buffer sizes of copies (memcpy, strcpy, fgets, snprintf ...).
 *
 * Calls the tables do not know are handled generally: pointers passed to them may be
 * kept or freed there (so the allocation "escapes" and is not reported as leaked) unless
 * the parameter points to const or the function is declared in a system header; a freed
 * pointer passed to any function is a use after free. */
#include "analyzer/clang/paths/clang_paths_int.h"

#include <stdio.h>
#include <string.h>

#define MAX_ARGS 24

typedef enum {
    M_NONE, M_MALLOC, M_CALLOC, M_REALLOC, M_STRDUP, M_ALLOCA, M_FREE, M_FOPEN, M_FCLOSE, M_OPEN,
    M_CLOSE, M_GETENV, M_READ_BUF, M_GETLINE, M_SCAN, M_RAND, M_TO_NUMBER, M_STRLEN, M_COPY_SIZED, M_READ_SIZED,
    M_STRCPY, M_MEMSET, M_SNPRINTF, M_SPRINTF, M_PRINTF, M_COMMAND, M_EXEC, M_NOESCAPE_KEEP,
} model_t;

typedef struct {
    const char *name;
    model_t model;
    int8_t a, b, c;     /* model-specific argument positions (-1: none) */
    uint8_t deref_mask; /* arguments the callee dereferences */
    int8_t elem;        /* 2: sizes count wide characters (wchar_t = 4 bytes) */
} libcall_t;

/* a: buffer/pointer, b: source or format, c: size */
static const libcall_t calls[] = {
    {"malloc", M_MALLOC, 0, -1, -1, 0, 0},      {"calloc", M_CALLOC, 0, 1, -1, 0, 0},
    {"realloc", M_REALLOC, 0, 1, -1, 0, 0},     {"aligned_alloc", M_MALLOC, 1, -1, -1, 0, 0},
    {"valloc", M_MALLOC, 0, -1, -1, 0, 0},      {"strdup", M_STRDUP, 0, -1, -1, 1, 0},
    {"strndup", M_STRDUP, 0, -1, -1, 1, 0},     {"wcsdup", M_STRDUP, 0, -1, -1, 1, 0},
    {"alloca", M_ALLOCA, 0, -1, -1, 0, 0},      {"__builtin_alloca", M_ALLOCA, 0, -1, -1, 0, 0},
    {"free", M_FREE, 0, -1, -1, 0, 0},
    {"fopen", M_FOPEN, -1, -1, -1, 3, 0},       {"fdopen", M_FOPEN, -1, -1, -1, 2, 0},
    {"tmpfile", M_FOPEN, -1, -1, -1, 0, 0},     {"popen", M_FOPEN, 0, -1, -1, 3, 0},
    {"fclose", M_FCLOSE, 0, -1, -1, 1, 0},      {"pclose", M_FCLOSE, 0, -1, -1, 1, 0},
    {"open", M_OPEN, -1, -1, -1, 1, 0},         {"openat", M_OPEN, -1, -1, -1, 2, 0},
    {"creat", M_OPEN, -1, -1, -1, 1, 0},        {"socket", M_OPEN, -1, -1, -1, 0, 0},
    {"accept", M_OPEN, -1, -1, -1, 0, 0},       {"close", M_CLOSE, 0, -1, -1, 0, 0},
    {"getenv", M_GETENV, -1, -1, -1, 1, 0},     {"secure_getenv", M_GETENV, -1, -1, -1, 1, 0},
    {"fgets", M_READ_BUF, 0, -1, 1, 5, 1},      {"fgetws", M_READ_BUF, 0, -1, 1, 5, 2},
    {"gets", M_READ_BUF, 0, -1, -1, 1, 1},      {"read", M_READ_BUF, 1, -1, 2, 2, 0},
    {"recv", M_READ_BUF, 1, -1, 2, 2, 0},       {"recvfrom", M_READ_BUF, 1, -1, 2, 2, 0},
    {"fread", M_READ_BUF, 0, -1, -1, 9, 0},     {"pread", M_READ_BUF, 1, -1, 2, 2, 0},
    {"getline", M_GETLINE, 0, -1, -1, 7, 0},    {"getdelim", M_GETLINE, 0, -1, -1, 11, 0},
    {"scanf", M_SCAN, -1, 0, -1, 1, 0},         {"wscanf", M_SCAN, -1, 0, -1, 1, 0},
    {"fscanf", M_SCAN, -1, 1, -1, 3, 0},        {"fwscanf", M_SCAN, -1, 1, -1, 3, 0},
    {"sscanf", M_SCAN, 0, 1, -1, 3, 0},         {"swscanf", M_SCAN, 0, 1, -1, 3, 0},
    {"rand", M_RAND, -1, -1, -1, 0, 0},         {"random", M_RAND, -1, -1, -1, 0, 0},
    {"lrand48", M_RAND, -1, -1, -1, 0, 0},      {"mrand48", M_RAND, -1, -1, -1, 0, 0},
    {"atoi", M_TO_NUMBER, 0, -1, -1, 1, 0},     {"atol", M_TO_NUMBER, 0, -1, -1, 1, 0},
    {"atoll", M_TO_NUMBER, 0, -1, -1, 1, 0},    {"atof", M_TO_NUMBER, 0, -1, -1, 1, 0},
    {"strtol", M_TO_NUMBER, 0, -1, -1, 1, 0},   {"strtoul", M_TO_NUMBER, 0, -1, -1, 1, 0},
    {"strtoll", M_TO_NUMBER, 0, -1, -1, 1, 0},  {"strtoull", M_TO_NUMBER, 0, -1, -1, 1, 0},
    {"strtod", M_TO_NUMBER, 0, -1, -1, 1, 0},   {"wcstol", M_TO_NUMBER, 0, -1, -1, 1, 0},
    {"wcstoul", M_TO_NUMBER, 0, -1, -1, 1, 0},
    {"strlen", M_STRLEN, 0, -1, -1, 1, 1},      {"wcslen", M_STRLEN, 0, -1, -1, 1, 2},
    {"memcpy", M_COPY_SIZED, 0, 1, 2, 3, 0},    {"memmove", M_COPY_SIZED, 0, 1, 2, 3, 0},
    {"wmemcpy", M_COPY_SIZED, 0, 1, 2, 3, 2},   {"wmemmove", M_COPY_SIZED, 0, 1, 2, 3, 2},
    {"strncpy", M_COPY_SIZED, 0, 1, 2, 3, 1},   {"wcsncpy", M_COPY_SIZED, 0, 1, 2, 3, 2},
    {"strncat", M_COPY_SIZED, 0, 1, 2, 3, 1},   {"wcsncat", M_COPY_SIZED, 0, 1, 2, 3, 2},
    {"memcmp", M_READ_SIZED, 0, 1, 2, 3, 0},    {"memchr", M_READ_SIZED, 0, -1, 2, 1, 0},
    {"write", M_READ_SIZED, 1, -1, 2, 2, 0},    {"send", M_READ_SIZED, 1, -1, 2, 2, 0},
    {"sendto", M_READ_SIZED, 1, -1, 2, 2, 0},
    {"strcpy", M_STRCPY, 0, 1, -1, 3, 1},       {"wcscpy", M_STRCPY, 0, 1, -1, 3, 2},
    {"strcat", M_STRCPY, 0, 1, -1, 3, 1},       {"wcscat", M_STRCPY, 0, 1, -1, 3, 2},
    {"memset", M_MEMSET, 0, -1, 2, 1, 0},       {"wmemset", M_MEMSET, 0, -1, 2, 1, 2},
    {"snprintf", M_SNPRINTF, 0, 2, 1, 1, 1},    {"vsnprintf", M_SNPRINTF, 0, 2, 1, 1, 1},
    {"swprintf", M_SNPRINTF, 0, 2, 1, 1, 2},    {"vswprintf", M_SNPRINTF, 0, 2, 1, 1, 2},
    {"sprintf", M_SPRINTF, 0, 1, -1, 1, 1},     {"vsprintf", M_SPRINTF, 0, 1, -1, 1, 1},
    {"printf", M_PRINTF, -1, 0, -1, 0, 0},      {"vprintf", M_PRINTF, -1, 0, -1, 0, 0},
    {"wprintf", M_PRINTF, -1, 0, -1, 0, 0},     {"vwprintf", M_PRINTF, -1, 0, -1, 0, 0},
    {"fprintf", M_PRINTF, -1, 1, -1, 1, 0},     {"vfprintf", M_PRINTF, -1, 1, -1, 1, 0},
    {"fwprintf", M_PRINTF, -1, 1, -1, 1, 0},    {"vfwprintf", M_PRINTF, -1, 1, -1, 1, 0},
    {"dprintf", M_PRINTF, -1, 1, -1, 0, 0},     {"syslog", M_PRINTF, -1, 1, -1, 0, 0},
    {"vsyslog", M_PRINTF, -1, 1, -1, 0, 0},     {"asprintf", M_PRINTF, -1, 1, -1, 0, 0},
    {"vasprintf", M_PRINTF, -1, 1, -1, 0, 0},   {"warn", M_PRINTF, -1, 0, -1, 0, 0},
    {"warnx", M_PRINTF, -1, 0, -1, 0, 0},       {"vwarn", M_PRINTF, -1, 0, -1, 0, 0},
    {"vwarnx", M_PRINTF, -1, 0, -1, 0, 0},      {"err", M_PRINTF, -1, 1, -1, 0, 0},
    {"errx", M_PRINTF, -1, 1, -1, 0, 0},        {"verr", M_PRINTF, -1, 1, -1, 0, 0},
    {"verrx", M_PRINTF, -1, 1, -1, 0, 0},
    {"system", M_COMMAND, 0, -1, -1, 0, 0},
    {"execl", M_EXEC, -1, -1, -1, 0, 0},        {"execlp", M_EXEC, -1, -1, -1, 0, 0},
    {"execle", M_EXEC, -1, -1, -1, 0, 0},       {"execv", M_EXEC, -1, -1, -1, 0, 0},
    {"execvp", M_EXEC, -1, -1, -1, 0, 0},       {"execve", M_EXEC, -1, -1, -1, 0, 0},
    {"execvpe", M_EXEC, -1, -1, -1, 0, 0},
    {"strcmp", M_NONE, -1, -1, -1, 3, 0},       {"strncmp", M_NONE, -1, -1, -1, 3, 0},
    {"strchr", M_NONE, -1, -1, -1, 1, 0},       {"strstr", M_NONE, -1, -1, -1, 3, 0},
    {"fputs", M_NONE, -1, -1, -1, 3, 0},        {"fputws", M_NONE, -1, -1, -1, 3, 0},
    {"puts", M_NONE, -1, -1, -1, 1, 0},         {"fwrite", M_READ_SIZED, 0, -1, 2, 9, 0},
    {"fputc", M_NONE, -1, -1, -1, 2, 0},        {"fgetc", M_NONE, -1, -1, -1, 1, 0},
    {"putenv", M_NOESCAPE_KEEP, -1, -1, -1, 1, 0}, {"setvbuf", M_NOESCAPE_KEEP, -1, -1, -1, 0, 0},
    {"pthread_create", M_NOESCAPE_KEEP, -1, -1, -1, 0, 0},
    {NULL, M_NONE, -1, -1, -1, 0, 0},
};

/* The model of a call, looked up once per call node (1 + table index, -1 none). */
static const libcall_t *lookup(cnode_t *call)
{
    if (call->call_model == 0) {
        call->call_model = -1;
        /* a call through a pointer (c->funcs->read(c, buf, n)) is not the library's read */
        CXCursor fn = clang_getCursorReferenced(call->cursor);
        if (clang_Cursor_isNull(fn) || clang_getCursorKind(fn) != CXCursor_FunctionDecl) return NULL;
        for (size_t i = 0; call->name && calls[i].name; i++)
            if (strcmp(calls[i].name, call->name) == 0) {
                call->call_model = (int16_t)(i + 1);
                break;
            }
    }
    return call->call_model > 0 ? &calls[call->call_model - 1] : NULL;
}

/* ---- helpers ---------------------------------------------------------------------- */

static unsigned taint_of(const pstate_t *s, aval_t v)
{
    unsigned t = v.taint & (TAINT | TAINT_NUMERIC);
    if (!(t & TAINT) && v.obj >= 0) t = s->o[v.obj].tainted;
    return t;
}

static bool is_string_taint(unsigned t)
{
    return (t & TAINT) && !(t & TAINT_NUMERIC);
}

/* Taint of data joined from two sources: untrusted text in either makes the whole text;
 * only numbers from both stay numbers (TAINT_NUMERIC). */
static uint8_t taint_join(unsigned a, unsigned b)
{
    if (is_string_taint(a) || is_string_taint(b)) return TAINT;
    return (uint8_t)((a | b) & (TAINT | TAINT_NUMERIC));
}

static void taint_flow(pctx_t *cx, const pstate_t *s, clang_finding_t *f, aval_t v)
{
    if (v.obj >= 0 && (s->o[v.obj].tainted & TAINT)) paths_flow_for(cx, s, f, v.obj, -1, (1u << EV_TAINT));
    else paths_flow_for(cx, s, f, v.taint_obj, v.taint_var >= 0 ? v.taint_var : v.var, (1u << EV_TAINT));
}

static void taint_buffer(pctx_t *cx, pstate_t *s, aval_t dst, cnode_t *arg, cnode_t *call, unsigned taint)
{
    /* read(fd, &len, sizeof len): the integer itself is the input (any value) */
    cnode_t *a = c_strip(arg);
    cnode_t *v = a && a->kind == CXCursor_UnaryOperator && !strcmp(a->op, "&") && a->kid_count
                     ? c_strip(a->kids[0]) : NULL;
    if (v && v->kind == CXCursor_DeclRefExpr && v->var >= 0 && v->var < PATH_MAX_VARS &&
        cx->f->vars[v->var].is_integer) {
        s->v[v->var].taint = TAINT | TAINT_NUMERIC;
        s->v[v->var].r = paths_eval_unknown().r;
        s->v[v->var].null = 0;
        s->v[v->var].init = 1;
        paths_event_add(cx, s, EV_TAINT, call, -1, v->var, "untrusted value is read here");
        return;
    }
    if (dst.obj >= 0) {
        s->o[dst.obj].tainted = taint_join(s->o[dst.obj].tainted, taint);
        paths_event_add(cx, s, EV_TAINT, call, dst.obj, -1, "untrusted data is read into the buffer here");
        return;
    }
    cnode_t *k = c_strip(arg);
    if (k && k->kind == CXCursor_DeclRefExpr && k->var >= 0 && k->var < PATH_MAX_VARS) {
        s->v[k->var].taint |= (uint8_t)taint;
        paths_event_add(cx, s, EV_TAINT, call, -1, k->var, "untrusted data is read into the buffer here");
    }
}

static const char *buffer_cwe_rule(const pstate_t *s, aval_t dst, int *cwe)
{
    *cwe = 787;
    if (dst.obj >= 0 && s->o[dst.obj].kind == OBJ_HEAP) *cwe = 122;
    else if (dst.obj >= 0 && s->o[dst.obj].kind == OBJ_STACK) *cwe = 121;
    return "c.clang-buffer-overflow";
}

/* Adds a finding of rule at range, graded low when low_reason is set. Findings are kept
 * once per rule and place, and paths are walked in any order: a certain finding replaces
 * a low one an earlier path left at the same place (the defect is proved on some path),
 * a low one never displaces a certain one. */
static clang_finding_t *graded_finding(pctx_t *cx, const char *rule, source_range_t range, const char *low_reason)
{
    clang_findings_t *list = cx->out;
    if (list->muted) return NULL;
    clang_finding_t *f = NULL;
    for (size_t i = 0; i < list->count && !f; i++) {
        clang_finding_t *old = &list->items[i];
        if (old->range.start_byte != range.start_byte || old->range.start_line != range.start_line ||
            strcmp(old->rule_id, rule) != 0)
            continue;
        if (low_reason || old->certainty != CERTAINTY_LOW) return NULL;
        memset(old, 0, sizeof(*old));
        old->rule_id = rule;
        old->range = range;
        f = old;
    }
    if (!f) f = clang_findings_add(list, rule, range);
    if (f && low_reason) {
        f->certainty = CERTAINTY_LOW;
        clang_finding_fact(f, "certainty_reason", "%s", low_reason);
    }
    return f;
}

static void overflow_finding(pctx_t *cx, pstate_t *s, cnode_t *call, aval_t dst, long long dst_bytes,
                             const char *what, long long n, const char *src_text, const char *low_reason)
{
    int cwe;
    const char *rule = buffer_cwe_rule(s, dst, &cwe);
    clang_finding_t *f = graded_finding(cx, rule, call->range, low_reason);
    if (!f) return;
    f->cwe = cwe;
    if (n >= 0)
        snprintf(f->message, sizeof(f->message), "%s() writes up to %lld bytes into a %lld-byte buffer", what, n,
                 dst_bytes);
    else
        snprintf(f->message, sizeof(f->message), "%s() copies %s into a %lld-byte buffer without a bound", what,
                 src_text, dst_bytes);
    paths_flow_for(cx, s, f, dst.obj, -1, (1u << EV_ALLOC) | (1u << EV_ASSIGN));
    if (n < 0 && src_text) clang_finding_fact(f, "src", "%s", src_text);
    clang_finding_step(f, call->range, "buffer overflows here");
    clang_finding_fact(f, "dst_size", "%lld", dst_bytes);
    if (n >= 0) clang_finding_fact(f, "write_size", "%lld", n);
}

static void overread_finding(pctx_t *cx, pstate_t *s, cnode_t *call, aval_t src, long long src_bytes,
                             const char *what, long long n, const char *low_reason)
{
    clang_finding_t *f = graded_finding(cx, "c.clang-buffer-overread", call->range, low_reason);
    if (!f) return;
    snprintf(f->message, sizeof(f->message), "%s() reads up to %lld bytes from a %lld-byte buffer", what, n,
             src_bytes);
    paths_flow_for(cx, s, f, src.obj, -1, (1u << EV_ALLOC) | (1u << EV_ASSIGN));
    clang_finding_step(f, call->range, "reads past the end here");
    clang_finding_fact(f, "src_size", "%lld", src_bytes);
    clang_finding_fact(f, "read_size", "%lld", n);
}

static void tainted_size_finding(pctx_t *cx, pstate_t *s, cnode_t *call, aval_t size, const char *what, int cwe)
{
    if (!(size.taint & TAINT) || (size.taint & TAINT_UPPER)) return;
    clang_finding_t *f = clang_findings_add(cx->out, "c.clang-tainted-size", call->range);
    if (!f) return;
    f->cwe = cwe;
    snprintf(f->message, sizeof(f->message),
             "the size passed to %s() comes from untrusted input and has no upper bound check", what);
    taint_flow(cx, s, f, size);
    clang_finding_step(f, call->range, "used as a size here");
}

/* Size in bytes for a count of `elem`-kind units. */
static long long unit_bytes(int8_t elem, long long count)
{
    if (count < 0 || count == RANGE_MAX) return -1;
    return elem == 2 ? count * 4 : count;
}

static long long upper(aval_t v)
{
    return v.r.hi == RANGE_MAX || v.r.lo == RANGE_MIN ? -1 : v.r.hi;
}

static bool param_points_to_const(const cnode_t *call, uint32_t i, bool *known)
{
    *known = false;
    CXCursor fn = clang_getCursorReferenced(call->cursor);
    if (clang_Cursor_isNull(fn)) return false;
    CXType t = clang_getCursorType(fn);
    int n = clang_getNumArgTypes(t);
    if (n < 0 || (int)i >= n) return false;
    *known = true;
    CXType p = clang_getCanonicalType(clang_getArgType(t, i));
    if (p.kind != CXType_Pointer) return false;
    return clang_isConstQualifiedType(clang_getPointeeType(p));
}

static bool declared_in_system_header(const cnode_t *call)
{
    CXCursor fn = clang_getCursorReferenced(call->cursor);
    if (clang_Cursor_isNull(fn)) return false;
    return clang_Location_isInSystemHeader(clang_getCursorLocation(fn)) != 0;
}

/* ---- the models ------------------------------------------------------------------- */

static aval_t model_alloc(pctx_t *cx, pstate_t *s, cnode_t *call, const libcall_t *m, aval_t *args, uint32_t n)
{
    aval_t r = paths_eval_unknown();
    const char *what = m->name;
    if (m->model == M_ALLOCA) {
        r.obj = paths_obj_new(cx, s, OBJ_STACK, ST_NONNULL, call, what);
        r.null = 2;
    } else {
        r.obj = paths_obj_new(cx, s, OBJ_HEAP, ST_MAYBE_NULL, call, what);
    }
    long long bytes = -1;
    int size_index = m->model == M_REALLOC ? 1 : m->model == M_CALLOC ? -1 : m->a;
    if (m->model == M_CALLOC && n >= 2) { /* both factors must be known or checked */
        unsigned seen = 0;
        for (int i = 0; i < 2; i++) {
            aval_t v = args[i];
            seen |= (v.taint & TAINT) ? ((v.taint & TAINT_UPPER) ? SEEN_CLEAN : SEEN_TAINTED)
                    : (v.r.hi != RANGE_MAX && v.r.lo != RANGE_MIN) ? SEEN_CLEAN : SEEN_UNKNOWN;
        }
        clang_findings_note(cx->out, NOTE_ALLOC_SIZE, call->range, seen);
    } else if (size_index >= 0 && (uint32_t)size_index < n) {
        aval_t v = args[size_index];
        unsigned seen = (v.taint & TAINT) ? ((v.taint & TAINT_UPPER) ? SEEN_CLEAN : SEEN_TAINTED)
                        : (v.r.hi != RANGE_MAX && v.r.lo != RANGE_MIN) ? SEEN_CLEAN : SEEN_UNKNOWN;
        clang_findings_note(cx->out, NOTE_ALLOC_SIZE, call->range, seen);
    }
    if (m->model == M_MALLOC || m->model == M_ALLOCA) {
        if (m->a >= 0 && (uint32_t)m->a < n) {
            if (paths_range_known(args[m->a].r)) bytes = args[m->a].r.lo;
            tainted_size_finding(cx, s, call, args[m->a], what, 789);
        }
    } else if (m->model == M_CALLOC && n >= 2) {
        if (paths_range_known(args[0].r) && paths_range_known(args[1].r)) bytes = args[0].r.lo * args[1].r.lo;
        tainted_size_finding(cx, s, call, (args[0].taint & TAINT) ? args[0] : args[1], what, 789);
    } else if (m->model == M_REALLOC && n >= 2) {
        if (paths_range_known(args[1].r)) bytes = args[1].r.lo;
        tainted_size_finding(cx, s, call, args[1], what, 789);
        if (args[0].obj >= 0 && s->o[args[0].obj].kind == OBJ_HEAP && s->o[args[0].obj].status != ST_FREED)
            s->o[args[0].obj].status = ST_ESCAPED; /* freed by realloc on success, kept on failure */
    }
    if (r.obj >= 0) {
        s->o[r.obj].bytes = bytes;
        if (m->model == M_MALLOC || m->model == M_ALLOCA) paths_contents_track(s, r.obj); /* not zeroed */
        paths_event_add(cx, s, EV_ALLOC, call, r.obj, -1, NULL);
    }
    return r;
}

/* A name or a member: evaluating it again has no side effects. */
static bool pure_operand(const cnode_t *k)
{
    return k && (k->kind == CXCursor_DeclRefExpr || k->kind == CXCursor_MemberRefExpr);
}

/* &p[k]: the address of an element of what p points to, moved from its start unless k
 * may be 0. Other pointers are returned as evaluated (v). */
static aval_t element_address(pctx_t *cx, pstate_t *s, cnode_t *arg, aval_t v)
{
    cnode_t *k = c_strip(arg);
    if (v.obj >= 0 || !k || k->kind != CXCursor_UnaryOperator || strcmp(k->op, "&") != 0 || k->kid_count != 1)
        return v;
    cnode_t *e = c_strip(k->kids[0]);
    if (!e || e->kind != CXCursor_ArraySubscriptExpr || e->kid_count != 2 || !pure_operand(c_strip(e->kids[0])))
        return v;
    long long index;
    if (!c_eval_int(e->kids[1], &index) && !c_eval_int(c_strip(e->kids[1]), &index)) return v;
    cx->out->muted++;
    aval_t base = paths_eval_expr(cx, s, e->kids[0]);
    cx->out->muted--;
    if (base.obj < 0) return v;
    base.offset = base.offset || index != 0;
    return base;
}

static void model_free(pctx_t *cx, pstate_t *s, cnode_t *call, aval_t p)
{
    cnode_t *arg = c_arg(call, 0);
    if (p.obj < 0 && c_array_bytes(arg) > 0) { /* free(entry->name) of a char name[32] member */
        clang_finding_t *f = clang_findings_add(cx->out, "c.clang-free-non-heap", call->range);
        if (f) {
            snprintf(f->message, sizeof(f->message), "free() of an array (%s), which is not a heap pointer",
                     c_text(cx->unit, c_strip(arg)));
            clang_finding_step(f, call->range, "freed here");
        }
        return;
    }
    if (p.obj < 0) return;
    pobj_t *o = &s->o[p.obj];
    if (o->kind == OBJ_STACK || o->kind == OBJ_STATIC) {
        clang_finding_t *f = clang_findings_add(cx->out, "c.clang-free-non-heap", call->range);
        if (f) {
            snprintf(f->message, sizeof(f->message), "free() of memory that was not allocated on the heap (%s)",
                     o->what);
            clang_finding_step(f, o->site->range, "not heap memory: %s", o->what);
            paths_flow_for(cx, s, f, p.obj, -1, (1u << EV_ASSIGN));
            clang_finding_step(f, call->range, "freed here");
        }
        return;
    }
    if (o->kind != OBJ_HEAP) return;
    if (o->status == ST_FREED) {
        clang_finding_t *f =
            paths_finding_graded(cx, "c.clang-double-free", call->range, paths_lost_pass_reason(cx, call));
        if (f) {
            /* a block the walk did not see allocated came in through a parameter: its
             * site is the function itself, and there is no allocator to name */
            if (o->site && o->site->kind == CXCursor_FunctionDecl)
                snprintf(f->message, sizeof(f->message),
                         "memory passed in by the caller is freed twice on this path");
            else
                snprintf(f->message, sizeof(f->message), "memory allocated by %s() is freed twice on this path",
                         o->what);
            paths_flow_for(cx, s, f, p.obj, -1, (1u << EV_ALLOC) | (1u << EV_FREE));
            clang_finding_step(f, call->range, "freed again here");
        }
        return;
    }
    if (p.offset && o->status != ST_NULL) {
        clang_finding_t *f = clang_findings_add(cx->out, "c.clang-free-offset-pointer", call->range);
        if (f) {
            snprintf(f->message, sizeof(f->message),
                     "free() of a pointer that no longer points to the start of its allocation");
            paths_flow_for(cx, s, f, p.obj, -1, (1u << EV_ALLOC) | (1u << EV_ASSIGN));
            clang_finding_step(f, call->range, "freed here");
        }
    }
    if (o->status == ST_NULL) return;
    o->status = ST_FREED;
    paths_event_add(cx, s, EV_FREE, call, p.obj, -1, NULL);
}

/* What the walk knows of a string argument's text on this path (SEEN_*): a literal or a
 * buffer of this function whose contents it wrote itself is clean, text from untrusted
 * input is tainted, anything else (a parameter, a global, a call's result) is unknown. */
static unsigned text_seen(pstate_t *s, cnode_t *arg, aval_t v)
{
    cnode_t *k = c_strip(arg);
    if ((k && k->kind == CXCursor_StringLiteral) ||
        (v.obj >= 0 && s->o[v.obj].kind == OBJ_STATIC && s->o[v.obj].site->kind == CXCursor_StringLiteral))
        return SEEN_CLEAN;
    if (is_string_taint(taint_of(s, v))) return SEEN_TAINTED;
    if (v.obj >= 0 && !s->o[v.obj].opaque && !s->o[v.obj].foreign && s->o[v.obj].kind != OBJ_FILE &&
        s->o[v.obj].kind != OBJ_FD)
        return SEEN_CLEAN;
    return SEEN_UNKNOWN;
}

/* Marks dst as holding text from outside the function when the text written into it is
 * neither a constant nor untrusted input the walk saw (then it is the taint's business). */
static void mark_foreign(pstate_t *s, aval_t dst, cnode_t *src_arg, aval_t src)
{
    if (dst.obj >= 0 && src_arg && !c_is_integer(src_arg) && text_seen(s, src_arg, src) == SEEN_UNKNOWN)
        s->o[dst.obj].foreign = 1;
}

/* Whether n writes local `var` or takes its address (after which anything may write it). */
static bool writes_var(const cnode_t *n, int var)
{
    bool assign = (n->kind == CXCursor_BinaryOperator && !strcmp(n->op, "=")) ||
                  n->kind == CXCursor_CompoundAssignOperator ||
                  (n->kind == CXCursor_UnaryOperator &&
                   (!strcmp(n->op, "++") || !strcmp(n->op, "--") || !strcmp(n->op, "&")));
    if (assign && n->kid_count) {
        const cnode_t *target = c_strip(n->kids[0]);
        if (target && target->kind == CXCursor_DeclRefExpr && target->var == var) return true;
    }
    for (uint32_t i = 0; i < n->kid_count; i++)
        if (writes_var(n->kids[i], var)) return true;
    return false;
}

/* SEEN_ENTRY when arg is a parameter this function never writes (see clang_findings.h). */
static unsigned entry_value(pctx_t *cx, cnode_t *arg)
{
    cnode_t *k = c_strip(arg);
    if (!k || k->kind != CXCursor_DeclRefExpr || k->var < 0 || (size_t)k->var >= cx->f->var_count ||
        !cx->f->vars[k->var].is_param || writes_var(cx->f->body, k->var))
        return 0;
    return SEEN_ENTRY;
}

static void check_format(pctx_t *cx, pstate_t *s, cnode_t *call, const char *what, cnode_t *fmt_arg, aval_t fmt)
{
    if (!fmt_arg) return;
    cnode_t *k = c_strip(fmt_arg);
    unsigned t = taint_of(s, fmt);
    unsigned seen = text_seen(s, fmt_arg, fmt);
    if (seen == SEEN_UNKNOWN) seen |= entry_value(cx, fmt_arg);
    clang_findings_note(cx->out, NOTE_FORMAT, call->range, seen);
    if (k && k->kind == CXCursor_StringLiteral) return;
    if (!is_string_taint(t)) return;
    clang_finding_t *f = clang_findings_add(cx->out, "c.clang-format-string", call->range);
    if (!f) return;
    snprintf(f->message, sizeof(f->message), "untrusted data is used as the format string of %s()", what);
    taint_flow(cx, s, f, fmt);
    clang_finding_step(f, fmt_arg->range, "used as a format string here");
    clang_finding_fact(f, "format", "%s", c_text(cx->unit, fmt_arg));
}

/* True when an argument of an execl-style call (after the program) is the literal "-c" or
 * "/c" (also wide): a shell that runs the next argument as a command line. */
static bool shell_command_args(pctx_t *cx, cnode_t *call, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) {
        cnode_t *a = c_strip(c_arg(call, i));
        if (!a || a->kind != CXCursor_StringLiteral) continue;
        CXString spelling = clang_getCursorSpelling(a->cursor); /* also inside a macro */
        const char *text = clang_getCString(spelling);
        while (text && *text && *text != '"') text++; /* L"-c", u8"-c" */
        bool shell = text && (!strcmp(text, "\"-c\"") || !strcmp(text, "\"/c\""));
        clang_disposeString(spelling);
        if (shell) return true;
    }
    (void)cx;
    return false;
}

static void check_command(pctx_t *cx, pstate_t *s, cnode_t *call, const char *what, aval_t *args, uint32_t n,
                          int only)
{
    unsigned seen = 0; /* what the command's text was, for the tree-sitter candidates on this call */
    for (uint32_t i = 0; i < n; i++)
        if ((only < 0 || (int)i == only) && c_arg(call, i)) seen |= text_seen(s, c_arg(call, i), args[i]);
    if (seen) clang_findings_note(cx->out, NOTE_COMMAND, call->range, seen);
    for (uint32_t i = 0; i < n; i++) {
        if (only >= 0 && (int)i != only) continue;
        unsigned t = taint_of(s, args[i]);
        if (!is_string_taint(t)) continue;
        clang_finding_t *f = clang_findings_add(cx->out, "c.clang-command-injection", call->range);
        if (!f) return;
        snprintf(f->message, sizeof(f->message), "untrusted data reaches the command run by %s()", what);
        taint_flow(cx, s, f, args[i]);
        clang_finding_step(f, c_arg(call, i)->range, "passed to %s() here", what);
        clang_finding_fact(f, "argument", "%s", c_text(cx->unit, c_arg(call, i)));
        return;
    }
}

/* Why a copy's length rests on string contents this walk never saw written (NULL when
 * it does not): the string is not a literal, its length was not recorded (strcpy of a
 * known string, memset + terminator) and no untrusted input was read into it, so the only
 * bound known is its buffer's capacity. Such a buffer may hold any shorter string: a
 * global flag chose which branch filled it, or a function this pass cannot see did. */
static const char *unseen_contents(const pstate_t *s, aval_t str)
{
    if (is_string_taint(taint_of(s, str))) return NULL; /* input can fill it to capacity */
    if (str.obj < 0)
        return "the source string is not this function's (a global, a member): only its array's size bounds it";
    const pobj_t *o = &s->o[str.obj];
    if (!str.offset && !o->opaque && o->str_len >= 0) return NULL;
    return o->opaque ? "the source string was written by code this pass cannot see; only its buffer's size bounds it"
                     : "the source string's contents were not seen written on this path; only its buffer's size "
                       "bounds it";
}

/* unseen_contents() for a size expression: a strlen() of such a string, possibly scaled
 * or offset by arithmetic (strlen(s) * sizeof(char), strlen(s) + 1). Only plain names
 * and members are looked up (evaluated again silently: they have no side effects). */
static const char *size_from_unseen_length(pctx_t *cx, pstate_t *s, cnode_t *e, int depth)
{
    cnode_t *k = c_strip(e);
    if (!k || depth > 6) return NULL;
    if (k->kind == CXCursor_CallExpr) {
        const libcall_t *m = lookup(k);
        if (!m || m->model != M_STRLEN || c_arg_count(k) < 1) return NULL;
        cnode_t *arg = c_arg(k, 0);
        if (!pure_operand(c_strip(arg))) return NULL;
        cx->out->muted++;
        aval_t str = paths_eval_expr(cx, s, arg);
        cx->out->muted--;
        return unseen_contents(s, str);
    }
    if (k->kind != CXCursor_BinaryOperator || k->kid_count != 2 || strchr("+-*/", k->op[0]) == NULL ||
        k->op[1] != '\0')
        return NULL;
    const char *why = size_from_unseen_length(cx, s, k->kids[0], depth + 1);
    return why ? why : size_from_unseen_length(cx, s, k->kids[1], depth + 1);
}

/* Bytes a copy may touch through expr: its object or array size, else for the address of
 * a whole variable (read(fd, &hdr, n), memcpy(&v, p, n)) the variable's size. The address
 * of a member is left unknown: code copies over several members from the first on
 * purpose (memset(&s->first, 0, sizeof *s)). */
static long long copy_bytes(pstate_t *s, aval_t v, cnode_t *expr)
{
    long long bytes = paths_aval_bytes(s, v, expr);
    if (bytes > 0) return bytes;
    cnode_t *k = c_strip(expr);
    if (!k || k->kind != CXCursor_UnaryOperator || strcmp(k->op, "&") != 0 || k->kid_count != 1) return bytes;
    cnode_t *var = c_strip(k->kids[0]);
    if (!var || var->kind != CXCursor_DeclRefExpr) return bytes;
    long long size = clang_Type_getSizeOf(clang_getCursorType(var->cursor));
    return size > 0 ? size : bytes;
}

static void check_copy(pctx_t *cx, pstate_t *s, cnode_t *call, const libcall_t *m, aval_t *args, uint32_t n)
{
    cnode_t *dst_arg = c_arg(call, (uint32_t)m->a);
    long long dst_bytes = copy_bytes(s, args[m->a], dst_arg);
    if (m->model == M_STRCPY) {
        cnode_t *src_arg = c_arg(call, (uint32_t)m->b);
        aval_t src = args[m->b];
        if (dst_bytes <= 0) {
            clang_findings_note(cx->out, NOTE_STRING_COPY, call->range, SEEN_UNKNOWN);
            return;
        }
        bool is_cat = strstr(m->name, "cat") != NULL;
        long long dst_len = args[m->a].obj >= 0 && !args[m->a].offset ? s->o[args[m->a].obj].str_len : -1;
        long long src_len = src.obj >= 0 && !src.offset && !s->o[src.obj].opaque ? s->o[src.obj].str_len : -1;
        long long len;
        if (c_string_literal(cx->unit, src_arg, &len)) src_len = len;
        /* strcat appends after what the buffer holds: at least nothing, exactly dst_len */
        long long need = src_len >= 0 ? unit_bytes(m->elem, (is_cat && dst_len > 0 ? dst_len : 0) + src_len + 1) : -1;
        clang_findings_note(cx->out, NOTE_STRING_COPY, call->range,
                            need >= 0 && (!is_cat || dst_len >= 0) && need <= dst_bytes ? SEEN_CLEAN : SEEN_UNKNOWN);
        if (src_len >= 0) { /* the string's own length is known: exact */
            if (need > dst_bytes) overflow_finding(cx, s, call, args[m->a], dst_bytes, m->name, need, NULL, NULL);
            return;
        }
        long long src_bytes = paths_aval_bytes(s, src, src_arg);
        if (src_bytes > dst_bytes && !is_cat) {
            overflow_finding(cx, s, call, args[m->a], dst_bytes, m->name, src_bytes - (m->elem == 2 ? 4 : 1), NULL,
                             unseen_contents(s, src));
            return;
        }
        if (src_bytes < 0 && is_string_taint(taint_of(s, src)))
            overflow_finding(cx, s, call, args[m->a], dst_bytes, m->name, -1, c_text(cx->unit, src_arg),
                             (src.taint & TAINT_UPPER) ? "the string's length was tested against a bound "
                                                                 "before the copy; the check does not know which"
                                                               : NULL);
        return;
    }
    aval_t size = args[m->c];
    long long count = upper(size);
    long long bytes = m->model == M_COPY_SIZED || m->model == M_MEMSET || m->model == M_SNPRINTF ||
                              m->model == M_READ_BUF
                          ? unit_bytes(m->elem, count)
                          : -1;
    if (m->model == M_COPY_SIZED && m->elem == 0) bytes = count;
    if (bytes > 0 && dst_bytes > 0 && bytes > dst_bytes) {
        overflow_finding(cx, s, call, args[m->a], dst_bytes, m->name, bytes, NULL,
                         size_from_unseen_length(cx, s, c_arg(call, (uint32_t)m->c), 0));
        return;
    }
    if (m->model == M_COPY_SIZED && m->b >= 0 && bytes > 0 && strncmp(m->name, "str", 3) != 0 &&
        strncmp(m->name, "wcs", 3) != 0) {
        cnode_t *src_arg = c_arg(call, (uint32_t)m->b);
        long long src_bytes = copy_bytes(s, args[m->b], src_arg);
        if (src_bytes > 0 && bytes > src_bytes)
            overread_finding(cx, s, call, args[m->b], src_bytes, m->name, bytes,
                             size_from_unseen_length(cx, s, c_arg(call, (uint32_t)m->c), 0));
    }
    /* an untrusted size: always for copies and fills; for reads and formatted output only
     * into a buffer of fixed size (one allocated with that size was judged there) */
    if (m->model == M_COPY_SIZED || m->model == M_MEMSET ||
        ((m->model == M_READ_BUF || m->model == M_SNPRINTF) && dst_bytes > 0))
        tainted_size_finding(cx, s, call, size, m->name, 120);
    (void)n;
}

/* Bytes of fread()/fwrite(): item size times count, -1 when either is unbounded. */
static long long items_bytes(aval_t size, aval_t count)
{
    long long a = upper(size), b = upper(count);
    if (a < 0 || b < 0 || (a > 0 && b > LLONG_MAX / a)) return -1;
    return a * b;
}

/* Calls that read a counted number of bytes from one or two buffers (memcmp, write,
 * send, fwrite): more than the buffer holds is an over-read (sending it leaks what
 * follows). */
static void check_read(pctx_t *cx, pstate_t *s, cnode_t *call, const libcall_t *m, aval_t *args)
{
    aval_t size = args[m->c];
    long long bytes =
        strcmp(m->name, "fwrite") == 0 ? items_bytes(args[1], args[2]) : unit_bytes(m->elem, upper(size));
    int from[2] = {m->a, m->b};
    for (int i = 0; i < 2 && bytes > 0; i++) {
        if (from[i] < 0) continue;
        cnode_t *arg = c_arg(call, (uint32_t)from[i]);
        long long have = copy_bytes(s, args[from[i]], arg);
        if (have > 0 && bytes > have) {
            overread_finding(cx, s, call, args[from[i]], have, m->name, bytes,
                             size_from_unseen_length(cx, s, c_arg(call, (uint32_t)m->c), 0));
            return;
        }
    }
    tainted_size_finding(cx, s, call, size, m->name, 125);
}

/* Known string lengths after a copy: strcpy of a known string, memset then p[n] = 0. */
static void string_effects(pstate_t *s, const libcall_t *m, const aval_t *args, uint32_t n)
{
    int d = m->a >= 0 && (uint32_t)m->a < n ? args[m->a].obj : -1;
    if (d < 0) return;
    pobj_t *o = &s->o[d];
    long long len = -1;
    if (m->model == M_STRCPY && m->b >= 0 && !args[m->a].offset) {
        int src = args[m->b].obj;
        bool is_cat = strstr(m->name, "cat") != NULL;
        if (src >= 0 && !args[m->b].offset && !s->o[src].opaque) len = s->o[src].str_len;
        if (is_cat) len = len >= 0 && o->str_len >= 0 ? o->str_len + len : -1; /* appended */
        o->str_len = len;
        o->fill = -1;
    } else if (m->model == M_MEMSET && !args[m->a].offset && m->c >= 0 && (uint32_t)m->c < n) {
        aval_t c = args[1], k = args[m->c];
        o->fill = -1;
        o->str_len = -1;
        if (paths_range_known(c.r) && paths_range_known(k.r)) {
            if (c.r.lo == 0) o->str_len = 0;
            else o->fill = k.r.lo / (m->elem == 2 ? 4 : 1);
        }
    } else {
        o->str_len = -1;
        o->fill = -1;
    }
}

/* What a library call does to the contents of tracked objects (see pobj_t): the buffers
 * it reads (the arguments it dereferences, but its destination) must have been written;
 * memset and memcpy of a known size write a known prefix; any other non-const pointer
 * argument may be written in full or in part (fgets, read, snprintf, scanf's targets). */
static void contents_effects(pctx_t *cx, pstate_t *s, cnode_t *call, const libcall_t *m, const aval_t *args,
                             uint32_t n, bool measures)
{
    int dst = -1;
    switch (m->model) {
    case M_READ_BUF: case M_COPY_SIZED: case M_STRCPY: case M_MEMSET: case M_SNPRINTF: case M_SPRINTF:
        dst = m->a;
        break;
    default:
        break;
    }
    /* a counted read (memcpy, write) reads something only when its count is not 0 */
    bool counted = m->model == M_COPY_SIZED || m->model == M_READ_SIZED;
    bool reads = !counted || (m->c >= 0 && (uint32_t)m->c < n && args[m->c].r.lo > 0 && args[m->c].r.lo != RANGE_MIN);
    for (uint32_t i = 0; i < n && i < 8 && reads; i++)
        if ((m->deref_mask & (1u << i)) && (int)i != dst) paths_contents_read_call(cx, s, args[i], call, m->name);
    if (dst >= 0 && (uint32_t)dst < n && !measures) {
        long long bytes = -1;
        bool sized = m->model == M_MEMSET || (m->model == M_COPY_SIZED && !strstr(m->name, "cat"));
        if (sized && m->c >= 0 && (uint32_t)m->c < n && paths_range_known(args[m->c].r) && args[m->c].r.lo >= 0)
            bytes = unit_bytes(m->elem, args[m->c].r.lo);
        paths_contents_write_call(s, args[dst], bytes);
    }
    for (uint32_t i = 0; i < n; i++) {
        bool known;
        if ((int)i == dst || args[i].obj < 0) continue;
        if (!param_points_to_const(call, i, &known)) paths_contents_forget(s, args[i].obj);
    }
}

aval_t paths_call_eval(pctx_t *cx, pstate_t *s, cnode_t *call)
{
    const char *name = c_callee(call);
    uint32_t n = c_arg_count(call);
    if (n > MAX_ARGS) n = MAX_ARGS;
    aval_t args[MAX_ARGS];
    for (uint32_t i = 0; i < n; i++) args[i] = paths_eval_expr(cx, s, c_arg(call, i));
    const libcall_t *m = lookup(call);
    aval_t r = paths_eval_unknown();
    if (!m) {
        if (!call->callee) {
            const cfunc_t *found = clang_unit_function(cx->unit, name);
            call->callee = found ? (const void *)found : (const void *)call; /* call: none */
        }
        const cfunc_t *def = call->callee != call ? call->callee : NULL;
        if (def && !def->returns_constant && paths_inline_call(cx, s, call, def, args, n, &r)) {
            /* what the callee wrote into the arguments is not carried back */
            for (uint32_t i = 0; i < n; i++) paths_contents_forget(s, args[i].obj);
            return r;
        }
        bool system_fn = declared_in_system_header(call);
        for (uint32_t i = 0; i < n; i++) {
            if (args[i].obj < 0) continue;
            pobj_t *o = &s->o[args[i].obj];
            bool known, to_const = param_points_to_const(call, i, &known);
            if (!to_const) paths_contents_forget(s, args[i].obj); /* it may fill them */
            /* a const pointer parameter is read through; a non-const one may take
             * ownership (and free it), so passing freed memory there is not reported */
            if (to_const) paths_use_check(cx, s, args[i], call);
            if (system_fn || to_const) continue;
            if (o->kind == OBJ_STACK || o->kind == OBJ_STATIC) o->opaque = 1;
            o->str_len = -1;
            if (o->status == ST_MAYBE_NULL || o->status == ST_NONNULL) {
                o->status = ST_ESCAPED;
                paths_event_add(cx, s, EV_ESCAPE, call, args[i].obj, -1, NULL);
            }
        }
        /* a function of this file that only returns a constant */
        if (def && def->returns_constant) {
            r.r.lo = r.r.hi = def->constant_value;
            if (def->constant_value == 0) r.null = 1;
        }
        return r;
    }
    /* snprintf(NULL, 0, fmt, ...) measures: a zero size writes nothing through the buffer */
    bool measures = m->model == M_SNPRINTF && m->c >= 0 && (uint32_t)m->c < n && paths_range_known(args[m->c].r) &&
                    args[m->c].r.lo == 0;
    for (uint32_t i = 0; i < n && i < 8; i++) {
        if (measures && (int)i == m->a) continue;
        if (m->deref_mask & (1u << i)) paths_deref_check(cx, s, args[i], call, "passed to a function that dereferences it");
        else if (m->model != M_FREE) paths_use_check(cx, s, args[i], call);
    }
    contents_effects(cx, s, call, m, args, n, measures);
    switch (m->model) {
    case M_MALLOC: case M_CALLOC: case M_REALLOC: case M_ALLOCA:
        return model_alloc(cx, s, call, m, args, n);
    case M_STRDUP:
        r = model_alloc(cx, s, call, m, args, n);
        if (n > 0) {
            unsigned t = taint_of(s, args[0]);
            if (r.obj >= 0) s->o[r.obj].tainted = (uint8_t)t;
        }
        return r;
    case M_FREE:
        if (n > 0) model_free(cx, s, call, element_address(cx, s, c_arg(call, 0), args[0]));
        return r;
    case M_FOPEN:
        if (m->a >= 0 && (uint32_t)m->a < n) check_command(cx, s, call, name, args, n, m->a);
        if (!strcmp(name, "fdopen") && n > 0 && args[0].obj >= 0 && s->o[args[0].obj].kind == OBJ_FD &&
            (s->o[args[0].obj].status == ST_NONNULL || s->o[args[0].obj].status == ST_MAYBE_NULL)) {
            s->o[args[0].obj].status = ST_ESCAPED; /* the stream owns the descriptor now */
            paths_event_add(cx, s, EV_ESCAPE, call, args[0].obj, -1, NULL);
        }
        r.obj = paths_obj_new(cx, s, OBJ_FILE, ST_MAYBE_NULL, call, name);
        if (r.obj >= 0) paths_event_add(cx, s, EV_ALLOC, call, r.obj, -1, "opened here");
        return r;
    case M_OPEN:
        r.obj = paths_obj_new(cx, s, OBJ_FD, ST_MAYBE_NULL, call, name);
        if (r.obj >= 0) paths_event_add(cx, s, EV_ALLOC, call, r.obj, -1, "opened here");
        return r;
    case M_FCLOSE:
    case M_CLOSE:
        if (n > 0 && args[0].obj >= 0 && (s->o[args[0].obj].kind == OBJ_FILE || s->o[args[0].obj].kind == OBJ_FD)) {
            s->o[args[0].obj].status = ST_FREED;
            paths_event_add(cx, s, EV_FREE, call, args[0].obj, -1, "closed here");
        }
        return r;
    case M_GETENV:
        r.taint = TAINT;
        return r;
    case M_READ_BUF:
        if (m->a < (int)n) {
            if (args[m->a].obj >= 0) s->o[args[m->a].obj].str_len = -1;
            taint_buffer(cx, s, args[m->a], c_arg(call, (uint32_t)m->a), call, TAINT);
            if (m->c >= 0 && m->c < (int)n) check_copy(cx, s, call, m, args, n);
            if (!strcmp(name, "fread") && n >= 3) {
                long long bytes = items_bytes(args[1], args[2]);
                long long dst = copy_bytes(s, args[0], c_arg(call, 0));
                if (bytes > 0 && dst > 0 && bytes > dst)
                    overflow_finding(cx, s, call, args[0], dst, name, bytes, NULL, NULL);
            }
            if (!strcmp(name, "gets")) {
                long long dst = paths_aval_bytes(s, args[0], c_arg(call, 0));
                if (dst > 0) overflow_finding(cx, s, call, args[0], dst, name, -1, "a line of input", NULL);
            }
        }
        return r;
    case M_GETLINE: { /* getline(&line, &cap, fp): line now holds a line of input */
        cnode_t *k = n > 0 ? c_strip(c_arg(call, 0)) : NULL;
        cnode_t *v = k && k->kind == CXCursor_UnaryOperator && !strcmp(k->op, "&") && k->kid_count
                         ? c_strip(k->kids[0]) : NULL;
        if (v && v->kind == CXCursor_DeclRefExpr && v->var >= 0 && v->var < PATH_MAX_VARS) {
            s->v[v->var].taint = TAINT;
            paths_event_add(cx, s, EV_TAINT, call, -1, v->var, "a line of untrusted input is read here");
        }
        r.r.lo = -1; /* the length read, or -1 */
        return r;
    }
    case M_SCAN: {
        if (m->a >= 0 && (uint32_t)m->a < n && !(taint_of(s, args[m->a]) & TAINT)) return r;
        for (uint32_t i = (uint32_t)m->b + 1; i < n; i++) {
            cnode_t *k = c_strip(c_arg(call, i));
            if (k && k->kind == CXCursor_UnaryOperator && !strcmp(k->op, "&") && k->kid_count) {
                cnode_t *v = c_strip(k->kids[0]);
                if (v && v->kind == CXCursor_DeclRefExpr && v->var >= 0 && v->var < PATH_MAX_VARS) {
                    s->v[v->var].taint = TAINT;
                    s->v[v->var].r = paths_eval_unknown().r;
                    s->v[v->var].null = 0;
                    paths_event_add(cx, s, EV_TAINT, call, -1, v->var, "untrusted value is read here");
                }
            } else {
                taint_buffer(cx, s, args[i], c_arg(call, i), call, TAINT);
            }
        }
        return r;
    }
    case M_RAND:
        /* not input: an attacker does not choose it, and it lies in [0, RAND_MAX] (glibc:
         * 2^31 - 1; mrand48 is signed), so indexing or arithmetic on it is no taint issue
         * (c.weak-random is about using it where unpredictability matters) */
        r.r.lo = strcmp(call->name, "mrand48") == 0 ? -2147483648LL : 0;
        r.r.hi = 2147483647LL;
        return r;
    case M_TO_NUMBER:
        if (n > 0) {
            unsigned t = taint_of(s, args[0]);
            if (t & TAINT) {
                r.taint = TAINT | TAINT_NUMERIC;
                r.taint_var = args[0].taint_var >= 0 ? args[0].taint_var : args[0].var;
                r.taint_obj = args[0].obj;
            }
        }
        return r;
    case M_STRLEN:
        if (n > 0 && args[0].obj >= 0 && !args[0].offset && s->o[args[0].obj].str_len >= 0 &&
            !s->o[args[0].obj].opaque) {
            r.r.lo = r.r.hi = s->o[args[0].obj].str_len;
            return r;
        }
        if (n > 0) {
            long long bytes = paths_aval_bytes(s, args[0], c_arg(call, 0));
            long long elem = m->elem == 2 ? 4 : 1;
            if (bytes > 0) {
                r.r.lo = 0;
                r.r.hi = bytes / elem - 1;
            } else {
                r.r.lo = 0;
            }
        }
        return r;
    case M_COPY_SIZED:
    case M_STRCPY:
    case M_MEMSET:
        if (m->a < (int)n && (m->b < (int)n) && (m->c < (int)n)) {
            check_copy(cx, s, call, m, args, n);
            if (m->b >= 0) {
                unsigned t = taint_of(s, args[m->b]);
                if ((t & TAINT) && args[m->a].obj >= 0)
                    s->o[args[m->a].obj].tainted = taint_join(s->o[args[m->a].obj].tainted, t);
                if (m->model != M_MEMSET) mark_foreign(s, args[m->a], c_arg(call, (uint32_t)m->b), args[m->b]);
            }
            string_effects(s, m, args, n);
            if (m->a == 0) { /* memcpy, strcpy, memset ... return their destination */
                r.obj = args[0].obj;
                r.offset = args[0].offset;
                r.addr1 = args[0].addr1;
                r.null = 2;
            }
        }
        return r;
    case M_READ_SIZED:
        if (m->a < (int)n && m->b < (int)n && m->c < (int)n) check_read(cx, s, call, m, args);
        return r;
    case M_SNPRINTF:
    case M_SPRINTF: {
        if ((uint32_t)m->b < n) check_format(cx, s, call, name, c_arg(call, (uint32_t)m->b), args[m->b]);
        if (m->model == M_SNPRINTF && (uint32_t)m->c < n) check_copy(cx, s, call, m, args, n);
        /* the text written is untrusted where an argument is; an integer argument only
         * ever writes a number (digits and a sign), whatever its origin */
        unsigned t = 0;
        for (uint32_t i = (uint32_t)m->b; i < n; i++) {
            unsigned ti = taint_of(s, args[i]);
            if ((ti & TAINT) && c_is_integer(c_arg(call, i))) ti = TAINT | TAINT_NUMERIC;
            t = taint_join(t, ti);
            mark_foreign(s, args[0], c_arg(call, i), args[i]);
        }
        if ((t & TAINT) && args[0].obj >= 0) s->o[args[0].obj].tainted = taint_join(s->o[args[0].obj].tainted, t);
        return r;
    }
    case M_PRINTF:
        if ((uint32_t)m->b < n) check_format(cx, s, call, name, c_arg(call, (uint32_t)m->b), args[m->b]);
        return r;
    case M_COMMAND:
        check_command(cx, s, call, name, args, n, 0);
        return r;
    case M_EXEC:
        if (!strncmp(name, "execl", 5) && !shell_command_args(cx, call, n)) {
            /* execl("/usr/bin/helper", "helper", "--user", name, NULL) runs no shell: an
             * argument after the program cannot inject a command, only the program can */
            check_command(cx, s, call, name, args, n, 0);
            return r;
        }
        check_command(cx, s, call, name, args, n, -1);
        return r;
    case M_NOESCAPE_KEEP:
        for (uint32_t i = 0; i < n; i++)
            if (args[i].obj >= 0 &&
                (s->o[args[i].obj].status == ST_MAYBE_NULL || s->o[args[i].obj].status == ST_NONNULL))
                s->o[args[i].obj].status = ST_ESCAPED;
        return r;
    case M_NONE:
        return r;
    }
    return r;
}
