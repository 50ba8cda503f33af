/* gguf_write.c — GGUF v3 writer: collects key/values and tensors, then writes the file.
 *
 * Layout written: header, key/values, tensor infos, padding to the alignment, then each
 * tensor's data padded to the alignment (offsets relative to the data section). The same
 * serializer writes to a FILE (through a temporary file renamed into place, so a failed
 * write never leaves a half-written model under the final name) or to a memory buffer. */
#include "slm/gguf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slm/tensor_type.h"

#define FILL_CHUNK_BYTES (4u << 20)

typedef struct {
    char *key;
    gguf_type_t type;
    uint8_t raw[8];         /* scalar value */
    char *str;              /* STRING value */
    size_t str_len;
    gguf_type_t elem_type;  /* ARRAY value */
    size_t count;
    void *data;             /* fixed-size elements */
    char **strings;         /* string elements */
    size_t *lens;
} wkv_t;

typedef struct {
    char *name;
    uint32_t type, n_dims;
    uint64_t ne[GGUF_MAX_DIMS];
    uint64_t size;
    void *data;             /* owned copy, or NULL (zeros / fill) */
    gguf_fill_fn fill;
    void *fill_ctx;
} wtensor_t;

struct gguf_writer {
    wkv_t *kvs;
    size_t n_kv, cap_kv;
    wtensor_t *tensors;
    size_t n_tensors, cap_tensors;
};

int gguf_writer_new(gguf_writer_t **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? 0 : GGUF_ERR_NOMEM;
}

static void kv_clear(wkv_t *kv)
{
    free(kv->str);
    free(kv->data);
    if (kv->strings)
        for (size_t i = 0; i < kv->count; i++) free(kv->strings[i]);
    free(kv->strings);
    free(kv->lens);
    kv->str = NULL;
    kv->data = NULL;
    kv->strings = NULL;
    kv->lens = NULL;
}

void gguf_writer_free(gguf_writer_t *w)
{
    if (!w) return;
    for (size_t i = 0; i < w->n_kv; i++) {
        kv_clear(&w->kvs[i]);
        free(w->kvs[i].key);
    }
    for (size_t i = 0; i < w->n_tensors; i++) {
        free(w->tensors[i].name);
        free(w->tensors[i].data);
    }
    free(w->kvs);
    free(w->tensors);
    free(w);
}

/* Returns the entry for key (cleared, or new), NULL on allocation failure. */
static wkv_t *kv_slot(gguf_writer_t *w, const char *key)
{
    for (size_t i = 0; i < w->n_kv; i++) {
        if (strcmp(w->kvs[i].key, key) == 0) {
            kv_clear(&w->kvs[i]);
            return &w->kvs[i];
        }
    }
    if (w->n_kv == w->cap_kv) {
        size_t cap = w->cap_kv ? w->cap_kv * 2 : 16;
        wkv_t *k = realloc(w->kvs, cap * sizeof *k);
        if (!k) return NULL;
        w->kvs = k;
        w->cap_kv = cap;
    }
    wkv_t *kv = &w->kvs[w->n_kv];
    memset(kv, 0, sizeof *kv);
    if (!(kv->key = strdup(key))) return NULL;
    w->n_kv++;
    return kv;
}

static int set_scalar(gguf_writer_t *w, const char *key, gguf_type_t type, const void *v)
{
    if (!key || !*key) return GGUF_ERR_ARG;
    wkv_t *kv = kv_slot(w, key);
    if (!kv) return GGUF_ERR_NOMEM;
    kv->type = type;
    memset(kv->raw, 0, sizeof kv->raw);
    memcpy(kv->raw, v, gguf_type_size(type));
    return 0;
}

