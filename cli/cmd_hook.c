/* cmd_hook.c — `assay install-hook [--force]`: a git pre-commit hook that runs
 * `assay --staged`, so a commit whose staged C changes add findings is stopped.
 *
 * The hook goes where git looks for hooks: `git rev-parse --git-path hooks`, which honours
 * core.hooksPath. It is a two-line shell script that runs this very binary (its absolute
 * path) with --staged, marked by a comment line so a later run knows it as assay's:
 * installing again rewrites it (idempotent: same text, same file), while a hook someone
 * else wrote is left alone unless --force, which keeps it as pre-commit.assay-backup. The
 * file is written atomically (core/atomic_file.h) and made executable. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer/lint/discover.h"
#include "cli/cli_args.h"
#include "cli/cli_options.h"
#include "cli/commands.h"
#include "core/atomic_file.h"

#define HOOK_MARKER "# assay pre-commit hook"

enum { EXIT_CLEAN = 0, EXIT_USAGE = 2 };
enum { OPT_FORCE, OPT_QUIET, OPT_HELP };

static const cli_arg_spec_t hook_specs[] = {
    {"force", 0, false, OPT_FORCE},
    {"quiet", 'q', false, OPT_QUIET},
    {"help", 'h', false, OPT_HELP},
};

static const char hook_help[] =
    "usage: assay install-hook [--force] [-q]\n\n"
    "Installs a git pre-commit hook that runs `assay --staged`: the staged C changes are\n"
    "linted before each commit, and findings on the lines they add stop the commit\n"
    "(`git commit --no-verify` skips it). The hook goes to git's hooks folder (core.hooksPath\n"
    "when set). Installing again updates assay's hook; a hook of your own is left alone\n"
    "unless --force, which keeps it as pre-commit.assay-backup.\n"
    "Settings come from .assay.yml (assay --help, \"Configuration\").\n";

/* The whole text of a small file, or NULL (errno set) when it cannot be read. */
static char *read_small(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *text = calloc(1, 65537);
    size_t got = text ? fread(text, 1, 65536, f) : 0;
    fclose(f);
    if (text) text[got] = '\0';
    return text;
}

/* The hook's text for the binary at exe (quoted for sh). */
static char *hook_text(const char *exe)
{
    size_t size = strlen(exe) * 4 + 512;
    char *text = malloc(size), *quoted = malloc(strlen(exe) * 4 + 3);
    if (!text || !quoted) {
        free(text);
        free(quoted);
        return NULL;
    }
    char *q = quoted;
    *q++ = '\'';
    for (const char *c = exe; *c; c++) {
        if (*c == '\'') {
            memcpy(q, "'\\''", 4);
            q += 4;
        } else {
            *q++ = *c;
        }
    }
    *q++ = '\'';
    *q = '\0';
    snprintf(text, size,
             "#!/bin/sh\n" HOOK_MARKER " (written by `assay install-hook`): lints the staged C changes;\n"
             "# findings on the lines they add stop the commit. Skip once: git commit --no-verify.\n"
             "exec %s --staged\n",
             quoted);
    free(quoted);
    return text;
}

static int install(bool force, bool quiet)
{
    char *argv[] = {"git", "rev-parse", "--path-format=absolute", "--git-path", "hooks", NULL};
    char *dir;
    size_t length;
    if (discover_run_capture(argv, &dir, &length) != 0 || !dir || length == 0) {
        free(dir);
        fprintf(stderr, "assay: install-hook: not inside a git repository (or git is not installed)\n");
        return EXIT_USAGE;
    }
    while (length && (dir[length - 1] == '\n' || dir[length - 1] == '\r')) dir[--length] = '\0';
    int status = EXIT_USAGE;
    char *exe = realpath("/proc/self/exe", NULL), *text = NULL, *old = NULL;
    size_t path_size = length + 64;
    char *path = malloc(path_size), *backup = malloc(path_size);
    if (!exe || !path || !backup || !(text = hook_text(exe))) {
        fprintf(stderr, "assay: install-hook: %s\n", exe ? "out of memory" : "cannot find the assay binary");
        goto done;
    }
    snprintf(path, path_size, "%s/pre-commit", dir);
    snprintf(backup, path_size, "%s/pre-commit.assay-backup", dir);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "assay: install-hook: %s: %s\n", dir, strerror(errno));
        goto done;
    }
    old = read_small(path);
    if (!old && errno != ENOENT) {
        fprintf(stderr, "assay: install-hook: %s: %s\n", path, strerror(errno));
        goto done;
    }
    bool ours = old && strstr(old, HOOK_MARKER) != NULL;
    if (old && ours && strcmp(old, text) == 0) {
        if (!quiet) fprintf(stderr, "assay: the pre-commit hook is already installed: %s\n", path);
        status = EXIT_CLEAN;
        goto done;
    }
    if (old && !ours) {
        if (!force) {
            fprintf(stderr,
                    "assay: install-hook: %s exists and is not assay's hook; left alone (--force replaces "
                    "it, keeping it as %s)\n",
                    path, backup);
            goto done;
        }
        if (rename(path, backup) != 0) {
            fprintf(stderr, "assay: install-hook: cannot keep the old hook as %s: %s\n", backup, strerror(errno));
            goto done;
        }
    }
    char err[1200];
    atomic_file_t *file;
    if (atomic_file_open(&file, path, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: install-hook: %s\n", err);
        goto done;
    }
    fputs(text, atomic_file_stream(file));
    if (atomic_file_commit(file, err, sizeof(err)) != 0) {
        fprintf(stderr, "assay: install-hook: %s\n", err);
        goto done;
    }
    if (chmod(path, 0755) != 0) {
        fprintf(stderr, "assay: install-hook: %s: cannot make it executable: %s\n", path, strerror(errno));
        goto done;
    }
    if (!quiet)
        fprintf(stderr, "assay: %s the pre-commit hook %s%s%s\n", old ? (ours ? "updated" : "replaced") : "installed",
                path, old && !ours ? "; the old one is " : "", old && !ours ? backup : "");
    status = EXIT_CLEAN;
done:
    free(old);
    free(text);
    free(exe);
    free(path);
    free(backup);
    free(dir);
    return status;
}

int cmd_hook_main(int argc, char **argv)
{
    cli_args_t args;
    char err[256];
    bool force = false, quiet = false, help = false;
    if (cli_args_begin(&args, hook_specs, sizeof(hook_specs) / sizeof(*hook_specs), argc, argv, 1, err,
                       sizeof(err)) != 0)
        return cli_args_usage_error("assay install-hook", err);
    cli_arg_t arg;
    int more;
    while ((more = cli_args_next(&args, &arg, err, sizeof(err))) == 1) {
        if (arg.id == CLI_ARG_POSITIONAL) {
            char message[300];
            snprintf(message, sizeof(message), "install-hook: unexpected argument '%s'", arg.value);
            return cli_args_usage_error("assay install-hook", message);
        }
        if (arg.id == OPT_FORCE) force = true;
        else if (arg.id == OPT_QUIET) quiet = true;
        else help = true;
    }
    if (more < 0) return cli_args_usage_error("assay install-hook", err);
    if (help) {
        fputs(hook_help, stdout);
        return EXIT_CLEAN;
    }
    return install(force, quiet);
}
