/*
 * test_pts_attrs.c - unit tests of the TCG PTS attribute codec (libpts/
 * tcg_*.c, attestation spec 2, 3, 3.1 and 8.1).
 *
 * Every PTS attribute of the shared attestation vectors (and of
 * attestation-quote-error up to its last PTS batch) decodes and encodes
 * back byte for byte, header included, and its fields hold what the
 * vectors' index.md and the session flow of spec 10 say. Attributes the
 * recording lacks (file metadata, directory requests, PTS errors, the
 * TPM 1.2 forms) are written here by hand from spec 3. Malformed values
 * (cut, lying lengths and counts, bad family bits, a measurement type
 * other than hash, a Simple Evidence Final with a lying length) each
 * yield the offset of the bad field.
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
#include "pa_check.h"
#include "pa_msg.h"
#include "pts_meas_algo.h"
#include "tcg_pts.h"
#include "vectors.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* ---- the PTS attributes of the recorded sessions ---- */

/* One PTS attribute as recorded: header fields and the whole attribute */
struct rec_attr {
	char scenario[32];
	unsigned number;		/* NNN of the vector file */
	uint8_t flags;
	uint32_t type;
	uint8_t *attr;			/* header + value, owned */
	size_t len;
};

static struct rec_attr recorded[64];
static size_t n_recorded;

static void collect_msg(const uint8_t *body, size_t len, void *arg,
			const char *where)
{
	const struct vec_file *f = arg;
	struct reader r;

	(void)where;
	reader_init(&r, body, len);
	reader_skip(&r, PA_TNC_MSG_HEADER_LEN);
	while (reader_ok(&r) && reader_left(&r) > 0) {
		const uint8_t *start = r.data + r.pos;
		uint8_t flags = reader_u8(&r);
		uint32_t vendor = reader_u24(&r);
		uint32_t type = reader_u32(&r);
		uint32_t alen = reader_u32(&r);
		struct rec_attr *a;

		reader_skip(&r, alen - PA_TNC_ATTR_HEADER_LEN);
		assert_true(reader_ok(&r));
		/* segmentation (0x21..0x27) belongs to libimcv/seg */
		if (vendor != PEN_TCG || !tcg_pts_attr_desc_find(type))
			continue;
		assert_true(n_recorded < COUNT(recorded));
		a = &recorded[n_recorded++];
		snprintf(a->scenario, sizeof(a->scenario), "%s", f->scenario);
		a->number = f->number;
		a->flags = flags;
		a->type = type;
		a->len = alen;
		a->attr = malloc(alen);
		assert_non_null(a->attr);
		memcpy(a->attr, start, alen);
	}
}

static void collect_file(const struct vec_file *f, void *arg)
{
	(void)arg;
	if (strncmp(f->scenario, "attestation", 11) == 0)
		each_pa_msg(f, collect_msg, (void *)f);
}

static int setup_recorded(void **state)
{
	(void)state;
	return vec_each(collect_file, NULL) > 0 ? 0 : -1;
}

static int teardown_recorded(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < n_recorded; i++)
		free(recorded[i].attr);
	n_recorded = 0;
	return 0;
}

/* The raw form of a recorded attribute; borrows from it. */
static struct pa_attr_raw raw_of(const struct rec_attr *a)
{
	return (struct pa_attr_raw){
		.flags = a->flags, .vendor = PEN_TCG, .type = a->type,
		.value = a->attr + PA_TNC_ATTR_HEADER_LEN,
		.len = (uint32_t)(a->len - PA_TNC_ATTR_HEADER_LEN),
	};
}

/* The nth (from 0) attribute of type in vector file number of attestation */
static const struct rec_attr *pick(unsigned number, uint32_t type,
				   unsigned nth)
{
	size_t i;

	for (i = 0; i < n_recorded; i++) {
		const struct rec_attr *a = &recorded[i];

		if (strcmp(a->scenario, "attestation") == 0 &&
		    a->number == number && a->type == type && nth-- == 0)
			return a;
	}
	fail_msg("no attribute 0x%08x #%u in attestation/%03u", type, nth,
		 number);
	return NULL;
}

/* Decodes the picked attribute into *out; the caller frees. */
static void decode_pick(unsigned number, uint32_t type, unsigned nth,
			struct tcg_pts_attr *out)
{
	const struct rec_attr *a = pick(number, type, nth);
	struct pa_attr_raw raw = raw_of(a);
	uint32_t offset = 0xdead;

	assert_int_equal(tcg_pts_attr_decode(&raw, out, &offset),
			 PA_DECODE_OK);
	assert_int_equal(out->flags, a->flags);
}

static void assert_hex(struct pa_bytes b, const char *hex)
{
	size_t len;
	uint8_t *want = unhex(hex, &len);

	assert_int_equal(b.len, len);
	if (len)
		assert_memory_equal(b.ptr, want, len);
	free(want);
}

/* ---- helpers for hand-written values ---- */

/*
 * Decodes hex as the value of want->type and checks both directions:
 * the decoded value encodes to the same bytes, and so does want. The
 * caller compares fields of got and then calls pts_done.
 */
struct pts_rt {
	uint8_t *bytes;
	size_t len;
	struct tcg_pts_attr got;
};

static void pts_roundtrip(struct pts_rt *rt, const struct tcg_pts_attr *want,
			  const char *hex)
{
	struct pa_attr_raw raw = { 0, PEN_TCG, want->type, NULL, 0 };
	struct writer w;
	uint32_t offset = 0xdead;

	rt->bytes = unhex(hex, &rt->len);
	raw.value = rt->bytes;
	raw.len = (uint32_t)rt->len;
	assert_int_equal(tcg_pts_attr_decode(&raw, &rt->got, &offset),
			 PA_DECODE_OK);
	writer_init(&w);
	assert_int_equal(tcg_pts_attr_encode_value(&rt->got, &w), 0);
	assert_writer_is(&w, rt->bytes, rt->len);
	writer_reset(&w);
	assert_int_equal(tcg_pts_attr_encode_value(want, &w), 0);
	assert_writer_is(&w, rt->bytes, rt->len);
	writer_free(&w);
}

static void pts_done(struct pts_rt *rt)
{
	tcg_pts_attr_free(&rt->got);
	free(rt->bytes);
}

/* hex as the value of type is malformed at offset */
static void expect_bad(uint32_t type, const char *hex, uint32_t offset,
		       const char *what)
{
	struct pa_attr_raw raw = { 0, PEN_TCG, type, NULL, 0 };
	struct tcg_pts_attr a;
	uint32_t got = 0xdead;
	size_t len;
	uint8_t *value = unhex(hex, &len);
	int rc;

	raw.value = value;
	raw.len = (uint32_t)len;
	rc = tcg_pts_attr_decode(&raw, &a, &got);
	if (rc != PA_DECODE_MALFORMED)
		fail_msg("%s: returned %d, want malformed", what, rc);
	if (got != offset)
		fail_msg("%s: offset %u, want %u", what, got, offset);
	free(value);
}

/* The encoder of want refuses it. */
static void expect_unencodable(const struct tcg_pts_attr *want)
{
	struct writer w;

	writer_init(&w);
	assert_int_equal(tcg_pts_attr_encode_value(want, &w), -1);
	writer_free(&w);
}

