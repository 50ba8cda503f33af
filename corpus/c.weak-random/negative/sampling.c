/* rand()/random() for sampling, load spreading and cache eviction: predictable is fine. */
#include <stdlib.h>

struct backend {
    const char *host;
    int weight;
};

int should_sample(int percent)
{
    return rand() % 100 < percent; // ok: c.weak-random
}

const struct backend *pick_backend(const struct backend *list, int n)
{
    return n > 0 ? &list[random() % n] : NULL; // ok: c.weak-random
}

/* Approximate LRU: look at a few random entries and evict the oldest of them. */
size_t evict_candidate(const long *last_access, size_t count)
{
    if (count == 0) return 0;
    size_t best = (size_t)lrand48() % count; // ok: c.weak-random
    for (int i = 0; i < 4; i++) {
        size_t j = (size_t)lrand48() % count; // ok: c.weak-random
        if (last_access[j] < last_access[best]) best = j;
    }
    return best;
}
