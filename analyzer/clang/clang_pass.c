/* clang_pass.c — the libclang pass for one file: parse, check, decide (see clang_pass.h).
 *
 * Order per file: build the arguments (compile database, or defaults plus include
 * folders guessed from the tree), parse with
 * KeepGoing so one bad header does not lose the file, summarise what did not resolve
 * into ONE notice, mirror the functions, run the AST checks and the path checks on each,
 * turn findings into candidates (low when they rest on code libclang could not compile),
 * confirm or dismiss the tree-sitter candidates of the file, and dispose the translation
 * unit before returning (memory stays flat). */
#include "analyzer/clang/clang_pass.h"

#include <clang-c/Index.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/clang/clang_ast.h"
#include "analyzer/clang/clang_cfg.h"
#include "analyzer/clang/clang_checks.h"
#include "analyzer/clang/clang_command.h"
#include "analyzer/clang/clang_compdb.h"
#include "analyzer/clang/clang_facts.h"
#include "analyzer/clang/clang_includes.h"
#include "analyzer/clang/paths/clang_paths.h"
#include "analyzer/rules/rule_pack.h"

struct clang_pass {
    CXIndex index;
    clang_compdb_t *db;
    clang_includes_t *guessed; /* include folders from the tree, when there is no db */
    const rule_pack_t *pack; /* the caller's, may be NULL */
    rule_pack_t *own_pack;   /* loaded from rules_dir when needed */
    char **extra;
    size_t extra_count;
    clang_pass_stats_t stats;
};

/* Whether the pack holds a rule for the checks to report under (`engine: clang`). */
static bool has_clang_rules(const rule_pack_t *pack)
{
    for (size_t i = 0; pack && i < pack->count; i++)
        if (pack->rules[i]->engine == RULE_ENGINE_CLANG) return true;
    return false;
}

static const rule_t *find_rule(const clang_pass_t *pass, const char *id)
{
    const rule_t *r = pass->pack ? rule_pack_find(pass->pack, id) : NULL;
    if (!r && pass->own_pack) r = rule_pack_find(pass->own_pack, id);
    return r;
}

int clang_pass_new(clang_pass_t **out, const rule_pack_t *pack, const clang_options_t *opts, char *err,
                   size_t err_size)
{
    *out = NULL;
    clang_pass_t *pass = calloc(1, sizeof(*pass));
    if (!pass) {
        snprintf(err, err_size, "libclang pass: out of memory");
        return -1;
    }
    pass->pack = pack;
    if (!has_clang_rules(pack) && opts && opts->rules_dir &&
        rule_pack_load_dir(&pass->own_pack, opts->rules_dir, err, err_size) != 0) {
        clang_pass_free(pass);
        return -1;
    }
    /* a pack without the c.clang-* rules (a custom --rules folder) is fine: the pass then
     * only adds facts to and dismisses the scanner's candidates */
    if (opts && opts->compile_commands && opts->compile_commands[0] &&
        clang_compdb_open(&pass->db, opts->compile_commands, err, err_size) != 0) {
        clang_pass_free(pass);
        return -1;
    }
    if (!pass->db && clang_includes_new(&pass->guessed, opts ? opts->repo_root : NULL) != 0) {
        snprintf(err, err_size, "libclang pass: out of memory");
        clang_pass_free(pass);
        return -1;
    }
    if (opts && opts->extra_arg_count) {
        pass->extra = calloc(opts->extra_arg_count, sizeof(char *));
        if (!pass->extra) {
            snprintf(err, err_size, "libclang pass: out of memory");
            clang_pass_free(pass);
            return -1;
        }
        for (size_t i = 0; i < opts->extra_arg_count; i++) {
            pass->extra[i] = strdup(opts->extra_args[i]);
            if (!pass->extra[i]) {
                snprintf(err, err_size, "libclang pass: out of memory");
                clang_pass_free(pass);
                return -1;
            }
            pass->extra_count++;
        }
    }
    pass->index = clang_createIndex(0, 0);
    if (!pass->index) {
        snprintf(err, err_size, "libclang pass: cannot create a clang index");
        clang_pass_free(pass);
        return -1;
    }
    *out = pass;
    return 0;
}

