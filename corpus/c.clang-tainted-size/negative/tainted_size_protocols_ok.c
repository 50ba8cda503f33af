/* The same untrusted lengths, checked against a limit before they size anything. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#define MAX_WORKERS 256
#define MAX_SLOTS 4096

struct frame {
    unsigned char body[512];
    size_t len;
};

int read_frame(int sock, struct frame *f, const unsigned char *wire)
{
    uint32_t len;
    if (recv(sock, &len, sizeof len, MSG_WAITALL) != (ssize_t)sizeof len) return -1;
    if (len > sizeof f->body) return -1;
    memcpy(f->body, wire, len); // ok: c.clang-tainted-size
    f->len = len;
    return 0;
}

int *alloc_workers(void)
{
    const char *env = getenv("WORKERS");
    if (!env) return NULL;
    long n = strtol(env, NULL, 10);
    if (n <= 0 || n > MAX_WORKERS) return NULL;
    return calloc((size_t)n, sizeof(int)); // ok: c.clang-tainted-size
}

char **grow_table(FILE *cfg, char **table)
{
    unsigned long slots;
    if (fscanf(cfg, "slots=%lu", &slots) != 1) return table;
    if (slots < 1 || slots > MAX_SLOTS) return table;
    char **bigger = realloc(table, slots * sizeof *bigger); // ok: c.clang-tainted-size
    if (!bigger) return table;
    return bigger;
}

int read_body(int sock)
{
    uint16_t body_len;
    char body[1024];
    if (recv(sock, &body_len, sizeof body_len, MSG_WAITALL) != (ssize_t)sizeof body_len) return -1;
    if (body_len > sizeof body) return -1;
    ssize_t n = recv(sock, body, body_len, MSG_WAITALL); // ok: c.clang-tainted-size
    return n < 0 ? -1 : (int)n;
}
