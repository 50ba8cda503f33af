/* The source is one of a few literals that all fit. */
#include <string.h>

struct port {
    char state[8];
};

void set_state(struct port *p, int up)
{
    strcpy(p->state, up ? "up" : "down"); // ok: c.strcpy-unbounded
}

void set_mode(char mode[4], int binary, int append)
{
    strcpy(mode, append ? "a" : "w"); // ok: c.strcpy-unbounded
    if (binary)
        mode[1] = 'b', mode[2] = '\0';
}
