/* fix-case: rejected (d) — fgets whose result is ignored draws c.clang-unchecked-return. */
#include <stdio.h>

int read_choice(void)
{
    char line[8];
    gets(line); // expect: c.gets
    return line[0];
}
