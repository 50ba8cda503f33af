/* fix-case: verified — the message is logged through "%s". */
#include <syslog.h>

void audit(const char *event)
{
    syslog(LOG_NOTICE, event); // expect: c.syslog-format-nonliteral
}
