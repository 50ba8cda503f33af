#include <stdlib.h>
#include <string.h>
#include "errors.h" /* not found: defines ERR_NOMEM and safefree() */
/* `return ERR_NOMEM;` must not be dropped because its macro is unknown */
int keep_tail(char **saved, const char *rtp, size_t left)
{
    char *scratch = malloc(left);
    if (!scratch) {
        safefree(*saved);
        return ERR_NOMEM;
    }
    memcpy(scratch, rtp, left);
    *saved = scratch;
    return 0;
}
// expect-false-alarm: c.clang-null-dereference
