/* text.c — shared text helpers of the reporters (see text.h): buffer, UTF-8 repair, column
 * conversion.
 *
 * The one idea: source bytes are never trusted to be UTF-8. Decoding follows the Unicode
 * "maximal subpart" rule in its simplest form: a byte that does not begin a complete,
 * shortest-form sequence becomes one U+FFFD and decoding resumes at the next byte. */
#include "core/utf8.h"
#include "reporters/text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- buffer ----------------------------------------------------------------------- */

void text_buffer_init(text_buffer_t *buffer)
{
    memset(buffer, 0, sizeof(*buffer));
}

void text_buffer_destroy(text_buffer_t *buffer)
{
    free(buffer->data);
    memset(buffer, 0, sizeof(*buffer));
}

static bool buffer_reserve(text_buffer_t *buffer, size_t extra)
{
    if (buffer->failed) return false;
    if (buffer->length + extra + 1 <= buffer->capacity) return true;
    size_t capacity = buffer->capacity ? buffer->capacity : 256;
    while (capacity < buffer->length + extra + 1) {
        if (capacity > SIZE_MAX / 2) {
            buffer->failed = true;
            return false;
        }
        capacity *= 2;
    }
    char *grown = realloc(buffer->data, capacity);
    if (!grown) {
        buffer->failed = true;
        return false;
    }
    buffer->data = grown;
    buffer->capacity = capacity;
    return true;
}

void text_buffer_append(text_buffer_t *buffer, const char *bytes, size_t length)
{
    if (!buffer_reserve(buffer, length)) return;
    if (length) memcpy(buffer->data + buffer->length, bytes, length);
    buffer->length += length;
    buffer->data[buffer->length] = '\0';
}

void text_buffer_puts(text_buffer_t *buffer, const char *text)
{
    if (text) text_buffer_append(buffer, text, strlen(text));
}

void text_buffer_putc(text_buffer_t *buffer, char c)
{
    text_buffer_append(buffer, &c, 1);
}

void text_buffer_printf(text_buffer_t *buffer, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    va_list copy;
    va_copy(copy, args);
    int needed = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (needed < 0) {
        buffer->failed = true;
    } else if (buffer_reserve(buffer, (size_t)needed)) {
        vsnprintf(buffer->data + buffer->length, (size_t)needed + 1, format, args);
        buffer->length += (size_t)needed;
    }
    va_end(args);
}

int text_buffer_write(const text_buffer_t *buffer, FILE *out, char *err, size_t err_size)
{
    if (buffer->failed) return text_error(err, err_size, "out of memory while writing the report");
    if (buffer->length && fwrite(buffer->data, 1, buffer->length, out) != buffer->length)
        return text_error(err, err_size, "write failed: %s", strerror(errno));
    if (fflush(out) != 0)
        return text_error(err, err_size, "write failed: %s", strerror(errno));
    return 0;
}

int text_error(char *err, size_t err_size, const char *format, ...)
{
    if (err && err_size) {
        va_list args;
        va_start(args, format);
        vsnprintf(err, err_size, format, args);
        va_end(args);
    }
    return -1;
}

/* ---- UTF-8 ------------------------------------------------------------------------ */

static bool xml_allows(uint32_t cp)
{
    if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
    return cp != 0xFFFE && cp != 0xFFFF;
}

char *text_utf8_repair(const char *text, size_t length, bool xml)
{
    text_buffer_t out;
    text_buffer_init(&out);
    text_buffer_append(&out, "", 0); /* "" for empty input, never NULL */
    const unsigned char *s = (const unsigned char *)(text ? text : "");
    if (!text) length = 0;
    static const char replacement[] = "\xEF\xBF\xBD";
    size_t i = 0;
    while (i < length) {
        uint32_t cp = 0xFFFD; /* what an invalid byte stands for */
        size_t n = utf8_decode((const char *)s + i, length - i, &cp);
        if (n == 0 || cp == 0 || (xml && !xml_allows(cp))) {
            text_buffer_append(&out, replacement, 3);
            i += n ? n : 1;
        } else {
            text_buffer_append(&out, (const char *)s + i, n);
            i += n;
        }
    }
    if (out.failed) {
        text_buffer_destroy(&out);
        return NULL;
    }
    return out.data;
}

char *text_utf8_repair_string(const char *text, bool xml)
{
    return text_utf8_repair(text, text ? strlen(text) : 0, xml);
}

uint32_t text_column_convert(const char *line, size_t line_length, uint32_t byte_column,
                             text_column_kind_t kind)
{
    if (!line || byte_column <= 1) return byte_column;
    const unsigned char *s = (const unsigned char *)line;
    size_t target = byte_column - 1; /* bytes before the column */
    size_t i = 0;
    uint32_t units = 0;
    while (i < target && i < line_length) {
        uint32_t cp = 0xFFFD; /* what an invalid byte stands for */
        size_t n = utf8_decode((const char *)s + i, line_length - i, &cp);
        if (n == 0) n = 1;
        if (i + n > target) { /* the column points inside a character: that character's column */
            i = target;
            break;
        }
        units += (kind == TEXT_COLUMN_UTF16 && cp > 0xFFFF) ? 2 : 1;
        i += n;
    }
    if (target > i) units += (uint32_t)(target - i); /* past the end of the line */
    return units + 1;
}

/* ---- options ---------------------------------------------------------------------- */

const char *text_source_line(const report_options_t *options, const char *path, uint32_t line,
                             size_t *length)
{
    *length = 0;
    if (!options || !options->source_line || !path || line == 0) return NULL;
    size_t n = 0;
    const char *text = options->source_line(options->source_ctx, path, line, &n);
    if (!text) return NULL;
    /* a caller that leaves the line ending in is forgiven */
    while (n && (text[n - 1] == '\n' || text[n - 1] == '\r')) n--;
    *length = n;
    return text;
}

const rule_t *text_candidate_rule(const candidate_t *candidate, const report_options_t *options)
{
    if (candidate->rule) return candidate->rule;
    if (!options || !options->rules || !candidate->rule_id) return NULL;
    for (size_t i = 0; i < options->rules->count; i++) {
        const rule_t *rule = options->rules->rules[i];
        if (rule && rule->id && strcmp(rule->id, candidate->rule_id) == 0) return rule;
    }
    return NULL;
}
