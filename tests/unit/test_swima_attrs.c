/*
 * test_swima_attrs.c - unit tests of the SWIMA attributes of the PA-TNC
 * codec (libimcv/pa/ietf_swima_request.c, ietf_sw_inventory.c,
 * ietf_sw_events.c, ietf_subscription_status_req.c): each decodes and
 * encodes byte-exact against values written by hand from RFC 8412 5.7-5.11
 * and swima spec note 2; a malformed value of each yields the offset of
 * pa_attr.h and the Invalid Parameter error attribute of PA-TNC spec note
 * 4; and every SWIMA attribute the reference sent in the shared swima and
 * swima-event vectors decodes and re-encodes byte for byte.
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
#include "vectors.h"


/* The header of every hand-made message below: version 1, ID 0x0badf00d */
/* "2026-11-22T06:01:21Z" */
#define TS_HEX "32 30 32 36 2d 31 31 2d 32 32 54 30 36 3a 30 31 3a 32 31 5a"
#define TS "2026-11-22T06:01:21Z"

#define IETF(type_) .vendor = PEN_IETF, .type = (type_)

/* RFC 8412 5.7 */
static void test_swima_request(void **state)
{
	struct pa_bytes targets[] = { str("ab"), str("c") };
	struct pa_attr want = { IETF(IETF_ATTR_SWIMA_REQUEST),
		.v.swima_request = {
			.flags = IETF_SWIMA_FLAG_IDS_ONLY, .request_id = 3,
			.earliest_eid = 1, .count = 2, .targets = targets,
		} };
	struct roundtrip rt;
	const struct ietf_swima_request *got;

	(void)state;
	roundtrip(&rt, &want, "20 000002 00000003 00000001 0002 6162 0001 63");
	got = &rt.got.v.swima_request;
	assert_int_equal(got->flags, IETF_SWIMA_FLAG_IDS_ONLY);
	assert_int_equal(got->request_id, 3);
	assert_int_equal(got->earliest_eid, 1);
	assert_int_equal(got->count, 2);
	assert_bytes(got->targets[0], "ab");
	assert_bytes(got->targets[1], "c");
	roundtrip_done(&rt);

	/* no targets, subscription flags, the minimum of 12 bytes */
	want.v.swima_request = (struct ietf_swima_request){
		.flags = IETF_SWIMA_FLAG_CLEAR | IETF_SWIMA_FLAG_SUBSCRIBE,
		.request_id = 0x01020304, .targets = NULL,
	};
	roundtrip(&rt, &want, "c0 000000 01020304 00000000");
	assert_int_equal(rt.got.v.swima_request.count, 0);
	roundtrip_done(&rt);
}

/* RFC 8412 5.8 (14) and 5.10 (16) */
static void test_sw_inventory(void **state)
{
	struct ietf_sw_record rec = {
		.record_id = 1, .data_model_pen = 0, .data_model_type = 0,
		.source_id = 1, .sw_id = str("id"), .locator = str(""),
	};
	struct pa_attr want = { IETF(IETF_ATTR_SW_ID_INVENTORY),
		.v.sw_id_inventory = {
			.request_id = 3, .epoch = 0x6a1b80b1, .last_eid = 1,
			.count = 1, .records = &rec,
		} };
	struct roundtrip rt;
	const struct ietf_sw_inventory *got;

	(void)state;
	roundtrip(&rt, &want, "00 000001 00000003 6a1b80b1 00000001 "
		  "00000001 000000 00 01 00 0002 6964 0000");
	got = &rt.got.v.sw_id_inventory;
	assert_int_equal(got->epoch, 0x6a1b80b1);
	assert_int_equal(got->count, 1);
	assert_int_equal(got->records[0].record_id, 1);
	assert_int_equal(got->records[0].source_id, 1);
	assert_bytes(got->records[0].sw_id, "id");
	assert_int_equal(got->records[0].record.len, 0);
	roundtrip_done(&rt);

	/* with the tag, S_F set, an ISO 2009 record from a file (source 2) */
	rec = (struct ietf_sw_record){
		.record_id = 0, .data_model_pen = 0, .data_model_type = 1,
		.source_id = 2, .sw_id = str("id"), .locator = str("f"),
		.record = str("<a>"),
	};
	want = (struct pa_attr){ IETF(IETF_ATTR_SW_INVENTORY),
		.v.sw_inventory = {
			.flags = IETF_SWIMA_FLAG_FULFILLMENT, .request_id = 5,
			.epoch = 0x11223344, .last_eid = 1, .count = 1,
			.records = &rec,
		} };
	roundtrip(&rt, &want, "80 000001 00000005 11223344 00000001 "
		  "00000000 000000 01 02 00 0002 6964 0001 66 00000003 3c613e");
	got = &rt.got.v.sw_inventory;
	assert_int_equal(got->flags, IETF_SWIMA_FLAG_FULFILLMENT);
	assert_int_equal(got->records[0].data_model_type, 1);
	assert_bytes(got->records[0].locator, "f");
	assert_bytes(got->records[0].record, "<a>");
	roundtrip_done(&rt);

	/* an empty inventory is the 16-byte minimum */
	want.v.sw_inventory = (struct ietf_sw_inventory){ .last_eid = 7 };
	roundtrip(&rt, &want, "00 000000 00000000 00000000 00000007");
	roundtrip_done(&rt);
}

