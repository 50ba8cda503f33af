/* test_report_gcc_parsers.c — the gcc-style output read back the way editors read it.
 *
 * Three parsers, translated faithfully into PCRE2 from their sources:
 *  - vim: runtime/compiler/gcc.vim 'errorformat', each entry turned into the regex vim's
 *    efm_to_regpat() builds (%f before a literal -> .\{-1,} i.e. lazy ".+?", %l/%c/%v ->
 *    \d\+, %t -> ., %m -> .\+, %*[^x] -> [^x]\+, anchored ^...$), tried in order, the
 *    first match wins;
 *  - Emacs: compilation-error-regexp-alist-alist's `gnu` entry (lisp/progmodes/compile.el),
 *    rx form translated term by term; type = warning if group 6 matched, info if group 7,
 *    else error;
 *  - VS Code: the $gcc problem matcher's regexp, verbatim.
 * Every diagnostic line of a report over awkward paths (spaces, colons, a leading number,
 * UTF-8) must come back with its file, line, column, severity and message. Known limits
 * (documented in reporters/gcc.h): a path holding ":<digits>:<digits>: " defeats vim and
 * VS Code, one holding " -" or ": " defeats Emacs, and Emacs also takes clang-style fix-it
 * lines for locations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "tests/unit/helpers/report_fixtures.h"

/* ---- the parsers ------------------------------------------------------------------ */

typedef struct {
    char file[256];
    long line, column; /* 0 when absent */
    char type;         /* 'e' error, 'w' warning, 'i' info/note, 0 none */
    char message[512];
    bool matched;
} parsed_t;

typedef struct {
    const char *efm;     /* the gcc.vim entry, for failure messages */
    const char *pattern; /* what vim's efm_to_regpat makes of it */
} vim_entry_t;

static const vim_entry_t vim_gcc[] = {
    {"make: *** [%f:%l: %m", "^make: \\*\\*\\* \\[(?<f>.+?):(?<l>\\d+): (?<m>.+)$"},
    {"%*[^\"]\"%f\"%*\\D%l:%c: %m", "^[^\"]+\"(?<f>.+?)\"\\D+(?<l>\\d+):(?<c>\\d+): (?<m>.+)$"},
    {"%*[^\"]\"%f\"%*\\D%l: %m", "^[^\"]+\"(?<f>.+?)\"\\D+(?<l>\\d+): (?<m>.+)$"},
    {"\"%f\"%*\\D%l:%c: %m", "^\"(?<f>.+?)\"\\D+(?<l>\\d+):(?<c>\\d+): (?<m>.+)$"},
    {"\"%f\"%*\\D%l: %m", "^\"(?<f>.+?)\"\\D+(?<l>\\d+): (?<m>.+)$"},
    {"%f:%l:%v: %trror: %m", "^(?<f>.+?):(?<l>\\d+):(?<c>\\d+): (?<t>.)rror: (?<m>.+)$"},
    {"%f:%l:%v: %tarning: %m", "^(?<f>.+?):(?<l>\\d+):(?<c>\\d+): (?<t>.)arning: (?<m>.+)$"},
    {"%f:%l:%v: %m", "^(?<f>.+?):(?<l>\\d+):(?<c>\\d+): (?<m>.+)$"},
    {"%f:%l: %trror: %m", "^(?<f>.+?):(?<l>\\d+): (?<t>.)rror: (?<m>.+)$"},
    {"%f:%l: %tarning: %m", "^(?<f>.+?):(?<l>\\d+): (?<t>.)arning: (?<m>.+)$"},
    {"%f:%l: %m", "^(?<f>.+?):(?<l>\\d+): (?<m>.+)$"},
    {"%f:\\(%*[^\\)]\\): %m", "^(?<f>.+?):\\([^)]+\\): (?<m>.+)$"},
    {"\"%f\"\\, line %l%*\\D%c%*[^ ] %m", "^\"(?<f>.+?)\", line (?<l>\\d+)\\D+(?<c>\\d+)[^ ]+ (?<m>.+)$"},
};

/* compile.el `gnu`, term by term: optional program name; file; line; optional
 * [.:]column and ranges; ":"; then the type alternatives. */
