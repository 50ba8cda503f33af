/* The same buffers with sizes that match them: sizeof of the buffer itself, room left for
 * the terminator, an allocation measured from the string it receives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct wire_header {
    unsigned char magic[4];
    unsigned short version;
};

struct session {
    char peer[32];
    int fd;
};

ssize_t read_chunk(int fd)
{
    char buf[1024];
    ssize_t n = read(fd, buf, sizeof buf); // ok: c.clang-buffer-overflow
    if (n > 0) fwrite(buf, 1, (size_t)n, stdout);
    return n;
}

int read_config_line(FILE *fp)
{
    char line[80];
    if (!fgets(line, sizeof line, fp)) return -1; // ok: c.clang-buffer-overflow
    return line[0] == '#';
}

void name_session(struct session *s, const char *host, int port)
{
    snprintf(s->peer, sizeof s->peer, "%s:%d", host, port); // ok: c.clang-buffer-overflow
}

int read_header(int fd, struct wire_header *out)
{
    struct wire_header hdr;
    if (read(fd, &hdr, sizeof hdr) != (ssize_t)sizeof hdr) return -1; // ok: c.clang-buffer-overflow
    *out = hdr;
    return 0;
}

void reset_header(void)
{
    struct wire_header hdr[2];
    memset(hdr, 0, 2 * sizeof(struct wire_header)); // ok: c.clang-buffer-overflow
    fwrite(hdr, sizeof hdr, 1, stdout);
}

struct record {
    unsigned id;
    char key[28];
};

size_t load_records(FILE *fp)
{
    struct record table[16];
    size_t got = fread(table, sizeof table[0], sizeof table / sizeof table[0], fp); // ok: c.clang-buffer-overflow
    return got ? table[0].id : 0;
}

char *join_path(const char *dir, const char *leaf)
{
    size_t a = strlen(dir), b = strlen(leaf);
    char *path = malloc(a + b + 2);
    if (!path) return NULL;
    memcpy(path, dir, a); // ok: c.clang-buffer-overflow
    path[a] = '/';
    memcpy(path + a + 1, leaf, b + 1);
    return path;
}

void copy_label(char *out, size_t out_size)
{
    char label[16] = "assay";
    if (out_size == 0) return;
    strncpy(out, label, out_size - 1); // ok: c.clang-buffer-overflow
    out[out_size - 1] = '\0';
}
