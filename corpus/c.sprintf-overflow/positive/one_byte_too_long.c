/* Boundary cases: the longest output of each format, NUL included, is one byte more than
 * the array holds (the mirror cases that just fit are in negative/exactly_full.c). */
#include <stdio.h>

void plain_text(void)
{
    char b[3];
    sprintf(b, "abc"); // expect: c.sprintf-overflow
    puts(b);
}

void escapes_and_percent(void)
{
    char b[4];
    sprintf(b, "\x41\101%%\n"); // expect: c.sprintf-overflow
    puts(b);
}

void int_at_its_longest(int n)
{
    char b[11]; /* "-2147483648" is 11 characters */
    sprintf(b, "%d", n); // expect: c.sprintf-overflow
    puts(b);
}

void unsigned_long(unsigned long n)
{
    char b[20];
    sprintf(b, "%lu", n); // expect: c.sprintf-overflow
    puts(b);
}

void string_from_an_array(void)
{
    char src[8] = "1234567";
    char b[7];
    sprintf(b, "%s", src); // expect: c.sprintf-overflow
    puts(b);
}

void string_precision(const char *p)
{
    char b[5];
    sprintf(b, "%.5s", p); // expect: c.sprintf-overflow
    puts(b);
}

void width_over_the_value(signed char c)
{
    char b[5];
    sprintf(b, "%5hhd", c); // expect: c.sprintf-overflow
    puts(b);
}

void text_around_a_char(char c)
{
    char b[3];
    sprintf(b, "<%c>", c); // expect: c.sprintf-overflow
    puts(b);
}
