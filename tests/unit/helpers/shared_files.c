/* shared_files.c — see shared_files.h. */
#include "tests/unit/helpers/shared_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

const char *shared_path(char *buf, size_t size, const char *rel)
{
    const char *dir = getenv("ASSAY_SHARED_DIR");
    snprintf(buf, size, "%s/%s", dir && *dir ? dir : "../shared", rel);
    return buf;
}

bool shared_file(char *buf, size_t size, const char *rel)
{
    shared_path(buf, size, rel);
    if (access(buf, R_OK) == 0) return true;
    printf("SKIP: needs %s (the shared folder: $ASSAY_SHARED_DIR or ../shared beside the clone)\n", buf);
    fflush(stdout);
    return false;
}

void shared_skip_reason(const char *why)
{
    printf("SKIP: %s\n", why);
    fflush(stdout);
}
