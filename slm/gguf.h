/* gguf.h — read and write GGUF model files (the llama.cpp / Ollama / LM Studio format).
 *
 * Reading: gguf_open() maps the file read-only and validates every field before it is used
 * (the file is untrusted input): magic, version (2 and 3; 1 is refused), counts against the
 * bytes left in the file, string and array lengths, value types, nested arrays, tensor
 * dimensions (n_dims <= 4, element-count overflow), tensor types (slm/tensor_type.h), tensor
 * offsets and sizes against the data section and its alignment, general.alignment a power
 * of two, duplicate keys and duplicate tensor names. Any problem gives a negative code and a
 * message naming the file and the field, e.g.
 *   "model.gguf: tensor 'blk.0.attn_q.weight': data ends at byte 9000 past end of file 8000".
 * Tensor data is never copied (except by gguf_open_resident, once, into the memory it
 * returns): gguf_tensor_t.data points into the mapping, valid until
 * gguf_close(). Keys, tensor names and string values are available NUL-terminated (copies
 * owned by the file object; a string containing a NUL byte is still reported with its length).
 *
 * Writing: gguf_writer_t collects key/values and tensors, then writes a version 3 file with
 * the data section and every tensor aligned to general.alignment (default 32).
 *
 * All functions return 0 on success or a negative gguf_status_t; messages go to err (may be
 * NULL when err_size is 0). Nothing here prints, exits, or keeps global state. */
#ifndef ASSAY_SLM_GGUF_H
#define ASSAY_SLM_GGUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GGUF_DEFAULT_ALIGNMENT 32
#define GGUF_MAX_DIMS 4

typedef enum {
    GGUF_OK = 0,
    GGUF_ERR_IO = -1,        /* cannot open/stat/map/write the file */
    GGUF_ERR_FORMAT = -2,    /* malformed or unsupported file (message says which field) */
    GGUF_ERR_NOT_FOUND = -3, /* getter: no such key / tensor */
    GGUF_ERR_TYPE = -4,      /* getter: key exists but its value has another type */
    GGUF_ERR_RANGE = -5,     /* getter: integer value does not fit the requested type;
                                array index out of range */
    GGUF_ERR_NOMEM = -6,
    GGUF_ERR_ARG = -7,       /* invalid argument (writer: bad dims, unknown type, ...) */
} gguf_status_t;

/* Value types as stored in the file. */
typedef enum {
    GGUF_TYPE_UINT8 = 0,
    GGUF_TYPE_INT8 = 1,
    GGUF_TYPE_UINT16 = 2,
    GGUF_TYPE_INT16 = 3,
    GGUF_TYPE_UINT32 = 4,
    GGUF_TYPE_INT32 = 5,
    GGUF_TYPE_FLOAT32 = 6,
    GGUF_TYPE_BOOL = 7,
    GGUF_TYPE_STRING = 8,
    GGUF_TYPE_ARRAY = 9,
    GGUF_TYPE_UINT64 = 10,
    GGUF_TYPE_INT64 = 11,
    GGUF_TYPE_FLOAT64 = 12,
    GGUF_TYPE_COUNT = 13,
} gguf_type_t;

/* Name of a value type ("uint32", "string", ...); "invalid" for unknown values. */
const char *gguf_type_name(gguf_type_t type);
/* Size in bytes of one scalar value of a fixed-size type; 0 for STRING, ARRAY, invalid. */
size_t gguf_type_size(gguf_type_t type);

/* ---- reading ------------------------------------------------------------------------ */

typedef struct gguf_file gguf_file_t;

/* One tensor of an open file. Pointers stay valid until gguf_close(). */
typedef struct {
    const char *name;        /* NUL-terminated */
    uint32_t type;           /* tensor_type_t id, known to tensor_type_info() */
    uint32_t n_dims;         /* 1..4 */
    uint64_t ne[GGUF_MAX_DIMS]; /* elements per dimension, GGML order: ne[0] = row length;
                                   unused dimensions are 1 */
    uint64_t n_elements;     /* product of ne */
    uint64_t offset;         /* offset of the data inside the data section */
    uint64_t size;           /* bytes of data */
    const void *data;        /* into the read-only mapping; its offset from the file start
                                is a multiple of gguf_alignment() (so for gguf_open it is
                                aligned in memory too: the mapping is page-aligned) */
} gguf_tensor_t;