int gguf_writer_set_u8(gguf_writer_t *w, const char *k, uint8_t v) { return set_scalar(w, k, GGUF_TYPE_UINT8, &v); }
int gguf_writer_set_i8(gguf_writer_t *w, const char *k, int8_t v) { return set_scalar(w, k, GGUF_TYPE_INT8, &v); }
int gguf_writer_set_u16(gguf_writer_t *w, const char *k, uint16_t v) { return set_scalar(w, k, GGUF_TYPE_UINT16, &v); }
int gguf_writer_set_i16(gguf_writer_t *w, const char *k, int16_t v) { return set_scalar(w, k, GGUF_TYPE_INT16, &v); }
int gguf_writer_set_u32(gguf_writer_t *w, const char *k, uint32_t v) { return set_scalar(w, k, GGUF_TYPE_UINT32, &v); }
int gguf_writer_set_i32(gguf_writer_t *w, const char *k, int32_t v) { return set_scalar(w, k, GGUF_TYPE_INT32, &v); }
int gguf_writer_set_u64(gguf_writer_t *w, const char *k, uint64_t v) { return set_scalar(w, k, GGUF_TYPE_UINT64, &v); }
int gguf_writer_set_i64(gguf_writer_t *w, const char *k, int64_t v) { return set_scalar(w, k, GGUF_TYPE_INT64, &v); }
int gguf_writer_set_f32(gguf_writer_t *w, const char *k, float v) { return set_scalar(w, k, GGUF_TYPE_FLOAT32, &v); }
int gguf_writer_set_f64(gguf_writer_t *w, const char *k, double v) { return set_scalar(w, k, GGUF_TYPE_FLOAT64, &v); }

int gguf_writer_set_bool(gguf_writer_t *w, const char *k, bool v)
{
    uint8_t b = v ? 1 : 0;
    return set_scalar(w, k, GGUF_TYPE_BOOL, &b);
}

int gguf_writer_set_string_n(gguf_writer_t *w, const char *key, const char *v, size_t len)
{
    if (!key || !*key || (!v && len)) return GGUF_ERR_ARG;
    wkv_t *kv = kv_slot(w, key);
    if (!kv) return GGUF_ERR_NOMEM;
    kv->type = GGUF_TYPE_STRING;
    kv->str = malloc(len + 1);
    if (!kv->str) return GGUF_ERR_NOMEM;
    if (len) memcpy(kv->str, v, len);
    kv->str[len] = '\0';
    kv->str_len = len;
    return 0;
}

int gguf_writer_set_string(gguf_writer_t *w, const char *key, const char *v)
{
    if (!v) return GGUF_ERR_ARG;
    return gguf_writer_set_string_n(w, key, v, strlen(v));
}

int gguf_writer_set_array(gguf_writer_t *w, const char *key, gguf_type_t elem_type,
                          const void *data, size_t count)
{
    size_t esize = gguf_type_size(elem_type);
    if (!key || !*key || esize == 0 || (!data && count)) return GGUF_ERR_ARG;
    if (count > SIZE_MAX / esize) return GGUF_ERR_ARG;
    wkv_t *kv = kv_slot(w, key);
    if (!kv) return GGUF_ERR_NOMEM;
    kv->type = GGUF_TYPE_ARRAY;
    kv->elem_type = elem_type;
    kv->count = 0;
    kv->data = malloc(count ? count * esize : 1);
    if (!kv->data) return GGUF_ERR_NOMEM;
    if (count) memcpy(kv->data, data, count * esize);
    kv->count = count;
    return 0;
}

int gguf_writer_set_string_array(gguf_writer_t *w, const char *key,
                                 const char *const *strings, const size_t *lens, size_t count)
{
    if (!key || !*key || (!strings && count)) return GGUF_ERR_ARG;
    wkv_t *kv = kv_slot(w, key);
    if (!kv) return GGUF_ERR_NOMEM;
    kv->type = GGUF_TYPE_ARRAY;
    kv->elem_type = GGUF_TYPE_STRING;
    kv->count = 0;
    kv->strings = calloc(count ? count : 1, sizeof *kv->strings);
    kv->lens = calloc(count ? count : 1, sizeof *kv->lens);
    if (!kv->strings || !kv->lens) return GGUF_ERR_NOMEM;
    for (size_t i = 0; i < count; i++) {
        size_t len = lens ? lens[i] : strlen(strings[i]);
        char *s = malloc(len + 1);
        if (!s) return GGUF_ERR_NOMEM;
        memcpy(s, strings[i], len);
        s[len] = '\0';
        kv->strings[i] = s;
        kv->lens[i] = len;
        kv->count = i + 1;
    }
    return 0;
}

