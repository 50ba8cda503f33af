/* Copies of external strings into fixed arrays without a length check. */
#include <string.h>
#include <stdlib.h>

struct config {
    char host[64];
    char user[32];
};

int main(int argc, char **argv)
{
    char target[16];
    if (argc < 2) return 1;
    strcpy(target, argv[1]); // expect: c.strcpy-unbounded
    return target[0] == '-';
}

void set_user(struct config *cfg)
{
    const char *user = getenv("USER");
    if (user)
        strcpy(cfg->user, user); // expect: c.strcpy-unbounded
}

static char last_error[40];

void remember_error(const char *message)
{
    strcpy(last_error, message); // expect: c.strcpy-unbounded
}

void copy_names(char names[8][24], const char *const *src, int n)
{
    char first[24];
    for (int i = 0; i < n; i++) {
        strcpy(first, src[i]); // expect: c.strcpy-unbounded
    }
    (void)names;
}
