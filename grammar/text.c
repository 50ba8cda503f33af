/* text.c — a growing string for building GBNF text (JSON Schema and verdict grammars).
 * An allocation failure is sticky: appends become no-ops and take() returns NULL. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/grammar_impl.h"

void grammar_text_add(grammar_text_t *t, const char *s, size_t n)
{
    if (t->oom) return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        while (cap < t->len + n + 1) cap *= 2;
        char *p = realloc(t->s, cap);
        if (!p) { t->oom = true; return; }
        t->s = p;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = 0;
}

void grammar_text_str(grammar_text_t *t, const char *s) { grammar_text_add(t, s, strlen(s)); }

void grammar_text_fmt(grammar_text_t *t, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) { grammar_text_add(t, small, (size_t)n); return; }
    char *big = malloc((size_t)n + 1);
    if (!big) { t->oom = true; return; }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    grammar_text_add(t, big, (size_t)n);
    free(big);
}

void grammar_text_literal(grammar_text_t *t, const char *s, size_t n)
{
    grammar_text_add(t, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"') grammar_text_add(t, "\\\"", 2);
        else if (c == '\\') grammar_text_add(t, "\\\\", 2);
        else if (c == '\n') grammar_text_add(t, "\\n", 2);
        else if (c == '\t') grammar_text_add(t, "\\t", 2);
        else if (c == '\r') grammar_text_add(t, "\\r", 2);
        else if (c < 0x20 || c == 0x7F) {
            snprintf(esc, sizeof esc, "\\x%02X", c);
            grammar_text_add(t, esc, 4);
        } else grammar_text_add(t, (const char *)&s[i], 1);
    }
    grammar_text_add(t, "\"", 1);
}

char *grammar_text_take(grammar_text_t *t)
{
    if (t->oom) { grammar_text_destroy(t); return NULL; }
    if (!t->s) grammar_text_add(t, "", 0);
    if (t->oom) return NULL;
    if (!t->s) { t->s = malloc(1); if (t->s) t->s[0] = 0; }
    char *s = t->s;
    memset(t, 0, sizeof *t);
    return s;
}

void grammar_text_destroy(grammar_text_t *t)
{
    free(t->s);
    memset(t, 0, sizeof *t);
}
