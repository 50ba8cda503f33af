/* The distance between two pointers into one untrusted string is an offset in the
 * program's memory, not a number the input chose: it cannot overflow. */
#include <stdlib.h>
#include <string.h>

size_t user_len(void)
{
    const char *user = getenv("USER");
    const char *at;
    if (!user)
        return 0;
    at = strchr(user, '@');
    if (!at)
        return strlen(user);
    return (size_t)(at - user); // ok: c.clang-integer-overflow
}

int domain_offset(const char *line)
{
    const char *dot = strrchr(line, '.');
    return dot ? (int)(dot - line) + 1 : 0; // ok: c.clang-integer-overflow
}
