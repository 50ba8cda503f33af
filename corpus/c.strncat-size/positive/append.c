/* strncat bounded by the whole buffer instead of the room left. */
#include <string.h>

void build(const char *dir, const char *file)
{
    char path[128];
    strncpy(path, dir, sizeof path - 1);
    path[sizeof path - 1] = '\0';
    strncat(path, "/", sizeof path); // expect: c.strncat-size
    strncat(path, file, sizeof(path) - 1); // expect: c.strncat-size
}

struct msg {
    char text[64];
};

void add_word(struct msg *m, const char *word)
{
    strncat(m->text, word, sizeof m->text); // expect: c.strncat-size
}
