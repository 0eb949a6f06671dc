/*
 * test_swima_status.c - unit tests of the SWIMA attributes 19-21 of the
 * PA-TNC codec (libimcv/pa/ietf_subscription_status_resp.c,
 * ietf_source_metadata_req.c, ietf_source_metadata_resp.c): each decodes
 * and encodes byte-exact against values written by hand from the layouts
 * of RFC 8412 5.12-5.14 in those files; truncated values, lying counts
 * and lengths and trailing bytes yield the offset of pa_attr.h and the
 * Invalid Parameter error attribute of PA-TNC spec note 4; encoders
 * refuse what does not fit the wire fields.
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

#define IETF(type_) .vendor = PEN_IETF, .type = (type_)

/* RFC 8412 5.12: two Subscription Records */
static void test_subscription_status_resp(void **state)
{
	struct pa_bytes targets[] = { str("ab") };
	struct ietf_swima_request subs[] = {
		{ .flags = IETF_SWIMA_FLAG_SUBSCRIBE, .request_id = 7,
		  .earliest_eid = 0, .count = 1, .targets = targets },
		{ .flags = IETF_SWIMA_FLAG_SUBSCRIBE |
			   IETF_SWIMA_FLAG_IDS_ONLY,
		  .request_id = 8, .earliest_eid = 5 },
	};
	struct pa_attr want = { IETF(IETF_ATTR_SUBSCRIPTION_STATUS_RESP),
		.v.subscription_status_resp = {
			.count = 2, .subscriptions = subs,
		} };
	struct roundtrip rt;
	const struct ietf_subscription_status_resp *got;

	(void)state;
	roundtrip(&rt, &want, "00 000002 "
		  "40 000001 00000007 00000000 0002 6162 "
		  "60 000000 00000008 00000005");
	got = &rt.got.v.subscription_status_resp;
	assert_int_equal(got->flags, 0);
	assert_int_equal(got->count, 2);
	assert_int_equal(got->subscriptions[0].flags,
			 IETF_SWIMA_FLAG_SUBSCRIBE);
	assert_int_equal(got->subscriptions[0].request_id, 7);
	assert_int_equal(got->subscriptions[0].earliest_eid, 0);
	assert_int_equal(got->subscriptions[0].count, 1);
	assert_bytes(got->subscriptions[0].targets[0], "ab");
	assert_int_equal(got->subscriptions[1].flags, 0x60);
	assert_int_equal(got->subscriptions[1].request_id, 8);
	assert_int_equal(got->subscriptions[1].earliest_eid, 5);
	assert_int_equal(got->subscriptions[1].count, 0);
	roundtrip_done(&rt);

	/* no subscriptions: the 4-byte minimum; reserved bits are kept */
	want.v.subscription_status_resp =
		(struct ietf_subscription_status_resp){ .flags = 0x01 };
	roundtrip(&rt, &want, "01 000000");
	assert_int_equal(rt.got.v.subscription_status_resp.count, 0);
	roundtrip_done(&rt);
}

/* RFC 8412 5.13: no fields, as a whole attribute */
static void test_source_metadata_req(void **state)
{
	struct pa_attr want = { IETF(IETF_ATTR_SOURCE_METADATA_REQ) };
	struct pa_attr_raw raw = { 0, PEN_IETF, IETF_ATTR_SOURCE_METADATA_REQ,
				   (const uint8_t *)"", 0 };
	struct pa_attr got;
	struct writer w;
	uint32_t offset;

	(void)state;
	assert_int_equal(pa_attr_decode(&raw, &got, &offset), PA_DECODE_OK);
	pa_attr_free(&got);
	writer_init(&w);
	assert_int_equal(pa_attr_encode(&want, &w), 0);
	assert_writer_is(&w, (const uint8_t *)"\x00\x00\x00\x00"
			 "\x00\x00\x00\x14" "\x00\x00\x00\x0c", 12);
	writer_free(&w);
	assert_string_equal(pa_attr_name(PEN_IETF,
					 IETF_ATTR_SOURCE_METADATA_REQ),
			    "IETF Source Metadata Request");
}

/* RFC 8412 5.14: two sources, one with empty metadata */
static void test_source_metadata_resp(void **state)
{
	struct ietf_source_metadata src[] = {
		{ .source_id = 1, .metadata = str("dpkg") },
		{ .source_id = 2, .reserved = 0x80, .metadata = str("") },
	};
	struct pa_attr want = { IETF(IETF_ATTR_SOURCE_METADATA_RESP),
		.v.source_metadata_resp = { .count = 2, .sources = src } };
	struct roundtrip rt;
	const struct ietf_source_metadata_resp *got;

	(void)state;
	roundtrip(&rt, &want, "00 000002 01 00 0004 64706b67 02 80 0000");
	got = &rt.got.v.source_metadata_resp;
	assert_int_equal(got->count, 2);
	assert_int_equal(got->sources[0].source_id, 1);
	assert_bytes(got->sources[0].metadata, "dpkg");
	assert_int_equal(got->sources[1].source_id, 2);
	assert_int_equal(got->sources[1].reserved, 0x80);
	assert_int_equal(got->sources[1].metadata.len, 0);
	roundtrip_done(&rt);

	want.v.source_metadata_resp = (struct ietf_source_metadata_resp){ 0 };
	roundtrip(&rt, &want, "00 000000");
	roundtrip_done(&rt);
}

