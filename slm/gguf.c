/* gguf.c — GGUF reader: maps a file read-only and validates it completely before use.
 *
 * The one idea: the file is untrusted. Every read goes through a cursor that checks the
 * bytes are there first; every count is checked against the bytes actually left (so a
 * corrupt count can never trigger a large allocation: tables grow as entries are parsed,
 * and string arrays are scanned before they are allocated); every size is computed with
 * overflow checks. Errors name the file and the field. Tensor data stays in the mapping. */
#include "slm/gguf.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slm/tensor_type.h"
#include "core/hash.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the GGUF reader assumes a little-endian host"
#endif

#define GGUF_MAGIC "GGUF"
#define MAX_ARRAY_NESTING 8

/* ---- value type table ---------------------------------------------------------------- */

static const struct {
    const char *name;
    size_t size;
} type_table[GGUF_TYPE_COUNT] = {
    [GGUF_TYPE_UINT8] = {"uint8", 1},   [GGUF_TYPE_INT8] = {"int8", 1},
    [GGUF_TYPE_UINT16] = {"uint16", 2}, [GGUF_TYPE_INT16] = {"int16", 2},
    [GGUF_TYPE_UINT32] = {"uint32", 4}, [GGUF_TYPE_INT32] = {"int32", 4},
    [GGUF_TYPE_FLOAT32] = {"float32", 4}, [GGUF_TYPE_BOOL] = {"bool", 1},
    [GGUF_TYPE_STRING] = {"string", 0}, [GGUF_TYPE_ARRAY] = {"array", 0},
    [GGUF_TYPE_UINT64] = {"uint64", 8}, [GGUF_TYPE_INT64] = {"int64", 8},
    [GGUF_TYPE_FLOAT64] = {"float64", 8},
};

const char *gguf_type_name(gguf_type_t type)
{
    if ((unsigned)type >= GGUF_TYPE_COUNT) return "invalid";
    return type_table[type].name;
}

size_t gguf_type_size(gguf_type_t type)
{
    if ((unsigned)type >= GGUF_TYPE_COUNT) return 0;
    return type_table[type].size;
}

/* ---- the file object ----------------------------------------------------------------- */

typedef struct {
    char *key;
    gguf_type_t type;
    uint8_t raw[8];   /* scalar value, little-endian, zero-extended */
    const char *str;  /* STRING value */
    size_t str_len;
    gguf_array_t array; /* ARRAY value */
} kv_t;

/* Strings copied out of the file, NUL-terminated, in large blocks. */
typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
} arena_block_t;

struct gguf_file {
    char *path;
    const uint8_t *base;
    size_t size;
    void *map;          /* the mapping or copy to unmap on close (NULL for a memory image) */
    size_t map_bytes;
    uint32_t version;
    uint32_t alignment;
    uint64_t data_offset;

    kv_t *kvs;
    size_t n_kv, cap_kv;
    gguf_tensor_t *tensors;
    size_t n_tensors, cap_tensors;

    /* open-addressing hash tables of index + 1 (0 = empty), capacity a power of two */
    uint32_t *kv_slots;
    size_t kv_slot_cap;
    uint32_t *tensor_slots;
    size_t tensor_slot_cap;

    arena_block_t *arena;
    void **allocations; /* per-array tables (string pointers, lengths) */
    size_t n_allocations, cap_allocations;
};

typedef struct {
    gguf_file_t *f;
    size_t pos;
    char *err;
    size_t err_size;
} cursor_t;

static int fail(cursor_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(cursor_t *c, const char *fmt, ...)
{
    if (!c->err || c->err_size == 0) return GGUF_ERR_FORMAT;
    int n = snprintf(c->err, c->err_size, "%s: ", c->f->path);
    if (n < 0 || (size_t)n >= c->err_size) return GGUF_ERR_FORMAT;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err + n, c->err_size - (size_t)n, fmt, ap);
    va_end(ap);
    return GGUF_ERR_FORMAT;
}

static int fail_nomem(cursor_t *c)
{
    fail(c, "out of memory while reading the header");
    return GGUF_ERR_NOMEM;
}

static char *arena_alloc(gguf_file_t *f, size_t n)
{
    arena_block_t *b = f->arena;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        b = malloc(sizeof *b + cap);
        if (!b) return NULL;
        b->next = f->arena;
        b->used = 0;
        b->cap = cap;
        f->arena = b;
    }
    char *p = b->data + b->used;
    b->used += n;
    return p;
}

static int track(gguf_file_t *f, void *p)
{
    if (f->n_allocations == f->cap_allocations) {
        size_t cap = f->cap_allocations ? f->cap_allocations * 2 : 8;
        void **a = realloc(f->allocations, cap * sizeof *a);
        if (!a) return -1;
        f->allocations = a;
        f->cap_allocations = cap;
    }
    f->allocations[f->n_allocations++] = p;
    return 0;
}

/* ---- cursor reads -------------------------------------------------------------------- */

