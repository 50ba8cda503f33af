/* tensor_type.c — the table of GGML element types and their block sizes (tensor_type.h). */
#include "slm/tensor_type.h"

#include <strings.h>

/* Block layouts from the GGML format definitions (QK4_0 = 32, QK_K = 256, ...). */
static const tensor_type_info_t infos[TENSOR_TYPE_LIMIT] = {
    [TENSOR_F32] = {"F32", 1, 4, true},
    [TENSOR_F16] = {"F16", 1, 2, true},
    [TENSOR_Q4_0] = {"Q4_0", 32, 2 + 16, true},
    [TENSOR_Q4_1] = {"Q4_1", 32, 2 + 2 + 16, true},
    [TENSOR_Q5_0] = {"Q5_0", 32, 2 + 4 + 16, true},
    [TENSOR_Q5_1] = {"Q5_1", 32, 2 + 2 + 4 + 16, true},
    [TENSOR_Q8_0] = {"Q8_0", 32, 2 + 32, true},
    [TENSOR_Q8_1] = {"Q8_1", 32, 4 + 32, false},
    [TENSOR_Q2_K] = {"Q2_K", 256, 16 + 64 + 2 + 2, false},
    [TENSOR_Q3_K] = {"Q3_K", 256, 32 + 64 + 12 + 2, false},
    [TENSOR_Q4_K] = {"Q4_K", 256, 2 + 2 + 12 + 128, true},
    [TENSOR_Q5_K] = {"Q5_K", 256, 2 + 2 + 12 + 32 + 128, true},
    [TENSOR_Q6_K] = {"Q6_K", 256, 128 + 64 + 16 + 2, true},
    [TENSOR_Q8_K] = {"Q8_K", 256, 4 + 256 + 32, false},
    [TENSOR_I8] = {"I8", 1, 1, false},
    [TENSOR_I16] = {"I16", 1, 2, false},
    [TENSOR_I32] = {"I32", 1, 4, false},
    [TENSOR_I64] = {"I64", 1, 8, false},
    [TENSOR_F64] = {"F64", 1, 8, false},
    [TENSOR_BF16] = {"BF16", 1, 2, true},
};

const tensor_type_info_t *tensor_type_info(uint32_t type)
{
    if (type >= TENSOR_TYPE_LIMIT || infos[type].name == NULL) return NULL;
    return &infos[type];
}

uint64_t tensor_type_row_bytes(uint32_t type, uint64_t n, bool *ok)
{
    const tensor_type_info_t *info = tensor_type_info(type);
    *ok = false;
    if (!info || n % info->block_size != 0) return 0;
    uint64_t blocks = n / info->block_size;
    if (blocks > UINT64_MAX / info->block_bytes) return 0;
    *ok = true;
    return blocks * info->block_bytes;
}

int tensor_type_parse(const char *name, tensor_type_t *out)
{
    for (uint32_t t = 0; t < TENSOR_TYPE_LIMIT; t++) {
        if (infos[t].name && strcasecmp(infos[t].name, name) == 0) {
            *out = (tensor_type_t)t;
            return 0;
        }
    }
    return -1;
}
