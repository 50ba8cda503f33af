/* git_changes.c — changed files, changed lines and staged text, asked of git (see
 * git_changes.h).
 *
 * The one idea: the file list comes from `git diff --name-only -z` (NUL-separated, so any
 * name survives), and then each file's lines from its own `git diff -U0 -- :(literal)PATH`,
 * whose hunk headers "@@ -a,b +c,d @@" say which lines of the new text changed: d lines
 * from c, or, for a deletion (d = 0), the lines c and c + 1 around it. */
#include "analyzer/lint/git_changes.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/lint/discover.h"

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t err_size, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(err, err_size, format, args);
    va_end(args);
    return -1;
}

static void trim_newline(char *s, size_t *length)
{
    while (*length && (s[*length - 1] == '\n' || s[*length - 1] == '\r')) s[--*length] = '\0';
}

/* Runs git with args; its stdout, trimmed of trailing newlines, or NULL (failure). */
static char *git_line(char *const argv[])
{
    char *out;
    size_t length;
    if (discover_run_capture(argv, &out, &length) != 0 || !out) {
        free(out);
        return NULL;
    }
    trim_newline(out, &length);
    if (length == 0) {
        free(out);
        return NULL;
    }
    return out;
}

void git_changes_destroy(git_changes_t *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->file_count; i++) {
        free(c->files[i].path);
        free(c->files[i].ranges);
    }
    free(c->files);
    free(c->top);
    free(c->base);
    memset(c, 0, sizeof(*c));
}

static int add_range(git_changed_file_t *f, uint32_t first, uint32_t last)
{
    git_line_range_t *grown = realloc(f->ranges, (f->range_count + 1) * sizeof(*grown));
    if (!grown) return -1;
    f->ranges = grown;
    grown[f->range_count++] = (git_line_range_t){first, last};
    return 0;
}

/* Reads the "+c,d" of every hunk header in diff into f's ranges. */
static int parse_hunks(git_changed_file_t *f, const char *diff)
{
    for (const char *line = diff; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, "@@ -", 4) != 0) continue;
        const char *plus = strstr(line, " +");
        if (!plus) continue;
        char *end;
        unsigned long start = strtoul(plus + 2, &end, 10), count = 1;
        if (*end == ',') count = strtoul(end + 1, &end, 10);
        int rc = count > 0 ? add_range(f, (uint32_t)start, (uint32_t)(start + count - 1))
                           : add_range(f, start ? (uint32_t)start : 1, (uint32_t)start + 1);
        if (rc != 0) return -1;
    }
    return 0;
}

/* argv of `git [-C top] diff <base|--cached> OPTIONS -- <pathspecs>` into argv[]; returns
 * the count. The strings point into the arguments. */
static size_t diff_argv(char **argv, const char *top, const char *base, const char *const *extra, size_t extra_count,
                        const char *const *pathspecs, size_t count)
{
    size_t n = 0;
    argv[n++] = "git";
    if (top) {
        argv[n++] = "-C";
        argv[n++] = (char *)top;
    }
    argv[n++] = "-c";
    argv[n++] = "core.quotepath=false";
    argv[n++] = "diff";
    argv[n++] = base ? (char *)base : "--cached";
    argv[n++] = "--no-color";
    argv[n++] = "--no-ext-diff";
    argv[n++] = "--no-textconv";
    argv[n++] = "--no-renames"; /* a renamed file is new text: every line counts */
    argv[n++] = "--diff-filter=ACMRT";
    for (size_t i = 0; i < extra_count; i++) argv[n++] = (char *)extra[i];
    argv[n++] = "--";
    for (size_t i = 0; i < count; i++) argv[n++] = (char *)pathspecs[i];
    argv[n] = NULL;
    return n;
}

