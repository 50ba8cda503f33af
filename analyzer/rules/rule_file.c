/* rule_file.c — the rule file parser: text in rules/<id>.rule to a rule_t.
 *
 * The format (rules/README.md) is line oriented: `key: value` lines, `key: |` followed by
 * an indented block for multi-line text, `#` comment lines. This file checks everything
 * that can be checked without tree-sitter (keys, required fields, value syntax); the
 * query, its predicates and the captures named by templates are checked when the pack
 * compiles the combined query (rule_pack.c). Every error names "path:line: problem". */
#include "analyzer/rules/rule_impl.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- error and small string helpers ------------------------------------------------ */

static int fail(char *err, size_t err_size, const char *path, int line, const char *fmt, ...)
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

/* ---- the line reader ------------------------------------------------------------------ */

typedef struct {
    char *text; /* one line, '\r' removed, NUL-terminated */
    int number; /* 1-based */
} line_t;

typedef struct {
    line_t *lines;
    size_t count;
} lines_t;

static void lines_destroy(lines_t *ls)
{
    for (size_t i = 0; i < ls->count; i++) free(ls->lines[i].text);
    free(ls->lines);
}

static int lines_split(lines_t *ls, const char *text, size_t length)
{
    memset(ls, 0, sizeof(*ls));
    size_t start = 0;
    while (start < length) {
        size_t end = start;
        while (end < length && text[end] != '\n') end++;
        size_t n = end - start;
        if (n && text[start + n - 1] == '\r') n--;
        line_t *grown = realloc(ls->lines, (ls->count + 1) * sizeof(*grown));
        if (!grown) return -1;
        ls->lines = grown;
        ls->lines[ls->count].text = dup_range(text + start, n);
        if (!ls->lines[ls->count].text) return -1;
        ls->lines[ls->count].number = (int)ls->count + 1;
        ls->count++;
        start = end + 1;
    }
    return 0;
}

static bool is_blank(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return *s == '\0';
}

/* ---- field parsers ------------------------------------------------------------------- */

