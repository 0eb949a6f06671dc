/*
 * test_swima_errors.c - unit tests of the SWIMA PA-TNC errors (IETF codes
 * 4-8, swima spec note 2.5; libimcv/pa/ietf_swima_error.c): built
 * byte-exact as whole PA-TNC Error attributes, read back from a parsed
 * message, too-short information rejected with its offset, descriptions
 * cut at a UTF-8 character boundary within the 1 KB information limit,
 * the code names of the logging table and the formatted log line.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "pa_attr.h"
#include "pa_msg.h"
#include "pa_check.h"

/* The attribute built for (code, request_id, max_size, desc) is hex. */
static void expect_built(uint32_t code, uint32_t request_id,
			 uint32_t max_size, const char *desc, const char *hex)
{
	struct writer w;
	uint8_t *want;
	size_t len;

	want = unhex(hex, &len);
	writer_init(&w);
	assert_int_equal(ietf_pa_tnc_error_swima(code, request_id, max_size,
						 desc, &w), 0);
	assert_writer_is(&w, want, len);
	writer_free(&w);
	free(want);
}

static void test_build(void **state)
{
	(void)state;
	/* 5 Subscription Denied: request ID copy + description */
	expect_built(PA_ERROR_SWIMA_SUBSCRIPTION_DENIED, 7, 0, "no",
		     "00 000000 00000008 0000001a "
		     "00 000000 00000005 00000007 6e6f");
	/* 4 SWIMA Error without a description; max_size ignored */
	expect_built(PA_ERROR_SWIMA, 3, 99, NULL,
		     "00 000000 00000008 00000018 "
		     "00 000000 00000004 00000003");
	/* 6 Response Too Large: the maximum size comes before the text */
	expect_built(PA_ERROR_SWIMA_RESPONSE_TOO_LARGE, 0x01020304, 0x1000,
		     "big", "00 000000 00000008 0000001f "
		     "00 000000 00000006 01020304 00001000 626967");
	expect_built(PA_ERROR_SWIMA_SUBSCRIPTION_FULFILLMENT, 1, 0, "",
		     "00 000000 00000008 00000018 "
		     "00 000000 00000007 00000001");
	expect_built(PA_ERROR_SWIMA_SUBSCRIPTION_ID_REUSE, 2, 0, "x",
		     "00 000000 00000008 00000019 "
		     "00 000000 00000008 00000002 78");
}

static void test_build_other_codes(void **state)
{
	static const uint32_t codes[] = {
		PA_ERROR_RESERVED, PA_ERROR_INVALID_PARAMETER,
		PA_ERROR_ATTR_TYPE_NOT_SUPPORTED, 9, 0xffffffff,
	};
	struct writer w;
	size_t i;

	(void)state;
	writer_init(&w);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		assert_int_equal(ietf_pa_tnc_error_swima(codes[i], 1, 0, "d",
							 &w), -1);
		assert_int_equal(w.len, 0);
	}
	writer_free(&w);
	assert_false(ietf_swima_error_is(PEN_TCG, PA_ERROR_SWIMA));
	assert_false(ietf_swima_error_is(PEN_IETF, 3));
	assert_true(ietf_swima_error_is(PEN_IETF, 4));
	assert_true(ietf_swima_error_is(PEN_IETF, 8));
	assert_false(ietf_swima_error_is(PEN_IETF, 9));
}

