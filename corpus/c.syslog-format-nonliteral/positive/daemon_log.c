/* A daemon logging client-supplied text as the syslog format. */
#include <stdarg.h>
#include <syslog.h>

void log_request(const char *path)
{
    syslog(LOG_INFO, path); // expect: c.syslog-format-nonliteral
}

void log_error(int prio, const char *client_message)
{
    syslog(prio | LOG_DAEMON, client_message); // expect: c.syslog-format-nonliteral
}

struct session {
    char user[32];
};

void log_login(const struct session *s)
{
    syslog(LOG_AUTH | LOG_NOTICE, s->user); // expect: c.syslog-format-nonliteral
}
