/* clang_facts.c — facts for tree-sitter candidates and their confirmation (see header).
 *
 * The one idea: a dismissal needs proof from the compiler's view of the code (sizes
 * from types, values from constant evaluation); anything else keeps the candidate and
 * only adds what was learned, so the reviewer (a person or the model) sees it. */
#include "analyzer/clang/clang_facts.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cnode_t *innermost_call(cnode_t *n, uint32_t line, uint32_t col)
{
    const source_range_t *r = &n->range;
    bool inside = (line > r->start_line || (line == r->start_line && col >= r->start_col)) &&
                  (line < r->end_line || (line == r->end_line && col < r->end_col));
    if (!inside && n->kind != CXCursor_FunctionDecl) return NULL;
    for (uint32_t i = 0; i < n->kid_count; i++) {
        cnode_t *hit = innermost_call(n->kids[i], line, col);
        if (hit) return hit;
    }
    return inside && n->kind == CXCursor_CallExpr ? n : NULL;
}

static bool before(uint32_t l1, uint32_t c1, uint32_t l2, uint32_t c2)
{
    return l1 < l2 || (l1 == l2 && c1 < c2);
}

static cnode_t *first_call_within(cnode_t *n, const source_range_t *r)
{
    if (n->kind == CXCursor_CallExpr && !before(n->range.start_line, n->range.start_col, r->start_line, r->start_col) &&
        before(n->range.start_line, n->range.start_col, r->end_line, r->end_col))
        return n;
    for (uint32_t i = 0; i < n->kid_count; i++) {
        cnode_t *hit = first_call_within(n->kids[i], r);
        if (hit) return hit;
    }
    return NULL;
}

static void fact(candidate_t *c, const char *name, const char *value)
{
    if (!candidate_fact(c, name)) candidate_add_fact(c, name, value);
}

static bool is_any(const char *name, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(name, list[i])) return true;
    return false;
}

/* Describes a source string: literal, buffer of known size, or unbounded. Returns the
 * literal's length (>= 0) when it is one. */
static long long describe_source(clang_unit_t *unit, cnode_t *src, char *out, size_t n)
{
    long long len;
    const char *text = c_text(unit, src);
    if (c_string_literal(unit, src, &len)) {
        snprintf(out, n, "%s (string literal, %lld bytes with the NUL)", text, len + 1);
        return len;
    }
    long long bytes = c_array_bytes(src);
    if (bytes > 0) snprintf(out, n, "%s (array of %lld bytes)", text, bytes);
    else snprintf(out, n, "%s (unbounded)", text);
    return -1;
}

static enum CXChildVisitResult first_child(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    *(CXCursor *)data = c;
    return CXChildVisit_Break;
}

/* Each element of an initialiser list is a string literal, NULL or a nested list of them. */
static enum CXChildVisitResult literal_elements(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    bool *ok = data;
    CXCursor k = c;
    for (int depth = 0; depth < 8; depth++) { /* through implicit casts and parentheses */
        enum CXCursorKind kind = clang_getCursorKind(k);
        if (kind != CXCursor_UnexposedExpr && kind != CXCursor_ParenExpr && kind != CXCursor_CStyleCastExpr) break;
        CXCursor only = clang_getNullCursor();
        clang_visitChildren(k, first_child, &only);
        if (clang_Cursor_isNull(only)) break;
        k = only;
    }
    enum CXCursorKind kind = clang_getCursorKind(k);
    if (kind == CXCursor_InitListExpr) clang_visitChildren(k, literal_elements, ok);
    else if (kind != CXCursor_StringLiteral && kind != CXCursor_IntegerLiteral) *ok = false;
    return *ok ? CXChildVisit_Continue : CXChildVisit_Break;
}

/* A variable that cannot change and whose initialiser is literal text: const char fmt[] =
 * "..."; const char *const p = "..."; static const char *const table[] = {"a", "b"}. */
static bool constant_text_variable(CXCursor decl, bool element)
{
    /* the canonical array type drops its elements' qualifiers: read them from the written
     * element type, the shape from the canonical one */
    CXType written = clang_getCursorType(decl);
    CXType e = clang_getCanonicalType(written);
    bool array = e.kind == CXType_ConstantArray || e.kind == CXType_IncompleteArray;
    CXType item = array ? clang_getArrayElementType(written) : written;
    CXType shape = clang_getCanonicalType(item);
    bool ok;
    if (element) { /* table[i]: an array of const pointers to const text */
        ok = array && shape.kind == CXType_Pointer && clang_isConstQualifiedType(item) &&
             clang_isConstQualifiedType(clang_getPointeeType(shape));
    } else {
        ok = (array && clang_isConstQualifiedType(item)) ||
             (shape.kind == CXType_Pointer && clang_isConstQualifiedType(item) &&
              clang_isConstQualifiedType(clang_getPointeeType(shape)));
    }
    if (!ok) return false;
    CXCursor init = clang_Cursor_getVarDeclInitializer(decl);
    if (clang_Cursor_isNull(init)) return false;
    bool literal = true;
    if (clang_getCursorKind(init) == CXCursor_InitListExpr) {
        clang_visitChildren(init, literal_elements, &literal);
        return literal;
    }
    literal_elements(init, decl, &literal);
    return literal;
}

