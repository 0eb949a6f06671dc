/*
 * test_pt_tls.c - unit tests of the PT-TLS message codec
 * (libtnccs/pt_tls.c): every header in the shared vectors, the values of
 * the negotiation and SASL messages the reference exchanged, byte-exact
 * rebuilding of them, and the header limits.
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
#include "pt_tls.h"
#include "vectors.h"

#define VEC_FILES 97
#define SCENARIO "test-imc-imv"

static const struct {
	const char *kind;
	uint32_t type;
} kinds[] = {
	{ "version-request", PT_TLS_VERSION_REQUEST },
	{ "version-response", PT_TLS_VERSION_RESPONSE },
	{ "sasl-mechanisms", PT_TLS_SASL_MECHS },
	{ "sasl-selection", PT_TLS_SASL_MECH_SELECTION },
	{ "sasl-result", PT_TLS_SASL_RESULT },
	{ "batch-", PT_TLS_PB_TNC_BATCH },
};

struct walk {
	unsigned files;
	char scenario[64];
	uint32_t next_id[2];	/* per direction: s2c, c2s */
};

static void check_header(const struct vec_file *f, void *arg)
{
	struct walk *wk = arg;
	struct pt_tls_header h;
	size_t i;

	if (strcmp(wk->scenario, f->scenario) != 0) {
		snprintf(wk->scenario, sizeof(wk->scenario), "%s", f->scenario);
		wk->next_id[0] = wk->next_id[1] = 0;
	}
	wk->files++;
	assert_true(f->len >= PT_TLS_HEADER_LEN);
	assert_int_equal(pt_tls_header_decode(f->data, PT_TLS_DEFAULT_MAX_MSG,
					      &h), 0);
	assert_int_equal(f->data[0], 0);
	assert_int_equal(h.vendor, 0);
	assert_int_equal(h.length, f->len);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strncmp(f->kind, kinds[i].kind, strlen(kinds[i].kind)) == 0)
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]))
		fail_msg("%s/%s: unexpected kind", f->scenario, f->name);
	assert_int_equal(h.type, kinds[i].type);
	/* The reference counts identifiers from 0 in each direction */
	assert_int_equal(h.id, wk->next_id[f->c2s]);
	wk->next_id[f->c2s]++;
}

static void test_all_headers(void **state)
{
	struct walk wk = { 0 };

	assert_int_equal(vec_each(check_header, &wk), VEC_FILES);
	assert_int_equal(wk.files, VEC_FILES);
}

static void test_header_limits(void **state)
{
	uint8_t hdr[PT_TLS_HEADER_LEN] = { 0, 0, 0, 0, 0, 0, 0, 7 };
	struct pt_tls_header h;

	put_u32be(hdr + 8, 16);
	put_u32be(hdr + 12, 0xdeadbeef);
	assert_int_equal(pt_tls_header_decode(hdr, 1000, &h), 0);
	assert_int_equal(h.length, 16);
	assert_int_equal(h.type, 7);
	assert_int_equal(h.id, 0xdeadbeef);

	put_u32be(hdr + 8, 15);
	assert_int_equal(pt_tls_header_decode(hdr, 1000, &h), -1);
	put_u32be(hdr + 8, 0);
	assert_int_equal(pt_tls_header_decode(hdr, 1000, &h), -1);
	put_u32be(hdr + 8, 1000);
	assert_int_equal(pt_tls_header_decode(hdr, 1000, &h), 0);
	put_u32be(hdr + 8, 1001);
	assert_int_equal(pt_tls_header_decode(hdr, 1000, &h), -1);
	put_u32be(hdr + 8, 0xffffffff);
	assert_int_equal(pt_tls_header_decode(hdr, PT_TLS_DEFAULT_MAX_MSG, &h),
			 -1);
	/* The largest batch the reference sends fits the default limit */
	put_u32be(hdr + 8, 2097136 + PT_TLS_HEADER_LEN);
	assert_int_equal(pt_tls_header_decode(hdr, PT_TLS_DEFAULT_MAX_MSG, &h),
			 0);

	/* Reserved byte and vendor */
	hdr[0] = 0xff;
	hdr[1] = 0x00;
	hdr[2] = 0x55;
	hdr[3] = 0x97;
	put_u32be(hdr + 8, 20);
	assert_int_equal(pt_tls_header_decode(hdr, 1000, &h), 0);
	assert_int_equal(h.vendor, 0x005597);
}