int git_changes_list(git_changes_t *out, const char *rev, const char *const *pathspecs, size_t count, char *err,
                     size_t err_size)
{
    memset(out, 0, sizeof(*out));
    char *top_argv[] = {"git", "rev-parse", "--show-toplevel", NULL};
    char *top = git_line(top_argv);
    if (!top) return 1;
    out->top = realpath(top, NULL);
    free(top);
    if (!out->top) return fail(err, err_size, "cannot resolve the git top level");
    if (rev) {
        char spec[1024];
        snprintf(spec, sizeof(spec), "%s^{commit}", rev);
        char *verify_argv[] = {"git", "rev-parse", "--verify", "-q", spec, NULL};
        char *commit = git_line(verify_argv);
        if (!commit) return fail(err, err_size, "--diff %s: unknown revision", rev);
        char *base_argv[] = {"git", "merge-base", commit, "HEAD", NULL};
        out->base = git_line(base_argv);
        if (!out->base) out->base = commit;
        else free(commit);
    }
    char **argv = malloc((count + 24) * sizeof(*argv));
    if (!argv) return fail(err, err_size, "out of memory");
    static const char *const names[] = {"--name-only", "-z"};
    diff_argv(argv, NULL, out->base, names, 2, pathspecs, count);
    char *list;
    size_t length;
    int status = discover_run_capture(argv, &list, &length);
    if (status != 0) {
        free(list);
        free(argv);
        return fail(err, err_size, "git diff%s failed (exit status %d)", rev ? "" : " --cached", status);
    }
    int rc = 0;
    for (size_t at = 0; list && at < length && rc == 0;) {
        const char *name = list + at;
        size_t n = strlen(name);
        at += n + 1;
        if (n == 0) continue;
        git_changed_file_t *grown = realloc(out->files, (out->file_count + 1) * sizeof(*grown));
        if (!grown) {
            rc = fail(err, err_size, "out of memory");
            break;
        }
        out->files = grown;
        git_changed_file_t *f = &grown[out->file_count];
        memset(f, 0, sizeof(*f));
        if (!(f->path = strdup(name))) {
            rc = fail(err, err_size, "out of memory");
            break;
        }
        out->file_count++;
        /* this file's hunks: the literal path, from the top level */
        size_t spec_size = strlen(name) + 16;
        char *spec = malloc(spec_size);
        if (!spec) {
            rc = fail(err, err_size, "out of memory");
            break;
        }
        snprintf(spec, spec_size, ":(literal)%s", name);
        static const char *const hunks[] = {"-U0"};
        const char *const specs[] = {spec};
        diff_argv(argv, out->top, out->base, hunks, 1, specs, 1);
        char *diff;
        size_t diff_length;
        status = discover_run_capture(argv, &diff, &diff_length);
        free(spec);
        if (status != 0) rc = fail(err, err_size, "git diff -U0 -- %s failed (exit status %d)", name, status);
        else if (diff && parse_hunks(f, diff) != 0) rc = fail(err, err_size, "out of memory");
        free(diff);
    }
    free(list);
    free(argv);
    return rc;
}

int git_changes_staged_text(char **text, size_t *length, const char *top, const char *path, char *err,
                            size_t err_size)
{
    size_t size = strlen(path) + 2;
    char *object = malloc(size);
    if (!object) return fail(err, err_size, "out of memory");
    snprintf(object, size, ":%s", path);
    char *argv[] = {"git", "-C", (char *)top, "cat-file", "blob", object, NULL};
    int status = discover_run_capture(argv, text, length);
    free(object);
    if (status != 0) {
        free(*text);
        *text = NULL;
        return fail(err, err_size, "%s: cannot read the staged text (git cat-file exit status %d)", path, status);
    }
    if (!*text && !(*text = calloc(1, 1))) return fail(err, err_size, "out of memory"); /* an empty file */
    return 0;
}

bool git_changes_touches(const git_changed_file_t *file, uint32_t first, uint32_t last)
{
    if (last < first) last = first;
    for (size_t i = 0; i < file->range_count; i++)
        if (first <= file->ranges[i].last && file->ranges[i].first <= last) return true;
    return false;
}

/* ---- provenance --------------------------------------------------------------------- */

/* url without "user[:password]@" after the scheme (a token in a CI clone URL must not
 * land in a report). */