void clang_pass_free(clang_pass_t *pass)
{
    if (!pass) return;
    if (pass->index) clang_disposeIndex(pass->index);
    clang_compdb_free(pass->db);
    clang_includes_free(pass->guessed);
    rule_pack_free(pass->own_pack);
    for (size_t i = 0; i < pass->extra_count; i++) free(pass->extra[i]);
    free(pass->extra);
    free(pass);
}

const rule_pack_t *clang_pass_rules(const clang_pass_t *pass)
{
    return pass->own_pack ? pass->own_pack : pass->pack;
}

void clang_pass_stats(const clang_pass_t *pass, clang_pass_stats_t *out)
{
    *out = pass->stats;
}

/* ---- notices ---------------------------------------------------------------------- */

static void append_notice(char *notice, size_t size, const char *text)
{
    size_t used = strlen(notice);
    if (used + 3 >= size) return;
    snprintf(notice + used, size - used, "%s%s", used ? "; " : "", text);
}

/* The main file of tu, for telling where a diagnostic's code is used. */
static CXFile main_file_of(CXTranslationUnit tu)
{
    CXString name = clang_getTranslationUnitSpelling(tu);
    CXFile file = clang_getFile(tu, clang_getCString(name));
    clang_disposeString(name);
    return file;
}

/* Where code at `at` is used: its expansion location (for code reached through a macro,
 * the line of the macro's use). Sets *in_main when that is the main file, and writes
 * "line N" there or "header.h:N" elsewhere into where. */
static unsigned used_at(CXSourceLocation at, CXFile main, bool *in_main, char *where, size_t size)
{
    CXFile file = NULL;
    unsigned line = 0;
    clang_getExpansionLocation(at, &file, &line, NULL, NULL);
    *in_main = file && main && clang_File_isEqual(file, main);
    if (*in_main || !file) {
        snprintf(where, size, "line %u", line);
    } else {
        CXString name = clang_getFileName(file);
        const char *path = clang_getCString(name) ? clang_getCString(name) : "";
        const char *base = strrchr(path, '/');
        snprintf(where, size, "%s:%u", base ? base + 1 : path, line);
        clang_disposeString(name);
    }
    return line;
}

/* One line about includes that were not found and errors libclang reported, in the main
 * file or in a header (an unknown type in a header makes every declaration using it
 * invalid, and code using those is dropped); returns whether there was any (the file was
 * not fully parsed). */
static bool summarise_diagnostics(CXTranslationUnit tu, char *notice, size_t size)
{
    unsigned n = clang_getNumDiagnostics(tu), missing = 0, errors = 0;
    char first_missing[160] = "", first_error[200] = "";
    CXFile main = main_file_of(tu);
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
        if (sev >= CXDiagnostic_Error) {
            CXString s = clang_getDiagnosticSpelling(d);
            const char *text = clang_getCString(s);
            if (text && strstr(text, "file not found")) {
                if (!missing++) snprintf(first_missing, sizeof(first_missing), "%s", text);
            } else if (!errors++) {
                char where[120];
                bool in_main;
                used_at(clang_getDiagnosticLocation(d), main, &in_main, where, sizeof(where));
                snprintf(first_error, sizeof(first_error), "%s: %s", where, text ? text : "");
            }
            clang_disposeString(s);
        }
        clang_disposeDiagnostic(d);
    }
    char line[512];
    if (missing) {
        snprintf(line, sizeof(line), "%u include%s not found (first: %s); semantic checks see less of the code%s",
                 missing, missing == 1 ? "" : "s", first_missing, " (pass -p with a compile_commands.json)");
        append_notice(notice, size, line);
    }
    if (errors && !missing) {
        snprintf(line, sizeof(line), "libclang reported %u error%s (%s); results may be incomplete", errors,
                 errors == 1 ? "" : "s", first_error);
        append_notice(notice, size, line);
    }
    return missing || errors;
}