#define TCG(type_) .type = (type_)

/* ---- the recorded session ---- */

/* Every PTS attribute recorded decodes and re-encodes, header and all. */
static void test_vectors_roundtrip(void **state)
{
	size_t i, in_attestation = 0;

	(void)state;
	for (i = 0; i < n_recorded; i++) {
		const struct rec_attr *a = &recorded[i];
		struct pa_attr_raw raw = raw_of(a);
		struct tcg_pts_attr got;
		struct writer w;
		uint32_t offset = 0xdead;

		if (tcg_pts_attr_decode(&raw, &got, &offset) != PA_DECODE_OK)
			fail_msg("%s/%03u: %s rejected at %u", a->scenario,
				 a->number, tcg_pts_attr_name(a->type),
				 offset);
		writer_init(&w);
		assert_int_equal(tcg_pts_attr_encode(&got, &w), 0);
		assert_writer_is(&w, a->attr, a->len);
		writer_free(&w);
		tcg_pts_attr_free(&got);
		/* the libimcv codec hands them on raw (agent.h) */
		assert_false(pa_attr_is_known(PEN_TCG, a->type));
		if (strcmp(a->scenario, "attestation") == 0)
			in_attestation++;
	}
	/* index.md: 2 + 2 + 4 + 4 + 3 + 2 + 2 + 3 PTS attributes */
	assert_int_equal(in_attestation, 22);
	/* the quote-error run stops before the evidence (its 015 is empty) */
	assert_int_equal(n_recorded - in_attestation, 19);
}

/* Batch 1 (008, 009): capabilities and measurement algorithm */
static void test_vectors_discovery(void **state)
{
	struct tcg_pts_attr a;

	(void)state;
	decode_pick(8, TCG_PTS_REQ_PROTO_CAPS, 0, &a);
	assert_int_equal(a.flags, PA_ATTR_FLAG_NOSKIP);
	/* spec 4 step 3: the IMV offers V|T|D */
	assert_int_equal(a.v.proto_caps.flags, TCG_PTS_PROTO_CAPS_V |
			 TCG_PTS_PROTO_CAPS_T | TCG_PTS_PROTO_CAPS_D);
	decode_pick(8, TCG_PTS_MEAS_ALGO, 0, &a);
	assert_int_equal(a.v.meas_algo.algos, PTS_MEAS_ALGO_SHA1);
	decode_pick(9, TCG_PTS_PROTO_CAPS, 0, &a);
	assert_int_equal(a.flags, 0);
	assert_int_equal(a.v.proto_caps.flags, 0x0e);
	decode_pick(9, TCG_PTS_MEAS_ALGO_SELECTION, 0, &a);
	assert_int_equal(a.v.meas_algo.algos, PTS_MEAS_ALGO_SHA1);
	assert_int_equal(a.v.meas_algo.reserved, 0);
	assert_string_equal(tcg_pts_attr_name(TCG_PTS_MEAS_ALGO_SELECTION),
			    "TCG PTS Measurement Algorithm");
}

/* Batch 2 (010, 011): file measurements and DH parameters */
static void test_vectors_file_meas_dh(void **state)
{
	static const struct {
		uint16_t id;
		const char *path;
		const char *name;
		const char *hash;
	} files[] = {
		{ 2, "/usr/lib/x86_64-linux-gnu/libcrypto.so.3",
		  "libcrypto.so.3",
		  "3eb727592d9305a9903642e2e97342d1f1ab99ff" },
		{ 3, "/usr/lib/x86_64-linux-gnu/libssl.so.3", "libssl.so.3",
		  "a7d68a2fc16221f4f932a293ae16705ba731c54b" },
		{ 5, "/usr/bin/openssl", "openssl",
		  "59a4dae786e16768a3719c865921fa3cddf874a1" },
	};
	struct tcg_pts_attr a;
	unsigned i;

	(void)state;
	for (i = 0; i < COUNT(files); i++) {
		decode_pick(10, TCG_PTS_REQ_FILE_MEAS, i, &a);
		assert_int_equal(a.v.req_file_meas.flags, 0);
		assert_int_equal(a.v.req_file_meas.request_id, files[i].id);
		assert_int_equal(a.v.req_file_meas.delimiter, '/');
		assert_true(tcg_pts_delimiter_valid(
			a.v.req_file_meas.delimiter));
		assert_bytes(a.v.req_file_meas.path, files[i].path);

		decode_pick(11, TCG_PTS_FILE_MEAS, i, &a);
		assert_int_equal(a.v.file_meas.request_id, files[i].id);
		assert_int_equal(a.v.file_meas.meas_len, 20);
		assert_int_equal(a.v.file_meas.count, 1);
		assert_hex(a.v.file_meas.files[0].meas, files[i].hash);
		assert_bytes(a.v.file_meas.files[0].name, files[i].name);
		tcg_pts_attr_free(&a);
	}

	decode_pick(10, TCG_PTS_DH_NONCE_PARAMS_REQ, 0, &a);
	assert_int_equal(a.v.dh_nonce_params_req.min_nonce_len, 0);
	assert_int_equal(a.v.dh_nonce_params_req.dh_groups,
			 TCG_PTS_DH_GROUP_IKE2 | TCG_PTS_DH_GROUP_IKE5 |
			 TCG_PTS_DH_GROUP_IKE14 | TCG_PTS_DH_GROUP_IKE19);

	decode_pick(11, TCG_PTS_DH_NONCE_PARAMS_RESP, 0, &a);
	assert_int_equal(a.v.dh_nonce_params_resp.reserved, 0);
	assert_int_equal(a.v.dh_nonce_params_resp.nonce.len, 20);
	assert_int_equal(a.v.dh_nonce_params_resp.dh_group,
			 TCG_PTS_DH_GROUP_IKE19);
	assert_int_equal(a.v.dh_nonce_params_resp.hash_algos,
			 PTS_MEAS_ALGO_SHA1);
	assert_hex(a.v.dh_nonce_params_resp.nonce,
		   "b5b68e8cf6811e79a30661e0eb1a7087878389e0");
	/* ECP-256: X || Y, 32 bytes each, no 0x04 prefix (spec 3.1) */
	assert_int_equal(a.v.dh_nonce_params_resp.pub.len, 64);
	assert_int_equal(a.v.dh_nonce_params_resp.pub.ptr[0], 0x51);
}

