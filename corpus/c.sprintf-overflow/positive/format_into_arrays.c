/* sprintf calls whose output can be longer than the destination array. */
#include <stdarg.h>
#include <stdio.h>

void greet(const char *user)
{
    char msg[32];
    sprintf(msg, "hello, %s!", user); // expect: c.sprintf-overflow
    puts(msg);
}

void format_id(long id, int shard)
{
    char key[16];
    /* "%ld-%d" can be 20 + 1 + 11 characters long */
    sprintf(key, "%ld-%d", id, shard); // expect: c.sprintf-overflow
    puts(key);
}

void log_line(const char *fmt, ...)
{
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsprintf(line, fmt, ap); // expect: c.sprintf-overflow
    va_end(ap);
    fputs(line, stderr);
}

struct packet {
    char header[8];
};

void stamp(struct packet *p, unsigned seq)
{
    sprintf(p->header, "SEQ%u", seq); // expect: c.sprintf-overflow
}
