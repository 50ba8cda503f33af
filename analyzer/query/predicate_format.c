/* predicate_format.c — predicates that read printf/scanf format strings.
 *
 * #format-may-exceed? @dst @fmt estimates the longest text sprintf can write for a
 * literal format (each conversion's worst case, %s by what its argument is known to
 * hold) and compares it with dst's size; next to that bound ("max") it records the part
 * that integer and text conversions alone make ("max_fixed", each floating conversion at
 * its width), since only an extreme floating value reaches the full bound. #scanf-unbounded? @fmt finds %s / %[ without a
 * field width and, when every such target is an array of known size, builds the same
 * format with widths filled in (the fact "<fmt>_bounded", used as a fix). */
#include "analyzer/query/predicate.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/query/ts_syntax.h"

#define UNBOUNDED (-1LL)

/* The raw text between the quotes of a plain string literal, or NULL. */
static const char *literal_body(const char *src, TSNode fmt, uint32_t *len)
{
    if (!syn_is(fmt, "string_literal")) return NULL;
    uint32_t n;
    const char *t = syn_text(src, fmt, &n);
    if (n < 2 || t[0] != '"' || t[n - 1] != '"') return NULL; /* L"..." and friends: skip */
    *len = n - 2;
    return t + 1;
}

/* The longest string an argument can hold (without NUL), or UNBOUNDED. */
static long long argument_length(predicate_env_t *env, TSNode arg)
{
    if (ts_node_is_null(arg)) return UNBOUNDED;
    if (syn_is_string_literal(arg)) {
        long n = syn_string_length(env->source, arg);
        return n < 0 ? UNBOUNDED : n;
    }
    if (syn_is(arg, "parenthesized_expression")) return argument_length(env, ts_node_named_child(arg, 0));
    if (syn_is(arg, "conditional_expression")) { /* ok ? "on" : "off": the longer branch */
        long long a = argument_length(env, ts_node_child_by_field_name(arg, "consequence", 11));
        long long b = argument_length(env, ts_node_child_by_field_name(arg, "alternative", 11));
        return a == UNBOUNDED || b == UNBOUNDED ? UNBOUNDED : a > b ? a : b;
    }
    decl_t d;
    int subs;
    long long size;
    if (syn_lookup_object(env->source, env->root, env->top, env->fields, arg, &d, &subs) && d.shape == DECL_ARRAY && !d.is_parameter &&
        subs < d.dims && syn_array_size(env->source, &d, subs, &size, NULL, 0) && size > 0)
        return size - 1;
    return UNBOUNDED;
}

static long long conversion_max(char conv, const char *length, long long precision)
{
    bool wide = strchr(length, 'l') || strchr(length, 'j') || strchr(length, 'z') || strchr(length, 't') ||
                strchr(length, 'q') || strchr(length, 'L');
    bool h = strchr(length, 'h') != NULL, hh = strstr(length, "hh") != NULL;
    switch (conv) {
    case 'd': case 'i': return wide ? 20 : hh ? 4 : h ? 6 : 11;
    case 'u': return wide ? 20 : hh ? 3 : h ? 5 : 10;
    case 'x': case 'X': return wide ? 16 : hh ? 2 : h ? 4 : 8;
    case 'o': return wide ? 22 : hh ? 3 : h ? 6 : 11;
    case 'c': return wide ? 4 : 1;
    case 'p': return 18;
    case 'f': case 'F': return 317 + (precision >= 0 ? precision : 6) + 2;
    /* sign, digit, point, the digits, 'e', the exponent's sign and up to 4 digits (long
     * double); %g is never longer than %e of the same precision, nor its fixed form */
    case 'e': case 'E': case 'g': case 'G': return (precision >= 0 ? precision : 6) + 9;
    /* sign, "0x1.", the hex digits (exact by default: 16 for long double), 'p', sign, 5 digits */
    case 'a': case 'A': return (precision >= 0 ? precision : 16) + 12;
    case 'n': return 0;
    default: return UNBOUNDED;
    }
}