/* Batch 3 (012, 013): DH Nonce Finish, TPM version, AIK */
static void test_vectors_tpm_init(void **state)
{
	struct tcg_pts_attr a;
	struct tcg_tpm_version_desc v;
	struct writer w;
	uint32_t offset = 0xdead;

	(void)state;
	decode_pick(12, TCG_PTS_DH_NONCE_FINISH, 0, &a);
	assert_int_equal(a.flags, PA_ATTR_FLAG_NOSKIP);
	assert_int_equal(a.v.dh_nonce_finish.hash_algo, PTS_MEAS_ALGO_SHA1);
	assert_int_equal(a.v.dh_nonce_finish.pub.len, 64);
	assert_int_equal(a.v.dh_nonce_finish.pub.ptr[0], 0x1f);
	/* spec 4: the IMV's nonce as long as the IMC's */
	assert_hex(a.v.dh_nonce_finish.nonce,
		   "b608b0d20fad594d66a0f2a286b430d98b7b96c9");
	decode_pick(12, TCG_PTS_GET_TPM_VERSION_INFO, 0, &a);
	assert_int_equal(a.v.reserved_req.reserved, 0);
	decode_pick(12, TCG_PTS_GET_AIK, 0, &a);
	assert_int_equal(a.v.reserved_req.reserved, 0);

	decode_pick(13, TCG_PTS_TPM_VERSION_INFO, 0, &a);
	assert_int_equal(tcg_tpm_version_parse(a.v.tpm_version_info.info, &v,
					       &offset), PA_DECODE_OK);
	assert_int_equal(v.version, TCG_TPM_VERSION_2_0);
	assert_int_equal(v.locality, 3);
	assert_int_equal(v.revision, 164);
	assert_int_equal(v.year, 2021);
	assert_memory_equal(v.manufacturer, "IBM\0", 4);
	assert_int_equal(tcg_tpm_version_locality(v.manufacturer), 3);
	/* built again, the 2.0 form is the recorded structure */
	writer_init(&w);
	assert_int_equal(tcg_tpm_version_build_2_0(&v, &w), 0);
	assert_writer_is(&w, a.v.tpm_version_info.info.ptr,
			 a.v.tpm_version_info.info.len);
	writer_free(&w);

	decode_pick(13, TCG_PTS_AIK, 0, &a);
	assert_int_equal(a.v.aik.flags, TCG_PTS_AIK_FLAG_NAKED);
	/* DER SubjectPublicKeyInfo of an RSA-2048 key: SEQUENCE of 290 */
	assert_int_equal(a.v.aik.blob.len, 294);
	assert_memory_equal(a.v.aik.blob.ptr, "\x30\x82\x01\x22", 4);
}

/* Batch 4 (014): what the IMV asks for; spec 3.2 TPMRA letter T */
static void test_vectors_evidence_request(void **state)
{
	struct tcg_pts_comp_name tboot = {
		.vendor = PEN_ITA, .qualifier = TCG_PTS_QUALIFIER_KERNEL |
						TCG_PTS_QUALIFIER_TRUSTED,
		.name = TCG_PTS_COMP_ITA_TBOOT,
	};
	struct tcg_pts_comp_name any = { .vendor = PEN_ITA,
		.name = TCG_PTS_COMP_ITA_TBOOT };
	struct tcg_pts_attr a;
	const struct tcg_comp_evid_req *c;

	(void)state;
	decode_pick(14, TCG_PTS_REQ_FUNC_COMP_EVID, 0, &a);
	assert_int_equal(a.v.req_func_comp_evid.count, 1);
	c = &a.v.req_func_comp_evid.comps[0];
	assert_int_equal(c->flags, TCG_PTS_REQ_EVID_PCR);
	assert_int_equal(c->depth, 0);
	assert_int_equal(c->name.vendor, PEN_ITA);
	assert_int_equal(c->name.family, 0);
	assert_int_equal(c->name.qualifier, 0x21);
	assert_int_equal(c->name.name, TCG_PTS_COMP_ITA_TBOOT);
	assert_true(tcg_pts_comp_name_equal(&c->name, &tboot));
	/* qualifier 0 matches any, another qualifier does not */
	assert_true(tcg_pts_comp_name_equal(&any, &c->name));
	any.qualifier = 0x22;
	assert_false(tcg_pts_comp_name_equal(&any, &c->name));
	tcg_pts_attr_free(&a);

	decode_pick(14, TCG_PTS_GEN_ATTEST_EVID, 0, &a);
	assert_int_equal(a.flags, PA_ATTR_FLAG_NOSKIP);
	assert_int_equal(a.v.reserved_req.reserved, 0);
}

/* Batch 4 (015): the TBOOT evidence of PCR 17 and 18 and the quote */
static void test_vectors_evidence(void **state)
{
	static const char ff20[] = "ffffffffffffffffffffffffffffffffffffffff";
	struct tcg_pts_attr a;
	const struct tcg_simple_comp_evid *e = &a.v.simple_comp_evid;
	const struct tcg_simple_evid_final *f = &a.v.simple_evid_final;
	unsigned i;

	(void)state;
	for (i = 0; i < 2; i++) {
		decode_pick(15, TCG_PTS_SIMPLE_COMP_EVID, i, &a);
		assert_int_equal(e->flags, TCG_PTS_EVID_FLAG_PCR |
			TCG_PTS_VALIDATION_NONE);
		assert_int_equal(e->depth, 0);
		assert_int_equal(e->name.vendor, PEN_ITA);
		assert_int_equal(e->name.qualifier, 0x21);
		assert_int_equal(e->name.name, TCG_PTS_COMP_ITA_TBOOT);
		assert_int_equal(e->pcr, 17 + i);
		assert_int_equal(e->hash_algo, PTS_MEAS_ALGO_SHA1);
		assert_int_equal(e->transform, TCG_PTS_PCR_TRANSFORM_MATCH);
		assert_bytes(e->time, "2026-11-22T06:34:03Z");
		assert_int_equal(e->policy_uri.len, 0);
		assert_hex(e->pcr_before, ff20);
		assert_hex(e->pcr_after, ff20);
		assert_hex(e->measurement, i == 0 ?
			   "000102030405060708090a0b0c0d0e0f10111213" :
			   "131211100f0e0d0c0b0a09080706050403020100");
	}

	decode_pick(15, TCG_PTS_SIMPLE_EVID_FINAL, 0, &a);
	assert_int_equal(tcg_simple_evid_final_mode(f->flags),
			 TCG_PTS_QUOTE_TPM2);
	assert_int_equal(f->flags & TCG_PTS_EVID_FINAL_FLAG_SIG, 0);
	/* the signature's hash (spec 8.2), not the SHA-1 bank */
	assert_int_equal(f->comp_hash_algo, PTS_MEAS_ALGO_SHA256);
	assert_hex(f->pcr_comp, "6ecd0f0bd7cf53c56d2129820911a26f"
		   "815949eee418ca46b4f3d7a80cd969a7");
	assert_int_equal(f->qualified_signer.len, 34);
	assert_memory_equal(f->qualified_signer.ptr, "\x00\x0b\x09\x17", 4);
	/* clock 0xb3851, resetCount 3, restartCount 0, safe 1 */
	assert_hex(f->clock_info, "00000000000b3851 00000003 00000000 01");
	assert_hex(f->firmware_version, "2019102300163636");
	/* one bank, SHA-1, 3 bytes of select: PCR 17 and 18 */
	assert_hex(f->pcr_select, "00000001 0004 03 000006");
	assert_int_equal(f->quote_sig.len, 256);
	assert_int_equal(f->quote_sig.ptr[0], 0x72);
	assert_int_equal(f->quote_sig.ptr[255], 0xb9);
	assert_int_equal(f->evid_sig.len, 0);
}

/* ---- hand-written values (spec 3) ---- */

