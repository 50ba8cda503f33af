/* gcc.h — gcc/clang-style text diagnostics, for terminals and editors.
 *
 * Each finding prints as clang prints a diagnostic:
 *
 *     src/a.c:12:5: warning: 'strcpy' into 16-byte 'buf' may overflow [c.strcpy-unbounded]
 *         strcpy(buf, src);
 *         ^~~~~~~~~~~~~~~~
 *
 * then, in this order (fixes only when the verifier accepted them, fix->verified): the
 * fix-its of a fix that keeps the meaning (the insertion line
 * under the caret and clang's -fdiagnostics-parseable-fixits lines,
 * fix-it:"file":{l1:c1-l2:c2}:"text"); one `file:line:col: note: message` block per flow
 * step; a fix that may change the meaning as its own note (`note: <description>
 * [rule-id]`, source, caret, fix-it lines), never on the warning itself; for a fix the
 * verifier rejected, `note: fix not offered: <reason> [rule-id]`; the model review
 * as a note when a verdict is set. Notices (unreadable files...) come last as
 * `path: warning: message [assay]`.
 *
 * Columns are byte columns, as clang prints them and as fix-it ranges need them. The source
 * line is printed with tabs expanded to 8 columns and carets placed by display width
 * (wide characters take two), so the caret stays under the code whatever the line holds;
 * control characters and invalid UTF-8 print as <U+XXXX> / <XX> as clang does. Control
 * characters in paths and messages print escaped, so a line never splits. Lines longer
 * than 4096 bytes (minified code) are not shown; a column past the end of its line puts
 * the caret just after the line.
 *
 * Parsed by: vim's compiler/gcc.vim 'errorformat', Emacs compilation-mode's `gnu` regexp and
 * VS Code's $gcc problem matcher (tests/unit/test_report_gcc_parsers.c checks file, line,
 * column, severity and message over paths with spaces, colons, digits and UTF-8). Limits,
 * shared with gcc's and clang's own output: a path containing ":<digits>:<digits>: " (vim,
 * VS Code) or ": " / " -" (Emacs) is misread; a source line that itself reads like
 * "x:12: warning: ..." is taken for a location by vim and VS Code; Emacs takes some fix-it
 * lines for locations. Notice lines carry no line number, so editors list them as text. */
#ifndef ASSAY_REPORT_GCC_H
#define ASSAY_REPORT_GCC_H

#include <stdio.h>

#include "reporters/report.h"

#include "reporters/text.h"

/* Writes candidates and notices in gcc style; 0, or -1 with err set. */
int gcc_report_write(FILE *out, const candidate_list_t *candidates, const report_options_t *options,
                     char *err, size_t err_size);

/* Appends the gcc-style block of one candidate (diagnostic line, source, caret, notes,
 * fix-its), without colour, to out (JUnit failure texts use it); 0, or -1 on out of
 * memory. */
int gcc_report_format_candidate(text_buffer_t *out, const candidate_t *candidate,
                                const report_options_t *options);

#endif
