/* review_window.c — the numbered code window of a finding (see review_window.h).
 *
 * The enclosing function comes from the syntax tree: the smallest function_definition
 * holding the finding's first byte, else the top-level node holding it. Clipping grows
 * a range of lines around the finding's line, alternately downwards and upwards, and
 * stops at the first line that would exceed the budget on both sides. */
#include "review/review_window.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "analyzer/query/ts_syntax.h"

struct review_window_parser {
    TSParser *parser;
    TSTree *tree;            /* of last_text */
    const char *last_text;   /* identity of the text parsed last (not owned) */
    size_t last_length;
};

int review_window_parser_new(review_window_parser_t **out)
{
    review_window_parser_t *p = calloc(1, sizeof(*p));
    if (!p) return -1;
    p->parser = ts_parser_new();
    if (!p->parser || !ts_parser_set_language(p->parser, tree_sitter_c())) {
        review_window_parser_free(p);
        return -1;
    }
    *out = p;
    return 0;
}

void review_window_parser_free(review_window_parser_t *p)
{
    if (!p) return;
    if (p->tree) ts_tree_delete(p->tree);
    if (p->parser) ts_parser_delete(p->parser);
    free(p);
}

static TSTree *parse(review_window_parser_t *p, const char *text, size_t length)
{
    if (p->tree && p->last_text == text && p->last_length == length) return p->tree;
    if (p->tree) ts_tree_delete(p->tree);
    p->tree = ts_parser_parse_string(p->parser, NULL, text, (uint32_t)length);
    p->last_text = p->tree ? text : NULL;
    p->last_length = length;
    return p->tree;
}

/* ---- lines --------------------------------------------------------------------------- */

typedef struct {
    const char *text;
    size_t length;
    uint32_t *starts; /* (count + 1,) byte offset of each line, then length + 1 */
    uint32_t count;
} lines_t;

static int lines_index(lines_t *l, const char *text, size_t length)
{
    uint32_t count = 1;
    for (size_t i = 0; i < length; i++) count += text[i] == '\n';
    if (length > 0 && text[length - 1] == '\n') count--;
    l->starts = malloc((count + 1) * sizeof(*l->starts));
    if (!l->starts) return -1;
    uint32_t n = 0;
    l->starts[n++] = 0;
    for (size_t i = 0; i < length && n < count; i++)
        if (text[i] == '\n') l->starts[n++] = (uint32_t)i + 1;
    l->starts[count] = (uint32_t)length + 1;
    l->text = text;
    l->length = length;
    l->count = count;
    return 0;
}

/* Line `line` (1-based) without its newline (and '\r'). */
static const char *line_text(const lines_t *l, uint32_t line, size_t *len)
{
    uint32_t s = l->starts[line - 1], e = l->starts[line] - 1;
    if (e > l->length) e = (uint32_t)l->length;
    if (e > s && l->text[e - 1] == '\r') e--;
    *len = e > s ? e - s : 0;
    return l->text + s;
}

static uint32_t line_of_byte(const lines_t *l, uint32_t byte)
{
    uint32_t lo = 0, hi = l->count; /* last start <= byte */
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (l->starts[mid] <= byte) lo = mid;
        else hi = mid;
    }
    return lo + 1;
}

/* "  12 | code\n" into buf (grown); the number is right-aligned to width digits. */
static int append_numbered(char **buf, size_t *len, size_t *cap, uint32_t number, int width, const char *code,
                           size_t code_len)
{
    size_t need = *len + (size_t)width + 4 + code_len + 2;
    if (need > *cap) {
        size_t grown_cap = need * 2;
        char *grown = realloc(*buf, grown_cap);
        if (!grown) return -1;
        *buf = grown;
        *cap = grown_cap;
    }
    *len += (size_t)sprintf(*buf + *len, "%*u | ", width, number);
    memcpy(*buf + *len, code, code_len);
    *len += code_len;
    (*buf)[(*len)++] = '\n';
    (*buf)[*len] = '\0';
    return 0;
}