/* Malformed values: the offset inside the value (pa_attr.h). */
struct bad_value {
	uint32_t type;
	const char *hex;
	uint32_t offset;
};

static const struct bad_value bad_values[] = {
	/* Status Response: short header; record cut in its fixed part */
	{ 19, "00 0000", 0 },
	{ 19, "00 000001 40 000000 0000", 4 },
	/* a target longer than the value; a lying count of targets */
	{ 19, "00 000001 40 000001 00000007 00000000 0005 61", 16 },
	{ 19, "00 000001 40 000002 00000007 00000000 0001 61", 19 },
	/* a lying record count (huge, then by one); a trailing byte */
	{ 19, "00 ffffff 40 000000 00000007 00000000", 16 },
	{ 19, "00 000002 40 000000 00000007 00000000", 16 },
	{ 19, "00 000001 40 000000 00000007 00000000 ff", 16 },
	/* the second record cut after its first target */
	{ 19, "00 000002 40 000000 00000007 00000000 "
	      "40 000001 00000008 00000000", 28 },
	/* Source Metadata Request: any byte */
	{ 20, "00", 0 },
	/* Metadata Response: short header; entry cut in its fixed part */
	{ 21, "00 0000", 0 },
	{ 21, "00 000001 01", 4 },
	{ 21, "00 000001 01 00 00", 6 },
	/* metadata longer than the value; lying counts; trailing byte */
	{ 21, "00 000001 01 00 0005 6162", 6 },
	{ 21, "00 000002 01 00 0000", 8 },
	{ 21, "00 ffffff 01 00 0000", 8 },
	{ 21, "00 000001 01 00 0000 ff", 8 },
};

static void test_bad_values(void **state)
{
	char what[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++) {
		snprintf(what, sizeof(what), "row %zu", i);
		/* with or without NOSKIP, the same error */
		expect_bad_value(i % 2 ? PA_ATTR_FLAG_NOSKIP : 0, PEN_IETF,
				 bad_values[i].type, bad_values[i].hex,
				 bad_values[i].offset, what);
	}
}

/* With NOSKIP set, 19-21 are known now, not "attribute type not supported" */
static void test_known_with_noskip(void **state)
{
	static const char *values[] = { "00 000000", "", "00 000000" };
	uint32_t type;
	size_t len, msg_len;
	uint8_t *value, *msg;
	struct pa_msg m;
	struct pa_error err;

	(void)state;
	for (type = IETF_ATTR_SUBSCRIPTION_STATUS_RESP;
	     type <= IETF_ATTR_SOURCE_METADATA_RESP; type++) {
		value = unhex(values[type - IETF_ATTR_SUBSCRIPTION_STATUS_RESP],
			      &len);
		msg = msg_with(PA_ATTR_FLAG_NOSKIP, PEN_IETF, type, value, len,
			       &msg_len);
		assert_true(pa_attr_is_known(PEN_IETF, type));
		assert_int_equal(pa_msg_parse(msg, msg_len, NULL, 0, &m, &err),
				 PA_MSG_OK);
		assert_int_equal(m.count, 1);
		assert_int_equal(m.attrs[0].type, type);
		pa_msg_free(&m);
		free(msg);
		free(value);
	}
}

/* Encoders refuse what does not fit the wire fields. */
static void test_encode_limits(void **state)
{
	struct ietf_subscription_status_resp resp = { .count = 0x1000000 };
	struct ietf_swima_request sub = { .count = 0x1000000 };
	struct ietf_subscription_status_resp one = { .count = 1,
						     .subscriptions = &sub };
	struct ietf_source_metadata_resp meta = { .count = 0x1000000 };
	struct ietf_source_metadata big = { .source_id = 1 };
	struct ietf_source_metadata_resp one_big = { .count = 1,
						     .sources = &big };
	uint8_t *bytes = calloc(0x10000, 1);
	struct writer w;

	(void)state;
	assert_non_null(bytes);
	big.metadata = (struct pa_bytes){ bytes, 0x10000 };
	writer_init(&w);
	assert_int_equal(ietf_subscription_status_resp_encode(&resp, &w), -1);
	assert_int_equal(ietf_subscription_status_resp_encode(&one, &w), -1);
	assert_int_equal(ietf_source_metadata_resp_encode(&meta, &w), -1);
	assert_int_equal(ietf_source_metadata_resp_encode(&one_big, &w), -1);
	/* one byte less fits the u16 length */
	writer_reset(&w);
	big.metadata.len = 0xffff;
	assert_int_equal(ietf_source_metadata_resp_encode(&one_big, &w), 0);
	assert_int_equal(w.len, 4 + 4 + 0xffff);
	writer_free(&w);
	free(bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subscription_status_resp),
		cmocka_unit_test(test_source_metadata_req),
		cmocka_unit_test(test_source_metadata_resp),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_known_with_noskip),
		cmocka_unit_test(test_encode_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
