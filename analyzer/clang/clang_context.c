/* clang_context.c — definitions a function refers to, through libclang's cross-references
 * (see clang_context.h).
 *
 * Parsing a file (with the detailed preprocessing record, so macro uses are cursors)
 * remembers the main file's top-level declarations and macro expansions. Collecting for a
 * line: find the declaration around it, gather every reference inside it (DeclRefExpr,
 * MemberRefExpr, TypeRef from the AST; MacroExpansion from the record) with where it is
 * written, sort them by position, and resolve them in two rounds, those on the flagged
 * lines first: each reference leads to its definition (a field to its record, an
 * enumerator to its enum, a typedef also to the record it names), which becomes an item
 * unless it lies outside the project, is the enclosing declaration, or is already listed (the
 * same text, or text inside an item's: the struct written inside its typedef; such a record
 * is shown as that typedef). A record longer than the limit is shown with only the members
 * the declaration uses, which the references tell. */
#include "analyzer/clang/clang_context.h"

#include <clang-c/Index.h>
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/clang/clang_command.h"
#include "analyzer/clang/clang_compdb.h"
#include "analyzer/clang/clang_includes.h"

#define DEFAULT_SMALL_CALLEE_LINES 15
#define DEFAULT_MAX_ITEMS 64
#define DEFAULT_LARGE_RECORD_LINES 30
#define MAX_TYPEDEF_DEPTH 4

struct clang_context {
    CXIndex index;
    clang_compdb_t *db;
    clang_includes_t *guessed; /* include folders from the tree, when there is no db */
    char **extra;
    size_t extra_count;
    char *repo_root; /* absolute, or NULL */
    /* clang_context_parse_last: the last file parsed, with the path and text it was for */
    clang_context_file_t *last;
    char *last_path, *last_text;
    size_t last_length;
};

/* A top-level declaration of the main file, or a macro use in it. */
typedef struct {
    CXCursor cursor;
    unsigned start, end;           /* byte offsets (file locations) */
    unsigned first_line, last_line;
} span_t;

typedef struct {
    span_t *items;
    size_t count, capacity;
} spans_t;

struct clang_context_file {
    const clang_context_t *ctx;
    CXTranslationUnit tu;
    CXFile main;
    spans_t decls;  /* top-level declarations of the main file, in order */
    spans_t macros; /* macro expansions in the main file, in order */
};

const char *clang_context_kind_name(clang_context_kind_t kind)
{
    static const char *const NAMES[] = {"struct", "union", "enum", "typedef", "macro", "variable", "prototype", "function"};
    return (unsigned)kind < sizeof(NAMES) / sizeof(*NAMES) ? NAMES[kind] : "?";
}

/* ---- the context ------------------------------------------------------------------------ */

int clang_context_new(clang_context_t **out, const clang_options_t *opts, char *err, size_t err_size)
{
    *out = NULL;
    clang_context_t *ctx = calloc(1, sizeof(*ctx));
    if (!ctx) goto oom;
    if (opts && opts->compile_commands && opts->compile_commands[0] &&
        clang_compdb_open(&ctx->db, opts->compile_commands, err, err_size) != 0) {
        clang_context_free(ctx);
        return -1;
    }
    if (opts && opts->repo_root) {
        char real[PATH_MAX];
        ctx->repo_root = strdup(realpath(opts->repo_root, real) ? real : opts->repo_root);
        if (!ctx->repo_root) goto oom;
    }
    if (!ctx->db && clang_includes_new(&ctx->guessed, ctx->repo_root) != 0) goto oom;
    if (opts && opts->extra_arg_count) {
        ctx->extra = calloc(opts->extra_arg_count, sizeof(char *));
        if (!ctx->extra) goto oom;
        for (size_t i = 0; i < opts->extra_arg_count; i++) {
            if (!(ctx->extra[i] = strdup(opts->extra_args[i]))) goto oom;
            ctx->extra_count++;
        }
    }
    ctx->index = clang_createIndex(0, 0);
    if (!ctx->index) {
        snprintf(err, err_size, "libclang context: cannot create a clang index");
        clang_context_free(ctx);
        return -1;
    }
    *out = ctx;
    return 0;
oom:
    snprintf(err, err_size, "libclang context: out of memory");
    clang_context_free(ctx);
    return -1;
}

