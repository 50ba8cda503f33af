#include <stdlib.h>
#include <string.h>
/* a difference of two pointers into one string is not an overflow */
size_t user_len(void)
{
    const char *user = getenv("USER");
    const char *at;
    if (!user) return 0;
    at = strchr(user, '@');
    if (!at) return strlen(user);
    return (size_t)(at - user);
}
// expect-false-alarm: c.clang-integer-overflow
