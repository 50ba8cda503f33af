/* suppress.c — finds suppression comments and answers "is this finding silenced?"
 * (see suppress.h).
 *
 * One pass over the bytes with a four-state lexer (code, string, character, comment) hands
 * each comment's text and line span to the directive parser; the index is a short list of
 * (first line, last line, rule patterns) entries, searched linearly because files carry
 * a handful of suppressions at most. */
#include "analyzer/suppress/suppress.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t first_line, last_line; /* inclusive; last_line UINT32_MAX = end of file */
    char **patterns;                /* NULL: every rule */
    size_t pattern_count;
    bool open_begin;                /* a NOLINTBEGIN still waiting for its NOLINTEND */
    char *begin_key;                /* the BEGIN's id list text, to pair with its END */
} suppress_entry_t;

struct suppress_index {
    suppress_entry_t *entries;
    size_t count, capacity;
};

typedef struct {
    const char *text;
    size_t length;
    uint32_t first_line, last_line; /* lines the comment spans */
    bool alone;                     /* only whitespace around it on those lines */
} comment_t;

/* ---- the index ------------------------------------------------------------------------ */

static void entry_destroy(suppress_entry_t *entry)
{
    for (size_t i = 0; i < entry->pattern_count; i++) free(entry->patterns[i]);
    free(entry->patterns);
    free(entry->begin_key);
}

void suppress_index_free(suppress_index_t *index)
{
    if (!index) return;
    for (size_t i = 0; i < index->count; i++) entry_destroy(&index->entries[i]);
    free(index->entries);
    free(index);
}

size_t suppress_index_count(const suppress_index_t *index)
{
    return index ? index->count : 0;
}

bool suppress_index_covers(const suppress_index_t *index, const char *rule_id, uint32_t line)
{
    if (!index) return false;
    for (size_t i = 0; i < index->count; i++) {
        const suppress_entry_t *e = &index->entries[i];
        if (line < e->first_line || line > e->last_line) continue;
        if (!e->patterns) return true;
        for (size_t p = 0; p < e->pattern_count; p++)
            if (fnmatch(e->patterns[p], rule_id, 0) == 0) return true;
    }
    return false;
}

static suppress_entry_t *index_add(suppress_index_t *index, uint32_t first, uint32_t last)
{
    if (index->count == index->capacity) {
        size_t capacity = index->capacity ? index->capacity * 2 : 8;
        suppress_entry_t *grown = realloc(index->entries, capacity * sizeof(*grown));
        if (!grown) return NULL;
        index->entries = grown;
        index->capacity = capacity;
    }
    suppress_entry_t *e = &index->entries[index->count++];
    memset(e, 0, sizeof(*e));
    e->first_line = first;
    e->last_line = last;
    return e;
}

/* ---- directives ----------------------------------------------------------------------- */

static bool is_word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/* Splits "a, b ,c" (list[0..length)) into trimmed patterns on entry. A list that is empty
 * or "*" alone means every rule (patterns stay NULL). 0, or -1 on out of memory. */
static int entry_set_patterns(suppress_entry_t *entry, const char *list, size_t length)
{
    size_t at = 0;
    while (at <= length) {
        size_t end = at;
        while (end < length && list[end] != ',') end++;
        size_t a = at, b = end;
        while (a < b && isspace((unsigned char)list[a])) a++;
        while (b > a && isspace((unsigned char)list[b - 1])) b--;
        if (b > a) {
            if (b - a == 1 && list[a] == '*') { /* "*" anywhere: every rule */
                for (size_t i = 0; i < entry->pattern_count; i++) free(entry->patterns[i]);
                free(entry->patterns);
                entry->patterns = NULL;
                entry->pattern_count = 0;
                return 0;
            }
            char **grown = realloc(entry->patterns, (entry->pattern_count + 1) * sizeof(char *));
            if (!grown) return -1;
            entry->patterns = grown;
            entry->patterns[entry->pattern_count] = strndup(list + a, b - a);
            if (!entry->patterns[entry->pattern_count]) return -1;
            entry->pattern_count++;
        }
        at = end + 1;
    }
    return 0;
}

