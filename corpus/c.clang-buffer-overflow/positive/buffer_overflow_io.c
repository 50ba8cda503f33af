/* Sizes that disagree with the buffers they describe: a read and a line read bounded by
 * another buffer's size, a formatted name bounded by a constant larger than its field, a
 * header read whole with a size of the wire format rather than of the struct, a header
 * cleared with the wrong struct size, a path built from fixed parts, a table of records
 * read with the count of a bigger table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IO_CHUNK 4096
#define NAME_MAX_LEN 64

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
    ssize_t n = read(fd, buf, IO_CHUNK); // expect: c.clang-buffer-overflow
    if (n > 0) fwrite(buf, 1, (size_t)n, stdout);
    return n;
}

int read_config_line(FILE *fp)
{
    char line[80];
    char big[256];
    if (!fgets(line, sizeof big, fp)) return -1; // expect: c.clang-buffer-overflow
    (void)big;
    return line[0] == '#';
}

void name_session(struct session *s, const char *host, int port)
{
    snprintf(s->peer, NAME_MAX_LEN, "%s:%d", host, port); // expect: c.clang-buffer-overflow
}

int read_header(int fd, struct wire_header *out)
{
    struct wire_header hdr;
    if (read(fd, &hdr, 16) != 16) return -1; // expect: c.clang-buffer-overflow
    *out = hdr;
    return 0;
}

void reset_header(void)
{
    struct wire_header hdr[1];
    memset(hdr, 0, 2 * sizeof(struct wire_header)); // expect: c.clang-buffer-overflow
    fwrite(hdr, sizeof hdr, 1, stdout);
}

#define MAX_RECORDS 64

struct record {
    unsigned id;
    char key[28];
};

size_t load_records(FILE *fp)
{
    struct record table[16];
    size_t got = fread(table, sizeof table[0], MAX_RECORDS, fp); // expect: c.clang-buffer-overflow
    return got ? table[0].id : 0;
}

char *cache_path(void)
{
    char *path = malloc(16);
    if (!path) return NULL;
    strcpy(path, "/var/lib/"); // ok: c.clang-buffer-overflow
    strcat(path, "assay/cache"); // expect: c.clang-buffer-overflow
    return path;
}
