/*
 * test_recommendation.c - unit tests of the recommendation merging
 * policies (libtnccs/recommendation.c) against if-imv-imc-abi.md 7.4:
 * default (most restrictive), any (most permissive), all (must agree),
 * including the replacement of NO_RECOMMENDATION / DONT_KNOW, no IMVs, and
 * out-of-range values from a plugin.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <tnc/tncifimv.h>

#include "recommendation.h"

#define ALLOW TNC_IMV_ACTION_RECOMMENDATION_ALLOW
#define NO_ACCESS TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS
#define ISOLATE TNC_IMV_ACTION_RECOMMENDATION_ISOLATE
#define NO_REC TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION
#define COMPLIANT TNC_IMV_EVALUATION_RESULT_COMPLIANT
#define MINOR TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR
#define MAJOR TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR
#define ERROR TNC_IMV_EVALUATION_RESULT_ERROR
#define DONT_KNOW TNC_IMV_EVALUATION_RESULT_DONT_KNOW

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void merge(enum rec_policy p, const uint32_t *recs,
		  const uint32_t *evals, size_t n, uint32_t want_rec,
		  uint32_t want_eval)
{
	uint32_t rec = 99, eval = 99;

	rec_merge(p, recs, evals, n, &rec, &eval);
	if (rec != want_rec || eval != want_eval)
		fail_msg("%s: got (%s, %s), want (%s, %s)", rec_policy_name(p),
			 rec_name(rec), eval_name(eval), rec_name(want_rec),
			 eval_name(want_eval));
}

static void test_no_imvs(void **state)
{
	enum rec_policy p;

	for (p = REC_POLICY_DEFAULT; p <= REC_POLICY_ALL; p++)
		merge(p, NULL, NULL, 0, NO_REC, DONT_KNOW);
}

static void test_single_imv(void **state)
{
	uint32_t r[1], e[1];
	enum rec_policy p;

	for (p = REC_POLICY_DEFAULT; p <= REC_POLICY_ALL; p++)
		for (r[0] = 0; r[0] <= NO_REC; r[0]++)
			for (e[0] = 0; e[0] <= DONT_KNOW; e[0]++)
				merge(p, r, e, 1, r[0], e[0]);
}

static void test_default_policy(void **state)
{
	uint32_t r1[] = { ALLOW, ISOLATE, NO_ACCESS };
	uint32_t e1[] = { COMPLIANT, MINOR, MAJOR };
	uint32_t r2[] = { ALLOW, ISOLATE, ALLOW };
	uint32_t e2[] = { MAJOR, ERROR, MINOR };
	uint32_t r3[] = { NO_REC, ALLOW };
	uint32_t e3[] = { DONT_KNOW, COMPLIANT };
	uint32_t r4[] = { ALLOW, NO_REC };
	uint32_t e4[] = { MINOR, DONT_KNOW };
	uint32_t r5[] = { NO_REC, NO_REC };
	uint32_t e5[] = { DONT_KNOW, DONT_KNOW };
	uint32_t r6[] = { NO_ACCESS, ALLOW, NO_REC };
	uint32_t e6[] = { COMPLIANT, DONT_KNOW, COMPLIANT };

	merge(REC_POLICY_DEFAULT, r1, e1, N(r1), NO_ACCESS, MAJOR);
	merge(REC_POLICY_DEFAULT, r2, e2, N(r2), ISOLATE, ERROR);
	/* NO_RECOMMENDATION and DONT_KNOW give way to any verdict */
	merge(REC_POLICY_DEFAULT, r3, e3, N(r3), ALLOW, COMPLIANT);
	merge(REC_POLICY_DEFAULT, r4, e4, N(r4), ALLOW, MINOR);
	merge(REC_POLICY_DEFAULT, r5, e5, N(r5), NO_REC, DONT_KNOW);
	merge(REC_POLICY_DEFAULT, r6, e6, N(r6), NO_ACCESS, COMPLIANT);
}

