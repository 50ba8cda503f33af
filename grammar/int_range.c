/* int_range.c — GBNF for "a decimal integer between lo and hi", exactly.
 *
 * The idea (the same as llama.cpp's _generate_min_max_int): split the range by number of
 * digits, then for two bounds of equal length recurse on the first digit: the numbers
 * starting with lo's first digit (rest from lo's rest up to 99..9), those starting with
 * a digit strictly between (any rest), and those starting with hi's first digit (rest
 * from 00..0 up to hi's rest). Equal first digits are emitted once; full ranges collapse
 * to [a-b] [0-9]{n}. Leading zeros and "-0" are never produced. */
#include <stdio.h>
#include <string.h>

#include "grammar/grammar_impl.h"

static bool all_char(const char *s, size_t n, char c)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != c) return false;
    return true;
}

static void any_digits(grammar_text_t *t, size_t n)
{
    if (n == 1) grammar_text_str(t, " [0-9]");
    else if (n > 1) grammar_text_fmt(t, " [0-9]{%zu}", n);
}

static void digit_class(grammar_text_t *t, char a, char b)
{
    if (a == b) grammar_text_fmt(t, " \"%c\"", a);
    else grammar_text_fmt(t, " [%c-%c]", a, b);
}

/* lo and hi have n digits each and lo <= hi */
static void same_length(grammar_text_t *t, const char *lo, const char *hi, size_t n)
{
    if (n == 0) return;
    if (lo[0] == hi[0]) {
        digit_class(t, lo[0], lo[0]);
        same_length(t, lo + 1, hi + 1, n - 1);
        return;
    }
    bool lo_rest_zero = all_char(lo + 1, n - 1, '0');
    bool hi_rest_nine = all_char(hi + 1, n - 1, '9');
    if (lo_rest_zero && hi_rest_nine) {
        digit_class(t, lo[0], hi[0]);
        any_digits(t, n - 1);
        return;
    }
    char nines[24], zeros[24];
    memset(nines, '9', n - 1);
    memset(zeros, '0', n - 1);
    grammar_text_str(t, " (");
    bool first = true;
    char start = lo[0], end = hi[0];
    if (!lo_rest_zero) {
        digit_class(t, lo[0], lo[0]);
        same_length(t, lo + 1, nines, n - 1);
        first = false;
        start = (char)(lo[0] + 1);
    }
    if (!hi_rest_nine) end = (char)(hi[0] - 1);
    if (start <= end) {
        if (!first) grammar_text_str(t, " |");
        digit_class(t, start, end);
        any_digits(t, n - 1);
        first = false;
    }
    if (!hi_rest_nine) {
        if (!first) grammar_text_str(t, " |");
        digit_class(t, hi[0], hi[0]);
        same_length(t, zeros, hi + 1, n - 1);
    }
    grammar_text_str(t, " )");
}

static int digits_of(uint64_t v)
{
    int n = 1;
    while (v >= 10) { v /= 10; n++; }
    return n;
}

static uint64_t pow10u(int n)
{
    uint64_t p = 1;
    while (n-- > 0) p *= 10;
    return p;
}

void grammar_uint_range(grammar_text_t *t, uint64_t lo, bool has_hi, uint64_t hi, int max_digits)
{
    int dl = digits_of(lo);
    int dh = has_hi ? digits_of(hi) : max_digits;
    if (dh < dl) dh = dl;
    grammar_text_str(t, " (");
    bool first = true;
    for (int len = dl; len <= dh; len++) {
        if (!first) grammar_text_str(t, " |");
        first = false;
        if (!has_hi && len > dl) {
            /* every number of len..max_digits digits */
            grammar_text_str(t, " [1-9]");
            if (dh - 1 == len - 1) any_digits(t, (size_t)(len - 1));
            else grammar_text_fmt(t, " [0-9]{%d,%d}", len - 1, dh - 1);
            break;
        }
        uint64_t a = len == dl ? lo : pow10u(len - 1);
        uint64_t b = (has_hi && len == dh) ? hi : pow10u(len) - 1;
        char sa[24], sb[24];
        snprintf(sa, sizeof sa, "%llu", (unsigned long long)a);
        snprintf(sb, sizeof sb, "%llu", (unsigned long long)b);
        same_length(t, sa, sb, (size_t)len);
    }
    grammar_text_str(t, " )");
}

void grammar_int_range(grammar_text_t *t, bool has_lo, int64_t lo, bool has_hi, int64_t hi, int max_digits)
{
    bool negative = !has_lo || lo < 0;
    bool non_negative = !has_hi || hi >= 0;
    grammar_text_str(t, " (");
    if (negative) {
        uint64_t mlo = (has_hi && hi < 0) ? (uint64_t)(-hi) : 1;
        grammar_text_str(t, " \"-\"");
        grammar_uint_range(t, mlo, has_lo, has_lo ? (uint64_t)(-lo) : 0, max_digits);
    }
    if (non_negative) {
        if (negative) grammar_text_str(t, " |");
        grammar_uint_range(t, has_lo && lo > 0 ? (uint64_t)lo : 0, has_hi, has_hi ? (uint64_t)hi : 0, max_digits);
    }
    grammar_text_str(t, " )");
}
