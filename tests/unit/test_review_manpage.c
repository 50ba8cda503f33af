/* test_review_manpage.c — man pages for the review: roff reduced to plain text (vectors of
 * requests and escapes), the wanted sections found in hand-written pages
 * (tests/unit/fixtures/man), .so redirections followed and bounded, compressed pages, and
 * the pages that must not be read (FIFOs, oversized, corrupt) refused with a message, while
 * a missing page or folder is simply no page. One test reads the installed pages of
 * manpages-dev and SKIPs without them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>

#include "review/review_manpage.h"
#include "tests/unit/helpers/shared_files.h"
#include "tests/unit/helpers/temp_dir.h"

#define FIXTURE_MAN "tests/unit/fixtures/man"

/* ---- roff to plain text ----------------------------------------------------------------- */

static void expect_plain(const char *roff, const char *want)
{
    char *got = review_manpage_plain(roff, strlen(roff));
    assert_non_null(got);
    if (strcmp(got, want) != 0) fprintf(stderr, "roff:\n%s\nwant:\n[%s]\ngot:\n[%s]\n", roff, want, got);
    assert_string_equal(got, want);
    free(got);
}

static void test_plain_fonts_and_escapes(void **state)
{
    (void)state;
    expect_plain(".B bold\ntext \\fIitalic\\fP and \\-n\n", "bold text italic and -n\n");
    expect_plain(".BR malloc (3),\n.I ptr\nis\n\\(em fine\n", "malloc(3), ptr is -- fine\n");
    expect_plain(".BI \"void *realloc(void \" \"*ptr\" );\n", "void *realloc(void *ptr);\n");
    expect_plain(".IR \"say \"\"hi\"\"\" .\n", "say \"hi\".\n");
    expect_plain("\\f(CWcode\\fR \\s-1SMALL\\s+1 \\f[B]big\\f[]\n", "code SMALL big\n");
    expect_plain("\\[em] \\*(lqquoted\\*(rq \\(aqa\\(aq a\\~b \\e \\&.\n", "-- \"quoted\" 'a' a b \\ .\n");
    expect_plain("a\\h'3n'b\\v'-1'c\\w'xyz'd\\kxe\n", "abcde\n");
    expect_plain("\\(zz unknown\\[foo] \\q\n", "unknown q\n");
}

static void test_plain_comments_and_continuations(void **state)
{
    (void)state;
    expect_plain(".\\\" a comment line\n'\\\" another\ntext \\\" trailing comment\nmore\n", "text more\n");
    expect_plain("first\\c\nsecond\n", "firstsecond\n");
    expect_plain(".BI \"char *f(char \" dst \", \\\nconst char *\" src );\n", "char *f(char dst, const char *src);\n");
    expect_plain("See\n.UR https://example.org\nthe site\n.UE .\n", "See the site.\n");
}

static void test_plain_paragraphs(void **state)
{
    (void)state;
    expect_plain("One\nsentence.\n.PP\nTwo.\n", "One sentence.\nTwo.\n");
    expect_plain(".TP\n.B ENOMEM\nOut of\nmemory.\n.TP\n.B EINVAL\nBad.\n.PP\nAfter.\n",
                 "ENOMEM\n    Out of memory.\nEINVAL\n    Bad.\nAfter.\n");
    expect_plain(".IP \\(bu 3\nfirst item\n.IP \"\"\nno tag\n.PP\nend\n", "*\n    first item\n    no tag\nend\n");
    expect_plain(".nf\n  a  b\nc\n.fi\njoined\nline\n", "  a  b\nc\njoined line\n");
    expect_plain(".in +4n\n.EX\nx = f(y);\n.EE\n.in\nback\n", "x = f(y);\nback\n");
    expect_plain(".RS\nin\n.RE\nout\n", "    in\nout\n");
    expect_plain(".SS Nonportable behavior\nText.\n", "Nonportable behavior\nText.\n");
    expect_plain("a\n\nb\n", "a\nb\n");
    expect_plain(" leading space breaks\n", "leading space breaks\n");
}

static void test_plain_tables_and_requests_dropped(void **state)
{
    (void)state;
    expect_plain(".TS\nallbox;\nl l.\nA\tB\nT{\n.BR f ()\nT}\tx\n.TE\nafter\n", "after\n");
    expect_plain(".TH x 3\n.ad l\n.nh\n.hy\n.ft B\n.so other\n.de XX\ntext\n", "text\n");
    expect_plain("", "");
    expect_plain("\\", "");
    expect_plain("unterminated \\f(", "unterminated\n");
}

/* ---- pages in the fixture folder -------------------------------------------------------- */

static const char *section_text(const review_manpage_t *page, const char *title)
{
    for (size_t i = 0; i < page->section_count; i++)
        if (!strcmp(page->sections[i].title, title)) return page->sections[i].text;
    return NULL;
}

