/* atomic_file.c — output collected in memory, then a device written directly or a regular
 * file replaced by temporary file + fsync + rename with termination signals held back
 * (see atomic_file.h). */
#include "core/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <ucontext.h>
#include <unistd.h>

struct atomic_file {
    char *path;   /* as the caller named it: for messages */
    char *target; /* the regular file to replace (links resolved); NULL for a device */
    int fd;       /* the opened device, FIFO or socket; -1 for a regular target */
    mode_t mode;  /* the mode a replacing regular file gets */
    FILE *stream; /* open_memstream over buffer/length */
    char *buffer;
    size_t length;
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

/* The signals that would end the process while a temporary file exists. */
static const int termination_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
enum { TERMINATION_SIGNAL_COUNT = sizeof(termination_signals) / sizeof(termination_signals[0]) };

/* What signal_guard_begin changed, for signal_guard_end to put back. */
typedef struct {
    sigset_t old_mask;
    struct sigaction old_action[TERMINATION_SIGNAL_COUNT];
    bool replaced[TERMINATION_SIGNAL_COUNT];
} signal_guard_t;

/* Runs in a thread that did not block sig (a library's worker thread): blocks sig in that
 * thread from the handler's return on (the saved mask in the context is what sigreturn
 * restores) and sends sig to the process again, so it stays pending until a thread
 * unblocks it: the committing thread, after the guard. */
static void signal_guard_hold(int sig, siginfo_t *info, void *context)
{
    (void)info;
    int saved_errno = errno;
    sigaddset(&((ucontext_t *)context)->uc_sigmask, sig);
    kill(getpid(), sig);
    errno = saved_errno;
}

static void signal_guard_begin(signal_guard_t *guard)
{
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < TERMINATION_SIGNAL_COUNT; i++) sigaddset(&set, termination_signals[i]);
    pthread_sigmask(SIG_BLOCK, &set, &guard->old_mask);
    struct sigaction hold = {.sa_sigaction = signal_guard_hold, .sa_flags = SA_SIGINFO | SA_RESTART};
    hold.sa_mask = set;
    for (int i = 0; i < TERMINATION_SIGNAL_COUNT; i++) {
        guard->replaced[i] = false;
        /* only a default (fatal) action needs holding back: an ignored signal or the
         * program's own handler does not end the process */
        if (sigaction(termination_signals[i], NULL, &guard->old_action[i]) != 0 ||
            (guard->old_action[i].sa_flags & SA_SIGINFO) ||
            guard->old_action[i].sa_handler != SIG_DFL)
            continue;
        guard->replaced[i] = sigaction(termination_signals[i], &hold, NULL) == 0;
    }
}

/* Puts the dispositions back, then the mask: a signal held back is delivered now. */
static void signal_guard_end(const signal_guard_t *guard)
{
    for (int i = 0; i < TERMINATION_SIGNAL_COUNT; i++)
        if (guard->replaced[i]) sigaction(termination_signals[i], &guard->old_action[i], NULL);
    pthread_sigmask(SIG_SETMASK, &guard->old_mask, NULL);
}

/* "TARGET.tmp.XXXXXX", ready for mkstemp; NULL when out of memory. */
static char *temp_name(const char *target)
{
    size_t size = strlen(target) + sizeof(".tmp.XXXXXX");
    char *name = malloc(size);
    if (name) snprintf(name, size, "%s.tmp.XXXXXX", target);
    return name;
}

static void atomic_file_release(atomic_file_t *file)
{
    if (file->stream) fclose(file->stream);
    if (file->fd >= 0) close(file->fd);
    free(file->buffer);
    free(file->target);
    free(file->path);
    free(file);
}

static int fail(atomic_file_t *file, char *err, size_t err_size, const char *path,
                const char *problem, int error)
{
    if (error)
        snprintf(err, err_size, "%s: %s: %s", path, problem, strerror(error));
    else
        snprintf(err, err_size, "%s: %s", path, problem);
    if (file) atomic_file_release(file);
    return -1;
}

/* Decides what path is and prepares file->target/mode or file->fd. 0, or -1 with err. */
static int atomic_file_classify(atomic_file_t *file, char *err, size_t err_size)
{
    const char *path = file->path;
    struct stat link_st, st;
    if (lstat(path, &link_st) != 0) {
        if (errno != ENOENT) return fail(NULL, err, err_size, path, "cannot open", errno);
        file->mode = 0666 & ~current_umask();
        file->target = strdup(path);
        return file->target ? 0 : fail(NULL, err, err_size, path, "out of memory", 0);
    }
    if (stat(path, &st) != 0) {
        if (S_ISLNK(link_st.st_mode) && errno == ENOENT)
            return fail(NULL, err, err_size, path, "symbolic link to a missing file", 0);
        return fail(NULL, err, err_size, path, "cannot open", errno);
    }
    if (S_ISDIR(st.st_mode)) return fail(NULL, err, err_size, path, "is a folder, not a file", 0);
    if (S_ISREG(st.st_mode)) {
        file->mode = st.st_mode & 07777;
        file->target = S_ISLNK(link_st.st_mode) ? realpath(path, NULL) : strdup(path);
        if (!file->target)
            return fail(NULL, err, err_size, path, "cannot resolve the symbolic link", errno);
        return 0;
    }
    /* a device, FIFO or socket: write into it, never create or truncate */
    file->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (file->fd < 0) return fail(NULL, err, err_size, path, "cannot open", errno);
    if (fstat(file->fd, &st) != 0) return fail(NULL, err, err_size, path, "cannot open", errno);
    if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
        return fail(NULL, err, err_size, path, "replaced while being opened", 0);
    return 0;
}

