/* rand() where predictability does not matter, and secrets from the OS. */
#include <stdlib.h>
#include <sys/random.h>

int roll_die(void)
{
    return rand() % 6 + 1; // ok: c.weak-random
}

void shuffle(int *cards, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = rand() % (i + 1); // ok: c.weak-random
        int t = cards[i];
        cards[i] = cards[j];
        cards[j] = t;
    }
}

unsigned backoff_ms(unsigned attempt)
{
    unsigned jitter = (unsigned)random() % 100; // ok: c.weak-random
    return (1u << attempt) * 100 + jitter;
}

int make_key(unsigned char *key, size_t n)
{
    /* the key comes from the kernel's CSPRNG, not rand() */
    return getrandom(key, n, 0) == (ssize_t)n ? 0 : -1;
}
