/* fingerprint.c — assay fingerprints and GitHub line hashes (see fingerprint.h).
 *
 * The line hash follows codeql-action's fingerprints.ts step for step: the file is read as
 * UTF-16 code units (so UTF-8 is decoded first, invalid bytes becoming U+FFFD as Node's
 * decoder does), a window of the last 100 hashed units rolls a base-37 hash in wrapping
 * 64-bit arithmetic, and each line's hash is emitted when its first unit leaves the window.
 * A sentinel 65535 marks the end of the file, then 100 zero units flush the last lines. */
#include "analyzer/suppress/fingerprint.h"
#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* ---- the rolling line hash ----------------------------------------------------------- */

#define LINE_HASH_BLOCK 100
#define LINE_HASH_MOD 37u
#define LINE_HASH_EOF 65535u

typedef struct {
    uint16_t window[LINE_HASH_BLOCK];   /* last hashed units */
    int64_t line_numbers[LINE_HASH_BLOCK]; /* line starting at that unit, or -1 */
    uint64_t hash, first_mod;
    int index;
    uint32_t line_number;
    int line_start, prev_cr;
    uint64_t *hashes;                   /* (capacity,) hash per line, 0-based */
    uint32_t capacity;
} line_hasher_t;

static void hasher_output(line_hasher_t *h)
{
    int64_t line = h->line_numbers[h->index];
    if (line >= 1 && (uint64_t)line <= h->capacity) h->hashes[line - 1] = h->hash;
    h->line_numbers[h->index] = -1;
}

static void hasher_update(line_hasher_t *h, uint32_t current)
{
    uint32_t begin = h->window[h->index];
    h->window[h->index] = (uint16_t)current;
    h->hash = LINE_HASH_MOD * h->hash + current - h->first_mod * begin; /* mod 2^64 */
    h->index = (h->index + 1) % LINE_HASH_BLOCK;
}

static void hasher_char(line_hasher_t *h, uint32_t current)
{
    if (current == ' ' || current == '\t' || (h->prev_cr && current == '\n')) {
        h->prev_cr = 0;
        return;
    }
    if (current == '\r') {
        current = '\n';
        h->prev_cr = 1;
    } else {
        h->prev_cr = 0;
    }
    if (h->line_numbers[h->index] != -1) hasher_output(h);
    if (h->line_start) {
        h->line_start = 0;
        h->line_number++;
        h->line_numbers[h->index] = h->line_number;
    }
    if (current == '\n') h->line_start = 1;
    hasher_update(h, current);
}

/* Orders (hash, line) records by hash, then line. */
static int compare_pairs(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;
    if (x[0] != y[0]) return x[0] < y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* occurrences[i] = 1 + number of j < i with hashes[j] == hashes[i]. */
static int count_occurrences(const uint64_t *hashes, uint32_t count, uint32_t *occurrences)
{
    if (count == 0) return 0;
    uint64_t *pairs = malloc((size_t)count * 2 * sizeof(uint64_t)); /* (count, 2) */
    if (!pairs) return -1;
    for (uint32_t i = 0; i < count; i++) {
        pairs[2 * i] = hashes[i];
        pairs[2 * i + 1] = i;
    }
    qsort(pairs, count, 2 * sizeof(uint64_t), compare_pairs);
    uint32_t run = 0;
    for (uint32_t i = 0; i < count; i++) {
        run = i > 0 && pairs[2 * i] == pairs[2 * i - 2] ? run + 1 : 1;
        occurrences[pairs[2 * i + 1]] = run;
    }
    free(pairs);
    return 0;
}

int fingerprint_line_hashes(const char *source, size_t length, uint64_t **hashes_out,
                            uint32_t **occurrences_out, uint32_t *line_count)
{
    *hashes_out = NULL;
    *occurrences_out = NULL;
    *line_count = 0;
    size_t breaks = 0;
    for (size_t i = 0; i < length; i++) breaks += source[i] == '\n' || source[i] == '\r';
    if (breaks + 2 > UINT32_MAX) return -1;
    line_hasher_t *h = calloc(1, sizeof(*h));
    if (!h) return -1;
    h->capacity = (uint32_t)breaks + 2;
    h->hashes = calloc(h->capacity, sizeof(uint64_t));
    if (!h->hashes) {
        free(h);
        return -1;
    }
    h->first_mod = 1;
    for (int i = 0; i < LINE_HASH_BLOCK; i++) {
        h->first_mod *= LINE_HASH_MOD;
        h->line_numbers[i] = -1;
    }
    h->line_start = 1;

    for (size_t at = 0; at < length;) {
        uint32_t cp = utf8_next(source, length, &at);
        if (cp >= 0x10000) { /* a surrogate pair, as JavaScript strings hold it */
            cp -= 0x10000;
            hasher_char(h, 0xD800 + (cp >> 10));
            hasher_char(h, 0xDC00 + (cp & 0x3FF));
        } else {
            hasher_char(h, cp);
        }
    }
    hasher_char(h, LINE_HASH_EOF);
    for (int i = 0; i < LINE_HASH_BLOCK; i++) {
        if (h->line_numbers[h->index] != -1) hasher_output(h);
        hasher_update(h, 0);
    }

    uint32_t count = h->line_number;
    uint64_t *hashes = h->hashes;
    free(h);
    uint32_t *occurrences = calloc(count ? count : 1, sizeof(uint32_t));
    if (!occurrences || count_occurrences(hashes, count, occurrences) != 0) {
        free(occurrences);
        free(hashes);
        return -1;
    }
    *hashes_out = hashes;
    *occurrences_out = occurrences;
    *line_count = count;
    return 0;
}

void fingerprint_format_line_hash(uint64_t hash, uint32_t occurrence, char out[40])
{
    snprintf(out, 40, "%llx:%u", (unsigned long long)hash, occurrence);
}

/* ---- assay fingerprints --------------------------------------------------------------- */

/* Appends text with every run of whitespace collapsed to one space, trimmed, to buf. */
static size_t append_collapsed(char *buf, size_t at, const char *text, size_t length)
{
    int pending_space = 0;
    size_t start = at;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            pending_space = 1;
            continue;
        }
        if (pending_space && at > start) buf[at++] = ' ';
        pending_space = 0;
        buf[at++] = c;
    }
    return at;
}

