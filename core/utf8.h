/* utf8.h — the one UTF-8 decoder (and encoder) of assay, shared by the tokenizers, the
 * grammar matcher, the reporters and the fingerprints.
 *
 * The decoder is a byte-at-a-time state machine with the WHATWG Encoding Standard's
 * checks: a lead byte announces 1..3 continuation bytes, and overlong forms, surrogates
 * and values past U+10FFFF are rejected as early as the second byte tells (E0 needs
 * A0..BF next, ED 80..9F, F0 90..BF, F4 80..8F). Feeding bytes one at a time serves the
 * grammar matcher, which sees a character split across tokens; utf8_decode reads one
 * whole character; utf8_next is the WHATWG decoder (U+FFFD for each maximal invalid
 * subpart). Header-only: the matcher calls it per byte in its hottest loop. */
#ifndef ASSAY_UTF8_H
#define ASSAY_UTF8_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t value;
    int remaining; /* continuation bytes still missing; 0 = between characters */
} utf8_state_t;

/* Feeds one byte. Returns 1 when a code point completed (*code_point set), 0 when more
 * bytes are needed, -1 when the byte cannot continue (or start) a well-formed character;
 * the state is then unchanged, so the caller may treat the byte as the start of the next. */
static inline int utf8_feed(utf8_state_t *state, uint8_t byte, uint32_t *code_point)
{
    if (state->remaining == 0) {
        if (byte < 0x80) { *code_point = byte; return 1; }
        if (byte >= 0xC2 && byte <= 0xDF) { state->value = byte & 0x1F; state->remaining = 1; return 0; }
        if (byte >= 0xE0 && byte <= 0xEF) { state->value = byte & 0x0F; state->remaining = 2; return 0; }
        if (byte >= 0xF0 && byte <= 0xF4) { state->value = byte & 0x07; state->remaining = 3; return 0; }
        return -1;
    }
    if ((byte & 0xC0) != 0x80) return -1;
    uint32_t v = (state->value << 6) | (byte & 0x3F);
    int remaining = state->remaining - 1;
    if (remaining == 1 && v < 0x20) return -1;                 /* E0 80..9F: overlong */
    if (remaining == 1 && v >= 0x360 && v < 0x380) return -1;  /* ED A0..BF: surrogate */
    if (remaining == 2 && v < 0x10) return -1;                 /* F0 80..8F: overlong */
    if (remaining == 2 && v >= 0x110) return -1;               /* F4 90..: > U+10FFFF */
    state->remaining = remaining;
    if (remaining == 0) { *code_point = v; state->value = 0; return 1; }
    state->value = v;
    return 0;
}

/* Decodes one well-formed character at text (length bytes left): returns its length and
 * sets *code_point, or returns 0 (and leaves *code_point alone) for an invalid or
 * truncated sequence or length 0. */
static inline size_t utf8_decode(const char *text, size_t length, uint32_t *code_point)
{
    utf8_state_t state = {0, 0};
    for (size_t i = 0; i < length && i < 4; i++) {
        int r = utf8_feed(&state, (uint8_t)text[i], code_point);
        if (r < 0) return 0;
        if (r > 0) return i + 1;
    }
    return 0;
}

/* The WHATWG decoder: the code point at text[*at] (advancing *at past it), or U+FFFD for
 * a maximal invalid subpart (advancing past it: the byte that broke a sequence starts
 * the next call). *at must be < length. */
static inline uint32_t utf8_next(const char *text, size_t length, size_t *at)
{
    utf8_state_t state = {0, 0};
    uint32_t code_point = 0xFFFD;
    size_t i = *at;
    while (i < length) {
        int r = utf8_feed(&state, (uint8_t)text[i], &code_point);
        if (r < 0) {
            if (state.remaining == 0) i++; /* a bad lead byte is the subpart itself */
            *at = i;
            return 0xFFFD;
        }
        i++;
        if (r > 0) { *at = i; return code_point; }
    }
    *at = i; /* truncated at the end of the text */
    return 0xFFFD;
}

/* Encodes code_point (<= U+10FFFF) into out (room for 4 bytes); returns the length. */
static inline size_t utf8_encode(uint32_t code_point, char *out)
{
    uint8_t *o = (uint8_t *)out;
    if (code_point < 0x80) { o[0] = (uint8_t)code_point; return 1; }
    if (code_point < 0x800) {
        o[0] = (uint8_t)(0xC0 | (code_point >> 6));
        o[1] = (uint8_t)(0x80 | (code_point & 0x3F));
        return 2;
    }
    if (code_point < 0x10000) {
        o[0] = (uint8_t)(0xE0 | (code_point >> 12));
        o[1] = (uint8_t)(0x80 | ((code_point >> 6) & 0x3F));
        o[2] = (uint8_t)(0x80 | (code_point & 0x3F));
        return 3;
    }
    o[0] = (uint8_t)(0xF0 | (code_point >> 18));
    o[1] = (uint8_t)(0x80 | ((code_point >> 12) & 0x3F));
    o[2] = (uint8_t)(0x80 | ((code_point >> 6) & 0x3F));
    o[3] = (uint8_t)(0x80 | (code_point & 0x3F));
    return 4;
}

#endif
