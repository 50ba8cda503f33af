/* hash.h — the one hash function of assay's hash tables: XXH3 (libxxhash), 64 bits.
 *
 * Every room that keeps a hash table of names or texts hashes with these, so there is one
 * well-tested, fast function instead of a copy per file. Not for identities that must
 * stay stable across releases (fingerprints have their own definition in
 * analyzer/suppress/fingerprint.h). */
#ifndef ASSAY_HASH_H
#define ASSAY_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The hash of length bytes at data. */
uint64_t hash_bytes(const void *data, size_t length);

/* The hash of a NUL-terminated string (its bytes without the NUL). */
uint64_t hash_string(const char *text);

/* The hash of text with every space, tab and newline left out, so that two spellings of
 * one expression that differ only in white space hash alike. Never 0. */
uint64_t hash_text_ignoring_space(const char *text);

#endif
