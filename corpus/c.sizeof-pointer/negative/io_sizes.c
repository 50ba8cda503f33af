/* I/O calls sized by sizeof of the array they fill, or of the object a pointer points to. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct settings {
    int level;
    char name[32];
};

void settings_reset(struct settings *cfg)
{
    memset(cfg, 0, sizeof *cfg); // ok: c.sizeof-pointer
}

ssize_t read_header(int fd)
{
    unsigned char header[16];
    ssize_t n = read(fd, header, sizeof header); // ok: c.sizeof-pointer
    if (n != (ssize_t)sizeof header) return -1;
    return header[0];
}

int first_line(FILE *f)
{
    char line[256];
    if (!fgets(line, sizeof(line), f)) return -1; // ok: c.sizeof-pointer
    return (int)strlen(line);
}

void name_of(const struct settings *cfg, char *out, size_t out_size)
{
    snprintf(out, out_size, "%s", cfg->name); // ok: c.sizeof-pointer
}

int same_settings(const struct settings *a, const struct settings *b)
{
    return memcmp(a, b, sizeof(struct settings)) == 0; // ok: c.sizeof-pointer
}
