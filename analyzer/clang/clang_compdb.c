/* clang_compdb.c — per-file compile arguments from compile_commands.json (see the header).
 *
 * The one idea: a compile command is for a compiler, not for a parser, so it is
 * filtered: the driver name, -c, outputs and dependency-file options go; -I/-D/-std and
 * friends stay, with relative paths made absolute against the entry's directory (libclang
 * parses from our working directory, not the build's). */
#include "analyzer/clang/clang_compdb.h"

#include <clang-c/CXCompilationDatabase.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char *path;     /* resolved path of the entry's file */
    unsigned index; /* its command in `all` */
} listed_t;

struct clang_compdb {
    CXCompilationDatabase db;
    CXCompileCommands all; /* every entry, for the nearest-sibling fallback */
    listed_t *listed;      /* every entry, sorted by path (strcmp) */
    size_t listed_count;
};

static int compare_listed(const void *a, const void *b)
{
    const listed_t *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Resolves every entry's file once, so "is this file in the database?" is a lookup. */
static int index_entries(clang_compdb_t *db)
{
    unsigned n = db->all ? clang_CompileCommands_getSize(db->all) : 0;
    db->listed = calloc(n ? n : 1, sizeof(*db->listed));
    if (!db->listed) return -1;
    for (unsigned i = 0; i < n; i++) {
        CXCompileCommand cmd = clang_CompileCommands_getCommand(db->all, i);
        CXString dir_s = clang_CompileCommand_getDirectory(cmd), file_s = clang_CompileCommand_getFilename(cmd);
        const char *dir = clang_getCString(dir_s), *file = clang_getCString(file_s);
        char joined[PATH_MAX * 2], real[PATH_MAX];
        if (file[0] != '/') snprintf(joined, sizeof(joined), "%s/%s", dir, file);
        else snprintf(joined, sizeof(joined), "%s", file);
        db->listed[db->listed_count].path = strdup(realpath(joined, real) ? real : joined);
        db->listed[db->listed_count].index = i;
        clang_disposeString(dir_s);
        clang_disposeString(file_s);
        if (!db->listed[db->listed_count].path) return -1;
        db->listed_count++;
    }
    qsort(db->listed, db->listed_count, sizeof(*db->listed), compare_listed);
    return 0;
}

static int is_listed(const clang_compdb_t *db, const char *abs_path)
{
    char real[PATH_MAX];
    const char *key = realpath(abs_path, real) ? real : abs_path;
    for (size_t lo = 0, hi = db->listed_count; lo < hi;) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, db->listed[mid].path);
        if (c == 0) return 1;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

static bool is_source_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (!strcmp(dot, ".c") || !strcmp(dot, ".cc") || !strcmp(dot, ".cpp") || !strcmp(dot, ".cxx"));
}

/* A header's compile command, as clangd picks it: the entry of the source file with the
 * same name in the same folder (foo.h: foo.c), else the first source file of that folder
 * (sorted by name). -1 when the folder has none. */
static int sibling_entry(const clang_compdb_t *db, const char *abs_path)
{
    char real[PATH_MAX];
    const char *path = realpath(abs_path, real) ? real : abs_path;
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    if (!slash || !dot || dot < slash) return -1;
    size_t dir_len = (size_t)(slash - path) + 1, stem_len = (size_t)(dot - path);
    int first = -1;
    for (size_t i = 0; i < db->listed_count; i++) {
        const char *p = db->listed[i].path;
        if (strncmp(p, path, dir_len) != 0 || strchr(p + dir_len, '/') || !is_source_name(p)) continue;
        if (strncmp(p, path, stem_len) == 0 && p[stem_len] == '.') return (int)db->listed[i].index;
        if (first < 0) first = (int)db->listed[i].index;
    }
    return first;
}

void clang_args_init(clang_args_t *args)
{
    memset(args, 0, sizeof(*args));
}

void clang_args_destroy(clang_args_t *args)
{
    for (size_t i = 0; i < args->argc; i++) free(args->argv[i]);
    free(args->argv);
    memset(args, 0, sizeof(*args));
}

