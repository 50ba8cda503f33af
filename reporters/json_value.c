/* json_value.c — jansson helpers for the JSON-based reporters (see json_value.h). */
#include "reporters/json_value.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "reporters/text.h"

json_t *json_value_string(const char *text)
{
    char *repaired = text_utf8_repair_string(text, false);
    if (!repaired) return NULL;
    json_t *value = json_string(repaired);
    free(repaired);
    return value;
}

/* json_object_set_new and json_array_append_new take value even when they fail; with no
 * container there is nobody to take it, so it is released here. */
void json_value_set(json_t *object, const char *key, json_t *value, bool *failed)
{
    if (!object) {
        json_decref(value);
        *failed = true;
    } else if (!value || json_object_set_new(object, key, value) != 0) {
        *failed = true;
    }
}

void json_value_append(json_t *array, json_t *value, bool *failed)
{
    if (!array) {
        json_decref(value);
        *failed = true;
    } else if (!value || json_array_append_new(array, value) != 0) {
        *failed = true;
    }
}

int json_value_write(FILE *out, const json_t *root, size_t flags, bool newline, char *err,
                     size_t err_size)
{
    char *text = json_dumps(root, flags | JSON_PRESERVE_ORDER);
    if (!text) return text_error(err, err_size, "out of memory while writing the report");
    size_t length = strlen(text);
    int rc = 0;
    if (fwrite(text, 1, length, out) != length || (newline && fputc('\n', out) == EOF))
        rc = text_error(err, err_size, "write failed: %s", strerror(errno));
    free(text);
    return rc;
}
