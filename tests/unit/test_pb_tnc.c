/*
 * test_pb_tnc.c - unit tests of the PB-TNC batch and message codec
 * (libtnccs/pb_tnc_batch.c, pb_tnc_msg.c): every batch the reference sent
 * in the shared vectors parses and rebuilds byte-exact, and each kind of
 * malformed batch yields the PB-Error code and offset RFC 5793 and the
 * reference use.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "buf.h"
#include "pb_tnc.h"
#include "vectors.h"

#define PT_HDR 16

/* Number of vector files and batches in the shared folder. */
#define VEC_FILES 97
#define VEC_BATCHES 55

/* Builds a batch; the writer then holds it (caller frees the writer). */
static void batch_begin(struct writer *w, bool from_server,
			enum pb_batch_type type, size_t *start)
{
	writer_init(w);
	*start = pb_batch_begin(w, from_server, type);
}

/* Parses w's batch as a server (client-sent batch) expecting failure. */
static void expect_fail_as(const uint8_t *data, size_t len, bool as_server,
			   enum pb_error_code code, uint32_t offset)
{
	struct pb_batch b;
	struct pb_error err;

	memset(&err, 0xa5, sizeof(err));
	assert_int_equal(pb_batch_parse(data, len, as_server, &b, &err), -1);
	assert_int_equal(err.code, code);
	assert_int_equal(err.offset, offset);
	assert_non_null(err.reason);
	assert_null(b.msgs);
	assert_int_equal(b.count, 0);
}

static void expect_fail(const struct writer *w, enum pb_error_code code,
			uint32_t offset)
{
	expect_fail_as(w->data, w->len, true, code, offset);
}

/* Parses a client batch as a server, expecting success. */
static void parse_ok(const struct writer *w, struct pb_batch *b)
{
	struct pb_error err;

	assert_int_equal(pb_batch_parse(w->data, w->len, true, b, &err), 0);
}