/* Reads an optional "(ids)" or "[ids]" list at text[*at]. Returns 1 with the list span
 * when present, 0 when absent, -1 when malformed (unterminated). */
static int read_id_list(const char *text, size_t length, size_t *at, char open, char close,
                        const char **list, size_t *list_length)
{
    if (*at >= length || text[*at] != open) return 0;
    size_t start = *at + 1, end = start;
    while (end < length && text[end] != close && text[end] != '\n') end++;
    if (end >= length || text[end] != close) return -1;
    *list = text + start;
    *list_length = end - start;
    *at = end + 1;
    return 1;
}

typedef enum { NOLINT_SAME, NOLINT_NEXT, NOLINT_BEGIN, NOLINT_END } nolint_kind_t;

static int add_nolint(suppress_index_t *index, const comment_t *c, nolint_kind_t kind,
                      const char *list, size_t list_length, bool has_list)
{
    if (kind == NOLINT_END) {
        /* close the most recent open BEGIN with the same id list */
        for (size_t i = index->count; i-- > 0;) {
            suppress_entry_t *e = &index->entries[i];
            if (!e->open_begin) continue;
            size_t key_length = e->begin_key ? strlen(e->begin_key) : 0;
            if (key_length != (has_list ? list_length : 0)) continue;
            if (key_length && memcmp(e->begin_key, list, key_length) != 0) continue;
            e->open_begin = false;
            e->last_line = c->first_line;
            return 0;
        }
        return 0; /* an END without BEGIN suppresses nothing */
    }
    uint32_t first = c->first_line, last = c->last_line;
    if (kind == NOLINT_NEXT) first = last = c->last_line + 1;
    if (kind == NOLINT_BEGIN) last = UINT32_MAX;
    suppress_entry_t *e = index_add(index, first, last);
    if (!e) return -1;
    if (has_list && entry_set_patterns(e, list, list_length) != 0) return -1;
    if (kind == NOLINT_BEGIN) {
        e->open_begin = true;
        if (has_list) {
            e->begin_key = strndup(list, list_length);
            if (!e->begin_key) return -1;
        }
    }
    return 0;
}

static int parse_comment(suppress_index_t *index, const comment_t *c)
{
    const char *t = c->text;
    size_t n = c->length;
    static const char assay_word[] = "assay-ignore";
    static const char nolint_word[] = "NOLINT";
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && is_word_char(t[i - 1])) continue;
        if (t[i] == 'a' && n - i >= sizeof(assay_word) - 1 &&
            memcmp(t + i, assay_word, sizeof(assay_word) - 1) == 0) {
            size_t at = i + sizeof(assay_word) - 1;
            if (at < n && is_word_char(t[at])) continue; /* "assay-ignored" */
            const char *list = NULL;
            size_t list_length = 0;
            int has = read_id_list(t, n, &at, '[', ']', &list, &list_length);
            if (has < 0) continue;
            uint32_t last = c->alone ? c->last_line + 1 : c->last_line;
            suppress_entry_t *e = index_add(index, c->first_line, last);
            if (!e) return -1;
            if (has && entry_set_patterns(e, list, list_length) != 0) return -1;
            i = at - 1;
        } else if (t[i] == 'N' && n - i >= sizeof(nolint_word) - 1 &&
                   memcmp(t + i, nolint_word, sizeof(nolint_word) - 1) == 0) {
            size_t at = i + sizeof(nolint_word) - 1;
            nolint_kind_t kind = NOLINT_SAME;
            if (n - at >= 8 && memcmp(t + at, "NEXTLINE", 8) == 0) kind = NOLINT_NEXT, at += 8;
            else if (n - at >= 5 && memcmp(t + at, "BEGIN", 5) == 0) kind = NOLINT_BEGIN, at += 5;
            else if (n - at >= 3 && memcmp(t + at, "END", 3) == 0) kind = NOLINT_END, at += 3;
            if (at < n && (isalnum((unsigned char)t[at]) || t[at] == '_')) continue;
            const char *list = NULL;
            size_t list_length = 0;
            int has = read_id_list(t, n, &at, '(', ')', &list, &list_length);
            if (has < 0) continue;
            if (add_nolint(index, c, kind, list, list_length, has == 1) != 0) return -1;
            i = at - 1;
        }
    }
    return 0;
}

