/* strcpy between arrays of the same size (struct fields, rows of one array), and after
 * strnlen proved the source fits. */
#include <stdio.h>
#include <string.h>

struct account {
    char name[32];
    char shell[64];
};

struct history {
    char lines[8][80];
    int count;
};

void account_copy(struct account *dst, const struct account *src)
{
    strcpy(dst->name, src->name); // ok: c.strcpy-unbounded
    strcpy(dst->shell, src->shell); // ok: c.strcpy-unbounded
}

int set_shell(struct account *a, const char *shell)
{
    if (strnlen(shell, sizeof a->shell) == sizeof a->shell) return -1;
    strcpy(a->shell, shell); // ok: c.strcpy-unbounded
    return 0;
}

/* Rows of one array all have the same size. */
void history_drop_oldest(struct history *h)
{
    int n = h->count;
    if (n <= 0 || n > 8) return;
    for (int i = 1; i < n; i++) strcpy(h->lines[i - 1], h->lines[i]); // ok: c.strcpy-unbounded
    h->count = n - 1;
}
