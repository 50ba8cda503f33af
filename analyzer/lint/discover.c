/* discover.c — turning path arguments into the sorted list of files to lint
 * (see discover.h).
 *
 * Two sources of names: `git ls-files` for folders in a work tree, a readdir walk for the
 * rest. Both feed one list of (path to open, absolute path); display paths are the
 * absolute paths made relative to the root, then the list is sorted and de-duplicated. */
#include "analyzer/lint/discover.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *const default_extensions[] = {"c", "h"};

typedef struct {
    discover_result_t *result;
    const discover_options_t *options;
    char *err;
    size_t err_size;
} walk_t;

/* ---- small string helpers -------------------------------------------------------------- */

static char *join_path(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p) return NULL;
    memcpy(p, dir, a);
    size_t at = a;
    if (a == 0 || dir[a - 1] != '/') p[at++] = '/';
    memcpy(p + at, name, b + 1);
    return p;
}

static bool has_extension(const walk_t *w, const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name) return false;
    const char *const *exts = w->options && w->options->extensions ? w->options->extensions
                                                                   : default_extensions;
    size_t count = w->options && w->options->extensions ? w->options->extension_count : 2;
    for (size_t i = 0; i < count; i++)
        if (strcmp(dot + 1, exts[i]) == 0) return true;
    return false;
}

char *discover_relative_path(const char *abs, const char *root)
{
    size_t rl = strlen(root);
    if (rl == 1 && root[0] == '/') return strdup(abs[1] ? abs + 1 : ".");
    if (strncmp(abs, root, rl) == 0 && (abs[rl] == '/' || abs[rl] == '\0'))
        return strdup(abs[rl] ? abs + rl + 1 : ".");
    /* the last '/' both share before they differ; both start with '/' */
    size_t i = 0;
    while (abs[i] && root[i] && abs[i] == root[i]) i++;
    size_t common;
    if ((abs[i] == '\0' || abs[i] == '/') && (root[i] == '\0' || root[i] == '/')) {
        common = i;
    } else {
        common = i - 1;
        while (common > 0 && abs[common] != '/') common--;
    }
    size_t ups = 0;
    for (const char *p = root + common; *p; p++)
        if (*p == '/') ups++;
    const char *rest = abs + common + (abs[common] == '/' ? 1 : 0);
    size_t n = ups * 3 + strlen(rest) + 1;
    char *out = malloc(n);
    if (!out) return NULL;
    size_t at = 0;
    for (size_t k = 0; k < ups; k++) {
        memcpy(out + at, "../", 3);
        at += 3;
    }
    memcpy(out + at, rest, strlen(rest) + 1);
    if (at > 0 && rest[0] == '\0') out[at - 1] = '\0'; /* "../.." not "../../" */
    return out;
}

/* ---- result lists ---------------------------------------------------------------------- */

static int add_notice(walk_t *w, const char *abs, const char *message)
{
    discover_result_t *r = w->result;
    if (r->notice_count == r->notice_capacity) {
        size_t capacity = r->notice_capacity ? r->notice_capacity * 2 : 8;
        discover_notice_t *grown = realloc(r->notices, capacity * sizeof(*grown));
        if (!grown) return -1;
        r->notices = grown;
        r->notice_capacity = capacity;
    }
    char *display = discover_relative_path(abs, r->root);
    char *copy = strdup(message);
    if (!display || !copy) {
        free(display);
        free(copy);
        return -1;
    }
    r->notices[r->notice_count].display_path = display;
    r->notices[r->notice_count].message = copy;
    r->notice_count++;
    return 0;
}

static int add_file(walk_t *w, const char *fs_path, const char *abs)
{
    discover_result_t *r = w->result;
    if (r->file_count == r->file_capacity) {
        size_t capacity = r->file_capacity ? r->file_capacity * 2 : 64;
        discover_file_t *grown = realloc(r->files, capacity * sizeof(*grown));
        if (!grown) return -1;
        r->files = grown;
        r->file_capacity = capacity;
    }
    char *fs = strdup(fs_path), *display = discover_relative_path(abs, r->root);
    if (!fs || !display) {
        free(fs);
        free(display);
        return -1;
    }
    r->files[r->file_count].fs_path = fs;
    r->files[r->file_count].display_path = display;
    r->file_count++;
    return 0;
}

static int out_of_memory(walk_t *w)
{
    snprintf(w->err, w->err_size, "out of memory while listing files");
    return -1;
}

/* ---- git ------------------------------------------------------------------------------- */

