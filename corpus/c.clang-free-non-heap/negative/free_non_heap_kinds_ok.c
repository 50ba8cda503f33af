/* Pointers that may hold non-heap memory freed only when they hold heap memory: a static
 * fallback compared before freeing, an ownership flag, an alloca() buffer left alone and a
 * heap copy freed instead; an entry whose name array lives inside it, freed with it. */
#include <alloca.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void set_name(const char *given)
{
    static char fallback[] = "anonymous";
    char *name = fallback;
    if (given && *given) name = strdup(given);
    if (!name) return;
    name[0] = (char)(name[0] & 0x5f);
    if (name != fallback) free(name); // ok: c.clang-free-non-heap
}

void show_title(int has_title)
{
    char *title = "untitled";
    bool owned = false;
    if (has_title) {
        title = malloc(64);
        owned = true;
    }
    if (!title) return;
    if (owned) free(title); // ok: c.clang-free-non-heap
}

void hash_block(size_t n)
{
    if (n > 256) return;
    unsigned char *scratch = alloca(n);
    unsigned char *copy = malloc(n ? n : 1);
    if (!copy) return;
    memset(scratch, 0, n);
    memcpy(copy, scratch, n);
    free(copy); // ok: c.clang-free-non-heap
}

struct entry {
    char name[32];
    char *value;
};

void entry_free(struct entry *e)
{
    free(e->value); // ok: c.clang-free-non-heap
    free(e); // ok: c.clang-free-non-heap
}
