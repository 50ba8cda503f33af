/* gbnf_parse.c — GBNF text → grammar_t, in llama.cpp's dialect.
 *
 * `name ::= alternatives` one rule per line (a rule continues over several lines inside
 * parentheses, after `::=` / `|`, and — an extension — on lines starting with `|`),
 * literals "..." and classes [...] / [^...] with the escapes \n \t \r \\ \" \[ \] \-
 * \xHH \uHHHH \UHHHHHHHH, `.`, grouping, `* + ?`, `{m}` `{m,}` `{m,n}`, `<[ID]>` for one
 * vocabulary token, comments from # to the end of the line. Repetitions are rewritten
 * into rules the way llama.cpp does (x* → r ::= x r |), except that a bounded repetition
 * with more than 8 copies becomes one counted ELEM_REPEAT, so `[a-z]{0,240}` costs one
 * stack frame instead of 240 nested rules. Errors carry source:line:col. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/grammar_impl.h"

#define SMALL_REPEAT 8          /* up to this many copies: expand like llama.cpp */
#define MAX_REPEAT   1000000u   /* bounds above this are refused */

typedef struct {
    grammar_elem_t *e;
    size_t n, cap;
} elem_vec_t;

typedef struct {
    char *name;
    elem_vec_t body;
    bool defined;
    uint32_t line;         /* definition line (0: generated) */
    size_t first_ref;      /* offset of the first reference, for "undefined" errors */
} rule_t;

typedef struct {
    const char *src;
    size_t len, pos;
    const char *source;
    rule_t *rules;
    size_t n_rules, cap_rules;
    grammar_repeat_t *repeats;
    size_t n_repeats, cap_repeats;
    size_t *def_at;        /* (n_defs,) offsets of every `name ::=` in the text, so */
    uint32_t *def_len;     /* generated rules never take a name defined further down */
    size_t n_defs;
    int failed;
    char *err;
    size_t err_size;
} parser_t;

static void line_col(const parser_t *p, size_t at, uint32_t *line, uint32_t *col)
{
    uint32_t l = 1, c = 1;
    for (size_t i = 0; i < at && i < p->len; i++) {
        if (p->src[i] == '\n') { l++; c = 1; }
        else if (((unsigned char)p->src[i] & 0xC0) != 0x80) c++;
    }
    *line = l;
    *col = c;
}

static void fail_at(parser_t *p, size_t at, int code, const char *fmt, ...)
{
    if (p->failed) return;
    p->failed = code;
    if (!p->err || !p->err_size) return;
    uint32_t line, col;
    line_col(p, at, &line, &col);
    int n = snprintf(p->err, p->err_size, "%s:%u:%u: ", p->source, line, col);
    if (n < 0 || (size_t)n >= p->err_size) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err + n, p->err_size - (size_t)n, fmt, ap);
    va_end(ap);
}

static int cur(const parser_t *p) { return p->pos < p->len ? (unsigned char)p->src[p->pos] : 0; }
static int at(const parser_t *p, size_t i) { return i < p->len ? (unsigned char)p->src[i] : 0; }

static bool is_word(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

static void vec_push(parser_t *p, elem_vec_t *v, uint32_t type, uint32_t value)
{
    if (p->failed) return;
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        grammar_elem_t *e = realloc(v->e, cap * sizeof *e);
        if (!e) { fail_at(p, p->pos, GRAMMAR_ERR_NOMEM, "out of memory"); return; }
        v->e = e;
        v->cap = cap;
    }
    v->e[v->n].type = type;
    v->e[v->n].value = value;
    v->n++;
}

static void vec_append(parser_t *p, elem_vec_t *v, const grammar_elem_t *e, size_t n)
{
    for (size_t i = 0; i < n; i++) vec_push(p, v, e[i].type, e[i].value);
}

