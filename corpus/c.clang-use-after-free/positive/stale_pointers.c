/* Memory read after free(): an error message that prints the freed path, a list node
 * read after it was released, a buffer freed inside a loop and used after it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
    int value;
    struct node *next;
};

int open_config(const char *dir)
{
    size_t n = strlen(dir);
    char *path = malloc(n + sizeof "/app.conf");
    if (!path) return -1;
    memcpy(path, dir, n);
    memcpy(path + n, "/app.conf", sizeof "/app.conf");
    FILE *f = fopen(path, "r");
    free(path);
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path); // expect: c.clang-use-after-free
        return -1;
    }
    fclose(f);
    return 0;
}

int pop_front(int *out)
{
    struct node *head = malloc(sizeof *head);
    if (!head) return -1;
    head->value = 42;
    head->next = NULL;
    free(head);
    *out = head->value; // expect: c.clang-use-after-free
    return 0;
}

int first_digit(const char *const *items, size_t count)
{
    char *scratch = malloc(64);
    if (!scratch) return -1;
    scratch[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        snprintf(scratch, 64, "%s", items[i]);
        if (scratch[0] >= '0' && scratch[0] <= '9') {
            free(scratch);
            break;
        }
    }
    int c = scratch[0]; // expect: c.clang-use-after-free
    free(scratch);
    return c;
}
