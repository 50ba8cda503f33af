/* Data used as the format of printf-family calls. */
#include <stdio.h>

void show(const char *msg)
{
    printf(msg); // expect: c.format-nonliteral
}

void report(FILE *out, const char *user_input)
{
    fprintf(out, user_input); // expect: c.format-nonliteral
}

void echo_args(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        char line[128];
        snprintf(line, sizeof line, argv[i]); // expect: c.format-nonliteral
        puts(line);
    }
}

struct message {
    const char *text;
};

void print_message(const struct message *m, int code)
{
    printf(m->text, code); // expect: c.format-nonliteral
}
