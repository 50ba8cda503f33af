/* cmd_lint.c — `assay [options] [paths...]` and `assay baseline write FILE ...`: the
 * driver that ties options, discovery, the threaded scan, baselines and reporters
 * together, and the only place of the lint path that prints or picks the exit status.
 *
 * Exit status policy (as clang-tidy and semgrep users expect):
 *   0  nothing at or above --fail-on (also: no file to lint)
 *   1  findings at or above --fail-on
 *   2  usage error, or an input error that makes the run meaningless: a path argument
 *      that does not exist, a rules folder or baseline that cannot be loaded, a report
 *      that cannot be written, a model file that does not exist, or files to lint of
 *      which not one could be read.
 * A file that cannot be linted (binary, unreadable, FIFO, symlink loop) is printed to
 * stderr as "path: problem", passed to the reporter as a notice (gcc format: only with
 * -o, since on a terminal it would repeat the stderr line), and the run goes on. Remarks
 * of the libclang pass on files it only partly analysed (includes not found) go into the
 * reports too, but stderr gets one summary line for them (each with -v).
 *
 * --fix writes the verified fixes into the files (analyzer/fix/fix_apply.h) and reports
 * what remains; the exit status counts only that. A file that could not be fixed (changed
 * on disk, read-only) is named on stderr and its findings stay in the report.
 * --fix-dry-run prints the same changes as a unified diff on stdout instead of the report
 * (which -o still writes). --stdin-filename=PATH lints standard input as PATH. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "audit/audit_triage.h"
#include "core/atomic_file.h"
#include "analyzer/suppress/baseline.h"
#include "cli/cli_args.h"
#include "cli/cli_cache.h"
#include "cli/cli_options.h"
#include "cli/commands.h"
#include "cli/lint_workflow.h"
#include "analyzer/fix/fix_apply.h"
#include "analyzer/fix/fix_diff.h"
#include "analyzer/fix/fix_run.h"
#include "analyzer/lint/lint_buffer.h"
#include "analyzer/lint/discover.h"
#include "analyzer/lint/lint_run.h"
#include "analyzer/lint/shard.h"
#include "analyzer/rules/rule_pack.h"
#include "reporters/report.h"
#include "review/review.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

typedef enum { MODE_LINT, MODE_BASELINE_WRITE } lint_mode_t;

/* Everything one run owns, released by run_destroy in reverse order of need. */
typedef struct {
    rule_pack_t *pack;
    baseline_t *baseline;
    discover_result_t found;
    lint_result_t result;
    atomic_file_t *output;
    notice_t *all_notices; /* problems and partial remarks merged by path; borrowed */
    lint_cache_t *cache;   /* results cache, NULL with --no-cache (cli/cli_cache.h) */
    size_t all_notice_count;
    const char *rules_dir;   /* the rule pack's folder (its prompts/ feed the review) */
    reviewer_t *reviewer;    /* NULL without --model */
} run_t;

static void run_destroy(run_t *run)
{
    free(run->all_notices);
    reviewer_free(run->reviewer);
    lint_cache_close(run->cache);
    lint_result_destroy(&run->result); /* candidates point at rules: before the pack */
    discover_result_destroy(&run->found);
    baseline_free(run->baseline);
    rule_pack_free(run->pack);
    atomic_file_abort(run->output);
}

static int usage_error(const char *message)
{
    return cli_args_usage_error("assay", message);
}

static bool use_color(const cli_options_t *o)
{
    if (o->color == COLOR_ALWAYS) return true;
    if (o->color == COLOR_NEVER || o->output_path) return false;
    const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
    if (no_color && *no_color) return false;
    if (term && strcmp(term, "dumb") == 0) return false;
    return isatty(STDOUT_FILENO);
}

