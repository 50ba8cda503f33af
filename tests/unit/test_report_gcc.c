/* test_report_gcc.c — the gcc-style reporter: exact output, caret alignment with tabs and
 * multi-byte characters, clang's fix-it escaping and placement, colour, odd input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/helpers/report_fixtures.h"

/* The whole report, byte for byte: what a user sees in a terminal without colour. */
static const char expected_report[] =
    "dir with space/odd:name.c:3:12: error: 'p' is used after it was freed [c.use-after-free]\n"
    "    return *p;\n"
    "           ^~\n"
    "dir with space/odd:name.c:2:5: note: memory freed here\n"
    "    free(p);\n"
    "    ^~~~~~~\n"
    "dir with space/odd:name.c:3:12: note: freed memory read here\n"
    "    return *p;\n"
    "           ^~\n"
    "src/copy.c:3:16: warning: 'strcpy' into 'buf' (16 bytes) may overflow [c.strcpy-unbounded]\n"
    "        char buf[16]; strcpy(buf, src);\n"
    "                      ^~~~~~~~~~~~~~~~\n"
    "src/copy.c:3:16: note: replace with 'snprintf' [c.strcpy-unbounded]\n"
    "        char buf[16]; strcpy(buf, src);\n"
    "                      ^~~~~~~~~~~~~~~~\n"
    "                      snprintf(buf, sizeof buf, \"%s\", src)\n"
    "fix-it:\"src/copy.c\":{3:16-3:32}:\"snprintf(buf, sizeof buf, \\\"%s\\\", src)\"\n"
    "src/copy.c:4:20: warning: 'gets' cannot be bounded [c.strcpy-unbounded]\n"
    "        /* h\xC3\xA9llo \xF0\x9F\x98\x80 */ gets(buf);\n"
    "                       ^~~~~~~~~\n"
    "                       fgets\n"
    "fix-it:\"src/copy.c\":{4:20-4:24}:\"fgets\"\n"
    "fix-it:\"src/copy.c\":{4:28-4:28}:\", \\\"q\\\\\\\" \\303\\251\\t\\n\\001\"\n"
    "src/copy.c:4:20: note: model review: likely a real problem (confidence 87%): buf is 16 bytes "
    "and src comes from argv\n"
    "src/zz.c:1:1: note: (no message) [c.not-in-pack]\n"
    "src/binary.c: warning: not a text file (NUL byte at offset 12): skipped\n";

static void test_report_matches_expected_bytes(void **state)
{
    report_fixture_t *f = *state;
    char *text = fixture_render(REPORT_GCC, &f->list, &f->options);
    assert_non_null(text);
    assert_string_equal(text, expected_report);
    char *again = fixture_render(REPORT_GCC, &f->list, &f->options);
    assert_string_equal(text, again); /* byte-stable */
    free(again);
    free(text);
}

/* Returns the line that follows the first line starting with prefix (static buffer). */
static const char *line_after(const char *text, const char *prefix, int skip)
{
    static char line[512];
    const char *p = strstr(text, prefix);
    if (!p) return "";
    for (int i = 0; i <= skip; i++) {
        p = strchr(p, '\n');
        if (!p) return "";
        p++;
    }
    size_t n = strcspn(p, "\n");
    if (n >= sizeof(line)) n = sizeof(line) - 1;
    memcpy(line, p, n);
    line[n] = '\0';
    return line;
}

static void test_unsafe_fix_goes_on_a_note_never_after_the_warning(void **state)
{
    report_fixture_t *f = *state;
    char *text = fixture_render(REPORT_GCC, &f->list, &f->options);
    /* warning, source, caret: the next line is the note, not a fix-it */
    const char *after_caret = line_after(text, "src/copy.c:3:16: warning:", 2);
    assert_true(strncmp(after_caret, "src/copy.c:3:16: note: replace with 'snprintf' [c.strcpy-unbounded]",
                        strlen("src/copy.c:3:16: note: replace with 'snprintf'")) == 0);
    /* a safe fix follows its warning directly (after the insertion line) */
    assert_string_equal(line_after(text, "src/copy.c:4:20: warning:", 3),
                        "fix-it:\"src/copy.c\":{4:20-4:24}:\"fgets\"");
    free(text);
}

/* Display column of the '^' in a caret line. */
static size_t caret_column(const char *caret_line)
{
    const char *hat = strchr(caret_line, '^');
    return hat ? (size_t)(hat - caret_line) : (size_t)-1;
}

