/* hash.c — XXH3 behind the core's hash API (see hash.h). */
#include "core/hash.h"

#include <stdbool.h>
#include <string.h>
#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>

uint64_t hash_bytes(const void *data, size_t length)
{
    return XXH3_64bits(data, length);
}

uint64_t hash_string(const char *text)
{
    return XXH3_64bits(text, strlen(text));
}

uint64_t hash_text_ignoring_space(const char *text)
{
    XXH3_state_t state;
    XXH3_64bits_reset(&state);
    const char *run = text;
    for (const char *t = text;; t++) {
        bool end = *t == '\0';
        if (end || *t == ' ' || *t == '\t' || *t == '\n') {
            if (t > run) XXH3_64bits_update(&state, run, (size_t)(t - run));
            if (end) break;
            run = t + 1;
        }
    }
    uint64_t h = XXH3_64bits_digest(&state);
    return h ? h : 1;
}
