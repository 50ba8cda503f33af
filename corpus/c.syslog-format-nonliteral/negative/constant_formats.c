/* syslog with constant formats, and a variadic wrapper forwarding its own format. */
#include <stdarg.h>
#include <syslog.h>

#define AUDIT_FMT "audit: %s"

void log_request(const char *path)
{
    syslog(LOG_INFO, "request %s", path); // ok: c.syslog-format-nonliteral
}

void log_audit(const char *what)
{
    syslog(LOG_NOTICE, AUDIT_FMT, what); // ok: c.syslog-format-nonliteral
}

void log_fmt(int prio, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsyslog(prio, fmt, ap); // ok: c.syslog-format-nonliteral
    va_end(ap);
}

void log_plain(const char *msg)
{
    /* syslog(LOG_ERR, msg) would be the bug */
    syslog(LOG_ERR, "%s", msg); // ok: c.syslog-format-nonliteral
}
