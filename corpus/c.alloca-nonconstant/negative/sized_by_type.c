/* Stack scratch sized by a type or an enumerator: known when the code is compiled. */
#include <alloca.h>
#include <string.h>
#include <sys/socket.h>

int peer_family(int fd)
{
    struct sockaddr_storage *ss = alloca(sizeof(struct sockaddr_storage)); // ok: c.alloca-nonconstant
    socklen_t len = sizeof *ss;
    if (getpeername(fd, (struct sockaddr *)ss, &len) != 0) return -1;
    return ss->ss_family;
}

enum { DIGEST_LEN = 32, DIGEST_HEX_LEN = 2 * DIGEST_LEN + 1 };

void digest_hex(const unsigned char digest[DIGEST_LEN], char *out, size_t out_size)
{
    static const char hex[] = "0123456789abcdef";
    char *text = alloca(DIGEST_HEX_LEN); // ok: c.alloca-nonconstant
    for (int i = 0; i < DIGEST_LEN; i++) {
        text[2 * i] = hex[digest[i] >> 4];
        text[2 * i + 1] = hex[digest[i] & 15];
    }
    text[2 * DIGEST_LEN] = '\0';
    if (out_size > 0) {
        strncpy(out, text, out_size - 1);
        out[out_size - 1] = '\0';
    }
}
