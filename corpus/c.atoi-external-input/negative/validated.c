/* strtol with checks, and atoi on values that are not external. */
#include <errno.h>
#include <stdlib.h>

int parse_port(const char *text, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10); // ok: c.atoi-external-input
    if (errno || end == text || *end || v < 1 || v > 65535) return -1;
    *out = (int)v;
    return 0;
}

int default_level(void)
{
    return atoi("3"); /* a constant */ // ok: c.atoi-external-input
}

int digit_sum(void)
{
    char digits[4] = {'1', '2', '3', '\0'};
    return atoi(digits); /* filled by the program itself */ // ok: c.atoi-external-input
}

struct config {
    char value[16];
};

int config_int(const struct config *c)
{
    return atoi(c->value); /* where value came from is not visible here */ // ok: c.atoi-external-input
}
