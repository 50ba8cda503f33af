/* temp_dir.h — test helper: a fresh temporary folder per test or fixture, removed with
 * everything in it afterwards (nftw, depth first; symbolic links are removed, never
 * followed). No shell is involved. */
#ifndef ASSAY_TESTS_TEMP_DIR_H
#define ASSAY_TESTS_TEMP_DIR_H

#include <stddef.h>

/* Creates a new folder $TMPDIR/assay-<tag>-XXXXXX (TMPDIR defaults to /tmp) and writes its
 * path to dir. 0, or -1 with errno set. */
int temp_dir_make(char *dir, size_t size, const char *tag);

/* Removes path and everything below it. 0, or -1 when something could not be removed. */
int temp_dir_remove(const char *path);

/* Writes dir/name (name may contain '/': folders are not created) with text; returns the
 * file's path in path. 0, or -1. */
int temp_dir_write(char *path, size_t size, const char *dir, const char *name, const char *text);

/* The same for length bytes that may hold NULs. */
int temp_dir_write_bytes(char *path, size_t size, const char *dir, const char *name,
                         const void *bytes, size_t length);

#endif