static void test_fixture_page_sections(void **state)
{
    (void)state;
    review_manpage_t *page;
    char err[512];
    assert_int_equal(review_manpage_find(&page, FIXTURE_MAN, "fixfunc", err, sizeof(err)), 0);
    assert_non_null(page);
    assert_int_equal(page->section, 3);
    assert_string_equal(page->function, "fixfunc");
    assert_non_null(strstr(page->path, "man3/fixfunc.3"));
    /* the wanted sections in their order; BUGS is too long, DESCRIPTION not wanted */
    assert_int_equal(page->section_count, 4);
    assert_string_equal(page->sections[0].title, "RETURN VALUE");
    assert_string_equal(page->sections[1].title, "ERRORS");
    assert_string_equal(page->sections[2].title, "NOTES");
    assert_string_equal(page->sections[3].title, "CAVEATS");
    assert_string_equal(section_text(page, "RETURN VALUE"),
                        "On success, fixfunc() returns a pointer to the resized thing. On error, it returns NULL "
                        "and sets errno; the original block is left untouched -- it is not freed.\n");
    assert_string_equal(section_text(page, "ERRORS"), "ENOMEM\n    Out of memory.\nEINVAL\n    size was 0.\n");
    assert_string_equal(section_text(page, "NOTES"),
                        "Callers write\np = fixfunc(p, n);   /* leaks on failure */\nonly when they keep a copy of p.\n");
    assert_string_equal(section_text(page, "CAVEATS"), "The name is confusing.\n");
    assert_null(section_text(page, "BUGS"));
    assert_null(strstr(page->sections[0].text, "not kept"));
    review_manpage_free(page);
}

static void test_so_redirection_and_section_2(void **state)
{
    (void)state;
    review_manpage_t *page;
    char err[512];
    assert_int_equal(review_manpage_find(&page, FIXTURE_MAN, "fixalias", err, sizeof(err)), 0);
    assert_non_null(page);
    assert_string_equal(page->function, "fixalias");
    assert_non_null(strstr(page->path, "man3/fixfunc.3"));
    assert_int_equal(page->section_count, 4);
    review_manpage_free(page);

    assert_int_equal(review_manpage_find(&page, FIXTURE_MAN, "sysfn", err, sizeof(err)), 0);
    assert_non_null(page);
    assert_int_equal(page->section, 2);
    assert_int_equal(page->section_count, 1);
    assert_string_equal(page->sections[0].text, "On success, the number of bytes read is returned; on error, -1 is "
                                                "returned, and errno is set to indicate the error.\n");
    review_manpage_free(page);
}

static void test_missing_is_no_page(void **state)
{
    (void)state;
    review_manpage_t *page = (review_manpage_t *)1;
    char err[512] = "";
    assert_int_equal(review_manpage_find(&page, FIXTURE_MAN, "nosuchfunction", err, sizeof(err)), 0);
    assert_null(page);
    assert_int_equal(review_manpage_find(&page, "/nonexistent/assay/man", "realloc", err, sizeof(err)), 0);
    assert_null(page);
    assert_int_equal(review_manpage_find(&page, FIXTURE_MAN, "nosections", err, sizeof(err)), 0);
    assert_null(page);
    /* names that are not identifiers never reach the file system */
    assert_int_equal(review_manpage_find(&page, FIXTURE_MAN, "../man3/fixfunc", err, sizeof(err)), 0);
    assert_null(page);
    assert_int_equal(review_manpage_find(&page, FIXTURE_MAN, "", err, sizeof(err)), 0);
    assert_null(page);
}

static void test_bad_redirections_fail(void **state)
{
    (void)state;
    review_manpage_t *page;
    char err[512];
    assert_int_equal(review_manpage_find(&page, FIXTURE_MAN, "loopa", err, sizeof(err)), -1);
    assert_null(page);
    assert_non_null(strstr(err, "redirections"));
    assert_int_equal(review_manpage_find(&page, FIXTURE_MAN, "dangling", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "names no page"));
    assert_int_equal(review_manpage_find(&page, FIXTURE_MAN, "escape", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "leaves the man folder"));
}

/* ---- generated pages: compressed, FIFO, oversized, corrupt ------------------------------ */

static void write_gz(const char *path, const char *text, size_t length)
{
    gzFile gz = gzopen(path, "wb");
    assert_non_null(gz);
    assert_int_equal(gzwrite(gz, text, (unsigned)length), (int)length);
    assert_int_equal(gzclose(gz), Z_OK);
}

