/* baseline.c — reading, writing and applying baseline files (see baseline.h).
 *
 * Loaded entries are kept as a sorted array of fingerprints with a count each; filtering
 * copies the counts, then each candidate that finds a non-zero count by binary search
 * takes one and is dropped. */
#include "analyzer/suppress/baseline.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomic_file.h"

typedef struct {
    char fingerprint[33];
    size_t count;
} baseline_entry_t;

struct baseline {
    baseline_entry_t *entries; /* sorted by fingerprint, unique */
    size_t count;              /* distinct fingerprints */
    size_t total;              /* entries in the file */
};

void baseline_free(baseline_t *baseline)
{
    if (!baseline) return;
    free(baseline->entries);
    free(baseline);
}

size_t baseline_count(const baseline_t *baseline)
{
    return baseline ? baseline->total : 0;
}

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const baseline_entry_t *)a)->fingerprint,
                  ((const baseline_entry_t *)b)->fingerprint);
}

static bool is_fingerprint(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f'))) return false;
    return n == 32;
}

static int fail(char *err, size_t err_size, const char *name, const char *problem, size_t entry)
{
    if (entry)
        snprintf(err, err_size, "%s: entry %zu: %s", name, entry, problem);
    else
        snprintf(err, err_size, "%s: %s", name, problem);
    return -1;
}

int baseline_parse(baseline_t **out, const char *name, const char *text, size_t length,
                   char *err, size_t err_size)
{
    *out = NULL;
    json_error_t jerr;
    json_t *root = json_loadb(text, length, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        snprintf(err, err_size, "%s:%d:%d: not a valid baseline (JSON): %s", name, jerr.line,
                 jerr.column, jerr.text);
        return -1;
    }
    int status = -1;
    baseline_t *baseline = NULL;
    json_t *version = json_object_get(root, "version");
    json_t *entries = json_object_get(root, "entries");
    if (!json_is_object(root)) {
        fail(err, err_size, name, "not a baseline: the top level must be a JSON object", 0);
        goto done;
    }
    if (!json_is_integer(version)) {
        fail(err, err_size, name, "not a baseline: \"version\" is missing or not a number", 0);
        goto done;
    }
    if (json_integer_value(version) != BASELINE_FORMAT_VERSION) {
        char problem[96];
        snprintf(problem, sizeof(problem), "baseline version %lld is not supported (expected %d)",
                 (long long)json_integer_value(version), BASELINE_FORMAT_VERSION);
        fail(err, err_size, name, problem, 0);
        goto done;
    }
    if (!json_is_array(entries)) {
        fail(err, err_size, name, "not a baseline: \"entries\" is missing or not an array", 0);
        goto done;
    }
    baseline = calloc(1, sizeof(*baseline));
    size_t n = json_array_size(entries);
    if (!baseline || (n && !(baseline->entries = calloc(n, sizeof(baseline_entry_t))))) {
        fail(err, err_size, name, "out of memory", 0);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(entries, i);
        if (!json_is_object(e)) {
            fail(err, err_size, name, "not an object", i + 1);
            goto done;
        }
        json_t *fp = json_object_get(e, "fingerprint");
        if (!json_is_string(fp) || !is_fingerprint(json_string_value(fp))) {
            fail(err, err_size, name, "\"fingerprint\" must be 32 lowercase hex digits", i + 1);
            goto done;
        }
        json_t *rule = json_object_get(e, "rule"), *path = json_object_get(e, "path");
        if (!json_is_string(rule) || !json_is_string(path)) {
            fail(err, err_size, name, "\"rule\" and \"path\" must be strings", i + 1);
            goto done;
        }
        json_t *line = json_object_get(e, "line");
        if (line && !json_is_integer(line)) {
            fail(err, err_size, name, "\"line\" must be a number", i + 1);
            goto done;
        }
        memcpy(baseline->entries[i].fingerprint, json_string_value(fp), 33);
        baseline->entries[i].count = 1;
    }
    /* merge duplicates into counts */
    if (n) qsort(baseline->entries, n, sizeof(baseline_entry_t), compare_entries);
    size_t unique = 0;
    for (size_t i = 0; i < n; i++) {
        if (unique && strcmp(baseline->entries[unique - 1].fingerprint,
                             baseline->entries[i].fingerprint) == 0)
            baseline->entries[unique - 1].count++;
        else
            baseline->entries[unique++] = baseline->entries[i];
    }
    baseline->count = unique;
    baseline->total = n;
    *out = baseline;
    baseline = NULL;
    status = 0;
done:
    baseline_free(baseline);
    json_decref(root);
    return status;
}

