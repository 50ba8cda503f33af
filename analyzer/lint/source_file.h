/* source_file.h — reading one input file safely, and finding its lines.
 *
 * The driver reads every file it lints through source_file_read: it opens without
 * blocking (a FIFO or device in the tree must not hang the run), refuses what is not a
 * regular file, refuses binary files (a NUL byte in the first 8 KiB, as git and grep
 * decide) and files over a size limit, and reads the rest whole. Any other bytes are
 * fine: invalid UTF-8, huge lines and syntax errors are the scanner's business.
 *
 * A refused file is not an error of the run: source_file_read returns SOURCE_SKIPPED
 * with a short reason ("binary file (NUL byte in the first 8 KiB)") that the driver
 * prints as "path: reason" and hands to reporters as a notice. Files are only read,
 * never written. */
#ifndef ASSAY_SOURCE_FILE_H
#define ASSAY_SOURCE_FILE_H

#include <stddef.h>
#include <stdint.h>

/* Files larger than this are skipped with a notice (generated tables, blobs). */
#define SOURCE_FILE_MAX_BYTES ((size_t)64 << 20)
/* How much of the head source_file_read looks at for NUL bytes. */
#define SOURCE_FILE_BINARY_PROBE 8192

typedef enum {
    SOURCE_OK = 0,
    SOURCE_SKIPPED = 1, /* not read; reason says why (binary, not a regular file, ...) */
} source_status_t;

typedef struct {
    char *text;            /* the bytes, plus a terminating NUL not counted in length */
    size_t length;
    uint32_t *line_starts; /* byte offset of each line; (line_count,) ; built lazily */
    uint32_t line_count;   /* lines, counting a last line without newline */
} source_file_t;

/* Reads fs_path into a new source file owned by the caller (source_file_free).
 * Returns SOURCE_OK, SOURCE_SKIPPED with *out NULL and reason filled, or -1 with
 * reason filled on out of memory. reason never names the path: callers prefix it. */
int source_file_read(source_file_t **out, const char *fs_path, char *reason, size_t reason_size);

/* Whether bytes already in memory would be linted the way source_file_read decides for a
 * file: SOURCE_OK, or SOURCE_SKIPPED with the same reason (binary, too large). */
int source_file_check(const char *text, size_t length, char *reason, size_t reason_size);

/* Wraps bytes already in memory (copied); NULL on out of memory. For tests and stdin. */
source_file_t *source_file_from_memory(const char *text, size_t length);

/* Frees the file; NULL is a no-op. */
void source_file_free(source_file_t *file);

/* Builds the line table (idempotent). 0, or -1 on out of memory. Not thread-safe on
 * one file: call it from the thread that owns the file. */
int source_file_index_lines(source_file_t *file);

/* The text of 1-based line (without its "\n" or "\r\n") and its length; NULL when the
 * line does not exist. Needs source_file_index_lines first. */
const char *source_file_line(const source_file_t *file, uint32_t line, size_t *length);

/* Counts lines in text the way editors do (a last line without "\n" counts). */
uint32_t source_count_lines(const char *text, size_t length);

#endif
