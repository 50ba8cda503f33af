/* Reads past the end of the source: a reply template copied with the output buffer's
 * size, a wide name copied with a fixed count, a heap scratch buffer copied whole into a
 * bigger record, a status line written with the size of a protocol frame, a token compared
 * over more bytes than it has, a magic number written with the size of a full header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#define REPLY_MAX 64

static const char reply_ok[] = "+OK\r\n";

struct record {
    char payload[128];
    size_t used;
};

void send_ok(char out[REPLY_MAX])
{
    memcpy(out, reply_ok, REPLY_MAX); // expect: c.clang-buffer-overread
}

void copy_wide_name(wchar_t *dst)
{
    wchar_t name[16] = L"administrator";
    wmemcpy(dst, name, 32); // expect: c.clang-buffer-overread
}

int fill_record(struct record *r)
{
    char *scratch = malloc(32);
    if (!scratch) return -1;
    memset(scratch, 0, 32);
    memmove(r->payload, scratch, sizeof r->payload); // expect: c.clang-buffer-overread
    r->used = 32;
    free(scratch);
    return 0;
}

#define FRAME_SIZE 64

void send_status(int fd)
{
    char status[16] = "READY\n";
    write(fd, status, FRAME_SIZE); // expect: c.clang-buffer-overread
}

int token_matches(const unsigned char *given)
{
    unsigned char token[16] = {0};
    return memcmp(token, given, 32) == 0; // expect: c.clang-buffer-overread
}

void write_magic(FILE *out)
{
    static const unsigned char magic[4] = {0x7f, 'A', 'S', 'Y'};
    fwrite(magic, 1, 16, out); // expect: c.clang-buffer-overread
}
