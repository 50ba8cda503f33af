#include <string.h>
/* the assignment is the test on purpose */
void slashify(char *p)
{
    char *s;
    while (s = strchr(p, '\\'))
        *s = '/';
}
// expect-false-alarm: c.assignment-in-condition