/* A C string copy of len bytes; caller frees. */
static char *cstr(const uint8_t *p, size_t len)
{
	char *s = malloc(len + 1);

	assert_non_null(s);
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

struct rebuild_stats {
	unsigned pa, assessment, access_rec, reason, language, generic;
};

/*
 * Rebuilds a parsed batch from its decoded messages with the pb_write_*
 * builders. Messages no builder covers are copied with pb_write_msg.
 */
static void rebuild(const struct pb_batch *b, struct writer *w,
		    struct rebuild_stats *st)
{
	size_t start, i;
	uint32_t bad, u32;
	uint16_t u16;
	struct pb_pa pa;
	struct pb_reason_string rs;
	const uint8_t *lang;
	size_t lang_len;
	char *s;

	start = pb_batch_begin(w, b->from_server, b->type);
	for (i = 0; i < b->count; i++) {
		const struct pb_msg *m = &b->msgs[i];

		if (m->vendor != PB_VENDOR_IETF)
			goto generic;
		switch (m->type) {
		case PB_MSG_PA:
			assert_int_equal(pb_pa_decode(m, &pa, &bad), 0);
			pb_write_pa(w, &pa);
			st->pa++;
			continue;
		case PB_MSG_ASSESSMENT_RESULT:
			assert_int_equal(
				pb_assessment_result_decode(m, &u32, &bad), 0);
			pb_write_assessment_result(w, u32);
			st->assessment++;
			continue;
		case PB_MSG_ACCESS_RECOMMENDATION:
			assert_int_equal(pb_access_rec_decode(m, &u16, &bad), 0);
			pb_write_access_rec(w, u16);
			st->access_rec++;
			continue;
		case PB_MSG_REASON_STRING:
			assert_int_equal(pb_reason_decode(m, &rs, &bad), 0);
			pb_write_reason(w, rs.reason, rs.reason_len, rs.lang,
					rs.lang_len);
			st->reason++;
			continue;
		case PB_MSG_LANGUAGE_PREFERENCE:
			assert_int_equal(
				pb_language_decode(m, &lang, &lang_len, &bad),
				0);
			s = cstr(lang, lang_len);
			pb_write_language(w, s);
			free(s);
			st->language++;
			continue;
		default:
			break;
		}
generic:
		pb_write_msg(w, m->flags, m->vendor, m->type, m->value,
			     m->value_len);
		st->generic++;
	}
	pb_batch_end(w, start);
	assert_true(writer_ok(w));
}

struct walk {
	unsigned files, batches, msgs;
	struct rebuild_stats st;
};

static void check_vector_batch(const struct vec_file *f, void *arg)
{
	struct walk *wk = arg;
	const uint8_t *v = f->data + PT_HDR;
	size_t len = f->len - PT_HDR, i;
	uint32_t next;
	struct pb_batch b;
	struct pb_error err;
	struct writer w;

	wk->files++;
	if (strncmp(f->kind, "batch-", 6) != 0)
		return;
	wk->batches++;
	assert_true(f->len >= PT_HDR + PB_BATCH_HEADER_LEN);
	assert_int_equal(get_u32be(f->data + 4), 7);	/* PB-TNC Batch */

	/* c2s: the server receives it; s2c: the client does */
	if (pb_batch_parse(v, len, f->c2s, &b, &err) != 0)
		fail_msg("%s/%s: %s at %u", f->scenario, f->name, err.reason,
			 err.offset);
	assert_int_equal(b.version, 2);
	assert_int_equal(b.from_server, !f->c2s);
	assert_int_equal(strcasecmp(pb_batch_type_name(b.type), f->kind + 6), 0);

	/* Messages tile the batch exactly */
	next = PB_BATCH_HEADER_LEN;
	for (i = 0; i < b.count; i++) {
		assert_int_equal(b.msgs[i].offset, next);
		assert_ptr_equal(b.msgs[i].value,
				 v + next + PB_MSG_HEADER_LEN);
		assert_true(pb_msg_is_known(b.msgs[i].vendor, b.msgs[i].type));
		next += PB_MSG_HEADER_LEN + b.msgs[i].value_len;
	}
	assert_int_equal(next, len);
	wk->msgs += b.count;

	writer_init(&w);
	rebuild(&b, &w, &wk->st);
	assert_int_equal(w.len, len);
	if (memcmp(w.data, v, len) != 0)
		fail_msg("%s/%s: rebuilt batch differs", f->scenario, f->name);
	writer_free(&w);
	pb_batch_free(&b);

	/* The same batch at the wrong peer is a direction error */
	expect_fail_as(v, len, !f->c2s, PB_ERR_INVALID_PARAMETER, 1);
}

static void test_vectors_parse_and_rebuild(void **state)
{
	struct walk wk = { 0 };

	assert_int_equal(vec_each(check_vector_batch, &wk), VEC_FILES);
	assert_int_equal(wk.files, VEC_FILES);
	assert_int_equal(wk.batches, VEC_BATCHES);
	/* The typed builders, not the generic copy, rebuilt the vectors */
	assert_int_equal(wk.st.generic, 0);
	assert_int_equal(wk.st.pa, 84);
	assert_int_equal(wk.st.assessment, 8);
	assert_int_equal(wk.st.access_rec, 8);
	assert_int_equal(wk.st.reason, 2);
	assert_int_equal(wk.st.language, 7);
	assert_int_equal(wk.msgs, 84 + 8 + 8 + 2 + 7);
}

/* Loads a vector batch and parses it with the right role. */
static uint8_t *load_batch(const char *scenario, const char *file,
			   struct pb_batch *b)
{
	struct pb_error err;
	uint8_t *data;
	size_t len;

	data = vec_load_in(scenario, file, &len);
	assert_non_null(data);
	assert_true(len > PT_HDR);
	assert_int_equal(pb_batch_parse(data + PT_HDR, len - PT_HDR,
					strstr(file, "-c2s-") != NULL, b,
					&err), 0);
	return data;
}

static void check_pa(const struct pb_msg *m, uint8_t flags, uint32_t vendor,
		     uint32_t subtype, uint16_t collector, uint16_t validator,
		     size_t msg_len)
{
	struct pb_pa pa;
	uint32_t bad;

	assert_int_equal(m->flags, PB_MSG_FLAG_NOSKIP);
	assert_int_equal(m->vendor, PB_VENDOR_IETF);
	assert_int_equal(m->type, PB_MSG_PA);
	assert_int_equal(m->value_len + PB_MSG_HEADER_LEN, msg_len);
	assert_int_equal(pb_pa_decode(m, &pa, &bad), 0);
	assert_int_equal(pa.flags, flags);
	assert_int_equal(pa.vendor, vendor);
	assert_int_equal(pa.subtype, subtype);
	assert_int_equal(pa.collector_id, collector);
	assert_int_equal(pa.validator_id, validator);
	assert_int_equal(pa.body_len, msg_len - 24);
	assert_ptr_equal(pa.body, m->value + PB_PA_HEADER_LEN);
	/* A PA-TNC message body starts with version 1 */
	assert_int_equal(pa.body[0], 1);
}

static void test_vector_test_imc_imv_cdata(void **state)
{
	struct pb_batch b;
	const uint8_t *lang;
	size_t lang_len;
	uint32_t bad;
	uint8_t *data = load_batch("test-imc-imv", "007-c2s-batch-cdata.hex",
				   &b);

	assert_int_equal(b.type, PB_BATCH_CDATA);
	assert_false(b.from_server);
	assert_int_equal(b.count, 3);
	assert_int_equal(b.msgs[0].flags, 0);
	assert_int_equal(b.msgs[0].type, PB_MSG_LANGUAGE_PREFERENCE);
	assert_int_equal(b.msgs[0].value_len + PB_MSG_HEADER_LEN, 31);
	assert_memory_equal(b.msgs[0].value, "Accept-Language: en", 19);
	assert_int_equal(pb_language_decode(&b.msgs[0], &lang, &lang_len,
					    &bad), 0);
	assert_int_equal(lang_len, 2);
	assert_memory_equal(lang, "en", 2);
	assert_string_equal(pb_msg_name(0, 6), "PB-Language-Preference");
	check_pa(&b.msgs[1], 0, PB_VENDOR_ITA, 1, 1, 0xffff, 127);
	check_pa(&b.msgs[2], 0, PB_VENDOR_ITA, 1, 2, 0xffff, 127);
	pb_batch_free(&b);
	free(data);
}

static void test_vector_test_imc_imv_sdata_cretry(void **state)
{
	struct pb_batch b;
	uint8_t *data;

	data = load_batch("test-imc-imv", "008-s2c-batch-sdata.hex", &b);
	assert_int_equal(b.type, PB_BATCH_SDATA);
	assert_true(b.from_server);
	assert_int_equal(b.count, 2);
	check_pa(&b.msgs[0], PB_PA_FLAG_EXCL, PB_VENDOR_ITA, 1, 1, 1, 50);
	check_pa(&b.msgs[1], PB_PA_FLAG_EXCL, PB_VENDOR_ITA, 1, 2, 1, 50);
	pb_batch_free(&b);
	free(data);

	data = load_batch("test-imc-imv", "013-c2s-batch-cretry.hex", &b);
	assert_int_equal(b.type, PB_BATCH_CRETRY);
	assert_int_equal(b.count, 2);
	check_pa(&b.msgs[0], 0, PB_VENDOR_ITA, 1, 1, 0xffff, 125);
	check_pa(&b.msgs[1], 0, PB_VENDOR_ITA, 1, 2, 0xffff, 125);
	pb_batch_free(&b);
	free(data);

	data = load_batch("test-imc-imv", "019-c2s-batch-close.hex", &b);
	assert_int_equal(b.type, PB_BATCH_CLOSE);
	assert_int_equal(b.count, 0);
	pb_batch_free(&b);
	free(data);
}

static void test_vector_results(void **state)
{
	static const char reason1[] =
		"IMC Test was not configured with \"command = allow\"";
	static const char reason2[] = "Open server ports were detected";
	struct pb_reason_string rs;
	struct pb_batch b;
	uint32_t bad, result;
	uint16_t rec;
	uint8_t *data;

	data = load_batch("test-imc-imv", "012-s2c-batch-result.hex", &b);
	assert_int_equal(b.type, PB_BATCH_RESULT);
	assert_int_equal(b.count, 5);
	check_pa(&b.msgs[0], PB_PA_FLAG_EXCL, PB_VENDOR_ITA, 1, 1, 1, 48);
	check_pa(&b.msgs[1], PB_PA_FLAG_EXCL, PB_VENDOR_ITA, 1, 2, 1, 48);
	assert_int_equal(b.msgs[2].flags, PB_MSG_FLAG_NOSKIP);
	assert_int_equal(pb_assessment_result_decode(&b.msgs[2], &result,
						     &bad), 0);
	assert_int_equal(result, 1);
	assert_int_equal(b.msgs[3].flags, 0);
	assert_int_equal(pb_access_rec_decode(&b.msgs[3], &rec, &bad), 0);
	assert_int_equal(rec, PB_REC_QUARANTINED);
	assert_int_equal(b.msgs[4].value_len + PB_MSG_HEADER_LEN, 69);
	assert_int_equal(pb_reason_decode(&b.msgs[4], &rs, &bad), 0);
	assert_int_equal(rs.reason_len, strlen(reason1));
	assert_memory_equal(rs.reason, reason1, rs.reason_len);
	assert_int_equal(rs.lang_len, 2);
	assert_memory_equal(rs.lang, "en", 2);
	assert_true(pb_msg_result_only(0, PB_MSG_REASON_STRING));
	pb_batch_free(&b);
	free(data);

	data = load_batch("test-imc-imv", "018-s2c-batch-result.hex", &b);
	assert_int_equal(b.count, 4);
	assert_int_equal(pb_assessment_result_decode(&b.msgs[2], &result,
						     &bad), 0);
	assert_int_equal(result, 0);
	assert_int_equal(pb_access_rec_decode(&b.msgs[3], &rec, &bad), 0);
	assert_int_equal(rec, PB_REC_ACCESS_ALLOWED);
	pb_batch_free(&b);
	free(data);

	data = load_batch("os-scanner-block", "010-s2c-batch-result.hex", &b);
	assert_int_equal(b.count, 4);
	check_pa(&b.msgs[0], 0, PB_VENDOR_IETF, 1, 0xffff, 1, 48);
	assert_int_equal(pb_assessment_result_decode(&b.msgs[1], &result,
						     &bad), 0);
	assert_int_equal(result, 1);
	assert_int_equal(pb_access_rec_decode(&b.msgs[2], &rec, &bad), 0);
	assert_int_equal(rec, PB_REC_ACCESS_DENIED);
	assert_int_equal(pb_reason_decode(&b.msgs[3], &rs, &bad), 0);
	assert_int_equal(rs.reason_len, strlen(reason2));
	assert_memory_equal(rs.reason, reason2, rs.reason_len);
	assert_int_equal(b.msgs[3].value_len + PB_MSG_HEADER_LEN, 50);
	pb_batch_free(&b);
	free(data);
}

/* Batch header checks, in the reference's order (pb-tnc.md section 5). */
static void test_batch_header_errors(void **state)
{
	static const uint8_t short_batch[7] = { 2, 0, 0, 1, 0, 0, 0 };
	uint8_t h[PB_BATCH_HEADER_LEN] = { 2, 0, 0, 1, 0, 0, 0, 8 };
	struct pb_batch b;
	struct pb_error err;

	expect_fail_as(short_batch, sizeof(short_batch), true,
		       PB_ERR_INVALID_PARAMETER, 0);
	expect_fail_as(short_batch, 0, true, PB_ERR_INVALID_PARAMETER, 0);
	expect_fail_as(NULL, 0, false, PB_ERR_INVALID_PARAMETER, 0);

	/* A valid empty CDATA, then one field broken at a time */
	assert_int_equal(pb_batch_parse(h, sizeof(h), true, &b, &err), 0);
	assert_int_equal(b.type, PB_BATCH_CDATA);
	assert_int_equal(b.count, 0);
	pb_batch_free(&b);

	h[0] = 1;
	expect_fail_as(h, sizeof(h), true, PB_ERR_VERSION_NOT_SUPPORTED, 0);
	assert_int_equal(pb_batch_parse(h, sizeof(h), true, &b, &err), -1);
	assert_int_equal(err.bad_version, 1);
	h[0] = 3;
	assert_int_equal(pb_batch_parse(h, sizeof(h), true, &b, &err), -1);
	assert_int_equal(err.code, PB_ERR_VERSION_NOT_SUPPORTED);
	assert_int_equal(err.bad_version, 3);
	h[0] = 2;

	/* D=1 at a server; D=0 at a client */
	h[1] = 0x80;
	expect_fail_as(h, sizeof(h), true, PB_ERR_INVALID_PARAMETER, 1);
	assert_int_equal(pb_batch_parse(h, sizeof(h), false, &b, &err), 0);
	assert_true(b.from_server);
	pb_batch_free(&b);
	h[1] = 0;
	expect_fail_as(h, sizeof(h), false, PB_ERR_INVALID_PARAMETER, 1);
	/* The reserved bits of byte 1 are ignored */
	h[1] = 0x7f;
	assert_int_equal(pb_batch_parse(h, sizeof(h), true, &b, &err), 0);
	pb_batch_free(&b);
	h[1] = 0;

	h[3] = 7;
	expect_fail_as(h, sizeof(h), true, PB_ERR_INVALID_PARAMETER, 3);
	h[3] = 15;
	expect_fail_as(h, sizeof(h), true, PB_ERR_INVALID_PARAMETER, 3);
	/* The high nibble of byte 3 is reserved: 0x16 is CLOSE */
	h[3] = 0x16;
	assert_int_equal(pb_batch_parse(h, sizeof(h), true, &b, &err), 0);
	assert_int_equal(b.type, PB_BATCH_CLOSE);
	pb_batch_free(&b);
	/* Type 0 passes the parser; the state machine rejects it */
	h[3] = 0;
	assert_int_equal(pb_batch_parse(h, sizeof(h), true, &b, &err), 0);
	assert_int_equal(b.type, PB_BATCH_NONE);
	pb_batch_free(&b);
	h[3] = 1;

	h[7] = 9;
	expect_fail_as(h, sizeof(h), true, PB_ERR_INVALID_PARAMETER, 4);
	h[7] = 7;
	expect_fail_as(h, sizeof(h), true, PB_ERR_INVALID_PARAMETER, 4);
	h[7] = 8;
	h[4] = 1;
	expect_fail_as(h, sizeof(h), true, PB_ERR_INVALID_PARAMETER, 4);
}

/* A version error wins over a direction error, which wins over type. */
static void test_batch_header_check_order(void **state)
{
	uint8_t h[PB_BATCH_HEADER_LEN] = { 1, 0x80, 0, 9, 0, 0, 0, 99 };
	struct pb_batch b;
	struct pb_error err;

	assert_int_equal(pb_batch_parse(h, sizeof(h), true, &b, &err), -1);
	assert_int_equal(err.code, PB_ERR_VERSION_NOT_SUPPORTED);
	h[0] = 2;
	expect_fail_as(h, sizeof(h), true, PB_ERR_INVALID_PARAMETER, 1);
	h[1] = 0;
	expect_fail_as(h, sizeof(h), true, PB_ERR_INVALID_PARAMETER, 3);
	h[3] = 2;
	expect_fail_as(h, sizeof(h), true, PB_ERR_INVALID_PARAMETER, 4);
}

static void test_two_step_parse(void **state)
{
	struct writer w;
	struct pb_batch b;
	struct pb_error err;
	size_t start;

	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_language(&w, "de, en");
	pb_batch_end(&w, start);
	assert_int_equal(pb_batch_parse_header(w.data, w.len, true, &b, &err),
			 0);
	assert_int_equal(b.type, PB_BATCH_CDATA);
	assert_int_equal(b.count, 0);
	assert_int_equal(pb_batch_parse_msgs(w.data, w.len, &b, &err), 0);
	assert_int_equal(b.count, 1);
	assert_int_equal(b.msgs[0].type, PB_MSG_LANGUAGE_PREFERENCE);
	assert_int_equal(b.msgs[0].offset, 8);
	pb_batch_free(&b);
	assert_null(b.msgs);
	writer_free(&w);
}

/* Message framing: header, length, reserved vendor and type. */
static void test_msg_framing_errors(void **state)
{
	static const uint8_t zeros[11] = { 0 };
	struct writer w;
	size_t start;

	/* Truncated header as the only message: offset = message start */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	writer_bytes(&w, zeros, 5);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 8);
	writer_free(&w);

	/* ... and after a good message */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_language(&w, "en");	/* 12 + 19 bytes, at 8 */
	writer_bytes(&w, zeros, 11);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 8 + 31);
	writer_free(&w);

	/* Message length beyond the batch: +8 */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_language(&w, "en");
	writer_u8(&w, 0);
	writer_u24(&w, 0x123456);
	writer_u32(&w, 1);
	writer_u32(&w, 13);	/* one byte more than present */
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 39 + 8);
	writer_free(&w);

	/* Message length below its header: +8 */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_msg(&w, 0, 0x123456, 1, NULL, 0);
	put_u32be(w.data + 8 + 8, 11);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 16);
	writer_free(&w);

	/* Reserved vendor 0xffffff: +1 */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_language(&w, "en");
	pb_write_msg(&w, 0, PB_VENDOR_RESERVED, 1, "x", 1);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 39 + 1);
	writer_free(&w);

	/* Reserved type 0xffffffff: +4, also for IETF and with NOSKIP */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_msg(&w, PB_MSG_FLAG_NOSKIP, PB_VENDOR_IETF, PB_TYPE_RESERVED,
		     NULL, 0);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 8 + 4);
	writer_free(&w);
}