static void test_any_policy(void **state)
{
	uint32_t r1[] = { NO_ACCESS, ISOLATE, ALLOW };
	uint32_t e1[] = { ERROR, MAJOR, MINOR };
	uint32_t r2[] = { NO_ACCESS, NO_REC };
	uint32_t e2[] = { DONT_KNOW, ERROR };
	uint32_t r3[] = { NO_REC, ISOLATE, NO_ACCESS };
	uint32_t e3[] = { MAJOR, COMPLIANT, DONT_KNOW };

	merge(REC_POLICY_ANY, r1, e1, N(r1), ALLOW, MINOR);
	merge(REC_POLICY_ANY, r2, e2, N(r2), NO_ACCESS, ERROR);
	merge(REC_POLICY_ANY, r3, e3, N(r3), ISOLATE, COMPLIANT);
}

static void test_all_policy(void **state)
{
	uint32_t r1[] = { ISOLATE, ISOLATE, ISOLATE };
	uint32_t e1[] = { MINOR, MINOR, MINOR };
	uint32_t r2[] = { ALLOW, ALLOW, NO_ACCESS };
	uint32_t e2[] = { COMPLIANT, COMPLIANT, COMPLIANT };
	uint32_t r3[] = { ALLOW, ALLOW };
	uint32_t e3[] = { COMPLIANT, MINOR };
	uint32_t r4[] = { NO_REC, ALLOW };
	uint32_t e4[] = { DONT_KNOW, COMPLIANT };

	merge(REC_POLICY_ALL, r1, e1, N(r1), ISOLATE, MINOR);
	merge(REC_POLICY_ALL, r2, e2, N(r2), NO_REC, DONT_KNOW);
	/* A differing evaluation alone also voids both */
	merge(REC_POLICY_ALL, r3, e3, N(r3), NO_REC, DONT_KNOW);
	/* No replacement of NO_RECOMMENDATION here */
	merge(REC_POLICY_ALL, r4, e4, N(r4), NO_REC, DONT_KNOW);
}

/* Rank by restrictiveness, "no verdict" lowest (the spec's order). */
static int restrictive(uint32_t rec)
{
	static const int rank[] = { [ALLOW] = 1, [ISOLATE] = 2,
				    [NO_ACCESS] = 3, [NO_REC] = 0 };

	return rank[rec];
}

static int severity(uint32_t eval)
{
	static const int rank[] = { [COMPLIANT] = 1, [MINOR] = 2, [MAJOR] = 3,
				    [ERROR] = 4, [DONT_KNOW] = 0 };

	return rank[eval];
}

/* Every pair of two IMVs under default and any. */
static void test_all_pairs(void **state)
{
	uint32_t r[2], e[2], want_r, want_e;

	for (r[0] = 0; r[0] <= NO_REC; r[0]++)
	for (r[1] = 0; r[1] <= NO_REC; r[1]++)
	for (e[0] = 0; e[0] <= DONT_KNOW; e[0]++)
	for (e[1] = 0; e[1] <= DONT_KNOW; e[1]++) {
		want_r = restrictive(r[0]) >= restrictive(r[1]) ? r[0] : r[1];
		want_e = severity(e[0]) >= severity(e[1]) ? e[0] : e[1];
		merge(REC_POLICY_DEFAULT, r, e, 2, want_r, want_e);

		/* any: most permissive; "no verdict" still lowest */
		if (r[0] == NO_REC || r[1] == NO_REC)
			want_r = r[0] == NO_REC ? r[1] : r[0];
		else
			want_r = restrictive(r[0]) <= restrictive(r[1]) ?
				 r[0] : r[1];
		if (e[0] == DONT_KNOW || e[1] == DONT_KNOW)
			want_e = e[0] == DONT_KNOW ? e[1] : e[0];
		else
			want_e = severity(e[0]) <= severity(e[1]) ? e[0] : e[1];
		merge(REC_POLICY_ANY, r, e, 2, want_r, want_e);

		if (r[0] == r[1] && e[0] == e[1])
			merge(REC_POLICY_ALL, r, e, 2, r[0], e[0]);
		else
			merge(REC_POLICY_ALL, r, e, 2, NO_REC, DONT_KNOW);
	}
}