/* The main-file lines where libclang reported code it could not compile (an error, or a
 * call of a function nobody declared: an unknown macro used like one; code reached
 * through a macro counts at the macro's use), at most ERROR_LINES_MAX in diagnostic
 * order, each with its message: code there may be missing from the AST or mean something
 * else than written. And the file-scope declarations libclang found invalid (in the main
 * file or a header), each with the first error inside it: a use of one (a call of a
 * function whose prototype names an unknown type) is dropped from the AST. */
#define ERROR_LINES_MAX 64
#define INVALID_DECLS_MAX 64
typedef struct {
    unsigned lines[ERROR_LINES_MAX];
    char text[ERROR_LINES_MAX][120];
    char implicit[ERROR_LINES_MAX][64]; /* the function of an implicit declaration, else "" */
    size_t count;
    char first[200]; /* the first real error ("line N: message", "x.h:N: message"), for the dropped-jump reason */
    char invalid_name[INVALID_DECLS_MAX][64];
    char invalid_why[INVALID_DECLS_MAX][200]; /* "line N: message" of the error in it, else the first */
    size_t invalid_count;
} error_lines_t;

static bool not_understood(CXDiagnostic d, const char *text)
{
    if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) return true;
    /* `Curl_safefree(p);` without its header: a macro taken for a call of an unknown
     * function (a library function declared implicitly is still the library's) */
    return text && strncmp(text, "implicit declaration of function", 32) == 0;
}

/* Whether the expansion location of `at` lies in [start, end]. */
static bool location_within(CXSourceLocation at, CXSourceLocation start, CXSourceLocation end)
{
    CXFile f, fs, fe;
    unsigned o, os, oe;
    clang_getExpansionLocation(at, &f, NULL, NULL, &o);
    clang_getExpansionLocation(start, &fs, NULL, NULL, &os);
    clang_getExpansionLocation(end, &fe, NULL, NULL, &oe);
    return f && fs && fe && clang_File_isEqual(f, fs) && clang_File_isEqual(f, fe) && o >= os && o <= oe;
}

/* The first error diagnostic whose code lies in `decl`, as "where: message" into why;
 * false when none does. */
static bool error_inside(CXTranslationUnit tu, CXFile main, CXCursor decl, char *why, size_t size)
{
    CXSourceRange r = clang_getCursorExtent(decl);
    CXSourceLocation start = clang_getRangeStart(r), end = clang_getRangeEnd(r);
    unsigned n = clang_getNumDiagnostics(tu);
    bool found = false;
    for (unsigned i = 0; i < n && !found; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        CXSourceLocation at = clang_getDiagnosticLocation(d);
        if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error && location_within(at, start, end)) {
            char where[120];
            bool in_main;
            used_at(at, main, &in_main, where, sizeof(where));
            CXString s = clang_getDiagnosticSpelling(d);
            snprintf(why, size, "%s: %s", where, clang_getCString(s) ? clang_getCString(s) : "");
            clang_disposeString(s);
            found = true;
        }
        clang_disposeDiagnostic(d);
    }
    return found;
}

typedef struct {
    error_lines_t *out;
    CXTranslationUnit tu;
    CXFile main;
} invalid_walk_t;