static void test_unknown_messages(void **state)
{
	static const uint8_t val[3] = { 1, 2, 3 };
	struct writer w;
	struct pb_batch b;
	size_t start;

	/* Unknown with NOSKIP: Unsupported Mandatory Message at its start */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_language(&w, "en");
	pb_write_msg(&w, PB_MSG_FLAG_NOSKIP, 0x123456, 7, val, sizeof(val));
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_UNSUPPORTED_MANDATORY_MSG, 39);
	writer_free(&w);

	/* An unknown IETF type and the ITA Noskip-Test are not known either */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_msg(&w, PB_MSG_FLAG_NOSKIP, PB_VENDOR_IETF, 8, NULL, 0);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_UNSUPPORTED_MANDATORY_MSG, 8);
	writer_free(&w);
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_msg(&w, PB_MSG_FLAG_NOSKIP, PB_VENDOR_ITA,
		     PB_ITA_MSG_NOSKIP_TEST, NULL, 0);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_UNSUPPORTED_MANDATORY_MSG, 8);
	writer_free(&w);

	/* Experimental with NOSKIP is refused, without it is kept */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_experimental(&w, true, val, sizeof(val));
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_UNSUPPORTED_MANDATORY_MSG, 8);
	writer_free(&w);

	/* Unknown without NOSKIP: accepted and kept, in order */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_msg(&w, 0, 0x123456, 7, val, sizeof(val));
	pb_write_experimental(&w, false, val, 2);
	pb_write_msg(&w, 0x7f, PB_VENDOR_ITA, PB_ITA_MSG_NOSKIP_TEST, NULL, 0);
	pb_write_language(&w, "en");
	pb_batch_end(&w, start);
	parse_ok(&w, &b);
	assert_int_equal(b.count, 4);
	assert_int_equal(b.msgs[0].vendor, 0x123456);
	assert_int_equal(b.msgs[0].type, 7);
	assert_int_equal(b.msgs[0].flags, 0);
	assert_int_equal(b.msgs[0].value_len, 3);
	assert_ptr_equal(b.msgs[0].value, w.data + 8 + 12);
	assert_false(pb_msg_is_known(0x123456, 7));
	assert_null(pb_msg_name(0x123456, 7));
	assert_int_equal(b.msgs[1].type, PB_MSG_EXPERIMENTAL);
	assert_int_equal(b.msgs[1].value_len, 2);
	assert_string_equal(pb_msg_name(0, 0), "PB-Experimental");
	assert_int_equal(b.msgs[2].flags, 0x7f);
	assert_int_equal(b.msgs[2].offset, 8 + 15 + 14);
	assert_int_equal(b.msgs[3].type, PB_MSG_LANGUAGE_PREFERENCE);
	pb_batch_free(&b);
	writer_free(&w);
}