static void test_caret_lines_up_under_tabs_and_multibyte_text(void **state)
{
    report_fixture_t *f = *state;
    char *text = fixture_render(REPORT_GCC, &f->list, &f->options);
    /* "\tchar buf[16]; " -> 8 + 14 columns before strcpy */
    char source[128];
    snprintf(source, sizeof(source), "%s", line_after(text, "src/copy.c:3:16: warning:", 0));
    assert_string_equal(source, "        char buf[16]; strcpy(buf, src);");
    assert_int_equal(caret_column(line_after(text, "src/copy.c:3:16: warning:", 1)), 22);
    assert_int_equal(strstr(source, "strcpy") - source, 22);
    /* tab (8) + "slash-star h" (4) + é (1) + "llo " (4) + emoji (2, wide) + " star-slash " (4) = 23 */
    assert_int_equal(caret_column(line_after(text, "src/copy.c:4:20: warning:", 1)), 23);
    assert_string_equal(line_after(text, "src/copy.c:4:20: warning:", 1), "                       ^~~~~~~~~");
    free(text);
}

static void test_fixit_text_is_escaped_as_clang_does(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    candidate_t *c = fixture_candidate(NULL, "c.x", "a \"q\"\\b.c", fixture_range(1, 1, 1, 2), "m", NULL,
                                       SEVERITY_WARNING, 0);
    c->fix = fix_new("f", false);
    /* quote, backslash, tab, newline, a control byte, DEL, UTF-8, printable ASCII */
    fix_add_edit(c->fix, fixture_range(1, 1, 2, 3), "\"\\\t\n\x02\x7f\xE2\x82\xAC~ ");
    c->fix->verified = true;
    candidate_list_push(&list, c);
    char *text = fixture_render(REPORT_GCC, &list, NULL);
    assert_non_null(text);
    assert_non_null(strstr(text, "fix-it:\"a \\\"q\\\"\\\\b.c\":{1:1-2:3}:\"\\\"\\\\\\t\\n\\002\\177\\342\\202\\254~ \"\n"));
    free(text);
    candidate_list_destroy(&list);
}

static void test_colour_only_when_asked(void **state)
{
    report_fixture_t *f = *state;
    char *plain = fixture_render(REPORT_GCC, &f->list, &f->options);
    assert_null(strchr(plain, '\033'));
    f->options.color = true;
    char *color = fixture_render(REPORT_GCC, &f->list, &f->options);
    f->options.color = false;
    assert_non_null(strstr(color, "\033[1msrc/copy.c:3:16: \033[0m\033[0;1;35mwarning: \033[0m\033[1m"));
    assert_non_null(strstr(color, "\033[0;1;31merror: "));
    assert_non_null(strstr(color, "\033[0;1;32m                      ^~~~~~~~~~~~~~~~\033[0m\n"));
    /* fix-it lines stay plain so tools can parse them */
    assert_non_null(strstr(color, "\nfix-it:\"src/copy.c\":{4:20-4:24}:\"fgets\"\n"));
    free(plain);
    free(color);
}

static void test_control_characters_cannot_forge_lines(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    candidate_t *c = fixture_candidate(NULL, "c.x", "a.c", fixture_range(2, 3, 2, 4),
                                       "bad\nfake.c:1:1: error: forged\033[31m \xC2\x9B" "2J \xFF caf\xC3\xA9", NULL,
                                       SEVERITY_WARNING, 0);
    candidate_list_push(&list, c);
    char *text = fixture_render(REPORT_GCC, &list, NULL);
    /* newline, ESC, the C1 CSI (U+009B) and an invalid byte escaped; é kept */
    assert_string_equal(text, "a.c:2:3: warning: bad\\nfake.c:1:1: error: forged\\033[31m \\302\\2332J \\377 "
                              "caf\xC3\xA9 [c.x]\n");
    free(text);
    candidate_list_destroy(&list);
}

static const char *control_line(void *ctx, const char *path, uint32_t line, size_t *length)
{
    (void)ctx, (void)path, (void)line;
    static const char text[] = "\x01x\xFFy = 1;";
    *length = sizeof(text) - 1;
    return text;
}

static void test_unprintable_source_bytes_are_spelled_out_and_carets_follow(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    /* 'y' is byte 4: after <U+0001> (8 columns), x (1), <FF> (4) */
    candidate_list_push(&list, fixture_candidate(NULL, "c.x", "a.c", fixture_range(7, 4, 7, 5), "m", NULL,
                                                 SEVERITY_NOTE, 0));
    report_options_t options = {.source_line = control_line};
    char *text = fixture_render(REPORT_GCC, &list, &options);
    assert_string_equal(text, "a.c:7:4: note: m [c.x]\n"
                              "<U+0001>x<FF>y = 1;\n"
                              "             ^\n");
    free(text);
    candidate_list_destroy(&list);
}