static int tensor_add(gguf_writer_t *w, const char *name, uint32_t type, uint32_t n_dims,
                      const uint64_t *ne, uint64_t size, wtensor_t **out)
{
    if (!name || !*name || n_dims < 1 || n_dims > GGUF_MAX_DIMS || !ne) return GGUF_ERR_ARG;
    const tensor_type_info_t *info = tensor_type_info(type);
    if (!info) return GGUF_ERR_ARG;
    uint64_t rows = 1;
    for (uint32_t d = 1; d < n_dims; d++) {
        if (ne[d] != 0 && rows > UINT64_MAX / ne[d]) return GGUF_ERR_ARG;
        rows *= ne[d];
    }
    bool ok;
    uint64_t row = tensor_type_row_bytes(type, ne[0], &ok);
    if (!ok || (rows != 0 && row > UINT64_MAX / rows) || row * rows != size) return GGUF_ERR_ARG;
    if (size > SIZE_MAX) return GGUF_ERR_ARG;
    for (size_t i = 0; i < w->n_tensors; i++)
        if (strcmp(w->tensors[i].name, name) == 0) return GGUF_ERR_ARG;
    if (w->n_tensors == w->cap_tensors) {
        size_t cap = w->cap_tensors ? w->cap_tensors * 2 : 64;
        wtensor_t *t = realloc(w->tensors, cap * sizeof *t);
        if (!t) return GGUF_ERR_NOMEM;
        w->tensors = t;
        w->cap_tensors = cap;
    }
    wtensor_t *t = &w->tensors[w->n_tensors];
    memset(t, 0, sizeof *t);
    if (!(t->name = strdup(name))) return GGUF_ERR_NOMEM;
    t->type = type;
    t->n_dims = n_dims;
    for (uint32_t d = 0; d < GGUF_MAX_DIMS; d++) t->ne[d] = d < n_dims ? ne[d] : 1;
    t->size = size;
    w->n_tensors++;
    *out = t;
    return 0;
}

int gguf_writer_add_tensor(gguf_writer_t *w, const char *name, uint32_t type, uint32_t n_dims,
                           const uint64_t *ne, const void *data, uint64_t size)
{
    void *copy = NULL;
    if (data && size) {
        if (size > SIZE_MAX || !(copy = malloc((size_t)size))) return GGUF_ERR_NOMEM;
        memcpy(copy, data, (size_t)size);
    }
    wtensor_t *t;
    int rc = tensor_add(w, name, type, n_dims, ne, size, &t);
    if (rc) {
        free(copy);
        return rc;
    }
    t->data = copy;
    return 0;
}

int gguf_writer_add_tensor_fill(gguf_writer_t *w, const char *name, uint32_t type,
                                uint32_t n_dims, const uint64_t *ne, uint64_t size,
                                gguf_fill_fn fill, void *ctx)
{
    if (!fill) return GGUF_ERR_ARG;
    wtensor_t *t;
    int rc = tensor_add(w, name, type, n_dims, ne, size, &t);
    if (rc) return rc;
    t->fill = fill;
    t->fill_ctx = ctx;
    return 0;
}

/* ---- serialization ------------------------------------------------------------------- */

typedef struct {
    FILE *fp;          /* file sink, or */
    uint8_t *mem;      /* memory sink (NULL while only counting) */
    uint64_t pos;
    int failed;        /* errno of the first failed write */
} sink_t;

static void put(sink_t *s, const void *p, size_t n)
{
    if (s->failed || n == 0) return;
    if (s->fp) {
        if (fwrite(p, 1, n, s->fp) != n) s->failed = errno ? errno : EIO;
    } else if (s->mem) {
        memcpy(s->mem + s->pos, p, n);
    }
    s->pos += n;
}