/* Whether a string argument is text fixed at compile time: a literal, a choice between
 * such texts (verbose ? "make V=1" : "make"), a constant variable or table element. */
static bool text_is_constant(cnode_t *n)
{
    cnode_t *k = c_strip(n);
    if (!k) return false;
    switch (k->kind) {
    case CXCursor_StringLiteral:
        return true;
    case CXCursor_ConditionalOperator:
        return k->kid_count == 3 && text_is_constant(k->kids[1]) && text_is_constant(k->kids[2]);
    case CXCursor_DeclRefExpr:
        return constant_text_variable(clang_getCursorReferenced(k->cursor), false);
    case CXCursor_ArraySubscriptExpr: {
        cnode_t *base = k->kid_count == 2 ? c_strip(k->kids[0]) : NULL;
        return base && base->kind == CXCursor_DeclRefExpr &&
               constant_text_variable(clang_getCursorReferenced(base->cursor), true);
    }
    default:
        return false;
    }
}

static bool walked_clean(const clang_findings_t *walked, clang_note_kind_t kind, const cnode_t *call)
{
    const clang_call_note_t *n =
        walked ? clang_findings_note_at(walked, kind, call->range.start_line, call->range.start_col) : NULL;
    return n && !n->partial && n->seen == SEEN_CLEAN;
}

/* The largest value an integer expression can have, from constants and the operands'
 * types (a uint16_t field is at most 65535), following * and + as long as no step can
 * exceed its own type (then there is no bound: -1). Negative operands give no bound. */
static __int128 type_max(const cnode_t *n)
{
    int bits;
    bool sgn;
    if (!c_int_width(n, &bits, &sgn) || bits > 64) return -1;
    return sgn ? ((__int128)1 << (bits - 1)) - 1 : ((__int128)1 << bits) - 1;
}

static __int128 max_value(cnode_t *n)
{
    cnode_t *k = c_strip(n);
    if (!k) return -1;
    long long v;
    if (c_eval_int(k, &v)) return v >= 0 ? v : -1;
    if (k->kind == CXCursor_BinaryOperator && k->kid_count == 2 && (!strcmp(k->op, "*") || !strcmp(k->op, "+"))) {
        __int128 a = max_value(k->kids[0]), b = max_value(k->kids[1]), limit = type_max(k);
        if (a < 0 || b < 0 || limit < 0) return -1;
        __int128 r = k->op[0] == '*' ? a * b : a + b;
        return r <= limit ? r : -1;
    }
    int bits;
    bool sgn;
    if (!c_int_width(k, &bits, &sgn) || sgn || bits > 32) return -1; /* narrow unsigned values only */
    return type_max(k);
}

/* Whether every value in an expression comes from outside the function: parameters (and
 * what they point to), globals, constants and calls' results; a local of the function
 * (whose origin only the walk knows) makes it false. */
static bool from_outside(const cfunc_t *fn, cnode_t *n)
{
    cnode_t *k = c_strip(n);
    if (!k) return false;
    switch (k->kind) {
    case CXCursor_DeclRefExpr:
        if (k->var >= 0) return (size_t)k->var < fn->var_count && fn->vars[k->var].is_param;
        return true; /* a global, an enumerator or a function */
    case CXCursor_IntegerLiteral:
    case CXCursor_CharacterLiteral:
    case CXCursor_CallExpr:
        return true;
    case CXCursor_UnaryExpr: /* sizeof */
        return true;
    default:
        break;
    }
    if (!k->kid_count) return false;
    for (uint32_t i = 0; i < k->kid_count; i++)
        if (!from_outside(fn, k->kids[i])) return false;
    return true;
}

/* The walk's verdict on the value a candidate rests on: tainted on some path makes the
 * candidate certain; a value from outside the function (a parameter, a global, a call's
 * result, memory it never saw written) on some path, and never tainted, leaves it resting
 * on what the analysis cannot see. A partly walked function decides nothing. */
static void grade(const clang_findings_t *walked, clang_note_kind_t kind, const cnode_t *call, candidate_t *c,
                  const char *what, const char *concern)
{
    const clang_call_note_t *n =
        walked ? clang_findings_note_at(walked, kind, call->range.start_line, call->range.start_col) : NULL;
    /* a partly walked function decides nothing, except that a parameter it never
     * writes is the caller's value on the paths not walked too */
    if (!n || (n->partial && (n->seen & (SEEN_ENTRY | SEEN_TAINTED)) != SEEN_ENTRY)) return;
    if (n->seen & SEEN_TAINTED) {
        c->certainty = CERTAINTY_HIGH;
        fact(c, "origin", "untrusted input on some path");
    } else if (n->seen & SEEN_UNKNOWN) {
        c->certainty = CERTAINTY_LOW;
        char why[200];
        snprintf(why, sizeof(why),
                 "%s comes from outside this function (a parameter, a global, a call's result or memory "
                 "written elsewhere) and nothing here shows it is %s", what, concern);
        fact(c, "certainty_reason", why);
    }
}

