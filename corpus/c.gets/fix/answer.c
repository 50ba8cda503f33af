/* fix-case: verified — gets becomes fgets bounded by the array, its result still tested. */
#include <stdio.h>

int ask_yes(void)
{
    char answer[16];
    if (!gets(answer)) // expect: c.gets
        return 0;
    return answer[0] == 'y';
}
