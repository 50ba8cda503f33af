/* fix-case: verified — the text is printed through "%s". */
#include <stdio.h>

void show_banner(FILE *out, const char *motd)
{
    fprintf(out, motd); // expect: c.format-nonliteral
}
