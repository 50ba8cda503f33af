/* fuzz_baseline.c — libFuzzer harness: the baseline reader (analyzer/suppress/baseline.h)
 * on any text.
 *
 * An accepted baseline filters a list of candidates whose fingerprints are the first few
 * 32-hex-digit runs found in the input (so matches happen) plus one that matches nothing;
 * it may remove no more candidates than it holds entries. Nothing is printed; everything
 * is freed. */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/suppress/baseline.h"
#include "core/candidate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int push(candidate_list_t *list, const char *fingerprint)
{
    candidate_t *c = candidate_new();
    if (!c) return -1;
    c->rule_id = strdup("c.fuzz");
    c->path = strdup("src/fuzz.c");
    memcpy(c->fingerprint, fingerprint, 32);
    c->fingerprint[32] = '\0';
    return candidate_list_push(list, c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    baseline_t *baseline = NULL;
    char err[512];
    if (baseline_parse(&baseline, "fuzz-baseline.json", (const char *)data, size, err, sizeof err) != 0)
        return 0;
    candidate_list_t list;
    candidate_list_init(&list);
    size_t run = 0;
    for (size_t i = 0; i < size && list.count < 4; i++) {
        run = isxdigit(data[i]) ? run + 1 : 0;
        if (run == 32) {
            (void)push(&list, (const char *)data + i - 31);
            run = 0;
        }
    }
    (void)push(&list, "0123456789abcdef0123456789abcdeX");
    size_t before = list.count;
    size_t removed = baseline_filter(baseline, &list);
    if (removed > baseline_count(baseline) || list.count + removed != before) abort();
    candidate_list_destroy(&list);
    baseline_free(baseline);
    return 0;
}
