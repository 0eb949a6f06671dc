/*
 * test_msg_types.c - unit tests of the message type subscriptions
 * (libtnccs/msg_types.c): the short-form split, the ANY/ANY and vendor
 * wildcards, the long form where 0xffffffff is no wildcard, and list
 * replacement.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "msg_types.h"

#define IETF 0x000000
#define TCG 0x005597
#define ITA 0x00902a

/* The short form of (vendor, subtype), IF-IMV section 3.2. */
#define SHORT(v, s) ((TNC_MessageType)(v) << 8 | (s))

static void test_empty_list(void **state)
{
	struct msg_type_list l = { 0 };

	assert_false(msg_types_match(&l, IETF, 1));
	assert_false(msg_types_match(&l, 0xffffff, 0xff));
	msg_types_free(&l);
}

static void test_short_split(void **state)
{
	const TNC_MessageType types[] = { SHORT(ITA, 1), SHORT(TCG, 0x42),
					  SHORT(IETF, 0xfe),
					  /* bits above 32 carry no meaning */
					  (TNC_MessageType)1 << 40 | 0x0101 };
	struct msg_type_list l = { 0 };

	assert_int_equal(msg_types_set_short(&l, types, 4),
			 TNC_RESULT_SUCCESS);
	assert_int_equal(l.count, 4);
	assert_int_equal(l.types[0].vendor, ITA);
	assert_int_equal(l.types[0].subtype, 1);
	assert_int_equal(l.types[1].vendor, TCG);
	assert_int_equal(l.types[1].subtype, 0x42);
	assert_int_equal(l.types[2].vendor, IETF);
	assert_int_equal(l.types[2].subtype, 0xfe);
	assert_int_equal(l.types[3].vendor, 1);
	assert_int_equal(l.types[3].subtype, 1);

	assert_true(msg_types_match(&l, ITA, 1));
	assert_true(msg_types_match(&l, TCG, 0x42));
	assert_true(msg_types_match(&l, IETF, 0xfe));
	assert_false(msg_types_match(&l, ITA, 2));
	assert_false(msg_types_match(&l, IETF, 1));
	assert_false(msg_types_match(&l, TCG, 1));
	/* 0x42 is no short-form match for a long subtype 0x142 */
	assert_false(msg_types_match(&l, TCG, 0x142));
	msg_types_free(&l);
	assert_null(l.types);
	assert_int_equal(l.count, 0);
}

static void test_short_wildcards(void **state)
{
	const TNC_MessageType any[] = { 0xffffffff };
	const TNC_MessageType vendor_any[] = { SHORT(ITA, 0xff) };
	struct msg_type_list l = { 0 };

	/* ANY/ANY: every message */
	assert_int_equal(msg_types_set_short(&l, any, 1), TNC_RESULT_SUCCESS);
	assert_int_equal(l.types[0].vendor, 0xffffff);
	assert_int_equal(l.types[0].subtype, 0xff);
	assert_true(msg_types_match(&l, IETF, 1));
	assert_true(msg_types_match(&l, ITA, 0x12345678));
	assert_true(msg_types_match(&l, TCG, 0xffffffff));

	/* Vendor + 0xff: every subtype of that vendor only */
	assert_int_equal(msg_types_set_short(&l, vendor_any, 1),
			 TNC_RESULT_SUCCESS);
	assert_true(msg_types_match(&l, ITA, 0));
	assert_true(msg_types_match(&l, ITA, 1));
	assert_true(msg_types_match(&l, ITA, 0xff));
	assert_true(msg_types_match(&l, ITA, 0x12345678));
	assert_false(msg_types_match(&l, IETF, 1));
	assert_false(msg_types_match(&l, TCG, 1));
	msg_types_free(&l);
}