static char *strip_credentials(const char *url)
{
    const char *scheme = strstr(url, "://");
    const char *host = scheme ? scheme + 3 : NULL;
    const char *at = host ? strchr(host, '@') : NULL;
    const char *slash = host ? strchr(host, '/') : NULL;
    if (!at || (slash && slash < at)) return strdup(url);
    size_t size = strlen(url);
    char *clean = malloc(size + 1);
    if (!clean) return NULL;
    size_t prefix = (size_t)(host - url);
    memcpy(clean, url, prefix);
    strcpy(clean + prefix, at + 1);
    return clean;
}

/* path (absolute) as a file:// URI, bytes outside RFC 3986's unreserved set and '/'
 * percent-encoded; dir adds a trailing '/'. */
static char *file_uri(const char *path, bool dir)
{
    size_t size = 8 + 3 * strlen(path) + 2, n = 0;
    char *uri = malloc(size);
    if (!uri) return NULL;
    n += (size_t)snprintf(uri, size, "file://");
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        if (isalnum(*c) || strchr("-._~/", *c)) uri[n++] = (char)*c;
        else n += (size_t)snprintf(uri + n, size - n, "%%%02X", *c);
    }
    if (dir && (n == 7 || uri[n - 1] != '/')) uri[n++] = '/';
    uri[n] = 0;
    return uri;
}

/* remote.origin.url as the absolute URI SARIF wants: a URL keeps its scheme (credentials
 * stripped); scp-like "user@host:path" becomes ssh://host/path; a local path (a clone of
 * a folder, absolute or relative to the top level) becomes a file:// URI. */
static char *remote_uri(const char *url, const char *top)
{
    if (strstr(url, "://")) return strip_credentials(url);
    const char *colon = strchr(url, ':'), *slash = strchr(url, '/');
    if (colon && colon != url && (!slash || colon < slash)) {
        const char *at = strchr(url, '@');
        const char *host = at && at < colon ? at + 1 : url;
        const char *path = colon + 1;
        size_t size = strlen(url) + 16;
        char *uri = malloc(size);
        if (uri) snprintf(uri, size, "ssh://%.*s/%s", (int)(colon - host), host, path[0] == '/' ? path + 1 : path);
        return uri;
    }
    char *joined = NULL, *real = NULL;
    if (url[0] != '/') {
        size_t size = strlen(top) + strlen(url) + 2;
        if (!(joined = malloc(size))) return NULL;
        snprintf(joined, size, "%s/%s", top, url);
    }
    real = realpath(joined ? joined : url, NULL);
    char *uri = file_uri(real ? real : joined ? joined : url, true);
    free(joined);
    free(real);
    return uri;
}

void git_provenance_destroy(git_provenance_t *p)
{
    if (!p) return;
    free(p->repository_uri);
    free(p->revision_id);
    free(p->branch);
    memset(p, 0, sizeof(*p));
}

int git_provenance_read(git_provenance_t *out, const char *top)
{
    memset(out, 0, sizeof(*out));
    char *top_argv[] = {"git", "-C", (char *)top, "rev-parse", "--show-toplevel", NULL};
    char *found = git_line(top_argv), *real = found ? realpath(found, NULL) : NULL;
    bool is_top = real && strcmp(real, top) == 0;
    free(found);
    free(real);
    if (!is_top) return -1; /* not a work tree, or a folder inside one */
    char *url_argv[] = {"git", "-C", (char *)top, "config", "--get", "remote.origin.url", NULL};
    char *url = git_line(url_argv);
    if (url) {
        out->repository_uri = remote_uri(url, top);
        free(url);
    } else {
        out->repository_uri = file_uri(top, true);
    }
    if (!out->repository_uri) return -1;
    char *head_argv[] = {"git", "-C", (char *)top, "rev-parse", "--verify", "-q", "HEAD", NULL};
    out->revision_id = git_line(head_argv);
    char *branch_argv[] = {"git", "-C", (char *)top, "symbolic-ref", "-q", "--short", "HEAD", NULL};
    out->branch = git_line(branch_argv);
    return 0;
}