static uint32_t rule_add(parser_t *p, const char *name, size_t name_len)
{
    if (p->n_rules == p->cap_rules) {
        size_t cap = p->cap_rules ? p->cap_rules * 2 : 32;
        rule_t *r = realloc(p->rules, cap * sizeof *r);
        if (!r) { fail_at(p, p->pos, GRAMMAR_ERR_NOMEM, "out of memory"); return 0; }
        p->rules = r;
        p->cap_rules = cap;
    }
    rule_t *r = &p->rules[p->n_rules];
    memset(r, 0, sizeof *r);
    r->name = strndup(name, name_len);
    if (!r->name) { fail_at(p, p->pos, GRAMMAR_ERR_NOMEM, "out of memory"); return 0; }
    r->first_ref = SIZE_MAX;
    return (uint32_t)p->n_rules++;
}

static uint32_t rule_lookup(parser_t *p, const char *name, size_t name_len)
{
    for (size_t i = 0; i < p->n_rules; i++)
        if (strlen(p->rules[i].name) == name_len && memcmp(p->rules[i].name, name, name_len) == 0)
            return (uint32_t)i;
    return rule_add(p, name, name_len);
}

/* Records where the text defines rules (a word followed by `::=`; a match inside a
 * literal or comment only makes a generated name skip one more number). 0 or -1. */
static int find_definitions(parser_t *p)
{
    size_t cap = 0;
    for (size_t i = 0; i < p->len; i++) {
        if (!is_word(at(p, i)) || (i > 0 && is_word(at(p, i - 1)))) continue;
        size_t end = i;
        while (is_word(at(p, end))) end++;
        size_t k = end;
        while (at(p, k) == ' ' || at(p, k) == '\t') k++;
        if (at(p, k) == ':' && at(p, k + 1) == ':' && at(p, k + 2) == '=' && end - i < 256) {
            if (p->n_defs == cap) {
                cap = cap ? cap * 2 : 64;
                size_t *a = realloc(p->def_at, cap * sizeof *a);
                if (a) p->def_at = a;
                uint32_t *l = realloc(p->def_len, cap * sizeof *l);
                if (l) p->def_len = l;
                if (!a || !l) return -1;
            }
            p->def_at[p->n_defs] = i;
            p->def_len[p->n_defs++] = (uint32_t)(end - i);
        }
        i = end - 1;
    }
    return 0;
}

/* A rule for a group or repetition: "<base>_<n>", neither used so far nor defined in the
 * text (`root ::= ("a")* root_1` must not meet a generated root_1). */
static uint32_t rule_generate(parser_t *p, uint32_t base)
{
    char name[256];
    for (size_t k = p->n_rules;; k++) {
        snprintf(name, sizeof name, "%.200s_%zu", p->rules[base].name, k);
        size_t len = strlen(name);
        bool taken = false;
        for (size_t i = 0; i < p->n_rules && !taken; i++) taken = strcmp(p->rules[i].name, name) == 0;
        for (size_t i = 0; i < p->n_defs && !taken; i++)
            taken = p->def_len[i] == len && memcmp(p->src + p->def_at[i], name, len) == 0;
        if (!taken) break;
    }
    uint32_t id = rule_add(p, name, strlen(name));
    if (!p->failed) p->rules[id].defined = true;
    return id;
}

static void skip_space(parser_t *p, bool newline_ok)
{
    for (;;) {
        int c = cur(p);
        if (c == ' ' || c == '\t' || (newline_ok && (c == '\r' || c == '\n'))) p->pos++;
        else if (c == '#') { while (p->pos < p->len && cur(p) != '\n' && cur(p) != '\r') p->pos++; }
        else break;
    }
}

static uint32_t parse_hex(parser_t *p, size_t digits)
{
    uint32_t v = 0;
    size_t start = p->pos;
    for (size_t i = 0; i < digits; i++) {
        int c = cur(p);
        uint32_t d;
        if (c >= '0' && c <= '9') d = (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f') d = (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') d = (uint32_t)(c - 'A' + 10);
        else {
            fail_at(p, p->pos, GRAMMAR_ERR_SYNTAX, "bad escape: expected %zu hex digits", digits);
            return 0;
        }
        v = (v << 4) | d;
        p->pos++;
    }
    if (v > 0x10FFFF) fail_at(p, start - 2, GRAMMAR_ERR_SYNTAX, "bad escape: U+%X is past U+10FFFF", v);
    return v;
}