static enum CXChildVisitResult note_invalid_decl(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    invalid_walk_t *w = data;
    error_lines_t *out = w->out;
    if (out->invalid_count >= INVALID_DECLS_MAX) return CXChildVisit_Break;
    if (!clang_isDeclaration(clang_getCursorKind(c)) || !clang_isInvalidDeclaration(c)) return CXChildVisit_Continue;
    CXString s = clang_getCursorSpelling(c);
    const char *name = clang_getCString(s);
    bool known = !name || !name[0];
    for (size_t i = 0; i < out->invalid_count && !known; i++) known = !strcmp(out->invalid_name[i], name);
    if (!known && strlen(name) < sizeof(out->invalid_name[0])) {
        size_t k = out->invalid_count++;
        snprintf(out->invalid_name[k], sizeof(out->invalid_name[0]), "%s", name);
        if (!error_inside(w->tu, w->main, c, out->invalid_why[k], sizeof(out->invalid_why[0])))
            snprintf(out->invalid_why[k], sizeof(out->invalid_why[0]), "%s", out->first);
    }
    clang_disposeString(s);
    return CXChildVisit_Continue;
}

static void collect_error_lines(CXTranslationUnit tu, error_lines_t *out)
{
    out->count = 0;
    out->invalid_count = 0;
    out->first[0] = 0;
    char first_elsewhere[sizeof(out->first)] = "";
    CXFile main = main_file_of(tu);
    unsigned n = clang_getNumDiagnostics(tu);
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        CXSourceLocation at = clang_getDiagnosticLocation(d);
        CXString spelled = clang_getDiagnosticSpelling(d);
        const char *text = clang_getCString(spelled) ? clang_getCString(spelled) : "";
        char where[120];
        bool in_main = false;
        unsigned line = used_at(at, main, &in_main, where, sizeof(where));
        bool error = clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error && !strstr(text, "file not found");
        if (error && !in_main && !first_elsewhere[0])
            snprintf(first_elsewhere, sizeof(first_elsewhere), "%s: %s", where, text);
        if (out->count < ERROR_LINES_MAX && in_main && not_understood(d, text)) {
            if (!out->first[0] && clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error)
                snprintf(out->first, sizeof(out->first), "line %u: %s", line, text);
            snprintf(out->text[out->count], sizeof(out->text[0]), "%s", text);
            const char *name = clang_getDiagnosticSeverity(d) < CXDiagnostic_Error ? strchr(text, '\'') : NULL;
            size_t len = name ? strcspn(name + 1, "'") : 0;
            snprintf(out->implicit[out->count], sizeof(out->implicit[0]), "%.*s", (int)len, name ? name + 1 : "");
            out->lines[out->count++] = line;
        }
        clang_disposeString(spelled);
        clang_disposeDiagnostic(d);
    }
    if (!out->first[0]) memcpy(out->first, first_elsewhere, sizeof(out->first));
    if (!out->first[0]) return; /* no error, so no invalid declaration */
    invalid_walk_t walk = {out, tu, main};
    clang_visitChildren(clang_getTranslationUnitCursor(tu), note_invalid_decl, &walk);
}

/* The invalid file-scope declaration named `name`, as an index, or -1. */
static int invalid_decl_named(const error_lines_t *errors, const char *name)
{
    for (size_t i = 0; name && i < errors->invalid_count; i++)
        if (!strcmp(errors->invalid_name[i], name)) return (int)i;
    return -1;
}

/* A node under n that refers to an invalid file-scope declaration (through a macro body
 * too), as an index, or -1. */
static int invalid_reference_under(const cnode_t *n, const error_lines_t *errors)
{
    CXCursor to = clang_getCursorReferenced(n->cursor);
    if (!clang_Cursor_isNull(to) && clang_isInvalidDeclaration(to)) {
        CXString s = clang_getCursorSpelling(to);
        int at = invalid_decl_named(errors, clang_getCString(s));
        clang_disposeString(s);
        if (at >= 0) return at;
    }
    for (uint32_t i = 0; i < n->kid_count; i++) {
        int at = invalid_reference_under(n->kids[i], errors);
        if (at >= 0) return at;
    }
    return -1;
}

/* The invalid file-scope declaration function fn uses, as an index, or -1: referenced
 * from its AST, or named by one of its tokens (a call of it was dropped from the AST
 * with the statement holding it, so only the tokens still show it). */