static size_t left(const cursor_t *c) { return c->f->size - c->pos; }

static int need(cursor_t *c, uint64_t n, const char *what, const char *field)
{
    if (n > left(c))
        return fail(c, "%s: %s truncated: needs %" PRIu64 " bytes at offset %zu, file has %zu",
                    what, field, n, c->pos, c->f->size);
    return 0;
}

static int read_bytes(cursor_t *c, void *dst, size_t n, const char *what, const char *field)
{
    int rc = need(c, n, what, field);
    if (rc) return rc;
    memcpy(dst, c->f->base + c->pos, n);
    c->pos += n;
    return 0;
}

static int read_u32(cursor_t *c, uint32_t *v, const char *what, const char *field)
{
    return read_bytes(c, v, 4, what, field);
}

static int read_u64(cursor_t *c, uint64_t *v, const char *what, const char *field)
{
    return read_bytes(c, v, 8, what, field);
}

/* Reads a length-prefixed string without copying: *p points into the mapping. */
static int read_string_view(cursor_t *c, const char **p, uint64_t *len, const char *what,
                            const char *field)
{
    int rc = read_u64(c, len, what, field);
    if (rc) return rc;
    if (*len > left(c))
        return fail(c, "%s: %s length %" PRIu64 " exceeds the %zu bytes left in the file",
                    what, field, *len, left(c));
    *p = (const char *)c->f->base + c->pos;
    c->pos += (size_t)*len;
    return 0;
}

static char *copy_string(gguf_file_t *f, const char *p, size_t len)
{
    char *s = arena_alloc(f, len + 1);
    if (!s) return NULL;
    memcpy(s, p, len);
    s[len] = '\0';
    return s;
}

/* ---- key/value parsing --------------------------------------------------------------- */

static int skip_value(cursor_t *c, gguf_type_t type, int depth, const char *what);

/* Validates an array header and its elements, filling out (except for nested arrays). */
static int parse_array(cursor_t *c, gguf_array_t *out, int depth, const char *what)
{
    uint32_t et;
    uint64_t count;
    int rc = read_u32(c, &et, what, "array element type");
    if (rc) return rc;
    if (et >= GGUF_TYPE_COUNT) return fail(c, "%s: invalid array element type %" PRIu32, what, et);
    rc = read_u64(c, &count, what, "array length");
    if (rc) return rc;
    memset(out, 0, sizeof *out);
    out->elem_type = (gguf_type_t)et;
    out->count = count;

    size_t esize = gguf_type_size(out->elem_type);
    if (esize > 0) {
        if (count > left(c) / esize)
            return fail(c, "%s: array of %" PRIu64 " %s values needs more than the %zu bytes left "
                        "in the file", what, count, gguf_type_name(out->elem_type), left(c));
        out->data = c->f->base + c->pos;
        c->pos += (size_t)(count * esize);
        if (out->elem_type == GGUF_TYPE_BOOL) {
            const uint8_t *b = out->data;
            for (uint64_t i = 0; i < count; i++)
                if (b[i] > 1) return fail(c, "%s: bool element %" PRIu64 " has value %u", what, i, b[i]);
        }
        return 0;
    }
    if (out->elem_type == GGUF_TYPE_ARRAY) {
        if (depth >= MAX_ARRAY_NESTING)
            return fail(c, "%s: arrays nested more than %d deep", what, MAX_ARRAY_NESTING);
        /* each nested array needs at least its 12-byte header */
        if (count > left(c) / 12)
            return fail(c, "%s: array of %" PRIu64 " arrays exceeds the %zu bytes left in the file",
                        what, count, left(c));
        for (uint64_t i = 0; i < count; i++) {
            rc = skip_value(c, GGUF_TYPE_ARRAY, depth + 1, what);
            if (rc) return rc;
        }
        return 0;
    }
    /* strings: scan (validating every length) before allocating anything */
    if (count > left(c) / 8)
        return fail(c, "%s: array of %" PRIu64 " strings exceeds the %zu bytes left in the file",
                    what, count, left(c));
    size_t start = c->pos;
    for (uint64_t i = 0; i < count; i++) {
        const char *p;
        uint64_t len;
        char field[48];
        snprintf(field, sizeof field, "string %" PRIu64, i);
        rc = read_string_view(c, &p, &len, what, field);
        if (rc) return rc;
    }
    size_t end = c->pos;
    size_t n_alloc = (size_t)(count ? count : 1);
    const char **strings = malloc(n_alloc * sizeof *strings);
    if (!strings || track(c->f, strings)) {
        free(strings);
        return fail_nomem(c);
    }
    size_t *lens = malloc(n_alloc * sizeof *lens);
    if (!lens || track(c->f, lens)) {
        free(lens);
        return fail_nomem(c);
    }
    /* one arena block for all the copies: total = string bytes + one NUL each */
    char *copy = arena_alloc(c->f, (end - start) - (size_t)count * 8 + (size_t)count);
    if (!copy) return fail_nomem(c);
    c->pos = start;
    for (uint64_t i = 0; i < count; i++) {
        uint64_t len;
        memcpy(&len, c->f->base + c->pos, 8);
        c->pos += 8;
        memcpy(copy, c->f->base + c->pos, (size_t)len);
        copy[len] = '\0';
        strings[i] = copy;
        lens[i] = (size_t)len;
        copy += len + 1;
        c->pos += (size_t)len;
    }
    out->strings = strings;
    out->string_lens = lens;
    return 0;
}