void clang_context_free(clang_context_t *ctx)
{
    if (!ctx) return;
    clang_context_file_free(ctx->last);
    free(ctx->last_path);
    free(ctx->last_text);
    if (ctx->index) clang_disposeIndex(ctx->index);
    clang_compdb_free(ctx->db);
    clang_includes_free(ctx->guessed);
    for (size_t i = 0; i < ctx->extra_count; i++) free(ctx->extra[i]);
    free(ctx->extra);
    free(ctx->repo_root);
    free(ctx);
}

/* ---- parsing ---------------------------------------------------------------------------- */

static int spans_push(spans_t *s, span_t span)
{
    if (s->count == s->capacity) {
        size_t cap = s->capacity ? s->capacity * 2 : 32;
        span_t *grown = realloc(s->items, cap * sizeof(*grown));
        if (!grown) return -1;
        s->items = grown;
        s->capacity = cap;
    }
    s->items[s->count++] = span;
    return 0;
}

/* The extent of c in file offsets and lines; false when it is not all in one file. */
static bool cursor_span(CXCursor c, CXFile *file, span_t *span)
{
    CXSourceRange ext = clang_getCursorExtent(c);
    CXFile fs, fe;
    unsigned ls, le, os, oe;
    clang_getFileLocation(clang_getRangeStart(ext), &fs, &ls, NULL, &os);
    clang_getFileLocation(clang_getRangeEnd(ext), &fe, &le, NULL, &oe);
    if (!fs || !fe || !clang_File_isEqual(fs, fe) || oe < os) return false;
    if (file) *file = fs;
    span->cursor = c;
    span->start = os;
    span->end = oe;
    span->first_line = ls;
    span->last_line = le;
    return true;
}

typedef struct {
    clang_context_file_t *file;
    bool oom;
} parse_walk_t;

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    parse_walk_t *w = data;
    if (!clang_Location_isFromMainFile(clang_getCursorLocation(c))) return CXChildVisit_Continue;
    enum CXCursorKind kind = clang_getCursorKind(c);
    span_t span;
    CXFile f;
    if (!cursor_span(c, &f, &span) || !clang_File_isEqual(f, w->file->main)) return CXChildVisit_Continue;
    spans_t *into = kind == CXCursor_MacroExpansion ? &w->file->macros : clang_isDeclaration(kind) ? &w->file->decls : NULL;
    if (into && spans_push(into, span) != 0) {
        w->oom = true;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Continue;
}

int clang_context_parse(clang_context_t *ctx, clang_context_file_t **out, const char *abs_path, const char *text,
                        size_t length, char *err, size_t err_size)
{
    *out = NULL;
    char real[PATH_MAX];
    clang_args_t args;
    clang_args_init(&args);
    char note[600];
    if (clang_command_for(ctx->db, ctx->guessed, ctx->extra, ctx->extra_count, abs_path, real, &abs_path, &args, note,
                          sizeof(note)) != 0) {
        clang_args_destroy(&args);
        snprintf(err, err_size, "%s: out of memory", abs_path);
        return -1;
    }
    clang_context_file_t *file = calloc(1, sizeof(*file));
    if (!file) {
        clang_args_destroy(&args);
        snprintf(err, err_size, "%s: out of memory", abs_path);
        return -1;
    }
    file->ctx = ctx;
    /* the preprocessing record makes macro uses and definitions cursors */
    unsigned flags = CXTranslationUnit_KeepGoing | CXTranslationUnit_DetailedPreprocessingRecord |
                     CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
    struct CXUnsavedFile unsaved = {.Filename = abs_path, .Contents = text ? text : "", .Length = length};
    enum CXErrorCode code = clang_parseTranslationUnit2(ctx->index, abs_path, (const char *const *)args.argv,
                                                        (int)args.argc, text ? &unsaved : NULL, text ? 1 : 0,
                                                        flags, &file->tu);
    clang_args_destroy(&args);
    if (code != CXError_Success || !file->tu) {
        snprintf(err, err_size, "%s: libclang could not parse the file (error %d)", abs_path, (int)code);
        clang_context_file_free(file);
        return -1;
    }
    file->main = clang_getFile(file->tu, abs_path);
    if (!file->main) {
        snprintf(err, err_size, "%s: libclang parsed the file but does not know it", abs_path);
        clang_context_file_free(file);
        return -1;
    }
    parse_walk_t walk = {.file = file};
    clang_visitChildren(clang_getTranslationUnitCursor(file->tu), visit_top, &walk);
    if (walk.oom) {
        snprintf(err, err_size, "%s: out of memory", abs_path);
        clang_context_file_free(file);
        return -1;
    }
    *out = file;
    return 0;
}