/* Creates and at once removes a temporary file next to the target: the folder is
 * writable now, so the commit after a long scan is unlikely to fail there. */
static int atomic_file_probe(atomic_file_t *file, char *err, size_t err_size)
{
    char *name = temp_name(file->target);
    if (!name) return fail(NULL, err, err_size, file->path, "out of memory", 0);
    signal_guard_t guard;
    signal_guard_begin(&guard);
    int fd = mkstemp(name);
    int error = errno;
    if (fd >= 0) {
        unlink(name);
        close(fd);
    }
    signal_guard_end(&guard);
    free(name);
    return fd >= 0 ? 0 : fail(NULL, err, err_size, file->path, "cannot create", error);
}

int atomic_file_open(atomic_file_t **out, const char *path, char *err, size_t err_size)
{
    *out = NULL;
    atomic_file_t *file = calloc(1, sizeof(*file));
    if (!file) return fail(NULL, err, err_size, path, "out of memory", 0);
    file->fd = -1;
    if (!(file->path = strdup(path))) return fail(file, err, err_size, path, "out of memory", 0);
    if (atomic_file_classify(file, err, err_size) != 0 ||
        (file->target && atomic_file_probe(file, err, err_size) != 0)) {
        atomic_file_release(file);
        return -1;
    }
    file->stream = open_memstream(&file->buffer, &file->length);
    if (!file->stream) return fail(file, err, err_size, path, "out of memory", 0);
    *out = file;
    return 0;
}

FILE *atomic_file_stream(atomic_file_t *file)
{
    return file->stream;
}

void atomic_file_abort(atomic_file_t *file)
{
    if (file) atomic_file_release(file);
}

/* Writes all of data to fd. 0, or the errno of the failing write. */
static int write_all(int fd, const char *data, size_t length)
{
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        data += n;
        length -= (size_t)n;
    }
    return 0;
}

/* The regular-file commit: everything between mkstemp and rename under blocked signals. */
static int commit_regular(atomic_file_t *file, char *err, size_t err_size)
{
    char *name = temp_name(file->target);
    if (!name) return fail(NULL, err, err_size, file->path, "out of memory", 0);
    signal_guard_t guard;
    signal_guard_begin(&guard);
    const char *problem = "cannot create";
    int error = 0;
    int fd = mkstemp(name);
    if (fd < 0) {
        error = errno;
    } else {
        problem = "cannot write";
        (void)fchmod(fd, file->mode); /* on failure the file keeps 0600: still ours */
        error = write_all(fd, file->buffer, file->length);
        if (!error && fsync(fd) != 0 && errno != EINVAL) error = errno;
        if (close(fd) != 0 && !error) error = errno;
        if (!error && rename(name, file->target) != 0) error = errno;
        if (error) unlink(name);
    }
    signal_guard_end(&guard);
    free(name);
    return error ? fail(NULL, err, err_size, file->path, problem, error) : 0;
}

int atomic_file_commit(atomic_file_t *file, char *err, size_t err_size)
{
    /* closing the memory stream finalises buffer and length */
    int closed = fclose(file->stream);
    file->stream = NULL;
    if (closed != 0) return fail(file, err, err_size, file->path, "out of memory", 0);
    int status;
    if (file->target) {
        status = commit_regular(file, err, err_size);
    } else {
        int error = write_all(file->fd, file->buffer, file->length);
        int fd = file->fd;
        file->fd = -1;
        if (close(fd) != 0 && !error) error = errno;
        status = error ? fail(NULL, err, err_size, file->path, "cannot write", error) : 0;
    }
    atomic_file_release(file);
    return status;
}

int atomic_file_write(const char *path, const char *data, size_t length, bool add_newline,
                      char *err, size_t err_size)
{
    atomic_file_t *file;
    if (atomic_file_open(&file, path, err, err_size) != 0) return -1;
    if (fwrite(data, 1, length, file->stream) != length ||
        (add_newline && fputc('\n', file->stream) == EOF))
        return fail(file, err, err_size, path, "out of memory", 0);
    return atomic_file_commit(file, err, err_size);
}
