/* source_file.c — safe whole-file reads and a line table (see source_file.h).
 *
 * The one idea: decide from an fstat of the opened descriptor, never from the path, so
 * what we check is what we read (no race between a stat and an open), and open with
 * O_NONBLOCK so a FIFO reports itself instead of blocking the worker forever. */
#include "analyzer/lint/source_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    return "not a regular file";
}

static void open_reason(int error, char *reason, size_t reason_size)
{
    switch (error) {
    case ELOOP: snprintf(reason, reason_size, "symlink loop, skipped"); break;
    case ENOENT: snprintf(reason, reason_size, "no such file (dangling symlink?), skipped"); break;
    case EACCES: snprintf(reason, reason_size, "permission denied, skipped"); break;
    default: snprintf(reason, reason_size, "cannot open: %s, skipped", strerror(error)); break;
    }
}

int source_file_read(source_file_t **out, const char *fs_path, char *reason, size_t reason_size)
{
    *out = NULL;
    int fd = open(fs_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        open_reason(errno, reason, reason_size);
        return SOURCE_SKIPPED;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(reason, reason_size, "cannot stat: %s, skipped", strerror(errno));
        close(fd);
        return SOURCE_SKIPPED;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(reason, reason_size, "%s, not a source file, skipped", file_kind(st.st_mode));
        close(fd);
        return SOURCE_SKIPPED;
    }
    if ((size_t)st.st_size > SOURCE_FILE_MAX_BYTES) {
        snprintf(reason, reason_size, "file too large (%lld bytes, limit %zu MiB), skipped",
                 (long long)st.st_size, SOURCE_FILE_MAX_BYTES >> 20);
        close(fd);
        return SOURCE_SKIPPED;
    }
    /* The file may grow between fstat and read: read up to the limit, growing the buffer. */
    size_t capacity = (size_t)st.st_size + 1, length = 0;
    char *text = malloc(capacity + 1);
    if (!text) {
        snprintf(reason, reason_size, "out of memory reading %lld bytes", (long long)st.st_size);
        close(fd);
        return -1;
    }
    for (;;) {
        if (length == capacity) {
            if (capacity >= SOURCE_FILE_MAX_BYTES) {
                snprintf(reason, reason_size, "file too large (limit %zu MiB), skipped",
                         SOURCE_FILE_MAX_BYTES >> 20);
                free(text);
                close(fd);
                return SOURCE_SKIPPED;
            }
            size_t grown_capacity = capacity * 2;
            char *grown = realloc(text, grown_capacity + 1);
            if (!grown) {
                snprintf(reason, reason_size, "out of memory");
                free(text);
                close(fd);
                return -1;
            }
            text = grown;
            capacity = grown_capacity;
        }
        ssize_t got = read(fd, text + length, capacity - length);
        if (got == 0) break;
        if (got < 0) {
            if (errno == EINTR) continue;
            snprintf(reason, reason_size, "read error: %s, skipped", strerror(errno));
            free(text);
            close(fd);
            return SOURCE_SKIPPED;
        }
        length += (size_t)got;
    }
    close(fd);
    text[length] = '\0';
    if (source_file_check(text, length, reason, reason_size) != SOURCE_OK) {
        free(text);
        return SOURCE_SKIPPED;
    }
    source_file_t *file = calloc(1, sizeof(*file));
    if (!file) {
        snprintf(reason, reason_size, "out of memory");
        free(text);
        return -1;
    }
    file->text = text;
    file->length = length;
    *out = file;
    return SOURCE_OK;
}

int source_file_check(const char *text, size_t length, char *reason, size_t reason_size)
{
    if (length > SOURCE_FILE_MAX_BYTES) {
        snprintf(reason, reason_size, "file too large (%zu bytes, limit %zu MiB), skipped", length,
                 SOURCE_FILE_MAX_BYTES >> 20);
        return SOURCE_SKIPPED;
    }
    size_t probe = length < SOURCE_FILE_BINARY_PROBE ? length : SOURCE_FILE_BINARY_PROBE;
    if (memchr(text, '\0', probe)) {
        snprintf(reason, reason_size, "binary file (NUL byte in the first 8 KiB), skipped");
        return SOURCE_SKIPPED;
    }
    return SOURCE_OK;
}

source_file_t *source_file_from_memory(const char *text, size_t length)
{
    source_file_t *file = calloc(1, sizeof(*file));
    if (!file) return NULL;
    file->text = malloc(length + 1);
    if (!file->text) {
        free(file);
        return NULL;
    }
    if (length) memcpy(file->text, text, length);
    file->text[length] = '\0';
    file->length = length;
    return file;
}

void source_file_free(source_file_t *file)
{
    if (!file) return;
    free(file->text);
    free(file->line_starts);
    free(file);
}

uint32_t source_count_lines(const char *text, size_t length)
{
    uint32_t lines = 0;
    const char *p = text, *end = text + length;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        lines++;
        if (!nl) break;
        p = nl + 1;
    }
    return lines;
}

int source_file_index_lines(source_file_t *file)
{
    if (file->line_starts) return 0;
    uint32_t count = source_count_lines(file->text, file->length);
    file->line_starts = malloc((count ? count : 1) * sizeof(uint32_t));
    if (!file->line_starts) return -1;
    uint32_t line = 0;
    const char *p = file->text, *end = file->text + file->length;
    while (p < end && line < count) {
        file->line_starts[line++] = (uint32_t)(p - file->text);
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) break;
        p = nl + 1;
    }
    file->line_count = count;
    return 0;
}

const char *source_file_line(const source_file_t *file, uint32_t line, size_t *length)
{
    if (!file->line_starts || line == 0 || line > file->line_count) return NULL;
    uint32_t start = file->line_starts[line - 1];
    uint32_t stop = line < file->line_count ? file->line_starts[line] : (uint32_t)file->length;
    if (stop > start && file->text[stop - 1] == '\n') stop--;
    if (stop > start && file->text[stop - 1] == '\r') stop--;
    *length = stop - start;
    return file->text + start;
}
