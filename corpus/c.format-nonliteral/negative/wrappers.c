/* Data printed through "%s", a usage text kept in a constant pointer, and a
 * va_list-taking formatter whose callers pass the format. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const usage_fmt = "usage: %s [-v] FILE...\n";

void usage(const char *prog)
{
    fprintf(stderr, usage_fmt, prog); // ok: c.format-nonliteral
}

int label_for(char *out, size_t size, const char *name)
{
    int n = snprintf(out, size, "%s", name); // ok: c.format-nonliteral
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

void fail_open(const char *path)
{
    fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno)); // ok: c.format-nonliteral
}

/* Formats into the caller's buffer; the format and arguments are the caller's. */
int format_into(char *out, size_t size, const char *fmt, va_list ap)
{
    int n = vsnprintf(out, size, fmt, ap); // ok: c.format-nonliteral
    return n < 0 || (size_t)n >= size ? -1 : n;
}