static void test_pa_errors(void **state)
{
	struct pb_pa pa = { .vendor = PB_VENDOR_IETF, .subtype = 1,
			    .collector_id = 1, .validator_id = 0xffff };
	uint8_t val[12] = { 0 };
	struct writer w;
	struct pb_batch b;
	size_t start;

	/* PB-PA without NOSKIP: Invalid Parameter at the message */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_language(&w, "en");
	pb_write_msg(&w, 0, PB_VENDOR_IETF, PB_MSG_PA, val, sizeof(val));
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 39);
	writer_free(&w);

	/* Shorter than its 12-byte PA header: length error, +8 */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_msg(&w, PB_MSG_FLAG_NOSKIP, PB_VENDOR_IETF, PB_MSG_PA, val,
		     11);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 16);
	writer_free(&w);

	/* Reserved PA vendor / subtype: the offset of the field itself */
	pa.vendor = PB_VENDOR_RESERVED;
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_pa(&w, &pa);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 8 + 12 + 1);
	writer_free(&w);
	pa.vendor = PB_VENDOR_IETF;
	pa.subtype = PB_TYPE_RESERVED;
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_pa(&w, &pa);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 8 + 12 + 4);
	writer_free(&w);

	/* An empty body is fine */
	pa.subtype = 1;
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_pa(&w, &pa);
	pb_batch_end(&w, start);
	assert_int_equal(w.len, 8 + pb_pa_size(0));
	parse_ok(&w, &b);
	assert_int_equal(b.count, 1);
	assert_int_equal(b.msgs[0].value_len, 12);
	pb_batch_free(&b);
	writer_free(&w);
}