/* Validates a value of a nested array without keeping it. */
static int skip_value(cursor_t *c, gguf_type_t type, int depth, const char *what)
{
    if (type == GGUF_TYPE_ARRAY) {
        uint32_t et;
        uint64_t count;
        int rc = read_u32(c, &et, what, "nested array element type");
        if (rc) return rc;
        if (et >= GGUF_TYPE_COUNT)
            return fail(c, "%s: invalid nested array element type %" PRIu32, what, et);
        rc = read_u64(c, &count, what, "nested array length");
        if (rc) return rc;
        size_t esize = gguf_type_size((gguf_type_t)et);
        if (esize > 0) {
            if (count > left(c) / esize)
                return fail(c, "%s: nested array of %" PRIu64 " values exceeds the %zu bytes left",
                            what, count, left(c));
            c->pos += (size_t)(count * esize);
            return 0;
        }
        if (et == GGUF_TYPE_ARRAY && depth >= MAX_ARRAY_NESTING)
            return fail(c, "%s: arrays nested more than %d deep", what, MAX_ARRAY_NESTING);
        uint64_t min = et == GGUF_TYPE_ARRAY ? 12 : 8;
        if (count > left(c) / min)
            return fail(c, "%s: nested array of %" PRIu64 " elements exceeds the %zu bytes left",
                        what, count, left(c));
        for (uint64_t i = 0; i < count; i++) {
            rc = skip_value(c, (gguf_type_t)et, depth + 1, what);
            if (rc) return rc;
        }
        return 0;
    }
    const char *p;
    uint64_t len;
    return read_string_view(c, &p, &len, what, "nested string");
}

static int parse_kv(cursor_t *c, kv_t *kv, uint64_t index)
{
    char what[320];
    const char *p;
    uint64_t len;
    snprintf(what, sizeof what, "key/value %" PRIu64, index);
    int rc = read_string_view(c, &p, &len, what, "key");
    if (rc) return rc;
    if (len == 0) return fail(c, "%s: empty key", what);
    if (memchr(p, '\0', (size_t)len)) return fail(c, "%s: key contains a NUL byte", what);
    kv->key = copy_string(c->f, p, (size_t)len);
    if (!kv->key) return fail_nomem(c);
    snprintf(what, sizeof what, "key '%.256s'", kv->key);

    uint32_t type;
    rc = read_u32(c, &type, what, "value type");
    if (rc) return rc;
    if (type >= GGUF_TYPE_COUNT) return fail(c, "%s: invalid value type %" PRIu32, what, type);
    kv->type = (gguf_type_t)type;
    size_t size = gguf_type_size(kv->type);
    if (size > 0) {
        rc = read_bytes(c, kv->raw, size, what, "value");
        if (rc) return rc;
        if (kv->type == GGUF_TYPE_BOOL && kv->raw[0] > 1)
            return fail(c, "%s: bool value is %u, not 0 or 1", what, kv->raw[0]);
        return 0;
    }
    if (kv->type == GGUF_TYPE_STRING) {
        rc = read_string_view(c, &p, &len, what, "string");
        if (rc) return rc;
        kv->str = copy_string(c->f, p, (size_t)len);
        if (!kv->str) return fail_nomem(c);
        kv->str_len = (size_t)len;
        return 0;
    }
    return parse_array(c, &kv->array, 0, what);
}

/* ---- hash tables --------------------------------------------------------------------- */

/* Inserts name (index i) or returns the index of an existing equal name (>= 0). */
static long slots_insert(uint32_t *slots, size_t cap, const char *name, uint32_t i,
                         const char *(*name_at)(const gguf_file_t *, size_t),
                         const gguf_file_t *f)
{
    size_t mask = cap - 1;
    for (size_t s = hash_string(name) & mask;; s = (s + 1) & mask) {
        if (slots[s] == 0) {
            slots[s] = i + 1;
            return -1;
        }
        if (strcmp(name_at(f, slots[s] - 1), name) == 0) return (long)slots[s] - 1;
    }
}

static long slots_find(const uint32_t *slots, size_t cap, const char *name,
                       const char *(*name_at)(const gguf_file_t *, size_t), const gguf_file_t *f)
{
    if (cap == 0) return -1;
    size_t mask = cap - 1;
    for (size_t s = hash_string(name) & mask; slots[s] != 0; s = (s + 1) & mask)
        if (strcmp(name_at(f, slots[s] - 1), name) == 0) return (long)slots[s] - 1;
    return -1;
}

