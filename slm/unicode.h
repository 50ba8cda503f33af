/* unicode.h — the few UTF-8 and byte-level helpers the tokenizers need (decoding and
 * encoding UTF-8 is core/utf8.h).
 *
 * Byte-level BPE (GPT-2 and its descendants) writes every byte of the text as one printable
 * unicode character: bytes that are printable Latin-1 map to themselves, the other 68
 * bytes (controls, space, 0x7F-0xA0, 0xAD) to U+0100.. in byte order. So ' ' is 'Ġ'
 * (U+0120) and '\n' is 'Ċ' (U+010A). */
#ifndef ASSAY_SLM_UNICODE_H
#define ASSAY_SLM_UNICODE_H

#include <stddef.h>
#include <stdint.h>

/* Length of the UTF-8 sequence announced by its first byte, as llama.cpp counts it
 * (continuation or invalid lead bytes count 1), clipped to the bytes left. */
size_t unicode_utf8_char_len(const char *s, size_t left);
/* Byte-level BPE: the character a byte is written as. */
uint32_t unicode_byte_to_codepoint(uint8_t byte);
/* Byte-level BPE: the byte a character stands for, or -1 when cp is not one of the 256. */
int unicode_codepoint_to_byte(uint32_t cp);

#endif
