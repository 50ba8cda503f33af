/* Stack allocations sized by data. */
#include <alloca.h>
#include <string.h>
#include <unistd.h>

void copy_name(const char *name)
{
    size_t n = strlen(name) + 1;
    char *buf = alloca(n); // expect: c.alloca-nonconstant
    memcpy(buf, name, n);
}

int sum(const int *values, int count)
{
    int *tmp = __builtin_alloca(count * sizeof(int)); // expect: c.alloca-nonconstant
    int s = 0;
    for (int i = 0; i < count; i++) s += (tmp[i] = values[i]);
    return s;
}

void packet(unsigned len)
{
    unsigned char *p = alloca(len); // expect: c.alloca-nonconstant
    p[0] = 0;
}

/* a length read from the file: untrusted input sizes the stack block */
int read_record(int fd)
{
    unsigned short len;
    if (read(fd, &len, sizeof len) != (ssize_t)sizeof len) return -1;
    char *rec = alloca(len); // expect: c.alloca-nonconstant, c.clang-tainted-size
    return (int)read(fd, rec, len);
}