static void test_long_form(void **state)
{
	const TNC_VendorID v[] = { ITA, TCG, 0xffffff, IETF };
	const TNC_MessageSubtype s[] = { 0xffffffff, 0xff, 0xffffffff,
					 0x100 };
	const TNC_VendorID any_v[] = { 0xffffff };
	const TNC_MessageSubtype any_s[] = { 0xff };
	struct msg_type_list l = { 0 };

	assert_int_equal(msg_types_set_long(&l, v, s, 4), TNC_RESULT_SUCCESS);
	assert_int_equal(l.count, 4);
	/* 0xffffffff is a subtype like any other in the long form */
	assert_true(msg_types_match(&l, ITA, 0xffffffff));
	assert_false(msg_types_match(&l, ITA, 1));
	assert_false(msg_types_match(&l, ITA, 0xff));
	/* 0xff is the wildcard in the long form too */
	assert_true(msg_types_match(&l, TCG, 1));
	assert_true(msg_types_match(&l, TCG, 0x1000));
	/* vendor ANY with subtype 0xffffffff is not ANY/ANY */
	assert_false(msg_types_match(&l, IETF, 1));
	assert_false(msg_types_match(&l, 0x123456, 0xffffffff));
	/* Long subtypes above 0xff */
	assert_true(msg_types_match(&l, IETF, 0x100));
	assert_false(msg_types_match(&l, IETF, 0x00));

	assert_int_equal(msg_types_set_long(&l, any_v, any_s, 1),
			 TNC_RESULT_SUCCESS);
	assert_true(msg_types_match(&l, IETF, 1));
	assert_true(msg_types_match(&l, 0x123456, 0xabcdef01));
	msg_types_free(&l);
}

static void test_replace_and_clear(void **state)
{
	const TNC_MessageType a[] = { SHORT(IETF, 1), SHORT(IETF, 2) };
	const TNC_MessageType b[] = { SHORT(IETF, 3) };
	const TNC_VendorID v[] = { IETF };
	const TNC_MessageSubtype s[] = { 9 };
	TNC_MessageType *big;
	struct msg_type_list l = { 0 };

	assert_int_equal(msg_types_set_short(&l, a, 2), TNC_RESULT_SUCCESS);
	assert_true(msg_types_match(&l, IETF, 2));
	assert_int_equal(msg_types_set_short(&l, b, 1), TNC_RESULT_SUCCESS);
	assert_false(msg_types_match(&l, IETF, 1));
	assert_false(msg_types_match(&l, IETF, 2));
	assert_true(msg_types_match(&l, IETF, 3));
	/* Long replaces short */
	assert_int_equal(msg_types_set_long(&l, v, s, 1), TNC_RESULT_SUCCESS);
	assert_false(msg_types_match(&l, IETF, 3));
	assert_true(msg_types_match(&l, IETF, 9));

	/* Count 0 and NULL lists clear */
	assert_int_equal(msg_types_set_short(&l, a, 0), TNC_RESULT_SUCCESS);
	assert_int_equal(l.count, 0);
	assert_false(msg_types_match(&l, IETF, 1));
	assert_int_equal(msg_types_set_short(&l, a, 2), TNC_RESULT_SUCCESS);
	assert_int_equal(msg_types_set_short(&l, NULL, 5), TNC_RESULT_SUCCESS);
	assert_int_equal(l.count, 0);
	assert_int_equal(msg_types_set_short(&l, a, 2), TNC_RESULT_SUCCESS);
	assert_int_equal(msg_types_set_long(&l, v, NULL, 1),
			 TNC_RESULT_SUCCESS);
	assert_int_equal(l.count, 0);
	assert_int_equal(msg_types_set_long(&l, NULL, s, 1),
			 TNC_RESULT_SUCCESS);
	assert_int_equal(l.count, 0);

	/* An absurd count is refused and keeps the old list */
	assert_int_equal(msg_types_set_short(&l, a, 2), TNC_RESULT_SUCCESS);
	big = calloc(100000, sizeof(*big));
	assert_non_null(big);
	assert_int_equal(msg_types_set_short(&l, big, 100000),
			 TNC_RESULT_INVALID_PARAMETER);
	assert_int_equal(l.count, 2);
	assert_true(msg_types_match(&l, IETF, 1));
	free(big);
	msg_types_free(&l);
	msg_types_free(&l);	/* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_list),
		cmocka_unit_test(test_short_split),
		cmocka_unit_test(test_short_wildcards),
		cmocka_unit_test(test_long_form),
		cmocka_unit_test(test_replace_and_clear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
