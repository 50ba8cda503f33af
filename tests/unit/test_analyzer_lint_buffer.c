/* test_analyzer_lint_buffer.c — linting text held in memory (analyzer/lint/lint_buffer.h):
 * a buffer equal to the file on disk gives exactly what the run reports for it (merged
 * findings, suppressions, fingerprints, minimum certainty); a buffer that differs from the
 * disk is what gets linted, by libclang too (a libclang-only finding that exists only in the
 * buffer); a path that does not exist; NUL bytes and empty text as the file path treats
 * them; the compile command of the path from a compilation database; several threads on
 * one context. Uses the real rule pack (rules/) and libclang. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "analyzer/lint/discover.h"
#include "analyzer/lint/lint_buffer.h"
#include "analyzer/lint/lint_run.h"
#include "analyzer/rules/rule_pack.h"
#include "tests/unit/helpers/temp_dir.h"

static char root[64];
static char db_dir[96];
static rule_pack_t *pack;

static void write_file(const char *name, const char *text, size_t length)
{
    char path[512];
    assert_int_equal(temp_dir_write_bytes(path, sizeof(path), root, name, text, length), 0);
}

/* A double free: both engines report it (c.double-free and c.clang-double-free). */
static const char twice[] = "#include <stdlib.h>\n"
                            "void release(void)\n"
                            "{\n"
                            "    char *p = malloc(16);\n"
                            "    if (!p) return;\n"
                            "    free(p);\n"
                            "    free(p);\n"
                            "}\n";
/* The same function, fixed. */
static const char once[] = "#include <stdlib.h>\n"
                           "void release(void)\n"
                           "{\n"
                           "    char *p = malloc(16);\n"
                           "    if (!p) return;\n"
                           "    free(p);\n"
                           "}\n";
/* The second free only under -DTWICE: only libclang honours the #ifdef. */
static const char gated[] = "#include <stdlib.h>\n"
                            "void release(void)\n"
                            "{\n"
                            "    char *p = malloc(16);\n"
                            "    if (!p) return;\n"
                            "    free(p);\n"
                            "#ifdef TWICE\n"
                            "    free(p);\n"
                            "#endif\n"
                            "}\n";
/* The libclang NULL dereference absorbs c.unchecked-alloc (merge_findings.h). */
static const char merged[] = "#include <stdlib.h>\n"
                             "struct node { int v; };\n"
                             "struct node *mk(int v)\n"
                             "{\n"
                             "    struct node *n = malloc(sizeof *n);\n"
                             "    n->v = v;\n"
                             "    return n;\n"
                             "}\n";
static const char silenced[] = "#include <stdio.h>\n"
                               "void read_lines(void)\n"
                               "{\n"
                               "    char a[16], b[16];\n"
                               "    gets(a); // assay-ignore[c.gets]: test input only\n"
                               "    gets(b);\n"
                               "}\n";
/* A copy from a parameter: what the analysis cannot see, so some findings are low. */
static const char unseen[] = "#include <string.h>\n"
                             "void copy(char *dst, const char *src, size_t n)\n"
                             "{\n"
                             "    char local[8];\n"
                             "    strcpy(local, src);\n"
                             "    memcpy(dst, local, n);\n"
                             "}\n";

