/* cmd_audit.c — `assay audit [DIR]`, `assay audit triage FP --as STATE`, `assay audit report`.
 *
 * An audit analyses the tree DIR (default .) on all cores into the audit store
 * ROOT/.assay/audit.db (audit/audit_db.h; ROOT as a lint run picks it), drawing a
 * progress bar on stderr (files done, findings so far, lines/s, ETA; on a terminal one
 * redrawn line, elsewhere a plain line every $ASSAY_PROGRESS_SECONDS, default 10).
 * Killed at any moment it keeps every file it finished; --resume goes on with that audit;
 * any later audit analyses only what changed. `triage` records a person's verdict by
 * fingerprint; `report` writes the HTML report.
 *
 * The lint options (--rules, --enable/--disable, -p, --no-clang, -j, --ext, --root,
 * --no-cache, -q) apply to audits too; the audit's own (--resume, --db FILE, --as STATE,
 * --note TEXT, --who NAME) are taken out of argv before those are read. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyzer/lint/discover.h"
#include "analyzer/lint/lint_cache.h"
#include "analyzer/lint/lint_run.h"
#include "analyzer/lint/shard.h"
#include "analyzer/rules/rule_pack.h"
#include "audit/audit_db.h"
#include "audit/audit_report.h"
#include "audit/audit_run.h"
#include "audit/audit_triage.h"
#include "cli/cli_args.h"
#include "cli/cli_cache.h"
#include "cli/cli_options.h"
#include "cli/commands.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

static const char audit_help[] =
    "usage: assay audit [DIR] [--resume] [--db FILE] [options]\n"
    "       assay audit triage FINGERPRINT --as new|confirmed|false-alarm [--note TEXT] [--who NAME] [DIR]\n"
    "       assay audit report [DIR] [-o FILE] [--db FILE]\n"
    "\n"
    "Audits the tree DIR (default .) on all cores and stores files, findings (every\n"
    "certainty), fixes and triage in ROOT/.assay/audit.db (SQLite; ROOT is --root, else the\n"
    "git top level holding DIR, else DIR, as for assay itself). Each file is stored as\n"
    "soon as it is done: an audit stopped by Ctrl-C or kill loses nothing it stored;\n"
    "--resume goes on with it. A later audit analyses only the files whose content,\n"
    "compile command, rule pack, analyzer or model changed; findings gone from them are\n"
    "marked fixed. Plain `assay` runs in the tree do not report findings triaged\n"
    "false-alarm.\n"
    "\n"
    "  --resume            go on with the last audit that did not finish\n"
    "  --db FILE           the audit store (default ROOT/.assay/audit.db)\n"
    "  --as STATE          triage: new, confirmed or false-alarm (fixed is set by audits)\n"
    "  --note TEXT         triage: why\n"
    "  --who NAME          triage: who decides (default: the login name)\n"
    "  -o FILE             report: the HTML file (default ROOT/.assay/report.html)\n"
    "\n"
    "The options of assay apply too: --rules, --enable, --disable, -p, --no-clang, -j,\n"
    "--ext, --no-cache, -q (no progress bar), --shard I/N (this machine's piece; join the\n"
    "pieces' stores with assay merge -o ALL.db PIECE.db...); see assay --help.\n";

typedef struct {
    bool resume;
    const char *db, *as, *note, *who;
} audit_args_t;

/* Takes the audit's own options out of argv (in place; *argc shrinks). -1 with err. */
static int take_audit_args(int *argc, char **argv, audit_args_t *a, char *err, size_t err_size)
{
    static const char *const valued[] = {"--db", "--as", "--note", "--who"};
    const char **slots[] = {&a->db, &a->as, &a->note, &a->who};
    int out = 1;
    bool options_end = false;
    for (int i = 1; i < *argc; i++) {
        const char *arg = argv[i];
        if (!options_end && strcmp(arg, "--") == 0) options_end = true;
        if (options_end) {
            argv[out++] = argv[i];
            continue;
        }
        if (strcmp(arg, "--resume") == 0) {
            a->resume = true;
            continue;
        }
        bool taken = false;
        for (size_t k = 0; k < 4 && !taken; k++) {
            size_t n = strlen(valued[k]);
            if (strncmp(arg, valued[k], n) != 0) continue;
            if (arg[n] == '=') {
                *slots[k] = arg + n + 1;
                taken = true;
            } else if (arg[n] == '\0') {
                if (i + 1 >= *argc) {
                    snprintf(err, err_size, "option '%s' needs a value", valued[k]);
                    return -1;
                }
                *slots[k] = argv[++i];
                taken = true;
            }
        }
        if (!taken) argv[out++] = argv[i];
    }
    argv[out] = NULL;
    *argc = out;
    return 0;
}

