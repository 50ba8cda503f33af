/* notice.h — a problem with one input file that produced no finding but must not go
 * unseen (unreadable, binary, too large, only partly parsed...).
 *
 * The lint run collects notices; the command line prints them on stderr and hands them to
 * the reporters, which carry them into SARIF, JUnit, JSON and Code Quality reports. The
 * type lives in the core so that both sides can name it without depending on each other. */
#ifndef ASSAY_NOTICE_H
#define ASSAY_NOTICE_H

typedef struct {
    char *path;    /* relative to the repository root, like candidate paths */
    char *message; /* "not valid UTF-8: skipped" */
} notice_t;

#endif
