/* rule_yaml.c — reads a rule file's YAML (libyaml) into its top-level keys.
 *
 * A rule file is one YAML mapping whose values are text or lists of text; nothing deeper.
 * This file turns libyaml's document into that flat shape (rule_yaml_t in rule_impl.h)
 * and keeps, for every piece of text, where it sits in the file: libyaml's marks give the
 * line and column of each node, and a literal block (`query: |`) keeps its lines, so line
 * k of the text is file line first_line + k. It rejects what YAML allows and a rule file
 * must not hold (nested mappings, lists of lists, duplicate keys, several documents);
 * what the keys mean is rule_file.c's job. Every error names "path:line: problem". */
#include "analyzer/rules/rule_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

static const char *node_kind(const yaml_node_t *n)
{
    return n->type == YAML_MAPPING_NODE ? "a mapping" : n->type == YAML_SEQUENCE_NODE ? "a list" : "text";
}

/* The number of lines of the file, as an editor counts them (the last one for errors
 * about something missing). */
static int count_lines(const char *text, size_t length)
{
    int lines = 1;
    for (size_t i = 0; i < length; i++) lines += text[i] == '\n' && i + 1 < length;
    return lines;
}

/* Start of the 1-based line `line` of text, and its length without "\r\n"; NULL when
 * the file is shorter. */
static const char *file_line(const char *text, size_t length, int line, size_t *n)
{
    size_t at = 0;
    for (int l = 1; l < line; l++) {
        const char *nl = memchr(text + at, '\n', length - at);
        if (!nl) return NULL;
        at = (size_t)(nl - text) + 1;
    }
    const char *nl = memchr(text + at, '\n', length - at);
    *n = (nl ? (size_t)(nl - text) : length) - at;
    if (*n && text[at + *n - 1] == '\r') (*n)--;
    return text + at;
}

/* Fills one scalar from a libyaml scalar node. */
static int read_scalar(rule_yaml_scalar_t *out, const yaml_node_t *n, const char *path, const char *text,
                       size_t length, const char *key, char *err, size_t err_size)
{
    size_t len = n->data.scalar.length;
    const char *value = (const char *)n->data.scalar.value;
    out->line = (int)n->start_mark.line + 1;
    if (memchr(value, '\0', len))
        return rule_error_at(err, err_size, path, out->line, "the value of '%s' contains a NUL character", key);
    yaml_scalar_style_t style = n->data.scalar.style;
    out->block = style == YAML_LITERAL_SCALAR_STYLE;
    bool below = out->block || style == YAML_FOLDED_SCALAR_STYLE;
    if (below) {
        while (len && value[len - 1] == '\n') len--; /* the block's final line breaks are layout */
        out->first_line = out->line + 1;             /* the text starts below `key: |` */
    } else {
        out->first_line = out->line;
    }
    out->text = malloc(len + 1);
    if (!out->text) return rule_error_at(err, err_size, path, out->line, "out of memory");
    memcpy(out->text, value, len);
    out->text[len] = '\0';
    out->column = (int)n->start_mark.column +
                  (style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE);
    if (below) {
        /* the block's indentation: how much of its first non-empty line the file has more
         * than the text (the same for every line of a literal block) */
        out->column = 0;
        const char *t = out->text;
        for (int k = 0; *t; k++) {
            const char *end = strchr(t, '\n');
            size_t tn = end ? (size_t)(end - t) : strlen(t), fn;
            const char *f = file_line(text, length, out->first_line + k, &fn);
            if (tn && f) {
                out->column = fn > tn ? (int)(fn - tn) : 0;
                break;
            }
            if (!end) break;
            t = end + 1;
        }
    }
    return 0;
}

static void entry_destroy(rule_yaml_entry_t *e)
{
    free(e->key);
    for (size_t i = 0; i < e->count; i++) free(e->items[i].text);
    free(e->items);
}

void rule_yaml_destroy(rule_yaml_t *doc)
{
    if (!doc) return;
    for (size_t i = 0; i < doc->count; i++) entry_destroy(&doc->entries[i]);
    free(doc->entries);
    memset(doc, 0, sizeof(*doc));
}

/* libyaml's own message for a syntax error, with a hint for the mistake rule authors make
 * most: a value starting with '@' or '`' (reserved in YAML) written without quotes. */
static int syntax_error(const yaml_parser_t *parser, const char *path, const char *text, size_t length,
                        char *err, size_t err_size)
{
    if (parser->error == YAML_MEMORY_ERROR) return rule_error_at(err, err_size, path, 1, "out of memory");
    const yaml_mark_t *mark = parser->problem ? &parser->problem_mark : &parser->context_mark;
    size_t at = mark->index;
    const char *hint = "";
    if (at < length && (text[at] == '@' || text[at] == '`'))
        hint = " (a value starting with @ or ` must be quoted: report: '@call')";
    char context[200] = "";
    if (parser->context && parser->problem && parser->context_mark.line != parser->problem_mark.line)
        snprintf(context, sizeof context, " %s that began on line %d", parser->context,
                 (int)parser->context_mark.line + 1);
    else if (parser->context)
        snprintf(context, sizeof context, " %s", parser->context);
    return rule_error_at(err, err_size, path, (int)mark->line + 1, "not valid YAML: %s%s%s",
                parser->problem ? parser->problem : "syntax error", context, hint);
}