int baseline_load(baseline_t **out, const char *path, char *err, size_t err_size)
{
    *out = NULL;
    /* O_NONBLOCK: a FIFO named as the baseline must not hang the open; it is refused */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(err, err_size, "%s: cannot read baseline: %s", path, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "%s: not a regular file", path);
        close(fd);
        return -1;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        snprintf(err, err_size, "%s: cannot read baseline: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    char *text = NULL;
    size_t length = 0, capacity = 0;
    for (;;) {
        if (length == capacity) {
            capacity = capacity ? capacity * 2 : 65536;
            char *grown = realloc(text, capacity);
            if (!grown) {
                free(text);
                fclose(f);
                snprintf(err, err_size, "%s: out of memory", path);
                return -1;
            }
            text = grown;
        }
        size_t got = fread(text + length, 1, capacity - length, f);
        length += got;
        if (got == 0) break;
    }
    int read_error = ferror(f);
    fclose(f);
    if (read_error) {
        free(text);
        snprintf(err, err_size, "%s: cannot read baseline: read error", path);
        return -1;
    }
    int status = baseline_parse(out, path, text, length, err, err_size);
    free(text);
    return status;
}

size_t baseline_filter(const baseline_t *baseline, candidate_list_t *list)
{
    if (!baseline || baseline->count == 0) return 0;
    size_t *remaining = malloc(baseline->count * sizeof(size_t));
    if (!remaining) return 0; /* out of memory: keep every finding (fail loud, not quiet) */
    for (size_t i = 0; i < baseline->count; i++) remaining[i] = baseline->entries[i].count;
    size_t kept = 0, removed = 0;
    for (size_t i = 0; i < list->count; i++) {
        candidate_t *c = list->items[i];
        baseline_entry_t key;
        memcpy(key.fingerprint, c->fingerprint, sizeof(key.fingerprint));
        baseline_entry_t *hit = c->fingerprint[0]
            ? bsearch(&key, baseline->entries, baseline->count, sizeof(key), compare_entries)
            : NULL;
        if (hit && remaining[hit - baseline->entries] > 0) {
            remaining[hit - baseline->entries]--;
            candidate_free(c);
            removed++;
        } else {
            list->items[kept++] = c;
        }
    }
    list->count = kept;
    free(remaining);
    return removed;
}

static int compare_for_file(const void *a, const void *b)
{
    const candidate_t *x = *(candidate_t *const *)a, *y = *(candidate_t *const *)b;
    int c = strcmp(x->path ? x->path : "", y->path ? y->path : "");
    if (c) return c;
    if (x->range.start_line != y->range.start_line)
        return x->range.start_line < y->range.start_line ? -1 : 1;
    c = strcmp(x->rule_id ? x->rule_id : "", y->rule_id ? y->rule_id : "");
    if (c) return c;
    return strcmp(x->fingerprint, y->fingerprint);
}

int baseline_write(const char *path, const candidate_list_t *list, const char *tool_version,
                   char *err, size_t err_size)
{
    candidate_t **sorted = malloc((list->count ? list->count : 1) * sizeof(*sorted));
    json_t *root = json_object(), *entries = json_array();
    if (!sorted || !root || !entries) {
        free(sorted);
        json_decref(root);
        json_decref(entries);
        snprintf(err, err_size, "%s: out of memory", path);
        return -1;
    }
    if (list->count) memcpy(sorted, list->items, list->count * sizeof(*sorted));
    qsort(sorted, list->count, sizeof(*sorted), compare_for_file);
    json_object_set_new(root, "version", json_integer(BASELINE_FORMAT_VERSION));
    json_object_set_new(root, "tool", json_string("assay"));
    json_object_set_new(root, "tool_version", json_string(tool_version ? tool_version : "0.0.0"));
    int status = 0;
    for (size_t i = 0; i < list->count && status == 0; i++) {
        const candidate_t *c = sorted[i];
        json_t *e = json_object();
        /* jansson rejects invalid UTF-8; messages may quote source bytes */
        json_t *message = json_string(c->message ? c->message : "");
        if (!message) message = json_string("(message not valid UTF-8)");
        json_t *file = json_string(c->path ? c->path : "");
        if (!file) file = json_string("(path not valid UTF-8)");
        if (!e || json_object_set_new(e, "fingerprint", json_string(c->fingerprint)) ||
            json_object_set_new(e, "rule", json_string(c->rule_id ? c->rule_id : "")) ||
            json_object_set_new(e, "path", file) ||
            json_object_set_new(e, "line", json_integer(c->range.start_line)) ||
            json_object_set_new(e, "message", message) || json_array_append_new(entries, e))
            status = -1;
    }
    free(sorted);
    json_object_set_new(root, "entries", entries);
    char *text = status == 0 ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(root);
    if (!text) {
        snprintf(err, err_size, "%s: out of memory building the baseline", path);
        return -1;
    }
    size_t length = strlen(text);
    status = atomic_file_write(path, text, length, true, err, err_size);
    free(text);
    return status;
}