/* What the compiler made of an assert(...) use: the calls and writes it contains. */
typedef struct {
    bool library_handler; /* a call of the C library's assert handler: <assert.h>'s macro */
    const char *own_handler; /* a call of some other function inside the expansion */
    bool writes;          /* an assignment, ++ or -- survived preprocessing */
} assert_shape_t;

static bool inside(const source_range_t *r, const source_range_t *outer)
{
    return !before(r->start_line, r->start_col, outer->start_line, outer->start_col) &&
           !before(outer->end_line, outer->end_col, r->end_line, r->end_col);
}

/* True when word occurs in text as a whole identifier. */
static bool mentions(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text ? strstr(text, word) : NULL; p; p = strstr(p + 1, word)) {
        bool left = p == text || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z') ||
                                   (p[-1] >= '0' && p[-1] <= '9'));
        char r = p[n];
        bool right = !(r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'));
        if (left && right) return true;
    }
    return false;
}

/* cond: the assert's argument as written (calls named there are not the macro's own). */
static void assert_shape(const cnode_t *n, const source_range_t *use, const char *cond, assert_shape_t *shape)
{
    if (inside(&n->range, use)) {
        static const char *const handlers[] = {"__assert_fail", "__assert", "__assert_rtn", "__assert2",
                                               "_assert", "_wassert", "__assert_perror_fail", NULL};
        if (n->kind == CXCursor_CallExpr && n->name) {
            if (is_any(n->name, handlers)) shape->library_handler = true;
            else if (!shape->own_handler && strncmp(n->name, "__builtin_", 10) != 0 && !mentions(cond, n->name))
                shape->own_handler = n->name; /* spelled by the macro, not the argument */
        }
        if ((n->kind == CXCursor_BinaryOperator || n->kind == CXCursor_CompoundAssignOperator ||
             n->kind == CXCursor_UnaryOperator) &&
            (!strcmp(n->op, "=") || (n->op[0] && n->op[1] == '=' && n->op[0] != '=' && n->op[0] != '!' &&
                                     n->op[0] != '<' && n->op[0] != '>') ||
             !strcmp(n->op, "++") || !strcmp(n->op, "--")))
            shape->writes = true;
    }
    for (uint32_t i = 0; i < n->kid_count; i++) assert_shape(n->kids[i], use, cond, shape);
}

/* An assert's side effect is lost under NDEBUG when assert is <assert.h>'s: certain when
 * this build already compiles it out, a pattern when it is active here; when the project
 * defines its own assert, whether anything removes it is not known here. */
static void grade_assert(clang_unit_t *unit, candidate_t *c)
{
    const cfunc_t *fn = NULL;
    for (size_t i = 0; i < unit->func_count && !fn; i++)
        if (inside(&c->range, &unit->funcs[i].decl->range)) fn = &unit->funcs[i];
    if (!fn) return;
    assert_shape_t shape = {0};
    const char *cond = candidate_fact(c, "cond");
    assert_shape(fn->decl, &c->range, cond ? cond : c->snippet, &shape);
    if (shape.library_handler) return;
    if (!shape.writes && !shape.own_handler) {
        c->certainty = CERTAINTY_HIGH;
        fact(c, "ndebug", "assert is compiled out in this build: the side effect never happens");
    } else if (shape.own_handler) {
        c->certainty = CERTAINTY_LOW;
        char why[200];
        snprintf(why, sizeof(why),
                 "'assert' here is the project's own macro (it calls %s, not the C library's handler): "
                 "whether release builds remove it is not known", shape.own_handler);
        fact(c, "certainty_reason", why);
    }
}

