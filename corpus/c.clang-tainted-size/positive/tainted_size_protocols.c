/* Lengths taken from the wire or the environment used as sizes without an upper bound: a
 * length prefix read from a socket sizes a memcpy, an environment variable sizes a calloc,
 * a count from a config line sizes a realloc'd table, a declared body length bounds the
 * recv() into a fixed buffer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

struct frame {
    unsigned char body[512];
    size_t len;
};

int read_frame(int sock, struct frame *f, const unsigned char *wire)
{
    uint32_t len;
    if (recv(sock, &len, sizeof len, MSG_WAITALL) != (ssize_t)sizeof len) return -1;
    memcpy(f->body, wire, len); // expect: c.clang-tainted-size
    f->len = len;
    return 0;
}

int *alloc_workers(void)
{
    const char *env = getenv("WORKERS");
    if (!env) return NULL;
    long n = strtol(env, NULL, 10);
    if (n <= 0) return NULL;
    return calloc((size_t)n, sizeof(int)); // expect: c.clang-tainted-size
}

char **grow_table(FILE *cfg, char **table)
{
    unsigned long slots;
    if (fscanf(cfg, "slots=%lu", &slots) != 1) return table;
    char **bigger = realloc(table, slots * sizeof *bigger); // expect: c.clang-tainted-size, c.clang-integer-overflow
    return bigger ? bigger : table;
}

int read_body(int sock)
{
    uint16_t body_len;
    char body[1024];
    if (recv(sock, &body_len, sizeof body_len, MSG_WAITALL) != (ssize_t)sizeof body_len) return -1;
    ssize_t n = recv(sock, body, body_len, MSG_WAITALL); // expect: c.clang-tainted-size
    return n < 0 ? -1 : (int)n;
}
