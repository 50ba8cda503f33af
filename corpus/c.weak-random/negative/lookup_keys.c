/* "key" and "auth" in names that are not secrets: hash keys, timing jitter. */
#include <stdlib.h>

struct cluster {
    long failover_auth_time;
};

void schedule_failover(struct cluster *c, long now)
{
    /* jitter, not a credential */
    c->failover_auth_time = now + 500 + random() % 500; // ok: c.weak-random
}

void fill_dict_keys(unsigned *key, int n)
{
    /* benchmark data for a hash table */
    for (int i = 0; i < n; i++) key[i] = (unsigned)rand(); // ok: c.weak-random
}