static void test_pa_build_bytes(void **state)
{
	static const uint8_t body[3] = { 0xaa, 0xbb, 0xcc };
	static const uint8_t expect[] = {
		0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x1b,
		0x80, 0x00, 0x90, 0x2a, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x02, 0x00, 0x07, 0xaa, 0xbb, 0xcc,
	};
	struct pb_pa pa = { .flags = PB_PA_FLAG_EXCL, .vendor = PB_VENDOR_ITA,
			    .subtype = 1, .collector_id = 2,
			    .validator_id = 7, .body = body, .body_len = 3 };
	struct writer w;

	writer_init(&w);
	pb_write_pa(&w, &pa);
	assert_int_equal(w.len, sizeof(expect));
	assert_int_equal(w.len, pb_pa_size(3));
	assert_memory_equal(w.data, expect, sizeof(expect));
	writer_free(&w);
}

static void test_assessment_and_access_rec(void **state)
{
	uint8_t val[5] = { 0, 0, 0, 5, 0 };
	struct writer w;
	struct pb_batch b;
	size_t start;
	uint32_t result, bad;
	uint16_t rec;

	/* Wrong length: +8 */
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_msg(&w, PB_MSG_FLAG_NOSKIP, 0, PB_MSG_ASSESSMENT_RESULT, val,
		     5);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER, 16);
	writer_free(&w);
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_msg(&w, PB_MSG_FLAG_NOSKIP, 0, PB_MSG_ASSESSMENT_RESULT, val,
		     3);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER, 16);
	writer_free(&w);

	/* Value 5 is no evaluation result: the value's offset */
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_assessment_result(&w, 5);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER, 20);
	writer_free(&w);

	/* Without NOSKIP */
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_msg(&w, 0, 0, PB_MSG_ASSESSMENT_RESULT, val, 4);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER, 8);
	writer_free(&w);

	/* Access Recommendation code 4 and 0: offset of the code field */
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_access_rec(&w, 4);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER,
		       8 + 12 + 2);
	writer_free(&w);
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_access_rec(&w, 0);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER,
		       8 + 12 + 2);
	writer_free(&w);
	/* ... with NOSKIP, or the wrong length */
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_msg(&w, PB_MSG_FLAG_NOSKIP, 0, PB_MSG_ACCESS_RECOMMENDATION,
		     "\0\0\0\1", 4);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER, 8);
	writer_free(&w);
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_msg(&w, 0, 0, PB_MSG_ACCESS_RECOMMENDATION, "\0\0\0\1\0", 5);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER, 16);
	writer_free(&w);

	/* All good values round-trip */
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	for (result = 0; result <= 4; result++)
		pb_write_assessment_result(&w, result);
	for (rec = 1; rec <= 3; rec++)
		pb_write_access_rec(&w, rec);
	pb_batch_end(&w, start);
	assert_int_equal(w.len, 8 + 8 * 16);
	assert_int_equal(pb_batch_parse(w.data, w.len, false, &b,
					&(struct pb_error){ 0 }), 0);
	assert_int_equal(b.count, 8);
	for (result = 0; result <= 4; result++) {
		uint32_t got;

		assert_int_equal(b.msgs[result].flags, PB_MSG_FLAG_NOSKIP);
		assert_int_equal(pb_assessment_result_decode(&b.msgs[result],
							     &got, &bad), 0);
		assert_int_equal(got, result);
	}
	for (rec = 1; rec <= 3; rec++) {
		uint16_t got;

		assert_int_equal(b.msgs[4 + rec].flags, 0);
		assert_int_equal(pb_access_rec_decode(&b.msgs[4 + rec], &got,
						      &bad), 0);
		assert_int_equal(got, rec);
	}
	pb_batch_free(&b);
	writer_free(&w);
}