/* ---- the comment lexer ---------------------------------------------------------------- */

/* True when only spaces/tabs lie between the start of the line holding source[at] and at. */
static bool blank_before(const char *s, size_t at)
{
    while (at > 0 && s[at - 1] != '\n') {
        if (s[at - 1] != ' ' && s[at - 1] != '\t' && s[at - 1] != '\r' && s[at - 1] != '\f')
            return false;
        at--;
    }
    return true;
}

static bool blank_after(const char *s, size_t length, size_t at)
{
    for (; at < length && s[at] != '\n'; at++)
        if (s[at] != ' ' && s[at] != '\t' && s[at] != '\r' && s[at] != '\f') return false;
    return true;
}

/* Skips a string or character literal starting at s[at] (the quote); returns the index
 * after it. Stops at an unescaped newline (unterminated literal), counting nothing. */
static size_t skip_literal(const char *s, size_t length, size_t at, uint32_t *line)
{
    char quote = s[at++];
    while (at < length) {
        char c = s[at];
        if (c == '\\' && at + 1 < length) {
            if (s[at + 1] == '\n') (*line)++;
            at += 2;
            continue;
        }
        if (c == '\n') return at; /* unterminated: the newline is code again */
        at++;
        if (c == quote) return at;
    }
    return at;
}

int suppress_index_build(suppress_index_t **out, const char *s, size_t length)
{
    *out = NULL;
    suppress_index_t *index = calloc(1, sizeof(*index));
    if (!index) return -1;
    uint32_t line = 1;
    size_t at = 0;
    while (at < length) {
        char c = s[at];
        if (c == '\n') {
            line++;
            at++;
        } else if (c == '"') {
            at = skip_literal(s, length, at, &line);
        } else if (c == '\'') {
            /* C23 digit separators (1'000) are not character literals */
            if (at > 0 && isxdigit((unsigned char)s[at - 1])) {
                size_t k = at;
                while (k > 0 && (isalnum((unsigned char)s[k - 1]) || s[k - 1] == '\'')) k--;
                if (isdigit((unsigned char)s[k])) {
                    at++;
                    continue;
                }
            }
            at = skip_literal(s, length, at, &line);
        } else if (c == '/' && at + 1 < length && (s[at + 1] == '/' || s[at + 1] == '*')) {
            comment_t comment = {.first_line = line};
            size_t start = at;
            bool block = s[at + 1] == '*';
            at += 2;
            if (block) {
                while (at + 1 < length && !(s[at] == '*' && s[at + 1] == '/')) {
                    if (s[at] == '\n') line++;
                    at++;
                }
                at = at + 1 < length ? at + 2 : length;
            } else {
                while (at < length && s[at] != '\n') {
                    if (s[at] == '\\' && at + 1 < length && s[at + 1] == '\n') {
                        line++; /* a backslash-newline continues a // comment */
                        at++;
                    }
                    at++;
                }
            }
            comment.text = s + start;
            comment.length = at - start;
            comment.last_line = line;
            comment.alone = blank_before(s, start) && blank_after(s, length, at);
            if (parse_comment(index, &comment) != 0) {
                suppress_index_free(index);
                return -1;
            }
        } else {
            at++;
        }
    }
    *out = index;
    return 0;
}