static void test_names(void **state)
{
	size_t i;

	(void)state;
	assert_string_equal(tcg_pts_attr_name(TCG_PTS_SIMPLE_EVID_FINAL),
			    "TCG Simple Evidence Final");
	assert_string_equal(tcg_pts_attr_name(TCG_PTS_WIN_FILE_META),
			    "TCG Windows-Style File Metadata");
	assert_null(tcg_pts_attr_name(0x21));
	assert_true(tcg_pts_attr_is_known(PEN_TCG, TCG_PTS_AIK));
	assert_false(tcg_pts_attr_is_known(PEN_ITA, TCG_PTS_AIK));
	assert_false(tcg_pts_attr_is_known(PEN_TCG, TCG_PTS_INTEG_REPORT));
	/* spec 2: 29 types, 19 of them decoded */
	assert_int_equal(tcg_pts_attr_table_len, 29);
	for (i = 0; i < tcg_pts_attr_table_len; i++) {
		const struct tcg_pts_attr_desc *d = &tcg_pts_attr_table[i];

		assert_ptr_equal(tcg_pts_attr_desc_find(d->type), d);
		assert_true(strncmp(d->name, "TCG ", 4) == 0);
	}
}

static void test_dh_hand(void **state)
{
	uint8_t nonce[17] = { 1, 2, 3 };
	struct tcg_pts_attr want = { TCG(TCG_PTS_DH_NONCE_PARAMS_RESP),
		.v.dh_nonce_params_resp = {
			.dh_group = TCG_PTS_DH_GROUP_IKE20,
			.hash_algos = PTS_MEAS_ALGO_SHA384,
			.nonce = { nonce, 3 }, .pub = { nonce, 2 },
		} };
	struct pts_rt rt;

	(void)state;
	pts_roundtrip(&rt, &want, "000000 03 0800 2000 010203 0102");
	assert_hex(rt.got.v.dh_nonce_params_resp.pub, "0102");
	pts_done(&rt);

	/* no public value at all is a valid layout; policy judges it */
	want.v.dh_nonce_params_resp.pub.len = 0;
	pts_roundtrip(&rt, &want, "000000 03 0800 2000 010203");
	pts_done(&rt);

	want = (struct tcg_pts_attr){ TCG(TCG_PTS_DH_NONCE_FINISH),
		.v.dh_nonce_finish = { .hash_algo = PTS_MEAS_ALGO_SHA256,
				       .pub = { nonce, 1 },
				       .nonce = { nonce, 2 } } };
	pts_roundtrip(&rt, &want, "00 02 4000 01 0102");
	pts_done(&rt);

	/* a nonce of 256 bytes has no length byte */
	want.v.dh_nonce_finish.nonce.len = 256;
	expect_unencodable(&want);
	want = (struct tcg_pts_attr){ TCG(TCG_PTS_DH_NONCE_PARAMS_RESP),
		.v.dh_nonce_params_resp.nonce = { nonce, 256 } };
	expect_unencodable(&want);
}

static void test_file_meta_hand(void **state)
{
	struct tcg_unix_file files[] = {
		{ .type = TCG_PTS_FILE_REGULAR, .size = 0x1234,
		  .created = 0x6a1b80b1, .modified = 0x6a1b80b2,
		  .accessed = 0x0102030405060708ull, .owner = 0,
		  .group = 42, .name = str("tnc_config") },
		{ .type = TCG_PTS_FILE_DIRECTORY, .name = str("") },
	};
	struct tcg_pts_attr want = { TCG(TCG_PTS_REQ_FILE_META),
		.v.req_file_meta = { .flags = TCG_PTS_FILE_FLAG_DIRECTORY,
				     .delimiter = '/',
				     .path = str("/etc") } };
	struct pts_rt rt;
	const struct tcg_unix_file *got;

	(void)state;
	pts_roundtrip(&rt, &want, "80 2f 0000 2f657463");
	assert_int_equal(rt.got.v.req_file_meta.flags, 0x80);
	assert_int_equal(rt.got.v.req_file_meta.delimiter, '/');
	assert_bytes(rt.got.v.req_file_meta.path, "/etc");
	pts_done(&rt);

	want = (struct tcg_pts_attr){ TCG(TCG_PTS_UNIX_FILE_META),
		.v.unix_file_meta = { .count = 2, .files = files } };
	pts_roundtrip(&rt, &want,
		"0000000000000002"
		"003e 08 00 0000000000001234 000000006a1b80b1"
		" 000000006a1b80b2 0102030405060708 0000000000000000"
		" 000000000000002a 746e635f636f6e666967"
		"0034 04 00 0000000000000000 0000000000000000"
		" 0000000000000000 0000000000000000 0000000000000000"
		" 0000000000000000");
	assert_int_equal(rt.got.v.unix_file_meta.count, 2);
	got = rt.got.v.unix_file_meta.files;
	assert_int_equal(got[0].type, TCG_PTS_FILE_REGULAR);
	assert_int_equal(got[0].size, 0x1234);
	assert_int_equal(got[0].modified, 0x6a1b80b2);
	assert_true(got[0].accessed == 0x0102030405060708ull);
	assert_int_equal(got[0].group, 42);
	assert_bytes(got[0].name, "tnc_config");
	assert_int_equal(got[1].type, TCG_PTS_FILE_DIRECTORY);
	assert_int_equal(got[1].name.len, 0);
	pts_done(&rt);

	want.v.unix_file_meta.count = 0;
	pts_roundtrip(&rt, &want, "0000000000000000");
	pts_done(&rt);
}

static void test_file_meas_hand(void **state)
{
	struct tcg_file_meas_entry files[] = {
		{ { (const uint8_t *)"\xaa\xbb", 2 }, str("a") },
		{ { (const uint8_t *)"\xcc\xdd", 2 }, str("bc") },
	};
	struct tcg_pts_attr want = { TCG(TCG_PTS_REQ_FILE_MEAS),
		.v.req_file_meas = { .flags = TCG_PTS_FILE_FLAG_DIRECTORY,
				     .request_id = 0xbeef,
				     .delimiter = '\\',
				     .path = str("C:\\x") } };
	struct pts_rt rt;

	(void)state;
	pts_roundtrip(&rt, &want, "80 00 beef 0000005c 433a5c78");
	assert_true(tcg_pts_delimiter_valid(rt.got.v.req_file_meas.delimiter));
	pts_done(&rt);
	/* any delimiter decodes; the IMC answers a bad one with error 10 */
	want.v.req_file_meas.delimiter = ':';
	pts_roundtrip(&rt, &want, "80 00 beef 0000003a 433a5c78");
	assert_false(tcg_pts_delimiter_valid(':'));
	pts_done(&rt);

	want = (struct tcg_pts_attr){ TCG(TCG_PTS_FILE_MEAS),
		.v.file_meas = { .request_id = 7, .meas_len = 2, .count = 2,
				 .files = files } };
	pts_roundtrip(&rt, &want, "0000000000000002 0007 0002"
		      " aabb 0001 61 ccdd 0002 6263");
	assert_int_equal(rt.got.v.file_meas.count, 2);
	assert_bytes(rt.got.v.file_meas.files[1].name, "bc");
	pts_done(&rt);

	/* spec 3: no files, measurement length 0 */
	want.v.file_meas = (struct tcg_file_meas){ .request_id = 7 };
	pts_roundtrip(&rt, &want, "0000000000000000 0007 0000");
	pts_done(&rt);

	/* every measurement must have the announced length */
	want.v.file_meas = (struct tcg_file_meas){ .request_id = 7,
		.meas_len = 3, .count = 2, .files = files };
	expect_unencodable(&want);
}

