/* Interactive prompts that read a line with gets(). */
#include <stdio.h>
#include <string.h>

struct user {
    char name[32];
    int age;
};

int ask_name(void)
{
    char name[32];
    printf("name: ");
    gets(name); // expect: c.gets
    return (int)strlen(name);
}

void read_record(struct user *u)
{
    char line[128];
    while (gets(line) != NULL) { // expect: c.gets
        if (line[0] == '#') continue;
        sscanf(line, "%31s %d", u->name, &u->age); // expect: c.clang-unchecked-return
        break;
    }
}

/* The buffer comes from the caller: its size is unknown here, still never safe. */
char *read_into(char *dst)
{
    return gets(dst); // expect: c.gets
}