/* The decisions on the call a candidate sits on (see clang_facts_apply). */
static facts_verdict_t decide_call(clang_unit_t *unit, const clang_findings_t *walked, candidate_t *c,
                                   cnode_t *call, const cfunc_t *fn, unsigned decide, char *reason,
                                   size_t reason_size)
{
    const char *name = call->name;
    char buf[256];
    static const char *const str_copies[] = {"strcpy", "wcscpy", "strcat", "wcscat", "stpcpy", NULL};
    static const char *const sized[] = {"memcpy", "memmove", "strncpy", "strncat", "memset", "wmemcpy", NULL};
    static const char *const fmt0[] = {"printf", "vprintf", "wprintf", NULL};
    static const char *const fmt1[] = {"fprintf", "vfprintf", "sprintf", "vsprintf", "dprintf", "syslog",
                                       "fwprintf", NULL};
    static const char *const fmt2[] = {"snprintf", "vsnprintf", "swprintf", NULL};
    fact(c, "call", name);
    if (is_any(name, str_copies) && c_arg_count(call) >= 2) {
        cnode_t *dst = c_arg(call, 0), *src = c_arg(call, 1);
        long long dst_bytes = c_array_bytes(dst);
        if (dst_bytes > 0) snprintf(buf, sizeof(buf), "%lld", dst_bytes);
        else snprintf(buf, sizeof(buf), "unknown (%s is a pointer)", c_text(unit, dst));
        fact(c, "dst_size", buf);
        long long len = describe_source(unit, src, buf, sizeof(buf));
        fact(c, "src", buf);
        long long elem = c_pointee_bytes(dst) > 0 ? c_pointee_bytes(dst) : 1;
        if (len >= 0 && dst_bytes > 0 && (len + 1) * elem <= dst_bytes && strstr(name, "cat") == NULL) {
            snprintf(reason, reason_size, "the literal (%lld bytes) fits the %lld-byte destination",
                     (len + 1) * elem, dst_bytes);
            return FACTS_DISMISS;
        }
        if (walked_clean(walked, NOTE_STRING_COPY, call)) {
            fact(c, "src_length", "known on every path, and it fits");
            snprintf(reason, reason_size, "on every path the string's known length fits the destination");
            return FACTS_DISMISS;
        }
        if (dst_bytes > 0) grade(walked, NOTE_STRING_COPY, call, c, "the source string's length", "too long");
        return FACTS_KEEP;
    }
    if (is_any(name, sized) && c_arg_count(call) >= 3) {
        cnode_t *dst = c_arg(call, 0), *size = c_arg(call, 2);
        long long dst_bytes = c_array_bytes(dst);
        if (dst_bytes > 0) {
            snprintf(buf, sizeof(buf), "%lld", dst_bytes);
            fact(c, "dst_size", buf);
        }
        long long n;
        if (c_eval_int(size, &n)) {
            snprintf(buf, sizeof(buf), "%lld", n);
            fact(c, "size", buf);
            long long elem = strncmp(name, "wmem", 4) == 0 ? 4 : 1;
            /* only a rule about writing past the end (`decide: bounds`) is answered by
             * "the size fits": a zero memset, a size equal to the array (strncpy leaves it
             * unterminated) or sizeof of a pointer all fit and are still the flaw their
             * rules name */
            if ((decide & RULE_DECIDE_BOUNDS) && dst_bytes > 0 && n * elem <= dst_bytes && strstr(name, "cat") == NULL) {
                snprintf(reason, reason_size, "the constant size %lld fits the %lld-byte destination", n * elem,
                         dst_bytes);
                return FACTS_DISMISS;
            }
        } else {
            fact(c, "size", c_text(unit, size));
        }
        return FACTS_KEEP;
    }
    int fmt_index = is_any(name, fmt0) ? 0 : is_any(name, fmt1) ? 1 : is_any(name, fmt2) ? 2 : -1;
    if (fmt_index >= 0 && c_arg_count(call) > (uint32_t)fmt_index) {
        cnode_t *fmt = c_arg(call, (uint32_t)fmt_index);
        bool constant = text_is_constant(fmt);
        snprintf(buf, sizeof(buf), "%s (%s)", c_text(unit, fmt), constant ? "constant" : "not a constant");
        fact(c, "format", buf);
        bool about_format = decide & RULE_DECIDE_FORMAT;
        if (constant && about_format) {
            snprintf(reason, reason_size, "the format string is a compile-time constant");
            return FACTS_DISMISS;
        }
        if (about_format && walked_clean(walked, NOTE_FORMAT, call)) {
            fact(c, "format_origin", "this function's own constant data on every path");
            snprintf(reason, reason_size, "on every path the format is this function's own constant data");
            return FACTS_DISMISS;
        }
        if (about_format) grade(walked, NOTE_FORMAT, call, c, "the format string", "untrusted");
        if (fmt_index > 0 && (!strcmp(name, "sprintf") || !strcmp(name, "snprintf"))) {
            long long dst_bytes = c_array_bytes(c_arg(call, 0));
            if (dst_bytes > 0) {
                snprintf(buf, sizeof(buf), "%lld", dst_bytes);
                fact(c, "dst_size", buf);
            }
        }
        return FACTS_KEEP;
    }
    static const char *const commands[] = {"system", "popen", "execl", "execlp", "execle", "execv", "execvp",
                                           "execve", "execvpe", NULL};
    if (is_any(name, commands) && c_arg_count(call) >= 1 && (decide & RULE_DECIDE_COMMAND)) {
        if (strstr(name, "exec") == NULL && text_is_constant(c_arg(call, 0))) {
            fact(c, "command", "fixed at compile time");
            snprintf(reason, reason_size, "the command is text fixed at compile time");
            return FACTS_DISMISS;
        }
        if (walked_clean(walked, NOTE_COMMAND, call)) {
            fact(c, "command_origin", "this function's own constant text on every path");
            snprintf(reason, reason_size, "on every path the command is text this function built from constants");
            return FACTS_DISMISS;
        }
        grade(walked, NOTE_COMMAND, call, c, "the command's text", "untrusted");
        return FACTS_KEEP;
    }
    if ((!strcmp(name, "gets") || !strcmp(name, "fgets")) && c_arg_count(call) >= 1) {
        long long dst_bytes = c_array_bytes(c_arg(call, 0));
        if (dst_bytes > 0) {
            snprintf(buf, sizeof(buf), "%lld", dst_bytes);
            fact(c, "dst_size", buf);
        }
        return FACTS_KEEP;
    }
    if (!strcmp(name, "realloc") && (decide & RULE_DECIDE_REALLOC) && walked_clean(walked, NOTE_REALLOC, call)) {
        fact(c, "old_pointer", "NULL or not owned here on every path (realloc acts as malloc)");
        snprintf(reason, reason_size, "on every path the old pointer owns no block");
        return FACTS_DISMISS;
    }
    /* rules about the size (`decide: alloc-size`; not c.unchecked-alloc, which is about
     * the NULL result) */
    bool size_rule = decide & RULE_DECIDE_ALLOC_SIZE;
    if ((!strcmp(name, "malloc") || !strcmp(name, "calloc") || !strcmp(name, "realloc")) && size_rule &&
        walked_clean(walked, NOTE_ALLOC_SIZE, call)) {
        fact(c, "size_origin", "a known range or an upper-bound-checked value on every path");
        snprintf(reason, reason_size, "on every path the size is a known constant or checked");
        return FACTS_DISMISS;
    }
    bool alloc_rule = decide & RULE_DECIDE_ALLOC_WRAP;
    if (alloc_rule && c_arg_count(call) >= 1) { /* a product the operands' types keep small */
        __int128 most = max_value(c_arg(call, strcmp(name, "realloc") == 0 ? 1 : 0));
        if (most >= 0) {
            snprintf(buf, sizeof(buf), "%llu", (unsigned long long)most);
            fact(c, "size_max", buf);
            snprintf(reason, reason_size, "the operands' types bound the size to %llu: it cannot wrap",
                     (unsigned long long)most);
            return FACTS_DISMISS;
        }
    }
    if ((!strcmp(name, "malloc") || !strcmp(name, "calloc") || !strcmp(name, "realloc") ||
         !strcmp(name, "alloca") || !strcmp(name, "__builtin_alloca")) && size_rule) {
        grade(walked, NOTE_ALLOC_SIZE, call, c, "the size", "untrusted or too large");
    } else if (alloc_rule && fn && c_arg_count(call) >= 1 && /* an allocator the walk does not model */
               from_outside(fn, c_arg(call, c_arg_count(call) >= 2 && strstr(name, "realloc") ? 1 : 0))) {
        c->certainty = CERTAINTY_LOW;
        fact(c, "certainty_reason",
             "the size is made of parameters, globals and calls' results only, and nothing here shows it is "
             "untrusted or too large");
    }
    /* integer arguments: widths and signedness, for size and overflow rules */
    for (uint32_t i = 0; i < c_arg_count(call) && i < 4; i++) {
        int bits;
        bool sgn;
        cnode_t *a = c_strip(c_arg(call, i));
        if (a && a->kind != CXCursor_IntegerLiteral && c_int_width(a, &bits, &sgn)) {
            char name_buf[32];
            snprintf(name_buf, sizeof(name_buf), "arg%u_type", i + 1);
            snprintf(buf, sizeof(buf), "%d-bit %s", bits, sgn ? "signed" : "unsigned");
            fact(c, name_buf, buf);
        }
    }
    return FACTS_KEEP;
}