static void test_comp_evid_hand(void **state)
{
	struct tcg_comp_evid_req comps[] = {
		{ .flags = TCG_PTS_REQ_EVID_PCR, .name = { PEN_ITA, 0, 0x21,
			TCG_PTS_COMP_ITA_IMA } },
		{ .flags = TCG_PTS_REQ_EVID_PCR, .name = { PEN_ITA, 0, 0x22,
			TCG_PTS_COMP_ITA_IMA } },
	};
	struct tcg_pts_attr want = { TCG(TCG_PTS_REQ_FUNC_COMP_EVID),
		.v.req_func_comp_evid = { .count = 2, .comps = comps } };
	struct pts_rt rt;

	(void)state;
	/* TPMRA letters B and I (spec 3.2) */
	pts_roundtrip(&rt, &want, "10000000 00902a 21 00000003"
		      " 10000000 00902a 22 00000003");
	assert_int_equal(rt.got.v.req_func_comp_evid.comps[1].name.qualifier,
			 0x22);
	pts_done(&rt);

	/* a family other than binary enumeration cannot be built */
	comps[1].name.family = 1;
	expect_unencodable(&want);
	comps[1].name.family = 0;
	comps[1].name.qualifier = 0x40;
	expect_unencodable(&want);

	/* an IMA file evidence: validation passed with a policy URI, no PCRs */
	want = (struct tcg_pts_attr){ TCG(TCG_PTS_SIMPLE_COMP_EVID),
		.v.simple_comp_evid = {
			.flags = TCG_PTS_VALIDATION_PASSED,
			.name = { PEN_ITA, 0, 0x22, TCG_PTS_COMP_ITA_IMA },
			.pcr = 10, .hash_algo = PTS_MEAS_ALGO_SHA256,
			.transform = TCG_PTS_PCR_TRANSFORM_MATCH,
			.time = str("0000-00-00T00:00:00Z"),
			.policy_uri = str("sha256:/usr/bin/bash"),
			.measurement = { (const uint8_t *)"\x01\x02", 2 },
		} };
	pts_roundtrip(&rt, &want, "60 000000 00902a 22 00000003"
		" 80 00000a 4000 01 00"
		" 303030302d30302d30305430303a30303a30305a"
		" 0014 7368613235363a2f7573722f62696e2f62617368 0102");
	assert_bytes(rt.got.v.simple_comp_evid.policy_uri,
		     "sha256:/usr/bin/bash");
	assert_hex(rt.got.v.simple_comp_evid.measurement, "0102");
	assert_int_equal(rt.got.v.simple_comp_evid.pcr_before.len, 0);
	pts_done(&rt);

	/* validation "unable" carries no URI */
	want.v.simple_comp_evid.flags = TCG_PTS_VALIDATION_UNABLE;
	want.v.simple_comp_evid.policy_uri = str("");
	pts_roundtrip(&rt, &want, "20 000000 00902a 22 00000003"
		" 80 00000a 4000 01 00"
		" 303030302d30302d30305430303a30303a30305a 0102");
	pts_done(&rt);

	/* PCR before and after of different lengths cannot be built */
	want.v.simple_comp_evid.flags = TCG_PTS_EVID_FLAG_PCR;
	want.v.simple_comp_evid.pcr_before = str("ab");
	want.v.simple_comp_evid.pcr_after = str("a");
	expect_unencodable(&want);
}

static void test_evid_final_hand(void **state)
{
	struct tcg_pts_attr want = { TCG(TCG_PTS_SIMPLE_EVID_FINAL),
		.v.simple_evid_final = { .flags = 0 } };
	struct pts_rt rt;

	(void)state;
	/* no quote */
	pts_roundtrip(&rt, &want, "00 00 0000");
	pts_done(&rt);

	/* no quote, an evidence signature */
	want.v.simple_evid_final.flags = TCG_PTS_EVID_FINAL_FLAG_SIG;
	want.v.simple_evid_final.evid_sig = str("sig");
	pts_roundtrip(&rt, &want, "20 00 0000 736967");
	assert_bytes(rt.got.v.simple_evid_final.evid_sig, "sig");
	pts_done(&rt);

	/* TPM 1.2 TPM_QUOTE_INFO2: composite and signature only */
	want.v.simple_evid_final = (struct tcg_simple_evid_final){
		.flags = TCG_PTS_QUOTE_INFO2,
		.comp_hash_algo = PTS_MEAS_ALGO_SHA1,
		.pcr_comp = str("pc"), .quote_sig = str("qs") };
	pts_roundtrip(&rt, &want, "80 00 8000 00000002 7063 00000002 7173");
	assert_int_equal(tcg_simple_evid_final_mode(
		rt.got.v.simple_evid_final.flags), TCG_PTS_QUOTE_INFO2);
	assert_int_equal(rt.got.v.simple_evid_final.clock_info.len, 0);
	pts_done(&rt);

	/* TPM 2.0 with a clockInfo of the wrong size cannot be built */
	want.v.simple_evid_final.flags = TCG_PTS_QUOTE_TPM2;
	want.v.simple_evid_final.clock_info = str("short");
	want.v.simple_evid_final.firmware_version = str("12345678");
	expect_unencodable(&want);
	/* nor a quote mode spec 8.1 does not define */
	want.v.simple_evid_final.flags = 0x50;
	expect_unencodable(&want);
}

static void test_tpm_version_forms(void **state)
{
	struct tcg_tpm_version_desc v = { .version = TCG_TPM_VERSION_2_0,
		.locality = 0, .revision = 116, .year = 2016,
		.manufacturer = "INTC" };
	struct pa_bytes info;
	struct writer w;
	size_t len;
	uint8_t *bytes;
	uint32_t offset = 0xdead;

	(void)state;
	writer_init(&w);
	assert_int_equal(tcg_tpm_version_build_2_0(&v, &w), 0);
	bytes = unhex("0200 00 00 00000074 000007e0 494e5443", &len);
	assert_writer_is(&w, bytes, len);
	free(bytes);
	writer_free(&w);
	/* spec 3.1: Intel PTT starts in locality 0 */
	assert_int_equal(tcg_tpm_version_locality(v.manufacturer), 0);

	/* TPM 1.2 TPM_CAP_VERSION_INFO, 2 vendor specific bytes */
	bytes = unhex("0030 01 02 03 45 0002 03 49465800 0002 abcd", &len);
	info = (struct pa_bytes){ bytes, len };
	assert_int_equal(tcg_tpm_version_parse(info, &v, &offset),
			 PA_DECODE_OK);
	assert_int_equal(v.version, TCG_TPM_VERSION_1_2);
	assert_int_equal(v.major, 1);
	assert_int_equal(v.minor, 2);
	assert_int_equal(v.rev_major, 3);
	assert_int_equal(v.rev_minor, 0x45);
	assert_int_equal(v.spec_level, 2);
	assert_int_equal(v.errata_rev, 3);
	assert_memory_equal(v.vendor_id, "IFX\0", 4);
	assert_hex(v.vendor_specific, "abcd");

	/* the vendor specific size lies */
	info.len--;
	assert_int_equal(tcg_tpm_version_parse(info, &v, &offset),
			 PA_DECODE_MALFORMED);
	assert_int_equal(offset, 13);
	/* cut inside the fixed part: the first missing byte */
	info.len = 10;
	assert_int_equal(tcg_tpm_version_parse(info, &v, &offset),
			 PA_DECODE_MALFORMED);
	assert_int_equal(offset, 10);
	free(bytes);

	/* 2.0: one byte short, one too many, unknown tag */
	bytes = unhex("0200 00 03 000000a4 000007e5 49424d00 ff", &len);
	info = (struct pa_bytes){ bytes, 15 };
	assert_int_equal(tcg_tpm_version_parse(info, &v, &offset),
			 PA_DECODE_MALFORMED);
	assert_int_equal(offset, 15);
	info.len = 17;
	assert_int_equal(tcg_tpm_version_parse(info, &v, &offset),
			 PA_DECODE_MALFORMED);
	assert_int_equal(offset, 16);
	bytes[1] = 0x01;
	info.len = 16;
	assert_int_equal(tcg_tpm_version_parse(info, &v, &offset),
			 PA_DECODE_MALFORMED);
	assert_int_equal(offset, 0);
	info.len = 1;
	assert_int_equal(tcg_tpm_version_parse(info, &v, &offset),
			 PA_DECODE_MALFORMED);
	assert_int_equal(offset, 0);
	free(bytes);
}