static int read_entry(rule_yaml_entry_t *e, yaml_document_t *d, const yaml_node_t *key,
                      const yaml_node_t *value, const char *path, const char *text, size_t length, char *err,
                      size_t err_size)
{
    e->line = (int)key->start_mark.line + 1;
    if (key->type != YAML_SCALAR_NODE)
        return rule_error_at(err, err_size, path, e->line, "a key must be a word like 'id', not %s", node_kind(key));
    e->key = strndup((const char *)key->data.scalar.value, key->data.scalar.length);
    if (!e->key) return rule_error_at(err, err_size, path, e->line, "out of memory");
    if (value->type == YAML_MAPPING_NODE)
        return rule_error_at(err, err_size, path, (int)value->start_mark.line + 1,
                    "the value of '%s' must be text or a list of texts, not a mapping", e->key);
    if (value->type == YAML_SCALAR_NODE) {
        e->items = calloc(1, sizeof(*e->items));
        if (!e->items) return rule_error_at(err, err_size, path, e->line, "out of memory");
        e->count = 1;
        return read_scalar(&e->items[0], value, path, text, length, e->key, err, err_size);
    }
    e->is_list = true;
    size_t n = (size_t)(value->data.sequence.items.top - value->data.sequence.items.start);
    e->items = calloc(n ? n : 1, sizeof(*e->items));
    if (!e->items) return rule_error_at(err, err_size, path, e->line, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const yaml_node_t *item = yaml_document_get_node(d, value->data.sequence.items.start[i]);
        if (!item || item->type != YAML_SCALAR_NODE)
            return rule_error_at(err, err_size, path, item ? (int)item->start_mark.line + 1 : e->line,
                        "the list of '%s' must hold texts, not %s", e->key, item ? node_kind(item) : "nothing");
        if (read_scalar(&e->items[i], item, path, text, length, e->key, err, err_size) < 0) return -1;
        e->count++;
    }
    return 0;
}

/* Reads the one mapping of the document into doc. */
static int read_mapping(rule_yaml_t *doc, yaml_document_t *d, const char *path, const char *text, size_t length,
                        char *err, size_t err_size)
{
    const yaml_node_t *root = yaml_document_get_root_node(d);
    if (!root) return 0; /* empty, or comments only: rule_file.c names the first missing key */
    if (root->type != YAML_MAPPING_NODE)
        return rule_error_at(err, err_size, path, (int)root->start_mark.line + 1,
                    "a rule file is a YAML mapping of keys (id: ..., name: ...), not %s", node_kind(root));
    size_t n = (size_t)(root->data.mapping.pairs.top - root->data.mapping.pairs.start);
    doc->entries = calloc(n ? n : 1, sizeof(*doc->entries));
    if (!doc->entries) return rule_error_at(err, err_size, path, 1, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const yaml_node_pair_t *pair = &root->data.mapping.pairs.start[i];
        const yaml_node_t *key = yaml_document_get_node(d, pair->key);
        const yaml_node_t *value = yaml_document_get_node(d, pair->value);
        rule_yaml_entry_t *e = &doc->entries[doc->count++];
        if (!key || !value) return rule_error_at(err, err_size, path, 1, "broken YAML document");
        if (read_entry(e, d, key, value, path, text, length, err, err_size) < 0) return -1;
        for (size_t j = 0; j + 1 < doc->count; j++)
            if (strcmp(doc->entries[j].key, e->key) == 0)
                return rule_error_at(err, err_size, path, e->line, "duplicate key '%s' (first on line %d)", e->key,
                            doc->entries[j].line);
    }
    return 0;
}

int rule_yaml_read(rule_yaml_t *doc, const char *path, const char *text, size_t length, char *err, size_t err_size)
{
    memset(doc, 0, sizeof(*doc));
    doc->last_line = count_lines(text, length);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return rule_error_at(err, err_size, path, 1, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, length);
    yaml_document_t d;
    int rc = -1;
    if (!yaml_parser_load(&parser, &d)) {
        syntax_error(&parser, path, text, length, err, err_size);
        yaml_parser_delete(&parser);
        return -1;
    }
    if (read_mapping(doc, &d, path, text, length, err, err_size) == 0) {
        yaml_document_t next;
        if (!yaml_parser_load(&parser, &next)) {
            syntax_error(&parser, path, text, length, err, err_size);
        } else {
            const yaml_node_t *more = yaml_document_get_root_node(&next);
            if (more)
                rule_error_at(err, err_size, path, (int)more->start_mark.line + 1,
                     "a rule file holds one YAML document (one rule); this is a second");
            else
                rc = 0;
            yaml_document_delete(&next);
        }
    }
    yaml_document_delete(&d);
    yaml_parser_delete(&parser);
    if (rc < 0) rule_yaml_destroy(doc);
    return rc;
}
