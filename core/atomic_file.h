/* atomic_file.h — write a whole output file or nothing.
 *
 * Reports (-o FILE) and baselines are written to a temporary file in the same folder,
 * flushed to disk, then renamed over the target, so a reader never sees half a report and
 * a failed run never truncates yesterday's file. The new file gets the target's mode when
 * it already exists, else 0666 minus the umask, as a plain fopen would. */
#ifndef ASSAY_ATOMIC_FILE_H
#define ASSAY_ATOMIC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct atomic_file atomic_file_t;

/* Creates the temporary file next to path. 0, or -1 with err = "path: problem". */
int atomic_file_open(atomic_file_t **out, const char *path, char *err, size_t err_size);

/* The stream to write the contents to. */
FILE *atomic_file_stream(atomic_file_t *file);

/* Flushes, syncs and renames the temporary file over the target, then frees file (also
 * on failure, when the temporary file is removed). 0, or -1 with err set. */
int atomic_file_commit(atomic_file_t *file, char *err, size_t err_size);

/* Removes the temporary file and frees file; NULL is a no-op. */
void atomic_file_abort(atomic_file_t *file);

/* One-shot: writes data[0..length) (plus "\n" when add_newline) to path atomically. */
int atomic_file_write(const char *path, const char *data, size_t length, bool add_newline,
                      char *err, size_t err_size);

#endif
