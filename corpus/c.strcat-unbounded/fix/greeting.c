/* fix-case: verified — strncat bounded by the space left. */
#include <stdio.h>
#include <string.h>

void greet(const char *name)
{
    char msg[40] = "hello, ";
    strcat(msg, name); // expect: c.strcat-unbounded
    puts(msg);
}
