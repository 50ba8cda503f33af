/* clang_fixture.c — see clang_fixture.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/helpers/clang_fixture.h"
#include "tests/unit/helpers/temp_dir.h"

int clang_fixture_setup(void **state, const char *tag, const char *prelude)
{
    clang_fixture_t *fx = calloc(1, sizeof *fx);
    char err[512] = "out of memory";
    const char *rules = getenv("ASSAY_RULES") ? getenv("ASSAY_RULES") : "rules";
    if (!fx || rule_pack_load_dir(&fx->pack, rules, err, sizeof err) != 0) {
        fprintf(stderr, "cannot load rules from %s: %s\n", rules, err);
        free(fx);
        return -1;
    }
    clang_options_t opts = {0};
    if (clang_pass_new(&fx->pass, fx->pack, &opts, err, sizeof err) != 0) {
        fprintf(stderr, "clang pass: %s\n", err);
        rule_pack_free(fx->pack);
        free(fx);
        return -1;
    }
    if (temp_dir_make(fx->dir, sizeof fx->dir, tag) != 0) {
        perror("temporary folder");
        clang_pass_free(fx->pass);
        rule_pack_free(fx->pack);
        free(fx);
        return -1;
    }
    fx->prelude = prelude;
    for (const char *p = prelude; *p; p++) fx->prelude_lines += *p == '\n';
    *state = fx;
    return 0;
}

int clang_fixture_teardown(void **state)
{
    clang_fixture_t *fx = *state;
    if (!fx) return 0;
    int rc = temp_dir_remove(fx->dir);
    clang_pass_free(fx->pass);
    rule_pack_free(fx->pack);
    free(fx);
    return rc;
}

void clang_fixture_lint(clang_fixture_t *fx, const char *code, candidate_list_t *list)
{
    size_t size = strlen(fx->prelude) + strlen(code) + 1;
    char *text = malloc(size);
    assert_non_null(text);
    snprintf(text, size, "%s%s", fx->prelude, code);
    char path[512];
    int written = temp_dir_write(path, sizeof path, fx->dir, "case.c", text);
    free(text);
    assert_int_equal(written, 0);
    candidate_list_init(list);
    char notice[512], err[512];
    if (clang_pass_run(fx->pass, "case.c", path, list, notice, sizeof notice, err, sizeof err) != 0)
        fail_msg("clang pass: %s", err);
}

int clang_fixture_count(const clang_fixture_t *fx, const candidate_list_t *list, const char *rule,
                        int line, certainty_t min)
{
    int n = 0;
    for (size_t i = 0; i < list->count; i++) {
        const candidate_t *c = list->items[i];
        if (strcmp(c->rule_id, rule) != 0 || c->certainty < min) continue;
        if (line <= 0 || (int)c->range.start_line == line + fx->prelude_lines) n++;
    }
    return n;
}

void clang_fixture_print(const clang_fixture_t *fx, const candidate_list_t *list)
{
    for (size_t i = 0; i < list->count; i++) {
        const candidate_t *c = list->items[i];
        fprintf(stderr, "  %d: %s (%s) %s\n", (int)c->range.start_line - fx->prelude_lines, c->rule_id,
                certainty_name(c->certainty), c->message);
    }
}