int clang_args_push(clang_args_t *args, const char *arg)
{
    if (args->argc == args->capacity) {
        size_t cap = args->capacity ? args->capacity * 2 : 16;
        char **grown = realloc(args->argv, cap * sizeof(*grown));
        if (!grown) return -1;
        args->argv = grown;
        args->capacity = cap;
    }
    char *copy = strdup(arg);
    if (!copy) return -1;
    args->argv[args->argc++] = copy;
    return 0;
}

/* ---- opening ---------------------------------------------------------------------- */

/* Checks the JSON first: libclang prints its own complaints to stderr and says little. */
static int validate_json(const char *folder, const char *shown, char *err, size_t err_size)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/compile_commands.json", folder);
    /* a FIFO (or device) there would hang the read: refused up front */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "%s: not a regular file", shown);
        return -1;
    }
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root) {
        snprintf(err, err_size, "%s:%d: not valid JSON: %s", shown, jerr.line, jerr.text);
        return -1;
    }
    int rc = 0;
    if (!json_is_array(root)) {
        snprintf(err, err_size, "%s: expected a JSON array of compile commands", shown);
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < json_array_size(root); i++) {
        json_t *e = json_array_get(root, i);
        if (!json_is_object(e) || !json_is_string(json_object_get(e, "file")) ||
            !json_is_string(json_object_get(e, "directory")) ||
            !(json_is_string(json_object_get(e, "command")) || json_is_array(json_object_get(e, "arguments")))) {
            snprintf(err, err_size, "%s: entry %zu needs \"directory\", \"file\" and \"command\" or \"arguments\"",
                     shown, i + 1);
            rc = -1;
        }
    }
    json_decref(root);
    return rc;
}

static int open_folder(clang_compdb_t *db, const char *folder, const char *shown, char *err,
                       size_t err_size)
{
    if (validate_json(folder, shown, err, err_size) != 0) return -1;
    CXCompilationDatabase_Error code = CXCompilationDatabase_NoError;
    db->db = clang_CompilationDatabase_fromDirectory(folder, &code);
    if (code != CXCompilationDatabase_NoError || !db->db) {
        snprintf(err, err_size, "%s: cannot load the compilation database (missing or not valid JSON)",
                 shown);
        return -1;
    }
    db->all = clang_CompilationDatabase_getAllCompileCommands(db->db);
    if (index_entries(db) != 0) {
        snprintf(err, err_size, "%s: out of memory", shown);
        return -1;
    }
    return 0;
}

/* A JSON file with another name: libclang only loads "compile_commands.json" from a
 * folder, so the file is linked under that name into a private temporary folder. */
static int open_named_file(clang_compdb_t *db, const char *file, char *err, size_t err_size)
{
    char real[PATH_MAX];
    if (!realpath(file, real)) {
        snprintf(err, err_size, "%s: %s", file, strerror(errno));
        return -1;
    }
    char folder[] = "/tmp/assay-compdb-XXXXXX";
    if (!mkdtemp(folder)) {
        snprintf(err, err_size, "%s: cannot create a temporary folder: %s", file, strerror(errno));
        return -1;
    }
    char link_path[sizeof(folder) + 32];
    snprintf(link_path, sizeof(link_path), "%s/compile_commands.json", folder);
    int rc = -1;
    if (symlink(real, link_path) != 0)
        snprintf(err, err_size, "%s: cannot link the database: %s", file, strerror(errno));
    else
        rc = open_folder(db, folder, file, err, err_size);
    unlink(link_path);
    rmdir(folder);
    return rc;
}

int clang_compdb_open(clang_compdb_t **out, const char *path, char *err, size_t err_size)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, err_size, "%s: %s", path, strerror(errno));
        return -1;
    }
    clang_compdb_t *db = calloc(1, sizeof(*db));
    if (!db) {
        snprintf(err, err_size, "%s: out of memory", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "%s: not a regular file", path);
        free(db);
        return -1;
    }
    int rc;
    if (S_ISDIR(st.st_mode)) {
        char json[PATH_MAX];
        snprintf(json, sizeof(json), "%s/compile_commands.json", path);
        if (access(json, R_OK) != 0) {
            snprintf(err, err_size, "%s: no compile_commands.json in this folder", path);
            free(db);
            return -1;
        }
        rc = open_folder(db, path, json, err, err_size);
    } else {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        if (strcmp(base, "compile_commands.json") == 0) {
            char folder[PATH_MAX];
            snprintf(folder, sizeof(folder), "%.*s", (int)(base - path), path);
            rc = open_folder(db, folder[0] ? folder : ".", path, err, err_size);
        } else {
            rc = open_named_file(db, path, err, err_size);
        }
    }
    if (rc != 0) {
        clang_compdb_free(db);
        return -1;
    }
    *out = db;
    return 0;
}

