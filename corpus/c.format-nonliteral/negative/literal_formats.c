/* Literal formats, printf-like wrappers and translated literals. */
#include <stdarg.h>
#include <stdio.h>

#define GREETING "hello, %s\n"
#define _(s) gettext(s)
const char *gettext(const char *);

void show(const char *msg)
{
    printf("%s", msg); // ok: c.format-nonliteral
    fputs(msg, stdout);
}

void greet(const char *user)
{
    printf(GREETING, user); // ok: c.format-nonliteral
    printf(_("Welcome, %s\n"), user); // ok: c.format-nonliteral
}

/* The format is this wrapper's parameter next to "...": its callers are what matter. */
__attribute__((format(printf, 2, 3)))
void log_to(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap); // ok: c.format-nonliteral
    va_end(ap);
}

void status(int ok)
{
    static const char done_fmt[] = "done: %d\n";
    printf(ok ? "ok\n" : "failed\n"); // ok: c.format-nonliteral
    printf(done_fmt, ok); // ok: c.format-nonliteral
}
