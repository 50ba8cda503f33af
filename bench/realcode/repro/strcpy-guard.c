#include <string.h>
#include <stdlib.h>
/* the length is rejected above the copy */
int set_key(char keyval[40])
{
    const char *randstr = getenv("KEY");
    if (!randstr || strlen(randstr) >= 40)
        return -1;
    strcpy(keyval, randstr);
    return 0;
}
// expect-false-alarm: c.clang-buffer-overflow
