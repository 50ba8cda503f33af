/* A control socket named from a run directory and a service name: a long directory cuts
 * the name short, and the server unlinks and binds a different path than its clients
 * will look for. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct control {
    char sockpath[sizeof(((struct sockaddr_un *)0)->sun_path)];
    int fd;
};

int control_listen(struct control *ctl, const char *rundir, const char *service)
{
    snprintf(ctl->sockpath, sizeof ctl->sockpath, "%s/%s.sock", rundir, service); // expect: c.clang-unchecked-return
    unlink(ctl->sockpath);
    ctl->fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (ctl->fd < 0) return -1;
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    memcpy(addr.sun_path, ctl->sockpath, sizeof addr.sun_path);
    if (bind(ctl->fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(ctl->fd, 16) != 0) {
        close(ctl->fd);
        ctl->fd = -1;
        return -1;
    }
    return 0;
}
