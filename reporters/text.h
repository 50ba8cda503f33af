/* text.h — text helpers every reporter shares: a growable byte buffer, UTF-8 repair,
 * column conversion and the severity words of each format.
 *
 * Source text is whatever bytes the file held. Formats that must be valid UTF-8 (JSON,
 * XML) pass it through text_utf8_repair first, which keeps valid UTF-8 and replaces each
 * invalid byte with U+FFFD. Candidate columns count bytes; text_column_convert turns a
 * byte column of a line into a code-point or UTF-16 column. */
#ifndef ASSAY_REPORT_TEXT_H
#define ASSAY_REPORT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reporters/report.h"

/* A growable, always NUL-terminated byte buffer. A failed append sets `failed` and drops
 * every later append, so writers check once at the end. */
typedef struct {
    char *data;
    size_t length, capacity;
    bool failed;
} text_buffer_t;

void text_buffer_init(text_buffer_t *buffer);
void text_buffer_destroy(text_buffer_t *buffer);
void text_buffer_append(text_buffer_t *buffer, const char *bytes, size_t length);
void text_buffer_puts(text_buffer_t *buffer, const char *text);
void text_buffer_putc(text_buffer_t *buffer, char c);
void text_buffer_printf(text_buffer_t *buffer, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Returns a new NUL-terminated copy of text[0..length) in which every byte that does not
 * start a valid UTF-8 sequence is replaced by U+FFFD; NUL bytes become U+FFFD too. When
 * xml is true, characters XML 1.0 cannot hold (C0 controls but tab, LF, CR; U+FFFE/U+FFFF)
 * are replaced as well. NULL text gives "". Caller frees; NULL on out of memory. */
char *text_utf8_repair(const char *text, size_t length, bool xml);

/* Same, for a NUL-terminated string (NULL reads as ""). */
char *text_utf8_repair_string(const char *text, bool xml);

typedef enum {
    TEXT_COLUMN_CODE_POINTS, /* SARIF "unicodeCodePoints" */
    TEXT_COLUMN_UTF16,       /* SARIF "utf16CodeUnits" */
} text_column_kind_t;

/* Converts the 1-based byte column byte_column of line (line_length bytes, no newline)
 * into a 1-based column of kind. An invalid byte counts as one code point (one UTF-16
 * unit); columns past the end of the line keep their distance past it. With line NULL
 * the byte column is returned unchanged (exact for ASCII). */
uint32_t text_column_convert(const char *line, size_t line_length, uint32_t byte_column,
                             text_column_kind_t kind);

/* The caller's source line, or NULL (*length = 0) when options has no callback or the
 * line is unknown. */
const char *text_source_line(const report_options_t *options, const char *path, uint32_t line,
                             size_t *length);

/* The rule of candidate: candidate->rule if set, else the pack's rule with the same id,
 * else NULL. */
const rule_t *text_candidate_rule(const candidate_t *candidate, const report_options_t *options);

/* Writes the message in err (when err_size > 0) and returns -1. */
int text_error(char *err, size_t err_size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes all of buffer to out; 0, or -1 with "write error: <reason>" in err. A buffer
 * whose appends failed gives "out of memory". */
int text_buffer_write(const text_buffer_t *buffer, FILE *out, char *err, size_t err_size);

#endif
