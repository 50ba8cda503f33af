/* test_analyzer_fix_run.c — verifying a whole run's fixes (analyzer/fix/fix_run.h): after
 * lint_run over several files on two threads, every candidate with a drafted fix carries a
 * verdict (verified, or rejected with a reason), the counts match, and the verdicts are the
 * same with one thread and with two. Uses the real rule pack and libclang. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyzer/fix/fix_run.h"
#include "analyzer/lint/lint_run.h"
#include "analyzer/rules/rule_pack.h"
#include "tests/unit/helpers/temp_dir.h"

/* good.c: a strcpy whose template fix (snprintf) compiles; bare.c: the same without
 * <stdio.h>, so snprintf would be undeclared and the fix is rejected; plain.c: no fix. */
static const char good[] = "#include <stdio.h>\n"
                           "#include <string.h>\n"
                           "void greet(const char *who)\n"
                           "{\n"
                           "    char line[8];\n"
                           "    strcpy(line, who);\n"
                           "    puts(line);\n"
                           "}\n";
static const char bare[] = "#include <string.h>\n"
                           "int greet(const char *who)\n"
                           "{\n"
                           "    char line[8];\n"
                           "    strcpy(line, who);\n"
                           "    return line[0];\n"
                           "}\n";
static const char plain[] = "int add(int a, int b) { return a + b; }\n";

typedef struct {
    size_t verified, rejected;
    char reasons[1024];
} outcome_t;

static void run(const char *root, const rule_pack_t *pack, int jobs, outcome_t *outcome)
{
    const char *names[] = {"bare.c", "good.c", "plain.c"};
    discover_file_t files[3];
    char paths[3][512];
    for (int i = 0; i < 3; i++) {
        snprintf(paths[i], sizeof(paths[i]), "%s/%s", root, names[i]);
        files[i] = (discover_file_t){.fs_path = paths[i], .display_path = (char *)names[i]};
    }
    clang_options_t clang = {.repo_root = root};
    lint_run_options_t options = {.pack = pack, .jobs = jobs, .clang = &clang};
    lint_result_t result;
    lint_result_init(&result);
    char err[512] = "";
    assert_int_equal(lint_run(&result, files, 3, &options, err, sizeof(err)), 0);
    lint_context_t ctx = {.pack = pack, .clang = &clang, .repo_root = root};
    fix_run_stats_t stats;
    if (fix_run_verify(&result, &ctx, jobs, &stats, err, sizeof(err)) != 0) fail_msg("%s", err);
    memset(outcome, 0, sizeof(*outcome));
    size_t with_fix = 0;
    for (size_t i = 0; i < result.candidates.count; i++) {
        const candidate_t *c = result.candidates.items[i];
        if (!c->fix) continue;
        with_fix++;
        /* a verdict on every fix: verified, or rejected with words */
        assert_true(c->fix->verified != (c->fix->rejected_reason != NULL));
        if (c->fix->verified) outcome->verified++;
        else {
            outcome->rejected++;
            size_t used = strlen(outcome->reasons);
            snprintf(outcome->reasons + used, sizeof(outcome->reasons) - used, "%s:%u %s\n", c->path,
                     (unsigned)c->range.start_line, c->fix->rejected_reason);
        }
    }
    assert_int_equal(stats.verified, outcome->verified);
    assert_int_equal(stats.rejected, outcome->rejected);
    assert_int_equal(with_fix, stats.verified + stats.rejected);
    assert_true(stats.threads >= 1 && stats.threads <= (jobs > 0 ? jobs : 64));
    lint_result_destroy(&result);
}

static void test_every_fix_gets_a_verdict_on_one_and_two_threads(void **state)
{
    (void)state;
    char root[256], path[512], err[512] = "";
    assert_int_equal(temp_dir_make(root, sizeof(root), "fix-run"), 0);
    assert_int_equal(temp_dir_write(path, sizeof(path), root, "good.c", good), 0);
    assert_int_equal(temp_dir_write(path, sizeof(path), root, "bare.c", bare), 0);
    assert_int_equal(temp_dir_write(path, sizeof(path), root, "plain.c", plain), 0);
    rule_pack_t *pack;
    const char *rules = getenv("ASSAY_RULES") ? getenv("ASSAY_RULES") : "rules";
    assert_int_equal(rule_pack_load_dir(&pack, rules, err, sizeof(err)), 0);

    outcome_t one, two;
    run(root, pack, 1, &one);
    run(root, pack, 2, &two);
    assert_int_equal(one.verified, 1); /* good.c */
    assert_int_equal(one.rejected, 1); /* bare.c */
    assert_non_null(strstr(one.reasons, "bare.c:5 check (b) compile: new warning \"implicitly declaring "
                                        "library function 'snprintf'"));
    assert_int_equal(two.verified, one.verified);
    assert_int_equal(two.rejected, one.rejected);
    assert_string_equal(two.reasons, one.reasons);

    rule_pack_free(pack);
    assert_int_equal(temp_dir_remove(root), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_fix_gets_a_verdict_on_one_and_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