static int render(const lines_t *l, uint32_t first, uint32_t last, char **out, size_t *out_len)
{
    int width = snprintf(NULL, 0, "%u", last);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (uint32_t line = first; line <= last; line++) {
        size_t code_len;
        const char *code = line_text(l, line, &code_len);
        if (append_numbered(&buf, &len, &cap, line, width, code, code_len) != 0) {
            free(buf);
            return -1;
        }
    }
    if (!buf && !(buf = calloc(1, 1))) return -1;
    *out = buf;
    *out_len = len;
    return 0;
}

/* ---- identifiers ----------------------------------------------------------------------- */

static const char *const c_words[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
    "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
    "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
    "volatile", "while", "_Bool", "_Alignas", "_Alignof", "_Atomic", "_Generic", "_Noreturn",
    "_Static_assert", "_Thread_local", "NULL", NULL};

static bool is_c_word(const char *s, size_t n)
{
    for (size_t i = 0; c_words[i]; i++)
        if (strlen(c_words[i]) == n && memcmp(c_words[i], s, n) == 0) return true;
    return false;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int review_identifiers_collect(const char *code, size_t length, char ***out, size_t *count)
{
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool line_start = true; /* only whitespace since the last newline */
    for (size_t i = 0; i < length;) {
        char ch = code[i];
        if (ch == '\n') {
            line_start = true;
            i++;
        } else if (ch == '/' && i + 1 < length && code[i + 1] == '/') {
            while (i < length && code[i] != '\n') i++;
        } else if (ch == '/' && i + 1 < length && code[i + 1] == '*') {
            i += 2;
            while (i + 1 < length && !(code[i] == '*' && code[i + 1] == '/')) i++;
            i = i + 2 < length ? i + 2 : length;
        } else if (ch == '"' || ch == '\'') {
            for (i++; i < length && code[i] != ch && code[i] != '\n'; i++)
                if (code[i] == '\\') i++;
            i++;
            line_start = false;
        } else if (ch == '#' && line_start) { /* #include <x.h>: skip the directive word */
            i++;
            while (i < length && (code[i] == ' ' || code[i] == '\t')) i++;
            while (i < length && (isalnum((unsigned char)code[i]) || code[i] == '_')) i++;
            line_start = false;
        } else if (isalpha((unsigned char)ch) || ch == '_') {
            size_t s = i;
            while (i < length && (isalnum((unsigned char)code[i]) || code[i] == '_')) i++;
            line_start = false;
            if (is_c_word(code + s, i - s)) continue;
            bool seen = false;
            for (size_t k = 0; k < n && !seen; k++) seen = strlen(names[k]) == i - s && memcmp(names[k], code + s, i - s) == 0;
            if (seen) continue;
            if (n == cap) {
                size_t grown_cap = cap ? cap * 2 : 32;
                char **grown = realloc(names, grown_cap * sizeof(*grown));
                if (!grown) goto oom;
                names = grown;
                cap = grown_cap;
            }
            if (!(names[n] = strndup(code + s, i - s))) goto oom;
            n++;
        } else if (isdigit((unsigned char)ch)) {
            while (i < length && (isalnum((unsigned char)code[i]) || code[i] == '.')) i++;
            line_start = false;
        } else {
            if (ch != ' ' && ch != '\t' && ch != '\r') line_start = false;
            i++;
        }
    }
    if (n > 1) qsort(names, n, sizeof(*names), compare_strings);
    *out = names;
    *count = n;
    return 0;
oom:
    for (size_t k = 0; k < n; k++) free(names[k]);
    free(names);
    return -1;
}

/* ---- the window ------------------------------------------------------------------------ */

/* The lines [first, last] of the function (or top-level node) holding byte. */
static void enclosing_lines(TSTree *tree, const lines_t *l, uint32_t byte, uint32_t *first, uint32_t *last)
{
    TSNode root = ts_tree_root_node(tree);
    TSNode node = ts_node_descendant_for_byte_range(root, byte, byte);
    TSNode top = node, function = {0};
    bool found = false;
    for (TSNode n = node; !ts_node_is_null(n) && !ts_node_eq(n, root); n = ts_node_parent(n)) {
        if (!found && strcmp(ts_node_type(n), "function_definition") == 0) {
            function = n;
            found = true;
        }
        top = n;
    }
    TSNode scope = found ? function : top;
    if (ts_node_is_null(scope) || ts_node_eq(scope, root)) {
        *first = *last = line_of_byte(l, byte);
        return;
    }
    *first = line_of_byte(l, ts_node_start_byte(scope));
    uint32_t end = ts_node_end_byte(scope);
    *last = line_of_byte(l, end > 0 ? end - 1 : 0);
}

int review_window_build(review_window_t *out, review_window_parser_t *parser, const char *text, size_t length,
                        const source_range_t *range, size_t max_tokens, review_token_count_fn count,
                        void *count_ctx, char *err, size_t err_size)
{
    memset(out, 0, sizeof(*out));
    lines_t l = {0};
    if (lines_index(&l, text, length) != 0) goto oom;
    uint32_t finding_line = range->start_line >= 1 && range->start_line <= l.count ? range->start_line : 1;
    uint32_t byte = range->start_byte < length ? range->start_byte : l.starts[finding_line - 1];
    TSTree *tree = parse(parser, text, length);
    if (!tree) {
        snprintf(err, err_size, "tree-sitter could not parse the file");
        free(l.starts);
        return -1;
    }
    uint32_t first, last;
    enclosing_lines(tree, &l, byte, &first, &last);
    if (finding_line < first) first = finding_line;
    if (finding_line > last) last = finding_line;
    uint32_t end_line = range->end_line >= finding_line && range->end_line <= l.count ? range->end_line : finding_line;
    out->function_first = first;
    out->function_last = last;

    /* clip: grow from the finding's lines while the budget lasts */
    uint32_t lo = finding_line, hi = end_line;
    if (count && max_tokens > 0) {
        size_t width_guess = 8; /* "  123 | " costs about this many tokens at most */
        size_t used = 0;
        for (uint32_t line = lo; line <= hi; line++) {
            size_t len;
            const char *code = line_text(&l, line, &len);
            used += count(count_ctx, code, len) + width_guess;
        }
        bool grow_up = lo > first, grow_down = hi < last;
        bool down_turn = true;
        while (grow_up || grow_down) {
            bool down = down_turn ? grow_down : !grow_up;
            down_turn = !down_turn;
            uint32_t line = down ? hi + 1 : lo - 1;
            size_t len;
            const char *code = line_text(&l, line, &len);
            size_t cost = count(count_ctx, code, len) + width_guess;
            if (used + cost > max_tokens) {
                if (down) grow_down = false;
                else grow_up = false;
                continue;
            }
            used += cost;
            if (down) {
                hi = line;
                grow_down = hi < last;
            } else {
                lo = line;
                grow_up = lo > first;
            }
        }
    } else {
        lo = first;
        hi = last;
    }
    out->first_line = lo;
    out->last_line = hi;
    if (render(&l, lo, hi, &out->text, &out->text_length) != 0) goto oom;
    uint32_t code_start = l.starts[lo - 1], code_end = l.starts[hi] - 1;
    if (code_end > length) code_end = (uint32_t)length;
    if (review_identifiers_collect(text + code_start, code_end - code_start, &out->identifiers,
                                   &out->identifier_count) != 0)
        goto oom;
    free(l.starts);
    return 0;
oom:
    free(l.starts);
    review_window_destroy(out);
    snprintf(err, err_size, "out of memory");
    return -1;
}

void review_window_destroy(review_window_t *w)
{
    if (!w) return;
    free(w->text);
    for (size_t i = 0; i < w->identifier_count; i++) free(w->identifiers[i]);
    free(w->identifiers);
    memset(w, 0, sizeof(*w));
}
