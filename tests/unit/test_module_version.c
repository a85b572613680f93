/* Unit tests for OpenMRS's module version rules. The tables are those of
 * shared/reference/openmrs-modules.md sections 2.2 and 2.3, row for row; the other cases
 * follow ModuleUtil.compareVersion / matchRequiredVersions as read in openmrs-core. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"

#define OLD false /* <= 2.7.x compareVersion, and 2.8.0+'s compareVersionIgnoringQualifier */
#define NEW true  /* 2.8.0+ compareVersion */

static void expect_compare(const char *a, const char *b, bool qualifier_aware, int expected)
{
    int got = omrs_version_compare(a, b, qualifier_aware);
    if (got != expected)
        fail_msg("compare(\"%s\", \"%s\", %s) = %d, expected %d", a ? a : "(null)", b ? b : "(null)",
                 qualifier_aware ? "NEW" : "OLD", got, expected);
    /* compareVersion is antisymmetric: swapping the sides flips the sign. */
    got = omrs_version_compare(b, a, qualifier_aware);
    if (got != -expected)
        fail_msg("compare(\"%s\", \"%s\", %s) = %d, expected %d", b ? b : "(null)", a ? a : "(null)",
                 qualifier_aware ? "NEW" : "OLD", got, -expected);
}

static void expect_match(const char *core, const char *range, bool expected)
{
    if (omrs_version_matches_required(core, range) != expected)
        fail_msg("matches_required(\"%s\", \"%s\") should be %s", core ? core : "(null)",
                 range ? range : "(null)", expected ? "true" : "false");
}

/* ---- section 2.2: worked comparisons ---- */

static void test_reference_comparisons(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        int old_, new_, ignq;
    } rows[] = {
        /*  1 */ {"1.2", "1.2.0", 0, 0, 0},
        /*  2 */ {"1.10", "1.9", 1, 1, 1},
        /*  3 */ {"1.9.10", "1.9.9", 1, 1, 1},
        /*  4 */ {"1.0", "1.0.0.0", 0, 0, 0},
        /*  5 */ {"2.0", "10.0", -1, -1, -1},
        /*  6 */ {"1.0-SNAPSHOT", "1.0", 0, -1, 0},
        /*  7 */ {"1.0", "1.0-SNAPSHOT", 0, 1, 0},
        /*  8 */ {"1.0-SNAPSHOT", "1.0-beta", 0, 0, 0},
        /*  9 */ {"1.0.1-SNAPSHOT", "1.0", 1, 1, 1},
        /* 10 */ {"1.2.3a", "1.2.0", 0, 0, 0},
        /* 11 */ {"1.2.3a", "1.2.3", -1, -1, -1},
        /* 12 */ {"1.2.b", "1.2", 0, 0, 0},
        /* 13 */ {"1.2.", "1.2", 0, 0, 0},
        /* 14 */ {"", "0", 0, 0, 0},
        /* 15 */ {"", "0.1", -1, -1, -1},
        /* 16 */ {" 1.2 ", "1.2", 0, 0, 0},
        /* 17 */ {"1..2", "1.0.2", 0, 0, 0},
        /* 18 */ {"v1.2", "0.2", 0, 0, 0},
        /* 19 */ {"1.2.3.4", "1.2.3", 1, 1, 1},
        /* 20 */ {"01.02", "1.2", 0, 0, 0},
        /* 21 */ {"1.2-3", "1.2", 0, -1, 0},
        /* 22 */ {"2.0.0-beta1", "2.0.0", 0, -1, 0},
        /* 23 */ {"99999999999999999999", "1", -1, -1, -1},
        /* 24 */ {"1.+5", "1.5", 0, 0, 0},
        /* 25 */ {"1.-5", "1.0", 0, -1, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        expect_compare(rows[i].a, rows[i].b, OLD, rows[i].old_);
        expect_compare(rows[i].a, rows[i].b, NEW, rows[i].new_);
        /* compareVersionIgnoringQualifier is the OLD algorithm. */
        expect_compare(rows[i].a, rows[i].b, OLD, rows[i].ignq);
    }
}

/* ---- compareVersion edge cases ---- */

static void test_null_compares_equal_to_anything(void **state)
{
    (void)state;
    for (int mode = 0; mode < 2; mode++) {
        assert_int_equal(omrs_version_compare(NULL, "1.0", mode), 0);
        assert_int_equal(omrs_version_compare("1.0-SNAPSHOT", NULL, mode), 0);
        assert_int_equal(omrs_version_compare(NULL, NULL, mode), 0);
    }
}

static void test_numeric_not_lexical(void **state)
{
    (void)state;
    expect_compare("1.9.9", "1.10", OLD, -1);
    expect_compare("1.9.9", "1.10", NEW, -1);
}