/* RFC 8412 5.9 (15) and 5.10 (17) */
static void test_sw_events(void **state)
{
	struct ietf_sw_record ev[] = {
		{ .eid = 1, .timestamp = str(TS), .record_id = 1,
		  .source_id = 1, .action = IETF_SW_ACTION_CREATION,
		  .sw_id = str("id"), .locator = str("") },
		{ .eid = 2, .timestamp = str(TS), .record_id = 9,
		  .source_id = 1, .action = IETF_SW_ACTION_ALTERATION,
		  .sw_id = str("j"), .locator = str("") },
	};
	struct pa_attr want = { IETF(IETF_ATTR_SW_ID_EVENTS),
		.v.sw_id_events = {
			.request_id = 3, .epoch = 0x6a1b80b1, .last_eid = 2,
			.last_consulted_eid = 2, .count = 2, .events = ev,
		} };
	struct roundtrip rt;
	const struct ietf_sw_events *got;

	(void)state;
	roundtrip(&rt, &want, "00 000002 00000003 6a1b80b1 00000002 00000002 "
		  "00000001 " TS_HEX " 00000001 000000 00 01 01 0002 6964 0000 "
		  "00000002 " TS_HEX " 00000009 000000 00 01 03 0001 6a 0000");
	got = &rt.got.v.sw_id_events;
	assert_int_equal(got->last_consulted_eid, 2);
	assert_int_equal(got->count, 2);
	assert_int_equal(got->events[0].eid, 1);
	assert_bytes(got->events[0].timestamp, TS);
	assert_int_equal(got->events[1].action, IETF_SW_ACTION_ALTERATION);
	assert_bytes(got->events[1].sw_id, "j");
	roundtrip_done(&rt);

	ev[0].action = IETF_SW_ACTION_DELETION;
	ev[0].record = str("<a>");
	want = (struct pa_attr){ IETF(IETF_ATTR_SW_EVENTS),
		.v.sw_events = {
			.request_id = 3, .epoch = 1, .last_eid = 1,
			.last_consulted_eid = 1, .count = 1, .events = ev,
		} };
	roundtrip(&rt, &want, "00 000001 00000003 00000001 00000001 00000001 "
		  "00000001 " TS_HEX " 00000001 000000 00 01 02 0002 6964 0000 "
		  "00000003 3c613e");
	got = &rt.got.v.sw_events;
	assert_int_equal(got->events[0].action, IETF_SW_ACTION_DELETION);
	assert_bytes(got->events[0].record, "<a>");
	roundtrip_done(&rt);
}

/* RFC 8412 5.11: no fields */
static void test_subscription_status_req(void **state)
{
	struct pa_attr want = { IETF(IETF_ATTR_SUBSCRIPTION_STATUS_REQ) };
	struct pa_attr_raw raw = { 0, PEN_IETF,
		IETF_ATTR_SUBSCRIPTION_STATUS_REQ, (const uint8_t *)"", 0 };
	struct pa_attr got;
	struct writer w;
	uint32_t offset;

	(void)state;
	assert_int_equal(pa_attr_decode(&raw, &got, &offset), PA_DECODE_OK);
	writer_init(&w);
	assert_int_equal(pa_attr_encode(&want, &w), 0);
	assert_int_equal(w.len, 12);
	assert_memory_equal(w.data, "\x00\x00\x00\x00\x00\x00\x00\x12"
				    "\x00\x00\x00\x0c", 12);
	writer_free(&w);
	pa_attr_free(&got);
}

