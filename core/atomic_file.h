/* atomic_file.h — write a whole output file or nothing.
 *
 * Reports (-o FILE) and baselines go through this module. What happens depends on what the
 * target is when atomic_file_open looks at it:
 *
 *  - Missing, or a regular file: the contents are collected in memory and, at commit,
 *    written to a temporary file "TARGET.tmp.XXXXXX" in the target's folder, flushed to
 *    disk (fsync) and renamed over the target. A reader never sees half a report and a
 *    failed run never truncates yesterday's file. The new file gets the target's mode when
 *    it already exists, else 0666 minus the umask, as a plain fopen would.
 *  - A symbolic link to a regular file: the same, but TARGET is the file the link leads to
 *    (resolved with realpath): the temporary file is made in that file's folder and renamed
 *    over that file, so the link stays a link (a rename over the link itself would replace
 *    it with a regular file, as this module did before). A link to a missing file is an
 *    error ("symbolic link to a missing file"): creating files through dangling links is
 *    what symlink attacks in shared folders rely on.
 *  - Anything else that exists (character or block device, FIFO, socket; directly or
 *    through a symbolic link): it is opened for writing at atomic_file_open without
 *    O_CREAT/O_TRUNC (so /dev/null stays /dev/null, /dev/stdout writes to standard output),
 *    and the contents are written to it at commit. A FIFO's open waits for a reader, as a
 *    shell's "> fifo" does. A write error (ENOSPC from /dev/full) fails the commit with
 *    "path: cannot write: reason".
 *  - A folder: an error ("is a folder, not a file").
 *
 * Signals: the temporary file exists only inside atomic_file_commit, and only while
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT are held back; afterwards a signal that came
 * meanwhile is delivered and the process dies as it would have, with the finished file in
 * place (or the old one untouched) and nothing left behind. Holding back: the calling
 * thread blocks them (pthread_sigmask), and those whose action is the default (fatal) one
 * get, for the commit only, a handler that catches them in any other thread (OpenBLAS and
 * libclang keep threads of their own, which a process-directed signal may pick), blocks
 * the signal in that thread and sends it to the process again, so it stays pending until
 * the committing thread restores dispositions and then its mask. Ignored signals and the
 * program's own handlers are left alone. Only locals and the process's own signal state
 * are touched, so there is no global mutable state; the caller must not change signal
 * dispositions from other threads meanwhile. Blocking from atomic_file_open on instead
 * would hold back Ctrl-C through a whole scan (and worker threads started meanwhile would
 * inherit the mask), so the contents wait in memory (open_memstream) until commit, at the
 * cost of one copy of the output in memory. A writable folder is checked at open:
 * atomic_file_open creates (and at once removes, held back the same way) a temporary
 * file, so an unwritable folder fails before a long scan, not after it. */
#ifndef ASSAY_ATOMIC_FILE_H
#define ASSAY_ATOMIC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct atomic_file atomic_file_t;

/* Looks at path as above (opening a device or FIFO, checking that a temporary file can be
 * created next to a regular target). 0, or -1 with err = "path: problem". */
int atomic_file_open(atomic_file_t **out, const char *path, char *err, size_t err_size);

/* The stream to write the contents to (in memory until commit). */
FILE *atomic_file_stream(atomic_file_t *file);

/* Writes the contents out as described above, then frees file (also on failure, when no
 * temporary file is left and a regular target is untouched). 0, or -1 with err set. */
int atomic_file_commit(atomic_file_t *file, char *err, size_t err_size);

/* Drops the contents, closes a device and frees file; NULL is a no-op. */
void atomic_file_abort(atomic_file_t *file);

/* One-shot: writes data[0..length) (plus "\n" when add_newline) to path atomically. */
int atomic_file_write(const char *path, const char *data, size_t length, bool add_newline,
                      char *err, size_t err_size);

#endif
