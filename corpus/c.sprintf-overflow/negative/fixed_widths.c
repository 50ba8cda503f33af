/* sprintf into arrays sized for the longest text the format can produce. */
#include <stdio.h>
#include <sys/types.h>

int open_status(pid_t pid, FILE **out)
{
    char path[32];
    /* "/proc/" + at most 11 characters + "/status" + NUL = 25 */
    sprintf(path, "/proc/%d/status", (int)pid); // ok: c.sprintf-overflow
    *out = fopen(path, "r");
    return *out ? 0 : -1;
}

void format_ipv4(const unsigned char octet[4], char *out, size_t out_size)
{
    char text[16];
    sprintf(text, "%hhu.%hhu.%hhu.%hhu", octet[0], octet[1], octet[2], octet[3]); // ok: c.sprintf-overflow
    snprintf(out, out_size, "%s", text);
}

void print_size(unsigned long long bytes)
{
    char human[32];
    sprintf(human, "%llu bytes", bytes); // ok: c.sprintf-overflow
    puts(human);
}

/* a double to 17 significant digits: sign, 17 digits, point, "e-308" = 24 characters */
int same_value(double measured, double expected)
{
    char a[30], b[30];
    sprintf(a, "%.17g", measured); // ok: c.sprintf-overflow
    sprintf(b, "%.17e", expected); // ok: c.sprintf-overflow
    return a[0] == b[0];
}