bool pred_format_may_exceed(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode top = env->top;
    TSNode dst = nodes[0], fmt = nodes[1];
    decl_t d;
    int subs;
    long long size = -1;
    if (!syn_lookup_object(env->source, env->root, env->top, env->fields, dst, &d, &subs) || d.shape != DECL_ARRAY || d.is_parameter ||
        subs >= d.dims || !syn_array_size(env->source, &d, subs, &size, NULL, 0))
        size = -1; /* unknown size: only an unbounded output is reported */
    uint32_t len;
    const char *f = literal_body(env->source, fmt, &len);
    long long total = 0, fixed = 0; /* fixed: floating conversions at their width only */
    TSNode arg = syn_next_named_sibling(top, fmt);
    bool unbounded = f == NULL;
    for (uint32_t i = 0; f && i < len && !unbounded; i++) {
        if (f[i] == '\\') { /* an escape writes one byte */
            i++;
            if (i < len && f[i] == 'x') while (i + 1 < len && isxdigit((unsigned char)f[i + 1])) i++;
            else if (i < len && f[i] >= '0' && f[i] <= '7') while (i + 1 < len && f[i + 1] >= '0' && f[i + 1] <= '7') i++;
            total++;
            fixed++;
            continue;
        }
        if (f[i] != '%') {
            total++;
            fixed++;
            continue;
        }
        i++;
        if (i < len && f[i] == '%') {
            total++;
            fixed++;
            continue;
        }
        while (i < len && strchr("-+ #0'", f[i])) i++;
        long long width = 0, precision = -1;
        if (i < len && f[i] == '*') {
            unbounded = true;
            break;
        }
        while (i < len && isdigit((unsigned char)f[i])) width = width * 10 + (f[i++] - '0');
        if (i < len && f[i] == '.') {
            i++;
            precision = 0;
            if (i < len && f[i] == '*') {
                precision = -2; /* given by an argument */
                i++;
                if (!ts_node_is_null(arg)) arg = syn_next_named_sibling(top, arg);
            }
            while (i < len && isdigit((unsigned char)f[i])) precision = precision * 10 + (f[i++] - '0');
        }
        char length[4] = {0};
        size_t ln = 0;
        while (i < len && strchr("hljztqL", f[i]) && ln < 3) length[ln++] = f[i++];
        if (i >= len) break;
        char conv = f[i];
        long long m;
        if (conv == 's') {
            if (precision >= 0) m = precision;
            else if (precision == -2) m = UNBOUNDED;
            else m = argument_length(env, arg);
        } else {
            m = conversion_max(conv, length, precision);
        }
        if (!ts_node_is_null(arg)) arg = syn_next_named_sibling(top, arg);
        if (m == UNBOUNDED) {
            unbounded = true;
            break;
        }
        total += m > width ? m : width;
        fixed += strchr("fFeEgGaA", conv) ? (width > 1 ? width : 1) : m > width ? m : width;
    }
    char buf[32];
    if (unbounded) {
        predicate_fact(env, p->fact_prefix, "max", "unbounded");
        return true;
    }
    if (size < 0 || total + 1 <= size) return false;
    snprintf(buf, sizeof buf, "%lld", total + 1);
    predicate_fact(env, p->fact_prefix, "max", buf);
    snprintf(buf, sizeof buf, "%lld", fixed + 1);
    predicate_fact(env, p->fact_prefix, "max_fixed", buf);
    return true;
}

bool pred_scanf_unbounded(const predicate_t *p, predicate_env_t *env, const TSNode *nodes)
{
    TSNode top = env->top;
    TSNode fmt = nodes[0];
    uint32_t len;
    const char *f = literal_body(env->source, fmt, &len);
    if (!f) return false;
    TSNode arg = syn_next_named_sibling(top, fmt);
    /* the bounded format, built as we go: room for a width per conversion */
    size_t cap = (size_t)len + 2 + 24 * 16, o = 0;
    char *bounded = malloc(cap);
    if (!bounded) return false;
    bounded[o++] = '"';
    bool found = false, all_known = true;
    uint32_t copied = 0; /* bytes of f already copied into bounded */
    for (uint32_t i = 0; i < len; i++) {
        if (f[i] != '%') continue;
        i++;
        if (i < len && f[i] == '%') continue;
        bool suppressed = i < len && f[i] == '*';
        if (suppressed) i++;
        bool has_width = false;
        while (i < len && isdigit((unsigned char)f[i])) {
            has_width = true;
            i++;
        }
        bool allocates = i < len && f[i] == 'm';
        if (allocates) i++;
        uint32_t width_at = i; /* where a width would go, after the flags */
        while (i < len && strchr("hljztqL", f[i])) i++;
        if (i >= len) break;
        char conv = f[i];
        if (conv == '[') { /* a scanset: ends at the next ']' (a leading ']' or '^]' is part of it) */
            uint32_t k = i + 1;
            if (k < len && f[k] == '^') k++;
            if (k < len && f[k] == ']') k++;
            while (k < len && f[k] != ']') k++;
            i = k;
        }
        if (!suppressed && (conv == 's' || conv == '[') && !has_width && !allocates) {
            long long size = -1;
            decl_t d;
            int subs;
            if (!ts_node_is_null(arg) && syn_lookup_object(env->source, env->root, env->top, env->fields, arg, &d, &subs) &&
                d.shape == DECL_ARRAY && !d.is_parameter && subs < d.dims)
                syn_array_size(env->source, &d, subs, &size, NULL, 0);
            if (!found) {
                char conv_text[8];
                snprintf(conv_text, sizeof conv_text, "%%%c", conv);
                predicate_fact(env, p->fact_prefix, "conversion", conv_text);
                if (!ts_node_is_null(arg)) {
                    uint32_t al;
                    const char *at = syn_text(env->source, arg, &al);
                    char tb[80];
                    snprintf(tb, sizeof tb, "%.*s", (int)(al < 70 ? al : 70), at);
                    predicate_fact(env, p->fact_prefix, "target", tb);
                }
                if (size > 0) {
                    char sb[24];
                    snprintf(sb, sizeof sb, "%lld", size);
                    predicate_fact(env, p->fact_prefix, "target_size", sb);
                }
            }
            found = true;
            if (size < 2 || o + (width_at - copied) + 24 >= cap) {
                all_known = false;
            } else {
                memcpy(bounded + o, f + copied, width_at - copied);
                o += width_at - copied;
                o += (size_t)snprintf(bounded + o, cap - o, "%lld", size - 1);
                copied = width_at;
            }
        }
        if (!suppressed && conv != '%' && !ts_node_is_null(arg)) arg = syn_next_named_sibling(top, arg);
    }
    if (found && all_known && o + (len - copied) + 2 < cap) {
        memcpy(bounded + o, f + copied, len - copied);
        o += len - copied;
        bounded[o++] = '"';
        bounded[o] = '\0';
        predicate_fact(env, p->fact_prefix, "bounded", bounded);
    }
    free(bounded);
    return found;
}
