/* clang_format.c — the worst-case length of a printf-style call's output (see
 * clang_format.h). The format's characters come from clang (adjacent literals joined, a
 * macro-spelled literal expanded: its spelling), so the walk only reads conversions. */
#include "analyzer/clang/clang_format.h"

#include <ctype.h>
#include <string.h>

#define OPEN (-1LL) /* no known worst case */

/* Worst case of one numeric or character conversion with the given length modifier. */
static long long conversion_max(char conv, const char *length, long long precision)
{
    bool wide = strpbrk(length, "ljztqL") != NULL;
    bool hh = strstr(length, "hh") != NULL, h = !hh && strchr(length, 'h') != NULL;
    long long digits = precision >= 0 ? precision : 6;
    switch (conv) {
    case 'd': case 'i': return wide ? 20 : hh ? 4 : h ? 6 : 11;
    case 'u': return wide ? 20 : hh ? 3 : h ? 5 : 10;
    case 'x': case 'X': return (wide ? 16 : hh ? 2 : h ? 4 : 8) + 2; /* with '#': 0x */
    case 'o': return (wide ? 22 : hh ? 3 : h ? 6 : 11) + 1;
    case 'c': return wide ? 4 : 1; /* %lc: a multibyte character */
    case 'p': return 18;
    case 'f': case 'F': return 1 + 309 + 1 + digits;
    case 'e': case 'E': case 'g': case 'G': return 1 + 1 + 1 + digits + 5;
    case 'a': case 'A': return 1 + 4 + 13 + 6 + (precision > 13 ? precision - 13 : 0);
    case 'n': return 0;
    default: return OPEN;
    }
}

/* Longest string a %s argument can hold, without its NUL, or OPEN. */
static long long string_max(clang_unit_t *unit, const cnode_t *arg)
{
    long long len;
    if (c_string_literal(unit, arg, &len)) return len;
    long long bytes = c_array_bytes(arg);
    if (bytes > 0 && c_pointee_bytes(arg) == 1) return bytes - 1;
    return OPEN;
}

/* The characters of a narrow string literal, escapes decoded, from clang's spelling of it
 * (adjacent literals and macros already joined: "a\tb%d"). Returns false for wide
 * literals and anything else. Each escape becomes one byte; \0 ends the string. */
static bool literal_chars(const cnode_t *lit, char *buf, size_t size)
{
    CXString spelled = clang_getCursorSpelling(lit->cursor);
    const char *s = clang_getCString(spelled);
    bool ok = s && s[0] == '"';
    size_t n = 0;
    for (const char *p = ok ? s + 1 : ""; ok && *p && *p != '"'; p++) {
        char c = *p;
        if (c == '\\' && p[1]) {
            p++;
            if (*p == 'x') {
                while (isxdigit((unsigned char)p[1])) p++;
                c = 'X';
            } else if (*p >= '0' && *p <= '7') {
                c = *p == '0' && !(p[1] >= '0' && p[1] <= '7') ? '\0' : 'O';
                for (int k = 0; k < 2 && p[1] >= '0' && p[1] <= '7'; k++) p++;
            } else {
                c = *p == '%' ? '%' : 'E'; /* any other escape is one byte; never a '%' */
            }
        }
        if (c == '\0') break;
        if (n + 1 >= size) {
            ok = false;
            break;
        }
        buf[n++] = c;
    }
    if (ok) buf[n] = '\0';
    clang_disposeString(spelled);
    return ok;
}

void clang_format_max_length(clang_unit_t *unit, const cnode_t *call, uint32_t fmt_index, clang_format_len_t *out)
{
    memset(out, 0, sizeof(*out));
    cnode_t *fmt = c_strip(c_arg(call, fmt_index));
    if (!fmt || fmt->kind != CXCursor_StringLiteral) return;
    char f[1024];
    if (!literal_chars(fmt, f, sizeof(f))) return;
    out->known = true;
    uint32_t next = fmt_index + 1; /* the argument of the next conversion */
    long long total = 0;
    bool open = false;
    for (const char *p = f; *p && !open; p++) {
        if (*p != '%') {
            total++;
            continue;
        }
        p++;
        if (*p == '%') {
            total++;
            continue;
        }
        while (*p && strchr("-+ #0'", *p)) p++;
        long long width = 0, precision = -1;
        if (*p == '*') {
            open = true; /* a width from the arguments */
            break;
        }
        while (isdigit((unsigned char)*p)) width = width * 10 + (*p++ - '0');
        if (*p == '$') {
            open = true; /* positional arguments */
            break;
        }
        if (*p == '.') {
            p++;
            precision = 0;
            if (*p == '*') {
                precision = -2; /* from an argument */
                p++;
                next++;
            }
            while (isdigit((unsigned char)*p)) precision = precision * 10 + (*p++ - '0');
        }
        char length[4] = {0};
        size_t ln = 0;
        while (*p && strchr("hljztqL", *p) && ln < 3) length[ln++] = *p++;
        if (!*p) break;
        long long m;
        if (*p == 's' && !strchr(length, 'l')) {
            cnode_t *arg = next < c_arg_count(call) ? c_arg(call, next) : NULL;
            if (precision >= 0) m = precision;
            else m = arg && precision != -2 ? string_max(unit, arg) : OPEN;
            if (m == OPEN && precision != -2) out->open_arg = arg;
        } else {
            m = conversion_max(*p, length, precision);
        }
        next++;
        if (m == OPEN) {
            open = true;
            break;
        }
        total += m > width ? m : width;
    }
    out->bounded = !open;
    out->max = open ? 0 : total;
    if (!open) out->open_arg = NULL;
}