static int invalid_use_in(const clang_unit_t *unit, const error_lines_t *errors, const cfunc_t *fn)
{
    if (!errors->invalid_count) return -1;
    int found = invalid_reference_under(fn->decl, errors);
    if (found >= 0) return found;
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(unit->tu, clang_getCursorExtent(fn->decl->cursor), &toks, &n);
    for (unsigned i = 0; i < n && found < 0; i++) {
        if (clang_getTokenKind(toks[i]) != CXToken_Identifier) continue;
        CXString sp = clang_getTokenSpelling(unit->tu, toks[i]);
        found = invalid_decl_named(errors, clang_getCString(sp));
        clang_disposeString(sp);
    }
    clang_disposeTokens(unit->tu, toks, n);
    return found;
}

/* Whether the path walk modelled a call of `name` under n: a library function it knows
 * by name (gets, once <stdio.h> no longer declares it), whose meaning the missing
 * declaration does not change. */
static bool modelled_call(const cnode_t *n, const char *name)
{
    if (n->kind == CXCursor_CallExpr && n->call_model > 0 && n->name && !strcmp(n->name, name)) return true;
    for (uint32_t i = 0; i < n->kid_count; i++)
        if (modelled_call(n->kids[i], name)) return true;
    return false;
}

/* The first diagnostic of code not understood inside function fn's lines, or -1. */
static int first_error_in(const error_lines_t *errors, const cfunc_t *fn)
{
    int best = -1;
    for (size_t i = 0; i < errors->count; i++)
        if (errors->lines[i] >= fn->decl->range.start_line && errors->lines[i] <= fn->decl->range.end_line &&
            (best < 0 || errors->lines[i] < errors->lines[best]) &&
            !(errors->implicit[i][0] && modelled_call(fn->decl, errors->implicit[i])))
            best = (int)i;
    return best;
}

/* Whether the mirrored AST under n has a statement of that kind starting at byte offset. */
static bool has_statement_at(const cnode_t *n, enum CXCursorKind kind, unsigned offset)
{
    if (n->kind == kind && n->range.start_byte == offset) return true;
    if (offset < n->range.start_byte || offset > n->range.end_byte) return false;
    for (uint32_t i = 0; i < n->kid_count; i++)
        if (has_statement_at(n->kids[i], kind, offset)) return true;
    return false;
}

/* The first line of a jump statement (return, goto, break, continue) written in the
 * function that its AST does not have: libclang drops a statement it cannot compile
 * (`return CURLE_OUT_OF_MEMORY;` when the enum is in a missing header), and the path then
 * runs on past it. 0 when none is missing. */
static unsigned dropped_jump_line(const clang_unit_t *unit, const cfunc_t *fn)
{
    CXToken *toks = NULL;
    unsigned n = 0, line = 0;
    clang_tokenize(unit->tu, clang_getCursorExtent(fn->decl->cursor), &toks, &n);
    for (unsigned i = 0; i < n && !line; i++) {
        if (clang_getTokenKind(toks[i]) != CXToken_Keyword) continue;
        CXString sp = clang_getTokenSpelling(unit->tu, toks[i]);
        const char *w = clang_getCString(sp);
        enum CXCursorKind kind = !w ? CXCursor_InvalidCode
                                 : !strcmp(w, "return") ? CXCursor_ReturnStmt
                                 : !strcmp(w, "goto") ? CXCursor_GotoStmt
                                 : !strcmp(w, "break") ? CXCursor_BreakStmt
                                 : !strcmp(w, "continue") ? CXCursor_ContinueStmt
                                                          : CXCursor_InvalidCode;
        clang_disposeString(sp);
        if (kind == CXCursor_InvalidCode) continue;
        CXSourceLocation at = clang_getTokenLocation(unit->tu, toks[i]);
        CXFile file;
        unsigned l, offset;
        clang_getSpellingLocation(at, &file, &l, NULL, &offset);
        if (!clang_Location_isFromMainFile(at) || clang_Location_isInSystemHeader(at)) continue;
        if (!has_statement_at(fn->body, kind, offset)) line = l;
    }
    clang_disposeTokens(unit->tu, toks, n);
    return line;
}

