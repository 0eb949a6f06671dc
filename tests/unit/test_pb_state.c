/*
 * test_pb_state.c - unit tests of the PB-TNC state machine table
 * (libtnccs/pb_tnc_state.c) against RFC 5793 section 3.2 as written down in
 * pb-tnc.md section 6: every (state, batch type) pair, legal or not, and
 * who may send each batch type.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pb_tnc.h"

#define NSTATES 5
#define NTYPES 7
#define X (-1)	/* illegal: the receiver answers Unexpected Batch Type */

#define IN PB_STATE_INIT
#define SW PB_STATE_SERVER_WORKING
#define CW PB_STATE_CLIENT_WORKING
#define DE PB_STATE_DECIDED
#define EN PB_STATE_END

/*
 * Written from the spec's transition list, independently of the table in
 * the code under test.
 */
static const int expected[NSTATES][NTYPES] = {
	/*         NONE CDATA SDATA RESULT CRETRY SRETRY CLOSE */
	[IN] = { X,   SW,   CW,   X,     X,     X,     EN },
	[SW] = { X,   X,    CW,   DE,    SW,    CW,    EN },
	[CW] = { X,   SW,   X,    X,     SW,    CW,    EN },
	[DE] = { X,   X,    X,    X,     SW,    SW,    EN },
	[EN] = { X,   X,    X,    X,     X,     X,     EN },
};

static void test_full_table(void **state)
{
	enum pb_state s, next;
	int t, legal = 0;

	for (s = PB_STATE_INIT; s <= PB_STATE_END; s++) {
		for (t = 0; t < NTYPES; t++) {
			next = (enum pb_state)99;
			if (expected[s][t] == X) {
				if (pb_state_next(s, t, &next))
					fail_msg("%s + %s must be illegal",
						 pb_state_name(s),
						 pb_batch_type_name(t));
				assert_int_equal(next, 99);
				continue;
			}
			if (!pb_state_next(s, t, &next))
				fail_msg("%s + %s must be legal",
					 pb_state_name(s),
					 pb_batch_type_name(t));
			assert_int_equal(next, expected[s][t]);
			legal++;
		}
	}
	/* 11 listed transitions plus CLOSE from each of the 5 states */
	assert_int_equal(legal, 11 + 5);
}

static void test_named_transitions(void **state)
{
	enum pb_state next;

	assert_true(pb_state_next(IN, PB_BATCH_CDATA, &next));
	assert_int_equal(next, SW);
	assert_true(pb_state_next(SW, PB_BATCH_RESULT, &next));
	assert_int_equal(next, DE);
	assert_true(pb_state_next(DE, PB_BATCH_CRETRY, &next));
	assert_int_equal(next, SW);
	assert_true(pb_state_next(DE, PB_BATCH_SRETRY, &next));
	assert_int_equal(next, SW);
	assert_true(pb_state_next(CW, PB_BATCH_SRETRY, &next));
	assert_int_equal(next, CW);
	/* In End only CLOSE is accepted, and it stays in End */
	assert_true(pb_state_next(EN, PB_BATCH_CLOSE, &next));
	assert_int_equal(next, EN);
	assert_false(pb_state_next(EN, PB_BATCH_CDATA, &next));
	/* A second RESULT, or data after RESULT */
	assert_false(pb_state_next(DE, PB_BATCH_RESULT, &next));
	assert_false(pb_state_next(DE, PB_BATCH_CDATA, &next));
	assert_false(pb_state_next(DE, PB_BATCH_SDATA, &next));
	/* The RESULT must come while the server owes a batch */
	assert_false(pb_state_next(CW, PB_BATCH_RESULT, &next));
	assert_false(pb_state_next(IN, PB_BATCH_RESULT, &next));
}

/* The test-imc-imv capture: CDATA SDATA CDATA SDATA CDATA RESULT CRETRY ... */
static void test_captured_flow(void **state)
{
	static const enum pb_batch_type flow[] = {
		PB_BATCH_CDATA, PB_BATCH_SDATA, PB_BATCH_CDATA,
		PB_BATCH_SDATA, PB_BATCH_CDATA, PB_BATCH_RESULT,
		PB_BATCH_CRETRY, PB_BATCH_SDATA, PB_BATCH_CDATA,
		PB_BATCH_SDATA, PB_BATCH_CDATA, PB_BATCH_RESULT,
		PB_BATCH_CLOSE,
	};
	static const enum pb_state after[] = {
		SW, CW, SW, CW, SW, DE, SW, CW, SW, CW, SW, DE, EN,
	};
	enum pb_state s = IN;
	size_t i;

	for (i = 0; i < sizeof(flow) / sizeof(flow[0]); i++) {
		assert_true(pb_state_next(s, flow[i], &s));
		assert_int_equal(s, after[i]);
	}
}

static void test_out_of_range(void **state)
{
	enum pb_state next = (enum pb_state)99;
	int t;

	for (t = 7; t <= 15; t++)
		assert_false(pb_state_next(IN, t, &next));
	assert_false(pb_state_next((enum pb_state)5, PB_BATCH_CLOSE, &next));
	assert_false(pb_state_next((enum pb_state)-1, PB_BATCH_CLOSE, &next));
	assert_false(pb_state_next(IN, (enum pb_batch_type)-1, &next));
	assert_int_equal(next, 99);
}

static void test_sent_by(void **state)
{
	/* { type, client may send, server may send } */
	static const struct { int type; bool client, server; } rows[] = {
		{ PB_BATCH_NONE, false, false },
		{ PB_BATCH_CDATA, true, false },
		{ PB_BATCH_SDATA, false, true },
		{ PB_BATCH_RESULT, false, true },
		{ PB_BATCH_CRETRY, true, false },
		{ PB_BATCH_SRETRY, false, true },
		{ PB_BATCH_CLOSE, true, true },
		{ 7, false, false },
		{ 15, false, false },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(pb_batch_sent_by(rows[i].type, false),
				 rows[i].client);
		assert_int_equal(pb_batch_sent_by(rows[i].type, true),
				 rows[i].server);
	}
}

/* The names the reference logs transitions with. */
static void test_state_names(void **state)
{
	assert_string_equal(pb_state_name(IN), "Init");
	assert_string_equal(pb_state_name(SW), "Server Working");
	assert_string_equal(pb_state_name(CW), "Client Working");
	assert_string_equal(pb_state_name(DE), "Decided");
	assert_string_equal(pb_state_name(EN), "End");
	assert_string_equal(pb_state_name((enum pb_state)5), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_table),
		cmocka_unit_test(test_named_transitions),
		cmocka_unit_test(test_captured_flow),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_sent_by),
		cmocka_unit_test(test_state_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