static void test_language_errors(void **state)
{
	struct writer w;
	size_t start;

	/* No prefix: offset of the value */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_msg(&w, 0, 0, PB_MSG_LANGUAGE_PREFERENCE, "en", 2);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 8 + 12);
	writer_free(&w);

	/* Wrong case and a missing space are no prefix either */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_msg(&w, 0, 0, PB_MSG_LANGUAGE_PREFERENCE,
		     "accept-language: en", 19);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 8 + 12);
	writer_free(&w);
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_msg(&w, 0, 0, PB_MSG_LANGUAGE_PREFERENCE,
		     "Accept-Language:en", 18);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 8 + 12);
	writer_free(&w);

	/* A trailing NUL after the prefix */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_msg(&w, 0, 0, PB_MSG_LANGUAGE_PREFERENCE,
		     "Accept-Language: en", 20);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 8 + 12 + 17);
	writer_free(&w);

	/* With NOSKIP */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_msg(&w, PB_MSG_FLAG_NOSKIP, 0, PB_MSG_LANGUAGE_PREFERENCE,
		     "Accept-Language: en", 19);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 8);
	writer_free(&w);
}

static void test_reason_string(void **state)
{
	static const uint8_t expect[] = {
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07,
		0x00, 0x00, 0x00, 0x17,
		0x00, 0x00, 0x00, 0x04, 'b', 'a', 'd', '!', 0x02, 'd', 'e',
	};
	struct pb_reason_string rs;
	struct writer w;
	struct pb_batch b;
	size_t start;
	uint32_t bad;
	uint8_t val[12];

	writer_init(&w);
	pb_write_reason(&w, (const uint8_t *)"bad!", 4,
			(const uint8_t *)"de", 2);
	assert_memory_equal(w.data, expect, sizeof(expect));
	writer_free(&w);

	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_reason(&w, (const uint8_t *)"bad!", 4,
			(const uint8_t *)"de", 2);
	pb_write_reason(&w, NULL, 0, NULL, 0);	/* 17 bytes, the minimum */
	pb_batch_end(&w, start);
	assert_int_equal(pb_batch_parse(w.data, w.len, false, &b,
					&(struct pb_error){ 0 }), 0);
	assert_int_equal(b.count, 2);
	assert_int_equal(pb_reason_decode(&b.msgs[0], &rs, &bad), 0);
	assert_int_equal(rs.reason_len, 4);
	assert_memory_equal(rs.reason, "bad!", 4);
	assert_int_equal(rs.lang_len, 2);
	assert_memory_equal(rs.lang, "de", 2);
	assert_int_equal(b.msgs[1].value_len, 5);
	assert_int_equal(pb_reason_decode(&b.msgs[1], &rs, &bad), 0);
	assert_int_equal(rs.reason_len, 0);
	assert_int_equal(rs.lang_len, 0);
	pb_batch_free(&b);
	writer_free(&w);

	/* Reason length beyond the value: offset of the length field */
	put_u32be(val, 9);
	memcpy(val + 4, "abcdefg", 7);
	val[11] = 0;
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_msg(&w, 0, 0, PB_MSG_REASON_STRING, val, 12);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER, 20);
	writer_free(&w);

	/* Language length beyond the value: offset of the language length */
	put_u32be(val, 3);
	memcpy(val + 4, "abc", 3);
	val[7] = 5;
	memcpy(val + 8, "en-u", 4);
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_msg(&w, 0, 0, PB_MSG_REASON_STRING, val, 12);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER,
		       20 + 4 + 3);
	writer_free(&w);

	/* Shorter than 17 bytes: length error */
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_msg(&w, 0, 0, PB_MSG_REASON_STRING, "\0\0\0\0", 4);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER, 16);
	writer_free(&w);

	/* A NUL inside the reason */
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_reason(&w, (const uint8_t *)"ab\0", 3, NULL, 0);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER, 20);
	writer_free(&w);
}

static void test_error_round_trip(void **state)
{
	static const uint8_t expect_ip[] = {
		0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
		0x00, 0x00, 0x00, 0x18,
		0x80, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
		0x00, 0x00, 0x04, 0xd2,
	};
	static const uint8_t expect_vns[] = {
		0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
		0x00, 0x00, 0x00, 0x18,
		0x80, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00,
		0x01, 0x02, 0x02, 0x00,
	};
	struct pb_error ip = { .code = PB_ERR_INVALID_PARAMETER,
			       .offset = 1234 };
	struct pb_error vns = { .code = PB_ERR_VERSION_NOT_SUPPORTED,
				.bad_version = 1 };
	struct pb_error umm = { .code = PB_ERR_UNSUPPORTED_MANDATORY_MSG,
				.offset = 40 };
	struct pb_error_msg e;
	struct writer w;
	struct pb_batch b;
	size_t start;
	uint32_t bad;

	writer_init(&w);
	pb_write_error(&w, &ip);
	assert_int_equal(w.len, sizeof(expect_ip));
	assert_memory_equal(w.data, expect_ip, sizeof(expect_ip));
	writer_reset(&w);
	pb_write_error(&w, &vns);
	assert_memory_equal(w.data, expect_vns, sizeof(expect_vns));
	writer_free(&w);

	/* In a CLOSE from the server, as a client receives it */
	batch_begin(&w, true, PB_BATCH_CLOSE, &start);
	pb_write_error(&w, &ip);
	pb_write_error(&w, &vns);
	pb_write_error(&w, &umm);
	pb_batch_end(&w, start);
	assert_int_equal(pb_batch_parse(w.data, w.len, false, &b,
					&(struct pb_error){ 0 }), 0);
	assert_int_equal(b.count, 3);
	assert_string_equal(pb_msg_name(b.msgs[0].vendor, b.msgs[0].type),
			    "PB-Error");

	assert_int_equal(pb_error_decode(&b.msgs[0], &e, &bad), 0);
	assert_true(e.flags & PB_ERROR_FLAG_FATAL);
	assert_int_equal(e.vendor, PB_VENDOR_IETF);
	assert_int_equal(e.code, PB_ERR_INVALID_PARAMETER);
	assert_true(e.has_offset);
	assert_false(e.has_version);
	assert_int_equal(e.offset, 1234);

	assert_int_equal(pb_error_decode(&b.msgs[1], &e, &bad), 0);
	assert_int_equal(e.code, PB_ERR_VERSION_NOT_SUPPORTED);
	assert_false(e.has_offset);
	assert_true(e.has_version);
	assert_int_equal(e.bad_version, 1);
	assert_int_equal(e.max_version, 2);
	assert_int_equal(e.min_version, 2);

	assert_int_equal(pb_error_decode(&b.msgs[2], &e, &bad), 0);
	assert_int_equal(e.code, PB_ERR_UNSUPPORTED_MANDATORY_MSG);
	assert_int_equal(e.offset, 40);
	pb_batch_free(&b);
	writer_free(&w);

	/* A non-IETF error code carries no parsed parameters */
	batch_begin(&w, true, PB_BATCH_SDATA, &start);
	pb_write_msg(&w, PB_MSG_FLAG_NOSKIP, 0, PB_MSG_ERROR,
		     "\x00\x12\x34\x56\x00\x01\x00\x00\x00\x00\x00\x09", 12);
	pb_batch_end(&w, start);
	assert_int_equal(pb_batch_parse(w.data, w.len, false, &b,
					&(struct pb_error){ 0 }), 0);
	assert_int_equal(pb_error_decode(&b.msgs[0], &e, &bad), 0);
	assert_int_equal(e.flags, 0);
	assert_int_equal(e.vendor, 0x123456);
	assert_false(e.has_offset);
	assert_false(e.has_version);
	pb_batch_free(&b);
	writer_free(&w);

	/* PB-Error without NOSKIP, and shorter than 20 bytes */
	batch_begin(&w, true, PB_BATCH_SDATA, &start);
	pb_write_msg(&w, 0, 0, PB_MSG_ERROR, "\x80\0\0\0\0\1\0\0\0\0\0\0", 12);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER, 8);
	writer_free(&w);
	batch_begin(&w, true, PB_BATCH_SDATA, &start);
	pb_write_msg(&w, PB_MSG_FLAG_NOSKIP, 0, PB_MSG_ERROR, "\x80\0\0\0", 4);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER, 16);
	writer_free(&w);
}

