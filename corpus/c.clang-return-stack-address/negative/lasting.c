/* Returned pointers that outlive the call: a static buffer, a string literal, a heap
 * copy, a pointer into the caller's struct. */
#include <stdlib.h>
#include <string.h>

struct config {
    char name[32];
    int level;
};

const char *level_name(int level)
{
    static char buf[16];
    buf[0] = (char)('0' + (level & 7));
    buf[1] = '\0';
    return buf; // ok: c.clang-return-stack-address
}

const char *state_name(int state)
{
    const char *name = "unknown";
    if (state == 1) name = "running";
    return name; // ok: c.clang-return-stack-address
}

char *dup_word(const char *s)
{
    char word[32];
    size_t n = strcspn(s, " ");
    if (n >= sizeof word) n = sizeof word - 1;
    memcpy(word, s, n);
    word[n] = '\0';
    char *out = malloc(n + 1);
    if (!out) return NULL;
    memcpy(out, word, n + 1);
    return out; // ok: c.clang-return-stack-address
}

const char *config_name(const struct config *cfg)
{
    const char *p = cfg->name;
    return p; // ok: c.clang-return-stack-address
}
