/* test_slm_chat_template.c — template family detection and the exact prompt text of each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slm/chat_template.h"

static const chat_message_t conversation[] = {
    {"system", "Be brief."},
    {"user", "Is strcpy safe?"},
    {"assistant", "No."},
    {"user", "Why?"},
};

static void expect_format(chat_template_kind_t kind, const char *want)
{
    char *text = NULL, err[128];
    size_t len = 0;
    assert_int_equal(chat_template_apply(kind, conversation, 4, true, &text, &len, err,
                                         sizeof err), 0);
    assert_string_equal(text, want);
    assert_int_equal(len, strlen(want));
    free(text);
}

static void test_families_are_detected_by_their_markers(void **state)
{
    (void)state;
    struct { const char *jinja; chat_template_kind_t kind; } cases[] = {
        {"{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}",
         CHAT_TEMPLATE_CHATML},
        {"{{ '<|start_header_id|>' + m['role'] + '<|end_header_id|>\n\n' }}", CHAT_TEMPLATE_LLAMA3},
        {"{{ bos_token + '[INST] ' + content + ' [/INST]' }}", CHAT_TEMPLATE_LLAMA2},
        {"{{ '<start_of_turn>' + role + '\n' }}", CHAT_TEMPLATE_GEMMA},
        {"{{ '<|user|>\n' + content + '<|end|>\n' }}", CHAT_TEMPLATE_PHI3},
        {"{{ '<|user|>\n' + content + eos_token }}", CHAT_TEMPLATE_ZEPHYR},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        chat_template_kind_t k;
        assert_int_equal(chat_template_detect(cases[i].jinja, &k), 0);
        assert_int_equal(k, cases[i].kind);
        chat_template_kind_t by_name;
        assert_int_equal(chat_template_parse(chat_template_name(k), &by_name), 0);
        assert_int_equal(by_name, k);
    }
    chat_template_kind_t k;
    assert_int_equal(chat_template_detect("{{ messages }}", &k), -1);
    assert_int_equal(chat_template_detect(NULL, &k), -1);
    assert_int_equal(chat_template_parse("jinja", &k), -1);
}

static void test_chatml_layout(void **state)
{
    (void)state;
    expect_format(CHAT_TEMPLATE_CHATML,
                  "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nIs strcpy safe?"
                  "<|im_end|>\n<|im_start|>assistant\nNo.<|im_end|>\n<|im_start|>user\nWhy?"
                  "<|im_end|>\n<|im_start|>assistant\n");
}

static void test_llama3_layout(void **state)
{
    (void)state;
    expect_format(CHAT_TEMPLATE_LLAMA3,
                  "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                  "<|start_header_id|>user<|end_header_id|>\n\nIs strcpy safe?<|eot_id|>"
                  "<|start_header_id|>assistant<|end_header_id|>\n\nNo.<|eot_id|>"
                  "<|start_header_id|>user<|end_header_id|>\n\nWhy?<|eot_id|>"
                  "<|start_header_id|>assistant<|end_header_id|>\n\n");
}

static void test_llama2_puts_the_system_prompt_inside_the_first_instruction(void **state)
{
    (void)state;
    expect_format(CHAT_TEMPLATE_LLAMA2,
                  "[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nIs strcpy safe? [/INST] No. </s>"
                  "<s>[INST] Why? [/INST]");
}

static void test_gemma_has_no_system_role(void **state)
{
    (void)state;
    expect_format(CHAT_TEMPLATE_GEMMA,
                  "<start_of_turn>user\nBe brief.\n\nIs strcpy safe?<end_of_turn>\n"
                  "<start_of_turn>model\nNo.<end_of_turn>\n<start_of_turn>user\nWhy?"
                  "<end_of_turn>\n<start_of_turn>model\n");
}

static void test_phi3_and_zephyr_layouts(void **state)
{
    (void)state;
    expect_format(CHAT_TEMPLATE_PHI3,
                  "<|system|>\nBe brief.<|end|>\n<|user|>\nIs strcpy safe?<|end|>\n"
                  "<|assistant|>\nNo.<|end|>\n<|user|>\nWhy?<|end|>\n<|assistant|>\n");
    expect_format(CHAT_TEMPLATE_ZEPHYR,
                  "<|system|>\nBe brief.</s>\n<|user|>\nIs strcpy safe?</s>\n"
                  "<|assistant|>\nNo.</s>\n<|user|>\nWhy?</s>\n<|assistant|>\n");
}

static void test_bad_conversations_are_refused(void **state)
{
    (void)state;
    char *text = (char *)1, err[128] = "";
    size_t len;
    chat_message_t bad_role[] = {{"tool", "x"}};
    assert_int_equal(chat_template_apply(CHAT_TEMPLATE_CHATML, bad_role, 1, false, &text, &len,
                                         err, sizeof err), -1);
    assert_null(text);
    assert_non_null(strstr(err, "'tool'"));
    chat_message_t late_system[] = {{"user", "a"}, {"system", "b"}};
    assert_int_equal(chat_template_apply(CHAT_TEMPLATE_CHATML, late_system, 2, false, &text,
                                         &len, err, sizeof err), -1);
    assert_non_null(strstr(err, "system message must come first"));
    assert_int_equal(chat_template_apply(CHAT_TEMPLATE_CHATML, NULL, 0, false, &text, &len,
                                         err, sizeof err), 0);
    assert_string_equal(text, "");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_families_are_detected_by_their_markers),
        cmocka_unit_test(test_chatml_layout),
        cmocka_unit_test(test_llama3_layout),
        cmocka_unit_test(test_llama2_puts_the_system_prompt_inside_the_first_instruction),
        cmocka_unit_test(test_gemma_has_no_system_role),
        cmocka_unit_test(test_phi3_and_zephyr_layouts),
        cmocka_unit_test(test_bad_conversations_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