static const char *kv_name_at(const gguf_file_t *f, size_t i) { return f->kvs[i].key; }
static const char *tensor_name_at(const gguf_file_t *f, size_t i) { return f->tensors[i].name; }

static size_t slot_capacity(size_t n)
{
    size_t cap = 16;
    while (cap < n * 2) cap *= 2;
    return cap;
}

/* ---- tensor infos -------------------------------------------------------------------- */

static int parse_tensor_info(cursor_t *c, gguf_tensor_t *t, uint64_t index)
{
    char what[320];
    const char *p;
    uint64_t len;
    snprintf(what, sizeof what, "tensor %" PRIu64, index);
    int rc = read_string_view(c, &p, &len, what, "name");
    if (rc) return rc;
    if (len == 0) return fail(c, "%s: empty name", what);
    if (memchr(p, '\0', (size_t)len)) return fail(c, "%s: name contains a NUL byte", what);
    t->name = copy_string(c->f, p, (size_t)len);
    if (!t->name) return fail_nomem(c);
    snprintf(what, sizeof what, "tensor '%.256s'", t->name);

    rc = read_u32(c, &t->n_dims, what, "n_dims");
    if (rc) return rc;
    if (t->n_dims < 1 || t->n_dims > GGUF_MAX_DIMS)
        return fail(c, "%s: n_dims is %" PRIu32 ", must be 1 to %d", what, t->n_dims, GGUF_MAX_DIMS);
    uint64_t n = 1;
    for (uint32_t d = 0; d < GGUF_MAX_DIMS; d++) {
        t->ne[d] = 1;
        if (d >= t->n_dims) continue;
        char field[16];
        snprintf(field, sizeof field, "ne[%" PRIu32 "]", d);
        rc = read_u64(c, &t->ne[d], what, field);
        if (rc) return rc;
        if (t->ne[d] > (uint64_t)INT64_MAX)
            return fail(c, "%s: ne[%" PRIu32 "] = %" PRIu64 " is negative as int64", what, d, t->ne[d]);
        if (t->ne[d] != 0 && n > UINT64_MAX / t->ne[d])
            return fail(c, "%s: element count overflows (ne[%" PRIu32 "] = %" PRIu64 ")", what, d,
                        t->ne[d]);
        n *= t->ne[d];
    }
    if (n > (uint64_t)INT64_MAX) return fail(c, "%s: element count %" PRIu64 " too large", what, n);
    t->n_elements = n;

    rc = read_u32(c, &t->type, what, "type");
    if (rc) return rc;
    const tensor_type_info_t *info = tensor_type_info(t->type);
    if (!info) return fail(c, "%s: unknown tensor type id %" PRIu32, what, t->type);
    bool ok;
    uint64_t row = tensor_type_row_bytes(t->type, t->ne[0], &ok);
    if (!ok)
        return fail(c, "%s: row length ne[0] = %" PRIu64 " is not a multiple of the %s block size %" PRIu32,
                    what, t->ne[0], info->name, info->block_size);
    uint64_t rows = t->ne[0] ? n / t->ne[0] : 0;
    if (rows != 0 && row > UINT64_MAX / rows) return fail(c, "%s: byte size overflows", what);
    t->size = row * rows;
    return read_u64(c, &t->offset, what, "offset");
}

/* ---- open ---------------------------------------------------------------------------- */