/* An array value. Numeric elements are raw little-endian values inside the mapping and may
 * be unaligned: read them with gguf_array_get_*(). For string arrays, strings[i] is a
 * NUL-terminated copy of length string_lens[i]. Nested arrays are validated but their
 * elements are not exposed (data and strings NULL). */
typedef struct {
    gguf_type_t elem_type;
    uint64_t count;
    const void *data;                /* numeric / bool elements, else NULL */
    const char *const *strings;      /* string elements, else NULL */
    const size_t *string_lens;
} gguf_array_t;

/* Maps and validates path. On success *out owns the mapping (free with gguf_close). */
int gguf_open(gguf_file_t **out, const char *path, char *err, size_t err_size);
/* Same, but reads the whole file up front into anonymous memory marked for transparent
 * huge pages (madvise; a plain copy where the kernel has none), read-only afterwards. For
 * weights that are streamed again and again (decoding reads every weight once per token):
 * with 2 MiB pages the CPU reads them ~25% faster than through the 4 KiB pages of a file
 * mapping (fewer TLB misses; the prefetchers stop at page boundaries). Costs the file's
 * size in memory at once (not lazily) and the time to read it. Errors as gguf_open. */
int gguf_open_resident(gguf_file_t **out, const char *path, char *err, size_t err_size);
/* Parses an in-memory image (not copied: it must outlive the file object). name is used in
 * error messages. Same validation as gguf_open. */
int gguf_open_memory(gguf_file_t **out, const void *data, size_t size, const char *name,
                     char *err, size_t err_size);
/* Unmaps and frees everything. NULL is a no-op. */
void gguf_close(gguf_file_t *f);

uint32_t gguf_version(const gguf_file_t *f);
/* Data alignment (general.alignment or 32). */
uint32_t gguf_alignment(const gguf_file_t *f);
/* Path or name the file was opened with. */
const char *gguf_path(const gguf_file_t *f);
/* Size of the whole file and offset of the data section within it. */
uint64_t gguf_file_size(const gguf_file_t *f);
uint64_t gguf_data_offset(const gguf_file_t *f);

/* Key/value access by position (0 .. gguf_kv_count-1, file order). */
size_t gguf_kv_count(const gguf_file_t *f);
const char *gguf_kv_key(const gguf_file_t *f, size_t index);
gguf_type_t gguf_kv_type(const gguf_file_t *f, size_t index);
/* Index of key, or -1 when absent. */
long gguf_find_key(const gguf_file_t *f, const char *key);
/* Type of a key's value; GGUF_ERR_NOT_FOUND when absent. */
int gguf_get_type(const gguf_file_t *f, const char *key, gguf_type_t *out);

/* Typed getters. Return GGUF_ERR_NOT_FOUND when the key is absent, GGUF_ERR_TYPE when the
 * value has an incompatible type, GGUF_ERR_RANGE when an integer does not fit. The integer
 * getters accept any stored integer type whose value fits; gguf_get_f32 accepts FLOAT32 and
 * FLOAT64; gguf_get_bool accepts BOOL only. The string getter returns a NUL-terminated
 * pointer owned by f; len (may be NULL) gets its length. */
int gguf_get_u32(const gguf_file_t *f, const char *key, uint32_t *out);
int gguf_get_i32(const gguf_file_t *f, const char *key, int32_t *out);
int gguf_get_u64(const gguf_file_t *f, const char *key, uint64_t *out);
int gguf_get_i64(const gguf_file_t *f, const char *key, int64_t *out);
int gguf_get_f32(const gguf_file_t *f, const char *key, float *out);
int gguf_get_f64(const gguf_file_t *f, const char *key, double *out);
int gguf_get_bool(const gguf_file_t *f, const char *key, bool *out);
int gguf_get_string(const gguf_file_t *f, const char *key, const char **out, size_t *len);
/* Array value of key (GGUF_ERR_TYPE if not an array). */
int gguf_get_array(const gguf_file_t *f, const char *key, gguf_array_t *out);

/* Element i of a numeric array converted to the requested type. GGUF_ERR_RANGE for
 * i >= count or a value that does not fit; GGUF_ERR_TYPE for string/nested arrays (and,
 * for _f32/_f64, integer arrays are accepted and converted). */
int gguf_array_get_i64(const gguf_array_t *a, uint64_t i, int64_t *out);
int gguf_array_get_u64(const gguf_array_t *a, uint64_t i, uint64_t *out);
int gguf_array_get_f32(const gguf_array_t *a, uint64_t i, float *out);
int gguf_array_get_f64(const gguf_array_t *a, uint64_t i, double *out);