int clang_context_parse_last(clang_context_t *ctx, clang_context_file_t **out, const char *abs_path, const char *text,
                             size_t length, char *err, size_t err_size)
{
    *out = NULL;
    if (ctx->last && text && ctx->last_text && ctx->last_length == length && !strcmp(ctx->last_path, abs_path) &&
        !memcmp(ctx->last_text, text, length)) {
        *out = ctx->last;
        return 0;
    }
    clang_context_file_free(ctx->last);
    free(ctx->last_path);
    free(ctx->last_text);
    ctx->last = NULL;
    ctx->last_path = ctx->last_text = NULL;
    ctx->last_length = 0;
    clang_context_file_t *file;
    if (clang_context_parse(ctx, &file, abs_path, text, length, err, err_size) != 0) return -1;
    ctx->last_path = strdup(abs_path);
    ctx->last_text = text ? malloc(length ? length : 1) : NULL; /* text NULL (the disk): never reused */
    if (!ctx->last_path || (text && !ctx->last_text)) {
        clang_context_file_free(file);
        free(ctx->last_path);
        free(ctx->last_text);
        ctx->last_path = ctx->last_text = NULL;
        snprintf(err, err_size, "%s: out of memory", abs_path);
        return -1;
    }
    if (text) memcpy(ctx->last_text, text, length);
    ctx->last = file;
    ctx->last_length = length;
    *out = file;
    return 0;
}

void clang_context_file_free(clang_context_file_t *file)
{
    if (!file) return;
    if (file->tu) clang_disposeTranslationUnit(file->tu);
    free(file->decls.items);
    free(file->macros.items);
    free(file);
}

/* ---- the list --------------------------------------------------------------------------- */

void clang_context_list_init(clang_context_list_t *list)
{
    memset(list, 0, sizeof(*list));
}

static void list_clear(clang_context_list_t *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].name);
        free(list->items[i].file);
        free(list->items[i].text);
    }
    list->count = 0;
    free(list->function);
    list->function = NULL;
    list->function_first_line = list->function_last_line = 0;
}

void clang_context_list_destroy(clang_context_list_t *list)
{
    list_clear(list);
    free(list->items);
    memset(list, 0, sizeof(*list));
}

/* ---- collecting ------------------------------------------------------------------------- */

/* A reference inside the enclosing declaration. */
typedef struct {
    CXCursor target; /* what it refers to */
    unsigned offset; /* where it is written (expansion location) */
    unsigned order;  /* visit order, for a stable sort */
    bool on_line;
} ref_t;

/* Where an item's text is, for finding repeats and texts inside texts. */
typedef struct {
    CXFile file;
    unsigned start, end;
} placed_t;

typedef struct {
    clang_context_file_t *file;
    const clang_context_limits_t *limits;
    clang_context_list_t *list;
    span_t scope;        /* the enclosing declaration */
    unsigned first_line, last_line;
    const unsigned *more_lines; /* further flagged lines (the finding's path steps) */
    size_t more_count;
    ref_t *refs;
    size_t ref_count, ref_capacity;
    placed_t *placed;    /* parallel to list->items */
    CXCursor *visited;   /* targets already resolved */
    size_t visited_count, visited_capacity;
    CXCursor *members;   /* fields and enumerators the declaration refers to */
    size_t member_count;
    bool oom;
} collector_t;

static int push_ref(collector_t *k, CXCursor target, CXSourceLocation at)
{
    CXFile f;
    unsigned line, offset;
    clang_getExpansionLocation(at, &f, &line, NULL, &offset);
    if (!f || !clang_File_isEqual(f, k->file->main)) return 0;
    if (k->ref_count == k->ref_capacity) {
        size_t cap = k->ref_capacity ? k->ref_capacity * 2 : 64;
        ref_t *grown = realloc(k->refs, cap * sizeof(*grown));
        if (!grown) return -1;
        k->refs = grown;
        k->ref_capacity = cap;
    }
    bool on_line = line >= k->first_line && line <= k->last_line;
    for (size_t i = 0; i < k->more_count && !on_line; i++) on_line = line == k->more_lines[i];
    k->refs[k->ref_count] = (ref_t){target, offset, (unsigned)k->ref_count, on_line};
    k->ref_count++;
    return 0;
}