static int parse(cursor_t *c)
{
    gguf_file_t *f = c->f;
    char magic[4];
    int rc = read_bytes(c, magic, 4, "header", "magic");
    if (rc) return fail(c, "not a GGUF file: only %zu bytes", f->size);
    if (memcmp(magic, GGUF_MAGIC, 4) != 0) return fail(c, "not a GGUF file (bad magic)");
    rc = read_u32(c, &f->version, "header", "version");
    if (rc) return rc;
    if (f->version == 1)
        return fail(c, "GGUF version 1 is not supported (only versions 2 and 3); convert the "
                    "model again with a current llama.cpp");
    if (f->version != 2 && f->version != 3) {
        if ((f->version & 0xffff) == 0 && f->version != 0)
            return fail(c, "GGUF version %" PRIu32 " looks byte-swapped: big-endian files are not "
                        "supported", f->version);
        return fail(c, "unsupported GGUF version %" PRIu32 " (supported: 2, 3)", f->version);
    }
    uint64_t n_tensors, n_kv;
    rc = read_u64(c, &n_tensors, "header", "tensor count");
    if (rc) return rc;
    rc = read_u64(c, &n_kv, "header", "key/value count");
    if (rc) return rc;
    /* a key/value needs >= 8 (key length) + 1 (key) + 4 (type) + 1 (value) bytes; a tensor
     * info >= 8 + 1 + 4 + 8 + 4 + 8 */
    if (n_kv > left(c) / 14)
        return fail(c, "header: key/value count %" PRIu64 " cannot fit in the %zu bytes left",
                    n_kv, left(c));
    if (n_tensors > left(c) / 33)
        return fail(c, "header: tensor count %" PRIu64 " cannot fit in the %zu bytes left",
                    n_tensors, left(c));
    if (n_tensors > UINT32_MAX - 1 || n_kv > UINT32_MAX - 1)
        return fail(c, "header: too many entries");

    for (uint64_t i = 0; i < n_kv; i++) {
        if (f->n_kv == f->cap_kv) {
            size_t cap = f->cap_kv ? f->cap_kv * 2 : 32;
            kv_t *k = realloc(f->kvs, cap * sizeof *k);
            if (!k) return fail_nomem(c);
            f->kvs = k;
            f->cap_kv = cap;
        }
        kv_t *kv = &f->kvs[f->n_kv];
        memset(kv, 0, sizeof *kv);
        rc = parse_kv(c, kv, i);
        if (rc) return rc;
        f->n_kv++;
    }
    f->kv_slot_cap = slot_capacity(f->n_kv);
    f->kv_slots = calloc(f->kv_slot_cap, sizeof *f->kv_slots);
    if (!f->kv_slots) return fail_nomem(c);
    for (size_t i = 0; i < f->n_kv; i++)
        if (slots_insert(f->kv_slots, f->kv_slot_cap, f->kvs[i].key, (uint32_t)i, kv_name_at, f) >= 0)
            return fail(c, "key '%.256s' appears more than once", f->kvs[i].key);

    f->alignment = GGUF_DEFAULT_ALIGNMENT;
    if (gguf_find_key(f, "general.alignment") >= 0) {
        uint32_t a;
        if (gguf_get_u32(f, "general.alignment", &a) != 0)
            return fail(c, "key 'general.alignment' must be an unsigned 32-bit integer");
        if (a == 0 || (a & (a - 1)) != 0)
            return fail(c, "key 'general.alignment' is %" PRIu32 ", not a power of two", a);
        f->alignment = a;
    }

    for (uint64_t i = 0; i < n_tensors; i++) {
        if (f->n_tensors == f->cap_tensors) {
            size_t cap = f->cap_tensors ? f->cap_tensors * 2 : 64;
            gguf_tensor_t *t = realloc(f->tensors, cap * sizeof *t);
            if (!t) return fail_nomem(c);
            f->tensors = t;
            f->cap_tensors = cap;
        }
        gguf_tensor_t *t = &f->tensors[f->n_tensors];
        memset(t, 0, sizeof *t);
        rc = parse_tensor_info(c, t, i);
        if (rc) return rc;
        f->n_tensors++;
    }
    f->tensor_slot_cap = slot_capacity(f->n_tensors);
    f->tensor_slots = calloc(f->tensor_slot_cap, sizeof *f->tensor_slots);
    if (!f->tensor_slots) return fail_nomem(c);
    for (size_t i = 0; i < f->n_tensors; i++)
        if (slots_insert(f->tensor_slots, f->tensor_slot_cap, f->tensors[i].name, (uint32_t)i,
                         tensor_name_at, f) >= 0)
            return fail(c, "tensor '%.256s' appears more than once", f->tensors[i].name);

    uint64_t data = ((uint64_t)c->pos + f->alignment - 1) / f->alignment * f->alignment;
    if (data > f->size) {
        if (f->n_tensors > 0)
            return fail(c, "data section would start at byte %" PRIu64 ", past end of file %zu",
                        data, f->size);
        data = f->size; /* vocabulary-only file without trailing padding */
    }
    f->data_offset = data;
    uint64_t data_size = f->size - data;
    for (size_t i = 0; i < f->n_tensors; i++) {
        gguf_tensor_t *t = &f->tensors[i];
        if (t->offset % f->alignment != 0)
            return fail(c, "tensor '%.256s': data offset %" PRIu64 " is not a multiple of the "
                        "alignment %" PRIu32, t->name, t->offset, f->alignment);
        if (t->offset > data_size || t->size > data_size - t->offset) {
            uint64_t end = data + t->offset + t->size;
            if (t->offset > UINT64_MAX - data || data + t->offset > UINT64_MAX - t->size)
                return fail(c, "tensor '%.256s': data offset %" PRIu64 " + size %" PRIu64
                            " is past end of file %zu", t->name, t->offset, t->size, f->size);
            return fail(c, "tensor '%.256s': data ends at byte %" PRIu64 " past end of file %zu",
                        t->name, end, f->size);
        }
        t->data = f->base + data + t->offset;
    }
    return 0;
}

static int open_common(gguf_file_t **out, gguf_file_t *f, char *err, size_t err_size)
{
    cursor_t c = {.f = f, .pos = 0, .err = err, .err_size = err_size};
    int rc = parse(&c);
    if (rc) {
        gguf_close(f);
        return rc;
    }
    *out = f;
    return 0;
}

