/* tensor_type.h — the GGML tensor element types assay knows, with their block layout.
 *
 * Values are the type ids stored in GGUF files (ggml's enum). Quantized types store
 * `block_size` elements in `block_bytes` bytes; plain types have block_size 1. The GGUF
 * reader uses this table to check tensor sizes; the kernels (slm/quant.h) implement them. */
#ifndef ASSAY_SLM_TENSOR_TYPE_H
#define ASSAY_SLM_TENSOR_TYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    TENSOR_F32 = 0,
    TENSOR_F16 = 1,
    TENSOR_Q4_0 = 2,
    TENSOR_Q4_1 = 3,
    TENSOR_Q5_0 = 6,
    TENSOR_Q5_1 = 7,
    TENSOR_Q8_0 = 8,
    TENSOR_Q8_1 = 9,
    TENSOR_Q2_K = 10,
    TENSOR_Q3_K = 11,
    TENSOR_Q4_K = 12,
    TENSOR_Q5_K = 13,
    TENSOR_Q6_K = 14,
    TENSOR_Q8_K = 15,
    TENSOR_I8 = 24,
    TENSOR_I16 = 25,
    TENSOR_I32 = 26,
    TENSOR_I64 = 27,
    TENSOR_F64 = 28,
    TENSOR_BF16 = 30,
    TENSOR_TYPE_LIMIT = 64, /* ids at or above this are rejected */
} tensor_type_t;

typedef struct {
    const char *name;    /* "Q4_K" */
    uint32_t block_size; /* elements per block */
    uint32_t block_bytes;/* bytes per block */
    bool supported;      /* assay can compute with it (else: load refused, named) */
} tensor_type_info_t;

/* Returns the layout of a type id, or NULL for an id assay does not know. */
const tensor_type_info_t *tensor_type_info(uint32_t type);
/* Bytes needed for n elements (n a multiple of block_size); 0 and *ok=false on overflow
 * or a bad multiple. */
uint64_t tensor_type_row_bytes(uint32_t type, uint64_t n, bool *ok);
/* Parses "Q4_K", "q8_0", "f16" ...; -1 when unknown. */
int tensor_type_parse(const char *name, tensor_type_t *out);

#endif
