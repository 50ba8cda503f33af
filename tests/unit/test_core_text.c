/* test_core_text.c — the core's one UTF-8 decoder (core/utf8.h) and one hash (core/hash.h):
 * well-formed characters of every length, each kind of ill-formed input, the WHATWG
 * maximal-subpart rule, a character fed across calls, encoding round trips, and hashes
 * that tell texts apart and ignore white space where asked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/hash.h"
#include "core/utf8.h"

static void test_decode_every_length(void **state)
{
    (void)state;
    const struct { const char *bytes; size_t length; uint32_t code_point; } cases[] = {
        {"A", 1, 0x41}, {"\xC2\xA9", 2, 0xA9}, {"\xE2\x82\xAC", 3, 0x20AC},
        {"\xF0\x9F\x98\x80", 4, 0x1F600}, {"\xF4\x8F\xBF\xBF", 4, 0x10FFFF}, {"\xEF\xBF\xBD", 3, 0xFFFD},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t cp = 0;
        assert_int_equal(utf8_decode(cases[i].bytes, strlen(cases[i].bytes), &cp), cases[i].length);
        assert_int_equal(cp, cases[i].code_point);
        char out[4];
        assert_int_equal(utf8_encode(cp, out), cases[i].length);
        assert_memory_equal(out, cases[i].bytes, cases[i].length);
    }
}

static void test_decode_rejects_ill_formed(void **state)
{
    (void)state;
    const char *bad[] = {
        "\x80",             /* a lone continuation byte */
        "\xC0\xAF",         /* overlong '/' */
        "\xC1\xBF",         /* overlong */
        "\xE0\x80\xAF",     /* overlong 3-byte */
        "\xED\xA0\x80",     /* surrogate U+D800 */
        "\xF0\x80\x80\xAF", /* overlong 4-byte */
        "\xF4\x90\x80\x80", /* U+110000 */
        "\xF5\x80\x80\x80", /* lead byte past F4 */
        "\xFF",
        "\xE2\x82",         /* truncated */
        "\xE2\x28\xA1",     /* continuation missing */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t cp = 0x1234;
        assert_int_equal(utf8_decode(bad[i], strlen(bad[i]), &cp), 0);
        assert_int_equal(cp, 0x1234); /* left alone */
    }
    uint32_t cp;
    assert_int_equal(utf8_decode("x", 0, &cp), 0);
}

static void test_feed_across_calls(void **state)
{
    (void)state;
    utf8_state_t u = {0, 0};
    uint32_t cp = 0;
    assert_int_equal(utf8_feed(&u, 0xF0, &cp), 0);
    assert_int_equal(u.remaining, 3);
    assert_int_equal(utf8_feed(&u, 0x9F, &cp), 0);
    assert_int_equal(utf8_feed(&u, 0x98, &cp), 0);
    assert_int_equal(utf8_feed(&u, 0x80, &cp), 1);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(u.remaining, 0);
    /* a failed byte leaves the state as it was */
    assert_int_equal(utf8_feed(&u, 0xE2, &cp), 0);
    utf8_state_t before = u;
    assert_int_equal(utf8_feed(&u, 0x41, &cp), -1);
    assert_int_equal(u.remaining, before.remaining);
    assert_int_equal(u.value, before.value);
}

/* WHATWG: each maximal subpart of an ill-formed sequence becomes one U+FFFD, and the byte
 * that broke a sequence starts the next character. */
static void test_next_maximal_subparts(void **state)
{
    (void)state;
    const char text[] = "a\xF0\x9F\x98" "b\xE0\x80z\xED\xA0\x80\xC3\xA9\xE2\x82";
    const uint32_t want[] = {'a', 0xFFFD, 'b', 0xFFFD, 0xFFFD, 'z', 0xFFFD, 0xFFFD, 0xFFFD, 0xE9, 0xFFFD};
    size_t at = 0, n = 0, length = sizeof text - 1;
    while (at < length) {
        assert_true(n < sizeof want / sizeof want[0]);
        assert_int_equal(utf8_next(text, length, &at), want[n]);
        n++;
    }
    assert_int_equal(n, sizeof want / sizeof want[0]);
    assert_int_equal(at, length);
}

static void test_hash(void **state)
{
    (void)state;
    assert_int_equal(hash_string("strcpy"), hash_bytes("strcpy", 6));
    assert_true(hash_string("strcpy") != hash_string("strcat"));
    assert_true(hash_bytes("ab", 2) != hash_bytes("ab", 1));
    assert_int_equal(hash_text_ignoring_space("a == b"), hash_text_ignoring_space("a==b"));
    assert_int_equal(hash_text_ignoring_space(" a\t==\nb "), hash_text_ignoring_space("a==b"));
    assert_true(hash_text_ignoring_space("a==b") != hash_text_ignoring_space("a!=b"));
    assert_true(hash_text_ignoring_space("") != 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_every_length),
        cmocka_unit_test(test_decode_rejects_ill_formed),
        cmocka_unit_test(test_feed_across_calls),
        cmocka_unit_test(test_next_maximal_subparts),
        cmocka_unit_test(test_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
