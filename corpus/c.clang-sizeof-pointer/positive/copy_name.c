/* A helper that once wrote into a local array and now receives the caller's buffer: the
 * array parameter syntax makes `name` a pointer, so sizeof(name) - 1 is 7. */
#include <string.h>

void set_user_name(char name[64], const char *login)
{
    strncpy(name, login, sizeof(name) - 1); // expect: c.clang-sizeof-pointer
    name[63] = '\0';
}
