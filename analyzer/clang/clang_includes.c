/* clang_includes.c — include folders guessed from the source tree (see the header).
 *
 * One project per top folder: its header folders are found by one bounded breadth-first
 * walk (subfolders visited in name order, so the list never depends on the file system's
 * order) and kept for the pass's lifetime; a pass usually sees one project. */
#include "analyzer/clang/clang_includes.h"

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PROJECTS_MAX 8

typedef struct {
    char *top;
    char **dirs; /* folders holding headers, breadth first */
    size_t dir_count;
    bool has_include; /* <top>/include exists */
} project_t;

struct clang_includes {
    char *repo_root;
    project_t projects[PROJECTS_MAX];
    size_t project_count, next_evict;
};

int clang_includes_new(clang_includes_t **out, const char *repo_root)
{
    *out = calloc(1, sizeof(**out));
    if (!*out) return -1;
    if (repo_root && repo_root[0] && strcmp(repo_root, "/") != 0 && !((*out)->repo_root = strdup(repo_root))) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

static void project_destroy(project_t *p)
{
    for (size_t i = 0; i < p->dir_count; i++) free(p->dirs[i]);
    free(p->dirs);
    free(p->top);
    memset(p, 0, sizeof(*p));
}

void clang_includes_free(clang_includes_t *g)
{
    if (!g) return;
    for (size_t i = 0; i < g->project_count; i++) project_destroy(&g->projects[i]);
    free(g->repo_root);
    free(g);
}

/* ---- the project's top folder ----------------------------------------------------- */

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_build_marker(const char *dir)
{
    static const char *const markers[] = {".git", "configure", "configure.ac", "CMakeLists.txt", "meson.build",
                                          "Makefile", "Makefile.am", "GNUmakefile", NULL};
    char path[PATH_MAX + 32];
    struct stat st;
    for (size_t i = 0; markers[i]; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, markers[i]);
        if (stat(path, &st) == 0) return true;
    }
    return false;
}

/* Writes the top folder of the file's project into top. */
static void find_top(const clang_includes_t *g, const char *abs_path, char *top, size_t size)
{
    const char *slash = strrchr(abs_path, '/');
    size_t dir_len = slash && slash != abs_path ? (size_t)(slash - abs_path) : 1;
    size_t root_len = g->repo_root ? strlen(g->repo_root) : 0;
    if (root_len && strncmp(abs_path, g->repo_root, root_len) == 0 && abs_path[root_len] == '/') {
        snprintf(top, size, "%s", g->repo_root);
        return;
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%.*s", (int)dir_len, abs_path);
    snprintf(top, size, "%s", dir);
    for (int level = 0; level < 4 && strcmp(dir, "/") != 0; level++) { /* the file's folder and 3 above */
        if (has_build_marker(dir)) snprintf(top, size, "%s", dir);
        char *up = strrchr(dir, '/');
        if (!up) break;
        if (up == dir) up[1] = 0;
        else *up = 0;
    }
}

/* ---- the walk ------------------------------------------------------------------------ */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_header_name(const char *name)
{
    size_t n = strlen(name);
    return n > 2 && strcmp(name + n - 2, ".h") == 0;
}

typedef struct {
    char **items;
    size_t count, capacity;
} strings_t;

static int strings_push(strings_t *s, char *item)
{
    if (!item) return -1;
    if (s->count == s->capacity) {
        size_t cap = s->capacity ? s->capacity * 2 : 16;
        char **grown = realloc(s->items, cap * sizeof(*grown));
        if (!grown) {
            free(item);
            return -1;
        }
        s->items = grown;
        s->capacity = cap;
    }
    s->items[s->count++] = item;
    return 0;
}

static void strings_destroy(strings_t *s)
{
    for (size_t i = 0; i < s->count; i++) free(s->items[i]);
    free(s->items);
    memset(s, 0, sizeof(*s));
}

/* Reads one folder: its subfolders' paths (sorted, hidden ones left out) go to subdirs;
 * returns whether it holds a header. -1 on out of memory. */
static int read_folder(const char *dir, strings_t *subdirs)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    strings_t names = {0};
    int headers = 0, rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[PATH_MAX + 256];
        snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "", e->d_name);
        struct stat st;
        if (lstat(path, &st) != 0) continue; /* symlinks are not followed: no loops */
        if (S_ISDIR(st.st_mode)) rc = strings_push(&names, strdup(path));
        else if (S_ISREG(st.st_mode) && is_header_name(e->d_name)) headers = 1;
    }
    closedir(d);
    if (rc == 0 && names.count) qsort(names.items, names.count, sizeof(char *), compare_names);
    for (size_t i = 0; rc == 0 && i < names.count; i++) {
        rc = strings_push(subdirs, names.items[i]);
        names.items[i] = NULL;
    }
    strings_destroy(&names);
    return rc ? -1 : headers;
}