int discover_run_capture(char *const argv[], char **out, size_t *length)
{
    *out = NULL;
    *length = 0;
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) return -1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int spawned = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (spawned != 0) {
        close(pipe_fds[0]);
        return -1;
    }
    char *buf = NULL;
    size_t used = 0, capacity = 0;
    int failed = 0;
    for (;;) {
        if (capacity - used < 65536) {
            size_t grown_capacity = capacity ? capacity * 2 : 65536 * 2;
            char *grown = realloc(buf, grown_capacity);
            if (!grown) {
                failed = 1;
                break;
            }
            buf = grown;
            capacity = grown_capacity;
        }
        ssize_t got = read(pipe_fds[0], buf + used, capacity - used - 1);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        used += (size_t)got;
    }
    close(pipe_fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (failed || !buf) {
        free(buf);
        return failed ? -1 : (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    buf[used] = '\0';
    *out = buf;
    *length = used;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

char *discover_git_toplevel(const char *dir)
{
    char *argv[] = {"git", "-C", (char *)dir, "rev-parse", "--show-toplevel", NULL};
    char *out;
    size_t length;
    int status = discover_run_capture(argv, &out, &length);
    if (status != 0 || !out || length == 0) {
        free(out);
        return NULL;
    }
    while (length && (out[length - 1] == '\n' || out[length - 1] == '\r')) out[--length] = 0;
    if (length == 0) {
        free(out);
        return NULL;
    }
    /* git prints the real path; make sure it is in the same form as realpath gives */
    char *real = realpath(out, NULL);
    free(out);
    return real;
}

/* Lists dir's tracked and untracked-but-not-ignored files through git. Returns 0, 1 when
 * git could not list them (the caller walks instead), -1 on out of memory. */
static int git_list(walk_t *w, const char *fs_dir, const char *abs_dir)
{
    char *argv[] = {"git", "-C", (char *)fs_dir, "ls-files", "-z", "-c", "-o",
                    "--exclude-standard", "--", ".", NULL};
    char *out;
    size_t length;
    int status = discover_run_capture(argv, &out, &length);
    if (status != 0 || !out) {
        free(out);
        return 1;
    }
    for (size_t at = 0; at < length;) {
        const char *rel = out + at;
        size_t n = strlen(rel);
        at += n + 1;
        if (n == 0) continue;
        const char *base = strrchr(rel, '/');
        base = base ? base + 1 : rel;
        if (!has_extension(w, base)) continue;
        char *fs = join_path(fs_dir, rel), *abs = join_path(abs_dir, rel);
        int rc = fs && abs ? 0 : -1;
        struct stat st;
        if (rc == 0 && lstat(fs, &st) != 0 && errno == ENOENT) {
            /* tracked but deleted in the work tree: nothing to lint, nothing to say */
        } else if (rc == 0) {
            rc = add_file(w, fs, abs);
        }
        free(fs);
        free(abs);
        if (rc != 0) {
            free(out);
            return -1;
        }
    }
    free(out);
    return 0;
}

/* True when git ignores the folder abs of the work tree top (a build folder named on the
 * command line: the user asked for it, so it is walked instead of listed through git). */
static bool git_ignores(const char *top, const char *abs)
{
    char *rel = discover_relative_path(abs, top);
    if (!rel) return false;
    bool ignored = false;
    if (strcmp(rel, ".") != 0) {
        char *argv[] = {"git", "-C", (char *)top, "check-ignore", "-q", "--", rel, NULL};
        char *out;
        size_t length;
        ignored = discover_run_capture(argv, &out, &length) == 0;
        free(out);
    }
    free(rel);
    return ignored;
}

/* ---- walking folders ------------------------------------------------------------------- */

typedef struct folder_id {
    dev_t dev;
    ino_t ino;
    const struct folder_id *parent;
} folder_id_t;

static int walk_dir(walk_t *w, const char *fs_dir, const char *abs_dir, const folder_id_t *self);

static int walk_entry(walk_t *w, const char *fs_dir, const char *abs_dir, const char *name,
                      unsigned char d_type, const folder_id_t *parent)
{
    char *fs = join_path(fs_dir, name), *abs = join_path(abs_dir, name);
    int rc = 0;
    if (!fs || !abs) {
        rc = -1;
        goto done;
    }
    bool is_link = d_type == DT_LNK, is_dir = d_type == DT_DIR, is_reg = d_type == DT_REG;
    if (d_type == DT_UNKNOWN) {
        struct stat lst;
        if (lstat(fs, &lst) != 0) goto done; /* vanished meanwhile */
        is_link = S_ISLNK(lst.st_mode);
        is_dir = S_ISDIR(lst.st_mode);
        is_reg = S_ISREG(lst.st_mode);
    }
    struct stat st;
    if (is_link) {
        if (stat(fs, &st) != 0) {
            if (has_extension(w, name))
                rc = add_notice(w, abs, errno == ELOOP ? "symlink loop, skipped"
                                                        : "dangling symlink, skipped");
            goto done;
        }
        is_dir = S_ISDIR(st.st_mode);
        is_reg = S_ISREG(st.st_mode);
    } else if (is_dir && stat(fs, &st) != 0) {
        goto done;
    }
    if (is_dir) {
        for (const folder_id_t *a = parent; a; a = a->parent) {
            if (a->dev == st.st_dev && a->ino == st.st_ino) {
                rc = add_notice(w, abs, "symlink loop (links to a folder it is inside), not followed");
                goto done;
            }
        }
        folder_id_t self = {st.st_dev, st.st_ino, parent};
        rc = walk_dir(w, fs, abs, &self);
    } else if (has_extension(w, name)) {
        /* FIFOs, sockets and devices with a source name are listed too: reading them
         * reports what they are instead of silently dropping them */
        (void)is_reg;
        rc = add_file(w, fs, abs);
    }
done:
    free(fs);
    free(abs);
    return rc;
}

static int walk_dir(walk_t *w, const char *fs_dir, const char *abs_dir, const folder_id_t *self)
{
    DIR *dir = opendir(fs_dir);
    if (!dir) {
        char message[160];
        snprintf(message, sizeof(message), "cannot read folder: %s, skipped", strerror(errno));
        return add_notice(w, abs_dir, message);
    }
    int rc = 0;
    struct dirent *entry;
    while (rc == 0 && (entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.') continue; /* ".", "..", and hidden entries */
        rc = walk_entry(w, fs_dir, abs_dir, entry->d_name, entry->d_type, self);
    }
    closedir(dir);
    return rc;
}

/* ---- the entry point ------------------------------------------------------------------- */

static int compare_files(const void *a, const void *b)
{
    return strcmp(((const discover_file_t *)a)->display_path,
                  ((const discover_file_t *)b)->display_path);
}

/* The absolute, symlink-resolved form of a folder argument, or of a file argument's
 * folder plus its own name (so a symlinked file keeps its name). */
static char *absolute_argument(const char *path, bool is_dir)
{
    if (is_dir) return realpath(path, NULL);
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
    if (!dir) return NULL;
    char *real = realpath(dir, NULL);
    free(dir);
    if (!real) return NULL;
    char *abs = join_path(real, slash ? slash + 1 : path);
    free(real);
    return abs;
}

static int pick_root(discover_result_t *r, const char *first, const discover_options_t *options,
                     char *err, size_t err_size)
{
    if (options && options->root) {
        r->root = realpath(options->root, NULL);
        if (!r->root) {
            snprintf(err, err_size, "%s: %s", options->root, strerror(errno));
            return -1;
        }
        return 0;
    }
    struct stat st;
    char *probe = NULL;
    if (stat(first, &st) == 0 && S_ISDIR(st.st_mode)) {
        probe = realpath(first, NULL);
    } else {
        char *abs = absolute_argument(first, false);
        if (abs) {
            char *slash = strrchr(abs, '/');
            if (slash == abs) slash[1] = '\0';
            else if (slash) *slash = '\0';
            probe = abs;
        }
    }
    if (probe && !(options && options->no_git)) r->root = discover_git_toplevel(probe);
    free(probe);
    if (!r->root) r->root = getcwd(NULL, 0);
    if (!r->root) {
        snprintf(err, err_size, "cannot find the current folder: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int discover_run(discover_result_t *out, const char *const *paths, size_t path_count,
                 const discover_options_t *options, char *err, size_t err_size)
{
    memset(out, 0, sizeof(*out));
    static const char *const dot[] = {"."};
    if (path_count == 0) {
        paths = dot;
        path_count = 1;
    }
    walk_t w = {out, options, err, err_size};
    /* every argument must exist before anything is listed */
    for (size_t i = 0; i < path_count; i++) {
        struct stat st;
        if (lstat(paths[i], &st) != 0) {
            snprintf(err, err_size, "%s: %s", paths[i], strerror(errno));
            return -1;
        }
    }
    if (pick_root(out, paths[0], options, err, err_size) != 0) return -1;
    for (size_t i = 0; i < path_count; i++) {
        const char *path = paths[i];
        struct stat st;
        bool is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
        char *abs = absolute_argument(path, is_dir);
        if (!abs) {
            if (errno == ENOMEM) return out_of_memory(&w);
            snprintf(err, err_size, "%s: %s", path, strerror(errno));
            return -1;
        }
        int rc;
        if (!is_dir) {
            rc = add_file(&w, path, abs); /* named on the command line: always linted */
        } else {
            char *top = options && options->no_git ? NULL : discover_git_toplevel(abs);
            rc = top && !git_ignores(top, abs) ? git_list(&w, path, abs) : 1;
            free(top);
            if (rc == 1) {
                folder_id_t self = {st.st_dev, st.st_ino, NULL};
                rc = walk_dir(&w, path, abs, &self);
            }
        }
        free(abs);
        if (rc != 0) return out_of_memory(&w);
    }
    if (out->file_count > 1) {
        qsort(out->files, out->file_count, sizeof(*out->files), compare_files);
        size_t kept = 1;
        for (size_t i = 1; i < out->file_count; i++) {
            if (strcmp(out->files[i].display_path, out->files[kept - 1].display_path) == 0) {
                free(out->files[i].fs_path);
                free(out->files[i].display_path);
            } else {
                out->files[kept++] = out->files[i];
            }
        }
        out->file_count = kept;
    }
    return 0;
}

void discover_result_destroy(discover_result_t *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->file_count; i++) {
        free(r->files[i].fs_path);
        free(r->files[i].display_path);
    }
    free(r->files);
    for (size_t i = 0; i < r->notice_count; i++) {
        free(r->notices[i].display_path);
        free(r->notices[i].message);
    }
    free(r->notices);
    free(r->root);
    memset(r, 0, sizeof(*r));
}
