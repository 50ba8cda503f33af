/* fix-case: verified — the program stops when it cannot drop its privileges. */
#include <stdlib.h>
#include <unistd.h>

void drop_to(uid_t uid)
{
    setuid(uid); // expect: c.unchecked-privilege-call
}
