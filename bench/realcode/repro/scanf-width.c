#include <stdio.h>
/* %1023s stores at most 1023 chars, so %n is at most 1023 */
void read_word(FILE *in)
{
    char s[1024];
    int n = 0;
    s[0] = '\0';
    if (fscanf(in, "%1023s%n", s, &n) == 1)
        s[n] = '\0';
    puts(s);
}
// expect-false-alarm: c.clang-tainted-index