static enum CXChildVisitResult visit_refs(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    collector_t *k = data;
    enum CXCursorKind kind = clang_getCursorKind(c);
    /* MemberRef: a designated initializer's ".field" */
    if (kind == CXCursor_DeclRefExpr || kind == CXCursor_MemberRefExpr || kind == CXCursor_MemberRef ||
        kind == CXCursor_TypeRef) {
        CXCursor target = clang_getCursorReferenced(c);
        if (!clang_Cursor_isNull(target) && push_ref(k, target, clang_getCursorLocation(c)) != 0) {
            k->oom = true;
            return CXChildVisit_Break;
        }
    }
    return CXChildVisit_Recurse;
}

static int compare_refs(const void *a, const void *b)
{
    const ref_t *x = a, *y = b;
    if (x->offset != y->offset) return x->offset < y->offset ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Whether a definition is the project's: outside the system headers, or under repo_root
 * (a project folder passed with -idirafter counts as a system folder to clang). */
static bool in_project(const collector_t *k, CXCursor c)
{
    CXSourceLocation loc = clang_getCursorLocation(c);
    CXFile f;
    clang_getFileLocation(loc, &f, NULL, NULL, NULL);
    if (!f) return false;
    if (!clang_Location_isInSystemHeader(loc)) return true;
    const char *root = k->file->ctx->repo_root;
    if (!root) return false;
    CXString name = clang_getFileName(f);
    const char *s = clang_getCString(name);
    size_t n = strlen(root);
    bool under = s && !strncmp(s, root, n) && s[n] == '/';
    clang_disposeString(name);
    return under;
}

static char *cursor_name(CXCursor c)
{
    if (clang_Cursor_isAnonymous(c)) return strdup("");
    CXString s = clang_getCursorSpelling(c);
    char *name = strdup(clang_getCString(s) ? clang_getCString(s) : "");
    clang_disposeString(s);
    return name;
}

/* Whether [start, end) of file is already listed, or inside a listed text. */
static bool already_placed(const collector_t *k, CXFile file, unsigned start, unsigned end)
{
    for (size_t i = 0; i < k->list->count; i++) {
        const placed_t *p = &k->placed[i];
        if (clang_File_isEqual(p->file, file) && start >= p->start && end <= p->end) return true;
    }
    return false;
}

/* Appends an item; takes name and text (freed on failure). 0, or -1 on out of memory. */
static int add_item(collector_t *k, clang_context_kind_t kind, char *name, CXFile file, unsigned line, char *text,
                    placed_t where, bool on_line, bool library)
{
    clang_context_list_t *l = k->list;
    CXString fname = clang_getFileName(file);
    char *path = strdup(clang_getCString(fname) ? clang_getCString(fname) : "");
    clang_disposeString(fname);
    if (!name || !text || !path) goto oom;
    if (l->count == l->capacity) {
        size_t cap = l->capacity ? l->capacity * 2 : 16;
        clang_context_item_t *grown = realloc(l->items, cap * sizeof(*grown));
        if (!grown) goto oom;
        l->items = grown;
        placed_t *pg = realloc(k->placed, cap * sizeof(*pg));
        if (!pg) goto oom;
        k->placed = pg;
        l->capacity = cap;
    }
    l->items[l->count] = (clang_context_item_t){kind, name, path, line, text, on_line, library};
    k->placed[l->count] = where;
    l->count++;
    return 0;
oom:
    free(name);
    free(text);
    free(path);
    return -1;
}

/* The source text of [start, end) in file, with `prefix` before and `suffix` after it. */
static char *file_text(const collector_t *k, CXFile file, unsigned start, unsigned end, const char *prefix,
                       const char *suffix)
{
    size_t size = 0;
    const char *contents = clang_getFileContents(k->file->tu, file, &size);
    if (!contents || end > size || start > end) return strdup("");
    while (end > start && (contents[end - 1] == ' ' || contents[end - 1] == '\t' || contents[end - 1] == '\n' ||
                           contents[end - 1] == '\r'))
        end--;
    size_t np = strlen(prefix), ns = strlen(suffix), n = end - start;
    char *text = malloc(np + n + ns + 1);
    if (!text) return NULL;
    memcpy(text, prefix, np);
    memcpy(text + np, contents + start, n);
    memcpy(text + np + n, suffix, ns + 1);
    return text;
}

/* ---- large records: only the members used ------------------------------------------ */

typedef struct {
    const collector_t *k;
    CXFile file;
    const char *contents;
    size_t size;
    FILE *out;
    bool skipped; /* members left out since the last one written */
} narrow_t;

static bool member_used(const collector_t *k, CXCursor member)
{
    for (size_t i = 0; i < k->member_count; i++)
        if (clang_equalCursors(k->members[i], member)) return true;
    return false;
}

static enum CXChildVisitResult visit_member(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    narrow_t *n = data;
    enum CXCursorKind kind = clang_getCursorKind(c);
    if (kind != CXCursor_FieldDecl && kind != CXCursor_EnumConstantDecl) return CXChildVisit_Continue;
    span_t span;
    CXFile f;
    if (!member_used(n->k, c) || !cursor_span(c, &f, &span) || !clang_File_isEqual(f, n->file) || span.end > n->size) {
        n->skipped = true;
        return CXChildVisit_Continue;
    }
    if (n->skipped) fputs("    /* ... */\n", n->out);
    n->skipped = false;
    fputs("    ", n->out);
    fwrite(n->contents + span.start, 1, span.end - span.start, n->out);
    fputs(kind == CXCursor_FieldDecl ? ";\n" : ",\n", n->out);
    return CXChildVisit_Continue;
}

/* The text of a declaration [outer) holding a record definition (the record itself, or a
 * typedef written around it) with only the members the declaration being reviewed uses:
 * "struct big {\n    /+ ... +/\n    int used;\n    /+ ... +/\n};" (comment marks as in C).
 * *done false (and NULL) when the record is not written inside outer; NULL with *done true
 * on out of memory. */
static char *narrowed_text(const collector_t *k, CXFile file, const span_t *outer, CXCursor record, const char *suffix,
                           bool *done)
{
    *done = false;
    span_t inner;
    CXFile f;
    size_t size = 0;
    const char *contents = clang_getFileContents(k->file->tu, file, &size);
    if (!contents || !cursor_span(record, &f, &inner) || !clang_File_isEqual(f, file) || inner.start < outer->start ||
        inner.end > outer->end || outer->end > size || inner.end == 0 || contents[inner.end - 1] != '}')
        return NULL;
    const char *brace = memchr(contents + inner.start, '{', inner.end - inner.start);
    if (!brace) return NULL;
    *done = true;
    char *text = NULL;
    size_t length = 0;
    FILE *out = open_memstream(&text, &length);
    if (!out) return NULL;
    fwrite(contents + outer->start, 1, (size_t)(brace - contents) + 1 - outer->start, out);
    fputc('\n', out);
    narrow_t n = {.k = k, .file = file, .contents = contents, .size = size, .out = out};
    clang_visitChildren(record, visit_member, &n);
    if (n.skipped) fputs("    /* ... */\n", out);
    fwrite(contents + inner.end - 1, 1, outer->end - (inner.end - 1), out);
    fputs(suffix, out);
    if (fclose(out) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* Lists the whole extent of def as an item of kind (prefix/suffix around its text), once.
 * record (may be the null cursor) is a record definition written inside def: when def is
 * longer than the limit for records, only the members used are shown. */
static int add_extent(collector_t *k, CXCursor def, clang_context_kind_t kind, const char *prefix, const char *suffix,
                      bool on_line, CXCursor record)
{
    span_t span;
    CXFile file;
    if (!cursor_span(def, &file, &span)) return 0;
    if (clang_File_isEqual(file, k->file->main) && span.start < k->scope.end && span.end > k->scope.start)
        return 0; /* the enclosing declaration, or something written inside it: already shown */
    if (already_placed(k, file, span.start, span.end)) return 0;
    unsigned large = k->limits && k->limits->large_record_lines ? k->limits->large_record_lines
                                                                : DEFAULT_LARGE_RECORD_LINES;
    bool narrowed = false;
    char *text = NULL;
    if (!clang_Cursor_isNull(record) && span.last_line - span.first_line + 1 > large)
        text = narrowed_text(k, file, &span, record, suffix, &narrowed);
    if (!narrowed) text = file_text(k, file, span.start, span.end, prefix, suffix);
    return add_item(k, kind, cursor_name(def), file, span.first_line, text, (placed_t){file, span.start, span.end},
                    on_line, false);
}

/* The typedef a record definition is written in ("typedef enum { ... } colour_t;"): the
 * declaration at the first identifier after the record's closing brace, when it is a
 * typedef around the record. The null cursor otherwise. */
static CXCursor typedef_around(const collector_t *k, CXCursor record)
{
    span_t span;
    CXFile file;
    size_t size = 0;
    if (!cursor_span(record, &file, &span)) return clang_getNullCursor();
    const char *contents = clang_getFileContents(k->file->tu, file, &size);
    size_t at = span.end;
    while (contents && at < size && (contents[at] == ' ' || contents[at] == '\t' || contents[at] == '\n' ||
                                     contents[at] == '\r' || contents[at] == '*'))
        at++;
    if (!contents || at >= size || !(contents[at] == '_' || isalpha((unsigned char)contents[at])))
        return clang_getNullCursor();
    CXCursor c = clang_getCursor(k->file->tu, clang_getLocationForOffset(k->file->tu, file, (unsigned)at));
    span_t outer;
    CXFile f;
    if (clang_getCursorKind(c) != CXCursor_TypedefDecl || !cursor_span(c, &f, &outer) || !clang_File_isEqual(f, file) ||
        outer.start > span.start || outer.end < span.end)
        return clang_getNullCursor();
    return c;
}

static int add_record(collector_t *k, CXCursor decl, bool on_line)
{
    CXCursor def = clang_getCursorDefinition(decl);
    if (clang_Cursor_isNull(def) || !in_project(k, def)) return 0; /* incomplete, or a library's */
    /* written inside a typedef: the typedef is the definition to show */
    CXCursor outer = typedef_around(k, def);
    if (!clang_Cursor_isNull(outer)) return add_extent(k, outer, CLANG_CONTEXT_TYPEDEF, "", ";", on_line, def);
    enum CXCursorKind kind = clang_getCursorKind(def);
    clang_context_kind_t item = kind == CXCursor_UnionDecl ? CLANG_CONTEXT_UNION
                                : kind == CXCursor_EnumDecl ? CLANG_CONTEXT_ENUM
                                                            : CLANG_CONTEXT_STRUCT;
    return add_extent(k, def, item, "", ";", on_line, def);
}

static int add_typedef(collector_t *k, CXCursor decl, bool on_line, int depth)
{
    if (!in_project(k, decl)) return 0; /* size_t, FILE, ... */
    /* the record or typedef it names, behind pointers and arrays */
    CXType t = clang_getTypedefDeclUnderlyingType(decl);
    for (int guard = 0; guard < 8; guard++) {
        CXType inner = t.kind == CXType_Pointer ? clang_getPointeeType(t)
                       : (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray)
                           ? clang_getArrayElementType(t)
                       : t.kind == CXType_Elaborated ? clang_Type_getNamedType(t)
                                                     : t;
        if (inner.kind == t.kind && clang_equalTypes(inner, t)) break;
        t = inner;
    }
    CXCursor named = clang_getTypeDeclaration(t);
    enum CXCursorKind kind = clang_getCursorKind(named);
    bool record = kind == CXCursor_StructDecl || kind == CXCursor_UnionDecl || kind == CXCursor_EnumDecl;
    CXCursor def = record ? clang_getCursorDefinition(named) : clang_getNullCursor();
    /* a record written inside the typedef is shown (or narrowed) as part of it */
    if (add_extent(k, decl, CLANG_CONTEXT_TYPEDEF, "", ";", on_line, def) != 0) return -1;
    if (record) return add_record(k, named, on_line);
    if (kind == CXCursor_TypedefDecl && depth < MAX_TYPEDEF_DEPTH) return add_typedef(k, named, on_line, depth + 1);
    return 0;
}

/* The body of a function definition: its CompoundStmt child. */
static enum CXChildVisitResult find_body(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    if (clang_getCursorKind(c) == CXCursor_CompoundStmt) {
        *(CXCursor *)data = c;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Continue;
}

/* Appends s to the growing string *buf (length *n); false on out of memory. */
static bool append(char **buf, size_t *n, const char *s)
{
    size_t add = strlen(s);
    char *grown = realloc(*buf, *n + add + 1);
    if (!grown) return false;
    memcpy(grown + *n, s, add + 1);
    *buf = grown;
    *n += add;
    return true;
}

/* "type name", with the name inside a function pointer's "(*)" and no space after '*'. */
static bool append_declarator(char **buf, size_t *n, const char *type, const char *name)
{
    const char *fp = name[0] ? strstr(type, "(*)") : NULL;
    if (fp) {
        size_t head = (size_t)(fp - type) + 2;
        char *t = strndup(type, head);
        bool ok = t && append(buf, n, t) && append(buf, n, name) && append(buf, n, fp + 2);
        free(t);
        return ok;
    }
    size_t len = strlen(type);
    bool star = len && type[len - 1] == '*';
    return append(buf, n, type) && (!name[0] || ((star || append(buf, n, " ")) && append(buf, n, name)));
}

/* A library function's prototype from its type: "void *realloc(void *ptr, size_t size);"
 * (the header's own text carries attributes and reserved parameter names). */
static char *library_prototype(CXCursor decl)
{
    char *buf = NULL;
    size_t n = 0;
    CXString result = clang_getTypeSpelling(clang_getCursorResultType(decl));
    CXString name = clang_getCursorSpelling(decl);
    bool ok = append_declarator(&buf, &n, clang_getCString(result), clang_getCString(name)) && append(&buf, &n, "(");
    clang_disposeString(result);
    clang_disposeString(name);
    int argc = clang_Cursor_getNumArguments(decl);
    for (int i = 0; ok && i < argc; i++) {
        CXCursor arg = clang_Cursor_getArgument(decl, (unsigned)i);
        CXString type = clang_getTypeSpelling(clang_getCursorType(arg));
        CXString spelled = clang_getCursorSpelling(arg);
        const char *pname = clang_getCString(spelled);
        while (pname && *pname == '_') pname++; /* __ptr -> ptr */
        ok = (i == 0 || append(&buf, &n, ", ")) && append_declarator(&buf, &n, clang_getCString(type), pname ? pname : "");
        clang_disposeString(type);
        clang_disposeString(spelled);
    }
    bool variadic = clang_isFunctionTypeVariadic(clang_getCursorType(decl)) == 1;
    if (ok && variadic) ok = append(&buf, &n, argc > 0 ? ", ..." : "...");
    else if (ok && argc == 0) ok = append(&buf, &n, "void");
    if (ok) ok = append(&buf, &n, ");");
    if (!ok) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int add_function(collector_t *k, CXCursor target, bool on_line)
{
    CXCursor def = clang_getCursorDefinition(target);
    unsigned small = k->limits && k->limits->small_callee_lines ? k->limits->small_callee_lines
                                                                 : DEFAULT_SMALL_CALLEE_LINES;
    if (!clang_Cursor_isNull(def) && in_project(k, def)) {
        span_t span;
        CXFile file;
        if (!cursor_span(def, &file, &span)) return 0;
        if (span.last_line - span.first_line + 1 <= small) return add_extent(k, def, CLANG_CONTEXT_FUNCTION, "", "", on_line, clang_getNullCursor());
        /* too long: its head, up to the body */
        CXCursor body = clang_getNullCursor();
        clang_visitChildren(def, find_body, &body);
        span_t body_span;
        CXFile body_file;
        if (clang_Cursor_isNull(body) || !cursor_span(body, &body_file, &body_span) ||
            !clang_File_isEqual(body_file, file))
            return 0;
        if (already_placed(k, file, span.start, body_span.start)) return 0;
        char *text = file_text(k, file, span.start, body_span.start, "", ";");
        return add_item(k, CLANG_CONTEXT_PROTOTYPE, cursor_name(def), file, span.first_line, text,
                        (placed_t){file, span.start, span.end}, on_line, false);
    }
    /* the declaration the call sees (a builtin's canonical one has no parameter names) */
    CXCursor decl = target;
    if (in_project(k, decl)) return add_extent(k, decl, CLANG_CONTEXT_PROTOTYPE, "", ";", on_line, clang_getNullCursor());
    /* a library function: a prototype rebuilt from its type */
    CXFile file;
    unsigned line, offset;
    clang_getFileLocation(clang_getCursorLocation(decl), &file, &line, NULL, &offset);
    if (!file || already_placed(k, file, offset, offset)) return 0;
    char *text = library_prototype(decl);
    return add_item(k, CLANG_CONTEXT_PROTOTYPE, cursor_name(decl), file, line, text, (placed_t){file, offset, offset},
                    on_line, true);
}

/* Whether target was resolved before (and remembers it). -1 on out of memory. */
static int seen_before(collector_t *k, CXCursor target)
{
    for (size_t i = 0; i < k->visited_count; i++)
        if (clang_equalCursors(k->visited[i], target)) return 1;
    if (k->visited_count == k->visited_capacity) {
        size_t cap = k->visited_capacity ? k->visited_capacity * 2 : 64;
        CXCursor *grown = realloc(k->visited, cap * sizeof(*grown));
        if (!grown) return -1;
        k->visited = grown;
        k->visited_capacity = cap;
    }
    k->visited[k->visited_count++] = target;
    return 0;
}

/* Resolves one reference into zero or more items. -1 on out of memory. */
static int resolve(collector_t *k, CXCursor target, bool on_line)
{
    int seen = seen_before(k, clang_getCanonicalCursor(target));
    if (seen != 0) return seen < 0 ? -1 : 0;
    switch (clang_getCursorKind(target)) {
    case CXCursor_FunctionDecl: return add_function(k, target, on_line);
    case CXCursor_StructDecl:
    case CXCursor_UnionDecl:
    case CXCursor_EnumDecl: return add_record(k, target, on_line);
    case CXCursor_FieldDecl:
    case CXCursor_EnumConstantDecl: return add_record(k, clang_getCursorSemanticParent(target), on_line);
    case CXCursor_TypedefDecl: return add_typedef(k, target, on_line, 0);
    case CXCursor_MacroDefinition:
        return in_project(k, target) ? add_extent(k, target, CLANG_CONTEXT_MACRO, "#define ", "", on_line, clang_getNullCursor()) : 0;
    case CXCursor_VarDecl: {
        /* file-scope variables only; locals are in the function already */
        if (clang_getCursorKind(clang_getCursorSemanticParent(target)) != CXCursor_TranslationUnit) return 0;
        CXCursor def = clang_getCursorDefinition(target);
        if (clang_Cursor_isNull(def)) def = target;
        return in_project(k, def) ? add_extent(k, def, CLANG_CONTEXT_VARIABLE, "", ";", on_line, clang_getNullCursor()) : 0;
    }
    default: return 0;
    }
}

int clang_context_collect(clang_context_file_t *file, unsigned first_line, unsigned last_line,
                          const clang_context_limits_t *limits, clang_context_list_t *list, char *err,
                          size_t err_size)
{
    return clang_context_collect_lines(file, first_line, last_line, NULL, 0, limits, list, err, err_size);
}

int clang_context_collect_lines(clang_context_file_t *file, unsigned first_line, unsigned last_line,
                                const unsigned *more_lines, size_t more_count, const clang_context_limits_t *limits,
                                clang_context_list_t *list, char *err, size_t err_size)
{
    list_clear(list);
    if (last_line < first_line) last_line = first_line;
    /* the innermost top-level declaration around first_line (a function, normally) */
    const span_t *scope = NULL;
    for (size_t i = 0; i < file->decls.count; i++) {
        const span_t *d = &file->decls.items[i];
        if (d->first_line <= first_line && first_line <= d->last_line) {
            bool function = clang_getCursorKind(d->cursor) == CXCursor_FunctionDecl;
            if (!scope || function) scope = d;
            if (function) break;
        }
    }
    if (!scope) return 0;
    collector_t k = {.file = file, .limits = limits, .list = list, .scope = *scope, .first_line = first_line,
                     .last_line = last_line, .more_lines = more_lines, .more_count = more_count};
    list->function = cursor_name(scope->cursor);
    if (!list->function) goto oom;
    list->function_first_line = scope->first_line;
    list->function_last_line = scope->last_line;
    clang_visitChildren(scope->cursor, visit_refs, &k);
    if (k.oom) goto oom;
    for (size_t i = 0; i < file->macros.count; i++) {
        const span_t *m = &file->macros.items[i];
        if (m->start < scope->start || m->end > scope->end) continue;
        CXCursor def = clang_getCursorReferenced(m->cursor);
        if (!clang_Cursor_isNull(def) && push_ref(&k, def, clang_getCursorLocation(m->cursor)) != 0) goto oom;
    }
    qsort(k.refs, k.ref_count, sizeof(*k.refs), compare_refs);
    /* the fields and enumerators used, for showing large records narrowed to them */
    if (k.ref_count && !(k.members = malloc(k.ref_count * sizeof(*k.members)))) goto oom;
    for (size_t i = 0; i < k.ref_count; i++) {
        enum CXCursorKind kind = clang_getCursorKind(k.refs[i].target);
        if (kind == CXCursor_FieldDecl || kind == CXCursor_EnumConstantDecl) k.members[k.member_count++] = k.refs[i].target;
    }
    size_t max = limits && limits->max_items ? limits->max_items : DEFAULT_MAX_ITEMS;
    /* the flagged lines' references first, then the others */
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < k.ref_count && list->count < max; i++) {
            if (k.refs[i].on_line != (round == 0)) continue;
            if (resolve(&k, k.refs[i].target, k.refs[i].on_line) != 0) goto oom;
        }
    while (list->count > max) { /* a typedef's record may have gone one over */
        clang_context_item_t *it = &list->items[--list->count];
        free(it->name);
        free(it->file);
        free(it->text);
    }
    free(k.refs);
    free(k.placed);
    free(k.visited);
    free(k.members);
    return 0;
oom:
    free(k.refs);
    free(k.placed);
    free(k.visited);
    free(k.members);
    list_clear(list);
    snprintf(err, err_size, "libclang context: out of memory");
    return -1;
}
