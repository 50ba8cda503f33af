/* review_sha256.h — SHA-256 (FIPS 180-4), for the model file's digest in reports.
 *
 * Reports name the model that judged a finding by its file's SHA-256, so a reader can tell
 * which weights produced a verdict. The project has no crypto library, and XXH3
 * (core/hash.h) is not a content digest others can recompute with sha256sum; this is a
 * small streaming implementation, checked against the FIPS test vectors. */
#ifndef ASSAY_REVIEW_SHA256_H
#define ASSAY_REVIEW_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t state[8];
    uint64_t length;      /* bytes fed so far */
    uint8_t block[64];    /* a partial block */
    size_t block_used;
} review_sha256_t;

void review_sha256_init(review_sha256_t *ctx);
void review_sha256_update(review_sha256_t *ctx, const void *data, size_t length);
/* Writes the digest as 64 lowercase hex digits and a NUL into hex[65]. */
void review_sha256_final(review_sha256_t *ctx, char hex[65]);

/* The digest of the file at path into hex[65]. 0, or -1 with a message naming the file. */
int review_sha256_file(const char *path, char hex[65], char *err, size_t err_size);

#endif
