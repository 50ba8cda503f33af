/* Literal formats, printf-like wrappers and translated literals. */
#include <stdarg.h>
#include <stdio.h>

#define GREETING "hello, %s\n"
#define _(s) gettext(s)
const char *gettext(const char *);

void show(const char *msg)
{
    printf("%s", msg);
    fputs(msg, stdout);
}

void greet(const char *user)
{
    printf(GREETING, user);
    printf(_("Welcome, %s\n"), user);
}

/* The format is this wrapper's parameter next to "...": its callers are what matter. */
__attribute__((format(printf, 2, 3)))
void log_to(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
}

void status(int ok)
{
    static const char done_fmt[] = "done: %d\n";
    printf(ok ? "ok\n" : "failed\n");
    printf(done_fmt, ok);
}
