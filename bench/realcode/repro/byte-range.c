#include <sys/socket.h>
#include <string.h>
/* len is one byte (0..255): len + 6 cannot overflow an int */
int reply(int fd)
{
    unsigned char buf[512], out[300];
    int rc = (int)recv(fd, buf, sizeof buf, 0);
    int len = buf[4];
    if (rc < 5 + len + 2)
        return -1;
    memcpy(out, &buf[5], len);
    return (int)send(fd, out, len + 6, 0);
}
// expect-false-alarm: c.clang-integer-overflow