/* Malformed values: the offset inside the value (pa_attr.h). */
struct bad_value {
	uint32_t type;
	const char *hex;
	uint32_t offset;
};

static const struct bad_value bad_values[] = {
	/* Request: short, target overlong, count too high, trailing */
	{ 13, "20 000000 00000003 000000", 0 },
	{ 13, "20 000001 00000003 00000001 0005 61", 12 },
	{ 13, "20 000002 00000003 00000001 0001 61", 15 },
	{ 13, "20 000000 00000003 00000001 ff", 12 },
	/* Identifier Inventory: short, fixed part cut in the PEN field,
	 * a second record missing */
	{ 14, "00 000000 00000003 00000001 000000", 0 },
	{ 14, "00 000001 00000003 00000001 00000001 00000001 0000", 20 },
	{ 14, "00 000002 00000003 00000001 00000001 "
	      "00000001 000000 00 01 00 0002 6964 0000", 32 },
	/* Inventory: record longer than the value, trailing byte */
	{ 16, "00 000001 00000003 00000001 00000001 "
	      "00000001 000000 00 01 00 0002 6964 0000 00000009 3c613e", 32 },
	{ 16, "00 000001 00000003 00000001 00000001 "
	      "00000001 000000 00 01 00 0002 6964 0000 00000000 00", 36 },
	/* Identifier Events: action 0, timestamp not RFC 3339, cut EID */
	{ 15, "00 000001 00000003 00000001 00000001 00000001 "
	      "00000001 " TS_HEX " 00000001 000000 00 01 00 0002 6964 0000",
	  53 },
	{ 15, "00 000001 00000003 00000001 00000001 00000001 "
	      "00000001 32 30 32 36 2d 31 31 2d 32 32 20 30 36 3a 30 31 3a "
	      "32 31 5a 00000001 000000 00 01 01 0002 6964 0000", 24 },
	{ 15, "00 000001 00000003 00000001 00000001 00000001 0000", 20 },
	/* Events: action above alteration, locator overlong */
	{ 17, "00 000001 00000003 00000001 00000001 00000001 "
	      "00000001 " TS_HEX " 00000001 000000 00 01 04 0002 6964 0000 "
	      "00000000", 53 },
	{ 17, "00 000001 00000003 00000001 00000001 00000001 "
	      "00000001 " TS_HEX " 00000001 000000 00 01 01 0002 6964 0009 "
	      "00000000", 58 },
	/* Subscription Status Request: any byte */
	{ 18, "00", 0 },
};

static void test_bad_values(void **state)
{
	size_t i, len, msg_len;
	uint8_t *value, *msg;
	struct pa_attr_raw raw;
	struct pa_attr a;
	struct pa_msg m;
	struct pa_error err;
	uint32_t offset;

	(void)state;
	for (i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++) {
		const struct bad_value *b = &bad_values[i];

		value = unhex(b->hex, &len);
		raw = (struct pa_attr_raw){ 0, PEN_IETF, b->type, value,
					    (uint32_t)len };
		offset = 0xdead;
		if (pa_attr_decode(&raw, &a, &offset) != PA_DECODE_MALFORMED)
			fail_msg("row %zu (%s): accepted", i, b->hex);
		if (offset != b->offset)
			fail_msg("row %zu (%s): offset %u, want %u", i, b->hex,
				 offset, b->offset);

		/* The same in a message, with or without NOSKIP */
		msg = msg_with(i % 2 ? PA_ATTR_FLAG_NOSKIP : 0, PEN_IETF, b->type,
			       value, len, &msg_len);
		assert_int_equal(pa_msg_parse(msg, msg_len, NULL, 0, &m, &err),
				 PA_MSG_ERROR);
		assert_int_equal(err.vendor, PEN_IETF);
		assert_int_equal(err.code, PA_ERROR_INVALID_PARAMETER);
		assert_int_equal(err.offset, 20 + b->offset);
		assert_memory_equal(err.header, msg, 8);
		expect_invalid_parameter_attr(&err, 20 + b->offset);
		pa_msg_free(&m);
		free(msg);
		free(value);
	}
}

