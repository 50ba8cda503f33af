/* A file-static buffer set by one function and used by a helper it calls, before anyone
 * checks the allocation. */
#include <stdlib.h>
#include <string.h>

static char *scratch;
static size_t scratch_size;

static void scratch_reset(void)
{
    scratch[0] = '\0'; // expect: c.clang-null-dereference
}

int scratch_init(size_t size)
{
    scratch = malloc(size);
    scratch_size = size;
    scratch_reset();
    return 0;
}