/* ---- PTS errors (spec 3.1) ---- */

/* e written as a whole attribute is hex; decoded back it is e again */
static void expect_error(const struct tcg_pts_error *e, const char *hex,
			 const char *line)
{
	struct writer w;
	struct pa_attr_raw raw = { 0, PEN_IETF, IETF_ATTR_PA_TNC_ERROR,
				   NULL, 0 };
	struct pa_attr a;
	struct tcg_pts_error got;
	uint32_t offset = 0xdead;
	uint8_t *want;
	size_t len;
	char buf[128];

	want = unhex(hex, &len);
	writer_init(&w);
	assert_int_equal(tcg_pts_error_write(e, &w), 0);
	assert_writer_is(&w, want, len);
	writer_free(&w);

	raw.value = want + PA_TNC_ATTR_HEADER_LEN;
	raw.len = (uint32_t)(len - PA_TNC_ATTR_HEADER_LEN);
	assert_int_equal(pa_attr_decode(&raw, &a, &offset), PA_DECODE_OK);
	assert_int_equal(tcg_pts_error_decode(&a.v.pa_tnc_error, &got,
					      &offset), PA_DECODE_OK);
	assert_int_equal(got.code, e->code);
	assert_int_equal(got.bits, e->bits);
	assert_int_equal(got.min_nonce_len, e->min_nonce_len);
	assert_int_equal(got.max_nonce_len, e->max_nonce_len);
	assert_int_equal(got.request.len, e->request.len);
	if (e->request.len)
		assert_memory_equal(got.request.ptr, e->request.ptr,
				    e->request.len);
	assert_string_equal(tcg_pts_error_format(&got, buf, sizeof(buf)),
			    line);
	pa_attr_free(&a);
	free(want);
}

static void test_pts_errors(void **state)
{
	/* the request of 010 for libssl.so.3 as the IMC would echo it */
	const char req_hex[] = "00000003 0000002f 2f7573722f6c6962";
	size_t req_len;
	uint8_t *req = unhex(req_hex, &req_len);
	struct tcg_pts_error e = { .code = TCG_PTS_HASH_ALG_NOT_SUPPORTED,
				   .bits = PTS_MEAS_ALGO_SHA1 |
					   PTS_MEAS_ALGO_SHA256 };
	char hex[256];

	(void)state;
	expect_error(&e, "00 000000 00000008 00000018"
		     " 00 005597 00000001 0000 c000",
		     "PTS error 'hash algorithm not supported' "
		     "(supported 0xc000)");
	e = (struct tcg_pts_error){ .code = TCG_PTS_DH_GRPS_NOT_SUPPORTED,
				    .bits = TCG_PTS_DH_GROUP_IKE19 };
	expect_error(&e, "00 000000 00000008 00000018"
		     " 00 005597 00000006 0000 1000",
		     "PTS error 'DH groups not supported' (supported 0x1000)");
	e = (struct tcg_pts_error){ .code = TCG_PTS_BAD_NONCE_LENGTH,
				    .min_nonce_len = TCG_PTS_NONCE_MIN_LEN,
				    .max_nonce_len = TCG_PTS_NONCE_MAX_LEN };
	expect_error(&e, "00 000000 00000008 00000018"
		     " 00 005597 00000007 0011 ffff",
		     "PTS error 'bad nonce length' (nonce length 17..65535)");
	e = (struct tcg_pts_error){ .code = TCG_PTS_FILE_NOT_FOUND,
				    .request = { req, req_len } };
	snprintf(hex, sizeof(hex), "00 000000 00000008 00000024"
		 " 00 005597 00000003 %s", req_hex);
	expect_error(&e, hex, "PTS error 'file not found' "
		     "(request of 16 bytes)");
	e.code = TCG_PTS_INVALID_DELIMITER;
	snprintf(hex, sizeof(hex), "00 000000 00000008 00000024"
		 " 00 005597 0000000a %s", req_hex);
	expect_error(&e, hex, "PTS error 'invalid delimiter' "
		     "(request of 16 bytes)");
	e = (struct tcg_pts_error){ .code = TCG_PTS_UNABLE_DET_TTC };
	expect_error(&e, "00 000000 00000008 00000014 00 005597 0000000f",
		     "PTS error 'unable to determine TTC'");
	free(req);

	assert_string_equal(tcg_pts_error_name(TCG_PTS_TPM_VERS_NOT_SUPPORTED),
			    "TPM version not supported");
	assert_null(tcg_pts_error_name(17));
	/* no code 0 or 17 */
	{
		struct writer w;

		writer_init(&w);
		e = (struct tcg_pts_error){ .code = 17 };
		assert_int_equal(tcg_pts_error_write(&e, &w), -1);
		e.code = 0;
		assert_int_equal(tcg_pts_error_write(&e, &w), -1);
		assert_int_equal(w.len, 0);
		writer_free(&w);
	}
}

static void test_pts_errors_bad(void **state)
{
	struct ietf_pa_tnc_error pe = { .err = { .vendor = PEN_TCG,
						 .code = 1 } };
	struct tcg_pts_error got;
	uint32_t offset = 0xdead;

	(void)state;
	/* code 1 with 3 bytes of information, then with 5 */
	pe.info = (struct pa_bytes){ (const uint8_t *)"\0\0\x80", 3 };
	assert_int_equal(tcg_pts_error_decode(&pe, &got, &offset),
			 PA_DECODE_MALFORMED);
	assert_int_equal(offset, 8);
	pe.err.code = TCG_PTS_BAD_NONCE_LENGTH;
	pe.info = (struct pa_bytes){ (const uint8_t *)"\0\x11\xff\xff\0", 5 };
	assert_int_equal(tcg_pts_error_decode(&pe, &got, &offset),
			 PA_DECODE_MALFORMED);
	assert_int_equal(offset, 12);
	/* not a PTS error */
	pe.err.vendor = PEN_IETF;
	assert_int_equal(tcg_pts_error_decode(&pe, &got, &offset),
			 PA_DECODE_UNKNOWN);
	pe.err = (struct pa_error){ .vendor = PEN_TCG, .code = 99 };
	assert_int_equal(tcg_pts_error_decode(&pe, &got, &offset),
			 PA_DECODE_UNKNOWN);
}