/* One character of a literal or class: an escape or a UTF-8 sequence. */
static uint32_t parse_char(parser_t *p)
{
    int c = cur(p);
    if (c == '\\') {
        size_t start = p->pos;
        p->pos++;
        int e = cur(p);
        p->pos++;
        switch (e) {
        case 'x': return parse_hex(p, 2);
        case 'u': return parse_hex(p, 4);
        case 'U': return parse_hex(p, 8);
        case 't': return '\t';
        case 'r': return '\r';
        case 'n': return '\n';
        case '\\': case '"': case '[': case ']': case '-': return (uint32_t)e;
        case 0:
            fail_at(p, start, GRAMMAR_ERR_SYNTAX, "unterminated escape at end of input");
            return 0;
        default:
            fail_at(p, start, GRAMMAR_ERR_SYNTAX, "bad escape '\\%c' (known: \\n \\t \\r \\\\ \\\" \\[ \\] \\- \\xHH \\uHHHH \\UHHHHHHHH)", e);
            return 0;
        }
    }
    utf8_state_t u = {0, 0};
    uint32_t cp = 0;
    size_t start = p->pos;
    for (;;) {
        if (p->pos >= p->len) {
            fail_at(p, start, GRAMMAR_ERR_SYNTAX, "truncated UTF-8 character");
            return 0;
        }
        int r = utf8_feed(&u, (uint8_t)p->src[p->pos++], &cp);
        if (r == 1) return cp;
        if (r < 0) {
            fail_at(p, start, GRAMMAR_ERR_SYNTAX, "invalid UTF-8 in grammar text");
            return 0;
        }
    }
}

static bool parse_uint(parser_t *p, uint32_t *out)
{
    if (!(cur(p) >= '0' && cur(p) <= '9')) {
        fail_at(p, p->pos, GRAMMAR_ERR_SYNTAX, "expected a number");
        return false;
    }
    uint64_t v = 0;
    size_t start = p->pos;
    while (cur(p) >= '0' && cur(p) <= '9') {
        v = v * 10 + (uint64_t)(cur(p) - '0');
        if (v > MAX_REPEAT) {
            fail_at(p, start, GRAMMAR_ERR_SYNTAX, "repetition count too large (at most %u)", MAX_REPEAT);
            return false;
        }
        p->pos++;
    }
    *out = (uint32_t)v;
    return true;
}

static void parse_alternates(parser_t *p, uint32_t rule_id, bool nested);