/* A plugin's out-of-range values count as "no verdict". */
static void test_out_of_range(void **state)
{
	uint32_t r1[] = { 7, ALLOW };
	uint32_t e1[] = { 99, MINOR };
	uint32_t r2[] = { 0xffffffff };
	uint32_t e2[] = { 5 };
	uint32_t r3[] = { 4, NO_REC };
	uint32_t e3[] = { 5, DONT_KNOW };
	uint32_t r4[] = { ALLOW, 4 };
	uint32_t e4[] = { COMPLIANT, COMPLIANT };

	merge(REC_POLICY_DEFAULT, r1, e1, N(r1), ALLOW, MINOR);
	merge(REC_POLICY_ANY, r1, e1, N(r1), ALLOW, MINOR);
	merge(REC_POLICY_DEFAULT, r2, e2, 1, NO_REC, DONT_KNOW);
	merge(REC_POLICY_ALL, r2, e2, 1, NO_REC, DONT_KNOW);
	merge(REC_POLICY_ALL, r3, e3, N(r3), NO_REC, DONT_KNOW);
	merge(REC_POLICY_ALL, r4, e4, N(r4), NO_REC, DONT_KNOW);
	merge(REC_POLICY_DEFAULT, r4, e4, N(r4), ALLOW, COMPLIANT);
}

static void test_policy_parse(void **state)
{
	enum rec_policy p = REC_POLICY_ALL;

	assert_int_equal(rec_policy_parse("default", &p), 0);
	assert_int_equal(p, REC_POLICY_DEFAULT);
	assert_int_equal(rec_policy_parse("any", &p), 0);
	assert_int_equal(p, REC_POLICY_ANY);
	assert_int_equal(rec_policy_parse("all", &p), 0);
	assert_int_equal(p, REC_POLICY_ALL);

	p = REC_POLICY_ANY;
	assert_int_equal(rec_policy_parse("ALL", &p), -1);
	assert_int_equal(rec_policy_parse("", &p), -1);
	assert_int_equal(rec_policy_parse("none", &p), -1);
	assert_int_equal(rec_policy_parse("any ", &p), -1);
	assert_int_equal(rec_policy_parse("defaults", &p), -1);
	assert_int_equal(p, REC_POLICY_ANY);

	assert_string_equal(rec_policy_name(REC_POLICY_DEFAULT), "default");
	assert_string_equal(rec_policy_name(REC_POLICY_ANY), "any");
	assert_string_equal(rec_policy_name(REC_POLICY_ALL), "all");
}

/* The names the reference logs ("IMV 1 provides recommendation ..."). */
static void test_names(void **state)
{
	assert_string_equal(rec_name(ALLOW), "allow");
	assert_string_equal(rec_name(NO_ACCESS), "no access");
	assert_string_equal(rec_name(ISOLATE), "isolate");
	assert_string_equal(rec_name(NO_REC), "no recommendation");
	assert_string_equal(rec_name(4), "unknown");
	assert_string_equal(eval_name(COMPLIANT), "compliant");
	assert_string_equal(eval_name(MINOR), "non-compliant minor");
	assert_string_equal(eval_name(MAJOR), "non-compliant major");
	assert_string_equal(eval_name(ERROR), "error");
	assert_string_equal(eval_name(DONT_KNOW), "don't know");
	assert_string_equal(eval_name(5), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_imvs),
		cmocka_unit_test(test_single_imv),
		cmocka_unit_test(test_default_policy),
		cmocka_unit_test(test_any_policy),
		cmocka_unit_test(test_all_policy),
		cmocka_unit_test(test_all_pairs),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_policy_parse),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