int gguf_open_memory(gguf_file_t **out, const void *data, size_t size, const char *name,
                     char *err, size_t err_size)
{
    *out = NULL;
    if (err && err_size) err[0] = '\0';
    gguf_file_t *f = calloc(1, sizeof *f);
    if (!f || !(f->path = strdup(name ? name : "<memory>"))) {
        free(f);
        if (err && err_size) snprintf(err, err_size, "%s: out of memory", name ? name : "<memory>");
        return GGUF_ERR_NOMEM;
    }
    f->base = data;
    f->size = size;
    return open_common(out, f, err, err_size);
}

/* Opens path for reading and checks it is a non-empty regular file that fits in memory:
 * the descriptor and its size, or a GGUF_ERR_* with the message in err. */
static int open_checked(const char *path, int *fd_out, size_t *size_out, char *err, size_t err_size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (err && err_size) snprintf(err, err_size, "%s: cannot open: %s", path, strerror(errno));
        return GGUF_ERR_IO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (err && err_size)
            snprintf(err, err_size, "%s: %s", path,
                     S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
        close(fd);
        return GGUF_ERR_IO;
    }
    if (st.st_size == 0) {
        if (err && err_size) snprintf(err, err_size, "%s: empty file, not a GGUF model", path);
        close(fd);
        return GGUF_ERR_FORMAT;
    }
    if ((uint64_t)st.st_size > SIZE_MAX / 2) {
        if (err && err_size) snprintf(err, err_size, "%s: file too large to map", path);
        close(fd);
        return GGUF_ERR_IO;
    }
    *fd_out = fd;
    *size_out = (size_t)st.st_size;
    return 0;
}

/* Wraps an image of `size` bytes at base; map/map_bytes (or NULL) are unmapped on close. */
static int open_image(gguf_file_t **out, const char *path, const uint8_t *base, size_t size,
                      void *map, size_t map_bytes, char *err, size_t err_size)
{
    gguf_file_t *f = calloc(1, sizeof *f);
    if (!f || !(f->path = strdup(path))) {
        free(f);
        if (map) munmap(map, map_bytes);
        if (err && err_size) snprintf(err, err_size, "%s: out of memory", path);
        return GGUF_ERR_NOMEM;
    }
    f->base = base;
    f->size = size;
    f->map = map;
    f->map_bytes = map_bytes;
    return open_common(out, f, err, err_size);
}

int gguf_open(gguf_file_t **out, const char *path, char *err, size_t err_size)
{
    *out = NULL;
    if (err && err_size) err[0] = '\0';
    int fd;
    size_t size;
    int rc = open_checked(path, &fd, &size, err, err_size);
    if (rc != 0) return rc;
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    int map_errno = errno;
    close(fd);
    if (map == MAP_FAILED) {
        if (err && err_size) snprintf(err, err_size, "%s: cannot map: %s", path, strerror(map_errno));
        return GGUF_ERR_IO;
    }
    return open_image(out, path, map, size, map, size, err, err_size);
}

/* Transparent huge pages are 2 MiB on x86-64; the copy starts on such a boundary. */
enum { HUGE_PAGE_BYTES = 2 << 20 };

int gguf_open_resident(gguf_file_t **out, const char *path, char *err, size_t err_size)
{
    *out = NULL;
    if (err && err_size) err[0] = '\0';
    int fd;
    size_t size;
    int rc = open_checked(path, &fd, &size, err, err_size);
    if (rc != 0) return rc;
    size_t map_bytes = (size + 2 * (size_t)HUGE_PAGE_BYTES - 1) / HUGE_PAGE_BYTES * HUGE_PAGE_BYTES;
    void *map = mmap(NULL, map_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) {
        if (err && err_size) snprintf(err, err_size, "%s: no memory for a copy of %zu bytes: %s",
                                      path, size, strerror(errno));
        close(fd);
        return GGUF_ERR_NOMEM;
    }
    uint8_t *base = (uint8_t *)(((uintptr_t)map + HUGE_PAGE_BYTES - 1) / HUGE_PAGE_BYTES *
                                HUGE_PAGE_BYTES);
    (void)madvise(base, size, MADV_HUGEPAGE); /* a hint: without THP the copy still works */
    for (size_t done = 0; done < size;) {
        ssize_t n = pread(fd, base + done, size - done, (off_t)done);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            if (err && err_size) snprintf(err, err_size, "%s: cannot read: %s", path,
                                          n < 0 ? strerror(errno) : "file shrank while read");
            close(fd);
            munmap(map, map_bytes);
            return GGUF_ERR_IO;
        }
        done += (size_t)n;
    }
    close(fd);
    (void)mprotect(map, map_bytes, PROT_READ); /* read-only from here on, like a mapping */
    return open_image(out, path, base, size, map, map_bytes, err, err_size);
}