/* Loads a vector of SCENARIO; returns the value, *msg the whole message. */
static const uint8_t *load(const char *file, uint8_t **msg, size_t *len)
{
	*msg = vec_load_in(SCENARIO, file, len);
	assert_non_null(*msg);
	assert_true(*len >= PT_TLS_HEADER_LEN);
	*len -= PT_TLS_HEADER_LEN;
	return *msg + PT_TLS_HEADER_LEN;
}

static void test_version_messages(void **state)
{
	static const uint8_t req[4] = { 0, 1, 1, 1 };
	uint8_t out[4], min = 9, max = 9, pref = 9, version = 9;
	const uint8_t *v;
	uint8_t *msg;
	size_t len;

	v = load("001-c2s-version-request.hex", &msg, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(v, req, 4);
	assert_int_equal(pt_tls_version_request_decode(v, len, &min, &max,
						       &pref), 0);
	assert_int_equal(min, 1);
	assert_int_equal(max, 1);
	assert_int_equal(pref, 1);
	assert_int_equal(pt_tls_version_request_decode(v, 3, &min, &max,
						       &pref), -1);
	assert_int_equal(pt_tls_version_request_decode(v, 5, &min, &max,
						       &pref), -1);
	pt_tls_version_request_encode(out, 1, 1, 1);
	assert_memory_equal(out, req, 4);
	pt_tls_version_request_encode(out, 1, 3, 2);
	assert_int_equal(pt_tls_version_request_decode(out, 4, &min, &max,
						       &pref), 0);
	assert_int_equal(min, 1);
	assert_int_equal(max, 3);
	assert_int_equal(pref, 2);
	free(msg);

	v = load("002-s2c-version-response.hex", &msg, &len);
	assert_int_equal(len, 4);
	assert_int_equal(pt_tls_version_response_decode(v, len, &version), 0);
	assert_int_equal(version, 1);
	assert_int_equal(pt_tls_version_response_decode(v, 2, &version), -1);
	pt_tls_version_response_encode(out, 1);
	assert_memory_equal(out, v, 4);
	free(msg);
}

static void test_sasl_mechanisms(void **state)
{
	struct pt_tls_mech_list list;
	const uint8_t *v;
	uint8_t *msg;
	size_t len;

	v = load("003-s2c-sasl-mechanisms.hex", &msg, &len);
	assert_int_equal(len, 6);
	assert_int_equal(pt_tls_mechs_decode(v, len, &list), 0);
	assert_int_equal(list.count, 1);
	assert_string_equal(list.names[0], "PLAIN");
	free(msg);

	v = load("006-s2c-sasl-mechanisms.hex", &msg, &len);
	assert_int_equal(len, 0);
	list.count = 5;
	assert_int_equal(pt_tls_mechs_decode(v, len, &list), 0);
	assert_int_equal(list.count, 0);
	free(msg);

	/* Two names; the reserved bits of the length byte are ignored */
	assert_int_equal(pt_tls_mechs_decode(
		(const uint8_t *)"\x05PLAIN\xebSCRAM-SHA-1", 18, &list), 0);
	assert_int_equal(list.count, 2);
	assert_string_equal(list.names[0], "PLAIN");
	assert_string_equal(list.names[1], "SCRAM-SHA-1");

	/* Malformed: empty name, name past the end, NUL, too long */
	assert_int_equal(pt_tls_mechs_decode((const uint8_t *)"\x00", 1,
					     &list), -1);
	assert_int_equal(pt_tls_mechs_decode((const uint8_t *)"\x06PLAIN", 6,
					     &list), -1);
	assert_int_equal(pt_tls_mechs_decode((const uint8_t *)"\x05PL\0IN", 6,
					     &list), -1);
	assert_int_equal(pt_tls_mechs_decode(
		(const uint8_t *)"\x15" "ABCDEFGHIJKLMNOPQRSTU", 22, &list),
		-1);
	assert_int_equal(pt_tls_mechs_decode(
		(const uint8_t *)"\x14" "ABCDEFGHIJKLMNOPQRST", 21, &list), 0);
	assert_string_equal(list.names[0], "ABCDEFGHIJKLMNOPQRST");
}

static void test_sasl_mechanisms_many(void **state)
{
	const char *const names[9] = { "A", "B", "C", "D", "E", "F", "G", "H",
				       "I" };
	struct pt_tls_mech_list list;
	struct writer w;

	writer_init(&w);
	pt_tls_mechs_encode(&w, names, 9);
	assert_int_equal(w.len, 18);
	/* More names than the list holds: the first 8 are kept */
	assert_int_equal(pt_tls_mechs_decode(w.data, w.len, &list), 0);
	assert_int_equal(list.count, 8);
	assert_string_equal(list.names[7], "H");
	writer_free(&w);
}

static void test_sasl_selection(void **state)
{
	static const uint8_t plain_resp[17] = "\0client2\0Ar3etTnp";
	char name[PT_TLS_SASL_NAME_MAX + 1];
	const uint8_t *v, *initial;
	size_t len, initial_len;
	uint8_t *msg;

	v = load("004-c2s-sasl-selection.hex", &msg, &len);
	assert_int_equal(len, 23);
	assert_int_equal(pt_tls_selection_decode(v, len, name, &initial,
						 &initial_len), 0);
	assert_string_equal(name, "PLAIN");
	assert_int_equal(initial_len, 17);
	assert_memory_equal(initial, plain_resp, 17);
	assert_ptr_equal(initial, v + 6);
	free(msg);

	/* Without an initial response */
	assert_int_equal(pt_tls_selection_decode((const uint8_t *)"\x05PLAIN",
						 6, name, &initial,
						 &initial_len), 0);
	assert_string_equal(name, "PLAIN");
	assert_int_equal(initial_len, 0);
	assert_null(initial);
	/* No name at all */
	assert_int_equal(pt_tls_selection_decode((const uint8_t *)"", 0, name,
						 &initial, &initial_len), -1);
	assert_int_equal(pt_tls_selection_decode((const uint8_t *)"\x09PLAIN",
						 6, name, &initial,
						 &initial_len), -1);
}

static void test_sasl_result(void **state)
{
	const uint8_t *v;
	uint8_t *msg, code = 9;
	size_t len;

	/* The reference's single octet */
	v = load("005-s2c-sasl-result.hex", &msg, &len);
	assert_int_equal(len, 1);
	assert_int_equal(pt_tls_sasl_result_decode(v, len, &code), 0);
	assert_int_equal(code, PT_TLS_SASL_SUCCESS);
	free(msg);

	assert_int_equal(pt_tls_sasl_result_decode((const uint8_t *)"\x01", 1,
						   &code), 0);
	assert_int_equal(code, PT_TLS_SASL_FAILURE);
	assert_int_equal(pt_tls_sasl_result_decode((const uint8_t *)"\x03", 1,
						   &code), 0);
	assert_int_equal(code, PT_TLS_SASL_MECH_FAILURE);
	/* The RFC's two octets */
	assert_int_equal(pt_tls_sasl_result_decode((const uint8_t *)"\0\0", 2,
						   &code), 0);
	assert_int_equal(code, PT_TLS_SASL_SUCCESS);
	assert_int_equal(pt_tls_sasl_result_decode((const uint8_t *)"\0\2", 2,
						   &code), 0);
	assert_int_equal(code, PT_TLS_SASL_ABORT);
	assert_int_equal(pt_tls_sasl_result_decode((const uint8_t *)"\0\1xy",
						   4, &code), 0);
	assert_int_equal(code, PT_TLS_SASL_FAILURE);
	/* Empty and unknown codes */
	assert_int_equal(pt_tls_sasl_result_decode((const uint8_t *)"", 0,
						   &code), -1);
	assert_int_equal(pt_tls_sasl_result_decode((const uint8_t *)"\x04", 1,
						   &code), -1);
	assert_int_equal(pt_tls_sasl_result_decode((const uint8_t *)"\0\4", 2,
						   &code), -1);
}

/* Rebuilds a message; compares with the vector byte for byte. */
static void expect_vector(const char *file, const struct writer *w)
{
	uint8_t *msg;
	size_t len;

	msg = vec_load_in(SCENARIO, file, &len);
	assert_non_null(msg);
	assert_true(writer_ok(w));
	assert_int_equal(w->len, len);
	assert_memory_equal(w->data, msg, len);
	free(msg);
}

static uint32_t vector_id(const char *file)
{
	struct pt_tls_header h;
	uint8_t *msg;
	size_t len;

	msg = vec_load_in(SCENARIO, file, &len);
	assert_non_null(msg);
	assert_int_equal(pt_tls_header_decode(msg, PT_TLS_DEFAULT_MAX_MSG, &h),
			 0);
	free(msg);
	return h.id;
}

static void test_rebuild_negotiation(void **state)
{
	static const char *const plain[] = { "PLAIN" };
	static const uint8_t plain_resp[17] = "\0client2\0Ar3etTnp";
	static const uint8_t success = PT_TLS_SASL_SUCCESS;
	const char *file;
	struct writer w, v;
	uint8_t val[4];

	writer_init(&w);
	writer_init(&v);

	file = "001-c2s-version-request.hex";
	pt_tls_version_request_encode(val, 1, 1, 1);
	pt_tls_write(&w, 0, PT_TLS_VERSION_REQUEST, vector_id(file), val, 4);
	expect_vector(file, &w);
	writer_reset(&w);

	file = "002-s2c-version-response.hex";
	pt_tls_version_response_encode(val, 1);
	pt_tls_write(&w, 0, PT_TLS_VERSION_RESPONSE, vector_id(file), val, 4);
	expect_vector(file, &w);
	writer_reset(&w);

	file = "003-s2c-sasl-mechanisms.hex";
	pt_tls_mechs_encode(&v, plain, 1);
	pt_tls_write(&w, 0, PT_TLS_SASL_MECHS, vector_id(file), v.data, v.len);
	expect_vector(file, &w);
	writer_reset(&w);
	writer_reset(&v);

	file = "004-c2s-sasl-selection.hex";
	pt_tls_selection_encode(&v, "PLAIN", plain_resp, sizeof(plain_resp));
	pt_tls_write(&w, 0, PT_TLS_SASL_MECH_SELECTION, vector_id(file),
		     v.data, v.len);
	expect_vector(file, &w);
	writer_reset(&w);
	writer_reset(&v);

	file = "005-s2c-sasl-result.hex";
	pt_tls_write(&w, 0, PT_TLS_SASL_RESULT, vector_id(file), &success, 1);
	expect_vector(file, &w);
	writer_reset(&w);

	file = "006-s2c-sasl-mechanisms.hex";
	pt_tls_mechs_encode(&v, NULL, 0);
	assert_int_equal(v.len, 0);
	pt_tls_write(&w, 0, PT_TLS_SASL_MECHS, vector_id(file), NULL, 0);
	expect_vector(file, &w);

	writer_free(&w);
	writer_free(&v);
}

/* A whole batch message: header in front of the PB-TNC bytes. */
static void test_rebuild_batch_message(void **state)
{
	const char *file = "019-c2s-batch-close.hex";
	uint8_t *msg;
	size_t len;
	struct writer w;

	msg = vec_load_in(SCENARIO, file, &len);
	assert_non_null(msg);
	writer_init(&w);
	pt_tls_write(&w, 0, PT_TLS_PB_TNC_BATCH, vector_id(file),
		     msg + PT_TLS_HEADER_LEN, len - PT_TLS_HEADER_LEN);
	expect_vector(file, &w);
	writer_free(&w);
	free(msg);
}

static void test_error_round_trip(void **state)
{
	static const uint8_t offending[20] = {
		0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 20, 0, 0, 0, 5, 1, 2, 3, 4,
	};
	static const uint8_t head[8] = { 0, 0, 0, 0, 0, 0, 0, 3 };
	struct pt_tls_error e;
	struct writer w;

	writer_init(&w);
	pt_tls_error_encode(&w, PT_TLS_ERR_TYPE_NOT_SUPPORTED, offending,
			    sizeof(offending));
	assert_int_equal(w.len, 8 + sizeof(offending));
	assert_memory_equal(w.data, head, 8);
	assert_memory_equal(w.data + 8, offending, sizeof(offending));
	assert_int_equal(pt_tls_error_decode(w.data, w.len, &e), 0);
	assert_int_equal(e.vendor, 0);
	assert_int_equal(e.code, PT_TLS_ERR_TYPE_NOT_SUPPORTED);
	assert_int_equal(e.copy_len, sizeof(offending));
	assert_memory_equal(e.copy, offending, sizeof(offending));
	assert_string_equal(pt_tls_error_name(e.code), "Type Not Supported");

	/* Without a copy, and truncated */
	writer_reset(&w);
	pt_tls_error_encode(&w, PT_TLS_ERR_MALFORMED, NULL, 0);
	assert_int_equal(pt_tls_error_decode(w.data, w.len, &e), 0);
	assert_int_equal(e.code, PT_TLS_ERR_MALFORMED);
	assert_int_equal(e.copy_len, 0);
	assert_int_equal(pt_tls_error_decode(w.data, 7, &e), -1);
	writer_free(&w);

	/* A vendor-specific code */
	assert_int_equal(pt_tls_error_decode(
		(const uint8_t *)"\xff\x00\x90\x2a\x00\x00\x01\x00", 8, &e), 0);
	assert_int_equal(e.vendor, 0x00902a);
	assert_int_equal(e.code, 0x100);
}

static void test_names(void **state)
{
	assert_string_equal(pt_tls_type_name(0, PT_TLS_VERSION_REQUEST),
			    "Version Request");
	assert_string_equal(pt_tls_type_name(0, PT_TLS_PB_TNC_BATCH),
			    "PB-TNC Batch");
	assert_string_equal(pt_tls_type_name(0, PT_TLS_ERROR), "PT-TLS Error");
	assert_string_equal(pt_tls_type_name(0, 9), "unknown");
	assert_string_equal(pt_tls_type_name(1, 1), "unknown");
	assert_string_equal(pt_tls_error_name(PT_TLS_ERR_MALFORMED),
			    "Malformed Message");
	assert_string_equal(pt_tls_error_name(PT_TLS_ERR_INVALID_PARAMETER),
			    "Invalid Parameter");
	assert_string_equal(pt_tls_error_name(7), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_headers),
		cmocka_unit_test(test_header_limits),
		cmocka_unit_test(test_version_messages),
		cmocka_unit_test(test_sasl_mechanisms),
		cmocka_unit_test(test_sasl_mechanisms_many),
		cmocka_unit_test(test_sasl_selection),
		cmocka_unit_test(test_sasl_result),
		cmocka_unit_test(test_rebuild_negotiation),
		cmocka_unit_test(test_rebuild_batch_message),
		cmocka_unit_test(test_error_round_trip),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