/* Applies x{min,max} to the elements prev (copied out of the rule being built). */
static void apply_repetition(parser_t *p, uint32_t rule_id, size_t last_sym_start, uint32_t min,
                             uint32_t max, size_t op_at)
{
    elem_vec_t *body = &p->rules[rule_id].body;
    if (last_sym_start >= body->n) {
        fail_at(p, op_at, GRAMMAR_ERR_SYNTAX, "repetition operator without a preceding item");
        return;
    }
    if (max != GRAMMAR_UNBOUNDED && max < min) {
        fail_at(p, op_at, GRAMMAR_ERR_SYNTAX, "repetition {%u,%u}: maximum below minimum", min, max);
        return;
    }
    size_t n_prev = body->n - last_sym_start;
    grammar_elem_t *prev = malloc(n_prev * sizeof *prev);
    if (!prev) { fail_at(p, op_at, GRAMMAR_ERR_NOMEM, "out of memory"); return; }
    memcpy(prev, body->e + last_sym_start, n_prev * sizeof *prev);
    body->n = last_sym_start;

    bool small = max == GRAMMAR_UNBOUNDED ? min <= SMALL_REPEAT : max <= SMALL_REPEAT;
    if (!small) {
        uint32_t child = rule_generate(p, rule_id);
        if (!p->failed) {
            vec_append(p, &p->rules[child].body, prev, n_prev);
            vec_push(p, &p->rules[child].body, ELEM_END, 0);
        }
        if (p->n_repeats == p->cap_repeats && !p->failed) {
            size_t cap = p->cap_repeats ? p->cap_repeats * 2 : 8;
            grammar_repeat_t *r = realloc(p->repeats, cap * sizeof *r);
            if (!r) fail_at(p, op_at, GRAMMAR_ERR_NOMEM, "out of memory");
            else { p->repeats = r; p->cap_repeats = cap; }
        }
        if (!p->failed) {
            p->repeats[p->n_repeats] = (grammar_repeat_t){child, min, max};
            vec_push(p, &p->rules[rule_id].body, ELEM_REPEAT, (uint32_t)p->n_repeats++);
        }
        free(prev);
        return;
    }
    for (uint32_t i = 0; i < min; i++) vec_append(p, &p->rules[rule_id].body, prev, n_prev);
    if (max == GRAMMAR_UNBOUNDED) {
        /* rec ::= prev rec | ; a repeated group (a | b)* becomes rec ::= a rec | b rec |
         * so that the loop and its characters live in one rule (same language; the
         * matcher's per-position precomputation then sees whole runs of characters) */
        uint32_t rec = rule_generate(p, rule_id);
        if (!p->failed) {
            const rule_t *grp = n_prev == 1 && prev[0].type == ELEM_RULE_REF ? &p->rules[prev[0].value] : NULL;
            bool inline_group = grp && grp->defined && grp->line == 0 && prev[0].value != rec;
            if (inline_group) {
                size_t gi = prev[0].value, i = 0;
                while (!p->failed) {
                    const grammar_elem_t *ge = p->rules[gi].body.e;
                    uint32_t t = ge[i].type;
                    if (t == ELEM_ALT || t == ELEM_END) {
                        vec_push(p, &p->rules[rec].body, ELEM_RULE_REF, rec);
                        vec_push(p, &p->rules[rec].body, ELEM_ALT, 0);
                        if (t == ELEM_END) break;
                    } else {
                        vec_push(p, &p->rules[rec].body, t, ge[i].value);
                    }
                    i++;
                }
            } else {
                vec_append(p, &p->rules[rec].body, prev, n_prev);
                vec_push(p, &p->rules[rec].body, ELEM_RULE_REF, rec);
                vec_push(p, &p->rules[rec].body, ELEM_ALT, 0);
            }
            vec_push(p, &p->rules[rec].body, ELEM_END, 0);
            vec_push(p, &p->rules[rule_id].body, ELEM_RULE_REF, rec);
        }
    } else if (max > min) {
        /* opt(1) ::= prev | ; opt(k) ::= prev opt(k-1) | */
        uint32_t last = 0;
        for (uint32_t k = 0; k < max - min && !p->failed; k++) {
            uint32_t opt = rule_generate(p, rule_id);
            if (p->failed) break;
            elem_vec_t *ob = &p->rules[opt].body;
            vec_append(p, ob, prev, n_prev);
            if (k > 0) vec_push(p, ob, ELEM_RULE_REF, last);
            vec_push(p, ob, ELEM_ALT, 0);
            vec_push(p, ob, ELEM_END, 0);
            last = opt;
        }
        vec_push(p, &p->rules[rule_id].body, ELEM_RULE_REF, last);
    }
    free(prev);
}

