/* sprintf calls whose longest output fits, and the bounded alternatives. */
#include <stdio.h>

void format_port(int port)
{
    char text[16];
    sprintf(text, "%d", port); /* at most 11 characters + NUL */
    puts(text);
}

void format_hex(unsigned char byte)
{
    char hex[3];
    sprintf(hex, "%02hhx", byte); /* hh: at most 2 hex digits + NUL */
    puts(hex);
}

void name_with_precision(const char *user)
{
    char msg[32];
    sprintf(msg, "user=%.20s", user); /* precision bounds the string: 5 + 20 + 1 */
    puts(msg);
}

void copy_known(void)
{
    char small[8] = "abc";
    char out[32];
    sprintf(out, "[%s]", small); /* small holds at most 7 characters */
    puts(out);
}

void bounded(const char *user)
{
    char msg[32];
    snprintf(msg, sizeof msg, "hello, %s!", user);
    puts(msg);
}