static int scan_project(project_t *p)
{
    char include[PATH_MAX + 16];
    snprintf(include, sizeof(include), "%s/include", p->top);
    p->has_include = is_dir(include);
    strings_t queue = {0}, found = {0};
    int rc = strings_push(&queue, strdup(p->top));
    for (size_t head = 0; rc == 0 && head < queue.count && head < CLANG_INCLUDES_MAX_SCANNED &&
                          found.count < CLANG_INCLUDES_MAX_DIRS;
         head++) {
        int headers = read_folder(queue.items[head], &queue);
        if (headers < 0) rc = -1;
        else if (headers) rc = strings_push(&found, strdup(queue.items[head]));
    }
    strings_destroy(&queue);
    if (rc != 0) {
        strings_destroy(&found);
        return -1;
    }
    p->dirs = found.items;
    p->dir_count = found.count;
    return 0;
}

static project_t *project_for(clang_includes_t *g, const char *top)
{
    for (size_t i = 0; i < g->project_count; i++)
        if (strcmp(g->projects[i].top, top) == 0) return &g->projects[i];
    project_t *p;
    if (g->project_count < PROJECTS_MAX) {
        p = &g->projects[g->project_count++];
    } else {
        p = &g->projects[g->next_evict];
        g->next_evict = (g->next_evict + 1) % PROJECTS_MAX;
        project_destroy(p);
    }
    p->top = strdup(top);
    if (!p->top || scan_project(p) != 0) { /* out of memory: the slot is given up */
        project_destroy(p);
        *p = g->projects[--g->project_count];
        memset(&g->projects[g->project_count], 0, sizeof(*p));
        g->next_evict = 0;
        return NULL;
    }
    return p;
}

int clang_includes_args_for(clang_includes_t *g, const char *abs_path, clang_args_t *args, size_t *count)
{
    if (count) *count = 0;
    char top[PATH_MAX];
    find_top(g, abs_path, top, sizeof(top));
    project_t *p = project_for(g, top);
    if (!p) return -1;
    int rc = 0;
    if (p->has_include) {
        char arg[PATH_MAX + 16];
        snprintf(arg, sizeof(arg), "-I%s/include", p->top);
        rc = clang_args_push(args, arg);
    }
    /* -iquote: a quoted include finds the project's header first; -idirafter: an angled
     * one (<lua.h> from a vendored library) finds it only after the system's */
    for (size_t i = 0; rc == 0 && i < p->dir_count; i++) {
        rc = clang_args_push(args, "-iquote");
        if (rc == 0) rc = clang_args_push(args, p->dirs[i]);
    }
    for (size_t i = 0; rc == 0 && i < p->dir_count; i++) {
        rc = clang_args_push(args, "-idirafter");
        if (rc == 0) rc = clang_args_push(args, p->dirs[i]);
    }
    if (count) *count = p->dir_count + (p->has_include ? 1 : 0);
    return rc;
}
