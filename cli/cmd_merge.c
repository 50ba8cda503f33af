/* cmd_merge.c — `assay merge -o OUT.sarif PIECE.sarif...`: one SARIF report from the
 * pieces of a sharded run (`assay --shard I/N -f sarif`).
 *
 * Each piece is a complete SARIF log of one run over its share of the files, made by the
 * same assay with the same rule pack (the tool descriptions must be equal, else the merge
 * refuses). A file belongs to exactly one piece, so the merged results are the pieces'
 * results ordered by file path (decoded from the artifact URI, compared as the lint run
 * compares paths) with each file's results in its piece's order — the order a single run
 * prints; notifications (files that could not be read) likewise. The rest of the log
 * (tool, taxonomies, base URI) is the first piece's. The output is written as every SARIF
 * report is (reporters/json_value.h), atomically with -o, so a run split N ways and merged
 * gives the bytes one run gives.
 *
 * Given audit stores instead (SQLite files), it merges them into a new store
 * (audit/audit_merge.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_merge.h"
#include "cli/cli_args.h"
#include "cli/commands.h"
#include "core/atomic_file.h"
#include "reporters/json_value.h"

enum { EXIT_CLEAN = 0, EXIT_USAGE = 2 };

static const char merge_help[] =
    "usage: assay merge [-o FILE] PIECE.sarif...\n"
    "       assay merge -o ALL.db PIECE.db...\n"
    "\n"
    "Merges the SARIF reports of a sharded run (assay --shard I/N --format=sarif, one per\n"
    "piece) into one, identical to the report of a single run over all the files. The\n"
    "pieces must come from the same assay and rule pack. The result goes to FILE\n"
    "(atomically) or standard output.\n"
    "\n"
    "Given the audit stores of a sharded audit (assay audit --shard I/N --db PIECE.db),\n"
    "it writes one new store ALL.db holding every file, finding, verdict and audit.\n";

typedef struct {
    json_t *item;  /* borrowed from its piece */
    char *path;    /* decoded from the artifact URI; "" for none */
    size_t order;  /* position in the pieces, for a stable order */
} merge_entry_t;