typedef struct {
    XXH128_hash_t key; /* rule + path + normalised code */
    uint32_t start_byte;
    size_t item;
} fingerprint_key_t;

static int compare_keys(const void *a, const void *b)
{
    const fingerprint_key_t *x = a, *y = b;
    if (x->key.high64 != y->key.high64) return x->key.high64 < y->key.high64 ? -1 : 1;
    if (x->key.low64 != y->key.low64) return x->key.low64 < y->key.low64 ? -1 : 1;
    if (x->start_byte != y->start_byte) return x->start_byte < y->start_byte ? -1 : 1;
    return x->item < y->item ? -1 : x->item > y->item;
}

static int key_of(const candidate_t *c, const char *source, size_t length, XXH128_hash_t *key)
{
    size_t start = c->range.start_byte, end = c->range.end_byte;
    if (start > length) start = length;
    if (end > length) end = length;
    if (end < start) end = start;
    size_t line_begin = start, line_end = end;
    while (line_begin > 0 && source[line_begin - 1] != '\n') line_begin--;
    while (line_end < length && source[line_end] != '\n') line_end++;
    const char *snippet = c->snippet ? c->snippet : source + start;
    size_t snippet_length = c->snippet ? strlen(c->snippet) : end - start;
    const char *rule = c->rule_id ? c->rule_id : "";
    const char *path = c->path ? c->path : "";
    size_t rule_length = strlen(rule), path_length = strlen(path);
    size_t size = rule_length + path_length + snippet_length + (line_end - line_begin) + 4;
    char *buf = malloc(size);
    if (!buf) return -1;
    size_t at = 0;
    memcpy(buf + at, rule, rule_length + 1);
    at += rule_length + 1;
    memcpy(buf + at, path, path_length + 1);
    at += path_length + 1;
    at = append_collapsed(buf, at, snippet, snippet_length);
    buf[at++] = '\0';
    at = append_collapsed(buf, at, source + line_begin, line_end - line_begin);
    *key = XXH3_128bits(buf, at);
    free(buf);
    return 0;
}

int fingerprint_fill(candidate_t **items, size_t count, const char *source, size_t length)
{
    if (count == 0) return 0;
    fingerprint_key_t *keys = calloc(count, sizeof(*keys));
    if (!keys) return -1;
    for (size_t i = 0; i < count; i++) {
        if (key_of(items[i], source, length, &keys[i].key) != 0) {
            free(keys);
            return -1;
        }
        keys[i].start_byte = items[i]->range.start_byte;
        keys[i].item = i;
    }
    qsort(keys, count, sizeof(*keys), compare_keys);
    uint32_t occurrence = 0;
    for (size_t i = 0; i < count; i++) {
        int same = i > 0 && keys[i].key.high64 == keys[i - 1].key.high64 &&
                   keys[i].key.low64 == keys[i - 1].key.low64;
        occurrence = same ? occurrence + 1 : 0;
        unsigned char input[20];
        XXH128_canonical_t canonical;
        XXH128_canonicalFromHash(&canonical, keys[i].key);
        memcpy(input, canonical.digest, 16);
        for (int b = 0; b < 4; b++) input[16 + b] = (unsigned char)(occurrence >> (8 * b));
        XXH128_hash_t final = XXH3_128bits(input, sizeof(input));
        snprintf(items[keys[i].item]->fingerprint, sizeof(items[0]->fingerprint),
                 "%016llx%016llx", (unsigned long long)final.high64,
                 (unsigned long long)final.low64);
    }
    free(keys);

    uint64_t *hashes;
    uint32_t *occurrences, lines;
    if (fingerprint_line_hashes(source, length, &hashes, &occurrences, &lines) != 0) return -1;
    for (size_t i = 0; i < count; i++) {
        uint32_t line = items[i]->range.start_line ? items[i]->range.start_line : 1;
        if (line <= lines)
            fingerprint_format_line_hash(hashes[line - 1], occurrences[line - 1],
                                         items[i]->line_hash);
        else
            items[i]->line_hash[0] = '\0';
    }
    free(hashes);
    free(occurrences);
    return 0;
}
