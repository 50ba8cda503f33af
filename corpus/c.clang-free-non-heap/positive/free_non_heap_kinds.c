/* free() of memory malloc never returned: a static default name, a string literal kept
 * as a fallback, an alloca() scratch buffer, the address of a local struct, a name held
 * in the entry itself (an array member) freed as if it were a pointer. */
#include <alloca.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    char name[32];
    char *value;
};

struct opts {
    int verbose;
    int jobs;
};

static char default_name[] = "anonymous";

void set_name(const char *given)
{
    char *name = default_name;
    if (given && *given) name = strdup(given);
    if (!name) return;
    name[0] = (char)(name[0] & 0x5f);
    free(name); // expect: c.clang-free-non-heap
}

void show_title(int has_title)
{
    char *title = "untitled";
    if (has_title) title = malloc(64);
    if (!title) return;
    free(title); // expect: c.clang-free-non-heap
}

void hash_block(size_t n)
{
    if (n > 256) return;
    unsigned char *scratch = alloca(n);
    memset(scratch, 0, n);
    free(scratch); // expect: c.clang-free-non-heap
}

void apply_defaults(void)
{
    struct opts local;
    struct opts *o = &local;
    o->verbose = 0;
    o->jobs = 1;
    free(o); // expect: c.clang-free-non-heap
}

void entry_free(struct entry *e)
{
    free(e->value);
    free(e->name); // expect: c.clang-free-non-heap
    free(e);
}
