/* Descriptors and streams left open on an error path. */
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

ssize_t read_header(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY); // expect: c.clang-resource-leak
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, size);
    if (n < 4) return -1; /* short header: fd stays open */
    close(fd);
    return n;
}

int connect_local(unsigned short port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0); // expect: c.clang-resource-leak
    if (s < 0) return -1;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (struct sockaddr *)&addr, sizeof addr) != 0) return -1;
    return s;
}

int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (!in) return -1;
    FILE *out = fopen(to, "wb"); // expect: c.clang-resource-leak
    if (!out) {
        fclose(in);
        return -1;
    }
    char chunk[512];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
        if (fwrite(chunk, 1, n, out) != n) {
            fclose(in);
            return -1; /* out is never closed */
        }
    fclose(in);
    return fclose(out);
}