/* ---- evidence: what lifts a candidate of a value rule above low ----------------------
 * A rule with `decide: evidence` is about a value (a size, a format, a copied string, a
 * number converted from text): its pattern alone does not show a flaw. Such a candidate is
 * medium only with evidence: untrusted input reaches the value (graded high above), the
 * types prove an output too long for its array, the text converted was read from a file
 * or socket in this very function, or the condition assigns a constant or a variable
 * where a comparison was meant. Without evidence it is low, with the fact
 * certainty_reason saying what is missing. */

/* The innermost assignment `a = b` starting at line:col, or NULL. */
static cnode_t *assignment_at(cnode_t *n, uint32_t line, uint32_t col)
{
    for (uint32_t i = 0; i < n->kid_count; i++) {
        cnode_t *hit = assignment_at(n->kids[i], line, col);
        if (hit) return hit;
    }
    return n->kind == CXCursor_BinaryOperator && !strcmp(n->op, "=") && n->kid_count == 2 &&
                   n->range.start_line == line && n->range.start_col == col
               ? n
               : NULL;
}

/* An assignment in a condition: a call's result assigned and tested (`if (p = next())`,
 * `while (n = read(...))`) or a copy through pointers (`while (*d++ = *s++)`) is the
 * idiom; a constant or a plain variable (`if (x = 5)`, `if (a = b)`) is the typo. */