static void parse_sequence(parser_t *p, uint32_t rule_id, bool nested)
{
    size_t last_sym_start = p->rules[rule_id].body.n;
    while (!p->failed && p->pos < p->len) {
        int c = cur(p);
        size_t item_at = p->pos;
        if (c == '"') {
            p->pos++;
            last_sym_start = p->rules[rule_id].body.n;
            while (!p->failed && cur(p) != '"') {
                if (p->pos >= p->len) {
                    fail_at(p, item_at, GRAMMAR_ERR_SYNTAX, "unterminated literal (missing closing \")");
                    return;
                }
                uint32_t ch = parse_char(p);
                vec_push(p, &p->rules[rule_id].body, ELEM_CHAR, ch);
            }
            if (p->failed) return;
            p->pos++;
            if (p->rules[rule_id].body.n == last_sym_start) {
                /* "" matches the empty string: nothing to add, nothing to repeat */
                last_sym_start = SIZE_MAX;
            }
            skip_space(p, nested);
        } else if (c == '[') {
            p->pos++;
            uint32_t start_type = ELEM_CHAR;
            if (cur(p) == '^') { p->pos++; start_type = ELEM_CHAR_NOT; }
            last_sym_start = p->rules[rule_id].body.n;
            while (!p->failed && cur(p) != ']') {
                if (p->pos >= p->len) {
                    fail_at(p, item_at, GRAMMAR_ERR_SYNTAX, "unterminated character class (missing ])");
                    return;
                }
                uint32_t ch = parse_char(p);
                elem_vec_t *b = &p->rules[rule_id].body;
                vec_push(p, b, b->n > last_sym_start ? ELEM_CHAR_ALT : start_type, ch);
                if (cur(p) == '-' && at(p, p->pos + 1) != ']') {
                    size_t dash = p->pos;
                    p->pos++;
                    if (p->pos >= p->len) {
                        fail_at(p, item_at, GRAMMAR_ERR_SYNTAX, "unterminated character class (missing ])");
                        return;
                    }
                    uint32_t hi = parse_char(p);
                    if (!p->failed && hi < ch)
                        fail_at(p, dash, GRAMMAR_ERR_SYNTAX, "character range is reversed (U+%04X-U+%04X)", ch, hi);
                    vec_push(p, &p->rules[rule_id].body, ELEM_CHAR_RNG_UPPER, hi);
                }
            }
            if (p->failed) return;
            if (p->rules[rule_id].body.n == last_sym_start) {
                fail_at(p, item_at, GRAMMAR_ERR_SYNTAX, "empty character class []");
                return;
            }
            p->pos++;
            skip_space(p, nested);
        } else if (is_word(c)) {
            size_t s = p->pos;
            while (is_word(cur(p))) p->pos++;
            uint32_t ref = rule_lookup(p, p->src + s, p->pos - s);
            if (p->failed) return;
            if (p->rules[ref].first_ref == SIZE_MAX) p->rules[ref].first_ref = s;
            last_sym_start = p->rules[rule_id].body.n;
            vec_push(p, &p->rules[rule_id].body, ELEM_RULE_REF, ref);
            skip_space(p, nested);
        } else if (c == '(') {
            p->pos++;
            skip_space(p, true);
            uint32_t sub = rule_generate(p, rule_id);
            if (p->failed) return;
            parse_alternates(p, sub, true);
            if (p->failed) return;
            if (cur(p) != ')') {
                fail_at(p, item_at, GRAMMAR_ERR_SYNTAX, "unclosed '(' (expected ')')");
                return;
            }
            p->pos++;
            last_sym_start = p->rules[rule_id].body.n;
            vec_push(p, &p->rules[rule_id].body, ELEM_RULE_REF, sub);
            skip_space(p, nested);
        } else if (c == '<' || c == '!') {
            /* <[ID]>: exactly token ID of the vocabulary (a special token, say) */
            if (c == '!' || at(p, p->pos + 1) != '[') {
                fail_at(p, item_at, GRAMMAR_ERR_SYNTAX,
                        "only token references of the form <[ID]> are supported (no !<...>, no <text>)");
                return;
            }
            p->pos += 2;
            uint32_t id = 0;
            if (!parse_uint(p, &id)) return;
            if (cur(p) != ']' || at(p, p->pos + 1) != '>') {
                fail_at(p, item_at, GRAMMAR_ERR_SYNTAX, "unterminated token reference (expected ]>)");
                return;
            }
            p->pos += 2;
            last_sym_start = p->rules[rule_id].body.n;
            vec_push(p, &p->rules[rule_id].body, ELEM_TOKEN, id);
            skip_space(p, nested);
        } else if (c == '.') {
            p->pos++;
            last_sym_start = p->rules[rule_id].body.n;
            vec_push(p, &p->rules[rule_id].body, ELEM_CHAR_ANY, 0);
            skip_space(p, nested);
        } else if (c == '*' || c == '+' || c == '?') {
            p->pos++;
            if (last_sym_start == SIZE_MAX) { skip_space(p, nested); continue; } /* ""* is "" */
            apply_repetition(p, rule_id, last_sym_start, c == '+' ? 1 : 0,
                             c == '?' ? 1 : GRAMMAR_UNBOUNDED, item_at);
            skip_space(p, nested);
        } else if (c == '{') {
            p->pos++;
            skip_space(p, nested);
            uint32_t min = 0, max;
            if (!parse_uint(p, &min)) return;
            skip_space(p, nested);
            if (cur(p) == '}') {
                max = min;
            } else if (cur(p) == ',') {
                p->pos++;
                skip_space(p, nested);
                max = GRAMMAR_UNBOUNDED;
                if (cur(p) >= '0' && cur(p) <= '9') {
                    if (!parse_uint(p, &max)) return;
                    skip_space(p, nested);
                }
                if (cur(p) != '}') {
                    fail_at(p, p->pos, GRAMMAR_ERR_SYNTAX, "expected '}' to close the repetition");
                    return;
                }
            } else {
                fail_at(p, p->pos, GRAMMAR_ERR_SYNTAX, "expected ',' or '}' in the repetition");
                return;
            }
            p->pos++;
            if (last_sym_start != SIZE_MAX)
                apply_repetition(p, rule_id, last_sym_start, min, max, item_at);
            skip_space(p, nested);
        } else {
            break;
        }
    }
}

