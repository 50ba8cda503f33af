/* rule_file.c — the rule file parser: text in rules/<id>.yml to a rule_t.
 *
 * A rule file is a YAML mapping (rules/README.md): keys whose values are text (a block,
 * `key: |`, for multi-line text) or lists of text. rule_yaml.c reads the YAML with
 * libyaml; this file gives the keys their meaning and checks everything that can be
 * checked without tree-sitter (known keys, required fields, value syntax, the types of
 * values); the query, its predicates and the captures named by templates are checked
 * when the pack compiles the combined query (rule_pack.c). Every error names
 * "path:line: problem". */
#include "analyzer/rules/rule_impl.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- error and small string helpers ------------------------------------------------ */

int rule_error_at(char *err, size_t err_size, const char *path, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (err && err_size) snprintf(err, err_size, "%s:%d: %s", path, line, msg);
    return -1;
}

static char *dup_range(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
    return s;
}

/* ---- templates ------------------------------------------------------------------------ */

static int template_push(template_t *t, bool is_name, const char *s, size_t n)
{
    if (n == 0 && !is_name) return 0;
    if (!is_name && t->count && !t->parts[t->count - 1].is_name) { /* merge literals */
        template_part_t *last = &t->parts[t->count - 1];
        size_t old = strlen(last->text);
        char *grown = realloc(last->text, old + n + 1);
        if (!grown) return -1;
        memcpy(grown + old, s, n);
        grown[old + n] = '\0';
        last->text = grown;
        return 0;
    }
    template_part_t *grown = realloc(t->parts, (t->count + 1) * sizeof(*grown));
    if (!grown) return -1;
    t->parts = grown;
    char *text = dup_range(s, n);
    if (!text) return -1;
    t->parts[t->count].is_name = is_name;
    t->parts[t->count].text = text;
    t->count++;
    return 0;
}

int template_parse(template_t *out, const char *text)
{
    memset(out, 0, sizeof(*out));
    const char *p = text, *lit = text;
    while (*p) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            if (template_push(out, false, lit, (size_t)(p - lit) + 1) < 0) goto oom;
            p += 2;
            lit = p;
            continue;
        }
        if (p[0] == '{' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
            const char *q = p + 1;
            while (isalnum((unsigned char)*q) || *q == '_') q++;
            if (*q == '}') {
                if (template_push(out, false, lit, (size_t)(p - lit)) < 0) goto oom;
                if (template_push(out, true, p + 1, (size_t)(q - p - 1)) < 0) goto oom;
                p = q + 1;
                lit = p;
                continue;
            }
        }
        p++;
    }
    if (template_push(out, false, lit, (size_t)(p - lit)) < 0) goto oom;
    return 0;
oom:
    template_destroy(out);
    return -1;
}

void template_destroy(template_t *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->count; i++) free(t->parts[i].text);
    free(t->parts);
    memset(t, 0, sizeof(*t));
}

/* ---- rule lifetime -------------------------------------------------------------------- */

static void impl_free(rule_impl_t *impl)
{
    if (!impl) return;
    free(impl->query);
    free(impl->query_line_file);
    free(impl->query_line_indent);
    free(impl->report);
    template_destroy(&impl->message);
    free(impl->fix_description);
    for (size_t i = 0; i < impl->fix_require_count; i++) free(impl->fix_requires[i]);
    free(impl->fix_requires);
    for (size_t i = 0; i < impl->fix_edit_count; i++) {
        free(impl->fix_edits[i].capture);
        template_destroy(&impl->fix_edits[i].replacement);
    }
    free(impl->fix_edits);
    for (size_t i = 0; i < impl->gate_word_count; i++) free(impl->gate_words[i]);
    free(impl->gate_words);
    free(impl);
}

