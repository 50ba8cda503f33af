/* lint_codec.c — encoding of one file's lint result (see lint_codec.h).
 *
 * Numbers are little-endian u32/u64; a string is a u32 length (0xffffffff for NULL) and
 * its bytes. The reader never trusts a length: every read checks what is left, and the
 * trailing hash is checked before anything is read. */
#include "analyzer/lint/lint_codec.h"

#include <stdlib.h>
#include <string.h>

#include "core/hash.h"

#define CODEC_MAGIC 0x31434c41u /* "ALC1" */
#define CODEC_VERSION 1u
#define CODEC_NULL 0xffffffffu

/* ---- writing ----------------------------------------------------------------------------- */

static void put_bytes(lint_codec_buffer_t *b, const void *data, size_t n)
{
    if (b->failed) return;
    if (b->length + n > b->capacity) {
        size_t cap = b->capacity ? b->capacity : 256;
        while (cap < b->length + n) cap *= 2;
        unsigned char *grown = realloc(b->data, cap);
        if (!grown) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->capacity = cap;
    }
    memcpy(b->data + b->length, data, n);
    b->length += n;
}

static void put_u32(lint_codec_buffer_t *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    put_bytes(b, x, 4);
}

static void put_u64(lint_codec_buffer_t *b, uint64_t v)
{
    put_u32(b, (uint32_t)v);
    put_u32(b, (uint32_t)(v >> 32));
}

static void put_str(lint_codec_buffer_t *b, const char *s)
{
    if (!s) {
        put_u32(b, CODEC_NULL);
        return;
    }
    size_t n = strlen(s);
    put_u32(b, (uint32_t)n);
    put_bytes(b, s, n);
}

static void put_range(lint_codec_buffer_t *b, const source_range_t *r)
{
    put_u32(b, r->start_byte);
    put_u32(b, r->end_byte);
    put_u32(b, r->start_line);
    put_u32(b, r->start_col);
    put_u32(b, r->end_line);
    put_u32(b, r->end_col);
}

static void put_candidate(lint_codec_buffer_t *b, const candidate_t *c)
{
    put_str(b, c->rule_id);
    put_str(b, c->path);
    put_range(b, &c->range);
    put_str(b, c->message);
    put_u32(b, (uint32_t)c->severity);
    put_u32(b, (uint32_t)c->certainty);
    put_u32(b, (uint32_t)c->cwe);
    put_str(b, c->snippet);
    put_u32(b, (uint32_t)c->fact_count);
    for (size_t i = 0; i < c->fact_count; i++) {
        put_str(b, c->facts[i].name);
        put_str(b, c->facts[i].value);
    }
    put_u32(b, c->fix != NULL);
    if (c->fix) {
        put_str(b, c->fix->description);
        put_u32(b, c->fix->may_change_meaning);
        put_u32(b, c->fix->verified);
        put_str(b, c->fix->rejected_reason);
        put_u32(b, (uint32_t)c->fix->edit_count);
        for (size_t i = 0; i < c->fix->edit_count; i++) {
            put_range(b, &c->fix->edits[i].range);
            put_str(b, c->fix->edits[i].replacement);
        }
    }
    put_u32(b, (uint32_t)c->flow_count);
    for (size_t i = 0; i < c->flow_count; i++) {
        put_range(b, &c->flow[i].range);
        put_str(b, c->flow[i].message);
    }
    put_str(b, c->fingerprint);
    put_str(b, c->line_hash);
    put_u32(b, (uint32_t)c->verdict);
    put_u32(b, (uint32_t)c->confidence);
    put_str(b, c->review_reason);
}

int lint_codec_encode(lint_codec_buffer_t *b, const lint_file_result_t *r, int partly_parsed)
{
    size_t start = b->length;
    put_u32(b, CODEC_MAGIC);
    put_u32(b, CODEC_VERSION);
    put_u32(b, r->read);
    put_u32(b, r->lines);
    put_u64(b, r->bytes);
    put_u64(b, r->findings);
    put_u64(b, r->suppressed);
    put_u64(b, r->below_certainty);
    put_u32(b, partly_parsed != 0);
    put_str(b, r->notice);
    put_str(b, r->partial);
    put_u32(b, (uint32_t)r->candidates.count);
    for (size_t i = 0; i < r->candidates.count; i++) put_candidate(b, r->candidates.items[i]);
    if (!b->failed) put_u64(b, hash_bytes(b->data + start, b->length - start));
    return b->failed ? -1 : 0;
}

/* ---- reading ----------------------------------------------------------------------------- */

typedef struct {
    const unsigned char *at, *end;
    int bad;   /* the bytes are not a valid encoding */
    int oom;
} reader_t;

static uint32_t get_u32(reader_t *r)
{
    if (r->bad || r->end - r->at < 4) {
        r->bad = 1;
        return 0;
    }
    uint32_t v = (uint32_t)r->at[0] | (uint32_t)r->at[1] << 8 | (uint32_t)r->at[2] << 16 |
                 (uint32_t)r->at[3] << 24;
    r->at += 4;
    return v;
}

static uint64_t get_u64(reader_t *r)
{
    uint64_t lo = get_u32(r);
    return lo | (uint64_t)get_u32(r) << 32;
}

