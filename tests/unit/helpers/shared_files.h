/* shared_files.h — test helper: files from the shared folder, and honest skips.
 *
 * Some tests need files the repository does not carry: trained model weights, full
 * tokenizer vocabularies with their test vectors, a schema under its own licence. They live
 * in the shared folder beside the clone ($ASSAY_SHARED_DIR, else ../shared from the repo
 * root). A fresh clone has no such folder: a test that needs one of its files calls
 * SHARED_REQUIRE, which prints "SKIP: <why>" and marks the test skipped, so cmocka counts it
 * as skipped (and tests/run-all.sh reports it so), never as passed.
 * Include <cmocka.h> before this header. */
#ifndef ASSAY_TESTS_SHARED_FILES_H
#define ASSAY_TESTS_SHARED_FILES_H

#include <stdbool.h>
#include <stddef.h>

/* Writes the path of rel (e.g. "models/stories260K.gguf") under the shared folder to buf;
 * returns buf. */
const char *shared_path(char *buf, size_t size, const char *rel);

/* Writes the path of rel to buf and returns true if that file can be read; otherwise
 * prints "SKIP: needs <path> ..." on stdout and returns false. */
bool shared_file(char *buf, size_t size, const char *rel);

/* In a cmocka test: fills the char array buf with the path of rel, or skips the test. */
#define SHARED_REQUIRE(buf, rel)                          \
    do {                                                  \
        if (!shared_file((buf), sizeof(buf), (rel))) skip(); \
    } while (0)

/* Prints "SKIP: <why>" on stdout, the reason a test is about to call skip(). */
void shared_skip_reason(const char *why);

#endif