static const char emacs_gnu[] =
    "^(?:[[:alpha:]][-[:alnum:].]+: ?|[ \\t]+(?:in |from))?"
    "(?<f>[0-9]*[^0-9\\n](?:[^\\n :]| [^-/\\n]|:[^ \\n])*?)"
    ": ?"
    "(?<l>[0-9]+)"
    "(?:-(?<el>[0-9]+)(?:\\.(?<ec>[0-9]+))?"
    "|[.:](?<c>[0-9]+)(?:-(?:(?<el2>[0-9]+)\\.)?(?<ec2>[0-9]+))?)?"
    ":"
    "(?: *(?<warn>FutureWarning|RuntimeWarning|Warning|warning|W:)"
    "| *(?<info>[Ii]nfo(?:\\b|rmationa?l?)|I:|\\[ skipping .+ \\]|instantiated from|required from|[Nn]ote)"
    "| *[Ee]rror"
    "|[0-9]?(?:[^0-9\\n]|$)"
    "|[0-9][0-9][0-9])";

static const char vscode_gcc[] = "^(.*?):(\\d+):(\\d*):?\\s+(?:fatal\\s+)?(warning|error):\\s+(.*)$";

static pcre2_code *compile(const char *pattern)
{
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &offset, NULL);
    if (!re) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(code, message, sizeof(message));
        fail_msg("pattern %s: %s at %zu", pattern, (char *)message, (size_t)offset);
    }
    return re;
}

static bool group(pcre2_code *re, pcre2_match_data *md, const char *name, int number, char *out, size_t size)
{
    PCRE2_SIZE length = size;
    int rc = name ? pcre2_substring_copy_byname(md, (PCRE2_SPTR)name, (PCRE2_UCHAR *)out, &length)
                  : pcre2_substring_copy_bynumber(md, (uint32_t)number, (PCRE2_UCHAR *)out, &length);
    (void)re;
    if (rc != 0) out[0] = '\0';
    return rc == 0 && length > 0;
}

static long group_number(pcre2_code *re, pcre2_match_data *md, const char *name, int number)
{
    char text[32];
    return group(re, md, name, number, text, sizeof(text)) ? atol(text) : 0;
}

static bool run(pcre2_code *re, pcre2_match_data *md, const char *line)
{
    return pcre2_match(re, (PCRE2_SPTR)line, strlen(line), 0, 0, md, NULL) >= 0;
}

static parsed_t parse_vim(const char *line)
{
    parsed_t p = {0};
    for (size_t i = 0; i < sizeof(vim_gcc) / sizeof(vim_gcc[0]) && !p.matched; i++) {
        pcre2_code *re = compile(vim_gcc[i].pattern);
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        if (run(re, md, line)) {
            p.matched = true;
            group(re, md, "f", 0, p.file, sizeof(p.file));
            p.line = group_number(re, md, "l", 0);
            if (pcre2_substring_number_from_name(re, (PCRE2_SPTR) "c") > 0) p.column = group_number(re, md, "c", 0);
            if (pcre2_substring_number_from_name(re, (PCRE2_SPTR) "t") > 0) {
                char t[8];
                group(re, md, "t", 0, t, sizeof(t));
                p.type = t[0]; /* vim: 'e' and 'w' (the first letter of "error"/"warning") */
            }
            group(re, md, "m", 0, p.message, sizeof(p.message));
        }
        pcre2_match_data_free(md);
        pcre2_code_free(re);
    }
    return p;
}

