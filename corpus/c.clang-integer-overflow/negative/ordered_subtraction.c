/* A subtraction that a test just ordered cannot go below zero: `if (path < mark) n = mark
 * - path;` (pointers into one string), `if (limit < got) extra = got - limit;`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 3) return 1;
    char *path = argv[1];
    char *mark = strchr(argv[1], ':');
    long n = 0;
    if (mark && path < mark)
        n = mark - path; // ok: c.clang-integer-overflow
    int limit = argc * 4;
    char *end;
    long parsed = strtol(argv[2], &end, 10);
    if (*end != '\0' || parsed < 0 || parsed > 1000000) return 1;
    int got = (int)strtol(argv[2], NULL, 10);
    int extra = 0;
    if (limit < got)
        extra = got - limit; // ok: c.clang-integer-overflow
    while (got > limit)
        got = got - limit; // ok: c.clang-integer-overflow
    printf("%ld %d %d\n", n, extra, got);
    return 0;
}
