/* clang_context.h — the definitions a piece of code refers to, found with libclang.
 *
 * A reviewer of a finding at line L of a function needs more than the function: the
 * struct behind `p->len`, the value of `BUF_SIZE`, what `grow()` does. Given a file's text
 * (an unsaved buffer, as clang_pass_run_text parses it) with its compile command (from the
 * compilation database, or the defaults plus the include folders guessed from the tree:
 * clang_compdb.h, clang_includes.h), this module finds the function enclosing a line and
 * follows every reference in it (libclang's cross-references, and macro expansions from
 * the detailed preprocessing record) to the definition:
 *   - struct, union and enum definitions of the types used (a typedef brings the record it
 *     names), typedefs, #define lines, file-scope variables; a large record shows only the
 *     fields (enumerators) the function uses, the others replaced by a comment;
 *   - called functions: the whole body when it is defined in the project and at most
 *     `small_callee_lines` long, otherwise its prototype (a library function's prototype is
 *     rebuilt from its type, without the header's attributes).
 * Only definitions in project files are listed (a file outside the system headers, or
 * under repo_root); library functions are the exception, as short prototypes.
 *
 * Each definition appears once, ordered by relevance: those referenced on the flagged
 * lines first, in the order of their first reference there, then the rest of the
 * function's, in order of first reference; what a definition brings with it (the struct of
 * a typedef) follows it directly.
 *
 * Parsing dominates the cost: parse a file once (clang_context_parse) and ask for each line
 * of it (clang_context_collect). A context object is used by one thread at a time. */
#ifndef ASSAY_CLANG_CONTEXT_H
#define ASSAY_CLANG_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/clang/clang_pass.h"

typedef struct clang_context clang_context_t;           /* the index and the compile commands */
typedef struct clang_context_file clang_context_file_t; /* one parsed file */

typedef enum {
    CLANG_CONTEXT_STRUCT,
    CLANG_CONTEXT_UNION,
    CLANG_CONTEXT_ENUM,
    CLANG_CONTEXT_TYPEDEF,
    CLANG_CONTEXT_MACRO,     /* text starts with "#define " */
    CLANG_CONTEXT_VARIABLE,  /* a file-scope variable's declaration */
    CLANG_CONTEXT_PROTOTYPE, /* a function's declaration, ending in ';' */
    CLANG_CONTEXT_FUNCTION,  /* a small callee's whole definition */
} clang_context_kind_t;

/* "struct", "union", "enum", "typedef", "macro", "variable", "prototype", "function". */
const char *clang_context_kind_name(clang_context_kind_t kind);

typedef struct {
    clang_context_kind_t kind;
    char *name;     /* "buf_t", "BUF_SIZE", "realloc"; "" for an unnamed enum */
    char *file;     /* the file it is written in, as libclang names it */
    unsigned line;  /* 1-based */
    char *text;     /* its source text (a declaration gets its closing ';'); library
                     * prototypes are rebuilt: "void *realloc(void *ptr, size_t size);";
                     * large records keep the members used: "struct big {\n    ...\n};" */
    bool on_line;   /* referenced on the flagged lines */
    bool library;   /* a function declared in a system header (a prototype) */
} clang_context_item_t;

typedef struct {
    clang_context_item_t *items;
    size_t count, capacity;
    /* the function (or other top-level declaration) enclosing the lines; NULL when the
     * lines lie outside every declaration */
    char *function;
    unsigned function_first_line, function_last_line;
} clang_context_list_t;

void clang_context_list_init(clang_context_list_t *list);
void clang_context_list_destroy(clang_context_list_t *list);

typedef struct {
    unsigned small_callee_lines; /* a callee this long or shorter comes whole; 0: 15 */
    unsigned large_record_lines; /* a longer struct, union or enum (or typedef around one)
                                  * shows only the members the function uses; 0: 30 */
    size_t max_items;            /* stop after this many definitions; 0: 64 */
} clang_context_limits_t;

/* Creates a context with the pass's options (compile_commands, extra_args and repo_root
 * are used; rules_dir is not). -1 with a message when the database cannot be read. */
int clang_context_new(clang_context_t **out, const clang_options_t *opts, char *err, size_t err_size);
void clang_context_free(clang_context_t *ctx);

/* Parses text[0..length) as the contents of abs_path with its compile command (text NULL:
 * the file on disk). A relative abs_path is resolved as clang_pass_run_text does. Code
 * libclang cannot compile (missing headers) is parsed as far as it goes. -1 with a message
 * when libclang cannot parse at all or memory runs out. */
int clang_context_parse(clang_context_t *ctx, clang_context_file_t **out, const char *abs_path, const char *text,
                        size_t length, char *err, size_t err_size);
void clang_context_file_free(clang_context_file_t *file);

/* clang_context_parse for a caller that goes through a file's findings one after another:
 * the context keeps the last file it parsed here and hands it out again while abs_path and
 * the text are the same (compared byte for byte; text NULL is parsed every time). *out is
 * the context's: valid until the next call or clang_context_free, never freed by the
 * caller. Errors as clang_context_parse. */
int clang_context_parse_last(clang_context_t *ctx, clang_context_file_t **out, const char *abs_path, const char *text,
                             size_t length, char *err, size_t err_size);

/* Fills list (initialised by the caller; emptied first) with the definitions that the
 * declaration enclosing lines first_line..last_line of the file refers to (limits may be
 * NULL). Lines outside every declaration give an empty list and function NULL. 0, or -1
 * with a message on out of memory. */
int clang_context_collect(clang_context_file_t *file, unsigned first_line, unsigned last_line,
                          const clang_context_limits_t *limits, clang_context_list_t *list, char *err,
                          size_t err_size);

/* The same with more flagged lines (more_lines[0..more_count), e.g. the lines of a
 * finding's path steps): their references count as on the flagged lines too, while the
 * enclosing declaration is still the one around first_line. */
int clang_context_collect_lines(clang_context_file_t *file, unsigned first_line, unsigned last_line,
                                const unsigned *more_lines, size_t more_count, const clang_context_limits_t *limits,
                                clang_context_list_t *list, char *err, size_t err_size);

#endif