void rule_free(rule_t *rule)
{
    if (!rule) return;
    free(rule->id);
    free(rule->name);
    free(rule->short_description);
    free(rule->full_description);
    free(rule->message);
    free(rule->help);
    free(rule->help_uri);
    free(rule->extra_cwes);
    for (size_t i = 0; i < rule->tag_count; i++) free(rule->tags[i]);
    free(rule->tags);
    for (size_t i = 0; i < rule->overlap_count; i++) free(rule->overlaps[i]);
    free(rule->overlaps);
    free(rule->source_path);
    impl_free(rule->impl);
    free(rule);
}

void rule_query_position(const rule_impl_t *impl, uint32_t offset, uint32_t *line, uint32_t *col)
{
    uint32_t qline = 0, qcol = 0;
    size_t n = strlen(impl->query);
    for (uint32_t i = 0; i < offset && i < n; i++) {
        if (impl->query[i] == '\n') {
            qline++;
            qcol = 0;
        } else {
            qcol++;
        }
    }
    if (impl->query_line_count == 0) {
        *line = (uint32_t)impl->query_key_line;
        *col = 1;
        return;
    }
    if (qline >= impl->query_line_count) qline = (uint32_t)impl->query_line_count - 1;
    *line = impl->query_line_file[qline];
    *col = impl->query_line_indent[qline] + qcol + 1;
}

/* ---- field parsers ------------------------------------------------------------------- */

typedef struct {
    const char *path;
    char *err;
    size_t err_size;
    rule_t *rule;
    rule_impl_t *impl;
} parse_state_t;

static int parse_cwe(const char *word, int *out)
{
    if (strncasecmp(word, "CWE-", 4) == 0) word += 4;
    if (!isdigit((unsigned char)*word)) return -1;
    char *end;
    errno = 0;
    long v = strtol(word, &end, 10);
    if (errno || *end || v <= 0 || v > 100000) return -1;
    *out = (int)v;
    return 0;
}

/* Splits a comma-separated list into trimmed, non-empty words (caller frees each and the array). */
static int split_list(const char *value, char ***out, size_t *count)
{
    *out = NULL;
    *count = 0;
    char *copy = strdup(value);
    if (!copy) return -1;
    char *save = NULL;
    for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        w = trim(w);
        if (!*w) continue;
        char **grown = realloc(*out, (*count + 1) * sizeof(*grown));
        char *d = strdup(w);
        if (!grown || !d) {
            free(d);
            if (grown) *out = grown;
            free(copy);
            return -1;
        }
        *out = grown;
        (*out)[(*count)++] = d;
    }
    free(copy);
    return 0;
}

static void free_list(char **list, size_t count)
{
    for (size_t i = 0; i < count; i++) free(list[i]);
    free(list);
}

static bool valid_rule_id(const char *id)
{
    /* lowercase words separated by '.', words of [a-z0-9-], at least two of them */
    size_t dots = 0;
    const char *p = id;
    if (!islower((unsigned char)*p)) return false;
    for (; *p; p++) {
        if (*p == '.') {
            if (p[1] == '\0' || p[1] == '.' || p[1] == '-') return false;
            dots++;
        } else if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-')) {
            return false;
        }
    }
    return dots >= 1 && p[-1] != '-';
}

static bool valid_capture_name(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_')) return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '.' || *s == '-')) return false;
    return true;
}

/* "@capture => replacement", or "statement(@capture) => replacement" for the simple
 * statement holding the capture */