static void test_snapshot_in_both_modes(void **state)
{
    (void)state;
    expect_compare("2.0.0-SNAPSHOT", "2.0.0", OLD, 0);
    expect_compare("2.0.0-SNAPSHOT", "2.0.0", NEW, -1);
    expect_compare("2.0.0-SNAPSHOT", "2.0", NEW, -1); /* padding first, then the qualifier */
    expect_compare("2.0.0-alpha", "2.0.0-SNAPSHOT", NEW, 0);
    expect_compare("2.0.0-SNAPSHOT", "1.9.9", NEW, 1);
}

static void test_padding(void **state)
{
    (void)state;
    expect_compare("1.2", "1.2.0", OLD, 0);
    expect_compare("1.2", "1.2.0", NEW, 0);
    expect_compare("1.2", "1.2.0.1", OLD, -1);
}

static void test_only_dots_read_as_zero(void **state)
{
    (void)state;
    /* ".".split("\\.") has no pieces at all; padding makes it 0 like the empty string. */
    expect_compare(".", "", OLD, 0);
    expect_compare("..", "0.0.0", OLD, 0);
    expect_compare(".", "0.1", OLD, -1);
}

static void test_long_bounds(void **state)
{
    (void)state;
    expect_compare("9223372036854775807", "9223372036854775806", OLD, 1);
    expect_compare("1.9223372036854775807", "1.9223372036854775807", OLD, 0);
    /* One more than Long.MAX_VALUE is not a long: read as 0. */
    expect_compare("9223372036854775808", "0", OLD, 0);
    expect_compare("9223372036854775808", "1", OLD, -1);
    /* Leading zeros never overflow. */
    expect_compare("0000000000000000000000000000000000000007", "7", OLD, 0);
}

static void test_parse_long_rules(void **state)
{
    (void)state;
    expect_compare("1.+", "1.0", OLD, 0);    /* a lone sign is not a number */
    expect_compare("1.++5", "1.0", OLD, 0);  /* one sign only */
    expect_compare("1.+5", "1.4", OLD, 1);
    expect_compare("1.5 ", "1.5", OLD, 0);   /* trimmed */
    expect_compare("1.\t5\n", "1.5", OLD, 0);
    expect_compare("1.5 5", "1.0", OLD, 0);  /* inner blank: not a number */
    expect_compare("1.+ 5", "1.0", OLD, 0);
    expect_compare("1.*", "1.0", OLD, 0);    /* '*' is only special in required versions */
}

static void test_qualifier_is_everything_after_first_dash(void **state)
{
    (void)state;
    expect_compare("1.2-3.4", "1.2", OLD, 0);
    expect_compare("-1.2", "0", OLD, 0);
    expect_compare("-1.2", "0", NEW, -1);
    expect_compare("1.0-", "1.0", NEW, -1); /* an empty qualifier still counts */
}

static char *repeat(const char *unit, size_t times, const char *tail)
{
    size_t unit_len = strlen(unit), tail_len = strlen(tail);
    char *s = malloc(unit_len * times + tail_len + 1);
    assert_non_null(s);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * unit_len, unit, unit_len);
    memcpy(s + unit_len * times, tail, tail_len + 1);
    return s;
}

static void test_long_strings(void **state)
{
    (void)state;
    char *many = repeat("1.", 100000, "1");
    char *more = repeat("1.", 100000, "1.1");
    char *zeros = repeat("0", 100000, "42");
    char *digits = repeat("9", 100000, "");

    expect_compare(many, more, OLD, -1);
    expect_compare(many, many, NEW, 0);
    expect_compare(zeros, "42", OLD, 0);
    expect_compare(digits, "0", OLD, 0);
    assert_true(omrs_version_matches_required(more, many));

    free(many);
    free(more);
    free(zeros);
    free(digits);
}

/* ---- which core compares qualifiers ---- */

static void test_core_compares_qualifiers_from_2_8_0(void **state)
{
    (void)state;
    assert_false(omrs_core_compares_qualifiers("2.7.9"));
    assert_false(omrs_core_compares_qualifiers("1.9.7"));
    assert_true(omrs_core_compares_qualifiers("2.8.0"));
    assert_true(omrs_core_compares_qualifiers("2.8.0-SNAPSHOT")); /* qualifier ignored */
    assert_true(omrs_core_compares_qualifiers("2.8"));
    assert_true(omrs_core_compares_qualifiers("2.10.0"));
    assert_true(omrs_core_compares_qualifiers("3.0.0"));
    /* NULL compares equal to 2.8.0, as compareVersion's null does. */
    assert_true(omrs_core_compares_qualifiers(NULL));
}