static int setup(void **state)
{
    (void)state;
    char err[512] = "";
    if (rule_pack_load_dir(&pack, "rules", err, sizeof(err)) != 0) {
        fprintf(stderr, "cannot load rules/ (run from the repo root): %s\n", err);
        return -1;
    }
    if (temp_dir_make(root, sizeof(root), "lint-buffer") != 0) return -1;
    write_file("twice.c", twice, strlen(twice));
    write_file("once.c", once, strlen(once));
    write_file("gated.c", gated, strlen(gated));
    write_file("merged.c", merged, strlen(merged));
    write_file("silenced.c", silenced, strlen(silenced));
    write_file("unseen.c", unseen, strlen(unseen));
    write_file("binary.c", "int\0x;", 6);
    write_file("empty.c", "", 0);
    /* a database giving gated.c, and ghost.c (never on disk), -DTWICE */
    snprintf(db_dir, sizeof(db_dir), "%s/db", root);
    if (mkdir(db_dir, 0755) != 0) return -1;
    char db[600];
    int n = snprintf(db, sizeof(db),
                     "[{\"directory\": \"%s\", \"file\": \"gated.c\", \"command\": \"cc -c -DTWICE gated.c\"},\n"
                     " {\"directory\": \"%s\", \"file\": \"ghost.c\", \"command\": \"cc -c -DTWICE ghost.c\"}]\n",
                     root, root);
    write_file("db/compile_commands.json", db, (size_t)n);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rule_pack_free(pack);
    return temp_dir_remove(root);
}

static int count_rule(const candidate_list_t *list, const char *rule_id)
{
    int n = 0;
    for (size_t i = 0; i < list->count; i++) n += strcmp(list->items[i]->rule_id, rule_id) == 0;
    return n;
}

static const candidate_t *find_rule(const candidate_list_t *list, const char *rule_id)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i]->rule_id, rule_id) == 0) return list->items[i];
    return NULL;
}

