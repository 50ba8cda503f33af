/* json_value.h — small jansson helpers the JSON-based reporters share (json.c,
 * codequality.c, sarif.c): strings from untrusted bytes, checked insertion, output.
 *
 * Building a document makes many allocations; instead of checking each one, the helpers
 * record the first failure in a bool the writer checks once before printing. */
#ifndef ASSAY_REPORT_JSON_VALUE_H
#define ASSAY_REPORT_JSON_VALUE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* A JSON string holding text (NULL reads as "") with invalid UTF-8 replaced by U+FFFD;
 * NULL on out of memory. */
json_t *json_value_string(const char *text);

/* Sets object[key] = value (stealing value); a NULL value or a failed set marks *failed. */
void json_value_set(json_t *object, const char *key, json_t *value, bool *failed);

/* Appends value to array (stealing value); failures mark *failed. */
void json_value_append(json_t *array, json_t *value, bool *failed);

/* Writes root with jansson flags (plus JSON_PRESERVE_ORDER), then a newline when newline
 * is true; 0, or -1 with err set. */
int json_value_write(FILE *out, const json_t *root, size_t flags, bool newline, char *err,
                     size_t err_size);

#endif
