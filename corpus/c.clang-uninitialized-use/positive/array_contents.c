/* Memory contents read before anything wrote them: a stack array with no initialiser,
 * a malloc block used as if calloc had zeroed it, a table filled for half its rows, an
 * array of structs whose other elements were never set, and a scratch buffer measured
 * before it held a string. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sample {
    int id;
    double value;
};

double average_window(void)
{
    double window[8];
    double sum = 0;
    for (int i = 0; i < 8; i++)
        sum += window[i]; // expect: c.clang-uninitialized-use
    return sum / 8;
}

long *make_counters(void)
{
    long *counters = malloc(16 * sizeof(long));
    if (!counters) return NULL;
    counters[0]++; // expect: c.clang-uninitialized-use
    return counters;
}

void print_squares(void)
{
    int squares[10];
    int i;
    for (i = 0; i < 5; i++) squares[i] = i * i;
    for (i = 0; i < 10; i++)
        printf("%d\n", squares[i]); // expect: c.clang-uninitialized-use
}

int first_two_ids(void)
{
    struct sample batch[4];
    batch[0].id = 7;
    batch[0].value = 1.5;
    return batch[0].id + batch[1].id; // expect: c.clang-uninitialized-use
}

size_t label_length(void)
{
    char label[32];
    return strlen(label); // expect: c.clang-uninitialized-use
}

int config_port(int use_default)
{
    struct sample cfg;
    if (use_default) cfg.id = 8080;
    return cfg.id; // expect: c.clang-uninitialized-use
}