typedef struct {
    const char *path;
    char *err;
    size_t err_size;
    rule_t *rule;
    rule_impl_t *impl;
    bool seen[32];
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

/* "@capture => replacement" */
static int parse_fix_edit(parse_state_t *st, fix_edit_kind_t kind, const char *value, int line)
{
    const char *p = value;
    if (*p != '@')
        return fail(st->err, st->err_size, st->path, line,
                    "fix edit must look like '@capture => replacement', got '%s'", value);
    const char *arrow = strstr(p, "=>");
    if (!arrow)
        return fail(st->err, st->err_size, st->path, line,
                    "fix edit must look like '@capture => replacement' (missing '=>')");
    char *cap = dup_range(p + 1, (size_t)(arrow - p - 1));
    if (!cap) return fail(st->err, st->err_size, st->path, line, "out of memory");
    char *name = trim(cap);
    if (!valid_capture_name(name)) {
        int rc = fail(st->err, st->err_size, st->path, line, "bad capture name '@%s' in fix edit", name);
        free(cap);
        return rc;
    }
    const char *repl = arrow + 2;
    if (*repl == ' ') repl++; /* one space after "=>" is layout; more is part of the text */
    fix_edit_spec_t *grown = realloc(st->impl->fix_edits, (st->impl->fix_edit_count + 1) * sizeof(*grown));
    if (!grown) {
        free(cap);
        return fail(st->err, st->err_size, st->path, line, "out of memory");
    }
    st->impl->fix_edits = grown;
    fix_edit_spec_t *e = &grown[st->impl->fix_edit_count];
    memset(e, 0, sizeof(*e));
    e->kind = kind;
    e->line = line;
    e->capture = strdup(name);
    free(cap);
    if (!e->capture || template_parse(&e->replacement, repl) < 0) {
        free(e->capture);
        return fail(st->err, st->err_size, st->path, line, "out of memory");
    }
    st->impl->fix_edit_count++;
    return 0;
}

enum {
    K_ID, K_NAME, K_ENGINE, K_CWE, K_EXTRA_CWES, K_SEVERITY, K_SECURITY_SEVERITY, K_TAGS,
    K_SHORT, K_DESCRIPTION, K_MESSAGE, K_HELP, K_HELP_URI, K_QUERY, K_REPORT, K_FIX,
    K_FIX_MEANING, K_FIX_REQUIRES, K_FIX_REPLACE, K_FIX_INSERT_BEFORE, K_FIX_INSERT_AFTER,
    K_OVERLAPS, K_CERTAINTY, K_COUNT
};

static const char *const key_names[K_COUNT] = {
    "id", "name", "engine", "cwe", "extra-cwes", "severity", "security-severity", "tags",
    "short", "description", "message", "help", "help-uri", "query", "report", "fix",
    "fix-meaning", "fix-requires", "fix-replace", "fix-insert-before", "fix-insert-after",
    "overlaps", "certainty",
};

static bool key_repeatable(int k)
{
    return k == K_FIX_REPLACE || k == K_FIX_INSERT_BEFORE || k == K_FIX_INSERT_AFTER;
}

static int set_string(parse_state_t *st, char **field, const char *value, int line)
{
    *field = strdup(value);
    return *field ? 0 : fail(st->err, st->err_size, st->path, line, "out of memory");
}

static int apply_key(parse_state_t *st, int key, const char *value, int line)
{
    rule_t *r = st->rule;
    rule_impl_t *im = st->impl;
    if (key != K_QUERY && key != K_HELP && key != K_DESCRIPTION && !key_repeatable(key) &&
        *value == '\0')
        return fail(st->err, st->err_size, st->path, line, "empty value for '%s'", key_names[key]);
    switch (key) {
    case K_ID:
        im->id_line = line;
        if (!valid_rule_id(value))
            return fail(st->err, st->err_size, st->path, line,
                        "bad rule id '%s' (want lowercase words joined by '.', like c.strcpy-unbounded)",
                        value);
        return set_string(st, &r->id, value, line);
    case K_NAME:
        for (const char *p = value; *p; p++)
            if (!isalnum((unsigned char)*p))
                return fail(st->err, st->err_size, st->path, line,
                            "bad name '%s' (want one CamelCase word)", value);
        return set_string(st, &r->name, value, line);
    case K_ENGINE:
        if (strcmp(value, "treesitter") == 0) im->engine = RULE_ENGINE_TREESITTER;
        else if (strcmp(value, "clang") == 0) im->engine = RULE_ENGINE_CLANG;
        else
            return fail(st->err, st->err_size, st->path, line,
                        "unknown engine '%s' (want treesitter or clang)", value);
        return 0;
    case K_CWE:
        if (parse_cwe(value, &r->cwe) < 0)
            return fail(st->err, st->err_size, st->path, line, "bad CWE '%s' (want CWE-120 or 120)", value);
        return 0;
    case K_EXTRA_CWES: {
        char **words;
        size_t n;
        if (split_list(value, &words, &n) < 0) return fail(st->err, st->err_size, st->path, line, "out of memory");
        r->extra_cwes = calloc(n ? n : 1, sizeof(int));
        if (!r->extra_cwes) {
            free_list(words, n);
            return fail(st->err, st->err_size, st->path, line, "out of memory");
        }
        for (size_t i = 0; i < n; i++) {
            if (parse_cwe(words[i], &r->extra_cwes[i]) < 0) {
                int rc = fail(st->err, st->err_size, st->path, line, "bad CWE '%s' in extra-cwes", words[i]);
                free_list(words, n);
                return rc;
            }
        }
        r->extra_cwe_count = n;
        free_list(words, n);
        return 0;
    }
    case K_SEVERITY:
        if (severity_parse(value, &r->severity) < 0 || r->severity == SEVERITY_NONE)
            return fail(st->err, st->err_size, st->path, line,
                        "bad severity '%s' (want error, warning or note)", value);
        return 0;
    case K_CERTAINTY:
        if (certainty_parse(value, &r->certainty) < 0)
            return fail(st->err, st->err_size, st->path, line,
                        "bad certainty '%s' (want low, medium or high)", value);
        return 0;
    case K_SECURITY_SEVERITY: {
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        if (errno || *end || end == value || !(v >= 0.0 && v <= 10.0))
            return fail(st->err, st->err_size, st->path, line,
                        "bad security-severity '%s' (want a number from 0 to 10)", value);
        r->security_severity = v;
        return 0;
    }
    case K_TAGS:
        if (split_list(value, &r->tags, &r->tag_count) < 0)
            return fail(st->err, st->err_size, st->path, line, "out of memory");
        return 0;
    case K_OVERLAPS:
        if (split_list(value, &r->overlaps, &r->overlap_count) < 0)
            return fail(st->err, st->err_size, st->path, line, "out of memory");
        for (size_t i = 0; i < r->overlap_count; i++)
            if (strncmp(r->overlaps[i], "c.", 2) != 0 || strchr(r->overlaps[i], ' '))
                return fail(st->err, st->err_size, st->path, line,
                            "bad rule id '%s' in overlaps (want ids like c.gets)", r->overlaps[i]);
        return 0;
    case K_SHORT:
        return set_string(st, &r->short_description, value, line);
    case K_DESCRIPTION:
        return set_string(st, &r->full_description, value, line);
    case K_MESSAGE:
        if (strchr(value, '\n'))
            return fail(st->err, st->err_size, st->path, line, "message must be one line");
        im->message_line = line;
        if (template_parse(&im->message, value) < 0) return fail(st->err, st->err_size, st->path, line, "out of memory");
        return set_string(st, &r->message, value, line);
    case K_HELP:
        return set_string(st, &r->help, value, line);
    case K_HELP_URI:
        if (strncmp(value, "https://", 8) != 0 && strncmp(value, "http://", 7) != 0)
            return fail(st->err, st->err_size, st->path, line, "help-uri must be an http(s) URL");
        return set_string(st, &r->help_uri, value, line);
    case K_QUERY:
        im->query_key_line = line;
        return set_string(st, &im->query, value, line);
    case K_REPORT:
        if (value[0] != '@' || !valid_capture_name(value + 1))
            return fail(st->err, st->err_size, st->path, line, "report must name a capture, like @call");
        im->report_line = line;
        return set_string(st, &im->report, value + 1, line);
    case K_FIX:
        im->fix_line = line;
        return set_string(st, &im->fix_description, value, line);
    case K_FIX_MEANING:
        if (strcmp(value, "preserved") == 0) im->fix_changes_meaning = false;
        else if (strcmp(value, "changed") == 0) im->fix_changes_meaning = true;
        else
            return fail(st->err, st->err_size, st->path, line,
                        "bad fix-meaning '%s' (want preserved or changed)", value);
        return 0;
    case K_FIX_REQUIRES:
        if (split_list(value, &im->fix_requires, &im->fix_require_count) < 0)
            return fail(st->err, st->err_size, st->path, line, "out of memory");
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

/* Collects the indented block after line index *i (a "key: |" line); advances *i past it. */
static int read_block(parse_state_t *st, const lines_t *ls, size_t *i, char **out, int key)
{
    size_t first = *i + 1, last = first; /* [first, last) */
    while (last < ls->count) {
        const char *t = ls->lines[last].text;
        if (!is_blank(t) && !(t[0] == ' ' || t[0] == '\t')) break;
        last++;
    }
    while (last > first && is_blank(ls->lines[last - 1].text)) last--;
    if (last == first)
        return fail(st->err, st->err_size, st->path, ls->lines[*i].number,
                    "'%s: |' must be followed by indented lines", key_names[key]);
    size_t indent = (size_t)-1;
    for (size_t k = first; k < last; k++) {
        const char *t = ls->lines[k].text;
        if (is_blank(t)) continue;
        size_t n = strspn(t, " \t");
        if (n < indent) indent = n;
    }
    size_t total = 0;
    for (size_t k = first; k < last; k++) total += strlen(ls->lines[k].text) + 1;
    char *text = malloc(total + 1);
    if (!text) return fail(st->err, st->err_size, st->path, ls->lines[*i].number, "out of memory");
    size_t pos = 0, nlines = last - first;
    if (key == K_QUERY) {
        st->impl->query_line_file = calloc(nlines, sizeof(uint32_t));
        st->impl->query_line_indent = calloc(nlines, sizeof(uint32_t));
        if (!st->impl->query_line_file || !st->impl->query_line_indent) {
            free(text);
            return fail(st->err, st->err_size, st->path, ls->lines[*i].number, "out of memory");
        }
        st->impl->query_line_count = nlines;
    }
    for (size_t k = first; k < last; k++) {
        const char *t = ls->lines[k].text;
        size_t skip = is_blank(t) ? strlen(t) : indent;
        if (key == K_QUERY) {
            st->impl->query_line_file[k - first] = (uint32_t)ls->lines[k].number;
            st->impl->query_line_indent[k - first] = (uint32_t)skip;
        }
        size_t n = strlen(t + skip);
        memcpy(text + pos, t + skip, n);
        pos += n;
        if (k + 1 < last) text[pos++] = '\n';
    }
    text[pos] = '\0';
    *out = text;
    *i = last;
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
        return fail(err, err_size, path, line, "the file contains a NUL byte (not a rule file?)");
    }
    parse_state_t st = {.path = path, .err = err, .err_size = err_size};
    st.rule = calloc(1, sizeof(rule_t));
    st.impl = calloc(1, sizeof(rule_impl_t));
    lines_t ls = {0};
    int rc = -1;
    if (!st.rule || !st.impl) {
        fail(err, err_size, path, 1, "out of memory");
        goto done;
    }
    st.rule->impl = st.impl;
    st.rule->enabled = true;
    st.rule->severity = SEVERITY_WARNING;
    st.rule->source_path = strdup(path);
    if (!st.rule->source_path || lines_split(&ls, text, length) < 0) {
        fail(err, err_size, path, 1, "out of memory");
        goto done;
    }
    int key_line[K_COUNT] = {0};
    for (size_t i = 0; i < ls.count;) {
        char *t = ls.lines[i].text;
        int number = ls.lines[i].number;
        if (is_blank(t) || t[0] == '#') {
            i++;
            continue;
        }
        if (t[0] == ' ' || t[0] == '\t') {
            fail(err, err_size, path, number, "indented line outside a 'key: |' block");
            goto done;
        }
        char *colon = strchr(t, ':');
        if (!colon) {
            fail(err, err_size, path, number, "expected 'key: value'");
            goto done;
        }
        *colon = '\0';
        char *key_text = trim(t);
        char *value = colon + 1;
        while (*value == ' ' || *value == '\t') value++;
        /* trailing blanks are part of a fix edit's text ("\"%s\", "); elsewhere layout */
        if (strncmp(key_text, "fix-replace", 11) != 0 && strncmp(key_text, "fix-insert", 10) != 0) value = trim(value);
        int key = -1;
        for (int k = 0; k < K_COUNT; k++)
            if (strcmp(key_text, key_names[k]) == 0) key = k;
        if (key < 0) {
            fail(err, err_size, path, number, "unknown key '%s'", key_text);
            goto done;
        }
        if (key_line[key] && !key_repeatable(key)) {
            fail(err, err_size, path, number, "duplicate key '%s' (first on line %d)", key_text,
                 key_line[key]);
            goto done;
        }
        key_line[key] = number;
        if (strcmp(value, "|") == 0) {
            char *block = NULL;
            if (read_block(&st, &ls, &i, &block, key) < 0) goto done;
            int r = apply_key(&st, key, block, number);
            free(block);
            if (r < 0) goto done;
        } else {
            if (key == K_QUERY) {
                st.impl->query_line_file = calloc(1, sizeof(uint32_t));
                st.impl->query_line_indent = calloc(1, sizeof(uint32_t));
                if (!st.impl->query_line_file || !st.impl->query_line_indent) {
                    fail(err, err_size, path, number, "out of memory");
                    goto done;
                }
                st.impl->query_line_file[0] = (uint32_t)number;
                st.impl->query_line_indent[0] = (uint32_t)(value - t);
                st.impl->query_line_count = 1;
            }
            if (apply_key(&st, key, value, number) < 0) goto done;
            i++;
        }
    }
    /* required fields */
    static const int required[] = {K_ID, K_NAME, K_SEVERITY, K_SHORT, K_MESSAGE, K_HELP};
    int last_line = ls.count ? ls.lines[ls.count - 1].number : 1;
    for (size_t k = 0; k < sizeof required / sizeof required[0]; k++) {
        if (!key_line[required[k]]) {
            fail(err, err_size, path, last_line, "missing required key '%s'", key_names[required[k]]);
            goto done;
        }
    }
    if (st.rule->certainty == CERTAINTY_UNSET) /* a proof by the libclang walk, or a pattern */
        st.rule->certainty = st.impl->engine == RULE_ENGINE_CLANG ? CERTAINTY_HIGH : CERTAINTY_MEDIUM;
    st.rule->engine = st.impl->engine;
    if (st.impl->engine == RULE_ENGINE_TREESITTER) {
        if (!key_line[K_QUERY] || is_blank(st.impl->query)) {
            fail(err, err_size, path, last_line, "missing required key 'query' (or 'engine: clang')");
            goto done;
        }
        if (!key_line[K_REPORT]) {
            fail(err, err_size, path, key_line[K_QUERY], "missing required key 'report' (the capture to report, like @call)");
            goto done;
        }
    } else {
        static const int treesitter_only[] = {K_QUERY, K_REPORT, K_FIX, K_FIX_MEANING, K_FIX_REQUIRES,
                                              K_FIX_REPLACE, K_FIX_INSERT_BEFORE, K_FIX_INSERT_AFTER};
        for (size_t k = 0; k < sizeof treesitter_only / sizeof treesitter_only[0]; k++) {
            int key = treesitter_only[k];
            if (key_line[key]) {
                fail(err, err_size, path, key_line[key],
                     "'%s' is not allowed with 'engine: clang' (the check is C code)", key_names[key]);
                goto done;
            }
        }
    }
    bool any_edit = key_line[K_FIX_REPLACE] || key_line[K_FIX_INSERT_BEFORE] || key_line[K_FIX_INSERT_AFTER];
    if (key_line[K_FIX] && !any_edit) {
        fail(err, err_size, path, key_line[K_FIX], "'fix' needs at least one fix-replace or fix-insert-* line");
        goto done;
    }
    if (key_line[K_FIX] && !key_line[K_FIX_MEANING]) {
        fail(err, err_size, path, key_line[K_FIX], "'fix' needs 'fix-meaning: preserved' or 'fix-meaning: changed'");
        goto done;
    }
    if (!key_line[K_FIX]) {
        int stray = any_edit ? (key_line[K_FIX_REPLACE] ? key_line[K_FIX_REPLACE]
                                : key_line[K_FIX_INSERT_BEFORE] ? key_line[K_FIX_INSERT_BEFORE]
                                : key_line[K_FIX_INSERT_AFTER])
                    : key_line[K_FIX_MEANING] ? key_line[K_FIX_MEANING] : key_line[K_FIX_REQUIRES];
        if (stray) {
            fail(err, err_size, path, stray, "fix edits need a 'fix: <description>' line");
            goto done;
        }
    }
    if (!st.rule->full_description) {
        st.rule->full_description = strdup(st.rule->short_description);
        if (!st.rule->full_description) {
            fail(err, err_size, path, 1, "out of memory");
            goto done;
        }
    }
    *out = st.rule;
    st.rule = NULL;
    rc = 0;
done:
    lines_destroy(&ls);
    if (st.rule) rule_free(st.rule);
    else if (rc < 0) impl_free(st.impl);
    return rc;
}
