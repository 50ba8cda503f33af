/* sprintf calls whose longest output fits, and the bounded alternatives. */
#include <stdio.h>

void format_port(int port)
{
    char text[16];
    /* at most 11 characters + NUL */
    sprintf(text, "%d", port); // ok: c.sprintf-overflow
    puts(text);
}

void format_hex(unsigned char byte)
{
    char hex[3];
    /* hh: at most 2 hex digits + NUL */
    sprintf(hex, "%02hhx", byte); // ok: c.sprintf-overflow
    puts(hex);
}

void name_with_precision(const char *user)
{
    char msg[32];
    /* precision bounds the string: 5 + 20 + 1 */
    sprintf(msg, "user=%.20s", user); // ok: c.sprintf-overflow
    puts(msg);
}

void copy_known(void)
{
    char small[8] = "abc";
    char out[32];
    /* small holds at most 7 characters */
    sprintf(out, "[%s]", small); // ok: c.sprintf-overflow
    puts(out);
}

void bounded(const char *user)
{
    char msg[32];
    snprintf(msg, sizeof msg, "hello, %s!", user);
    puts(msg);
}
