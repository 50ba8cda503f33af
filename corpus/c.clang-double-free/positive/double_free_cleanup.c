/* Freed twice: an error path frees and then falls into the shared cleanup, a release
 * helper frees and the caller frees again, cleanup labels that fall into each
 * other both free the path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int load_file(const char *path)
{
    int rc = -1;
    char *data = malloc(4096);
    if (!data) return -1;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        free(data);
        goto out;
    }
    if (fread(data, 1, 4096, fp) > 0) rc = 0;
    fclose(fp);
out:
    free(data); // expect: c.clang-double-free
    return rc;
}

static void buf_release(char *p)
{
    memset(p, 0, 64);
    free(p);
}

void session_end(void)
{
    char *token = malloc(64);
    if (!token) return;
    strcpy(token, "session-token");
    buf_release(token);
    free(token); // expect: c.clang-double-free
}

int open_db(const char *dir)
{
    char *path = malloc(256);
    if (!path) return -1;
    snprintf(path, 256, "%s/db", dir); // expect: c.clang-unchecked-return
    FILE *fp = fopen(path, "r");
    if (!fp) goto fail_open;
    if (fgetc(fp) == EOF) goto fail_read;
    fclose(fp);
    free(path);
    return 0;
fail_read:
    fclose(fp);
    free(path);
fail_open:
    free(path); // expect: c.clang-double-free
    return -1;
}