/* Encoders refuse what does not fit the wire fields. */
static void test_encode_limits(void **state)
{
	struct ietf_sw_record rec = { .data_model_pen = 0x1000000,
				      .sw_id = str("x") };
	struct ietf_sw_inventory inv = { .count = 1, .records = &rec };
	struct ietf_swima_request req = { .count = 0x1000000 };
	struct writer w;

	(void)state;
	writer_init(&w);
	assert_int_equal(ietf_sw_id_inventory_encode(&inv, &w), -1);
	assert_int_equal(ietf_swima_request_encode(&req, &w), -1);
	writer_free(&w);
}

/*
 * The shared vectors: every SWIMA attribute in a PA-TNC message of a PB-PA
 * message, sliced out of the PB-TNC batches by hand.
 */
static const struct pa_attr_ext seg_ext[] = {
	{ PEN_TCG, 0x21, NULL }, { PEN_TCG, 0x22, NULL },
	{ PEN_TCG, 0x23, NULL }, { PEN_TCG, 0x24, NULL },
};

struct vec_walk {
	unsigned per_type[22];
	unsigned events;		/* in the 15s */
};

static void check_swima_attr(const struct pa_attr_raw *raw,
			     struct vec_walk *wk, const char *where)
{
	struct pa_attr a;
	struct writer w, want;
	uint32_t offset;

	if (raw->vendor != PEN_IETF || raw->type < IETF_ATTR_SWIMA_REQUEST ||
	    raw->type > IETF_ATTR_SOURCE_METADATA_RESP)
		return;
	if (pa_attr_decode(raw, &a, &offset) != PA_DECODE_OK)
		fail_msg("%s: %s does not decode", where,
			 pa_attr_name(raw->vendor, raw->type));
	writer_init(&w);
	writer_init(&want);
	assert_int_equal(pa_attr_encode(&a, &w), 0);
	pa_attr_write_raw(&want, raw);
	if (w.len != want.len || memcmp(w.data, want.data, w.len))
		fail_msg("%s: %s re-encodes differently", where,
			 pa_attr_name(raw->vendor, raw->type));
	writer_free(&w);
	writer_free(&want);
	if (raw->type == IETF_ATTR_SW_ID_EVENTS)
		wk->events += (unsigned)a.v.sw_id_events.count;
	pa_attr_free(&a);
	wk->per_type[raw->type]++;
}

static void check_vector_msg(const uint8_t *body, size_t len, void *arg,
			     const char *where)
{
	struct pa_msg m;
	struct pa_error err;
	size_t i;

	/*
	 * Messages of other scenarios may carry NOSKIP types nobody here
	 * knows (PTS); the SWIMA counts in test_vectors catch a SWIMA
	 * message that does not parse.
	 */
	if (pa_msg_parse(body, len, seg_ext,
			 sizeof(seg_ext) / sizeof(seg_ext[0]), &m, &err) !=
	    PA_MSG_OK) {
		pa_msg_free(&m);
		return;
	}
	for (i = 0; i < m.count; i++)
		check_swima_attr(&m.attrs[i], arg, where);
	pa_msg_free(&m);
}

static void walk_vector(const struct vec_file *f, void *arg)
{
	each_pa_msg(f, check_vector_msg, arg);
}

static void test_vectors(void **state)
{
	struct vec_walk wk = { 0 };

	(void)state;
	assert_true(vec_each(walk_vector, &wk) > 0);
	/* swima: request id 3 from EID 1 answered with 1025 events;
	 * swima-event: request id 12 from EID 2 answered with 2 */
	assert_int_equal(wk.per_type[IETF_ATTR_SWIMA_REQUEST], 2);
	assert_int_equal(wk.per_type[IETF_ATTR_SW_ID_EVENTS], 2);
	assert_int_equal(wk.events, 1025 + 2);
}

/* Fields of the reference's events answer (swima, message 9). */
static void test_vector_swima_events(void **state)
{
	size_t len;
	uint8_t *data = vec_load_in("swima", "009-c2s-batch-cdata.hex", &len);
	struct vec_file f = { .scenario = "swima", .name = "009",
			      .kind = "batch-", .data = data, .len = len };
	struct vec_walk wk = { 0 };

	(void)state;
	assert_non_null(data);
	each_pa_msg(&f, check_vector_msg, &wk);
	assert_int_equal(wk.per_type[IETF_ATTR_SW_ID_EVENTS], 1);
	assert_int_equal(wk.events, 1025);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_swima_request),
		cmocka_unit_test(test_sw_inventory),
		cmocka_unit_test(test_sw_events),
		cmocka_unit_test(test_subscription_status_req),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_encode_limits),
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_vector_swima_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
