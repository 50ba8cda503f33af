/* Line input done safely; gets() only appears in comments, strings and other names. */
#include <stdio.h>
#include <string.h>

/* Never call gets(buf) here: it cannot know the size of buf. */
int ask_name(char *out, size_t size)
{
    printf("name (do not use gets): ");
    if (!fgets(out, (int)size, stdin)) return -1;
    out[strcspn(out, "\n")] = '\0';
    return 0;
}

struct reader {
    int (*gets)(struct reader *r, char *buf, size_t n);
};

/* A member called gets is not the libc function. */
int read_with(struct reader *r, char *buf, size_t n)
{
    return r->gets(r, buf, n);
}

static int my_gets(char *buf, size_t n)
{
    return fgets(buf, (int)n, stdin) ? 0 : -1;
}

int main(void)
{
    char line[64];
    char *dyn = NULL;
    size_t cap = 0;
    if (my_gets(line, sizeof line) == 0) puts(line);
    if (getline(&dyn, &cap, stdin) > 0) fputs(dyn, stdout);
    return 0;
}