static int parse_fix_edit(parse_state_t *st, fix_edit_kind_t kind, const char *value, int line)
{
    static const char statement_of[] = "statement(";
    const char *p = value;
    bool statement = strncmp(p, statement_of, sizeof statement_of - 1) == 0;
    if (statement) p += sizeof statement_of - 1;
    if (*p != '@')
        return rule_error_at(st->err, st->err_size, st->path, line,
                    "fix edit must look like '@capture => replacement' or 'statement(@capture) => replacement', got '%s'",
                    value);
    const char *arrow = strstr(p, "=>");
    if (!arrow)
        return rule_error_at(st->err, st->err_size, st->path, line,
                    "fix edit must look like '@capture => replacement' (missing '=>')");
    char *cap = dup_range(p + 1, (size_t)(arrow - p - 1));
    if (!cap) return rule_error_at(st->err, st->err_size, st->path, line, "out of memory");
    char *name = trim(cap);
    if (statement) {
        size_t len = strlen(name);
        if (len == 0 || name[len - 1] != ')') {
            int rc = rule_error_at(st->err, st->err_size, st->path, line, "missing ')' after 'statement(@%s' in fix edit",
                                   name);
            free(cap);
            return rc;
        }
        name[len - 1] = '\0';
        name = trim(name);
    }
    if (!valid_capture_name(name)) {
        int rc = rule_error_at(st->err, st->err_size, st->path, line, "bad capture name '@%s' in fix edit", name);
        free(cap);
        return rc;
    }
    const char *repl = arrow + 2;
    if (*repl == ' ') repl++; /* one space after "=>" is layout; more is part of the text */
    fix_edit_spec_t *grown = realloc(st->impl->fix_edits, (st->impl->fix_edit_count + 1) * sizeof(*grown));
    if (!grown) {
        free(cap);
        return rule_error_at(st->err, st->err_size, st->path, line, "out of memory");
    }
    st->impl->fix_edits = grown;
    fix_edit_spec_t *e = &grown[st->impl->fix_edit_count];
    memset(e, 0, sizeof(*e));
    e->kind = kind;
    e->line = line;
    e->statement = statement;
    e->capture = strdup(name);
    free(cap);
    if (!e->capture || template_parse(&e->replacement, repl) < 0) {
        free(e->capture);
        return rule_error_at(st->err, st->err_size, st->path, line, "out of memory");
    }
    st->impl->fix_edit_count++;
    return 0;
}

/* ---- keys ----------------------------------------------------------------------------- */

enum {
    K_ID, K_NAME, K_ENGINE, K_CWE, K_EXTRA_CWES, K_SEVERITY, K_SECURITY_SEVERITY, K_TAGS,
    K_SHORT, K_DESCRIPTION, K_MESSAGE, K_HELP, K_HELP_URI, K_QUERY, K_REPORT, K_FIX,
    K_FIX_MEANING, K_FIX_REQUIRES, K_FIX_REPLACE, K_FIX_INSERT_BEFORE, K_FIX_INSERT_AFTER,
    K_OVERLAPS, K_CERTAINTY, K_DECIDE, K_COUNT
};

static const char *const key_names[K_COUNT] = {
    "id", "name", "engine", "cwe", "extra-cwes", "severity", "security-severity", "tags",
    "short", "description", "message", "help", "help-uri", "query", "report", "fix",
    "fix-meaning", "fix-requires", "fix-replace", "fix-insert-before", "fix-insert-after",
    "overlaps", "certainty", "decide",
};

/* Keys whose value is a list of words: a YAML list, or one text of comma-separated words. */
static bool key_is_list(int k)
{
    return k == K_EXTRA_CWES || k == K_TAGS || k == K_OVERLAPS || k == K_FIX_REQUIRES || k == K_DECIDE;
}

/* Keys that may have several values (a YAML list of them), each applied on its own. */
static bool key_repeatable(int k)
{
    return k == K_FIX_REPLACE || k == K_FIX_INSERT_BEFORE || k == K_FIX_INSERT_AFTER;
}

/* The `decide:` families, in the order of their RULE_DECIDE_* bits (core/rule.h). */
static const char *const decide_names[] = {
    "assert", "bounds", "format", "command", "realloc", "alloc-size", "alloc-wrap", "evidence",
};
#define DECIDE_COUNT (sizeof decide_names / sizeof decide_names[0])

static int set_string(parse_state_t *st, char **field, const char *value, int line)
{
    *field = strdup(value);
    return *field ? 0 : rule_error_at(st->err, st->err_size, st->path, line, "out of memory");
}

