/* Different fields of one struct, different elements of one array, successive rounds of
 * a loop: different blocks, each freed once. */
#include <stdlib.h>
#include <string.h>

struct form {
    char *contenttype;
    char *showfilename;
    char *name;
};

void form_clear(struct form *form)
{
    free(form->contenttype);
    free(form->showfilename); // ok: c.clang-double-free
    free(form->name); // ok: c.clang-double-free
    form->contenttype = form->showfilename = form->name = NULL;
}

static void safe_free(char **pp)
{
    free(*pp); // ok: c.clang-double-free
    *pp = NULL;
}

void form_reset(struct form *form)
{
    safe_free(&form->contenttype);
    safe_free(&form->showfilename); // ok: c.clang-double-free
}

void free_list(char **list, int n)
{
    for (int i = 0; i < n; i++) free(list[i]); // ok: c.clang-double-free
    free(list); // ok: c.clang-double-free
}

void free_forms(struct form *forms, int n)
{
    for (int i = 0; i < n; i++) {
        free(forms[i].contenttype); // ok: c.clang-double-free
        free(forms[i].showfilename); // ok: c.clang-double-free
    }
}

int local_pair(void)
{
    struct form f = {0};
    f.contenttype = strdup("text/plain");
    f.showfilename = strdup("a.txt");
    int ok = f.contenttype && f.showfilename;
    free(f.contenttype);
    free(f.showfilename); // ok: c.clang-double-free
    return ok;
}

void free_all(int n)
{
    char *slots[4];
    for (int i = 0; i < 4; i++) slots[i] = malloc((size_t)n + 1);
    for (int i = 0; i < 4; i++) free(slots[i]); // ok: c.clang-double-free
}
