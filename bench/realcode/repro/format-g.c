#include <stdio.h>
#include <string.h>
/* "%.17g" of a double is at most 24 characters */
int same(double d)
{
    char got[30], expected[30];
    sprintf(got, "%.17g", d);
    sprintf(expected, "%.17g", 3.141);
    return strcmp(got, expected) == 0;
}
// expect-false-alarm: c.sprintf-overflow