/* Tensors, file order. gguf_tensor_at returns NULL for an index out of range;
 * gguf_find_tensor returns NULL when no tensor has that name. */
size_t gguf_tensor_count(const gguf_file_t *f);
const gguf_tensor_t *gguf_tensor_at(const gguf_file_t *f, size_t index);
const gguf_tensor_t *gguf_find_tensor(const gguf_file_t *f, const char *name);

/* ---- writing ------------------------------------------------------------------------ */

typedef struct gguf_writer gguf_writer_t;

/* Produces the data of one tensor at write time (for tensors too large to keep in memory).
 * Called with consecutive chunks: fill the size bytes of dst that start offset bytes into
 * the tensor's data. Each chunk is a whole number of rows (ne[0] elements) of at most a few
 * MiB unless a single row is larger. Return 0, or non-zero to abort the write. */
typedef int (*gguf_fill_fn)(void *ctx, void *dst, uint64_t offset, uint64_t size);

int gguf_writer_new(gguf_writer_t **out);
void gguf_writer_free(gguf_writer_t *w);

/* Setters. Setting an existing key replaces its value (the key keeps its position).
 * Keys and strings are copied. "general.alignment" (u32, power of two) sets the alignment
 * used for the data section. */
int gguf_writer_set_u8(gguf_writer_t *w, const char *key, uint8_t v);
int gguf_writer_set_i8(gguf_writer_t *w, const char *key, int8_t v);
int gguf_writer_set_u16(gguf_writer_t *w, const char *key, uint16_t v);
int gguf_writer_set_i16(gguf_writer_t *w, const char *key, int16_t v);
int gguf_writer_set_u32(gguf_writer_t *w, const char *key, uint32_t v);
int gguf_writer_set_i32(gguf_writer_t *w, const char *key, int32_t v);
int gguf_writer_set_u64(gguf_writer_t *w, const char *key, uint64_t v);
int gguf_writer_set_i64(gguf_writer_t *w, const char *key, int64_t v);
int gguf_writer_set_f32(gguf_writer_t *w, const char *key, float v);
int gguf_writer_set_f64(gguf_writer_t *w, const char *key, double v);
int gguf_writer_set_bool(gguf_writer_t *w, const char *key, bool v);
int gguf_writer_set_string(gguf_writer_t *w, const char *key, const char *v);
/* String with explicit length (may contain NUL bytes). */
int gguf_writer_set_string_n(gguf_writer_t *w, const char *key, const char *v, size_t len);
/* Array of fixed-size elements (elem_type not STRING/ARRAY); data holds count values in
 * host (little-endian) layout; it is copied. BOOL elements are one byte each. */
int gguf_writer_set_array(gguf_writer_t *w, const char *key, gguf_type_t elem_type,
                          const void *data, size_t count);
/* Array of strings; lens may be NULL (then strlen is used). */
int gguf_writer_set_string_array(gguf_writer_t *w, const char *key,
                                 const char *const *strings, const size_t *lens, size_t count);

/* Adds a tensor: type a tensor_type_t id, n_dims 1..4, ne in GGML order (ne[0] = row
 * length, a multiple of the type's block size). size must equal the bytes the shape needs.
 * data is copied; NULL means zero-filled. Duplicate names are refused (GGUF_ERR_ARG). */
int gguf_writer_add_tensor(gguf_writer_t *w, const char *name, uint32_t type,
                           uint32_t n_dims, const uint64_t *ne, const void *data,
                           uint64_t size);
/* Same, but the data is produced by fill(ctx, ...) while writing, not kept in memory. */
int gguf_writer_add_tensor_fill(gguf_writer_t *w, const char *name, uint32_t type,
                                uint32_t n_dims, const uint64_t *ne, uint64_t size,
                                gguf_fill_fn fill, void *ctx);

/* Writes a GGUF v3 file: to "<path>.tmp", renamed to path only when complete (a failed
 * write leaves no partial file under path). The writer stays usable (can be written
 * again). Fill callbacks are called during the write; one returning non-zero aborts it. */
int gguf_writer_write_file(gguf_writer_t *w, const char *path, char *err, size_t err_size);
/* Writes the image to a malloc'd buffer (*out owned by the caller, free()). */
int gguf_writer_write_memory(gguf_writer_t *w, void **out, size_t *size, char *err,
                             size_t err_size);

#endif