static void test_empty_and_degenerate_input_never_crash(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    char *text = fixture_render(REPORT_GCC, &list, NULL);
    assert_string_equal(text, "");
    free(text);
    text = fixture_render(REPORT_GCC, NULL, NULL);
    assert_string_equal(text, "");
    free(text);

    candidate_t *c = candidate_new(); /* nothing set at all */
    candidate_list_push(&list, c);
    c = fixture_candidate(NULL, "c.y", "b.c", fixture_range(99, 500, 1, 1), NULL, NULL, SEVERITY_ERROR, 0);
    c->fix = fix_new(NULL, true); /* a fix with no edit prints nothing */
    candidate_list_push(&list, c);
    /* a column far past the end of its line: the caret goes just after the line */
    candidate_list_push(&list, fixture_candidate(NULL, "c.z", "src/copy.c", fixture_range(5, 4000000000u, 5, 4000000001u),
                                                 "far", NULL, SEVERITY_WARNING, 0));
    report_options_t options = {.source_line = fixture_source_line};
    text = fixture_render(REPORT_GCC, &list, &options);
    assert_string_equal(text, "<unknown>: warning: (no message)\n"
                              "b.c:99:500: error: (no message) [c.y]\n"
                              "src/copy.c:5:4000000000: warning: far [c.z]\n"
                              "}\n"
                              "  ^\n");
    free(text);
    candidate_list_destroy(&list);
}

static const char *long_line(void *ctx, const char *path, uint32_t line, size_t *length)
{
    (void)ctx, (void)path, (void)line;
    static char text[5000];
    memset(text, 'x', sizeof(text));
    *length = sizeof(text);
    return text;
}

static void test_minified_lines_are_not_printed(void **state)
{
    (void)state;
    candidate_list_t list;
    candidate_list_init(&list);
    candidate_list_push(&list, fixture_candidate(NULL, "c.x", "min.c", fixture_range(1, 4000, 1, 4001), "m", NULL,
                                                 SEVERITY_WARNING, 0));
    report_options_t options = {.source_line = long_line};
    char *text = fixture_render(REPORT_GCC, &list, &options);
    assert_string_equal(text, "min.c:1:4000: warning: m [c.x]\n");
    free(text);
    candidate_list_destroy(&list);
}

static void test_format_names_round_trip(void **state)
{
    (void)state;
    const char *names[] = {"gcc", "sarif", "junit", "json", "codequality"};
    for (size_t i = 0; i < 5; i++) {
        report_format_t format = REPORT_GCC;
        assert_int_equal(report_format_parse(names[i], &format), 0);
        assert_string_equal(report_format_name(format), names[i]);
    }
    report_format_t format = REPORT_JSON;
    assert_int_equal(report_format_parse("xml", &format), -1);
    assert_int_equal(report_format_parse("", &format), -1);
    assert_int_equal(report_format_parse(NULL, &format), -1);
    assert_int_equal(format, REPORT_JSON);
}

static void test_write_error_is_reported(void **state)
{
    report_fixture_t *f = *state;
    FILE *full = fopen("/dev/full", "w");
    if (!full) skip();
    for (int format = REPORT_GCC; format <= REPORT_CODEQUALITY; format++) {
        char err[128] = "";
        clearerr(full);
        assert_int_equal(report_write(full, (report_format_t)format, &f->list, &f->options, err, sizeof(err)), -1);
        assert_string_equal(err, "write failed: No space left on device");
    }
    fclose(full);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_report_matches_expected_bytes, report_fixture_setup, report_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_unsafe_fix_goes_on_a_note_never_after_the_warning, report_fixture_setup, report_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_caret_lines_up_under_tabs_and_multibyte_text, report_fixture_setup, report_fixture_teardown),
        cmocka_unit_test(test_fixit_text_is_escaped_as_clang_does),
        cmocka_unit_test_setup_teardown(test_colour_only_when_asked, report_fixture_setup, report_fixture_teardown),
        cmocka_unit_test(test_control_characters_cannot_forge_lines),
        cmocka_unit_test(test_unprintable_source_bytes_are_spelled_out_and_carets_follow),
        cmocka_unit_test(test_empty_and_degenerate_input_never_crash),
        cmocka_unit_test(test_minified_lines_are_not_printed),
        cmocka_unit_test(test_format_names_round_trip),
        cmocka_unit_test_setup_teardown(test_write_error_is_reported, report_fixture_setup, report_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
