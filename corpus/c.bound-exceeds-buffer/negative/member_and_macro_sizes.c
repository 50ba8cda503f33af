/* Bounds taken from the destination itself: struct members, rows of a table, sizes
 * named by the macro the array was declared with, and "size - 1" for a terminator. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#define HOST_LEN 64

struct peer {
    char host[HOST_LEN];
    unsigned char nonce[16];
};

int peer_init(struct peer *p, const unsigned char *nonce)
{
    memset(p, 0, sizeof *p);
    memcpy(p->nonce, nonce, sizeof p->nonce); // ok: c.bound-exceeds-buffer
    return gethostname(p->host, HOST_LEN); // ok: c.bound-exceeds-buffer
}

int read_names(FILE *f, char names[][32], int max)
{
    char row[8][32];
    int n = 0;
    while (n < 8 && n < max && fgets(row[n], sizeof row[n], f) != NULL) { // ok: c.bound-exceeds-buffer
        row[n][strcspn(row[n], "\n")] = '\0';
        memcpy(names[n], row[n], sizeof row[n]);
        n++;
    }
    return n;
}

ssize_t exe_path(char *out, size_t out_size)
{
    char path[256];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1); // ok: c.bound-exceeds-buffer
    if (n < 0) return -1;
    path[n] = '\0';
    snprintf(out, out_size, "%s", path);
    return n;
}

ssize_t read_request(int sock)
{
    char req[512];
    ssize_t n = recv(sock, req, sizeof req - 1, 0); // ok: c.bound-exceeds-buffer
    if (n <= 0) return n;
    req[n] = '\0';
    return strchr(req, '\n') != NULL ? n : 0;
}