static void test_remediation_round_trip(void **state)
{
	static const char uri[] = "https://remediation.example.org/fix?id=1";
	static const uint8_t expect_str[] = {
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
		0x00, 0x00, 0x00, 0x20,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
		0x00, 0x00, 0x00, 0x05, 'f', 'i', 'x', ' ', 'X',
		0x02, 'e', 'n',
	};
	struct pb_remediation r;
	struct writer w;
	struct pb_batch b;
	size_t start;
	uint32_t bad;

	writer_init(&w);
	pb_write_remediation_string(&w, "fix X", "en");
	assert_int_equal(w.len, sizeof(expect_str));
	assert_memory_equal(w.data, expect_str, sizeof(expect_str));
	writer_free(&w);

	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_remediation_uri(&w, uri);
	pb_write_remediation_string(&w, "Please update the firewall", "de");
	pb_write_remediation_string(&w, "", "");
	pb_batch_end(&w, start);
	assert_int_equal(pb_batch_parse(w.data, w.len, false, &b,
					&(struct pb_error){ 0 }), 0);
	assert_int_equal(b.count, 3);
	assert_true(pb_msg_result_only(0, PB_MSG_REMEDIATION_PARAMETERS));

	assert_int_equal(b.msgs[0].flags, 0);
	assert_int_equal(pb_remediation_decode(&b.msgs[0], &r, &bad), 0);
	assert_int_equal(r.vendor, PB_VENDOR_IETF);
	assert_int_equal(r.type, PB_REMED_URI);
	assert_int_equal(r.uri_len, strlen(uri));
	assert_memory_equal(r.uri, uri, r.uri_len);
	assert_null(r.string);

	assert_int_equal(pb_remediation_decode(&b.msgs[1], &r, &bad), 0);
	assert_int_equal(r.type, PB_REMED_STRING);
	assert_int_equal(r.string_len, 26);
	assert_memory_equal(r.string, "Please update the firewall", 26);
	assert_int_equal(r.lang_len, 2);
	assert_memory_equal(r.lang, "de", 2);
	assert_null(r.uri);

	assert_int_equal(pb_remediation_decode(&b.msgs[2], &r, &bad), 0);
	assert_int_equal(r.string_len, 0);
	assert_int_equal(r.lang_len, 0);
	pb_batch_free(&b);
	writer_free(&w);

	/* An empty URI is invalid: offset of the parameters */
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_remediation_uri(&w, "");
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER,
		       8 + 12 + 8);
	writer_free(&w);

	/* A string length beyond the value */
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_remediation_string(&w, "abc", "en");
	w.data[8 + 12 + 11] = 9;
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER,
		       8 + 12 + 8);
	writer_free(&w);

	/* Another vendor's parameters are kept raw */
	batch_begin(&w, true, PB_BATCH_RESULT, &start);
	pb_write_msg(&w, 0, 0, PB_MSG_REMEDIATION_PARAMETERS,
		     "\x00\x00\x90\x2a\x00\x00\x00\x07xyz", 11);
	pb_batch_end(&w, start);
	assert_int_equal(pb_batch_parse(w.data, w.len, false, &b,
					&(struct pb_error){ 0 }), 0);
	assert_int_equal(pb_remediation_decode(&b.msgs[0], &r, &bad), 0);
	assert_int_equal(r.vendor, PB_VENDOR_ITA);
	assert_int_equal(r.type, 7);
	assert_int_equal(r.raw_len, 3);
	assert_memory_equal(r.raw, "xyz", 3);
	pb_batch_free(&b);
	writer_free(&w);
}