void gguf_close(gguf_file_t *f)
{
    if (!f) return;
    if (f->map) munmap(f->map, f->map_bytes);
    for (arena_block_t *b = f->arena; b;) {
        arena_block_t *next = b->next;
        free(b);
        b = next;
    }
    for (size_t i = 0; i < f->n_allocations; i++) free(f->allocations[i]);
    free(f->allocations);
    free(f->kvs);
    free(f->tensors);
    free(f->kv_slots);
    free(f->tensor_slots);
    free(f->path);
    free(f);
}

/* ---- accessors ----------------------------------------------------------------------- */

uint32_t gguf_version(const gguf_file_t *f) { return f->version; }
uint32_t gguf_alignment(const gguf_file_t *f) { return f->alignment; }
const char *gguf_path(const gguf_file_t *f) { return f->path; }
uint64_t gguf_file_size(const gguf_file_t *f) { return f->size; }
uint64_t gguf_data_offset(const gguf_file_t *f) { return f->data_offset; }
size_t gguf_kv_count(const gguf_file_t *f) { return f->n_kv; }

const char *gguf_kv_key(const gguf_file_t *f, size_t index)
{
    return index < f->n_kv ? f->kvs[index].key : NULL;
}

gguf_type_t gguf_kv_type(const gguf_file_t *f, size_t index)
{
    return index < f->n_kv ? f->kvs[index].type : GGUF_TYPE_COUNT;
}

long gguf_find_key(const gguf_file_t *f, const char *key)
{
    return slots_find(f->kv_slots, f->kv_slot_cap, key, kv_name_at, f);
}

static const kv_t *find_kv(const gguf_file_t *f, const char *key)
{
    long i = gguf_find_key(f, key);
    return i < 0 ? NULL : &f->kvs[i];
}

int gguf_get_type(const gguf_file_t *f, const char *key, gguf_type_t *out)
{
    const kv_t *kv = find_kv(f, key);
    if (!kv) return GGUF_ERR_NOT_FOUND;
    *out = kv->type;
    return 0;
}

/* Reads a stored integer of any width: *neg tells whether it is a negative signed value. */
static int raw_integer(gguf_type_t type, const uint8_t *raw, uint64_t *mag, bool *neg)
{
    *neg = false;
    switch (type) {
    case GGUF_TYPE_UINT8: *mag = raw[0]; return 0;
    case GGUF_TYPE_UINT16: { uint16_t v; memcpy(&v, raw, 2); *mag = v; return 0; }
    case GGUF_TYPE_UINT32: { uint32_t v; memcpy(&v, raw, 4); *mag = v; return 0; }
    case GGUF_TYPE_UINT64: { uint64_t v; memcpy(&v, raw, 8); *mag = v; return 0; }
    case GGUF_TYPE_INT8: case GGUF_TYPE_INT16: case GGUF_TYPE_INT32: case GGUF_TYPE_INT64: {
        int64_t v;
        if (type == GGUF_TYPE_INT8) v = (int8_t)raw[0];
        else if (type == GGUF_TYPE_INT16) { int16_t x; memcpy(&x, raw, 2); v = x; }
        else if (type == GGUF_TYPE_INT32) { int32_t x; memcpy(&x, raw, 4); v = x; }
        else memcpy(&v, raw, 8);
        *neg = v < 0;
        *mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        return 0;
    }
    default: return GGUF_ERR_TYPE;
    }
}

static int get_integer(const gguf_file_t *f, const char *key, uint64_t *mag, bool *neg)
{
    const kv_t *kv = find_kv(f, key);
    if (!kv) return GGUF_ERR_NOT_FOUND;
    return raw_integer(kv->type, kv->raw, mag, neg);
}

int gguf_get_u64(const gguf_file_t *f, const char *key, uint64_t *out)
{
    uint64_t m;
    bool neg;
    int rc = get_integer(f, key, &m, &neg);
    if (rc) return rc;
    if (neg) return GGUF_ERR_RANGE;
    *out = m;
    return 0;
}

int gguf_get_u32(const gguf_file_t *f, const char *key, uint32_t *out)
{
    uint64_t v;
    int rc = gguf_get_u64(f, key, &v);
    if (rc) return rc;
    if (v > UINT32_MAX) return GGUF_ERR_RANGE;
    *out = (uint32_t)v;
    return 0;
}

int gguf_get_i64(const gguf_file_t *f, const char *key, int64_t *out)
{
    uint64_t m;
    bool neg;
    int rc = get_integer(f, key, &m, &neg);
    if (rc) return rc;
    if (neg) {
        if (m > (uint64_t)INT64_MAX + 1) return GGUF_ERR_RANGE;
        *out = m == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)m;
    } else {
        if (m > (uint64_t)INT64_MAX) return GGUF_ERR_RANGE;
        *out = (int64_t)m;
    }
    return 0;
}

int gguf_get_i32(const gguf_file_t *f, const char *key, int32_t *out)
{
    int64_t v;
    int rc = gguf_get_i64(f, key, &v);
    if (rc) return rc;
    if (v < INT32_MIN || v > INT32_MAX) return GGUF_ERR_RANGE;
    *out = (int32_t)v;
    return 0;
}