static const char *assignment_idiom(cnode_t *assign)
{
    cnode_t *value = c_strip(assign->kids[1]);
    if (!value) return NULL;
    if (value->kind == CXCursor_CallExpr)
        return "the condition assigns a call's result and tests it (the assign-and-test idiom), not a value a "
               "comparison was meant for";
    if (value->kind == CXCursor_UnaryOperator && !strcmp(value->op, "*"))
        return "the condition copies through pointers and tests the value copied (the copy-loop idiom)";
    if (value->kind == CXCursor_ArraySubscriptExpr || value->kind == CXCursor_BinaryOperator ||
        value->kind == CXCursor_ConditionalOperator)
        return "the condition assigns a computed value and tests it: nothing shows a comparison was meant";
    return NULL; /* a constant, a variable or a member: the typo's shape */
}

/* Text read from a stream into the function's own buffer: the input functions whose
 * result the scanner's #external-input? names as the source. */
static bool read_in_function(const candidate_t *c)
{
    static const char *const streams[] = {"fgets", "gets", "read", "recv", "recvfrom", "recvmsg", "fread",
                                          "scanf", "fscanf", "getline", "getdelim", "pread", "fgetws", NULL};
    for (size_t i = 0; i < c->fact_count; i++) {
        const char *n = c->facts[i].name;
        size_t len = strlen(n);
        if (len >= 7 && !strcmp(n + len - 7, "_source") && is_any(c->facts[i].value, streams)) return true;
    }
    return false;
}

/* A sprintf's output bound: the fact "<dst>_max" of #format-may-exceed? and its part that
 * integer and text conversions alone make ("<dst>_max_fixed"). */
static const char *fact_ending(const candidate_t *c, const char *suffix)
{
    size_t sl = strlen(suffix);
    for (size_t i = 0; i < c->fact_count; i++) {
        size_t len = strlen(c->facts[i].name);
        if (len > sl && !strcmp(c->facts[i].name + len - sl, suffix)) return c->facts[i].value;
    }
    return NULL;
}

/* The call on `line` whose callee is one of names, or NULL. */
static cnode_t *call_on_line(cnode_t *n, uint32_t line, const char *const *names)
{
    if (n->kind == CXCursor_CallExpr && n->range.start_line == line && n->name && is_any(n->name, names)) return n;
    for (uint32_t i = 0; i < n->kid_count; i++) {
        cnode_t *hit = call_on_line(n->kids[i], line, names);
        if (hit) return hit;
    }
    return NULL;
}

/* A check of a file's access followed by a use of its name (c.toctou-access's shape): the
 * race lets another process swap the file between the two; it matters when the use writes
 * or changes the file. NULL when the use may write (or cannot be told), else why not. */
static const char *use_after_check(const cfunc_t *fn, const candidate_t *c)
{
    const char *line_text = fact_ending(c, "_call_line");
    long line = line_text ? atol(line_text) : 0;
    static const char *const opens[] = {"open", "open64", NULL};
    static const char *const streams[] = {"fopen", "fopen64", "freopen", NULL};
    static const char *const reads[] = {"execv", "execve", "execl", "execvp", "execlp", "opendir", NULL};
    cnode_t *use;
    if (!fn || line <= 0) return NULL;
    if ((use = call_on_line(fn->decl, (uint32_t)line, opens)) && c_arg_count(use) >= 2) {
        long long flags;
        /* O_WRONLY, O_RDWR (the access mode bits), O_CREAT, O_TRUNC, O_APPEND */
        if (!c_eval_int(c_arg(use, 1), &flags) || (flags & (O_ACCMODE | O_CREAT | O_TRUNC | O_APPEND))) return NULL;
        return "the file is only opened for reading after the check: a file swapped in meanwhile is read, not "
               "written";
    }
    if ((use = call_on_line(fn->decl, (uint32_t)line, streams)) && c_arg_count(use) >= 2) {
        cnode_t *mode = c_strip(c_arg(use, 1));
        if (!mode || mode->kind != CXCursor_StringLiteral) return NULL;
        CXString spelling = clang_getCursorSpelling(mode->cursor); /* the literal, also through a macro */
        const char *text = clang_getCString(spelling);
        bool writes = !text || text[0] != '"' || strpbrk(text, "wa+") != NULL;
        clang_disposeString(spelling);
        if (writes) return NULL;
        return "the file is only opened for reading after the check: a file swapped in meanwhile is read, not "
               "written";
    }
    if (call_on_line(fn->decl, (uint32_t)line, reads))
        return "the name is only run or listed after the check (the check gives an early error message): a file "
               "swapped in meanwhile is not written";
    return NULL; /* creat, truncate, chmod, unlink, rename ...: the use changes the file */
}

/* strncpy leaves the destination unterminated only when the source holds n bytes or
 * more: a literal or an array of at most n bytes (its terminator within) is copied
 * whole. True when the compiler's types prove that. */