void clang_compdb_free(clang_compdb_t *db)
{
    if (!db) return;
    for (size_t i = 0; i < db->listed_count; i++) free(db->listed[i].path);
    free(db->listed);
    if (db->all) clang_CompileCommands_dispose(db->all);
    if (db->db) clang_CompilationDatabase_dispose(db->db);
    free(db);
}

size_t clang_compdb_size(const clang_compdb_t *db)
{
    return db && db->all ? clang_CompileCommands_getSize(db->all) : 0;
}

/* ---- filtering one command -------------------------------------------------------- */

/* Options whose value is the next argument and which a parse must not see. */
static const char *const dropped_with_value[] = {"-o", "-MF", "-MT", "-MQ", "-Xclang-unused", NULL};
/* Options dropped alone. */
static const char *const dropped_alone[] = {"-c", "-M", "-MM", "-MD", "-MMD", "-MP", "-MG",
                                            "-pipe", "-save-temps", NULL};
/* Options whose (joined or separate) value is a path relative to the entry's directory. */
static const char *const path_options[] = {"-I", "-iquote", "-isystem", "-idirafter", "-include",
                                           "-imacros", "-isysroot", "--sysroot", NULL};

static int in_list(const char *arg, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(arg, list[i]) == 0) return 1;
    return 0;
}

static int push_resolved(clang_args_t *args, const char *dir, const char *option, const char *value)
{
    char joined[PATH_MAX * 2];
    if (value[0] == '/' || !dir || !dir[0])
        snprintf(joined, sizeof(joined), "%s%s", option, value);
    else
        snprintf(joined, sizeof(joined), "%s%s/%s", option, dir, value);
    return clang_args_push(args, joined);
}

static int same_file(const char *dir, const char *name, const char *abs_path)
{
    char buf[PATH_MAX * 2];
    if (name[0] != '/' && dir) {
        snprintf(buf, sizeof(buf), "%s/%s", dir, name);
        name = buf;
    }
    char a[PATH_MAX], b[PATH_MAX];
    if (realpath(name, a) && realpath(abs_path, b)) return strcmp(a, b) == 0;
    return strcmp(name, abs_path) == 0;
}

static int append_command(CXCompileCommand cmd, const char *abs_path, int is_own, clang_args_t *args)
{
    CXString dir_s = clang_CompileCommand_getDirectory(cmd);
    CXString file_s = clang_CompileCommand_getFilename(cmd);
    const char *dir = clang_getCString(dir_s);
    const char *entry_file = clang_getCString(file_s);
    unsigned n = clang_CompileCommand_getNumArgs(cmd);
    int rc = 0;
    for (unsigned i = 1; i < n && rc == 0; i++) { /* argv[0] is the compiler */
        CXString s = clang_CompileCommand_getArg(cmd, i);
        const char *arg = clang_getCString(s);
        int skip_next = 0;
        if (strcmp(arg, "--") == 0) { /* the end of the options: what follows are input files */
            clang_disposeString(s);
            break;
        }
        if (in_list(arg, dropped_with_value)) {
            skip_next = 1;
        } else if (in_list(arg, dropped_alone) || (strncmp(arg, "-o", 2) == 0 && arg[2])) {
            /* dropped */
        } else if (arg[0] != '-' && (same_file(dir, arg, entry_file) ||
                                     (is_own && same_file(dir, arg, abs_path)))) {
            /* the source file itself: the parse names it */
        } else if (arg[0] != '-' && !is_own && strstr(arg, ".c") == arg + strlen(arg) - 2) {
            /* another entry's source file (when borrowing its flags) */
        } else {
            int handled = 0;
            for (size_t k = 0; path_options[k] && !handled; k++) {
                size_t len = strlen(path_options[k]);
                if (strncmp(arg, path_options[k], len) != 0) continue;
                handled = 1;
                if (arg[len]) {
                    rc = push_resolved(args, dir, path_options[k], arg + len);
                } else if (i + 1 < n) {
                    CXString v = clang_CompileCommand_getArg(cmd, ++i);
                    rc = clang_args_push(args, path_options[k]);
                    if (rc == 0) rc = push_resolved(args, dir, "", clang_getCString(v));
                    clang_disposeString(v);
                }
            }
            if (!handled) rc = clang_args_push(args, arg);
        }
        clang_disposeString(s);
        if (skip_next) i++;
    }
    clang_disposeString(dir_s);
    clang_disposeString(file_s);
    return rc;
}

