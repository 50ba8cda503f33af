/* Structures cleared, named and filled through pointers: sizeof of the pointer covers 8
 * bytes, not the structure or the string it points to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct session {
    int fd;
    unsigned flags;
    char *peer;         /* heap: PEER_MAX bytes */
    long last_seen;
    unsigned char key[32];
};

#define PEER_MAX 64

void session_reset(struct session *s)
{
    memset(s, 0, sizeof(s)); // expect: c.clang-sizeof-pointer
    s->fd = -1;
}

int session_set_peer(struct session *s, const char *host, int port)
{
    s->peer = malloc(PEER_MAX);
    if (!s->peer) return -1;
    snprintf(s->peer, sizeof(s->peer), "%s:%d", host, port); // expect: c.clang-sizeof-pointer
    return 0;
}
