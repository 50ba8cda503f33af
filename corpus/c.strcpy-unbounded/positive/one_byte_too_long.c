/* Boundary cases: each source is exactly one byte too long for its array, once the
 * terminating NUL is counted (the mirror cases that just fit are in
 * negative/exactly_full.c). */
#include <stdio.h>
#include <string.h>

void literal_one_too_long(void)
{
    char tag[4];
    strcpy(tag, "abcd"); // expect: c.strcpy-unbounded
    puts(tag);
}

void escapes_count_one_byte_each(void)
{
    char pair[4];
    strcpy(pair, "a\tb\n"); // expect: c.strcpy-unbounded
    puts(pair);
}

void concatenated_literal(void)
{
    char word[4];
    strcpy(word, "ab" "cd"); // expect: c.strcpy-unbounded
    puts(word);
}

void longer_branch_too_long(int up)
{
    char dir[4];
    strcpy(dir, up ? "up" : "down"); // expect: c.strcpy-unbounded
    puts(dir);
}

void sized_by_its_initializer(void)
{
    char name[] = "abc"; /* 4 bytes */
    strcpy(name, "abcd"); // expect: c.strcpy-unbounded
    puts(name);
}

void array_one_element_larger(void)
{
    char src[9] = "12345678";
    char dst[8];
    strcpy(dst, src); // expect: c.strcpy-unbounded
    puts(dst);
}