/* A newly allocated string, or NULL (for an encoded NULL, or with bad/oom set). */
static char *get_str(reader_t *r)
{
    uint32_t n = get_u32(r);
    if (r->bad || n == CODEC_NULL) return NULL;
    if ((size_t)(r->end - r->at) < n || memchr(r->at, '\0', n)) {
        r->bad = 1;
        return NULL;
    }
    char *s = malloc((size_t)n + 1);
    if (!s) {
        r->oom = 1;
        r->bad = 1;
        return NULL;
    }
    memcpy(s, r->at, n);
    s[n] = '\0';
    r->at += n;
    return s;
}

/* A count of items of at least min_bytes each that the rest of the buffer can hold. */
static uint32_t get_count(reader_t *r, size_t min_bytes)
{
    uint32_t n = get_u32(r);
    if (!r->bad && (size_t)(r->end - r->at) / min_bytes < n) r->bad = 1;
    return r->bad ? 0 : n;
}

static void get_range(reader_t *r, source_range_t *out)
{
    out->start_byte = get_u32(r);
    out->end_byte = get_u32(r);
    out->start_line = get_u32(r);
    out->start_col = get_u32(r);
    out->end_line = get_u32(r);
    out->end_col = get_u32(r);
}

/* Copies a string of at most size-1 bytes into a fixed array. */
static void get_fixed(reader_t *r, char *out, size_t size)
{
    char *s = get_str(r);
    if (s && strlen(s) >= size) r->bad = 1;
    if (s && !r->bad) memcpy(out, s, strlen(s) + 1);
    free(s);
}

static candidate_t *get_candidate(reader_t *r, const rule_pack_t *pack)
{
    candidate_t *c = candidate_new();
    if (!c) {
        r->oom = r->bad = 1;
        return NULL;
    }
    c->rule_id = get_str(r);
    c->rule = c->rule_id && pack ? rule_pack_find(pack, c->rule_id) : NULL;
    c->path = get_str(r);
    get_range(r, &c->range);
    c->message = get_str(r);
    c->severity = (severity_t)get_u32(r);
    c->certainty = (certainty_t)get_u32(r);
    c->cwe = (int)get_u32(r);
    c->snippet = get_str(r);
    uint32_t facts = get_count(r, 8);
    for (uint32_t i = 0; i < facts && !r->bad; i++) {
        char *name = get_str(r), *value = get_str(r);
        if (!r->bad && candidate_add_fact(c, name ? name : "", value ? value : "") != 0) r->oom = r->bad = 1;
        free(name);
        free(value);
    }
    if (get_u32(r)) {
        char *description = get_str(r);
        bool may_change = get_u32(r) != 0;
        bool verified = get_u32(r) != 0;
        char *reason = get_str(r);
        if (!r->bad && !(c->fix = fix_new(description ? description : "", may_change))) r->oom = r->bad = 1;
        if (!r->bad && (verified || reason) && fix_set_verdict(c->fix, verified, reason) != 0)
            r->oom = r->bad = 1;
        free(description);
        free(reason);
        uint32_t edits = get_count(r, 28);
        for (uint32_t i = 0; i < edits && !r->bad; i++) {
            source_range_t range;
            get_range(r, &range);
            char *replacement = get_str(r);
            if (!r->bad && fix_add_edit(c->fix, range, replacement ? replacement : "") != 0) r->oom = r->bad = 1;
            free(replacement);
        }
    }
    uint32_t steps = get_count(r, 28);
    for (uint32_t i = 0; i < steps && !r->bad; i++) {
        source_range_t range;
        get_range(r, &range);
        char *message = get_str(r);
        if (!r->bad && candidate_add_flow(c, range, message ? message : "") != 0) r->oom = r->bad = 1;
        free(message);
    }
    get_fixed(r, c->fingerprint, sizeof(c->fingerprint));
    get_fixed(r, c->line_hash, sizeof(c->line_hash));
    c->verdict = (review_verdict_t)get_u32(r);
    c->confidence = (int)get_u32(r);
    c->review_reason = get_str(r);
    if (r->bad) {
        candidate_free(c);
        return NULL;
    }
    return c;
}

int lint_codec_decode(lint_file_result_t *out, int *partly_parsed, const void *data, size_t length,
                      const rule_pack_t *pack)
{
    const unsigned char *bytes = data;
    if (!data || length < 8 + 8) return -1;
    reader_t tail = {bytes + length - 8, bytes + length, 0, 0};
    if (get_u64(&tail) != hash_bytes(bytes, length - 8)) return -1;
    reader_t r = {bytes, bytes + length - 8, 0, 0};
    if (get_u32(&r) != CODEC_MAGIC || get_u32(&r) != CODEC_VERSION) return -1;
    out->read = get_u32(&r) != 0;
    out->lines = get_u32(&r);
    out->bytes = (size_t)get_u64(&r);
    out->findings = (size_t)get_u64(&r);
    out->suppressed = (size_t)get_u64(&r);
    out->below_certainty = (size_t)get_u64(&r);
    *partly_parsed = get_u32(&r) != 0;
    out->notice = get_str(&r);
    out->partial = get_str(&r);
    uint32_t count = get_count(&r, 16);
    for (uint32_t i = 0; i < count && !r.bad; i++) {
        candidate_t *c = get_candidate(&r, pack);
        if (c && candidate_list_push(&out->candidates, c) != 0) r.oom = r.bad = 1;
    }
    if (!r.bad && r.at != r.end) r.bad = 1; /* trailing bytes: not ours */
    if (r.bad) {
        lint_file_result_destroy(out);
        return -1;
    }
    return 0;
}