/* Where each line of the query text sits in the file, for rule_query_position. */
static int set_query_lines(parse_state_t *st, const rule_yaml_scalar_t *v, int line)
{
    size_t nlines = 1;
    if (v->block)
        for (const char *p = v->text; *p; p++) nlines += *p == '\n';
    rule_impl_t *im = st->impl;
    im->query_line_file = calloc(nlines, sizeof(uint32_t));
    im->query_line_indent = calloc(nlines, sizeof(uint32_t));
    if (!im->query_line_file || !im->query_line_indent)
        return rule_error_at(st->err, st->err_size, st->path, line, "out of memory");
    for (size_t k = 0; k < nlines; k++) {
        im->query_line_file[k] = (uint32_t)(v->first_line + (int)k);
        im->query_line_indent[k] = (uint32_t)v->column;
    }
    im->query_line_count = nlines;
    return 0;
}

/* Applies a key whose value is one text. */
static int apply_text(parse_state_t *st, int key, const rule_yaml_scalar_t *v, int line)
{
    rule_t *r = st->rule;
    rule_impl_t *im = st->impl;
    const char *value = v->text;
    if (*value == '\0') return rule_error_at(st->err, st->err_size, st->path, line, "empty value for '%s'", key_names[key]);
    switch (key) {
    case K_ID:
        im->id_line = line;
        if (!valid_rule_id(value))
            return rule_error_at(st->err, st->err_size, st->path, line,
                        "bad rule id '%s' (want lowercase words joined by '.', like c.strcpy-unbounded)",
                        value);
        return set_string(st, &r->id, value, line);
    case K_NAME:
        for (const char *p = value; *p; p++)
            if (!isalnum((unsigned char)*p))
                return rule_error_at(st->err, st->err_size, st->path, line,
                            "bad name '%s' (want one CamelCase word)", value);
        return set_string(st, &r->name, value, line);
    case K_ENGINE:
        if (strcmp(value, "treesitter") == 0) im->engine = RULE_ENGINE_TREESITTER;
        else if (strcmp(value, "clang") == 0) im->engine = RULE_ENGINE_CLANG;
        else
            return rule_error_at(st->err, st->err_size, st->path, line,
                        "unknown engine '%s' (want treesitter or clang)", value);
        return 0;
    case K_CWE:
        if (parse_cwe(value, &r->cwe) < 0)
            return rule_error_at(st->err, st->err_size, st->path, line, "bad CWE '%s' (want CWE-120 or 120)", value);
        return 0;
    case K_SEVERITY:
        if (severity_parse(value, &r->severity) < 0 || r->severity == SEVERITY_NONE)
            return rule_error_at(st->err, st->err_size, st->path, line,
                        "bad severity '%s' (want error, warning or note)", value);
        return 0;
    case K_CERTAINTY:
        if (certainty_parse(value, &r->certainty) < 0)
            return rule_error_at(st->err, st->err_size, st->path, line,
                        "bad certainty '%s' (want low, medium or high)", value);
        return 0;
    case K_SECURITY_SEVERITY: {
        char *end;
        errno = 0;
        double d = strtod(value, &end);
        if (errno || *end || end == value || !(d >= 0.0 && d <= 10.0))
            return rule_error_at(st->err, st->err_size, st->path, line,
                        "bad security-severity '%s' (want a number from 0 to 10)", value);
        r->security_severity = d;
        return 0;
    }
    case K_SHORT:
        return set_string(st, &r->short_description, value, line);
    case K_DESCRIPTION:
        return set_string(st, &r->full_description, value, line);
    case K_MESSAGE:
        if (strchr(value, '\n'))
            return rule_error_at(st->err, st->err_size, st->path, line, "message must be one line");
        im->message_line = line;
        if (template_parse(&im->message, value) < 0) return rule_error_at(st->err, st->err_size, st->path, line, "out of memory");
        return set_string(st, &r->message, value, line);
    case K_HELP:
        return set_string(st, &r->help, value, line);
    case K_HELP_URI:
        if (strncmp(value, "https://", 8) != 0 && strncmp(value, "http://", 7) != 0)
            return rule_error_at(st->err, st->err_size, st->path, line, "help-uri must be an http(s) URL");
        return set_string(st, &r->help_uri, value, line);
    case K_QUERY:
        im->query_key_line = line;
        if (set_query_lines(st, v, line) < 0) return -1;
        return set_string(st, &im->query, value, line);
    case K_REPORT:
        if (value[0] != '@' || !valid_capture_name(value + 1))
            return rule_error_at(st->err, st->err_size, st->path, line, "report must name a capture, like '@call'");
        im->report_line = line;
        return set_string(st, &im->report, value + 1, line);
    case K_FIX:
        im->fix_line = line;
        return set_string(st, &im->fix_description, value, line);
    case K_FIX_MEANING:
        if (strcmp(value, "preserved") == 0) im->fix_changes_meaning = false;
        else if (strcmp(value, "changed") == 0) im->fix_changes_meaning = true;
        else
            return rule_error_at(st->err, st->err_size, st->path, line,
                        "bad fix-meaning '%s' (want preserved or changed)", value);
        return 0;
    case K_FIX_REPLACE:
        return parse_fix_edit(st, FIX_EDIT_REPLACE, value, line);
    case K_FIX_INSERT_BEFORE:
        return parse_fix_edit(st, FIX_EDIT_INSERT_BEFORE, value, line);
    case K_FIX_INSERT_AFTER:
        return parse_fix_edit(st, FIX_EDIT_INSERT_AFTER, value, line);
    }
    return 0;
}

