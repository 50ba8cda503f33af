/* Boundary cases: each source fills its array exactly, terminating NUL included (the
 * mirror cases one byte too long are in positive/one_byte_too_long.c). */
#include <stdio.h>
#include <string.h>

void literal_exactly_fills(void)
{
    char tag[4];
    strcpy(tag, "abc"); // ok: c.strcpy-unbounded
    puts(tag);
}

void escapes_count_one_byte_each(void)
{
    char pair[4];
    strcpy(pair, "a\tb"); // ok: c.strcpy-unbounded
    puts(pair);
}

void concatenated_literal(void)
{
    char word[4];
    strcpy(word, "ab" "c"); // ok: c.strcpy-unbounded
    puts(word);
}

void longer_branch_fits(int up)
{
    char dir[4];
    strcpy(dir, up ? "up" : "dwn"); // ok: c.strcpy-unbounded
    puts(dir);
}

void sized_by_its_initializer(void)
{
    char name[] = "xyz"; /* 4 bytes */
    strcpy(name, "abc"); // ok: c.strcpy-unbounded
    puts(name);
}

void arrays_of_the_same_size(void)
{
    char src[8] = "1234567";
    char dst[8];
    strcpy(dst, src); // ok: c.strcpy-unbounded
    puts(dst);
}