static void parse_alternates(parser_t *p, uint32_t rule_id, bool nested)
{
    parse_sequence(p, rule_id, nested);
    for (;;) {
        if (!nested && !p->failed && cur(p) != '|') {
            /* a top-level rule continues on a line that starts with '|' (an extension of
             * llama.cpp's dialect, which needs the '|' at the end of the previous line) */
            size_t save = p->pos;
            skip_space(p, true);
            if (cur(p) != '|') { p->pos = save; break; }
        }
        if (p->failed || cur(p) != '|') break;
        vec_push(p, &p->rules[rule_id].body, ELEM_ALT, 0);
        p->pos++;
        skip_space(p, true);
        parse_sequence(p, rule_id, nested);
    }
    vec_push(p, &p->rules[rule_id].body, ELEM_END, 0);
}

static void parse_rule(parser_t *p)
{
    size_t s = p->pos;
    while (is_word(cur(p))) p->pos++;
    if (p->pos == s) {
        int c = cur(p);
        if (c >= 0x20 && c < 0x7F)
            fail_at(p, s, GRAMMAR_ERR_SYNTAX, "expected a rule name, found '%c'", c);
        else
            fail_at(p, s, GRAMMAR_ERR_SYNTAX, "expected a rule name");
        return;
    }
    uint32_t id = rule_lookup(p, p->src + s, p->pos - s);
    if (p->failed) return;
    if (p->rules[id].defined) {
        uint32_t line = p->rules[id].line;
        fail_at(p, s, GRAMMAR_ERR_SEMANTIC, "rule '%s' is defined twice (first on line %u)",
                p->rules[id].name, line);
        return;
    }
    p->rules[id].defined = true;
    uint32_t col;
    line_col(p, s, &p->rules[id].line, &col);
    skip_space(p, false);
    if (!(cur(p) == ':' && at(p, p->pos + 1) == ':' && at(p, p->pos + 2) == '=')) {
        fail_at(p, p->pos, GRAMMAR_ERR_SYNTAX, "expected '::=' after rule name '%s'", p->rules[id].name);
        return;
    }
    p->pos += 3;
    skip_space(p, true);
    parse_alternates(p, id, false);
    if (p->failed) return;
    if (cur(p) == '\r') p->pos += at(p, p->pos + 1) == '\n' ? 2 : 1;
    else if (cur(p) == '\n') p->pos++;
    else if (p->pos < p->len) {
        int c = cur(p);
        if (c == ':')
            fail_at(p, p->pos, GRAMMAR_ERR_SYNTAX, "unexpected ':' (a rule ending in '|' continues on the next line; write an empty alternative as \"\")");
        else if (c == ')')
            fail_at(p, p->pos, GRAMMAR_ERR_SYNTAX, "unbalanced ')'");
        else if (c >= 0x20 && c < 0x7F)
            fail_at(p, p->pos, GRAMMAR_ERR_SYNTAX, "unexpected '%c' (expected an item, '|' or end of line)", c);
        else
            fail_at(p, p->pos, GRAMMAR_ERR_SYNTAX, "unexpected character (expected an item, '|' or end of line)");
        return;
    }
    skip_space(p, true);
}