/* ---- malformed values ---- */

#define SCE_HEAD "80 000000 00902a 21 00000002 80 000011 8000 01 00"
#define SCE_TIME " 323032362d31312d32325430363a33343a30335a"

static void test_malformed_fixed(void **state)
{
	(void)state;
	expect_bad(TCG_PTS_REQ_PROTO_CAPS, "000000", 0, "caps cut");
	expect_bad(TCG_PTS_PROTO_CAPS, "0000000e00", 0, "caps long");
	expect_bad(TCG_PTS_MEAS_ALGO, "000080", 0, "algo cut");
	expect_bad(TCG_PTS_MEAS_ALGO_SELECTION, "0000c000", 2,
		   "selection of two");
	expect_bad(TCG_PTS_MEAS_ALGO_SELECTION, "00000000", 2,
		   "selection of none");
	expect_bad(TCG_PTS_DH_NONCE_PARAMS_REQ, "0000f0", 0, "dh req cut");
	expect_bad(TCG_PTS_GET_TPM_VERSION_INFO, "", 0, "get version empty");
	expect_bad(TCG_PTS_GET_AIK, "0000000000", 0, "get aik long");
	expect_bad(TCG_PTS_GEN_ATTEST_EVID, "00", 0, "gen evid cut");
	expect_bad(TCG_PTS_AIK, "", 0, "aik empty");
	expect_bad(TCG_PTS_REQ_FILE_META, "802f00", 0, "file meta req cut");
	expect_bad(TCG_PTS_REQ_FILE_MEAS, "80000002000000", 0,
		   "file meas req cut");
}

static void test_malformed_dh(void **state)
{
	(void)state;
	expect_bad(TCG_PTS_DH_NONCE_PARAMS_RESP, "000000 14 1000 80", 0,
		   "dh resp cut");
	/* nonce length 21 with 20 bytes left */
	expect_bad(TCG_PTS_DH_NONCE_PARAMS_RESP, "000000 15 1000 8000"
		   " 0102030405060708090a0b0c0d0e0f1011121314", 3,
		   "dh resp lying nonce length");
	expect_bad(TCG_PTS_DH_NONCE_FINISH, "00 14 80", 0, "finish cut");
	expect_bad(TCG_PTS_DH_NONCE_FINISH, "00 14 8000 0102030405", 1,
		   "finish lying nonce length");
}

static void test_malformed_comp_evid(void **state)
{
	(void)state;
	expect_bad(TCG_PTS_REQ_FUNC_COMP_EVID, "", 0, "comp req empty");
	expect_bad(TCG_PTS_REQ_FUNC_COMP_EVID,
		   "10000000 00902a 21 00000002 10", 0, "comp req partial");
	/* family 1 (bits 0x40) in the first entry, family 2 in the second */
	expect_bad(TCG_PTS_REQ_FUNC_COMP_EVID, "10000000 00902a 61 00000002",
		   7, "comp req family");
	expect_bad(TCG_PTS_REQ_FUNC_COMP_EVID, "10000000 00902a 21 00000002"
		   " 10000000 00902a a1 00000002", 19, "comp req family 2");

	expect_bad(TCG_PTS_SIMPLE_COMP_EVID, SCE_HEAD, 0, "evidence cut");
	expect_bad(TCG_PTS_SIMPLE_COMP_EVID,
		   "80 000000 00902a e1 00000002 80 000011 8000 01 00"
		   SCE_TIME, 7, "evidence family");
	expect_bad(TCG_PTS_SIMPLE_COMP_EVID,
		   "80 000000 00902a 21 00000002 00 000011 8000 01 00"
		   SCE_TIME, 12, "measurement type 0");
	expect_bad(TCG_PTS_SIMPLE_COMP_EVID,
		   "80 000000 00902a 21 00000002 81 000011 8000 01 00"
		   SCE_TIME, 12, "measurement type 0x81");
	expect_bad(TCG_PTS_SIMPLE_COMP_EVID,
		   "80 000000 00902a 21 00000002 80 000011 8000 04 00"
		   SCE_TIME, 18, "pcr transform 4");
	expect_bad(TCG_PTS_SIMPLE_COMP_EVID, SCE_HEAD
		   " 323032362d31312d32322030363a33343a30335a", 20,
		   "time with a space");
	/* PCR flag: length 2 says 4 bytes, 3 follow */
	expect_bad(TCG_PTS_SIMPLE_COMP_EVID, SCE_HEAD SCE_TIME " 0002 aabbcc",
		   40, "pcr length lying");
	expect_bad(TCG_PTS_SIMPLE_COMP_EVID, SCE_HEAD SCE_TIME " 00", 40,
		   "pcr length cut");
	/* validation passed: URI length 5, 4 bytes */
	expect_bad(TCG_PTS_SIMPLE_COMP_EVID,
		   "60 000000 00902a 22 00000003 80 00000a 4000 01 00"
		   SCE_TIME " 0005 61626364", 40, "uri length lying");
	/* URI fine, then the PCR length lies */
	expect_bad(TCG_PTS_SIMPLE_COMP_EVID,
		   "e0 000000 00902a 22 00000003 80 00000a 4000 01 00"
		   SCE_TIME " 0001 61 0010 00", 43, "uri then pcr lying");
}

/* The recorded TPM 2.0 Simple Evidence Final with one field changed */
#define SEF_PCR "00000002 aabb"
#define SEF_SIGNER "0002 000b"
#define SEF_CLOCK "0011 00000000000b385100000003 00000000 01"
#define SEF_FW "0008 2019102300163636"
#define SEF_SEL "000a 00000001 0004 03 000006"
#define SEF_SIG "00000002 5151"

