/* %s of a choice between literals: the longer one bounds the output. */
#include <stdio.h>

void describe_link(int up, int duplex)
{
    char line[32];
    sprintf(line, "link %s", up ? "up" : "down"); // ok: c.sprintf-overflow
    puts(line);
    sprintf(line, "%s, %s duplex", up ? "up" : "down", duplex ? "full" : "half"); // ok: c.sprintf-overflow
    puts(line);
}
