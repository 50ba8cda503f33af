/* review_manpage.h — what the manual says about a library function, as plain text.
 *
 * The review shows the model the part of a called function's manual page that decides
 * whether a use is correct: RETURN VALUE, ERRORS, NOTES, and BUGS and CAVEATS when they
 * are short. Pages are read from an installed man folder (Debian's manpages-dev puts them in
 * /usr/share/man/man3/NAME.3.gz and man2/NAME.2.gz), compressed or plain, following `.so`
 * redirections (`.so man3/malloc.3`) and symbolic links, and their roff is reduced to text:
 * requests and font escapes dropped, one paragraph per line, `.TP` tags on their own line
 * with the paragraph they tag indented below them.
 *
 * Only regular files are read (a FIFO or device named like a page is refused without
 * blocking), pages over REVIEW_MANPAGE_MAX_BYTES are refused, and a chain of `.so` lines
 * longer than REVIEW_MANPAGE_MAX_HOPS stops (a loop ends there). */
#ifndef ASSAY_REVIEW_MANPAGE_H
#define ASSAY_REVIEW_MANPAGE_H

#include <stddef.h>

/* The folder searched when the caller passes NULL. */
#define REVIEW_MANPAGE_DEFAULT_DIR "/usr/share/man"
/* Largest page read, uncompressed (the largest section 2/3 pages are ~150 KB). */
#define REVIEW_MANPAGE_MAX_BYTES (512u * 1024u)
/* Most `.so` redirections followed from the page first found. */
#define REVIEW_MANPAGE_MAX_HOPS 4
/* BUGS and CAVEATS are kept only when their text is at most this long (bytes). */
#define REVIEW_MANPAGE_SHORT_SECTION 1200

typedef struct {
    char *title; /* "RETURN VALUE", "ERRORS", "NOTES", "BUGS", "CAVEATS" */
    char *text;  /* plain text, paragraphs one per line, ends with '\n' */
} review_manpage_section_t;

typedef struct {
    char *function; /* the name looked up: "realloc" */
    char *path;     /* the page read, after redirections: ".../man3/malloc.3.gz" */
    int section;    /* 3 or 2 */
    review_manpage_section_t *sections; /* in the order of the list above, present ones only */
    size_t section_count;
} review_manpage_t;

/* Finds the page of `function` under man_dir (NULL: REVIEW_MANPAGE_DEFAULT_DIR): section 3
 * first (man3/NAME.3.gz, man3/NAME.3), then section 2, and extracts its sections.
 * Returns 0 with *out set, or 0 with *out NULL when there is no page: the folder or the page
 * does not exist, the name is not a C identifier, or the page has none of the sections.
 * Returns -1 with a message naming the file when a page exists but cannot be used: not a
 * regular file, over the size limit, not readable or corrupt, a `.so` chain too long or
 * pointing nowhere, or out of memory. The caller frees *out with review_manpage_free. */
int review_manpage_find(review_manpage_t **out, const char *man_dir, const char *function, char *err,
                        size_t err_size);
void review_manpage_free(review_manpage_t *page);

/* The plain text of a piece of roff (a section's body): requests and escapes removed, as
 * described above. Returns a new string (the caller frees it), NULL on out of memory. */
char *review_manpage_plain(const char *roff, size_t length);

#endif