/* Loads the rule pack and applies --enable/--disable in order. */
static int load_rules(run_t *run, const cli_options_t *o)
{
    char err[1024] = "";
    const char *dir = o->rules_dir ? o->rules_dir : rule_pack_default_dir();
    if (!dir) {
        fprintf(stderr, "assay: cannot find the rules folder next to the assay binary; "
                        "pass --rules DIR\n");
        return EXIT_USAGE;
    }
    run->rules_dir = dir;
    if (rule_pack_load_dir(&run->pack, dir, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: %s\n", err[0] ? err : dir);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < o->toggle_count; i++) {
        const cli_rule_toggle_t *t = &o->toggles[i];
        if (rule_pack_set_enabled(run->pack, t->pattern, t->enable) < 0) {
            char message[512];
            snprintf(message, sizeof(message), "--%s %s: no rule matches (rules from %s)",
                     t->enable ? "enable" : "disable", t->pattern, dir);
            return usage_error(message);
        }
    }
    return EXIT_CLEAN;
}

/* Without a model the run is static only, and says nothing about it. */
static int check_model(const cli_options_t *o)
{
    if (o->model_path && access(o->model_path, R_OK) != 0) {
        char message[1200];
        snprintf(message, sizeof(message), "model file '%s' cannot be read: %s", o->model_path, strerror(errno));
        return usage_error(message);
    }
    return EXIT_CLEAN;
}

/* --model: the reviewer, made once before the scan so a broken model fails at once. */
static int load_reviewer(run_t *run, const cli_options_t *o)
{
    if (!o->model_path) return EXIT_CLEAN;
    char prompts[4096], err[1200] = "";
    snprintf(prompts, sizeof(prompts), "%s/prompts", run->rules_dir);
    review_options_t options = {
        .model_path = o->model_path,
        .prompts_dir = prompts,
        .threshold = o->review_threshold,
        .threads = o->jobs,
        .max_tokens = (uint32_t)o->review_max_tokens,
        .budget_seconds = o->review_budget,
    };
    if (reviewer_new(&run->reviewer, &options, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: model review: %s\n", err);
        return EXIT_USAGE;
    }
    return EXIT_CLEAN;
}

/* The progress line of the review on a terminal: done/total, rate, time left. */
static void print_review_progress(void *ctx, size_t done, size_t total, double seconds)
{
    (void)ctx;
    double rate = seconds > 0 ? (double)done / seconds : 0;
    double left = rate > 0 ? (double)(total - done) / rate : 0;
    fprintf(stderr, "\rassay: reviewed %zu/%zu candidates, %.1f/min, about %.0f s left   ", done, total,
            rate * 60.0, left);
    if (done == total) fprintf(stderr, "\r%*s\r", 72, "");
    fflush(stderr);
}

static void print_review_stats(const reviewer_t *reviewer, const review_stats_t *s)
{
    double minutes = s->seconds > 1e-9 ? s->seconds / 60.0 : 1e-9;
    fprintf(stderr,
            "assay: review by %s: %zu candidates, %zu reviewed, %zu unreviewed, %zu dismissed, %zu confirmed; "
            "%zu fixes drafted (%zu verified, %zu rejected); %llu prompt tokens (%llu reused from the cache, "
            "%.0f%%), %llu generated; %.3f s, %.1f reviews/min\n",
            reviewer_model_name(reviewer), s->candidates, s->reviewed, s->unreviewed, s->dismissed, s->confirmed,
            s->drafted, s->drafts_verified, s->drafts_rejected, (unsigned long long)s->prompt_tokens,
            (unsigned long long)s->reused_tokens,
            s->prompt_tokens ? 100.0 * (double)s->reused_tokens / (double)s->prompt_tokens : 0.0,
            (unsigned long long)s->generated_tokens, s->seconds, (double)s->reviewed / minutes);
    size_t n = s->reviewed + s->unreviewed ? s->reviewed + s->unreviewed : 1;
    fprintf(stderr, "assay: review prompts on average: code %llu tokens", (unsigned long long)(s->window_tokens / n));
    for (int i = 0; i < REVIEW_CONTEXT_PART_COUNT; i++)
        fprintf(stderr, ", %s %llu", review_context_part_name((review_context_part_kind_t)i),
                (unsigned long long)(s->context_tokens[i] / n));
    fprintf(stderr, "\n");
}

/* Remarks on files a pass only partly analysed (the libclang pass without a compilation
 * database misses includes in most files of a real project): one line each with -v,
 * else one summary line, nothing with -q. Reports carry all of them. */
static void print_partial(const cli_options_t *o, const lint_result_t *r)
{
    if (r->stats.partly_parsed && !o->quiet && !o->no_clang && !(o->compile_commands && o->compile_commands[0]))
        fprintf(stderr,
                "assay: libclang could not fully parse %zu of %zu file%s (no compile_commands.json: include "
                "folders were guessed from the tree; pass -p BUILD_DIR for each file's own flags)\n",
                r->stats.partly_parsed, r->stats.files_read, r->stats.files_read == 1 ? "" : "s");
    if (r->partial_count == 0 || o->quiet) return;
    if (o->verbose) {
        for (size_t i = 0; i < r->partial_count; i++)
            fprintf(stderr, "%s: note: %s\n", r->partial[i].path, r->partial[i].message);
        return;
    }
    fprintf(stderr,
            "assay: %zu file%s only partly analysed by the libclang pass (includes not "
            "found, parse errors); -v lists them\n",
            r->partial_count, r->partial_count == 1 ? " was" : "s were");
}

/* run->all_notices: the problems and the partial remarks, merged by path, for reporters. */
static int merge_notices(run_t *run)
{
    const lint_result_t *r = &run->result;
    size_t total = r->notice_count + r->partial_count, a = 0, b = 0;
    if (total == 0) return 0;
    run->all_notices = malloc(total * sizeof(notice_t));
    if (!run->all_notices) return -1;
    while (a < r->notice_count || b < r->partial_count) {
        bool take_a = b == r->partial_count ||
                      (a < r->notice_count && strcmp(r->notices[a].path, r->partial[b].path) <= 0);
        run->all_notices[run->all_notice_count++] = take_a ? r->notices[a++] : r->partial[b++];
    }
    return 0;
}

static void print_stats(const lint_result_t *r, size_t baselined, size_t reported)
{
    const lint_stats_t *s = &r->stats;
    struct rusage usage;
    long peak_rss_kib = getrusage(RUSAGE_SELF, &usage) == 0 ? usage.ru_maxrss : 0;
    double seconds = s->seconds > 1e-9 ? s->seconds : 1e-9;
    fprintf(stderr,
            "assay: %zu file%s (%zu read), %llu lines, %.1f KiB in %.3f s on %d thread%s: "
            "%.0f lines/s, %.0f files/s; %zu findings, %zu suppressed, %zu baselined, "
            "%zu reported; %zu not fully parsed by libclang; peak RSS %ld MiB\n",
            s->files, s->files == 1 ? "" : "s", s->files_read, (unsigned long long)s->lines,
            (double)s->bytes / 1024.0, s->seconds, s->threads, s->threads == 1 ? "" : "s", (double)s->lines / seconds,
            (double)s->files_read / seconds, s->findings, s->suppressed, baselined, reported,
            s->partly_parsed, peak_rss_kib / 1024);
}

/* Reads all of standard input into a malloc'd buffer. 0, or -1 with errno set. */
static int read_stdin(char **out, size_t *length)
{
    size_t cap = 65536, n = 0, got;
    char *buf = malloc(cap);
    if (!buf) return -1;
    while ((got = fread(buf + n, 1, cap - n, stdin)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                return -1;
            }
            buf = grown;
            cap *= 2;
        }
    }
    if (ferror(stdin)) {
        free(buf);
        return -1;
    }
    *out = buf;
    *length = n;
    return 0;
}

/* The absolute form of name: its folder resolved plus its own name; a folder that does
 * not exist (an editor's new file) is taken as written, below the current folder. */
static char *absolute_name(const char *name)
{
    const char *slash = strrchr(name, '/');
    char *dir = slash ? strndup(name, (size_t)(slash - name) + (slash == name)) : strdup(".");
    if (!dir) return NULL;
    char *real = realpath(dir, NULL);
    free(dir);
    const char *rest = slash ? slash + 1 : name;
    if (!real) {
        if (name[0] == '/') return strdup(name);
        if (!(real = getcwd(NULL, 0))) return NULL;
        rest = name;
        while (rest[0] == '.' && rest[1] == '/') rest += 2;
    }
    size_t size = strlen(real) + strlen(rest) + 2;
    char *abs = malloc(size);
    if (abs) snprintf(abs, size, "%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", rest);
    free(real);
    return abs;
}

/* --stdin-filename: the root (as discovery picks it: --root, else the git top level of the
 * file's folder, else the current folder) into run->found.root, and standard input linted
 * as that file into run->result; clang (NULL: --no-clang) gets the root. An exit status. */
static int lint_stdin(run_t *run, const cli_options_t *o, clang_options_t *clang)
{
    char err[1024] = "";
    char *abs = absolute_name(o->stdin_filename), *text = NULL, *display = NULL;
    int status = EXIT_USAGE;
    size_t length = 0;
    lint_file_result_t file;
    lint_file_result_init(&file);
    if (!abs) goto oom;
    if (o->root) {
        run->found.root = realpath(o->root, NULL);
        if (!run->found.root) {
            fprintf(stderr, "assay: %s: %s\n", o->root, strerror(errno));
            goto done;
        }
    } else {
        char *dir = strdup(abs);
        if (!dir) goto oom;
        char *slash = strrchr(dir, '/');
        if (slash == dir) slash[1] = '\0';
        else if (slash) *slash = '\0';
        if (!o->no_git) run->found.root = discover_git_toplevel(dir);
        free(dir);
        if (!run->found.root && !(run->found.root = getcwd(NULL, 0))) goto oom;
    }
    if (clang) clang->repo_root = run->found.root;
    if (!(display = discover_relative_path(abs, run->found.root))) goto oom;
    if (read_stdin(&text, &length) != 0) {
        fprintf(stderr, "assay: cannot read standard input: %s\n", strerror(errno));
        goto done;
    }
    lint_context_t context = {.pack = run->pack, .clang = clang, .min_certainty = CERTAINTY_UNSET,
                              .repo_root = run->found.root};
    /* a path inside the root is passed relative (as the file's own run reports it) */
    const char *as = strncmp(display, "../", 3) == 0 ? abs : display;
    if (lint_buffer(&file, &context, as, text, length, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: %s: %s\n", o->stdin_filename, err);
        goto done;
    }
    lint_result_t *r = &run->result;
    r->stats.files = 1;
    r->stats.files_read = file.read ? 1 : 0;
    r->stats.lines = file.lines;
    r->stats.bytes = file.bytes;
    r->stats.findings = file.findings;
    r->stats.suppressed = file.suppressed;
    r->stats.threads = 1;
    if (file.notice && lint_result_add_notice(r, display, file.notice) != 0) goto oom;
    if (file.partial) {
        if (!(r->partial = malloc(sizeof(notice_t)))) goto oom;
        r->partial_capacity = 1;
        r->partial[0] = (notice_t){strdup(display), strdup(file.partial)};
        r->partial_count = 1;
        if (!r->partial[0].path || !r->partial[0].message) goto oom;
        r->stats.partly_parsed = 1;
    }
    if (file.source) {
        if (!(r->sources = malloc(sizeof(*r->sources)))) goto oom;
        char *path = strdup(display);
        if (!path) goto oom;
        r->sources[0] = (lint_source_t){path, file.source};
        r->source_count = 1;
        file.source = NULL;
    }
    candidate_list_destroy(&r->candidates);
    r->candidates = file.candidates;
    memset(&file.candidates, 0, sizeof(file.candidates));
    status = EXIT_CLEAN;
    goto done;
oom:
    fprintf(stderr, "assay: out of memory\n");
    status = EXIT_USAGE;
done:
    lint_file_result_destroy(&file);
    free(text);
    free(display);
    free(abs);
    return status;
}

/* The file to open for the display path, or NULL (standard input has none). */
static const char *fs_path_of(const discover_result_t *found, const char *display)
{
    size_t lo = 0, hi = found->file_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(found->files[mid].display_path, display);
        if (c == 0) return found->files[mid].fs_path;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* --fix / --fix-dry-run: per file kept with findings, the verified fixes combined
 * (overlapping ones wait for the next run) and written in place, or printed as a diff.
 * Fixed findings leave the list. An exit status (EXIT_USAGE only for out of memory or a
 * diff that cannot be written). */
static int apply_fixes(run_t *run, const cli_options_t *o)
{
    lint_result_t *r = &run->result;
    candidate_list_t *list = &r->candidates;
    size_t fixed = 0, files = 0, failed = 0;
    char err[1200];
    const fix_t **fixes = malloc((list->count ? list->count : 1) * sizeof(*fixes));
    bool *applied = malloc(list->count ? list->count : 1);
    bool *gone = calloc(list->count ? list->count : 1, 1);
    size_t *index = malloc((list->count ? list->count : 1) * sizeof(*index));
    int status = EXIT_CLEAN;
    if (!fixes || !applied || !gone || !index) goto oom;
    for (size_t s = 0; s < r->source_count; s++) {
        const lint_source_t *source = &r->sources[s];
        size_t n = 0;
        for (size_t i = 0; i < list->count; i++) {
            candidate_t *c = list->items[i];
            if (c->fix && c->fix->verified && !c->dismissed && strcmp(c->path, source->path) == 0) {
                fixes[n] = c->fix;
                index[n++] = i;
            }
        }
        if (n == 0) continue;
        fix_apply_t patch;
        if (fix_apply_text(&patch, source->source->text, source->source->length, fixes, n, applied, err,
                           sizeof(err)) != 0) {
            fix_apply_destroy(&patch);
            goto oom;
        }
        size_t took = 0;
        for (size_t k = 0; k < n; k++) took += applied[k];
        int rc = 0;
        if (took > 0 && o->fix_dry_run) {
            char *diff;
            size_t diff_length;
            if (fix_diff_unified(&diff, &diff_length, source->path, source->source->text, source->source->length,
                                 &patch.patch) != 0) {
                fix_apply_destroy(&patch);
                goto oom;
            }
            if (fwrite(diff, 1, diff_length, stdout) != diff_length) rc = -2;
            free(diff);
        } else if (took > 0) {
            const char *fs_path = fs_path_of(&run->found, source->path);
            rc = fs_path ? fix_apply_write(fs_path, source->path, source->source->text, source->source->length,
                                           patch.patch.text, patch.patch.length, err, sizeof(err))
                         : -1;
            if (!fs_path) snprintf(err, sizeof(err), "%s: not a file on disk; not fixed", source->path);
            if (rc != 0) {
                fprintf(stderr, "%s\n", err);
                failed++;
            }
        }
        fix_apply_destroy(&patch);
        if (rc == -2) {
            fprintf(stderr, "assay: cannot write the diff to standard output: %s\n", strerror(errno));
            status = EXIT_USAGE;
            goto done;
        }
        if (took == 0 || rc != 0) continue;
        files++;
        fixed += took;
        if (o->fix)
            for (size_t k = 0; k < n; k++) gone[index[k]] = applied[k];
    }
    if (o->fix) {
        size_t kept = 0;
        for (size_t i = 0; i < list->count; i++) {
            if (gone[i]) candidate_free(list->items[i]);
            else list->items[kept++] = list->items[i];
        }
        list->count = kept;
    }
    if (!o->quiet || failed)
        fprintf(stderr, "assay: %s %zu finding%s in %zu file%s%s\n", o->fix ? "fixed" : "would fix", fixed,
                fixed == 1 ? "" : "s", files, files == 1 ? "" : "s",
                failed ? "; some files could not be written (see above)" : "");
    goto done;
oom:
    fprintf(stderr, "assay: out of memory\n");
    status = EXIT_USAGE;
done:
    free(fixes);
    free(applied);
    free(gone);
    free(index);
    return status;
}

/* The part both commands share: options parsed, everything else here. */
static int run_lint(const cli_options_t *o, lint_mode_t mode, const char *baseline_out)
{
    run_t run = {0};
    lint_result_init(&run.result);
    char err[1024] = "";
    int status = check_model(o);
    if (status != EXIT_CLEAN) return status;
    if ((status = load_rules(&run, o)) != EXIT_CLEAN) goto done;
    if ((status = load_reviewer(&run, o)) != EXIT_CLEAN) goto done;
    config_policy_t policy; /* workflow: what .assay.yml says per path (root set below) */
    workflow_policy(&policy, o, NULL);
    if (config_policy_apply_rules(&policy, run.pack, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: %s\n", err);
        status = EXIT_USAGE;
        goto done;
    }
    if (o->baseline_path && baseline_load(&run.baseline, o->baseline_path, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: %s\n", err);
        status = EXIT_USAGE;
        goto done;
    }
    /* open the report before the scan: an unwritable -o fails in a second, not a minute */
    if (mode == MODE_LINT && o->output_path &&
        atomic_file_open(&run.output, o->output_path, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: %s\n", err);
        status = EXIT_USAGE;
        goto done;
    }

    clang_options_t clang = {.compile_commands = o->compile_commands};
    lint_run_options_t run_options = {.pack = run.pack, .jobs = o->jobs,
                                      .clang = o->no_clang ? NULL : &clang};
    if (o->stdin_filename) {
        if ((status = lint_stdin(&run, o, o->no_clang ? NULL : &clang)) != EXIT_CLEAN) goto done;
    } else if (o->staged || o->diff_rev) { /* workflow: changed files and lines only */
        if (workflow_lint_changes(&run.result, &run.found, o, run.pack, o->no_clang ? NULL : &clang, err,
                                  sizeof(err)) != 0) {
            fprintf(stderr, "assay: %s\n", err);
            status = EXIT_USAGE;
            goto done;
        }
    } else {
        discover_options_t discover = {
            .extensions = (const char *const *)o->extensions,
            .extension_count = o->extension_count,
            .root = o->root,
            .no_git = o->no_git,
        };
        if (discover_run(&run.found, o->paths, o->path_count, &discover, err, sizeof(err)) != 0) {
            fprintf(stderr, "assay: %s\n", err);
            status = EXIT_USAGE;
            goto done;
        }
        policy.root = run.found.root;
        workflow_exclude_files(&policy, &run.found); /* workflow: .assay.yml exclude */
        clang.repo_root = run.found.root;
        /* the cache hashes the headers of the whole tree, before a shard keeps its piece */
        run.cache = run_options.cache = cli_cache_open(o, run.pack, run_options.clang, &run.found, NULL);
        if (o->shard_count && shard_select(&run.found, o->shard_index, o->shard_count) != 0) {
            fprintf(stderr, "assay: out of memory\n");
            status = EXIT_USAGE;
            goto done;
        }
        for (size_t i = 0; i < run.found.notice_count; i++) {
            if (lint_result_add_notice(&run.result, run.found.notices[i].display_path,
                                       run.found.notices[i].message) != 0) {
                fprintf(stderr, "assay: out of memory\n");
                status = EXIT_USAGE;
                goto done;
            }
        }
        if (lint_run(&run.result, run.found.files, run.found.file_count, &run_options, err,
                     sizeof(err)) != 0) {
            fprintf(stderr, "assay: %s\n", err);
            status = EXIT_USAGE;
            goto done;
        }
    }
    for (size_t i = 0; i < run.result.notice_count; i++)
        fprintf(stderr, "%s: %s\n", run.result.notices[i].path, run.result.notices[i].message);
    print_partial(o, &run.result);
    if (merge_notices(&run) != 0) {
        fprintf(stderr, "assay: out of memory\n");
        status = EXIT_USAGE;
        goto done;
    }
    /* the review comes before --min-certainty: a low finding the model confirms stays */
    review_stats_t review_stats = {0};
    if (run.reviewer) {
        reviewer_use_clang(run.reviewer, run_options.clang); /* definitions for the context */
        bool progress = !o->quiet && isatty(STDERR_FILENO);
        if (review_run(run.reviewer, &run.result, progress ? print_review_progress : NULL, NULL, &review_stats, err,
                       sizeof(err)) != 0) {
            fprintf(stderr, "assay: model review: %s\n", err);
            status = EXIT_USAGE;
            goto done;
        }
    }
    policy.root = run.found.root; /* workflow: rules and certainty per path (.assay.yml) */
    config_policy_filter(&policy, &run.result.candidates);
    size_t uncertain = candidate_list_drop_below(&run.result.candidates, o->min_certainty);
    if (uncertain && (o->verbose || o->stats) && !o->quiet)
        fprintf(stderr,
                "assay: %zu candidate%s of certainty below %s not reported (--min-certainty=low shows "
                "every candidate)\n",
                uncertain, uncertain == 1 ? "" : "s", certainty_name(o->min_certainty));
    size_t baselined = baseline_filter(run.baseline, &run.result.candidates);
    /* findings triaged false-alarm in the tree's audit store (audit/audit_triage.h) */
    size_t triaged = 0;
    char *audit_db = run.found.root ? audit_triage_default_db(run.found.root) : NULL;
    if (audit_db && audit_triage_filter(audit_db, &run.result.candidates, &triaged, err, sizeof(err)) != 0 &&
        !o->quiet)
        fprintf(stderr, "assay: %s; its triage is not applied\n", err);
    if (triaged && (o->verbose || o->stats) && !o->quiet)
        fprintf(stderr, "assay: %zu finding%s triaged false-alarm in %s not reported\n", triaged,
                triaged == 1 ? "" : "s", audit_db);
    free(audit_db);
    /* nothing is offered as a fix until the analyzer has re-checked it */
    fix_run_stats_t fix_stats = {0};
    if (mode == MODE_LINT) {
        lint_context_t context = {.pack = run.pack, .clang = run_options.clang, .repo_root = run.found.root,
                                  .cache = run.cache};
        if (fix_run_verify(&run.result, &context, o->jobs, &fix_stats, err, sizeof(err)) != 0) {
            fprintf(stderr, "assay: fix verification: %s\n", err);
            status = EXIT_USAGE;
            goto done;
        }
        if (run.reviewer && review_verify_drafts(&run.result, &context, &review_stats, err, sizeof(err)) != 0) {
            fprintf(stderr, "assay: verifying the model's fixes: %s\n", err);
            status = EXIT_USAGE;
            goto done;
        }
        if ((o->fix || o->fix_dry_run) && (status = apply_fixes(&run, o)) != EXIT_CLEAN) goto done;
    }

    if (mode == MODE_BASELINE_WRITE) {
        if (baseline_write(baseline_out, &run.result.candidates, ASSAY_VERSION, err,
                           sizeof(err)) != 0) {
            fprintf(stderr, "assay: %s\n", err);
            status = EXIT_USAGE;
            goto done;
        }
        if (!o->quiet)
            fprintf(stderr, "assay: wrote %zu finding%s to %s\n", run.result.candidates.count,
                    run.result.candidates.count == 1 ? "" : "s", baseline_out);
    } else if (!o->fix_dry_run || run.output) { /* the dry run's stdout is the diff */
        report_options_t report = {
            .rules = run.pack,
            .tool_version = ASSAY_VERSION,
            .repo_root = run.found.root,
            .color = use_color(o),
            .source_line = lint_result_source_line,
            .source_ctx = &run.result,
            .notices = run.all_notices,
            .notice_count = run.all_notice_count,
            .model_name = run.reviewer ? reviewer_model_name(run.reviewer) : NULL,
            .model_sha256 = run.reviewer ? reviewer_model_sha256(run.reviewer) : NULL,
            .show_dismissed = o->show_dismissed,
        };
        git_provenance_t vcs; /* workflow: SARIF versionControlProvenance */
        workflow_provenance(&vcs, o, run.found.root);
        report.vcs_repository_uri = vcs.repository_uri;
        report.vcs_revision_id = vcs.revision_id;
        report.vcs_branch = vcs.branch;
        /* notices already went to stderr; gcc-style output on a terminal would repeat them
         * right below, so that format carries them only into a file (-o) */
        if (o->format == REPORT_GCC && !run.output) {
            report.notices = NULL;
            report.notice_count = 0;
        }
        FILE *out = run.output ? atomic_file_stream(run.output) : stdout;
        int written = report_write(out, o->format, &run.result.candidates, &report, err, sizeof(err));
        git_provenance_destroy(&vcs);
        if (written != 0) {
            if (run.output) /* name the file: "-o FILE" may be a device that failed */
                fprintf(stderr, "assay: %s: cannot write the %s report: %s\n", o->output_path,
                        report_format_name(o->format), err);
            else
                fprintf(stderr, "assay: cannot write the %s report: %s\n",
                        report_format_name(o->format), err);
            status = EXIT_USAGE;
            goto done;
        }
        if (run.output) {
            atomic_file_t *output = run.output;
            run.output = NULL; /* commit frees it, success or not */
            if (atomic_file_commit(output, err, sizeof(err)) != 0) {
                fprintf(stderr, "assay: %s\n", err);
                status = EXIT_USAGE;
                goto done;
            }
        } else if (fflush(stdout) != 0) {
            fprintf(stderr, "assay: cannot write the report to standard output: %m\n");
            status = EXIT_USAGE;
            goto done;
        }
    }
    if (o->stats) {
        print_stats(&run.result, baselined, run.result.candidates.count);
        if (run.cache) {
            lint_cache_stats_t cs;
            lint_cache_stats(run.cache, &cs);
            fprintf(stderr, "assay: results cache: %zu of %zu files and %zu of %zu fix verdicts reused\n", cs.hits,
                    cs.hits + cs.misses, cs.fix_hits, cs.fix_hits + cs.fix_misses);
        }
        /* (after --fix, "reported" counts what remains) */
        if (mode == MODE_LINT)
            fprintf(stderr, "assay: fixes: %zu verified, %zu rejected in %.3f s on %d thread%s\n",
                    fix_stats.verified, fix_stats.rejected, fix_stats.seconds, fix_stats.threads,
                    fix_stats.threads == 1 ? "" : "s");
        if (run.reviewer) print_review_stats(run.reviewer, &review_stats);
    }

    if (run.found.file_count == 0 && !o->stdin_filename) {
        if (!o->quiet && run.result.notice_count == 0 && !o->staged && !o->diff_rev)
            fprintf(stderr, "assay: no files to lint (looked for %s)\n",
                    o->extension_count ? "the --ext extensions" : "*.c and *.h");
        status = run.result.notice_count > 0 ? EXIT_USAGE : EXIT_CLEAN;
        goto done;
    }
    if (run.result.stats.files_read == 0) {
        fprintf(stderr, "assay: none of the %zu file%s could be read\n", run.found.file_count,
                run.found.file_count == 1 ? "" : "s");
        status = EXIT_USAGE;
        goto done;
    }
    status = EXIT_CLEAN;
    /* workflow: each finding against its path's --fail-on (.assay.yml may set it per folder) */
    if (mode == MODE_LINT && workflow_fails(&policy, &run.result.candidates)) status = EXIT_FINDINGS;
done:
    run_destroy(&run);
    return status;
}

int cmd_lint_main(int argc, char **argv)
{
    cli_options_t o;
    char err[512] = "";
    if (cli_options_parse(&o, argc, argv, 1, getenv("ASSAY_MODEL"), err, sizeof(err)) != 0) {
        cli_options_destroy(&o);
        return usage_error(err);
    }
    int status;
    config_t *config = NULL; /* workflow: .assay.yml */
    if (o.show_help) {
        fputs(cli_options_help(), stdout);
        status = EXIT_CLEAN;
    } else if (o.show_version) {
        printf("assay %s\n", ASSAY_VERSION);
        status = EXIT_CLEAN;
    } else if (workflow_setup(&o, &config, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: %s\n", err);
        status = EXIT_USAGE;
    } else if (o.list_rules || o.explain_rule) {
        status = o.list_rules ? cmd_rules_list(&o) : cmd_rules_explain(&o);
    } else {
        status = run_lint(&o, MODE_LINT, NULL);
    }
    config_free(config);
    cli_options_destroy(&o);
    return status;
}

static const char baseline_help[] =
    "usage: assay baseline write FILE [options] [paths...]\n\n"
    "Lints like `assay` and records every finding's fingerprint in FILE (JSON).\n"
    "Later runs with --baseline FILE report only findings not in it.\n"
    "Options are those of assay (see assay --help), before or after the paths.\n";

/* What is wrong with the positional arguments of `baseline` (write FILE [paths...]) and
 * the options that do not apply to it, or NULL. */
static const char *baseline_problem(const cli_options_t *o)
{
    if (o->path_count < 1 || strcmp(o->paths[0], "write") != 0)
        return "baseline: expected 'assay baseline write FILE [options] [paths...]'";
    if (o->path_count < 2 || o->paths[1][0] == '\0')
        return "baseline write: expected the baseline FILE to write";
    if (o->output_path) return "baseline write: -o does not apply (the baseline FILE is the output)";
    if (o->baseline_path)
        return "baseline write: --baseline does not apply (it records every finding)";
    if (o->fix || o->fix_dry_run) return "baseline write: --fix and --fix-dry-run do not apply";
    return NULL;
}

int cmd_baseline_main(int argc, char **argv)
{
    cli_options_t o;
    char err[512] = "";
    if (cli_options_parse(&o, argc, argv, 1, getenv("ASSAY_MODEL"), err, sizeof(err)) != 0) {
        cli_options_destroy(&o);
        return cli_args_usage_error("assay baseline", err);
    }
    const char *problem = baseline_problem(&o);
    int status;
    if (o.show_help) {
        fputs(baseline_help, stdout);
        status = EXIT_CLEAN;
    } else if (o.show_version) {
        printf("assay %s\n", ASSAY_VERSION);
        status = EXIT_CLEAN;
    } else if (problem) {
        status = cli_args_usage_error("assay baseline", problem);
    } else {
        const char *file = o.paths[1];
        o.path_count -= 2; /* the rest are the paths to lint */
        memmove(o.paths, o.paths + 2, o.path_count * sizeof(*o.paths));
        config_t *config = NULL; /* workflow: .assay.yml */
        if (workflow_setup(&o, &config, err, sizeof(err)) != 0) {
            fprintf(stderr, "assay: %s\n", err);
            status = EXIT_USAGE;
        } else {
            status = run_lint(&o, MODE_BASELINE_WRITE, file);
        }
        config_free(config);
    }
    cli_options_destroy(&o);
    return status;
}
