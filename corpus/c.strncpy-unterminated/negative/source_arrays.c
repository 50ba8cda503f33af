/* The source is a string in an array no larger than the bound: strncpy copies its
 * terminator and pads the rest with NULs. */
#include <string.h>

#define IP_LEN 46

struct node {
    char ip[IP_LEN];
    char name[40];
};

void node_ip(const struct node *n, char *ip)
{
    strncpy(ip, n->ip, IP_LEN); // ok: c.strncpy-unterminated
}

void node_name(const struct node *n, char out[40])
{
    strncpy(out, n->name, sizeof n->name); // ok: c.strncpy-unterminated
}