/* ---- progress ------------------------------------------------------------------------------ */

typedef struct {
    bool tty;
    double interval; /* seconds between plain lines */
    double last;     /* when the last line was drawn */
    bool drawn;      /* a bar is on the terminal line */
} progress_bar_t;

static void format_eta(char *out, size_t size, double seconds)
{
    if (!(seconds >= 0) || seconds > 360000) {
        snprintf(out, size, "--:--");
        return;
    }
    long s = lround(seconds);
    if (s >= 3600) snprintf(out, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else snprintf(out, size, "%ld:%02ld", s / 60, s % 60);
}

static void progress_draw(void *ctx, const audit_progress_t *p)
{
    progress_bar_t *bar = ctx;
    bool last = p->files_done == p->files_todo;
    if (!last && p->seconds - bar->last < (bar->tty ? 0.1 : bar->interval) && p->files_done > 0) return;
    if (!bar->tty && p->files_done == 0) return; /* plain lines: only once there is news */
    bar->last = p->seconds;
    double rate = p->seconds > 0 ? (double)p->lines_done / p->seconds : 0;
    char eta[32];
    format_eta(eta, sizeof(eta), rate > 0 ? (double)(p->lines_todo - p->lines_done) / rate : -1);
    if (bar->tty) {
        enum { WIDTH = 24 };
        int filled = p->files_todo ? (int)(WIDTH * p->files_done / p->files_todo) : WIDTH;
        char cells[WIDTH + 1];
        for (int i = 0; i < WIDTH; i++) cells[i] = i < filled ? '#' : '.';
        cells[WIDTH] = '\0';
        fprintf(stderr, "\r[%s] %zu/%zu files, %zu findings, %.0f lines/s, ETA %s\033[K", cells, p->files_done,
                p->files_todo, p->findings, rate, eta);
        bar->drawn = true;
        if (last) {
            fputc('\n', stderr);
            bar->drawn = false;
        }
    } else {
        fprintf(stderr, "assay: audit: %zu/%zu files, %zu findings, %.0f lines/s, ETA %s\n", p->files_done,
                p->files_todo, p->findings, rate, eta);
    }
    fflush(stderr);
}

/* ---- the commands ---------------------------------------------------------------------------- */

static int usage_error(const char *message)
{
    return cli_args_usage_error("assay audit", message);
}

/* The tree's root, as a lint run in it picks it (so paths and fingerprints agree, and lint
 * finds the store): --root, else the git top level of DIR, else DIR itself; absolute,
 * newly allocated. */
static char *tree_root(const cli_options_t *o, const char *dir)
{
    char *real = realpath(o->root ? o->root : dir, NULL);
    if (!real) {
        fprintf(stderr, "assay: %s: %s\n", o->root ? o->root : dir, strerror(errno));
        return NULL;
    }
    if (o->root || o->no_git) return real;
    char *top = discover_git_toplevel(real);
    if (!top) return real;
    free(real);
    return top;
}

static char *db_path_for(const audit_args_t *a, const char *root)
{
    return a->db ? strdup(a->db) : audit_triage_default_db(root);
}

static int run_audit(const cli_options_t *o, const audit_args_t *a, const char *dir)
{
    char err[1200] = "";
    int status = EXIT_USAGE;
    rule_pack_t *pack = NULL;
    discover_result_t found = {0};
    audit_db_t *db = NULL;
    lint_cache_t *cache = NULL;
    lint_result_t lint;
    lint_result_init(&lint);
    char *root = tree_root(o, dir), *db_path = NULL;
    if (!root) goto done;
    if (!(db_path = db_path_for(a, root))) goto oom;
    const char *rules_dir = o->rules_dir ? o->rules_dir : rule_pack_default_dir();
    if (!rules_dir || rule_pack_load_dir(&pack, rules_dir, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: %s\n", err[0] ? err : "cannot find the rules folder; pass --rules DIR");
        goto done;
    }
    for (size_t i = 0; i < o->toggle_count; i++)
        if (rule_pack_set_enabled(pack, o->toggles[i].pattern, o->toggles[i].enable) < 0) {
            snprintf(err, sizeof(err), "--%s %s: no rule matches", o->toggles[i].enable ? "enable" : "disable",
                     o->toggles[i].pattern);
            status = usage_error(err);
            goto done;
        }
    discover_options_t discover = {.extensions = (const char *const *)o->extensions,
                                   .extension_count = o->extension_count, .root = root, .no_git = o->no_git};
    const char *paths[] = {dir};
    if (discover_run(&found, paths, 1, &discover, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: %s\n", err);
        goto done;
    }
    clang_options_t clang = {.compile_commands = o->compile_commands, .repo_root = found.root};
    const clang_options_t *clang_on = o->no_clang ? NULL : &clang;
    cache = cli_cache_open(o, pack, clang_on, &found, NULL);
    /* the keys still come from a cache: without one, one in memory */
    if (!cache && !(cache = cli_cache_open_private(pack, clang_on, &found, NULL))) goto oom;
    /* --shard I/N: this machine's piece (after the cache hashed every header) */
    if (o->shard_count && shard_select(&found, o->shard_index, o->shard_count) != 0) goto oom;
    if (audit_db_open(&db, db_path, false, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: %s\n", err);
        goto done;
    }
    const char *interval = getenv("ASSAY_PROGRESS_SECONDS");
    progress_bar_t bar = {.tty = isatty(STDERR_FILENO) != 0, .interval = interval ? atof(interval) : 10.0};
    audit_run_options_t options = {.pack = pack, .clang = clang_on, .jobs = o->jobs, .cache = cache,
                                   .resume = a->resume, .root = found.root,
                                   .progress = o->quiet ? NULL : progress_draw, .progress_ctx = &bar};
    audit_run_result_t result;
    int rc = audit_run(db, &found, &options, &lint, &result, err, sizeof(err));
    if (bar.drawn) fputc('\n', stderr);
    for (size_t i = 0; i < found.notice_count; i++)
        fprintf(stderr, "%s: %s\n", found.notices[i].display_path, found.notices[i].message);
    for (size_t i = 0; i < lint.notice_count; i++)
        fprintf(stderr, "%s: %s\n", lint.notices[i].path, lint.notices[i].message);
    if (rc != 0) {
        fprintf(stderr, "assay: audit: %s\n", err);
        goto done;
    }
    if (lint.stats.partly_parsed && !o->quiet)
        fprintf(stderr,
                "assay: libclang could not fully parse %zu of the %zu files analysed%s; their findings that rest on "
                "it are low certainty\n",
                lint.stats.partly_parsed, result.progress.files_todo,
                o->compile_commands ? "" : " (no compile_commands.json: pass -p BUILD_DIR)");
    const audit_progress_t *p = &result.progress;
    if (!o->quiet) {
        if (a->resume && !result.resumed) fprintf(stderr, "assay: no unfinished audit to resume; started a new one\n");
        fprintf(stderr,
                "assay: audit #%lld%s of %s: %zu files (%zu analysed, %zu unchanged), %llu lines analysed in %.1f s "
                "(%.0f lines/s); fixes: %zu verified, %zu rejected\n",
                (long long)result.audit_id, result.resumed ? " (resumed)" : "", found.root, p->files_total,
                p->files_todo, p->files_unchanged, (unsigned long long)p->lines_done, p->seconds,
                p->seconds > 0 ? (double)p->lines_done / p->seconds : 0.0, result.fixes_verified,
                result.fixes_rejected);
        fprintf(stderr,
                "assay: findings (every certainty): %zu open (%zu confirmed), %zu false alarms, %zu fixed; "
                "stored in %s\n",
                result.counts.open, result.counts.confirmed, result.counts.false_alarms, result.counts.fixed, db_path);
    }
    status = EXIT_CLEAN;
    goto done;
oom:
    fprintf(stderr, "assay: out of memory\n");
    status = EXIT_USAGE;
done:
    lint_result_destroy(&lint);
    lint_cache_close(cache);
    audit_db_close(db);
    discover_result_destroy(&found);
    rule_pack_free(pack);
    free(root);
    free(db_path);
    return status;
}

static const char *login_name(void)
{
    const char *user = getenv("USER");
    if (user && *user) return user;
    struct passwd *pw = getpwuid(getuid());
    return pw ? pw->pw_name : "unknown";
}

static int run_triage(const cli_options_t *o, const audit_args_t *a)
{
    if (o->path_count < 2) return usage_error("audit triage: expected a FINGERPRINT");
    if (o->path_count > 3) return usage_error("audit triage: expected FINGERPRINT [DIR]");
    if (!a->as) return usage_error("audit triage: --as STATE is required (new, confirmed, false-alarm)");
    audit_state_t state;
    if (audit_state_parse(a->as, &state) != 0 || state == AUDIT_STATE_FIXED)
        return usage_error("audit triage: --as wants new, confirmed or false-alarm");
    char *root = tree_root(o, o->path_count == 3 ? o->paths[2] : ".");
    if (!root) return EXIT_USAGE;
    char *db_path = db_path_for(a, root);
    char err[1200] = "";
    audit_db_t *db = NULL;
    size_t matched = 0;
    int status = EXIT_USAGE;
    if (!db_path) fprintf(stderr, "assay: out of memory\n");
    else if (access(db_path, F_OK) != 0)
        fprintf(stderr, "assay: %s: no audit store (run assay audit first)\n", db_path);
    else if (audit_db_open(&db, db_path, false, err, sizeof(err)) != 0 ||
             audit_db_triage(db, o->paths[1], state, a->note, a->who ? a->who : login_name(), &matched, err,
                             sizeof(err)) != 0)
        fprintf(stderr, "assay: %s\n", err);
    else {
        if (!o->quiet)
            fprintf(stderr, "assay: %s: %zu finding%s marked %s\n", o->paths[1], matched, matched == 1 ? "" : "s",
                    audit_state_name(state));
        status = EXIT_CLEAN;
    }
    audit_db_close(db);
    free(db_path);
    free(root);
    return status;
}

static int run_report(const cli_options_t *o, const audit_args_t *a)
{
    if (o->path_count > 2) return usage_error("audit report: expected [DIR]");
    char *root = tree_root(o, o->path_count == 2 ? o->paths[1] : ".");
    if (!root) return EXIT_USAGE;
    char *db_path = db_path_for(a, root), *out = NULL;
    char err[1200] = "";
    audit_db_t *db = NULL;
    int status = EXIT_USAGE;
    if (!db_path || (!o->output_path && asprintf(&out, "%s/.assay/report.html", root) < 0)) {
        fprintf(stderr, "assay: out of memory\n");
        goto done;
    }
    const char *target = o->output_path ? o->output_path : out;
    if (audit_db_open(&db, db_path, true, err, sizeof(err)) != 0 ||
        audit_report_write(db, target, root, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: %s\n", err);
        goto done;
    }
    if (!o->quiet) fprintf(stderr, "assay: wrote the audit report to %s\n", target);
    status = EXIT_CLEAN;
done:
    audit_db_close(db);
    free(out);
    free(db_path);
    free(root);
    return status;
}

int cmd_audit_main(int argc, char **argv)
{
    audit_args_t a = {0};
    char err[512] = "";
    char **args = malloc(((size_t)argc + 1) * sizeof(*args));
    if (!args) {
        fprintf(stderr, "assay: out of memory\n");
        return EXIT_USAGE;
    }
    memcpy(args, argv, (size_t)argc * sizeof(*args));
    args[argc] = NULL;
    int n = argc;
    if (take_audit_args(&n, args, &a, err, sizeof(err)) != 0) {
        free(args);
        return usage_error(err);
    }
    cli_options_t o;
    int status;
    if (cli_options_parse(&o, n, args, 1, NULL, err, sizeof(err)) != 0) {
        status = usage_error(err);
    } else if (o.show_help) {
        fputs(audit_help, stdout);
        status = EXIT_CLEAN;
    } else if (o.show_version) {
        printf("assay %s\n", ASSAY_VERSION);
        status = EXIT_CLEAN;
    } else if (o.path_count >= 1 && strcmp(o.paths[0], "triage") == 0) {
        status = run_triage(&o, &a);
    } else if (o.path_count >= 1 && strcmp(o.paths[0], "report") == 0) {
        status = run_report(&o, &a);
    } else if (a.as || a.note || a.who) {
        status = usage_error("--as, --note and --who belong to 'assay audit triage'");
    } else if (o.path_count > 1) {
        status = usage_error("audit: expected one DIR");
    } else {
        status = run_audit(&o, &a, o.path_count ? o.paths[0] : ".");
    }
    cli_options_destroy(&o);
    free(args);
    return status;
}