/* The function of the unit whose lines hold `line`, or unit->func_count. */
static size_t function_at(const clang_unit_t *unit, uint32_t line)
{
    for (size_t i = 0; i < unit->func_count; i++) {
        const source_range_t *r = &unit->funcs[i].decl->range;
        if (line >= r->start_line && line <= r->end_line) return i;
    }
    return unit->func_count;
}

static const char *function_name(const cfunc_t *fn)
{
    return fn->name ? fn->name : "this function";
}

/* What was found out about one function, looked up once per file: a jump statement its
 * AST lost, and an invalid declaration it uses. */
typedef struct {
    unsigned dropped; /* line of the lost jump, 0 none, UINT_MAX not looked */
    int invalid;      /* index in the invalid declarations, -1 none, -2 not looked */
} fn_trouble_t;

/* The first thing libclang did not understand in function `at`: a diagnostic in its lines
 * or an invalid declaration it uses; writes the reason's detail into why. */
static bool troubled(const clang_unit_t *unit, const error_lines_t *errors, fn_trouble_t *seen, size_t at,
                     char *why, size_t size)
{
    const cfunc_t *fn = &unit->funcs[at];
    int diag = first_error_in(errors, fn);
    if (diag >= 0) {
        snprintf(why, size, "line %u: %s", errors->lines[diag], errors->text[diag]);
        return true;
    }
    if (!seen) return false;
    if (seen[at].invalid == -2) seen[at].invalid = invalid_use_in(unit, errors, fn);
    if (seen[at].invalid < 0) return false;
    snprintf(why, size, "it uses %s, whose declaration libclang could not compile (%s)",
             errors->invalid_name[seen[at].invalid], errors->invalid_why[seen[at].invalid]);
    return true;
}

/* Certainty is honest about what libclang did not understand. A finding in a function
 * (or whose flow passes through one) where libclang reported code it could not compile,
 * or that uses a declaration libclang found invalid (its uses are dropped from the AST),
 * rests on an AST that lacks or misreads that code: low, naming the function and the
 * first diagnostic. A finding in a file where another function lost a jump statement
 * may rest on a path that does not exist (walked inline): low too. Only when libclang
 * reported something; seen[] caches what each function was found to have. */
static void grade_by_errors(const clang_unit_t *unit, const error_lines_t *errors, fn_trouble_t *seen,
                            const clang_finding_t *f, candidate_t *c)
{
    if ((!errors->count && !errors->invalid_count) || c->certainty == CERTAINTY_LOW) return;
    char why[560], detail[300];
    size_t own = function_at(unit, f->range.start_line);
    size_t broken = unit->func_count;
    if (own < unit->func_count && troubled(unit, errors, seen, own, detail, sizeof(detail))) broken = own;
    for (int i = 0; i < f->step_count && broken == unit->func_count; i++) {
        size_t at = function_at(unit, f->steps[i].range.start_line);
        if (at < unit->func_count && troubled(unit, errors, seen, at, detail, sizeof(detail))) broken = at;
    }
    if (broken < unit->func_count) {
        c->certainty = CERTAINTY_LOW;
        snprintf(why, sizeof(why), "libclang could not fully parse %s(): %s (pass -p with a compile_commands.json)",
                 function_name(&unit->funcs[broken]), detail);
        if (!candidate_fact(c, "certainty_reason")) candidate_add_fact(c, "certainty_reason", why);
        return;
    }
    size_t lost = unit->func_count;
    for (size_t i = 0; seen && errors->first[0] && i < unit->func_count && lost == unit->func_count; i++) {
        if (seen[i].dropped == UINT_MAX) seen[i].dropped = dropped_jump_line(unit, &unit->funcs[i]);
        if (seen[i].dropped) lost = i;
    }
    if (lost < unit->func_count) {
        c->certainty = CERTAINTY_LOW;
        snprintf(why, sizeof(why),
                 "libclang could not compile the statement on line %u of %s() (%s), so a path may run past it "
                 "(pass -p with a compile_commands.json)", seen[lost].dropped, function_name(&unit->funcs[lost]),
                 errors->first);
        if (!candidate_fact(c, "certainty_reason")) candidate_add_fact(c, "certainty_reason", why);
    }
}