/* Applies a key whose value is a list of words (words[0..n), each trimmed, none empty). */
static int apply_words(parse_state_t *st, int key, char **words, size_t n, int line)
{
    rule_t *r = st->rule;
    switch (key) {
    case K_EXTRA_CWES:
        r->extra_cwes = calloc(n ? n : 1, sizeof(int));
        if (!r->extra_cwes) return rule_error_at(st->err, st->err_size, st->path, line, "out of memory");
        for (size_t i = 0; i < n; i++)
            if (parse_cwe(words[i], &r->extra_cwes[i]) < 0)
                return rule_error_at(st->err, st->err_size, st->path, line, "bad CWE '%s' in extra-cwes", words[i]);
        r->extra_cwe_count = n;
        return 0;
    case K_OVERLAPS:
        for (size_t i = 0; i < n; i++)
            if (strncmp(words[i], "c.", 2) != 0 || strchr(words[i], ' '))
                return rule_error_at(st->err, st->err_size, st->path, line,
                            "bad rule id '%s' in overlaps (want ids like c.gets)", words[i]);
        return 0;
    case K_DECIDE:
        for (size_t i = 0; i < n; i++) {
            size_t k = 0;
            while (k < DECIDE_COUNT && strcmp(words[i], decide_names[k]) != 0) k++;
            if (k == DECIDE_COUNT)
                return rule_error_at(st->err, st->err_size, st->path, line,
                            "unknown decision family '%s' in decide (want assert, bounds, format, command, "
                            "realloc, alloc-size or alloc-wrap)", words[i]);
            r->decide |= 1u << k;
        }
        return 0;
    }
    return 0;
}

/* The words of a list key: its YAML list's items, or its text split at commas; each
 * trimmed, empty ones dropped. The caller frees them (free_list). */
