/* fix-case: verified — the pointer is set to NULL after the first free. */
#include <stdlib.h>

struct session {
    char *user;
    char *token;
};

void session_reset(struct session *s)
{
    free(s->token);
    s->token = NULL;
    free(s->user);
    free(s->user); // expect: c.double-free
}
