/* fuzz_lint.c — libFuzzer harness: the whole static pass on one text in memory
 * (analyzer/lint/lint_buffer.h): the tree-sitter scan, the libclang pass (parse, AST
 * mirror, checks, the path walk), merging, fingerprints and suppression comments.
 *
 * The rule pack comes from rules/ in the current folder (or ASSAY_FUZZ_RULES); the text is
 * linted as "fuzz.c" in an empty temporary folder that serves as the repository root (so
 * the include guessing has nothing to walk), with one lint worker kept for the process.
 * libclang is slow: run this harness with a -timeout (tests/fuzz/run.sh gives it one).
 * Nothing is printed; each input's result is freed. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "analyzer/lint/lint_buffer.h"
#include "analyzer/rules/rule_pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

typedef struct {
    rule_pack_t *pack;
    clang_options_t clang;
    lint_context_t ctx;
    lint_worker_t *worker;
    char root[64];
} fixture_t;

static fixture_t fx;

static void remove_root(void)
{
    rmdir(fx.root);
}

static lint_worker_t *the_worker(void)
{
    if (fx.worker) return fx.worker;
    const char *dir = getenv("ASSAY_FUZZ_RULES");
    char err[512];
    if (rule_pack_load_dir(&fx.pack, dir ? dir : "rules", err, sizeof err) != 0) abort();
    snprintf(fx.root, sizeof fx.root, "/tmp/assay-fuzz-lint-XXXXXX");
    if (!mkdtemp(fx.root)) abort();
    atexit(remove_root);
    fx.clang = (clang_options_t){.repo_root = fx.root};
    fx.ctx = (lint_context_t){.pack = fx.pack, .clang = &fx.clang, .min_certainty = CERTAINTY_UNSET,
                              .repo_root = fx.root};
    if (lint_worker_new(&fx.worker, &fx.ctx, err, sizeof err) != 0) abort();
    return fx.worker;
}

/* Builds the fixture before the first input, so its cost (loading and compiling the
 * rule pack, the grammars) does not count against an input's -timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    (void)the_worker();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lint_worker_t *worker = the_worker();
    lint_file_result_t result;
    lint_file_result_init(&result);
    char err[512];
    (void)lint_worker_buffer(worker, &result, "fuzz.c", (const char *)data, size, err, sizeof err);
    lint_file_result_destroy(&result);
    return 0;
}
