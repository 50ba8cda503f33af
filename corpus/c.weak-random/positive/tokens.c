/* Secrets made with rand()/random(). */
#include <stdlib.h>
#include <time.h>

struct session {
    unsigned long id;
    unsigned char key[16];
};

void new_session(struct session *s)
{
    srand((unsigned)time(NULL));
    s->id = (unsigned long)rand() << 16 | (unsigned long)rand(); // expect: c.weak-random
    for (int i = 0; i < 16; i++)
        s->key[i] = (unsigned char)(rand() & 0xff); // expect: c.weak-random
}

unsigned make_password_reset_token(void)
{
    return (unsigned)random(); // expect: c.weak-random
}

void fill_salt(unsigned char *salt, int n)
{
    for (int i = 0; i < n; i++) {
        long r = lrand48(); // expect: c.weak-random
        salt[i] = (unsigned char)r;
    }
}
