/* "key" and "auth" in names that are not secrets: hash keys, timing jitter. */
#include <stdlib.h>

struct cluster {
    long failover_auth_time;
};

void schedule_failover(struct cluster *c, long now)
{
    c->failover_auth_time = now + 500 + random() % 500; /* jitter, not a credential */
}

void fill_dict_keys(unsigned *key, int n)
{
    for (int i = 0; i < n; i++) key[i] = (unsigned)rand(); /* benchmark data for a hash table */
}