static void parser_destroy(parser_t *p)
{
    for (size_t i = 0; i < p->n_rules; i++) {
        free(p->rules[i].name);
        free(p->rules[i].body.e);
    }
    free(p->rules);
    free(p->repeats);
    free(p->def_at);
    free(p->def_len);
}

int grammar_parse(grammar_t **out, const char *text, size_t len, const char *source, char *err,
                  size_t err_size)
{
    *out = NULL;
    parser_t p = {0};
    p.src = text;
    p.len = len;
    p.source = source ? source : "<grammar>";
    p.err = err;
    p.err_size = err_size;
    if (err && err_size) err[0] = 0;
    if (memchr(text, 0, len)) {
        fail_at(&p, (size_t)((const char *)memchr(text, 0, len) - text), GRAMMAR_ERR_SYNTAX,
                "NUL byte in grammar text");
        return p.failed;
    }
    if (find_definitions(&p) != 0) fail_at(&p, 0, GRAMMAR_ERR_NOMEM, "out of memory");
    skip_space(&p, true);
    while (!p.failed && p.pos < p.len) parse_rule(&p);
    for (size_t i = 0; i < p.n_rules && !p.failed; i++)
        if (!p.rules[i].defined)
            fail_at(&p, p.rules[i].first_ref, GRAMMAR_ERR_SEMANTIC, "undefined rule '%s'", p.rules[i].name);
    if (p.failed) {
        int rc = p.failed;
        parser_destroy(&p);
        return rc;
    }
    if (p.n_rules == 0) {
        snprintf(err ? err : (char[1]){0}, err ? err_size : 1, "%s: empty grammar (no rules, no `root`)", p.source);
        parser_destroy(&p);
        return GRAMMAR_ERR_SEMANTIC;
    }

    grammar_t *g = calloc(1, sizeof *g);
    size_t total = 0;
    for (size_t i = 0; i < p.n_rules; i++) total += p.rules[i].body.n;
    if (g) {
        g->n_rules = p.n_rules;
        g->elems = malloc((total + 1) * sizeof *g->elems);
        g->rule_start = malloc(p.n_rules * sizeof *g->rule_start);
        g->rule_names = calloc(p.n_rules, sizeof *g->rule_names);
        g->rule_line = calloc(p.n_rules, sizeof *g->rule_line);
    }
    if (!g || !g->elems || !g->rule_start || !g->rule_names || !g->rule_line) {
        grammar_free(g);
        parser_destroy(&p);
        if (err && err_size) snprintf(err, err_size, "%s: out of memory", p.source);
        return GRAMMAR_ERR_NOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < p.n_rules; i++) {
        g->rule_start[i] = (uint32_t)k;
        memcpy(g->elems + k, p.rules[i].body.e, p.rules[i].body.n * sizeof *g->elems);
        k += p.rules[i].body.n;
        g->rule_names[i] = p.rules[i].name;
        p.rules[i].name = NULL;
        g->rule_line[i] = p.rules[i].line;
    }
    g->elems[k].type = ELEM_END; /* sentinel: class scans may look one past */
    g->elems[k].value = 0;
    g->n_elems = k;
    g->repeats = p.repeats;
    g->n_repeats = p.n_repeats;
    p.repeats = NULL;
    parser_destroy(&p);
    int rc = grammar_finish(g, source ? source : "<grammar>", err, err_size);
    if (rc) {
        grammar_free(g);
        return rc;
    }
    *out = g;
    return 0;
}
