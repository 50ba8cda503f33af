/* fuzz_compdb.c — libFuzzer harness: compilation databases (analyzer/clang/clang_compdb.h)
 * on any text.
 *
 * clang_compdb_open reads a file (libclang's database API takes a folder), so the input is
 * written to compile_commands.json in a private temporary folder made once per process
 * (removed at exit); an accepted database is asked for the arguments of a listed-looking
 * file, a header beside it and a file it cannot know. Nothing is printed; everything is
 * freed. */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "analyzer/clang/clang_compdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char folder[64];
static char json_path[96];

static void remove_folder(void)
{
    unlink(json_path);
    rmdir(folder);
}

static const char *database_path(void)
{
    if (folder[0]) return json_path;
    snprintf(folder, sizeof folder, "/tmp/assay-fuzz-compdb-XXXXXX");
    if (!mkdtemp(folder)) abort();
    snprintf(json_path, sizeof json_path, "%s/compile_commands.json", folder);
    atexit(remove_folder);
    return json_path;
}

static int write_all(const char *path, const uint8_t *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    while (size) {
        ssize_t n = write(fd, data, size);
        if (n <= 0) break;
        data += n;
        size -= (size_t)n;
    }
    close(fd);
    return size ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = database_path();
    if (write_all(path, data, size) != 0) abort();
    clang_compdb_t *db = NULL;
    char err[512];
    if (clang_compdb_open(&db, folder, err, sizeof err) != 0) return 0;
    static const char *const files[] = {"/src/a.c", "/src/a.h", "/elsewhere/b.c", "relative.c"};
    static const char *const extra[] = {"-DFUZZ"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        clang_args_t args;
        clang_args_init(&args);
        char note[512];
        (void)clang_compdb_args_for(db, files[i], extra, 1, &args, note, sizeof note);
        clang_args_destroy(&args);
    }
    (void)clang_compdb_size(db);
    clang_compdb_free(db);
    return 0;
}