/* The information stays within 1024 bytes, not splitting a character. */
static void test_build_long_description(void **state)
{
	char desc[1100];
	struct writer w;

	(void)state;
	/* 1020 bytes of text fit after the request ID copy */
	memset(desc, 'a', sizeof(desc) - 1);
	desc[sizeof(desc) - 1] = '\0';
	writer_init(&w);
	assert_int_equal(ietf_pa_tnc_error_swima(4, 1, 0, desc, &w), 0);
	assert_int_equal(w.len, 12 + 8 + 1024);
	assert_int_equal(get_u32be(w.data + 8), 12 + 8 + 1024);
	assert_int_equal(w.data[w.len - 1], 'a');

	/* an e-acute (c3 a9) across the limit is left out whole */
	memset(desc, 'a', 1019);
	memcpy(desc + 1019, "\xc3\xa9zz", 5);
	writer_reset(&w);
	assert_int_equal(ietf_pa_tnc_error_swima(4, 1, 0, desc, &w), 0);
	assert_int_equal(w.len, 12 + 8 + 4 + 1019);
	assert_int_equal(w.data[w.len - 1], 'a');

	/* ending right at the limit it stays */
	memcpy(desc + 1018, "\xc3\xa9", 3);
	writer_reset(&w);
	assert_int_equal(ietf_pa_tnc_error_swima(4, 1, 0, desc, &w), 0);
	assert_int_equal(w.len, 12 + 8 + 1024);
	assert_int_equal(w.data[w.len - 1], 0xa9);

	/* with the maximum size, 4 bytes fewer of text */
	writer_reset(&w);
	memset(desc, 'b', sizeof(desc) - 1);
	assert_int_equal(ietf_pa_tnc_error_swima(6, 1, 2, desc, &w), 0);
	assert_int_equal(w.len, 12 + 8 + 1024);
	writer_free(&w);
}

/* The decoded error of one PA-TNC Error value given in hex. */
static int decode_hex(const char *hex, uint8_t **bytes,
		      struct ietf_swima_error *out, uint32_t *offset)
{
	struct pa_attr_raw raw = { 0, PEN_IETF, IETF_ATTR_PA_TNC_ERROR,
				   NULL, 0 };
	struct pa_attr a;
	size_t len;
	int rc;

	*bytes = unhex(hex, &len);
	raw.value = *bytes;
	raw.len = (uint32_t)len;
	assert_int_equal(pa_attr_decode(&raw, &a, offset), PA_DECODE_OK);
	rc = ietf_swima_error_decode(&a.v.pa_tnc_error, out, offset);
	pa_attr_free(&a);
	return rc;
}

static void test_decode(void **state)
{
	struct ietf_swima_error e;
	uint32_t offset = 0xdead;
	uint8_t *bytes;

	(void)state;
	assert_int_equal(decode_hex("00 000000 00000005 00000007 6e6f",
				    &bytes, &e, &offset), PA_DECODE_OK);
	assert_int_equal(e.code, PA_ERROR_SWIMA_SUBSCRIPTION_DENIED);
	assert_int_equal(e.request_id, 7);
	assert_int_equal(e.max_size, 0);
	assert_bytes(e.desc, "no");
	free(bytes);

	assert_int_equal(decode_hex("00 000000 00000006 01020304 00001000 "
				    "626967", &bytes, &e, &offset),
			 PA_DECODE_OK);
	assert_int_equal(e.request_id, 0x01020304);
	assert_int_equal(e.max_size, 0x1000);
	assert_bytes(e.desc, "big");
	free(bytes);

	/* no description at all */
	assert_int_equal(decode_hex("00 000000 00000004 00000003", &bytes, &e,
				    &offset), PA_DECODE_OK);
	assert_int_equal(e.request_id, 3);
	assert_int_equal(e.desc.len, 0);
	free(bytes);
}

static void test_decode_malformed(void **state)
{
	struct ietf_swima_error e;
	uint32_t offset;
	uint8_t *bytes;

	(void)state;
	/* no room for the request ID: offset of the information */
	offset = 0xdead;
	assert_int_equal(decode_hex("00 000000 00000005 0000", &bytes, &e,
				    &offset), PA_DECODE_MALFORMED);
	assert_int_equal(offset, 8);
	free(bytes);
	offset = 0xdead;
	assert_int_equal(decode_hex("00 000000 00000008", &bytes, &e,
				    &offset), PA_DECODE_MALFORMED);
	assert_int_equal(offset, 8);
	free(bytes);
	/* code 6 without its maximum size */
	offset = 0xdead;
	assert_int_equal(decode_hex("00 000000 00000006 00000001 0000",
				    &bytes, &e, &offset), PA_DECODE_MALFORMED);
	assert_int_equal(offset, 12);
	free(bytes);
	/* not a SWIMA code */
	assert_int_equal(decode_hex("00 000000 00000009 00000001", &bytes, &e,
				    &offset), PA_DECODE_UNKNOWN);
	free(bytes);
	assert_int_equal(decode_hex("00 005597 00000005 00000001", &bytes, &e,
				    &offset), PA_DECODE_UNKNOWN);
	free(bytes);
}