static parsed_t parse_emacs(const char *line)
{
    parsed_t p = {0};
    pcre2_code *re = compile(emacs_gnu);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (run(re, md, line)) {
        p.matched = true;
        group(re, md, "f", 0, p.file, sizeof(p.file));
        p.line = group_number(re, md, "l", 0);
        p.column = group_number(re, md, "c", 0);
        char ignored[64];
        p.type = group(re, md, "warn", 0, ignored, sizeof(ignored))   ? 'w'
                 : group(re, md, "info", 0, ignored, sizeof(ignored)) ? 'i'
                                                                      : 'e';
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return p;
}

static parsed_t parse_vscode(const char *line)
{
    parsed_t p = {0};
    pcre2_code *re = compile(vscode_gcc);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (run(re, md, line)) {
        p.matched = true;
        group(re, md, NULL, 1, p.file, sizeof(p.file));
        p.line = group_number(re, md, NULL, 2);
        p.column = group_number(re, md, NULL, 3);
        char severity[16];
        group(re, md, NULL, 4, severity, sizeof(severity));
        p.type = severity[0];
        group(re, md, NULL, 5, p.message, sizeof(p.message));
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return p;
}

/* ---- the report ------------------------------------------------------------------- */

/* One diagnostic line the report must contain, and what each parser must read from it. */
typedef struct {
    const char *file;
    long line, column;
    severity_t severity;
    const char *message; /* including " [rule]" where the line has it */
} expected_t;

static const char *const awkward_paths[] = {
    "src/copy.c", "main.c", "dir with space/odd:name.c", "2024 reports/v2.c", "src/caf\xC3\xA9 d\xC3\xA9j\xC3\xA0.c",
    "a:b/c::d.c",
};

static const char *line_of(void *ctx, const char *path, uint32_t line, size_t *length)
{
    (void)ctx, (void)path;
    static const char text[] = "\tstrcpy(buf, src); /* 12:34: warning: looks like a diagnostic */";
    *length = sizeof(text) - 1;
    return line < 100 ? text : NULL;
}

static void build(candidate_list_t *list, expected_t *expected, size_t *expected_count)
{
    candidate_list_init(list);
    size_t n = 0;
    for (size_t i = 0; i < sizeof(awkward_paths) / sizeof(awkward_paths[0]); i++) {
        const char *path = awkward_paths[i];
        uint32_t line = (uint32_t)(10 + i), column = (uint32_t)(2 + i);
        severity_t severity = i % 3 == 0 ? SEVERITY_WARNING : i % 3 == 1 ? SEVERITY_ERROR : SEVERITY_NOTE;
        candidate_t *c = fixture_candidate(NULL, "c.strcpy-unbounded", path, fixture_range(line, column, line, column + 6),
                                           "'strcpy' into 'buf' (16 bytes) may overflow: use 'snprintf'", "strcpy",
                                           severity, 120);
        candidate_add_flow(c, fixture_range(line - 1, 3, line - 1, 5), "'buf' declared here");
        c->fix = fix_new("replace with 'snprintf'", i % 2 == 0);
        fix_add_edit(c->fix, fixture_range(line, column, line, column + 6), "snprintf");
        c->fix->verified = true;
        candidate_list_push(list, c);
        expected[n++] = (expected_t){path, line, column, severity,
                                     "'strcpy' into 'buf' (16 bytes) may overflow: use 'snprintf' [c.strcpy-unbounded]"};
        expected[n++] = (expected_t){path, line - 1, 3, SEVERITY_NOTE, "'buf' declared here"};
        if (i % 2 == 0)
            expected[n++] = (expected_t){path, line, column, SEVERITY_NOTE, "replace with 'snprintf' [c.strcpy-unbounded]"};
    }
    *expected_count = n;
}

static char *render(const candidate_list_t *list)
{
    report_options_t options = {.source_line = line_of};
    return fixture_render(REPORT_GCC, list, &options);
}

/* Splits text into lines (modifies it); returns the count. */
static size_t split_lines(char *text, char **lines, size_t max)
{
    size_t n = 0;
    for (char *p = text; *p && n < max;) {
        lines[n++] = p;
        char *nl = strchr(p, '\n');
        if (!nl) break;
        *nl = '\0';
        p = nl + 1;
    }
    return n;
}

/* The header line of expected[k] in the report (the k-th header, in order). */
static bool is_header(const char *line)
{
    for (size_t i = 0; i < sizeof(awkward_paths) / sizeof(awkward_paths[0]); i++) {
        size_t n = strlen(awkward_paths[i]);
        if (strncmp(line, awkward_paths[i], n) == 0 && line[n] == ':' && line[n + 1] >= '0' && line[n + 1] <= '9')
            return true;
    }
    return false;
}

static const char *severity_word(severity_t s)
{
    return s == SEVERITY_ERROR ? "error" : s == SEVERITY_NOTE ? "note" : "warning";
}

static void test_every_diagnostic_line_parses_in_vim_emacs_and_vscode(void **state)
{
    (void)state;
    candidate_list_t list;
    expected_t expected[64];
    size_t expected_count;
    build(&list, expected, &expected_count);
    char *text = render(&list);
    char *lines[256];
    size_t count = split_lines(text, lines, 256);

    size_t k = 0;
    for (size_t i = 0; i < count; i++) {
        const char *line = lines[i];
        if (!is_header(line)) continue;
        assert_true(k < expected_count);
        const expected_t *e = &expected[k++];
        char vim_message[600];
        snprintf(vim_message, sizeof(vim_message), "%s", e->message);

        parsed_t vim = parse_vim(line);
        assert_true(vim.matched);
        assert_string_equal(vim.file, e->file);
        assert_int_equal(vim.line, e->line);
        assert_int_equal(vim.column, e->column);
        if (e->severity == SEVERITY_NOTE) { /* gcc.vim has no %t for notes: a plain entry */
            assert_int_equal(vim.type, 0);
            snprintf(vim_message, sizeof(vim_message), "note: %s", e->message);
        } else {
            assert_int_equal(vim.type, e->severity == SEVERITY_ERROR ? 'e' : 'w');
        }
        assert_string_equal(vim.message, vim_message);

        parsed_t emacs = parse_emacs(line);
        assert_true(emacs.matched);
        assert_string_equal(emacs.file, e->file);
        assert_int_equal(emacs.line, e->line);
        assert_int_equal(emacs.column, e->column);
        assert_int_equal(emacs.type, e->severity == SEVERITY_ERROR ? 'e' : e->severity == SEVERITY_NOTE ? 'i' : 'w');

        parsed_t vscode = parse_vscode(line);
        if (e->severity == SEVERITY_NOTE) { /* $gcc only knows warning and error */
            assert_false(vscode.matched);
        } else {
            assert_true(vscode.matched);
            assert_string_equal(vscode.file, e->file);
            assert_int_equal(vscode.line, e->line);
            assert_int_equal(vscode.column, e->column);
            assert_string_equal(vscode.message, e->message);
            assert_int_equal(vscode.type, severity_word(e->severity)[0]);
        }
    }
    assert_int_equal(k, expected_count);
    free(text);
    candidate_list_destroy(&list);
}

/* Caret, insertion and fix-it lines must not look like locations to vim or VS Code. Source
 * lines are the user's code: one that itself reads "x 12:34: warning: ..." is taken for a
 * location by vim and VS Code (as with gcc's and clang's output); the test counts those, as it counts
 * Emacs reading fix-it lines, and prints the figures. */
static void test_other_lines_are_not_taken_for_diagnostics(void **state)
{
    (void)state;
    candidate_list_t list;
    expected_t expected[64];
    size_t expected_count;
    build(&list, expected, &expected_count);
    char *text = render(&list);
    char *lines[256];
    size_t count = split_lines(text, lines, 256);
    size_t fixits = 0, emacs_fixits = 0, sources = 0, vim_sources = 0, vscode_sources = 0, carets = 0;
    for (size_t i = 0; i < count; i++) {
        const char *line = lines[i];
        if (is_header(line)) continue;
        if (strncmp(line, "fix-it:", 7) == 0) {
            fixits++;
            assert_false(parse_vim(line).matched);
            assert_false(parse_vscode(line).matched);
            emacs_fixits += parse_emacs(line).matched;
        } else if (strstr(line, "strcpy(buf")) {
            sources++;
            vim_sources += parse_vim(line).matched;
            vscode_sources += parse_vscode(line).matched;
        } else {
            carets++; /* "   ^~~~~~" and "   snprintf" */
            assert_false(parse_vim(line).matched);
            assert_false(parse_emacs(line).matched);
            assert_false(parse_vscode(line).matched);
        }
    }
    assert_int_equal(fixits, sizeof(awkward_paths) / sizeof(awkward_paths[0]));
    assert_true(carets >= fixits);
    print_message("known limits: Emacs `gnu` matched %zu of %zu fix-it lines; vim %zu and VS Code %zu "
                  "of %zu source lines holding \"12:34: warning:\"\n",
                  emacs_fixits, fixits, vim_sources, vscode_sources, sources);
    free(text);
    candidate_list_destroy(&list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_diagnostic_line_parses_in_vim_emacs_and_vscode),
        cmocka_unit_test(test_other_lines_are_not_taken_for_diagnostics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
