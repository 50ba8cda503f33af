/* discover.h — which files a lint run reads, and the paths it reports them under.
 *
 * `assay [paths...]` takes files and folders (default "."). A folder inside a git work
 * tree contributes the files git tracks or would track there (`git ls-files -co
 * --exclude-standard`, so .gitignore'd build output is left alone); a folder outside git
 * is walked recursively, skipping hidden entries (".git", ".cache", ...), following
 * symlinks to folders but never into a folder it is already inside (a symlink loop gets a
 * notice). Either way only names ending in one of the extensions count (".c" and ".h" by
 * default). A file named on the command line is always linted, whatever its name.
 *
 * Every file gets a display path relative to the root (the git top level of the first
 * path, else the current folder, or the root the caller picks), '/' separated, so reports
 * name the same file the same way from whichever folder assay runs. Files come back sorted
 * by display path, each once.
 *
 * A path argument that does not exist is an error of the run (-1). Problems with single
 * entries found while walking (a dangling symlink or symlink loop with a source
 * extension, an unreadable folder) are notices: the walk goes on. git runs through
 * posix_spawn (no shell); without git, or outside a work tree, folders are walked. */
#ifndef ASSAY_DISCOVER_H
#define ASSAY_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *fs_path;      /* what to open: the argument, or argument + "/" + name */
    char *display_path; /* relative to root, '/' separated */
} discover_file_t;

typedef struct {
    char *display_path;
    char *message;      /* "symlink loop, skipped" */
} discover_notice_t;

typedef struct {
    discover_file_t *files; /* sorted by display_path, unique */
    size_t file_count, file_capacity;
    discover_notice_t *notices; /* in the order found */
    size_t notice_count, notice_capacity;
    char *root;             /* absolute, no trailing '/' (except "/" itself) */
} discover_result_t;

typedef struct {
    const char *const *extensions; /* without the dot ("c", "h"); NULL: "c" and "h" */
    size_t extension_count;
    const char *root;              /* NULL: git top level of the first path, else the cwd */
    bool no_git;                   /* walk folders even inside a git work tree */
} discover_options_t;

/* Finds the files under paths[0..path_count) into out (initialised here; release with
 * discover_result_destroy, also after a failure). path_count 0 means ".". Returns 0, or
 * -1 with err = "path: problem" (a path that does not exist, out of memory). */
int discover_run(discover_result_t *out, const char *const *paths, size_t path_count,
                 const discover_options_t *options, char *err, size_t err_size);

void discover_result_destroy(discover_result_t *result);

/* The path of abs relative to the absolute folder root ("src/a.c", "../x/b.c", "." for
 * root itself), newly allocated; NULL on out of memory. Both must be absolute and
 * normalised (no "." or ".." components, no doubled '/'). */
char *discover_relative_path(const char *abs, const char *root);

/* The git top level of the folder dir (absolute, newly allocated), or NULL when dir is not
 * in a git work tree or git is not installed. */
char *discover_git_toplevel(const char *dir);

/* Runs argv (argv[0] looked up in PATH; no shell) with stdin and stderr on /dev/null,
 * capturing stdout into *out (NUL-terminated, *length bytes; the caller frees it). Returns
 * the exit status, or -1 when the program could not run. The git calls of the lint room
 * (discovery, git_changes.h) go through it. */
int discover_run_capture(char *const argv[], char **out, size_t *length);

#endif
