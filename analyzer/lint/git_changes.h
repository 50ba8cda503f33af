/* git_changes.h — what a commit or a branch changes, read from git: the files, their
 * added or changed lines, and the staged text of a file.
 *
 * `assay --staged` lints what the next commit will hold: the index, not the work tree, so
 * a file staged in part is judged as it will be committed. `assay --diff REV` lints the
 * work tree's files changed since the merge base of REV and HEAD (what a pull request
 * adds). Both report only findings on the lines the change adds or modifies; a deletion
 * counts as touching the lines on either side of it.
 *
 * Everything is asked of the git command (through discover_run_capture: posix_spawn, no
 * shell, stderr discarded): `git diff --cached` / `git diff BASE` with --name-only and -U0
 * for the lines, `git cat-file blob :PATH` for staged text, `git merge-base`, `git
 * rev-parse`, `git config`. Pathspecs are taken relative to the current folder, as git
 * takes them; the paths that come back are relative to the top level. Nothing is printed;
 * errors name the command's problem ("--diff origin/main: unknown revision"). */
#ifndef ASSAY_GIT_CHANGES_H
#define ASSAY_GIT_CHANGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Lines first..last (1-based, inclusive) of the file's new text. */
typedef struct {
    uint32_t first, last;
} git_line_range_t;

typedef struct {
    char *path;               /* relative to the top level, '/' separated */
    git_line_range_t *ranges; /* added or changed lines, in order */
    size_t range_count;
} git_changed_file_t;

typedef struct {
    char *top;                /* the work tree's top level, absolute */
    char *base;               /* --diff: the commit compared with (merge base); NULL: the index */
    git_changed_file_t *files; /* sorted by path (git's order), deleted files left out */
    size_t file_count;
} git_changes_t;

/* Lists the changed files under pathspecs[0..count) (count 0: everything) into out
 * (initialised here; git_changes_destroy also after a failure): with rev NULL the staged
 * changes (index against HEAD; everything staged when there is no commit yet), else the
 * work tree against the merge base of rev and HEAD (rev itself when they share none).
 * 0; 1 when the current folder is not in a git work tree (out->top NULL); -1 with err. */
int git_changes_list(git_changes_t *out, const char *rev, const char *const *pathspecs, size_t count, char *err,
                     size_t err_size);

void git_changes_destroy(git_changes_t *changes);

/* The staged text of path (relative to top) into *text (malloc'd, NUL-terminated, the
 * caller frees it) and *length. 0, or -1 with err. */
int git_changes_staged_text(char **text, size_t *length, const char *top, const char *path, char *err,
                            size_t err_size);

/* Whether lines first..last of the file's new text meet one of its changed ranges. */
bool git_changes_touches(const git_changed_file_t *file, uint32_t first, uint32_t last);

/* Where a run's code came from, for SARIF versionControlProvenance. */
typedef struct {
    char *repository_uri; /* remote.origin.url as an absolute URI without any user or
                           * password (scp-like remotes as ssh://, local paths as file://),
                           * else the top level as a file:// URI */
    char *revision_id;    /* HEAD's commit id; NULL before the first commit */
    char *branch;         /* the checked-out branch; NULL when HEAD is detached */
} git_provenance_t;

/* Fills out for the work tree whose top level is top (absolute, as realpath gives it).
 * 0, or -1 (out of memory, top not the top level of a git work tree); out is then empty. */
int git_provenance_read(git_provenance_t *out, const char *top);
void git_provenance_destroy(git_provenance_t *provenance);

#endif