/* Length of the common directory prefix of two paths. */
static size_t common_dir(const char *a, const char *b)
{
    size_t i = 0, last_slash = 0;
    while (a[i] && a[i] == b[i]) {
        if (a[i] == '/') last_slash = i + 1;
        i++;
    }
    return last_slash;
}

int clang_compdb_args_for(const clang_compdb_t *db, const char *abs_path,
                          const char *const *extra, size_t extra_count, clang_args_t *args,
                          char *note, size_t note_size)
{
    if (note_size) note[0] = 0;
    int rc = 0;
    int found = 0;
    int sibling = db && !is_source_name(abs_path) && !is_listed(db, abs_path) ? sibling_entry(db, abs_path) : -1;
    if (sibling >= 0) {
        CXCompileCommand cmd = clang_CompileCommands_getCommand(db->all, (unsigned)sibling);
        CXString f = clang_CompileCommand_getFilename(cmd);
        const char *name = clang_getCString(f) ? clang_getCString(f) : "";
        const char *base = strrchr(name, '/');
        snprintf(note, note_size, "not in the compilation database; parsed with the flags of %s",
                 base ? base + 1 : name);
        clang_disposeString(f);
        rc = append_command(cmd, abs_path, 0, args);
        found = 1;
    }
    if (db && !found) {
        CXCompileCommands own = clang_CompilationDatabase_getCompileCommands(db->db, abs_path);
        if (own && clang_CompileCommands_getSize(own) > 0) {
            /* libclang interpolates a command for files it does not list: say so */
            CXCompileCommand cmd = clang_CompileCommands_getCommand(own, 0);
            CXString dir_s = clang_CompileCommand_getDirectory(cmd);
            CXString file_s = clang_CompileCommand_getFilename(cmd);
            int exact = is_listed(db, abs_path);
            if (!exact)
                snprintf(note, note_size, "not in the compilation database; parsed with flags inferred from "
                         "its nearest entry");
            rc = append_command(cmd, abs_path, exact, args);
            clang_disposeString(dir_s);
            clang_disposeString(file_s);
            found = 1;
        }
        if (own) clang_CompileCommands_dispose(own);
        if (!found && db->all && clang_CompileCommands_getSize(db->all) > 0) {
            unsigned count = clang_CompileCommands_getSize(db->all), best = 0;
            size_t best_len = 0;
            char best_name[PATH_MAX] = "";
            for (unsigned i = 0; i < count; i++) {
                CXCompileCommand cmd = clang_CompileCommands_getCommand(db->all, i);
                CXString f = clang_CompileCommand_getFilename(cmd);
                size_t len = common_dir(clang_getCString(f), abs_path);
                if (len > best_len || i == 0) {
                    best_len = len;
                    best = i;
                    snprintf(best_name, sizeof(best_name), "%s", clang_getCString(f));
                }
                clang_disposeString(f);
            }
            rc = append_command(clang_CompileCommands_getCommand(db->all, best), abs_path, 0, args);
            snprintf(note, note_size, "not in the compilation database; parsed with the flags of %s",
                     best_name);
            found = 1;
        } else if (!found) {
            snprintf(note, note_size, "not in the compilation database; parsed with default flags");
        }
    }
    if (rc == 0 && !found) rc = clang_args_push(args, "-std=gnu11");
    if (rc == 0 && !found) {
        /* the folder of the file, then its parent's include/ as a common layout */
        char dir[PATH_MAX];
        const char *slash = strrchr(abs_path, '/');
        if (slash) {
            snprintf(dir, sizeof(dir), "-I%.*s", (int)(slash - abs_path), abs_path);
            rc = clang_args_push(args, dir);
        }
    }
    for (size_t i = 0; rc == 0 && i < extra_count; i++) rc = clang_args_push(args, extra[i]);
    return rc;
}
