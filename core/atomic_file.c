/* atomic_file.c — temporary file + rename (see atomic_file.h). */
#include "core/atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct atomic_file {
    char *path;
    char *temp_path;
    FILE *stream;
};

/* The process umask, read without changing it (umask(2) would, for every thread). */
static mode_t current_umask(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    mode_t mask = 022;
    if (!f) return mask;
    char line[256];
    while (fgets(line, sizeof(line), f)) {
        unsigned value;
        if (sscanf(line, "Umask: %o", &value) == 1) {
            mask = (mode_t)value;
            break;
        }
    }
    fclose(f);
    return mask;
}

int atomic_file_open(atomic_file_t **out, const char *path, char *err, size_t err_size)
{
    *out = NULL;
    atomic_file_t *file = calloc(1, sizeof(*file));
    size_t n = strlen(path);
    if (!file || !(file->path = strdup(path)) || !(file->temp_path = malloc(n + 16))) {
        if (file) free(file->path);
        free(file);
        snprintf(err, err_size, "%s: out of memory", path);
        return -1;
    }
    snprintf(file->temp_path, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(file->temp_path);
    if (fd < 0) {
        snprintf(err, err_size, "%s: cannot create: %s", path, strerror(errno));
        free(file->temp_path);
        free(file->path);
        free(file);
        return -1;
    }
    struct stat st;
    mode_t mode = stat(path, &st) == 0 ? (st.st_mode & 07777) : (0666 & ~current_umask());
    (void)fchmod(fd, mode); /* on failure the file keeps 0600: still ours and readable */
    file->stream = fdopen(fd, "w");
    if (!file->stream) {
        snprintf(err, err_size, "%s: cannot write: %s", path, strerror(errno));
        close(fd);
        unlink(file->temp_path);
        free(file->temp_path);
        free(file->path);
        free(file);
        return -1;
    }
    *out = file;
    return 0;
}

FILE *atomic_file_stream(atomic_file_t *file)
{
    return file->stream;
}

static void atomic_file_release(atomic_file_t *file)
{
    free(file->temp_path);
    free(file->path);
    free(file);
}

void atomic_file_abort(atomic_file_t *file)
{
    if (!file) return;
    if (file->stream) fclose(file->stream);
    unlink(file->temp_path);
    atomic_file_release(file);
}

int atomic_file_commit(atomic_file_t *file, char *err, size_t err_size)
{
    int failed = fflush(file->stream) != 0 || ferror(file->stream);
    int saved = errno;
    if (!failed && fsync(fileno(file->stream)) != 0 && errno != EINVAL) {
        failed = 1;
        saved = errno;
    }
    if (fclose(file->stream) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    file->stream = NULL;
    if (!failed && rename(file->temp_path, file->path) != 0) {
        failed = 1;
        saved = errno;
    }
    if (failed) {
        snprintf(err, err_size, "%s: cannot write: %s", file->path, strerror(saved));
        unlink(file->temp_path);
        atomic_file_release(file);
        return -1;
    }
    atomic_file_release(file);
    return 0;
}

int atomic_file_write(const char *path, const char *data, size_t length, bool add_newline,
                      char *err, size_t err_size)
{
    atomic_file_t *file;
    if (atomic_file_open(&file, path, err, err_size) != 0) return -1;
    if (fwrite(data, 1, length, file->stream) != length ||
        (add_newline && fputc('\n', file->stream) == EOF)) {
        snprintf(err, err_size, "%s: cannot write: %s", path, strerror(errno));
        atomic_file_abort(file);
        return -1;
    }
    return atomic_file_commit(file, err, err_size);
}
