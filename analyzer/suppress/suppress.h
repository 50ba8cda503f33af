/* suppress.h — inline suppressions read from a file's comments.
 *
 * Users silence one finding where it is, in forms they already know:
 *
 *   strcpy(d, s); // assay-ignore[c.strcpy-unbounded]: d is 4 KiB, s is checked above
 *   // assay-ignore[c.strcpy-unbounded, c.sprintf-*]: reason     (alone: the next line)
 *   /+ assay-ignore +/                                            (no ids: every rule)
 *   strcpy(d, s); // NOLINT(c.strcpy-unbounded)                   (clang-tidy forms)
 *   // NOLINTNEXTLINE(c.strcpy-unbounded)
 *   // NOLINTBEGIN(c.strcpy-*)  ...  // NOLINTEND(c.strcpy-*)
 *
 * (/+ +/ above stands for a block comment.) An assay-ignore comment covers the lines it
 * spans; when it stands alone on its line(s) it also covers the line after it. NOLINT
 * covers its own line, NOLINTNEXTLINE the next one, NOLINTBEGIN/NOLINTEND the lines
 * between (an unclosed NOLINTBEGIN runs to the end of the file). Ids are exact rule ids
 * or fnmatch(3) globs ("c.str*"), comma separated; bare NOLINT or assay-ignore (or "*")
 * covers every rule. Ids of other tools (NOLINT(bugprone-foo)) match no assay rule.
 *
 * Only real comments count: a cheap lexer skips string and character literals, so
 * "// NOLINT" inside a string suppresses nothing. */
#ifndef ASSAY_SUPPRESS_H
#define ASSAY_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct suppress_index suppress_index_t;

/* Scans source for suppression comments into a new index (suppress_index_free).
 * Returns 0, or -1 on out of memory. */
int suppress_index_build(suppress_index_t **out, const char *source, size_t length);

/* Frees the index; NULL is a no-op. */
void suppress_index_free(suppress_index_t *index);

/* True when a suppression covers rule_id at 1-based line. index may be NULL (false). */
bool suppress_index_covers(const suppress_index_t *index, const char *rule_id, uint32_t line);

/* Number of suppression directives found (for --stats and tests). */
size_t suppress_index_count(const suppress_index_t *index);

#endif
