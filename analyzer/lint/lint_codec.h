/* lint_codec.h — one file's lint result as a self-checking byte string, and back.
 *
 * The results cache (lint_cache.h) stores what linting a file produced so that a later
 * run can skip the analysis. The encoding is private to assay and versioned: a magic
 * word, the format version, the fields of lint_file_result_t (without the text itself)
 * and every candidate field (rule id, path, range, message, severity, certainty, CWE,
 * snippet, facts, fix, flow, fingerprints, review), closed by a 64-bit hash of all that
 * precedes it. Decoding checks every length against the buffer and the hash at the end,
 * so a truncated, corrupted or foreign value is refused (-1), never half-trusted.
 * Candidates keep their order, so a decoded result sorts exactly as the original did. */
#ifndef ASSAY_LINT_CODEC_H
#define ASSAY_LINT_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "analyzer/lint/lint_buffer.h"
#include "core/rule.h"

/* A growable byte buffer; owns data (free it with free()). */
typedef struct {
    unsigned char *data;
    size_t length, capacity;
    int failed; /* out of memory happened: the content is incomplete */
} lint_codec_buffer_t;

/* Appends the encoding of result (its source text is not included) and partly_parsed
 * (whether the libclang pass parsed the file only partly) to buffer, which must be zeroed
 * or hold earlier output. 0, or -1 on out of memory. */
int lint_codec_encode(lint_codec_buffer_t *buffer, const lint_file_result_t *result, int partly_parsed);

/* Decodes data[0..length) into out (initialised, empty); rules are looked up by id in pack
 * (a candidate whose rule the pack does not hold gets rule NULL). out->source stays NULL:
 * the caller attaches the text. 0, or -1 when the bytes are not a valid encoding (out is
 * then emptied) or memory ran out. */
int lint_codec_decode(lint_file_result_t *out, int *partly_parsed, const void *data, size_t length,
                      const rule_pack_t *pack);

#endif