/* The path of a SARIF artifact URI with %XX decoded, newly allocated. */
static char *decoded_uri(const char *uri)
{
    char *out = malloc(strlen(uri) + 1), *o = out;
    if (!out) return NULL;
    for (const char *p = uri; *p; p++) {
        unsigned v;
        if (p[0] == '%' && p[1] && p[2] && sscanf(p + 1, "%2x", &v) == 1) {
            *o++ = (char)v;
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

static const char *item_uri(json_t *item)
{
    json_t *locations = json_object_get(item, "locations");
    json_t *first = json_array_get(locations, 0);
    json_t *uri = json_object_get(
        json_object_get(json_object_get(first, "physicalLocation"), "artifactLocation"), "uri");
    return json_is_string(uri) ? json_string_value(uri) : "";
}

static int compare_entries(const void *a, const void *b)
{
    const merge_entry_t *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    if (c) return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Appends every element of array to the entries. */
static int collect(merge_entry_t **entries, size_t *count, size_t *capacity, json_t *array)
{
    size_t i;
    json_t *item;
    json_array_foreach(array, i, item) {
        if (*count == *capacity) {
            *capacity = *capacity ? *capacity * 2 : 256;
            merge_entry_t *grown = realloc(*entries, *capacity * sizeof(*grown));
            if (!grown) return -1;
            *entries = grown;
        }
        char *path = decoded_uri(item_uri(item));
        if (!path) return -1;
        (*entries)[*count] = (merge_entry_t){item, path, *count};
        (*count)++;
    }
    return 0;
}

/* A new array of the entries' items in path order. */
static json_t *sorted_array(merge_entry_t *entries, size_t count)
{
    qsort(entries, count, sizeof(*entries), compare_entries);
    json_t *array = json_array();
    for (size_t i = 0; array && i < count; i++)
        if (json_array_append(array, entries[i].item) != 0) {
            json_decref(array);
            return NULL;
        }
    return array;
}

static void entries_free(merge_entry_t *entries, size_t count)
{
    for (size_t i = 0; i < count; i++) free(entries[i].path);
    free(entries);
}

static json_t *first_run(json_t *log)
{
    json_t *runs = json_object_get(log, "runs");
    return json_array_size(runs) == 1 ? json_array_get(runs, 0) : NULL;
}

/* Merges pieces[0..count) into a new log; NULL with err set. */
static json_t *merge_logs(json_t **pieces, char *const *names, size_t count, char *err, size_t err_size)
{
    json_t *merged = json_deep_copy(pieces[0]);
    json_t *run = first_run(merged);
    if (!run) {
        snprintf(err, err_size, "%s: not a SARIF log with one run", names[0]);
        json_decref(merged);
        return NULL;
    }
    json_t *tool = json_object_get(run, "tool");
    merge_entry_t *results = NULL, *notes = NULL;
    size_t result_count = 0, result_cap = 0, note_count = 0, note_cap = 0;
    bool successful = true;
    for (size_t i = 0; i < count; i++) {
        json_t *piece = first_run(pieces[i]);
        if (!piece) {
            snprintf(err, err_size, "%s: not a SARIF log with one run", names[i]);
            goto fail;
        }
        if (!json_equal(json_object_get(piece, "tool"), tool)) {
            snprintf(err, err_size, "%s: made by another assay or rule pack than %s; cannot merge", names[i], names[0]);
            goto fail;
        }
        json_t *invocation = json_array_get(json_object_get(piece, "invocations"), 0);
        if (json_is_false(json_object_get(invocation, "executionSuccessful"))) successful = false;
        if (collect(&results, &result_count, &result_cap, json_object_get(piece, "results")) != 0 ||
            collect(&notes, &note_count, &note_cap, json_object_get(invocation, "toolExecutionNotifications")) != 0) {
            snprintf(err, err_size, "out of memory");
            goto fail;
        }
    }
    json_t *result_array = sorted_array(results, result_count);
    json_t *note_array = sorted_array(notes, note_count);
    json_t *invocation = json_array_get(json_object_get(run, "invocations"), 0);
    if (!result_array || !note_array || !invocation) {
        json_decref(result_array);
        json_decref(note_array);
        snprintf(err, err_size, !invocation ? "%s: no invocation" : "out of memory", names[0]);
        goto fail;
    }
    json_object_set_new(run, "results", result_array);
    json_object_set_new(invocation, "executionSuccessful", json_boolean(successful));
    if (json_array_size(note_array)) json_object_set_new(invocation, "toolExecutionNotifications", note_array);
    else {
        json_object_del(invocation, "toolExecutionNotifications");
        json_decref(note_array);
    }
    entries_free(results, result_count);
    entries_free(notes, note_count);
    return merged;
fail:
    entries_free(results, result_count);
    entries_free(notes, note_count);
    json_decref(merged);
    return NULL;
}

int cmd_merge_main(int argc, char **argv)
{
    static const cli_arg_spec_t specs[] = {
        {"output", 'o', true, 1},
        {"help", 'h', false, 2},
    };
    const char *output = NULL;
    char **inputs = malloc(((size_t)argc + 1) * sizeof(*inputs));
    size_t input_count = 0;
    char err[1200] = "";
    int status = EXIT_USAGE;
    bool help = false;
    json_t **pieces = NULL;
    size_t loaded = 0;
    if (!inputs) {
        fprintf(stderr, "assay: out of memory\n");
        return EXIT_USAGE;
    }
    cli_args_t args;
    cli_arg_t arg;
    int more;
    if (cli_args_begin(&args, specs, 2, argc, argv, 1, err, sizeof(err)) != 0) goto usage;
    while ((more = cli_args_next(&args, &arg, err, sizeof(err))) == 1) {
        if (arg.id == CLI_ARG_POSITIONAL) inputs[input_count++] = (char *)arg.value;
        else if (arg.id == 1) output = arg.value;
        else help = true;
    }
    if (more < 0) goto usage;
    if (help) {
        fputs(merge_help, stdout);
        status = EXIT_CLEAN;
        goto done;
    }
    if (input_count == 0) {
        snprintf(err, sizeof(err), "merge: expected the SARIF files to merge");
        goto usage;
    }
    size_t stores = 0;
    for (size_t i = 0; i < input_count; i++) stores += audit_merge_is_store(inputs[i]) != 0;
    if (stores) { /* audit stores: merged into a new store */
        if (stores != input_count) {
            snprintf(err, sizeof(err), "merge: give SARIF files or audit stores, not both");
            goto usage;
        }
        if (!output) {
            snprintf(err, sizeof(err), "merge: audit stores merge into a new store: -o FILE is required");
            goto usage;
        }
        if (audit_merge_stores(output, (const char *const *)inputs, input_count, err, sizeof(err)) != 0) {
            fprintf(stderr, "assay: %s\n", err);
            goto done;
        }
        status = EXIT_CLEAN;
        goto done;
    }
    if (!(pieces = calloc(input_count, sizeof(*pieces)))) goto done;
    for (loaded = 0; loaded < input_count; loaded++) {
        json_error_t jerr;
        if (!(pieces[loaded] = json_load_file(inputs[loaded], 0, &jerr))) {
            fprintf(stderr, "assay: %s: %s (line %d)\n", inputs[loaded], jerr.text, jerr.line);
            goto done;
        }
    }
    json_t *merged = merge_logs(pieces, inputs, input_count, err, sizeof(err));
    if (!merged) {
        fprintf(stderr, "assay: %s\n", err);
        goto done;
    }
    atomic_file_t *file = NULL;
    if (output && atomic_file_open(&file, output, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: %s\n", err);
        json_decref(merged);
        goto done;
    }
    FILE *out = file ? atomic_file_stream(file) : stdout;
    int rc = json_value_write(out, merged, JSON_INDENT(2), true, err, sizeof(err));
    if (rc == 0 && fflush(out) != 0) {
        snprintf(err, sizeof(err), "write failed");
        rc = -1;
    }
    json_decref(merged);
    if (file) {
        if (rc != 0) atomic_file_abort(file);
        else rc = atomic_file_commit(file, err, sizeof(err));
    }
    if (rc != 0) {
        fprintf(stderr, "assay: %s: %s\n", output ? output : "standard output", err);
        goto done;
    }
    status = EXIT_CLEAN;
    goto done;
usage:
    status = cli_args_usage_error("assay merge", err);
done:
    for (size_t i = 0; pieces && i < loaded; i++) json_decref(pieces[i]);
    free(pieces);
    free(inputs);
    return status;
}
