/* Each block freed once: the error path clears the pointer before the shared cleanup, the
 * helper clears the member it frees, the loop allocates a fresh buffer on each pass, a
 * parser that frees its input on error is trusted by its caller. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct conn {
    char *rbuf;
    size_t rlen;
};

int load_file(const char *path)
{
    int rc = -1;
    char *data = malloc(4096);
    if (!data) return -1;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        free(data);
        data = NULL;
        goto out;
    }
    if (fread(data, 1, 4096, fp) > 0) rc = 0;
    fclose(fp);
out:
    free(data); // ok: c.clang-double-free
    return rc;
}

static void conn_reset(struct conn *c)
{
    free(c->rbuf);
    c->rbuf = NULL;
    c->rlen = 0;
}

void conn_close(struct conn *c)
{
    conn_reset(c);
    free(c->rbuf); // ok: c.clang-double-free
    free(c);
}

void drain(int rounds)
{
    for (int i = 0; i < rounds; i++) {
        char *chunk = malloc(256);
        if (!chunk) return;
        memset(chunk, 0, 256);
        free(chunk); // ok: c.clang-double-free
    }
}

static int parse_object(char *text)
{
    if (text[0] != '{') {
        free(text);
        return -1;
    }
    return 0;
}

int load_object(const char *src)
{
    char *text = strdup(src);
    if (!text) return -1;
    if (parse_object(text) < 0) return -1; /* parse_object freed it */
    free(text); // ok: c.clang-double-free
    return 0;
}