static bool strncpy_terminates(clang_unit_t *unit, cnode_t *call, char *reason, size_t reason_size)
{
    long long n, len, bytes;
    if (c_arg_count(call) < 3 || !c_eval_int(c_arg(call, 2), &n) || n <= 0) return false;
    cnode_t *src = c_arg(call, 1);
    if (c_string_literal(unit, src, &len) && len < n) {
        snprintf(reason, reason_size, "the literal (%lld bytes) is shorter than the %lld bytes copied: its "
                 "terminator is copied", len, n);
        return true;
    }
    if ((bytes = c_array_bytes(src)) > 0 && bytes <= n) {
        snprintf(reason, reason_size, "the source array (%lld bytes) is no larger than the %lld bytes copied: its "
                 "terminator is copied", bytes, n);
        return true;
    }
    return false;
}

/* Whether n compares local `var` with < > <= >= somewhere inside. */
static bool compares_var(const cnode_t *n, int var)
{
    if (n->kind == CXCursor_BinaryOperator && n->kid_count == 2 && (n->op[0] == '<' || n->op[0] == '>') &&
        n->op[1] != n->op[0]) { /* not a shift */
        for (int i = 0; i < 2; i++) {
            const cnode_t *k = c_strip(n->kids[i]);
            if (k && k->kind == CXCursor_DeclRefExpr && k->var == var) return true;
        }
    }
    for (uint32_t i = 0; i < n->kid_count; i++)
        if (compares_var(n->kids[i], var)) return true;
    return false;
}

/* A conversion whose result is stored in a local and range-checked by the very next
 * statement (`n = atoi(s); if (n < 1) goto bad;`, `int v = atoi(buf); if (v > 0 && ...)`):
 * the check also rejects what atoi makes of text that is not a number. */
/* Where a call's result is stored: the `v = f(...)` assignment or the `T v = f(...)`
 * declaration, else NULL. *var gets v's index among the function's locals (-1: not a
 * local, a member or a global). */
static cnode_t *result_holder(cnode_t *call, int *var)
{
    cnode_t *n = call;
    *var = -1;
    while (n->parent && (n->parent->kind == CXCursor_UnexposedExpr || n->parent->kind == CXCursor_ParenExpr ||
                         n->parent->kind == CXCursor_CStyleCastExpr))
        n = n->parent;
    cnode_t *p = n->parent;
    if (p && p->kind == CXCursor_BinaryOperator && !strcmp(p->op, "=") && p->kid_count == 2 && p->kids[1] == n) {
        cnode_t *target = c_strip(p->kids[0]);
        if (target && target->kind == CXCursor_DeclRefExpr) *var = target->var;
        return p;
    }
    if (p && p->kind == CXCursor_VarDecl) {
        *var = p->var;
        return p;
    }
    return NULL;
}

static bool checked_right_after(cnode_t *call)
{
    int var;
    cnode_t *p = result_holder(call, &var);
    if (!p || var < 0) return false;
    cnode_t *stmt = p; /* the statement holding it, directly in a block */
    while (stmt->parent && stmt->parent->kind != CXCursor_CompoundStmt) stmt = stmt->parent;
    cnode_t *block = stmt->parent;
    if (!block) return false;
    for (uint32_t i = 0; i + 1 < block->kid_count; i++) {
        if (block->kids[i] != stmt) continue;
        cnode_t *next = block->kids[i + 1];
        return (next->kind == CXCursor_IfStmt || next->kind == CXCursor_WhileStmt) && next->kid_count &&
               compares_var(next->kids[0], var);
    }
    return false;
}

/* A strncpy with no terminator after it (#no-terminator?) is evidence of the flaw, except
 * when it copies exactly the characters of a literal (`strncpy(rec.tag, "-W", 2)`): a
 * fixed-width field filled on purpose, not a string. */
static const char *strncpy_fills_field(clang_unit_t *unit, cnode_t *call)
{
    long long n, len;
    if (c_arg_count(call) >= 3 && c_eval_int(c_arg(call, 2), &n) && c_string_literal(unit, c_arg(call, 1), &len) &&
        len == n)
        return "it copies exactly the characters of a literal (the count is the literal's length): a fixed-width "
               "field filled on purpose, not a string";
    return NULL;
}