/* ---- findings to candidates ------------------------------------------------------- */

static char *line_snippet(const clang_unit_t *unit, const source_range_t *r)
{
    if (!unit->text || r->start_byte > unit->text_size) return strdup("");
    size_t a = r->start_byte, b = r->end_byte;
    if (b < a || b > unit->text_size) b = a;
    if (b - a > 400) b = a + 400;
    char *s = malloc(b - a + 1);
    if (!s) return NULL;
    memcpy(s, unit->text + a, b - a);
    s[b - a] = 0;
    return s;
}

static int push_finding(clang_pass_t *pass, const clang_unit_t *unit, const char *path, const error_lines_t *errors,
                        fn_trouble_t *seen, const clang_finding_t *f, candidate_list_t *out)
{
    const rule_t *rule = find_rule(pass, f->rule_id);
    if (!rule || !rule->enabled) return 0;
    candidate_t *c = candidate_new();
    if (!c) return -1;
    c->rule = rule;
    c->rule_id = strdup(rule->id);
    c->path = strdup(path);
    c->range = f->range;
    c->message = strdup(f->message[0] ? f->message : (rule->message ? rule->message : rule->id));
    c->severity = rule->severity;
    c->certainty = f->certainty != CERTAINTY_UNSET ? f->certainty : rule_default_certainty(rule);
    c->cwe = f->cwe ? f->cwe : rule->cwe;
    c->snippet = line_snippet(unit, &f->range);
    if (!c->rule_id || !c->path || !c->message || !c->snippet) {
        candidate_free(c);
        return -1;
    }
    for (int i = 0; i < f->fact_count; i++)
        if (candidate_add_fact(c, f->fact_names[i], f->fact_values[i])) {
            candidate_free(c);
            return -1;
        }
    if (candidate_add_fact(c, "engine", "libclang")) {
        candidate_free(c);
        return -1;
    }
    grade_by_errors(unit, errors, seen, f, c);
    for (int i = 0; i < f->step_count; i++)
        if (candidate_add_flow(c, f->steps[i].range, f->steps[i].message)) {
            candidate_free(c);
            return -1;
        }
    pass->stats.findings++;
    return candidate_list_push(out, c);
}

/* Confirms or dismisses the tree-sitter candidates of this file. */
static void decide_candidates(clang_pass_t *pass, clang_unit_t *unit, const clang_findings_t *walked,
                              const char *path, candidate_list_t *list, size_t first_new)
{
    size_t kept = 0;
    for (size_t i = 0; i < list->count; i++) {
        candidate_t *c = list->items[i];
        bool skip = i >= first_new || !c->path || strcmp(c->path, path) != 0;
        if (!skip) {
            char reason[200];
            const rule_t *rule = c->rule ? c->rule : c->rule_id ? find_rule(pass, c->rule_id) : NULL;
            if (clang_facts_apply(unit, walked, c, rule ? rule->decide : 0, reason, sizeof(reason)) ==
                FACTS_DISMISS) {
                candidate_free(c);
                pass->stats.dismissed++;
                continue;
            }
        }
        list->items[kept++] = c;
    }
    list->count = kept;
}

int clang_pass_run(clang_pass_t *pass, const char *path, const char *abs_path, candidate_list_t *candidates,
                   char *notice, size_t notice_size, char *err, size_t err_size)
{
    return clang_pass_run_text(pass, path, abs_path, NULL, 0, candidates, notice, notice_size, err, err_size);
}