static char *read_fixture(const char *rel, size_t *length)
{
    FILE *f = fopen(rel, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    *length = fread(buf, 1, 1 << 16, f);
    fclose(f);
    return buf;
}

static void test_generated_pages(void **state)
{
    (void)state;
    char dir[256], path[512], err[512];
    assert_int_equal(temp_dir_make(dir, sizeof(dir), "manpage"), 0);
    snprintf(path, sizeof(path), "%s/man3", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    size_t length;
    char *roff = read_fixture(FIXTURE_MAN "/man3/fixfunc.3", &length);
    snprintf(path, sizeof(path), "%s/man3/gzfunc.3.gz", dir);
    write_gz(path, roff, length);
    free(roff);
    assert_int_equal(temp_dir_write(path, sizeof(path), dir, "man3/gzalias.3", ".so man3/gzfunc.3\n"), 0);

    review_manpage_t *page;
    assert_int_equal(review_manpage_find(&page, dir, "gzfunc", err, sizeof(err)), 0);
    assert_non_null(page);
    assert_int_equal(page->section_count, 4);
    assert_string_equal(page->sections[3].text, "The name is confusing.\n");
    review_manpage_free(page);
    assert_int_equal(review_manpage_find(&page, dir, "gzalias", err, sizeof(err)), 0);
    assert_non_null(page);
    assert_non_null(strstr(page->path, "man3/gzfunc.3.gz"));
    review_manpage_free(page);

    /* a FIFO named like a page is refused at once, not waited on */
    snprintf(path, sizeof(path), "%s/man3/fifo.3.gz", dir);
    assert_int_equal(mkfifo(path, 0644), 0);
    assert_int_equal(review_manpage_find(&page, dir, "fifo", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "not a regular file"));

    /* over the limit: on disk, and only once uncompressed */
    size_t big = REVIEW_MANPAGE_MAX_BYTES + 100;
    char *text = malloc(big);
    assert_non_null(text);
    memset(text, 'x', big);
    for (size_t i = 79; i < big; i += 80) text[i] = '\n';
    assert_int_equal(temp_dir_write_bytes(path, sizeof(path), dir, "man3/huge.3", text, big), 0);
    assert_int_equal(review_manpage_find(&page, dir, "huge", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "larger than"));
    snprintf(path, sizeof(path), "%s/man3/bomb.3.gz", dir);
    write_gz(path, text, big);
    free(text);
    assert_int_equal(review_manpage_find(&page, dir, "bomb", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "uncompressed"));

    /* a gzip header followed by garbage */
    static const unsigned char corrupt[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 'g', 'a', 'r', 'b', 'a', 'g', 'e'};
    assert_int_equal(temp_dir_write_bytes(path, sizeof(path), dir, "man3/corrupt.3.gz", corrupt, sizeof(corrupt)), 0);
    assert_int_equal(review_manpage_find(&page, dir, "corrupt", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "corrupt.3.gz"));
    assert_null(page);

    assert_int_equal(temp_dir_remove(dir), 0);
}

/* ---- the installed pages ---------------------------------------------------------------- */

static void test_installed_pages(void **state)
{
    (void)state;
    if (access(REVIEW_MANPAGE_DEFAULT_DIR "/man3/malloc.3.gz", R_OK) != 0) {
        shared_skip_reason("needs the installed man pages of manpages-dev (" REVIEW_MANPAGE_DEFAULT_DIR "/man3)");
        skip();
    }
    review_manpage_t *page;
    char err[512];
    assert_int_equal(review_manpage_find(&page, NULL, "realloc", err, sizeof(err)), 0);
    assert_non_null(page);
    const char *ret = section_text(page, "RETURN VALUE"); /* malloc(3)'s, through a link */
    assert_non_null(ret);
    assert_non_null(strstr(ret, "realloc()"));
    assert_non_null(strstr(ret, "NULL"));
    assert_non_null(strstr(section_text(page, "ERRORS"), "ENOMEM"));
    for (size_t i = 0; i < page->section_count; i++) { /* no roff left over */
        assert_null(strstr(page->sections[i].text, "\\f"));
        assert_null(strstr(page->sections[i].text, "\n.B"));
    }
    review_manpage_free(page);
    assert_int_equal(review_manpage_find(&page, NULL, "strncpy", err, sizeof(err)), 0);
    assert_non_null(page);
    assert_non_null(section_text(page, "RETURN VALUE"));
    review_manpage_free(page);
    assert_int_equal(review_manpage_find(&page, NULL, "read", err, sizeof(err)), 0);
    assert_non_null(page);
    assert_int_equal(page->section, 2);
    review_manpage_free(page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_fonts_and_escapes),
        cmocka_unit_test(test_plain_comments_and_continuations),
        cmocka_unit_test(test_plain_paragraphs),
        cmocka_unit_test(test_plain_tables_and_requests_dropped),
        cmocka_unit_test(test_fixture_page_sections),
        cmocka_unit_test(test_so_redirection_and_section_2),
        cmocka_unit_test(test_missing_is_no_page),
        cmocka_unit_test(test_bad_redirections_fail),
        cmocka_unit_test(test_generated_pages),
        cmocka_unit_test(test_installed_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