/* The file's text as on disk, NUL-terminated (caller frees). */
static char *read_text(const char *name, size_t *length)
{
    char path[160];
    snprintf(path, sizeof(path), "%s/%s", root, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *text = malloc(1 << 16);
    assert_non_null(text);
    *length = fread(text, 1, (1 << 16) - 1, f);
    text[*length] = '\0';
    fclose(f);
    return text;
}

/* Lints text as path with clang options opts (NULL: --no-clang) and min certainty. */
static void lint_text(lint_file_result_t *out, const clang_options_t *opts, certainty_t min, const char *path,
                      const char *text, size_t length)
{
    lint_context_t ctx = {.pack = pack, .clang = opts, .min_certainty = min, .repo_root = root};
    char err[512] = "";
    lint_file_result_init(out);
    assert_int_equal(lint_buffer(out, &ctx, path, text, length, err, sizeof(err)), 0);
}

static void assert_same_candidate(const candidate_t *a, const candidate_t *b)
{
    assert_string_equal(a->path, b->path);
    assert_string_equal(a->rule_id, b->rule_id);
    assert_string_equal(a->message, b->message);
    assert_string_equal(a->fingerprint, b->fingerprint);
    assert_string_equal(a->line_hash, b->line_hash);
    assert_memory_equal(&a->range, &b->range, sizeof(a->range));
    assert_int_equal(a->certainty, b->certainty);
    assert_int_equal(a->severity, b->severity);
    assert_int_equal(a->fact_count, b->fact_count);
    for (size_t i = 0; i < a->fact_count; i++) {
        assert_string_equal(a->facts[i].name, b->facts[i].name);
        assert_string_equal(a->facts[i].value, b->facts[i].value);
    }
    assert_int_equal(a->flow_count, b->flow_count);
}

/* ---- the buffer equals the file on disk ------------------------------------------------ */

static void test_buffer_equal_to_disk_gives_the_runs_candidates(void **state)
{
    (void)state;
    clang_options_t clang = {.repo_root = root};
    const char *paths[] = {root};
    discover_options_t options = {.root = root, .no_git = true};
    discover_result_t found;
    char err[512] = "";
    assert_int_equal(discover_run(&found, paths, 1, &options, err, sizeof(err)), 0);
    assert_int_equal(found.file_count, 8);
    lint_result_t run;
    lint_result_init(&run);
    lint_run_options_t run_options = {.pack = pack, .jobs = 2, .clang = &clang};
    assert_int_equal(lint_run(&run, found.files, found.file_count, &run_options, err, sizeof(err)), 0);
    /* what the driver does next for --min-certainty=medium */
    size_t run_below = candidate_list_drop_below(&run.candidates, CERTAINTY_MEDIUM);

    size_t next = 0, below = 0, suppressed = 0, merged_seen = 0;
    for (size_t f = 0; f < found.file_count; f++) {
        const char *name = found.files[f].display_path;
        size_t length;
        char *text = read_text(name, &length);
        lint_file_result_t buf;
        lint_text(&buf, &clang, CERTAINTY_MEDIUM, name, text, length);
        /* this file's candidates in the run: a contiguous, sorted stretch */
        size_t mine = 0;
        while (next + mine < run.candidates.count && strcmp(run.candidates.items[next + mine]->path, name) == 0)
            mine++;
        assert_int_equal(buf.candidates.count, mine);
        for (size_t i = 0; i < mine; i++) {
            assert_same_candidate(buf.candidates.items[i], run.candidates.items[next + i]);
            merged_seen += candidate_fact(buf.candidates.items[i], "also_reported_by") != NULL;
        }
        next += mine;
        below += buf.below_certainty;
        suppressed += buf.suppressed;
        /* the same notice and libclang remark as the run's */
        const char *notice = NULL, *partial = NULL;
        for (size_t i = 0; i < run.notice_count; i++)
            if (!strcmp(run.notices[i].path, name)) notice = run.notices[i].message;
        for (size_t i = 0; i < run.partial_count; i++)
            if (!strcmp(run.partial[i].path, name)) partial = run.partial[i].message;
        if (notice) assert_string_equal(buf.notice, notice);
        else assert_null(buf.notice);
        if (partial) assert_string_equal(buf.partial, partial);
        else assert_null(buf.partial);
        assert_int_equal(buf.read, notice == NULL);
        /* source lines for reporters, as the run keeps them */
        if (mine) {
            size_t a_length = 0, b_length = 0;
            const char *a = source_file_line(buf.source, buf.candidates.items[0]->range.start_line, &a_length);
            const char *b = lint_result_source_line(&run, name, buf.candidates.items[0]->range.start_line, &b_length);
            assert_non_null(a);
            assert_int_equal(a_length, b_length);
            assert_memory_equal(a, b, a_length);
        } else {
            assert_null(buf.source);
        }
        lint_file_result_destroy(&buf);
        free(text);
    }
    assert_int_equal(next, run.candidates.count);
    assert_int_equal(below, run_below);
    assert_int_equal(suppressed, run.stats.suppressed);
    /* the cases did what they are for: a suppression, a merge, findings of both engines */
    assert_true(suppressed >= 1);
    assert_true(merged_seen >= 1);
    assert_true(count_rule(&run.candidates, "c.clang-double-free") >= 1);
    size_t gets_lines[2] = {0, 0}; /* silenced.c: line 5 silenced, line 6 reported */
    for (size_t i = 0; i < run.candidates.count; i++) {
        const candidate_t *c = run.candidates.items[i];
        if (!strcmp(c->path, "silenced.c") && c->range.start_line >= 5 && c->range.start_line <= 6)
            gets_lines[c->range.start_line - 5]++;
    }
    assert_int_equal(gets_lines[0], 0);
    assert_true(gets_lines[1] >= 1);
    lint_result_destroy(&run);
    discover_result_destroy(&found);
}

/* ---- the buffer differs from the disk --------------------------------------------------- */

static void test_buffer_fixed_while_disk_is_flawed(void **state)
{
    (void)state;
    clang_options_t clang = {.repo_root = root};
    lint_file_result_t disk, buf;
    size_t length;
    char *text = read_text("twice.c", &length);
    lint_text(&disk, &clang, CERTAINTY_UNSET, "twice.c", text, length);
    assert_int_equal(count_rule(&disk.candidates, "c.clang-double-free"), 1);
    free(text);
    lint_text(&buf, &clang, CERTAINTY_UNSET, "twice.c", once, strlen(once));
    assert_int_equal(buf.candidates.count, 0);
    assert_null(buf.source);
    assert_true(buf.read);
    lint_file_result_destroy(&disk);
    lint_file_result_destroy(&buf);
}

static void test_buffer_flawed_while_disk_is_clean(void **state)
{
    (void)state;
    clang_options_t clang = {.repo_root = root};
    char text[512];
    snprintf(text, sizeof(text), "/* edited */\n\n%s", twice); /* two lines down */
    lint_file_result_t buf;
    lint_text(&buf, &clang, CERTAINTY_UNSET, "once.c", text, strlen(text));
    /* c.clang-double-free exists only in the buffer: libclang parsed the buffer, not once.c */
    const candidate_t *c = find_rule(&buf.candidates, "c.clang-double-free");
    assert_non_null(c);
    assert_string_equal(c->path, "once.c");
    assert_int_equal(c->range.start_line, 9);
    assert_string_equal(candidate_fact(c, "engine"), "libclang");
    assert_int_equal(strlen(c->fingerprint), 32);
    /* the syntactic finding of the same flaw is merged into it, at the same place */
    assert_int_equal(count_rule(&buf.candidates, "c.double-free"), 0);
    assert_string_equal(candidate_fact(c, "also_reported_at"), "c.double-free:9:5");
    size_t length = 0;
    const char *line = source_file_line(buf.source, 9, &length);
    assert_non_null(line);
    assert_int_equal(length, strlen("    free(p);"));
    lint_file_result_destroy(&buf);

    /* without libclang only the syntactic finding is left */
    lint_text(&buf, NULL, CERTAINTY_UNSET, "once.c", text, strlen(text));
    assert_int_equal(count_rule(&buf.candidates, "c.clang-double-free"), 0);
    assert_int_equal(count_rule(&buf.candidates, "c.double-free"), 1);
    assert_int_equal(find_rule(&buf.candidates, "c.double-free")->range.start_line, 9);
    lint_file_result_destroy(&buf);
}

static void test_path_not_on_disk(void **state)
{
    (void)state;
    clang_options_t clang = {.repo_root = root};
    lint_file_result_t buf;
    lint_text(&buf, &clang, CERTAINTY_UNSET, "new/unsaved.c", twice, strlen(twice));
    const candidate_t *c = find_rule(&buf.candidates, "c.clang-double-free");
    assert_non_null(c);
    assert_string_equal(c->path, "new/unsaved.c");
    assert_int_equal(c->range.start_line, 7);
    assert_null(buf.notice);
    /* the same text under another name: same findings, other fingerprints */
    lint_file_result_t other;
    lint_text(&other, &clang, CERTAINTY_UNSET, "twice.c", twice, strlen(twice));
    assert_int_equal(other.candidates.count, buf.candidates.count);
    assert_string_not_equal(find_rule(&other.candidates, "c.clang-double-free")->fingerprint, c->fingerprint);
    lint_file_result_destroy(&other);
    lint_file_result_destroy(&buf);
    /* no path at all is the caller's mistake */
    lint_context_t ctx = {.pack = pack, .repo_root = root};
    char err[128] = "";
    lint_file_result_init(&buf);
    assert_int_equal(lint_buffer(&buf, &ctx, "", twice, strlen(twice), err, sizeof(err)), -1);
    assert_non_null(strstr(err, "path"));
    lint_file_result_destroy(&buf);
}

static void test_absolute_path_is_reported_relative_to_the_root(void **state)
{
    (void)state;
    clang_options_t clang = {.repo_root = root};
    char path[160];
    snprintf(path, sizeof(path), "%s/twice.c", root);
    lint_file_result_t abs, rel;
    lint_text(&abs, &clang, CERTAINTY_UNSET, path, twice, strlen(twice));
    lint_text(&rel, &clang, CERTAINTY_UNSET, "twice.c", twice, strlen(twice));
    assert_true(abs.candidates.count > 0);
    assert_int_equal(abs.candidates.count, rel.candidates.count);
    for (size_t i = 0; i < abs.candidates.count; i++)
        assert_same_candidate(abs.candidates.items[i], rel.candidates.items[i]);
    lint_file_result_destroy(&abs);
    lint_file_result_destroy(&rel);
}

/* ---- odd bytes, as the file path treats them -------------------------------------------- */

/* Lints name from disk with a worker (the run's path) and text as a buffer; both agree. */
static void assert_like_the_file(const char *name, const char *text, size_t length)
{
    write_file(name, text, length);
    clang_options_t clang = {.repo_root = root};
    lint_context_t ctx = {.pack = pack, .clang = &clang, .repo_root = root};
    lint_worker_t *worker;
    char err[512] = "", path[160];
    assert_int_equal(lint_worker_new(&worker, &ctx, err, sizeof(err)), 0);
    snprintf(path, sizeof(path), "%s/%s", root, name);
    lint_file_result_t file, buf;
    lint_file_result_init(&file);
    lint_file_result_init(&buf);
    assert_int_equal(lint_worker_file(worker, &file, name, path, err, sizeof(err)), 0);
    assert_int_equal(lint_worker_buffer(worker, &buf, name, text, length, err, sizeof(err)), 0);
    candidate_list_sort(&file.candidates);
    assert_int_equal(buf.read, file.read);
    assert_int_equal(buf.lines, file.lines);
    assert_int_equal(buf.bytes, file.bytes);
    if (file.notice) assert_string_equal(buf.notice, file.notice);
    else assert_null(buf.notice);
    assert_int_equal(buf.candidates.count, file.candidates.count);
    for (size_t i = 0; i < buf.candidates.count; i++)
        assert_same_candidate(buf.candidates.items[i], file.candidates.items[i]);
    lint_file_result_destroy(&file);
    lint_file_result_destroy(&buf);
    lint_worker_free(worker);
}

static void test_nul_bytes_and_empty_text(void **state)
{
    (void)state;
    /* a NUL byte in the first 8 KiB: binary, not linted, the file path's notice */
    lint_file_result_t buf;
    lint_text(&buf, NULL, CERTAINTY_UNSET, "binary.c", "int\0x;", 6);
    assert_false(buf.read);
    assert_non_null(buf.notice);
    assert_non_null(strstr(buf.notice, "binary file"));
    assert_int_equal(buf.candidates.count, 0);
    lint_file_result_destroy(&buf);
    assert_like_the_file("nul-early.c", "int\0x;", 6);

    /* a NUL byte further on: linted, findings from what the parsers recovered */
    size_t pad = SOURCE_FILE_BINARY_PROBE + 100;
    size_t length = pad + 1 + strlen(twice);
    char *text = malloc(length);
    assert_non_null(text);
    memset(text, '\n', pad);
    text[pad] = '\0';
    memcpy(text + pad + 1, twice, strlen(twice));
    lint_text(&buf, NULL, CERTAINTY_UNSET, "nul-late.c", text, length);
    assert_true(buf.read);
    assert_null(buf.notice);
    assert_true(count_rule(&buf.candidates, "c.double-free") == 1);
    lint_file_result_destroy(&buf);
    assert_like_the_file("nul-late.c", text, length);
    free(text);

    /* empty text: linted, nothing found */
    lint_text(&buf, NULL, CERTAINTY_UNSET, "empty.c", "", 0);
    assert_true(buf.read);
    assert_int_equal(buf.lines, 0);
    assert_int_equal(buf.candidates.count, 0);
    assert_null(buf.notice);
    lint_file_result_destroy(&buf);
    assert_like_the_file("empty2.c", "", 0);
}

/* ---- compile commands -------------------------------------------------------------------- */

static void test_compile_command_of_the_path(void **state)
{
    (void)state;
    clang_options_t defaults = {.repo_root = root};
    clang_options_t with_db = {.repo_root = root, .compile_commands = db_dir};
    lint_file_result_t buf;
    /* default flags: TWICE undefined, libclang sees one free */
    lint_text(&buf, &defaults, CERTAINTY_UNSET, "gated.c", gated, strlen(gated));
    assert_int_equal(count_rule(&buf.candidates, "c.clang-double-free"), 0);
    lint_file_result_destroy(&buf);
    /* gated.c's command defines TWICE */
    lint_text(&buf, &with_db, CERTAINTY_UNSET, "gated.c", gated, strlen(gated));
    const candidate_t *c = find_rule(&buf.candidates, "c.clang-double-free");
    assert_non_null(c);
    assert_int_equal(c->range.start_line, 8);
    assert_null(buf.partial); /* the file was in the database: no borrowed flags */
    lint_file_result_destroy(&buf);
    /* ghost.c is in the database but not on disk: its command still applies */
    lint_text(&buf, &with_db, CERTAINTY_UNSET, "ghost.c", gated, strlen(gated));
    assert_int_equal(count_rule(&buf.candidates, "c.clang-double-free"), 1);
    lint_file_result_destroy(&buf);
    /* a path the database does not list borrows a neighbour's flags, with a note */
    lint_text(&buf, &with_db, CERTAINTY_UNSET, "stranger.c", gated, strlen(gated));
    assert_non_null(buf.partial);
    lint_file_result_destroy(&buf);
}

/* ---- threads ----------------------------------------------------------------------------- */

typedef struct {
    const lint_context_t *ctx;
    const char *path, *text;
    lint_file_result_t result[4];
    int failed;
} thread_job_t;

static void *thread_main(void *arg)
{
    thread_job_t *job = arg;
    for (int i = 0; i < 4; i++) {
        char err[512] = "";
        lint_file_result_init(&job->result[i]);
        if (lint_buffer(&job->result[i], job->ctx, job->path, job->text, strlen(job->text), err, sizeof(err)) != 0)
            job->failed = 1;
    }
    return NULL;
}

static void test_threads_share_one_context(void **state)
{
    (void)state;
    clang_options_t clang = {.repo_root = root, .compile_commands = db_dir};
    lint_context_t ctx = {.pack = pack, .clang = &clang, .min_certainty = CERTAINTY_LOW, .repo_root = root};
    lint_file_result_t alone;
    lint_file_result_init(&alone);
    char err[512] = "";
    assert_int_equal(lint_buffer(&alone, &ctx, "gated.c", gated, strlen(gated), err, sizeof(err)), 0);
    assert_true(alone.candidates.count > 0);
    thread_job_t jobs[3];
    pthread_t threads[3];
    for (int t = 0; t < 3; t++) {
        jobs[t] = (thread_job_t){.ctx = &ctx, .path = "gated.c", .text = gated};
        assert_int_equal(pthread_create(&threads[t], NULL, thread_main, &jobs[t]), 0);
    }
    for (int t = 0; t < 3; t++) pthread_join(threads[t], NULL);
    for (int t = 0; t < 3; t++) {
        assert_int_equal(jobs[t].failed, 0);
        for (int i = 0; i < 4; i++) {
            const lint_file_result_t *r = &jobs[t].result[i];
            assert_int_equal(r->candidates.count, alone.candidates.count);
            for (size_t k = 0; k < r->candidates.count; k++)
                assert_same_candidate(r->candidates.items[k], alone.candidates.items[k]);
            lint_file_result_destroy(&jobs[t].result[i]);
        }
    }
    lint_file_result_destroy(&alone);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buffer_equal_to_disk_gives_the_runs_candidates),
        cmocka_unit_test(test_buffer_fixed_while_disk_is_flawed),
        cmocka_unit_test(test_buffer_flawed_while_disk_is_clean),
        cmocka_unit_test(test_path_not_on_disk),
        cmocka_unit_test(test_absolute_path_is_reported_relative_to_the_root),
        cmocka_unit_test(test_nul_bytes_and_empty_text),
        cmocka_unit_test(test_compile_command_of_the_path),
        cmocka_unit_test(test_threads_share_one_context),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