static int entry_words(parse_state_t *st, const rule_yaml_entry_t *e, char ***out, size_t *n)
{
    if (!e->is_list) {
        if (split_list(e->items[0].text, out, n) < 0) return rule_error_at(st->err, st->err_size, st->path, e->line, "out of memory");
        return 0;
    }
    *out = calloc(e->count ? e->count : 1, sizeof(char *));
    *n = 0;
    if (!*out) return rule_error_at(st->err, st->err_size, st->path, e->line, "out of memory");
    for (size_t i = 0; i < e->count; i++) {
        if (strchr(e->items[i].text, ','))
            return rule_error_at(st->err, st->err_size, st->path, e->items[i].line,
                        "'%s' in the list of '%s' holds a comma (one word per item)", e->items[i].text, e->key);
        char *copy = strdup(e->items[i].text);
        if (!copy) return rule_error_at(st->err, st->err_size, st->path, e->line, "out of memory");
        char *w = trim(copy);
        if (!*w) {
            free(copy);
            continue;
        }
        memmove(copy, w, strlen(w) + 1);
        (*out)[(*n)++] = copy;
    }
    return 0;
}

/* Applies one key of the file, whatever the shape of its value. */
static int apply_entry(parse_state_t *st, int key, const rule_yaml_entry_t *e)
{
    if (key_is_list(key)) {
        if (!e->is_list && e->items[0].text[0] == '\0') /* `tags:` with nothing: a mistake; `tags: []` is not */
            return rule_error_at(st->err, st->err_size, st->path, e->line, "empty value for '%s'", key_names[key]);
        char **words = NULL;
        size_t n = 0;
        int rc = entry_words(st, e, &words, &n);
        if (rc == 0) rc = apply_words(st, key, words, n, e->line);
        /* tags, overlaps and fix-requires keep the words themselves */
        if (rc == 0 && key == K_TAGS) {
            st->rule->tags = words;
            st->rule->tag_count = n;
        } else if (rc == 0 && key == K_OVERLAPS) {
            st->rule->overlaps = words;
            st->rule->overlap_count = n;
        } else if (rc == 0 && key == K_FIX_REQUIRES) {
            st->impl->fix_requires = words;
            st->impl->fix_require_count = n;
        } else {
            free_list(words, n);
        }
        return rc;
    }
    if (e->is_list && !key_repeatable(key))
        return rule_error_at(st->err, st->err_size, st->path, e->line, "'%s' takes one value, not a list", key_names[key]);
    if (e->is_list && e->count == 0)
        return rule_error_at(st->err, st->err_size, st->path, e->line, "empty list for '%s'", key_names[key]);
    for (size_t i = 0; i < e->count; i++)
        if (apply_text(st, key, &e->items[i], e->is_list ? e->items[i].line : e->line) < 0) return -1;
    return 0;
}

/* ---- the parser ---------------------------------------------------------------------- */

