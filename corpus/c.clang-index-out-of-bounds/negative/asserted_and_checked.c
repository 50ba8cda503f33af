/* Indexes a test has bounded: an assert written as a project's own macro over
 * __builtin_expect (redis' shape), likely()/unlikely() around a test, and `len && s[len -
 * 1]` where the left side rules out len == 0. */
#include <stddef.h>
#include <string.h>

void _projectAssert(const char *estr, const char *file, int line);
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define project_assert(e) (likely((e)) ? (void)0 : (_projectAssert(#e, __FILE__, __LINE__), __builtin_unreachable()))

static int table[16];

int lookup(int key)
{
    int slot = -1;
    if (key > 3) slot = key & 15;
    project_assert(slot >= 0);
    return table[slot]; // ok: c.clang-index-out-of-bounds
}

int lookup_hint(int key)
{
    int slot = -1;
    if (key > 3) slot = key & 15;
    if (unlikely(slot < 0)) return 0;
    return table[slot]; // ok: c.clang-index-out-of-bounds
}

int ends_with_dot(const char *host)
{
    char name[64];
    size_t len = strlen(host);
    if (len >= sizeof name) return 0;
    memcpy(name, host, len + 1);
    return len && name[len - 1] == '.'; // ok: c.clang-index-out-of-bounds
}