static void test_pdp_referral_round_trip(void **state)
{
	static const uint8_t fqdn[] = "pdp.example.org";
	static const uint8_t ipv4[4] = { 192, 0, 2, 7 };
	static const uint8_t expect_v4[] = {
		0x00, 0x00, 0x55, 0x97, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x1c,
		0x00, 0x00, 0x55, 0x97, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x01, 0x0f, 192, 0, 2, 7,
	};
	struct pb_pdp_referral in = { .id_vendor = PB_VENDOR_TCG,
				      .id_type = 0, .protocol = 0,
				      .port = 271, .id = fqdn,
				      .id_len = sizeof(fqdn) - 1 };
	struct pb_pdp_referral out;
	struct writer w;
	struct pb_batch b;
	size_t start;
	uint32_t bad;

	writer_init(&w);
	in.id_type = 1;
	in.id = ipv4;
	in.id_len = 4;
	pb_write_pdp_referral(&w, &in);
	assert_int_equal(w.len, sizeof(expect_v4));
	assert_memory_equal(w.data, expect_v4, sizeof(expect_v4));
	writer_free(&w);

	batch_begin(&w, true, PB_BATCH_SDATA, &start);
	in.id_type = 0;
	in.id = fqdn;
	in.id_len = sizeof(fqdn) - 1;
	pb_write_pdp_referral(&w, &in);
	in.id_type = 1;
	in.id = ipv4;
	in.id_len = 4;
	pb_write_pdp_referral(&w, &in);
	pb_batch_end(&w, start);
	assert_int_equal(pb_batch_parse(w.data, w.len, false, &b,
					&(struct pb_error){ 0 }), 0);
	assert_int_equal(b.count, 2);
	assert_string_equal(pb_msg_name(PB_VENDOR_TCG,
					PB_TCG_MSG_PDP_REFERRAL),
			    "PB-PDP-Referral");

	assert_int_equal(pb_pdp_referral_decode(&b.msgs[0], &out, &bad), 0);
	assert_int_equal(out.id_vendor, PB_VENDOR_TCG);
	assert_int_equal(out.id_type, 0);
	assert_int_equal(out.protocol, 0);
	assert_int_equal(out.port, 271);
	assert_int_equal(out.id_len, sizeof(fqdn) - 1);
	assert_memory_equal(out.id, fqdn, out.id_len);

	assert_int_equal(pb_pdp_referral_decode(&b.msgs[1], &out, &bad), 0);
	assert_int_equal(out.id_type, 1);
	assert_int_equal(out.port, 271);
	assert_int_equal(out.id_len, 4);
	assert_memory_equal(out.id, ipv4, 4);
	pb_batch_free(&b);
	writer_free(&w);

	/* An IPv4 identifier with a missing address byte */
	batch_begin(&w, true, PB_BATCH_SDATA, &start);
	in.id_len = 3;
	pb_write_pdp_referral(&w, &in);
	pb_batch_end(&w, start);
	expect_fail_as(w.data, w.len, false, PB_ERR_INVALID_PARAMETER,
		       8 + 12 + 8);
	writer_free(&w);
}

static void test_mutual_capability(void **state)
{
	struct writer w;
	struct pb_batch b;
	size_t start;
	uint32_t flags, bad;

	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_msg(&w, 0, PB_VENDOR_ITA, PB_ITA_MSG_MUTUAL_CAPABILITY,
		     "\x80\x00\x00\x00", 4);
	pb_batch_end(&w, start);
	parse_ok(&w, &b);
	assert_int_equal(pb_mutual_decode(&b.msgs[0], &flags, &bad), 0);
	assert_int_equal(flags, 0x80000000u);
	pb_batch_free(&b);
	writer_free(&w);

	/* Too short: length error; with NOSKIP: refused */
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_msg(&w, 0, PB_VENDOR_ITA, PB_ITA_MSG_MUTUAL_CAPABILITY,
		     "\x80", 1);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 16);
	writer_free(&w);
	batch_begin(&w, false, PB_BATCH_CDATA, &start);
	pb_write_msg(&w, PB_MSG_FLAG_NOSKIP, PB_VENDOR_ITA,
		     PB_ITA_MSG_MUTUAL_CAPABILITY, "\x80\0\0\0", 4);
	pb_batch_end(&w, start);
	expect_fail(&w, PB_ERR_INVALID_PARAMETER, 8);
	writer_free(&w);
}

static void test_names(void **state)
{
	static const char *const names[] = { "NONE", "CDATA", "SDATA",
					     "RESULT", "CRETRY", "SRETRY",
					     "CLOSE" };
	unsigned i;

	for (i = 0; i <= PB_BATCH_CLOSE; i++)
		assert_string_equal(pb_batch_type_name(i), names[i]);
	assert_string_equal(pb_batch_type_name(7), "unknown");
	assert_string_equal(pb_msg_name(0, 1), "PB-PA");
	assert_string_equal(pb_msg_name(0, 2), "PB-Assessment-Result");
	assert_string_equal(pb_msg_name(0, 3), "PB-Access-Recommendation");
	assert_string_equal(pb_msg_name(0, 7), "PB-Reason-String");
	assert_string_equal(pb_msg_name(PB_VENDOR_ITA, 1),
			    "PB-Mutual-Capability");
	assert_null(pb_msg_name(0, 8));
	assert_null(pb_msg_name(PB_VENDOR_ITA, 0));
	assert_true(pb_msg_result_only(0, PB_MSG_ASSESSMENT_RESULT));
	assert_true(pb_msg_result_only(0, PB_MSG_ACCESS_RECOMMENDATION));
	assert_false(pb_msg_result_only(0, PB_MSG_PA));
	assert_false(pb_msg_result_only(0, PB_MSG_ERROR));
	assert_false(pb_msg_result_only(0x123456, 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_parse_and_rebuild),
		cmocka_unit_test(test_vector_test_imc_imv_cdata),
		cmocka_unit_test(test_vector_test_imc_imv_sdata_cretry),
		cmocka_unit_test(test_vector_results),
		cmocka_unit_test(test_batch_header_errors),
		cmocka_unit_test(test_batch_header_check_order),
		cmocka_unit_test(test_two_step_parse),
		cmocka_unit_test(test_msg_framing_errors),
		cmocka_unit_test(test_unknown_messages),
		cmocka_unit_test(test_pa_errors),
		cmocka_unit_test(test_pa_build_bytes),
		cmocka_unit_test(test_assessment_and_access_rec),
		cmocka_unit_test(test_language_errors),
		cmocka_unit_test(test_reason_string),
		cmocka_unit_test(test_error_round_trip),
		cmocka_unit_test(test_remediation_round_trip),
		cmocka_unit_test(test_pdp_referral_round_trip),
		cmocka_unit_test(test_mutual_capability),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