int gguf_get_f64(const gguf_file_t *f, const char *key, double *out)
{
    const kv_t *kv = find_kv(f, key);
    if (!kv) return GGUF_ERR_NOT_FOUND;
    if (kv->type == GGUF_TYPE_FLOAT32) {
        float v;
        memcpy(&v, kv->raw, 4);
        *out = v;
        return 0;
    }
    if (kv->type == GGUF_TYPE_FLOAT64) {
        memcpy(out, kv->raw, 8);
        return 0;
    }
    return GGUF_ERR_TYPE;
}

int gguf_get_f32(const gguf_file_t *f, const char *key, float *out)
{
    double v;
    int rc = gguf_get_f64(f, key, &v);
    if (rc) return rc;
    *out = (float)v;
    return 0;
}

int gguf_get_bool(const gguf_file_t *f, const char *key, bool *out)
{
    const kv_t *kv = find_kv(f, key);
    if (!kv) return GGUF_ERR_NOT_FOUND;
    if (kv->type != GGUF_TYPE_BOOL) return GGUF_ERR_TYPE;
    *out = kv->raw[0] != 0;
    return 0;
}

int gguf_get_string(const gguf_file_t *f, const char *key, const char **out, size_t *len)
{
    const kv_t *kv = find_kv(f, key);
    if (!kv) return GGUF_ERR_NOT_FOUND;
    if (kv->type != GGUF_TYPE_STRING) return GGUF_ERR_TYPE;
    *out = kv->str;
    if (len) *len = kv->str_len;
    return 0;
}

int gguf_get_array(const gguf_file_t *f, const char *key, gguf_array_t *out)
{
    const kv_t *kv = find_kv(f, key);
    if (!kv) return GGUF_ERR_NOT_FOUND;
    if (kv->type != GGUF_TYPE_ARRAY) return GGUF_ERR_TYPE;
    *out = kv->array;
    return 0;
}

static int array_element(const gguf_array_t *a, uint64_t i, uint8_t raw[8])
{
    size_t esize = gguf_type_size(a->elem_type);
    if (esize == 0 || !a->data) return GGUF_ERR_TYPE;
    if (i >= a->count) return GGUF_ERR_RANGE;
    memset(raw, 0, 8);
    memcpy(raw, (const uint8_t *)a->data + i * esize, esize);
    return 0;
}

int gguf_array_get_i64(const gguf_array_t *a, uint64_t i, int64_t *out)
{
    uint8_t raw[8];
    int rc = array_element(a, i, raw);
    if (rc) return rc;
    uint64_t m;
    bool neg;
    if (raw_integer(a->elem_type, raw, &m, &neg) != 0) return GGUF_ERR_TYPE;
    if (m > (uint64_t)INT64_MAX + (neg ? 1 : 0)) return GGUF_ERR_RANGE;
    *out = neg ? (m == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)m) : (int64_t)m;
    return 0;
}

int gguf_array_get_u64(const gguf_array_t *a, uint64_t i, uint64_t *out)
{
    uint8_t raw[8];
    int rc = array_element(a, i, raw);
    if (rc) return rc;
    uint64_t m;
    bool neg;
    if (raw_integer(a->elem_type, raw, &m, &neg) != 0) return GGUF_ERR_TYPE;
    if (neg) return GGUF_ERR_RANGE;
    *out = m;
    return 0;
}

int gguf_array_get_f64(const gguf_array_t *a, uint64_t i, double *out)
{
    uint8_t raw[8];
    int rc = array_element(a, i, raw);
    if (rc) return rc;
    if (a->elem_type == GGUF_TYPE_FLOAT32) {
        float v;
        memcpy(&v, raw, 4);
        *out = v;
        return 0;
    }
    if (a->elem_type == GGUF_TYPE_FLOAT64) {
        memcpy(out, raw, 8);
        return 0;
    }
    uint64_t m;
    bool neg;
    if (raw_integer(a->elem_type, raw, &m, &neg) != 0) return GGUF_ERR_TYPE;
    *out = neg ? -(double)m : (double)m;
    return 0;
}

int gguf_array_get_f32(const gguf_array_t *a, uint64_t i, float *out)
{
    double v;
    int rc = gguf_array_get_f64(a, i, &v);
    if (rc) return rc;
    *out = (float)v;
    return 0;
}

size_t gguf_tensor_count(const gguf_file_t *f) { return f->n_tensors; }

const gguf_tensor_t *gguf_tensor_at(const gguf_file_t *f, size_t index)
{
    return index < f->n_tensors ? &f->tensors[index] : NULL;
}

const gguf_tensor_t *gguf_find_tensor(const gguf_file_t *f, const char *name)
{
    long i = slots_find(f->tensor_slots, f->tensor_slot_cap, name, tensor_name_at, f);
    return i < 0 ? NULL : &f->tensors[i];
}
