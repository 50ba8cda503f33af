/* Names about sessions or tokens that hold timings, samples or kinds, not secrets. */
#include <stdio.h>
#include <stdlib.h>

struct client {
    int session_timeout;
};

void log_sessions_sample(int active_sessions)
{
    if (rand() % 100 == 0) // ok: c.weak-random
        printf("%d sessions active\n", active_sessions);
}

void spread_expiry(struct client *c, int base)
{
    c->session_timeout = base + rand() % 1000; // ok: c.weak-random
}

int token_retry_delay_ms(int attempt)
{
    return (100 << attempt) + (int)(random() % 50); // ok: c.weak-random
}