int clang_pass_run_text(clang_pass_t *pass, const char *path, const char *abs_path, const char *text,
                        size_t length, candidate_list_t *candidates, char *notice, size_t notice_size,
                        char *err, size_t err_size)
{
    if (notice_size) notice[0] = 0;
    pass->stats.files++;
    char real[PATH_MAX];
    clang_args_t args;
    clang_args_init(&args);
    char note[600];
    if (clang_command_for(pass->db, pass->guessed, pass->extra, pass->extra_count, abs_path, real, &abs_path, &args,
                          note, sizeof(note)) != 0) {
        clang_args_destroy(&args);
        snprintf(err, err_size, "%s: out of memory", path);
        return -1;
    }
    if (note[0]) append_notice(notice, notice_size, note);
    CXTranslationUnit tu = NULL;
    unsigned flags = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
    /* text in memory is the file's contents for libclang: an unsaved file under its name */
    struct CXUnsavedFile unsaved = {.Filename = abs_path, .Contents = text ? text : "", .Length = length};
    enum CXErrorCode code = clang_parseTranslationUnit2(pass->index, abs_path, (const char *const *)args.argv,
                                                        (int)args.argc, text ? &unsaved : NULL, text ? 1 : 0,
                                                        flags, &tu);
    clang_args_destroy(&args);
    if (code != CXError_Success || !tu) {
        pass->stats.parse_failures++;
        pass->stats.partly_parsed++;
        char line[200];
        snprintf(line, sizeof(line), "libclang could not parse the file (error %d); only the tree-sitter results stand",
                 (int)code);
        append_notice(notice, notice_size, line);
        if (tu) clang_disposeTranslationUnit(tu);
        return 0;
    }
    if (summarise_diagnostics(tu, notice, notice_size)) pass->stats.partly_parsed++;
    error_lines_t errors;
    collect_error_lines(tu, &errors);
    clang_unit_t *unit = NULL;
    if (clang_unit_build(&unit, tu) != 0) {
        clang_disposeTranslationUnit(tu);
        snprintf(err, err_size, "%s: out of memory in the libclang pass", path);
        return -1;
    }
    clang_findings_t findings;
    clang_findings_init(&findings);
    int rc = 0;
    size_t over_budget = 0;
    for (size_t i = 0; i < unit->func_count && rc == 0; i++) {
        const cfunc_t *f = &unit->funcs[i];
        pass->stats.functions++;
        clang_checks_run(unit, f, &findings);
        ccfg_t cfg;
        if (clang_cfg_build(&cfg, unit, f) != 0) {
            rc = -1;
            break;
        }
        bool over = false;
        if (clang_paths_run(unit, f, &cfg, &findings, &over) != 0) rc = -1;
        if (over) over_budget++;
    }
    if (findings.out_of_memory) rc = -1;
    pass->stats.functions_over_budget += over_budget;
    if (over_budget) {
        char line[160];
        snprintf(line, sizeof(line), "%zu function%s too branchy to walk every path; checked partly", over_budget,
                 over_budget == 1 ? " is" : "s are");
        append_notice(notice, notice_size, line);
    }
    size_t first_new = candidates->count;
    fn_trouble_t *seen = NULL; /* per function: what it was found to have, looked up on demand */
    if ((errors.count || errors.invalid_count) && unit->func_count) {
        seen = malloc(unit->func_count * sizeof(*seen));
        if (!seen) rc = -1;
        for (size_t i = 0; seen && i < unit->func_count; i++) seen[i] = (fn_trouble_t){UINT_MAX, -2};
    }
    for (size_t i = 0; i < findings.count && rc == 0; i++)
        if (push_finding(pass, unit, path, &errors, seen, &findings.items[i], candidates)) rc = -1;
    if (rc == 0) decide_candidates(pass, unit, &findings, path, candidates, first_new);
    free(seen);
    clang_findings_destroy(&findings);
    clang_unit_free(unit);
    clang_disposeTranslationUnit(tu);
    if (rc != 0) snprintf(err, err_size, "%s: out of memory in the libclang pass", path);
    return rc;
}