/* NULL when the candidate has evidence, else why it has none. */
static const char *missing_evidence(clang_unit_t *unit, candidate_t *c, cnode_t *call, const cfunc_t *fn,
                                    char *why, size_t why_size)
{
    for (size_t i = 0; i < unit->func_count; i++) {
        cnode_t *assign = assignment_at(unit->funcs[i].decl, c->range.start_line, c->range.start_col);
        if (assign) return assignment_idiom(assign);
    }
    if (!call || !call->name)
        return "the libclang pass saw no call here to check (code the preprocessor leaves out of this build, or "
               "a function it could not parse)";
    const char *name = call->name;
    static const char *const checks[] = {"access", "eaccess", "euidaccess", "faccessat", NULL};
    if (is_any(name, checks)) return use_after_check(fn, c);
    if (!strcmp(name, "strncpy")) return strncpy_fills_field(unit, call);
    int kept;
    if (!strcmp(name, "umask"))
        return result_holder(call, &kept)
                   ? "the old mask is kept in a variable: the program restores it or uses it on purpose, and "
                     "nothing here shows files are created while the mask is open"
                   : NULL; /* the old mask is dropped: the open mask stays */
    static const char *const numbers[] = {"atoi", "atol", "atoll", NULL};
    if (is_any(name, numbers) && c_arg_count(call) >= 1) {
        if (checked_right_after(call))
            return "the converted value is range-checked by the next statement, which also rejects what atoi makes "
                   "of text that is not a number";
        if (fn && !from_outside(fn, c_arg(call, 0)) && read_in_function(c)) return NULL;
        return "the text converted is not read from a file or socket in this function (it is a parameter such "
               "as the command line, the environment, a global or text parsed elsewhere): nothing shows it is "
               "untrusted";
    }
    if (!strcmp(name, "sprintf") || !strcmp(name, "vsprintf")) {
        const char *max = fact_ending(c, "_max"), *fixed = fact_ending(c, "_max_fixed");
        long long dst_bytes = c_arg_count(call) >= 1 ? c_array_bytes(c_arg(call, 0)) : -1;
        if (max && strcmp(max, "unbounded") != 0 && fixed && dst_bytes > 0) {
            if (atoll(fixed) > dst_bytes) return NULL; /* the integers and texts alone exceed it */
            snprintf(why, why_size,
                     "only a floating-point value of extreme magnitude makes the output (at most %s bytes) "
                     "exceed the %lld-byte array", max, dst_bytes);
            return why;
        }
        if (max && strcmp(max, "unbounded") != 0) return NULL; /* types bound it, beyond the array */
        return "the output's length rests on a format or a string whose length is not known here, and no "
               "untrusted input reaches it";
    }
    static const char *const formats[] = {"printf", "vprintf", "wprintf", "fprintf", "vfprintf", "dprintf",
                                          "syslog", "fwprintf", "snprintf", "vsnprintf", "swprintf", NULL};
    if (is_any(name, formats))
        return "the format is not a constant, but no untrusted input reaches it on the paths the libclang pass "
               "followed";
    static const char *const commands[] = {"system", "popen", "execl", "execlp", "execle", "execv", "execvp",
                                           "execve", "execvpe", NULL};
    if (is_any(name, commands))
        return "the command's text is not a constant, but no untrusted input reaches it on the paths the libclang "
               "pass followed";
    static const char *const copies[] = {"strcpy", "wcscpy", "strcat", "wcscat", "stpcpy", NULL};
    if (is_any(name, copies))
        return "the source string's length is not known here, and no untrusted input reaches it on the paths the "
               "libclang pass followed";
    return "the size is not a constant, but no untrusted input reaches it and nothing here shows it can be too "
           "large";
}

static void require_evidence(clang_unit_t *unit, candidate_t *c, cnode_t *call, const cfunc_t *fn)
{
    if (c->certainty == CERTAINTY_HIGH || c->certainty == CERTAINTY_LOW) return; /* decided already */
    char buf[200];
    const char *why = missing_evidence(unit, c, call, fn, buf, sizeof(buf));
    if (!why) return;
    c->certainty = CERTAINTY_LOW;
    fact(c, "certainty_reason", why);
}

facts_verdict_t clang_facts_apply(clang_unit_t *unit, const clang_findings_t *walked, candidate_t *c,
                                  unsigned decide, char *reason, size_t reason_size)
{
    if (decide & RULE_DECIDE_ASSERT) {
        grade_assert(unit, c);
        return FACTS_KEEP;
    }
    if (reason_size) reason[0] = 0;
    cnode_t *call = NULL;
    const cfunc_t *fn = NULL;
    for (size_t i = 0; i < unit->func_count && !call; i++)
        if ((call = innermost_call(unit->funcs[i].decl, c->range.start_line, c->range.start_col))) fn = &unit->funcs[i];
    /* a candidate on a whole statement (p = realloc(p, n)): the first call it contains */
    for (size_t i = 0; i < unit->func_count && !call; i++)
        if ((call = first_call_within(unit->funcs[i].decl, &c->range))) fn = &unit->funcs[i];
    facts_verdict_t verdict = call && call->name
                                  ? decide_call(unit, walked, c, call, fn, decide, reason, reason_size)
                                  : FACTS_NO_CALL;
    if (!(decide & RULE_DECIDE_EVIDENCE) || verdict == FACTS_DISMISS) return verdict;
    if (call && call->name && !strcmp(call->name, "strncpy") && strncpy_terminates(unit, call, reason, reason_size))
        return FACTS_DISMISS;
    require_evidence(unit, c, call, fn);
    return verdict;
}
