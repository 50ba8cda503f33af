/* clang_command.c — one file's parse arguments: absolute path, compile command, extra
 * arguments and guessed include folders (see clang_command.h). */
#include "analyzer/clang/clang_command.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int clang_command_for(const clang_compdb_t *db, clang_includes_t *guessed, char *const *extra,
                      size_t extra_count, const char *path, char abs_buf[PATH_MAX], const char **abs_path,
                      clang_args_t *args, char *note, size_t note_size)
{
    *abs_path = path;
    if (path[0] != '/' && realpath(path, abs_buf)) {
        *abs_path = abs_buf;
    } else if (path[0] != '/' && getcwd(abs_buf, PATH_MAX) && /* a file not on disk */
               strlen(abs_buf) + 1 + strlen(path) < PATH_MAX) {
        strcat(strcat(abs_buf, "/"), path);
        *abs_path = abs_buf;
    }
    if (note_size) note[0] = 0;
    if (clang_compdb_args_for(db, *abs_path, (const char *const *)extra, extra_count, args, note, note_size) != 0)
        return -1;
    if (guessed && clang_includes_args_for(guessed, *abs_path, args, NULL) != 0) return -1;
    return 0;
}
