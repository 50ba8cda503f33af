#include <stdio.h>
#include <unistd.h>
/* access() only chooses a friendlier message; exec fails the same way */
void run_helper(const char *helper)
{
    if (access(helper, X_OK) != 0) {
        fprintf(stderr, "cannot run %s\n", helper);
        return;
    }
    execl(helper, helper, "--version", (char *)NULL);
}
// expect-false-alarm: c.toctou-access