/* Built by the IMC side, parsed and read by the IMV side. */
static void test_through_message(void **state)
{
	struct writer w;
	struct pa_msg m;
	struct pa_error err;
	struct pa_attr a;
	struct ietf_swima_error e;
	uint32_t offset;
	uint8_t *msg;
	size_t len;

	(void)state;
	msg = unhex(MSG_HDR, &len);
	writer_init(&w);
	writer_bytes(&w, msg, len);
	free(msg);
	assert_int_equal(ietf_pa_tnc_error_swima(
		PA_ERROR_SWIMA_SUBSCRIPTION_DENIED, 12, 0,
		"subscriptions not enabled", &w), 0);
	assert_int_equal(pa_msg_parse(w.data, w.len, NULL, 0, &m, &err),
			 PA_MSG_OK);
	assert_int_equal(m.count, 1);
	assert_int_equal(pa_attr_decode(&m.attrs[0], &a, &offset),
			 PA_DECODE_OK);
	assert_int_equal(ietf_swima_error_decode(&a.v.pa_tnc_error, &e,
						 &offset), PA_DECODE_OK);
	assert_int_equal(e.code, PA_ERROR_SWIMA_SUBSCRIPTION_DENIED);
	assert_int_equal(e.request_id, 12);
	assert_bytes(e.desc, "subscriptions not enabled");
	pa_attr_free(&a);
	pa_msg_free(&m);
	writer_free(&w);
}

static void test_names_and_format(void **state)
{
	static const char *names[] = {
		"SWIMA error", "SWIMA subscription denied",
		"SWIMA response too large",
		"SWIMA subscription fulfillment error",
		"SWIMA subscription ID reuse",
	};
	struct ietf_swima_error e = {
		.code = PA_ERROR_SWIMA_SUBSCRIPTION_DENIED, .request_id = 7,
		.desc = str("subscriptions not enabled"),
	};
	char buf[128];
	uint32_t code;

	(void)state;
	for (code = PA_ERROR_SWIMA;
	     code <= PA_ERROR_SWIMA_SUBSCRIPTION_ID_REUSE; code++)
		assert_string_equal(pa_error_code_name(PEN_IETF, code),
				    names[code - PA_ERROR_SWIMA]);
	assert_string_equal(ietf_swima_error_format(&e, buf, sizeof(buf)),
			    "PA-TNC error 'SWIMA subscription denied' for "
			    "request 7: subscriptions not enabled");
	e = (struct ietf_swima_error){
		.code = PA_ERROR_SWIMA_RESPONSE_TOO_LARGE, .request_id = 3,
		.max_size = 4096, .desc = str("x"),
	};
	assert_string_equal(ietf_swima_error_format(&e, buf, sizeof(buf)),
			    "PA-TNC error 'SWIMA response too large' for "
			    "request 3 (at most 4096 bytes): x");
	e = (struct ietf_swima_error){ .code = PA_ERROR_SWIMA };
	assert_string_equal(ietf_swima_error_format(&e, buf, sizeof(buf)),
			    "PA-TNC error 'SWIMA error' for request 0: ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_build_other_codes),
		cmocka_unit_test(test_build_long_description),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_decode_malformed),
		cmocka_unit_test(test_through_message),
		cmocka_unit_test(test_names_and_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