static void put_u32(sink_t *s, uint32_t v) { put(s, &v, 4); }
static void put_u64(sink_t *s, uint64_t v) { put(s, &v, 8); }

static void put_string(sink_t *s, const char *p, size_t n)
{
    put_u64(s, n);
    put(s, p, n);
}

static void put_zeros(sink_t *s, uint64_t n)
{
    static const uint8_t zeros[256];
    while (n > 0) {
        size_t k = n > sizeof zeros ? sizeof zeros : (size_t)n;
        put(s, zeros, k);
        n -= k;
    }
}

static uint64_t align_up(uint64_t v, uint32_t a) { return (v + a - 1) / a * a; }

static uint32_t writer_alignment(const gguf_writer_t *w)
{
    for (size_t i = 0; i < w->n_kv; i++) {
        if (strcmp(w->kvs[i].key, "general.alignment") == 0 && w->kvs[i].type == GGUF_TYPE_UINT32) {
            uint32_t a;
            memcpy(&a, w->kvs[i].raw, 4);
            return a;
        }
    }
    return GGUF_DEFAULT_ALIGNMENT;
}

static int check_alignment(const gguf_writer_t *w, char *err, size_t err_size, const char *name)
{
    for (size_t i = 0; i < w->n_kv; i++) {
        if (strcmp(w->kvs[i].key, "general.alignment") != 0) continue;
        uint32_t a = 0;
        if (w->kvs[i].type == GGUF_TYPE_UINT32) memcpy(&a, w->kvs[i].raw, 4);
        if (a == 0 || (a & (a - 1)) != 0) {
            if (err && err_size)
                snprintf(err, err_size, "%s: general.alignment must be a uint32 power of two", name);
            return GGUF_ERR_ARG;
        }
    }
    return 0;
}

static void put_header(sink_t *s, const gguf_writer_t *w, uint32_t alignment)
{
    put(s, "GGUF", 4);
    put_u32(s, 3);
    put_u64(s, w->n_tensors);
    put_u64(s, w->n_kv);
    for (size_t i = 0; i < w->n_kv; i++) {
        const wkv_t *kv = &w->kvs[i];
        put_string(s, kv->key, strlen(kv->key));
        put_u32(s, (uint32_t)kv->type);
        if (kv->type == GGUF_TYPE_STRING) {
            put_string(s, kv->str, kv->str_len);
        } else if (kv->type == GGUF_TYPE_ARRAY) {
            put_u32(s, (uint32_t)kv->elem_type);
            put_u64(s, kv->count);
            if (kv->elem_type == GGUF_TYPE_STRING)
                for (size_t j = 0; j < kv->count; j++) put_string(s, kv->strings[j], kv->lens[j]);
            else
                put(s, kv->data, kv->count * gguf_type_size(kv->elem_type));
        } else {
            put(s, kv->raw, gguf_type_size(kv->type));
        }
    }
    uint64_t offset = 0;
    for (size_t i = 0; i < w->n_tensors; i++) {
        const wtensor_t *t = &w->tensors[i];
        put_string(s, t->name, strlen(t->name));
        put_u32(s, t->n_dims);
        for (uint32_t d = 0; d < t->n_dims; d++) put_u64(s, t->ne[d]);
        put_u32(s, t->type);
        put_u64(s, offset);
        offset = align_up(offset + t->size, alignment);
    }
    put_zeros(s, align_up(s->pos, alignment) - s->pos);
}

