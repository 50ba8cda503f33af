/* strcpy calls that cannot overflow, and strcpy mentioned where it is not called. */
#include <stdio.h>
#include <string.h>

void init_label(void)
{
    char label[16];
    strcpy(label, "default"); /* the literal fits: 8 bytes into 16 */
    puts(label);
}

int set_name(const char *name)
{
    char buf[32];
    if (strlen(name) >= sizeof buf) return -1; /* length checked first */
    strcpy(buf, name);
    return buf[0];
}

void copy_between(void)
{
    char small[8] = "abc";
    char big[64];
    strcpy(big, small); /* source array is smaller than the destination */
    puts(big);
}

/* The destination is a pointer of unknown size: a different question (not this rule). */
void copy_out(char *dst, const char *src)
{
    strcpy(dst, src);
}

void shadowed(const char *input)
{
    char out[4];
    {
        char *out = malloc_like(strlen(input) + 1);
        strcpy(out, input); /* this 'out' is the inner pointer, sized for input */
    }
    (void)out;
}

void describe(void)
{
    const char *doc = "strcpy(buf, src) is dangerous";
    snprintf(NULL, 0, "%s", doc); // strcpy(dst, argv[1]) in a comment
}
