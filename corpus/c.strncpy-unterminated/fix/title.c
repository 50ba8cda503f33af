/* fix-case: verified — the destination is terminated after the copy. */
#include <stdio.h>
#include <string.h>

void show_title(const char *t)
{
    char title[24];
    strncpy(title, t, sizeof title); // expect: c.strncpy-unterminated
    puts(title);
}
