/* fix-case: verified — the others-write bit is cleared from the mode. */
#include <sys/stat.h>

int publish_report(const char *path)
{
    return chmod(path, 0666); // expect: c.chmod-world-writable
}