static void test_malformed_evid_final(void **state)
{
	struct tcg_pts_attr want = { TCG(TCG_PTS_SIMPLE_EVID_FINAL) };
	struct pts_rt rt;

	(void)state;
	/* the reference itself: accepted */
	want.v.simple_evid_final = (struct tcg_simple_evid_final){
		.flags = TCG_PTS_QUOTE_TPM2,
		.comp_hash_algo = PTS_MEAS_ALGO_SHA256,
		.pcr_comp = { (const uint8_t *)"\xaa\xbb", 2 },
		.qualified_signer = { (const uint8_t *)"\x00\x0b", 2 },
		.clock_info = { (const uint8_t *)"\0\0\0\0\0\x0b\x38\x51"
				"\0\0\0\x03\0\0\0\0\x01", 17 },
		.firmware_version = { (const uint8_t *)"\x20\x19\x10\x23"
				      "\x00\x16\x36\x36", 8 },
		.pcr_select = { (const uint8_t *)"\0\0\0\x01\0\x04\x03"
				"\0\0\x06", 10 },
		.quote_sig = { (const uint8_t *)"QQ", 2 },
	};
	pts_roundtrip(&rt, &want, "10 00 4000 " SEF_PCR " " SEF_SIGNER " "
		      SEF_CLOCK " " SEF_FW " " SEF_SEL " " SEF_SIG);
	pts_done(&rt);

	expect_bad(TCG_PTS_SIMPLE_EVID_FINAL, "10 00 40", 0, "final cut");
	expect_bad(TCG_PTS_SIMPLE_EVID_FINAL, "50 00 4000 " SEF_PCR, 0,
		   "final quote mode 0x50");
	/* PCR composite length 3, 2 bytes */
	expect_bad(TCG_PTS_SIMPLE_EVID_FINAL, "10 00 4000 00000003 aabb", 4,
		   "final composite lying");
	expect_bad(TCG_PTS_SIMPLE_EVID_FINAL, "10 00 4000 " SEF_PCR
		   " 0003 000b", 10, "final signer lying");
	expect_bad(TCG_PTS_SIMPLE_EVID_FINAL, "10 00 4000 " SEF_PCR " "
		   SEF_SIGNER " 0010 00000000000b385100000003 00000000", 14,
		   "final clock info of 16");
	expect_bad(TCG_PTS_SIMPLE_EVID_FINAL, "10 00 4000 " SEF_PCR " "
		   SEF_SIGNER " " SEF_CLOCK " 0007 20191023001636", 33,
		   "final firmware of 7");
	expect_bad(TCG_PTS_SIMPLE_EVID_FINAL, "10 00 4000 " SEF_PCR " "
		   SEF_SIGNER " " SEF_CLOCK " " SEF_FW " 000b 00000001 0004"
		   " 03 000006", 43, "final selection lying");
	/* the quote signature length says 256, 2 bytes follow */
	expect_bad(TCG_PTS_SIMPLE_EVID_FINAL, "10 00 4000 " SEF_PCR " "
		   SEF_SIGNER " " SEF_CLOCK " " SEF_FW " " SEF_SEL
		   " 00000100 5151", 55, "final signature lying");
	/* bytes after the signature without the evidence signature flag */
	expect_bad(TCG_PTS_SIMPLE_EVID_FINAL, "10 00 4000 " SEF_PCR " "
		   SEF_SIGNER " " SEF_CLOCK " " SEF_FW " " SEF_SEL " "
		   SEF_SIG " 99", 61, "final trailing");
	/* no quote: anything after the header is left over */
	expect_bad(TCG_PTS_SIMPLE_EVID_FINAL, "00 00 0000 00", 4,
		   "final no quote trailing");
	/* TPM 1.2 mode, signature length cut */
	expect_bad(TCG_PTS_SIMPLE_EVID_FINAL, "40 00 8000 " SEF_PCR " 0000",
		   10, "final 1.2 signature cut");
}

static void test_malformed_files(void **state)
{
	(void)state;
	expect_bad(TCG_PTS_UNIX_FILE_META, "00000000000000", 0,
		   "meta count cut");
	/* record length 51 */
	expect_bad(TCG_PTS_UNIX_FILE_META, "0000000000000001 0033 08 00"
		   " 0000000000000000 0000000000000000 0000000000000000"
		   " 0000000000000000 0000000000000000 0000000000000000", 8,
		   "meta record length 51");
	/* record length 53, 52 bytes */
	expect_bad(TCG_PTS_UNIX_FILE_META, "0000000000000001 0035 08 00"
		   " 0000000000000000 0000000000000000 0000000000000000"
		   " 0000000000000000 0000000000000000 0000000000000000", 8,
		   "meta record length lying");
	/* count 2, one record */
	expect_bad(TCG_PTS_UNIX_FILE_META, "0000000000000002 0034 08 00"
		   " 0000000000000000 0000000000000000 0000000000000000"
		   " 0000000000000000 0000000000000000 0000000000000000", 60,
		   "meta count lying");
	/* count 2^64 - 1 and nothing */
	expect_bad(TCG_PTS_UNIX_FILE_META, "ffffffffffffffff", 8,
		   "meta count huge");
	/* count 0 and a byte */
	expect_bad(TCG_PTS_UNIX_FILE_META, "0000000000000000 00", 8,
		   "meta trailing");

	expect_bad(TCG_PTS_FILE_MEAS, "0000000000000001 0002 00", 0,
		   "meas cut");
	/* count 2, one entry */
	expect_bad(TCG_PTS_FILE_MEAS, "0000000000000002 0002 0002"
		   " aabb 0001 61", 17, "meas count lying");
	/* the name length says 2, 1 byte */
	expect_bad(TCG_PTS_FILE_MEAS, "0000000000000001 0002 0002"
		   " aabb 0002 61", 14, "meas name length lying");
	/* measurement length 20, 2 bytes */
	expect_bad(TCG_PTS_FILE_MEAS, "0000000000000001 0002 0014"
		   " aabb 0001 61", 12, "meas measurement length lying");
	expect_bad(TCG_PTS_FILE_MEAS, "0000000000000001 0002 0002"
		   " aabb 0001 61 00", 17, "meas trailing");
	expect_bad(TCG_PTS_FILE_MEAS, "ffffffffffffffff 0002 0002", 12,
		   "meas count huge");
}

static void test_not_pts(void **state)
{
	struct pa_attr_raw raw = { 0, PEN_IETF, TCG_PTS_AIK,
				   (const uint8_t *)"\x80", 1 };
	struct tcg_pts_attr a;
	uint32_t offset = 0xdead;

	(void)state;
	assert_int_equal(tcg_pts_attr_decode(&raw, &a, &offset),
			 PA_DECODE_UNKNOWN);
	raw.vendor = PEN_TCG;
	raw.type = TCG_PTS_INTEG_REPORT;
	assert_int_equal(tcg_pts_attr_decode(&raw, &a, &offset),
			 PA_DECODE_UNKNOWN);
	assert_int_equal(offset, 0xdead);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_roundtrip),
		cmocka_unit_test(test_vectors_discovery),
		cmocka_unit_test(test_vectors_file_meas_dh),
		cmocka_unit_test(test_vectors_tpm_init),
		cmocka_unit_test(test_vectors_evidence_request),
		cmocka_unit_test(test_vectors_evidence),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_dh_hand),
		cmocka_unit_test(test_file_meta_hand),
		cmocka_unit_test(test_file_meas_hand),
		cmocka_unit_test(test_comp_evid_hand),
		cmocka_unit_test(test_evid_final_hand),
		cmocka_unit_test(test_tpm_version_forms),
		cmocka_unit_test(test_pts_errors),
		cmocka_unit_test(test_pts_errors_bad),
		cmocka_unit_test(test_malformed_fixed),
		cmocka_unit_test(test_malformed_dh),
		cmocka_unit_test(test_malformed_comp_evid),
		cmocka_unit_test(test_malformed_evid_final),
		cmocka_unit_test(test_malformed_files),
		cmocka_unit_test(test_not_pts),
	};

	return cmocka_run_group_tests(tests, setup_recorded,
				      teardown_recorded);
}
