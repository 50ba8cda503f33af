/* unicode.c — UTF-8 character lengths as llama.cpp counts them and the GPT-2 byte <->
 * character map (unicode.h); decoding and encoding are core/utf8.h. */
#include "slm/unicode.h"

size_t unicode_utf8_char_len(const char *s, size_t left)
{
    static const uint8_t by_high_nibble[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
    if (left == 0) return 0;
    size_t n = by_high_nibble[(uint8_t)s[0] >> 4];
    return n < left ? n : left;
}

static int byte_is_printable(unsigned b)
{
    return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

uint32_t unicode_byte_to_codepoint(uint8_t byte)
{
    if (byte_is_printable(byte)) return byte;
    /* the n-th non-printable byte (in byte order) becomes U+0100 + n */
    uint32_t n = 0;
    for (unsigned b = 0; b < byte; b++) n += !byte_is_printable(b);
    return 0x100 + n;
}

int unicode_codepoint_to_byte(uint32_t cp)
{
    if (cp < 0x100) return byte_is_printable(cp) ? (int)cp : -1;
    if (cp >= 0x100 + 68) return -1;
    uint32_t n = cp - 0x100;
    for (unsigned b = 0; b < 256; b++) {
        if (byte_is_printable(b)) continue;
        if (n-- == 0) return (int)b;
    }
    return -1;
}
