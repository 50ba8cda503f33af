/* Copies bounded by the source: sizeof the template, the wide count of the array, the
 * bytes the scratch buffer really has, the status line's own length, the token's size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

static const char reply_ok[] = "+OK\r\n";

struct record {
    char payload[128];
    size_t used;
};

size_t send_ok(char *out, size_t out_size)
{
    if (out_size < sizeof reply_ok) return 0;
    memcpy(out, reply_ok, sizeof reply_ok); // ok: c.clang-buffer-overread
    return sizeof reply_ok - 1;
}

void copy_wide_name(wchar_t *dst)
{
    wchar_t name[16] = L"administrator";
    wmemcpy(dst, name, sizeof name / sizeof name[0]); // ok: c.clang-buffer-overread
}

int fill_record(struct record *r)
{
    char *scratch = malloc(32);
    if (!scratch) return -1;
    memset(scratch, 0, 32);
    memmove(r->payload, scratch, 32); // ok: c.clang-buffer-overread
    r->used = 32;
    free(scratch);
    return 0;
}

void send_status(int fd)
{
    char status[16] = "READY\n";
    ssize_t n = write(fd, status, strlen(status)); // ok: c.clang-buffer-overread
    (void)n;
}

int token_matches(const unsigned char *given)
{
    unsigned char token[16] = {0};
    return memcmp(token, given, sizeof token) == 0; // ok: c.clang-buffer-overread
}

void write_magic(FILE *out)
{
    static const unsigned char magic[4] = {0x7f, 'A', 'S', 'Y'};
    fwrite(magic, sizeof magic, 1, out); // ok: c.clang-buffer-overread
}
