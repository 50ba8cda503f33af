#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
/* a terminated, same-size source cannot leave the copy unterminated */
struct backend { char name[65]; };
void copy_name(struct backend *dst, const struct backend *src)
{
    strncpy(dst->name, src->name, sizeof dst->name);
}
// expect-false-alarm: c.strncpy-unterminated