static int put_tensors(sink_t *s, const gguf_writer_t *w, uint32_t alignment, char *err,
                       size_t err_size, const char *name)
{
    uint8_t *buf = NULL;
    size_t buf_cap = 0;
    int rc = 0;
    for (size_t i = 0; i < w->n_tensors && !rc && !s->failed; i++) {
        const wtensor_t *t = &w->tensors[i];
        if (t->data) {
            put(s, t->data, (size_t)t->size);
        } else if (!t->fill) {
            put_zeros(s, t->size);
        } else {
            bool ok;
            uint64_t row = tensor_type_row_bytes(t->type, t->ne[0], &ok);
            uint64_t chunk = row == 0 ? t->size : (FILL_CHUNK_BYTES / row) * row;
            if (chunk == 0) chunk = row;
            if (chunk > t->size) chunk = t->size;
            if (s->mem) {
                /* memory sink: fill in place */
                for (uint64_t off = 0; off < t->size && !rc; off += chunk) {
                    uint64_t n = t->size - off < chunk ? t->size - off : chunk;
                    if (t->fill(t->fill_ctx, s->mem + s->pos, off, n) != 0) rc = GGUF_ERR_ARG;
                    s->pos += n;
                }
            } else if (s->fp == NULL) {
                s->pos += t->size; /* counting pass */
            } else {
                if (chunk > buf_cap) {
                    free(buf);
                    buf_cap = (size_t)chunk;
                    if (!(buf = malloc(buf_cap))) {
                        rc = GGUF_ERR_NOMEM;
                        break;
                    }
                }
                for (uint64_t off = 0; off < t->size && !rc && !s->failed; off += chunk) {
                    uint64_t n = t->size - off < chunk ? t->size - off : chunk;
                    if (t->fill(t->fill_ctx, buf, off, n) != 0) rc = GGUF_ERR_ARG;
                    else put(s, buf, (size_t)n);
                }
            }
            if (rc && err && err_size)
                snprintf(err, err_size, "%s: tensor '%s': %s", name, t->name,
                         rc == GGUF_ERR_NOMEM ? "out of memory" : "producing the data failed");
        }
        put_zeros(s, align_up(s->pos, alignment) - s->pos);
    }
    free(buf);
    return rc;
}

int gguf_writer_write_memory(gguf_writer_t *w, void **out, size_t *size, char *err,
                             size_t err_size)
{
    *out = NULL;
    *size = 0;
    int rc = check_alignment(w, err, err_size, "<memory>");
    if (rc) return rc;
    uint32_t alignment = writer_alignment(w);
    sink_t count = {0};
    put_header(&count, w, alignment);
    put_tensors(&count, w, alignment, NULL, 0, "<memory>");
    if (count.pos > SIZE_MAX) return GGUF_ERR_NOMEM;
    sink_t s = {.mem = malloc(count.pos ? (size_t)count.pos : 1)};
    if (!s.mem) {
        if (err && err_size) snprintf(err, err_size, "<memory>: out of memory");
        return GGUF_ERR_NOMEM;
    }
    put_header(&s, w, alignment);
    rc = put_tensors(&s, w, alignment, err, err_size, "<memory>");
    if (rc) {
        free(s.mem);
        return rc;
    }
    *out = s.mem;
    *size = (size_t)s.pos;
    return 0;
}

int gguf_writer_write_file(gguf_writer_t *w, const char *path, char *err, size_t err_size)
{
    int rc = check_alignment(w, err, err_size, path);
    if (rc) return rc;
    uint32_t alignment = writer_alignment(w);
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp) return GGUF_ERR_NOMEM;
    snprintf(tmp, n + 16, "%s.tmp", path);
    FILE *fp = fopen(tmp, "wb");
    if (!fp) {
        if (err && err_size) snprintf(err, err_size, "%s: cannot create: %s", tmp, strerror(errno));
        free(tmp);
        return GGUF_ERR_IO;
    }
    sink_t s = {.fp = fp};
    put_header(&s, w, alignment);
    rc = put_tensors(&s, w, alignment, err, err_size, path);
    if (fclose(fp) != 0 && !s.failed) s.failed = errno ? errno : EIO;
    if (!rc && s.failed) {
        if (err && err_size) snprintf(err, err_size, "%s: write failed: %s", tmp, strerror(s.failed));
        rc = GGUF_ERR_IO;
    }
    if (!rc && rename(tmp, path) != 0) {
        if (err && err_size) snprintf(err, err_size, "%s: cannot rename into place: %s", path, strerror(errno));
        rc = GGUF_ERR_IO;
    }
    if (rc) remove(tmp);
    free(tmp);
    return rc;
}
