/* fix_run.h — verify every drafted fix of a lint run, on all cores.
 *
 * After a run, each candidate that carries a fix gets the verifier's verdict
 * (fix_verify.h) recorded on it: fix->verified, or fix->rejected_reason. Work is spread as
 * lint_run spreads files: one verifier per thread, the files holding fixes taken from a
 * shared counter, each file's fixes verified by the thread that took it (so the original is
 * analysed once per file). Each thread writes only the fixes of its own files, so the
 * verdicts do not depend on scheduling. */
#ifndef ASSAY_FIX_RUN_H
#define ASSAY_FIX_RUN_H

#include <stddef.h>

#include "analyzer/lint/lint_buffer.h"
#include "analyzer/lint/lint_run.h"

typedef struct {
    size_t verified;   /* fixes accepted */
    size_t rejected;   /* fixes rejected (a reason is on each) */
    double seconds;    /* wall time of the verification */
    int threads;
} fix_run_stats_t;

/* Verifies the fixes of result->candidates against the texts result keeps for them
 * (result->sources), with ctx (the context of the run). jobs <= 0: every core. stats may
 * be NULL. 0, or -1 with err set (out of memory, a verifier that cannot be created). */
int fix_run_verify(lint_result_t *result, const lint_context_t *ctx, int jobs, fix_run_stats_t *stats, char *err,
                   size_t err_size);

#endif
