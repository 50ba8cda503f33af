#include <stdlib.h>
/* the value is range-checked on the next line */
int threads(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 4;
    if (n <= 0 || n > 64)
        n = 4;
    return n;
}
// expect-false-alarm: c.atoi-external-input
