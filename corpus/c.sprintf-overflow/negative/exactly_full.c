/* Boundary cases: the longest output of each format, NUL included, fills the array
 * exactly (the mirror cases one byte too long are in positive/one_byte_too_long.c). */
#include <stdio.h>

void plain_text(void)
{
    char b[4];
    sprintf(b, "abc"); // ok: c.sprintf-overflow
    puts(b);
}

void escapes_and_percent(void)
{
    char b[5];
    sprintf(b, "\x41\101%%\n"); // ok: c.sprintf-overflow
    puts(b);
}

void int_at_its_longest(int n)
{
    char b[12]; /* "-2147483648" and its NUL */
    sprintf(b, "%d", n); // ok: c.sprintf-overflow
    puts(b);
}

void unsigned_long(unsigned long n)
{
    char b[21];
    sprintf(b, "%lu", n); // ok: c.sprintf-overflow
    puts(b);
}

void string_from_an_array(void)
{
    char src[8] = "1234567";
    char b[8];
    sprintf(b, "%s", src); // ok: c.sprintf-overflow
    puts(b);
}

void string_precision(const char *p)
{
    char b[6];
    sprintf(b, "%.5s", p); // ok: c.sprintf-overflow
    puts(b);
}

void width_over_the_value(signed char c)
{
    char b[6];
    sprintf(b, "%5hhd", c); // ok: c.sprintf-overflow
    puts(b);
}

void text_around_a_char(char c)
{
    char b[4];
    sprintf(b, "<%c>", c); // ok: c.sprintf-overflow
    puts(b);
}
