/* Words read with %s and no field width. */
#include <stdio.h>

int read_command(void)
{
    char cmd[16];
    if (scanf("%s", cmd) != 1) return -1; // expect: c.scanf-unbounded-string
    return cmd[0];
}

int parse_user(const char *line, int *uid)
{
    char name[32];
    return sscanf(line, "%d:%s", uid, name); // expect: c.scanf-unbounded-string
}

int read_pair(FILE *f)
{
    char key[64], value[64];
    return fscanf(f, "%63s = %[^\n]", key, value); // expect: c.scanf-unbounded-string
}

int read_into(char *out)
{
    return scanf("%s", out); // expect: c.scanf-unbounded-string
}