int rule_file_parse(rule_t **out, const char *path, const char *text, size_t length,
                    char *err, size_t err_size)
{
    *out = NULL;
    if (memchr(text, '\0', length)) {
        size_t at = (size_t)((const char *)memchr(text, '\0', length) - text);
        int line = 1;
        for (size_t k = 0; k < at; k++) line += text[k] == '\n';
        return rule_error_at(err, err_size, path, line, "the file contains a NUL byte (not a rule file?)");
    }
    rule_yaml_t doc;
    if (rule_yaml_read(&doc, path, text, length, err, err_size) < 0) return -1;
    parse_state_t st = {.path = path, .err = err, .err_size = err_size};
    st.rule = calloc(1, sizeof(rule_t));
    st.impl = calloc(1, sizeof(rule_impl_t));
    int rc = -1;
    if (!st.rule || !st.impl) {
        rule_error_at(err, err_size, path, 1, "out of memory");
        goto done;
    }
    st.rule->impl = st.impl;
    st.rule->enabled = true;
    st.rule->severity = SEVERITY_WARNING;
    st.rule->source_path = strdup(path);
    if (!st.rule->source_path) {
        rule_error_at(err, err_size, path, 1, "out of memory");
        goto done;
    }
    int key_line[K_COUNT] = {0};
    for (size_t i = 0; i < doc.count; i++) {
        const rule_yaml_entry_t *e = &doc.entries[i];
        int key = -1;
        for (int k = 0; k < K_COUNT; k++)
            if (strcmp(e->key, key_names[k]) == 0) key = k;
        if (key < 0) {
            rule_error_at(err, err_size, path, e->line, "unknown key '%s'", e->key);
            goto done;
        }
        key_line[key] = e->line; /* keys are unique (rule_yaml.c) */
        if (apply_entry(&st, key, e) < 0) goto done;
    }
    /* required fields */
    static const int required[] = {K_ID, K_NAME, K_SEVERITY, K_SHORT, K_MESSAGE, K_HELP};
    int last_line = doc.last_line;
    for (size_t k = 0; k < sizeof required / sizeof required[0]; k++) {
        if (!key_line[required[k]]) {
            rule_error_at(err, err_size, path, last_line, "missing required key '%s'", key_names[required[k]]);
            goto done;
        }
    }
    if (st.rule->certainty == CERTAINTY_UNSET) /* a proof by the libclang walk, or a pattern */
        st.rule->certainty = st.impl->engine == RULE_ENGINE_CLANG ? CERTAINTY_HIGH : CERTAINTY_MEDIUM;
    st.rule->engine = st.impl->engine;
    if (st.impl->engine == RULE_ENGINE_TREESITTER) {
        if (!key_line[K_QUERY]) {
            rule_error_at(err, err_size, path, last_line, "missing required key 'query' (or 'engine: clang')");
            goto done;
        }
        if (!key_line[K_REPORT]) {
            rule_error_at(err, err_size, path, key_line[K_QUERY], "missing required key 'report' (the capture to report, like '@call')");
            goto done;
        }
    } else {
        static const int treesitter_only[] = {K_QUERY, K_REPORT, K_FIX, K_FIX_MEANING, K_FIX_REQUIRES,
                                              K_FIX_REPLACE, K_FIX_INSERT_BEFORE, K_FIX_INSERT_AFTER,
                                              K_DECIDE};
        for (size_t k = 0; k < sizeof treesitter_only / sizeof treesitter_only[0]; k++) {
            int key = treesitter_only[k];
            if (key_line[key]) {
                rule_error_at(err, err_size, path, key_line[key],
                     "'%s' is not allowed with 'engine: clang' (the check is C code)", key_names[key]);
                goto done;
            }
        }
    }
    bool any_edit = key_line[K_FIX_REPLACE] || key_line[K_FIX_INSERT_BEFORE] || key_line[K_FIX_INSERT_AFTER];
    if (key_line[K_FIX] && !any_edit) {
        rule_error_at(err, err_size, path, key_line[K_FIX], "'fix' needs at least one fix-replace or fix-insert-* key");
        goto done;
    }
    if (key_line[K_FIX] && !key_line[K_FIX_MEANING]) {
        rule_error_at(err, err_size, path, key_line[K_FIX], "'fix' needs 'fix-meaning: preserved' or 'fix-meaning: changed'");
        goto done;
    }
    if (!key_line[K_FIX]) {
        int stray = any_edit ? (key_line[K_FIX_REPLACE] ? key_line[K_FIX_REPLACE]
                                : key_line[K_FIX_INSERT_BEFORE] ? key_line[K_FIX_INSERT_BEFORE]
                                : key_line[K_FIX_INSERT_AFTER])
                    : key_line[K_FIX_MEANING] ? key_line[K_FIX_MEANING] : key_line[K_FIX_REQUIRES];
        if (stray) {
            rule_error_at(err, err_size, path, stray, "fix edits need a 'fix: <description>' key");
            goto done;
        }
    }
    if (!st.rule->full_description) {
        st.rule->full_description = strdup(st.rule->short_description);
        if (!st.rule->full_description) {
            rule_error_at(err, err_size, path, 1, "out of memory");
            goto done;
        }
    }
    *out = st.rule;
    st.rule = NULL;
    rc = 0;
done:
    rule_yaml_destroy(&doc);
    if (st.rule) rule_free(st.rule);
    else if (rc < 0) impl_free(st.impl);
    return rc;
}