/* ---- section 2.3: matchRequiredVersions ---- */

static void test_reference_required_versions(void **state)
{
    (void)state;
    static const struct {
        const char *core, *range;
        bool match;
    } rows[] = {
        {"1.9.4", "1.9.0 - 1.9.*", true},
        {"1.10.0", "1.9.0 - 1.9.*", false},
        {"1.10.0", "1.9.*", false},
        {"2.4.7", "*", true},
        {"2.4.7", "2.4", true},
        {"2.4.7", "2.4.8", false},
        {"2.4.7", "2.*", true},
        {"2.4.7", "2.3.* - 2.4.*", true},
        {"2.5.0", "2.3.* - 2.4.*", false},
        {"2.4.7", "1.9.0, 2.0.0", true},
        {"2.4.7", "2.4.7-SNAPSHOT", true},
        {"2.4.7", "2.0.0-beta", true},
        {"2.4.7", "2.0.0-beta1", false},
        {"2.4.7", "2.4.*-SNAPSHOT", false},
        {"2.4.7", "1.9-2.*", true},
        {"1.4.3", "1.4.1-dev - 1.5.*-alpha", true},
        {"1.4.2147483648", "1.4.*", false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        expect_match(rows[i].core, rows[i].range, rows[i].match);
}

static void test_empty_range_depends_on_core(void **state)
{
    (void)state;
    /* The table's "2.4.7, empty" row: true from 1.12.0 on, false before. */
    expect_match("2.4.7", "", true);
    expect_match("1.12.0", "", true);
    expect_match("1.12.0", NULL, true);
    expect_match("1.12.0-SNAPSHOT", "", true);
    expect_match("1.11.0", "", false);
    expect_match("1.11.0", NULL, false);
    expect_match("1.9.7", "", false);
}

static void test_null_core(void **state)
{
    (void)state;
    /* compareVersion(null, x) is 0, so every bound is met. */
    expect_match(NULL, "9.9.9", true);
    expect_match(NULL, "1.0 - 1.1", true);
    expect_match(NULL, "", true);
}

static void test_range_bounds_are_inclusive(void **state)
{
    (void)state;
    expect_match("1.9.0", "1.9.0 - 1.9.5", true);
    expect_match("1.9.5", "1.9.0 - 1.9.5", true);
    expect_match("1.9.6", "1.9.0 - 1.9.5", false);
    expect_match("1.8.9", "1.9.0 - 1.9.5", false);
    expect_match("1.9.5-SNAPSHOT", "1.9.0 - 1.9.5", true); /* qualifiers ignored */
    expect_match("2.8.0-SNAPSHOT", "2.8.0", true);
    expect_match("1.0", "1.*-2.*", true);
    expect_match("0.9", "1.*-2.*", false);
    expect_match("2.2147483647", "1.*-2.*", true);
}

static void test_comma_pieces(void **state)
{
    (void)state;
    expect_match("2.4.7", "3.0, 2.4.7", true);
    expect_match("2.4.7", "3.0, 2.5", false);
    /* Pieces are not trimmed: " 2.0.0-beta" does not fully match the qualifier pattern, so
     * it is a range whose upper bound "beta" cleans to nothing. */
    expect_match("2.4.7", "9.9.9,2.0.0-beta", true);
    expect_match("2.4.7", "9.9.9, 2.0.0-beta", false);
    /* split(",") keeps an empty piece before a non-empty one; read as 0, it matches. */
    expect_match("2.4.7", ",9.9.9", true);
    expect_match("2.4.7", "9.9.9,,9.9.9", true);
    /* ...and drops trailing empty pieces, all of them for a range of commas only. */
    expect_match("2.4.7", "9.9.9,", false);
    expect_match("2.4.7", ",", false);
    expect_match("2.4.7", ",,,", false);
}

static void test_single_piece_quirks(void **state)
{
    (void)state;
    /* '*' or '-' at index 0 does not make a range; the piece reads as 0. */
    expect_match("0.0.1", "*.*", true);
    expect_match("0.0.1", "-5.0", true);
    expect_match("0.0.1", "-5-9.0", true);
    /* "1.2.3-LETTERS" with two or three numbers is a single version... */
    expect_match("1.2.3", "1.2.3-RC", true);
    expect_match("1.2", "1.2-RC", true);
    /* ...other shapes with a '-' are ranges. */
    expect_match("1.2.3.4", "1.2.3.4-RC", false);
    expect_match("1.2.3", "1.2.3-", false);
}

static void test_bound_cleaning_quirks(void **state)
{
    (void)state;
    /* A bound of a single digit does not match ^\s?\d+[...]+ and cleans to nothing (0). */
    expect_match("1.5", "1.0-2", false);
    expect_match("1.5", "1.0-2.0", true);
    /* The text after the version is deleted wherever it occurs: " 3. 3. 3" keeps only
     * ". 3" (0.3), since its remainder " 3. 3" also starts it and overlaps the end copy. */
    expect_match("0.2", "0.1 - 3. 3. 3", true);
    expect_match("0.4", "0.1 - 3. 3. 3", false);
    expect_match("2.0", "0.1 - 3. 3. 3", false);
    /* Here both copies of " 3." go and nothing is left: upper bound 0. */
    expect_match("0.2", "0.1 - 3. 3.", false);
    /* Letters after the version are cut off. */
    expect_match("1.4.3", "1.4.1dev - 1.4.5beta", true);
    expect_match("1.4.6", "1.4.1dev - 1.4.5beta", false);
    /* '?', '|' and '+' are kept by the cleaning, then make their piece read as 0. */
    expect_match("1.4.3", "1.4.0 - 1.5?", false);
    expect_match("1.4.3", "1.4.0 - 1.5.?", true);
}

static void test_dash_walk(void **state)
{
    (void)state;
    /* The split is at the first '-' followed by a number, not at the first '-'. */
    expect_match("1.4.3", "1.4.1-dev - 1.4.5", true);
    expect_match("1.4.6", "1.4.1-dev - 1.4.5", false);
    /* No '-' followed by a number: the last one tried splits ("b" cleans to 0). */
    expect_match("1.4.3", "1.4.1-a-b", false);
    /* ".*" stops at Java line terminators, so a '-' followed by a number that has one later
     * is passed over. */
    expect_match("2.5", "1.0-2.0\n-3.0", true);
    expect_match("2.5", "1.0-2.0\r-3.0", true);
    expect_match("2.5", "1.0-2.0\xe2\x80\xa8-3.0", true);
    expect_match("2.5", "1.0-2.0\xc2\x85-3.0", true);
    expect_match("2.5", "1.0-2.0\t-3.0", false); /* a tab is not a line terminator */
    expect_match("2.5", "1.0-\n3.0", true);      /* "\s?" may take the terminator itself */
}

/* ---- section 2.4: require_module ---- */

/* requiredModulesStarted: compareVersion(started, required) >= 0, with the compareVersion
 * of the running core. */
static bool require_module_met(const char *core, const char *started, const char *required)
{
    return omrs_version_compare(started, required, omrs_core_compares_qualifiers(core)) >= 0;
}

static void test_require_module_version(void **state)
{
    (void)state;
    assert_false(omrs_version_compare("2.3.0-SNAPSHOT", "2.3", true) >= 0);
    assert_true(omrs_version_compare("2.3.0-SNAPSHOT", "2.3", false) >= 0);

    assert_false(require_module_met("2.8.0", "2.3.0-SNAPSHOT", "2.3"));
    assert_true(require_module_met("2.7.4", "2.3.0-SNAPSHOT", "2.3"));
    assert_true(require_module_met("2.8.0", "2.3.0", "2.3"));
    assert_true(require_module_met("2.8.0", "2.3.1-SNAPSHOT", "2.3"));
    assert_false(require_module_met("2.7.4", "2.2.9", "2.3"));
    /* A plain minimum: no ranges or '*' here. */
    assert_false(require_module_met("2.8.0", "2.3.0", "2.4.*"));
    assert_true(require_module_met("2.8.0", "2.3.0", "2.*"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_comparisons),
        cmocka_unit_test(test_null_compares_equal_to_anything),
        cmocka_unit_test(test_numeric_not_lexical),
        cmocka_unit_test(test_snapshot_in_both_modes),
        cmocka_unit_test(test_padding),
        cmocka_unit_test(test_only_dots_read_as_zero),
        cmocka_unit_test(test_long_bounds),
        cmocka_unit_test(test_parse_long_rules),
        cmocka_unit_test(test_qualifier_is_everything_after_first_dash),
        cmocka_unit_test(test_long_strings),
        cmocka_unit_test(test_core_compares_qualifiers_from_2_8_0),
        cmocka_unit_test(test_reference_required_versions),
        cmocka_unit_test(test_empty_range_depends_on_core),
        cmocka_unit_test(test_null_core),
        cmocka_unit_test(test_range_bounds_are_inclusive),
        cmocka_unit_test(test_comma_pieces),
        cmocka_unit_test(test_single_piece_quirks),
        cmocka_unit_test(test_bound_cleaning_quirks),
        cmocka_unit_test(test_dash_walk),
        cmocka_unit_test(test_require_module_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
