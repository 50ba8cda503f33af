/* clang_fixture.h — test helper: the libclang pass over C snippets.
 *
 * A cmocka group fixture holding the rule pack (rules/, or $ASSAY_RULES), one clang pass
 * with default options and a temporary folder. clang_fixture_lint writes a snippet, after
 * the fixture's prelude (its #include lines), to case.c in that folder and runs the pass.
 * Line numbers given to and printed by the helper count from the snippet's first line as 1,
 * whatever the prelude.
 * A test including this header includes tests/unit/helpers/temp_dir.h too (the Makefile
 * links the helpers a test names). Include <cmocka.h> first. */
#ifndef ASSAY_TESTS_CLANG_FIXTURE_H
#define ASSAY_TESTS_CLANG_FIXTURE_H

#include <stddef.h>

#include "analyzer/clang/clang_pass.h"
#include "analyzer/rules/rule_pack.h"
#include "core/candidate.h"

typedef struct {
    rule_pack_t *pack;
    clang_pass_t *pass;   /* default options */
    char dir[256];        /* the temporary folder */
    const char *prelude;  /* written before every snippet */
    int prelude_lines;
} clang_fixture_t;

/* Group setup and teardown: *state becomes the fixture. tag names the temporary folder
 * (/tmp/assay-<tag>-XXXXXX); prelude is a static string of whole lines (may be ""). The
 * setup prints why it failed and returns -1. */
int clang_fixture_setup(void **state, const char *tag, const char *prelude);
int clang_fixture_teardown(void **state);

/* Writes prelude + code to case.c and runs the pass: list gets the candidates (the caller
 * destroys it). Fails the test when the pass fails. */
void clang_fixture_lint(clang_fixture_t *fx, const char *code, candidate_list_t *list);

/* Findings of rule on line of the snippet (0: anywhere) with at least min certainty. */
int clang_fixture_count(const clang_fixture_t *fx, const candidate_list_t *list, const char *rule,
                        int line, certainty_t min);

/* Prints every finding to stderr, one "  line: rule (certainty) message" each. */
void clang_fixture_print(const clang_fixture_t *fx, const candidate_list_t *list);

/* Lints code and asserts that rule has n findings on line (0: anywhere) of at least min
 * certainty; prints every finding first when the count is wrong. */
#define CLANG_EXPECT(fx, code, rule, line, min, n)                               \
    do {                                                                         \
        candidate_list_t l_;                                                     \
        clang_fixture_lint((fx), (code), &l_);                                   \
        int got_ = clang_fixture_count((fx), &l_, (rule), (line), (min));        \
        if (got_ != (n)) clang_fixture_print((fx), &l_);                         \
        assert_int_equal(got_, (n));                                             \
        candidate_list_destroy(&l_);                                             \
    } while (0)

#endif
