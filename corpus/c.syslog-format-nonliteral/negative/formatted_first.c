/* syslog fed through "%s" after formatting, with %m, and from a printf-like wrapper. */
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>

void log_errno(const char *what)
{
    syslog(LOG_WARNING, "%s: %m", what); // ok: c.syslog-format-nonliteral
}

void log_message(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void log_message(int prio, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    syslog(prio, "%s", buf); // ok: c.syslog-format-nonliteral
}

void log_login(const char *user, int ok)
{
    syslog(LOG_AUTH | LOG_INFO, ok ? "login for %s" : "failed login for %s", user); // ok: c.syslog-format-nonliteral
}
