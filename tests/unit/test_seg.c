/*
 * test_seg.c - unit tests of TCG IF-M segmentation (libimcv/seg/):
 * byte-exact codec vectors of the four attributes written from the layouts
 * of pa-tnc.md section 7.1 (and the reference's own contract attributes
 * from the shared captures), contract negotiation, 10 MB attributes
 * through sender and receiver at several segment sizes with the receiver's
 * memory watched, and every way a peer can break a reassembly (7.4).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "log.h"
#include "pa_tnc.h"
#include "seg.h"
#include "seg_attr.h"
#include "vectors.h"

#define BIG_LEN		(10u * 1024 * 1024)
#define EAP_MAX_MSG	65490u	/* gives the 65 466-byte segments of 7.2 */
#define PTTLS_MAX_MSG	2097104u	/* gives 2 097 080 */

static const struct seg_key os_key = { PEN_IETF, 1, 1 };

/* Hex digits and spaces to bytes; caller frees. */
static uint8_t *unhex(const char *hex, size_t *len)
{
	uint8_t *out = malloc(strlen(hex) / 2 + 1);
	size_t n = 0;
	unsigned v;

	assert_non_null(out);
	while (*hex) {
		if (*hex == ' ') {
			hex++;
			continue;
		}
		assert_int_equal(sscanf(hex, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	*len = n;
	return out;
}

static void assert_bytes(const struct writer *w, const char *hex)
{
	size_t len;
	uint8_t *want = unhex(hex, &len);

	assert_true(writer_ok(w));
	assert_int_equal(w->len, len);
	assert_memory_equal(w->data, want, len);
	free(want);
}

/* The one attribute in bytes (header and value), as the PA codec would
 * hand it over; value points into bytes. */
static struct pa_attr_raw attr_of(const uint8_t *bytes, size_t len)
{
	struct pa_attr_raw a;
	struct reader r;

	reader_init(&r, bytes, len);
	a.flags = reader_u8(&r);
	a.vendor = reader_u24(&r);
	a.type = reader_u32(&r);
	a.len = reader_u32(&r) - PA_TNC_ATTR_HEADER_LEN;
	a.value = reader_bytes(&r, a.len);
	assert_true(reader_ok(&r));
	assert_int_equal(reader_left(&r), 0);
	return a;
}

static struct pa_attr_raw attr_hex(const char *hex, uint8_t **keep)
{
	size_t len;

	*keep = unhex(hex, &len);
	return attr_of(*keep, len);
}

/* A value of len bytes whose content depends on the position. */
static uint8_t *pattern(uint32_t len)
{
	uint8_t *p = malloc(len ? len : 1);
	uint32_t i;

	assert_non_null(p);
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + (i >> 8) * 13 + (i >> 16));
	return p;
}

/* Codec */

static void test_contract_codec(void **state)
{
	struct seg_contract_attr c = { SEG_SIZE_UNLIMITED, 2097080 };
	struct pa_attr_raw a;
	struct writer w;
	uint8_t *keep;
	uint32_t bad;

	writer_init(&w);
	seg_contract_attr_encode(&w, SEG_ATTR_CONTRACT_REQUEST, &c);
	assert_bytes(&w, "00005597 00000021 00000014 ffffffff 001fffb8");
	writer_reset(&w);
	c.max_msg_size = 0x01020304;
	c.max_seg_size = 65466;
	seg_contract_attr_encode(&w, SEG_ATTR_CONTRACT_RESPONSE, &c);
	assert_bytes(&w, "00005597 00000022 00000014 01020304 0000ffba");
	writer_free(&w);

	a = attr_hex("00005597 00000022 00000014 01020304 0000ffba", &keep);
	memset(&c, 0, sizeof(c));
	assert_int_equal(seg_contract_attr_decode(&a, &c, &bad), 0);
	assert_int_equal(c.max_msg_size, 0x01020304);
	assert_int_equal(c.max_seg_size, 65466);
	free(keep);

	/* the null contract */
	a = attr_hex("80005597 00000021 00000014 ffffffff ffffffff", &keep);
	assert_int_equal(seg_contract_attr_decode(&a, &c, &bad), 0);
	assert_int_equal(c.max_msg_size, SEG_SIZE_UNLIMITED);
	assert_int_equal(c.max_seg_size, SEG_SIZE_UNLIMITED);
	free(keep);

	/* 7 and 9 bytes */
	a = attr_hex("00005597 00000021 00000013 ffffffff 001fff", &keep);
	assert_int_equal(seg_contract_attr_decode(&a, &c, &bad), -1);
	assert_int_equal(bad, 0);
	free(keep);
	a = attr_hex("00005597 00000021 00000015 ffffffff 001fffb8 00", &keep);
	assert_int_equal(seg_contract_attr_decode(&a, &c, &bad), -1);
	assert_int_equal(bad, 8);
	free(keep);
	/* not a contract attribute */
	a = attr_hex("00005597 00000023 00000014 ffffffff 001fffb8", &keep);
	assert_int_equal(seg_contract_attr_decode(&a, &c, &bad), -1);
	free(keep);
	a = attr_hex("00000000 00000021 00000014 ffffffff 001fffb8", &keep);
	assert_int_equal(seg_contract_attr_decode(&a, &c, &bad), -1);
	free(keep);
}

/* The reference's own contract attributes, as captured (pa-tnc.md 7.2). */
static void test_contract_reference_capture(void **state)
{
	static const char *const files[] = { "008-s2c-batch-sdata.hex",
					     "009-c2s-batch-cdata.hex" };
	static const uint32_t types[] = { SEG_ATTR_CONTRACT_REQUEST,
					  SEG_ATTR_CONTRACT_RESPONSE };
	struct seg_contract_attr c = { SEG_SIZE_UNLIMITED, 2097080 }, d;
	struct pa_attr_raw a;
	struct writer w;
	uint8_t *msg;
	const uint8_t *at;
	size_t len, i;
	uint32_t bad;

	for (i = 0; i < 2; i++) {
		msg = vec_load_in("os-scanner-allow", files[i], &len);
		if (!msg)
			skip();
		writer_init(&w);
		seg_contract_attr_encode(&w, types[i], &c);
		at = memmem(msg, len, w.data, w.len);
		assert_non_null(at);
		a = attr_of(at, w.len);
		assert_int_equal(seg_contract_attr_decode(&a, &d, &bad), 0);
		assert_int_equal(d.max_msg_size, c.max_msg_size);
		assert_int_equal(d.max_seg_size, c.max_seg_size);
		writer_free(&w);
		free(msg);
	}
}

static void test_envelope_codec(void **state)
{
	const struct pa_attr_raw base = { PA_ATTR_FLAG_NOSKIP, PEN_IETF, 7,
					  (const uint8_t *)"0123456789", 10 };
	struct seg_envelope e = { SEG_ENV_MORE, 0x123456,
				  (const uint8_t *)"abc", 3 };
	struct pa_attr_raw a;
	struct writer w;
	uint8_t *keep;
	uint32_t bad;

	writer_init(&w);
	/* first: M|S, base header with the whole length 12 + 10 */
	seg_envelope_encode_first(&w, 1, &base, 3);
	assert_bytes(&w, "00005597 00000023 0000001f c0000001 "
		     "80000000 00000007 00000016 303132");
	writer_reset(&w);
	seg_envelope_encode(&w, &e);
	assert_bytes(&w, "00005597 00000023 00000013 80123456 616263");
	writer_reset(&w);
	e.flags = 0;
	e.len = 0;
	seg_envelope_encode(&w, &e);
	assert_bytes(&w, "00005597 00000023 00000010 00123456");
	writer_free(&w);

	a = attr_hex("00005597 00000023 0000001f c0000001 "
		     "80000000 00000007 00000016 303132", &keep);
	assert_int_equal(seg_envelope_decode(&a, &e, &bad), 0);
	assert_int_equal(e.flags, SEG_ENV_MORE | SEG_ENV_START);
	assert_int_equal(e.base_id, 1);
	assert_int_equal(e.len, 15);
	assert_ptr_equal(e.value, a.value + 4);
	free(keep);

	/* reserved bits ignored */
	a = attr_hex("00005597 00000023 00000011 bfffffff 55", &keep);
	assert_int_equal(seg_envelope_decode(&a, &e, &bad), 0);
	assert_int_equal(e.flags, SEG_ENV_MORE);
	assert_int_equal(e.base_id, 0xffffff);
	assert_int_equal(e.len, 1);
	assert_int_equal(e.value[0], 0x55);
	free(keep);

	/* shorter than its 4-byte header */
	a = attr_hex("00005597 00000023 0000000f 800001", &keep);
	assert_int_equal(seg_envelope_decode(&a, &e, &bad), -1);
	assert_int_equal(bad, 0);
	free(keep);
}

static void test_next_segment_codec(void **state)
{
	struct seg_next n = { 0x000102, false };
	static const struct {
		const char *hex;
		bool cancel;
	} in[] = {
		{ "00005597 00000024 00000010 00000102", false },
		/* strongSwan's C bit, and the TCG layout's (7.1) */
		{ "00005597 00000024 00000010 01000102", true },
		{ "00005597 00000024 00000010 80000102", true },
		{ "00005597 00000024 00000010 81000102", true },
		{ "00005597 00000024 00000010 7e000102", false },
	};
	struct pa_attr_raw a;
	struct writer w;
	uint8_t *keep;
	uint32_t bad;
	size_t i;

	writer_init(&w);
	seg_next_encode(&w, &n);
	assert_bytes(&w, "00005597 00000024 00000010 00000102");
	writer_reset(&w);
	n.cancel = true;
	seg_next_encode(&w, &n);
	/* we send C as 0x01, for strongSwan */
	assert_bytes(&w, "00005597 00000024 00000010 01000102");
	writer_free(&w);

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		a = attr_hex(in[i].hex, &keep);
		memset(&n, 0xa5, sizeof(n));
		assert_int_equal(seg_next_decode(&a, &n, &bad), 0);
		assert_int_equal(n.base_id, 0x102);
		assert_int_equal(n.cancel, in[i].cancel);
		free(keep);
	}
	a = attr_hex("00005597 00000024 00000011 00000102 00", &keep);
	assert_int_equal(seg_next_decode(&a, &n, &bad), -1);
	assert_int_equal(bad, 4);
	free(keep);
	a = attr_hex("00005597 00000024 0000000f 000001", &keep);
	assert_int_equal(seg_next_decode(&a, &n, &bad), -1);
	assert_int_equal(bad, 0);
	free(keep);
}

static void test_names(void **state)
{
	struct pa_attr_raw a = { 0, PEN_TCG, SEG_ATTR_ENVELOPE, NULL, 0 };

	assert_string_equal(seg_attr_name(SEG_ATTR_CONTRACT_REQUEST),
			    "Segmentation Contract Request");
	assert_string_equal(seg_attr_name(SEG_ATTR_CONTRACT_RESPONSE),
			    "Segmentation Contract Response");
	assert_string_equal(seg_attr_name(SEG_ATTR_ENVELOPE),
			    "Segment Envelope");
	assert_string_equal(seg_attr_name(SEG_ATTR_NEXT_SEGMENT),
			    "Next Segment");
	assert_null(seg_attr_name(0x25));
	assert_true(seg_attr_is_seg(&a));
	a.vendor = PEN_IETF;
	assert_false(seg_attr_is_seg(&a));
	a.vendor = PEN_TCG;
	a.type = 0x20;
	assert_false(seg_attr_is_seg(&a));
}

/* What an encoder appended, viewed as a raw attribute. */
static void test_attr_view(void **state)
{
	struct seg_next n = { 7, true }, d;
	struct pa_attr_raw a;
	struct writer w;
	uint32_t bad;

	writer_init(&w);
	assert_int_equal(seg_attr_view(&w, 0, &a), -1);
	writer_u32(&w, 0xdeadbeef);
	seg_next_encode(&w, &n);
	assert_int_equal(seg_attr_view(&w, 4, &a), 0);
	assert_int_equal(a.vendor, PEN_TCG);
	assert_int_equal(a.type, SEG_ATTR_NEXT_SEGMENT);
	assert_int_equal(a.len, 4);
	assert_ptr_equal(a.value, w.data + 16);
	assert_int_equal(seg_next_decode(&a, &d, &bad), 0);
	assert_true(d.cancel);
	assert_int_equal(d.base_id, 7);
	assert_int_equal(seg_attr_view(&w, 5, &a), -1);
	assert_int_equal(seg_attr_view(&w, 21, &a), -1);
	w.len--;
	assert_int_equal(seg_attr_view(&w, 4, &a), -1);
	writer_free(&w);
}

/* Negotiation */

/*
 * issuer asks with its max message size, responder answers with its own;
 * both tables then hold the agreed contract. The keys name the peer.
 */
static void negotiate(struct seg_table *issuer, uint32_t issuer_max,
		      struct seg_table *responder, uint32_t responder_max)
{
	struct seg_contract_attr c;
	struct pa_attr_raw a;
	struct writer w;
	uint32_t bad;

	writer_init(&w);
	assert_int_equal(seg_contract_request(issuer, &os_key, issuer_max,
					      &w), 0);
	a = attr_of(w.data, w.len);
	assert_int_equal(seg_contract_attr_decode(&a, &c, &bad), 0);
	writer_reset(&w);
	seg_contract_on_request(responder, &os_key, &c, responder_max, &w);
	a = attr_of(w.data, w.len);
	assert_int_equal(a.type, SEG_ATTR_CONTRACT_RESPONSE);
	assert_int_equal(seg_contract_attr_decode(&a, &c, &bad), 0);
	assert_int_equal(seg_contract_on_response(issuer, &os_key, &c), 0);
	writer_free(&w);
}

static void test_negotiation(void **state)
{
	struct seg_table imv, imc;
	struct seg_contract_attr c;
	struct seg_contract *ci, *cr;
	struct writer w;

	seg_table_init(&imv, LOG_IMV, NULL);
	seg_table_init(&imc, LOG_IMC, NULL);
	writer_init(&w);

	/* the IMV on PT-TLS asks, the IMC behind EAP can do less */
	assert_int_equal(seg_contract_request(&imv, &os_key, PTTLS_MAX_MSG,
					      &w), 0);
	assert_bytes(&w, "00005597 00000021 00000014 ffffffff 001fffb8");
	ci = seg_contract_find(&imv, &os_key, SEG_ISSUER);
	assert_non_null(ci);
	assert_int_equal(ci->max_seg_size, 2097080);
	assert_null(seg_contract_find(&imv, &os_key, SEG_RESPONDER));

	c.max_msg_size = SEG_SIZE_UNLIMITED;
	c.max_seg_size = 2097080;
	writer_reset(&w);
	seg_contract_on_request(&imc, &os_key, &c, EAP_MAX_MSG, &w);
	assert_bytes(&w, "00005597 00000022 00000014 ffffffff 0000ffba");
	cr = seg_contract_find(&imc, &os_key, SEG_RESPONDER);
	assert_non_null(cr);
	assert_int_equal(cr->max_msg_size, SEG_SIZE_UNLIMITED);
	assert_int_equal(cr->max_seg_size, 65466);

	c.max_seg_size = 65466;
	assert_int_equal(seg_contract_on_response(&imv, &os_key, &c), 0);
	assert_int_equal(ci->max_seg_size, 65466);
	assert_false(seg_contract_is_null(ci));
	/* a response never raises what was agreed */
	c.max_seg_size = 3000000;
	assert_int_equal(seg_contract_on_response(&imv, &os_key, &c), 0);
	assert_int_equal(ci->max_seg_size, 65466);

	/* a smaller request is kept as it is */
	c.max_seg_size = 1000;
	writer_reset(&w);
	seg_contract_on_request(&imc, &os_key, &c, EAP_MAX_MSG, &w);
	assert_bytes(&w, "00005597 00000022 00000014 ffffffff 000003e8");
	assert_int_equal(cr->max_seg_size, 1000);
	assert_int_equal(imc.n_contracts, 1);

	/* a message size too small for any segment */
	assert_int_equal(seg_contract_request(&imv, &os_key, 36, &w), -1);

	writer_free(&w);
	seg_table_free(&imv);
	seg_table_free(&imc);
}

static void test_null_contract(void **state)
{
	struct seg_table imv, imc;
	struct seg_tx_result tr;
	struct pa_attr_raw big = { 0, PEN_IETF, 7, NULL, BIG_LEN };
	struct writer w;
	uint8_t *value = pattern(BIG_LEN);

	big.value = value;
	seg_table_init(&imv, LOG_IMV, NULL);
	seg_table_init(&imc, LOG_IMC, NULL);
	writer_init(&w);

	/* no contract at all: sent whole */
	assert_int_equal(seg_send(&imc, &os_key, &big, 100, &w, &tr),
			 SEG_TX_WHOLE);
	assert_int_equal(w.len, 0);

	assert_int_equal(seg_contract_request(&imv, &os_key,
					      SEG_SIZE_UNLIMITED, &w), 0);
	assert_bytes(&w, "00005597 00000021 00000014 ffffffff ffffffff");
	writer_reset(&w);
	negotiate(&imv, SEG_SIZE_UNLIMITED, &imc, EAP_MAX_MSG);
	assert_true(seg_contract_is_null(
		seg_contract_find(&imv, &os_key, SEG_ISSUER)));
	assert_true(seg_contract_is_null(
		seg_contract_find(&imc, &os_key, SEG_RESPONDER)));
	assert_int_equal(seg_send(&imc, &os_key, &big, 100, &w, &tr),
			 SEG_TX_WHOLE);
	assert_int_equal(w.len, 0);
	assert_int_equal(seg_tx_pending(&imc), 0);

	writer_free(&w);
	seg_table_free(&imv);
	seg_table_free(&imc);
	free(value);
}

/* A request to any IMC gets a contract per IMC that answers (7.2). */
static void test_contract_any_peer(void **state)
{
	struct seg_key any = { PEN_IETF, 9, SEG_PEER_ANY };
	struct seg_key imc3 = { PEN_IETF, 9, 3 };
	struct seg_contract_attr c = { SEG_SIZE_UNLIMITED, 4000 };
	struct seg_contract *ca, *c3;
	struct seg_table imv;
	struct writer w;

	seg_table_init(&imv, LOG_IMV, NULL);
	writer_init(&w);
	/* no request: the response is ignored */
	assert_int_equal(seg_contract_on_response(&imv, &imc3, &c), -1);
	assert_int_equal(imv.n_contracts, 0);

	assert_int_equal(seg_contract_request(&imv, &any, PTTLS_MAX_MSG, &w),
			 0);
	assert_int_equal(seg_contract_on_response(&imv, &imc3, &c), 0);
	ca = seg_contract_find(&imv, &any, SEG_ISSUER);
	c3 = seg_contract_find(&imv, &imc3, SEG_ISSUER);
	assert_non_null(ca);
	assert_non_null(c3);
	assert_int_equal(ca->max_seg_size, 2097080);
	assert_int_equal(c3->max_seg_size, 4000);
	assert_int_equal(imv.n_contracts, 2);
	writer_free(&w);
	seg_table_free(&imv);
}

static void test_contract_table_full(void **state)
{
	struct seg_limits lim = { 1 << 20, 2, 2 };
	struct seg_contract_attr c = { SEG_SIZE_UNLIMITED, 4000 };
	struct seg_key k = os_key;
	struct seg_table imc;
	struct writer w;

	seg_table_init(&imc, LOG_IMC, &lim);
	writer_init(&w);
	for (k.peer_id = 1; k.peer_id <= 3; k.peer_id++) {
		writer_reset(&w);
		seg_contract_on_request(&imc, &k, &c, EAP_MAX_MSG, &w);
	}
	/* the third peer is told that we will not segment */
	assert_bytes(&w, "00005597 00000022 00000014 ffffffff ffffffff");
	assert_int_equal(imc.n_contracts, 2);
	assert_null(seg_contract_find(&imc, &k, SEG_RESPONDER));
	writer_free(&w);
	seg_table_free(&imc);
}

/* Round trips */

struct flow {
	struct seg_table imv;	/* issuer, reassembles */
	struct seg_table imc;	/* responder, segments */
	struct writer w;
};

/* Both sides agree on segments of seg_size bytes. */
static void flow_init(struct flow *f, uint32_t seg_size,
		      const struct seg_limits *imv_limits)
{
	seg_table_init(&f->imv, LOG_IMV, imv_limits);
	seg_table_init(&f->imc, LOG_IMC, NULL);
	writer_init(&f->w);
	negotiate(&f->imv, seg_size + SEG_OVERHEAD, &f->imc,
		  SEG_SIZE_UNLIMITED);
	assert_int_equal(seg_contract_find(&f->imc, &os_key,
					   SEG_RESPONDER)->max_seg_size,
			 seg_size);
}

static void flow_free(struct flow *f)
{
	writer_free(&f->w);
	seg_table_free(&f->imv);
	seg_table_free(&f->imc);
}

/* The envelope in f->w, decoded as the receiver would. */
static struct seg_envelope flow_envelope(struct flow *f)
{
	struct seg_envelope e;
	struct pa_attr_raw a = attr_of(f->w.data, f->w.len);
	uint32_t bad;

	assert_int_equal(seg_envelope_decode(&a, &e, &bad), 0);
	return e;
}

/* Receiver's answer to a NEXT result: a Next Segment, through the codec. */
static struct seg_next flow_next(struct flow *f, uint32_t base_id,
				 bool cancel)
{
	struct seg_next n = { base_id, cancel };
	struct pa_attr_raw a;
	uint32_t bad;

	writer_reset(&f->w);
	seg_next_encode(&f->w, &n);
	a = attr_of(f->w.data, f->w.len);
	assert_int_equal(seg_next_decode(&a, &n, &bad), 0);
	writer_reset(&f->w);
	return n;
}

static void roundtrip(uint32_t seg_size)
{
	struct pa_attr_raw big = { PA_ATTR_FLAG_NOSKIP, PEN_IETF, 7, NULL,
				   BIG_LEN };
	/* a fresh PA-TNC message has room for one full segment */
	size_t space = seg_size + SEG_OVERHEAD - PA_TNC_MSG_HEADER_LEN;
	uint32_t first = seg_size - PA_TNC_ATTR_HEADER_LEN;
	uint32_t expect = 1 + (BIG_LEN - first + seg_size - 1) / seg_size;
	struct seg_tx_result tr;
	struct seg_rx_result rr;
	struct seg_envelope e;
	struct seg_next n;
	struct flow f;
	uint8_t *value = pattern(BIG_LEN);
	uint32_t segments = 0, base_id;

	big.value = value;
	flow_init(&f, seg_size, NULL);
	assert_int_equal(seg_send(&f.imc, &os_key, &big, space, &f.w, &tr),
			 SEG_TX_SEGMENT);
	assert_int_equal(tr.base_id, 1);
	assert_int_equal(tr.part_len, first);
	base_id = tr.base_id;
	for (;;) {
		e = flow_envelope(&f);
		segments++;
		assert_true(f.w.len <= space);
		assert_true(e.len <= seg_size);
		assert_int_equal(e.base_id, base_id);
		if (segments == 1)
			assert_int_equal(e.flags, SEG_ENV_MORE | SEG_ENV_START);
		else if (segments < expect)
			assert_int_equal(e.flags, SEG_ENV_MORE);
		else
			assert_int_equal(e.flags, 0);
		seg_on_envelope(&f.imv, &os_key, &e, &rr);
		assert_true(seg_rx_peak(&f.imv) <= BIG_LEN);
		if (rr.status == SEG_RX_DONE)
			break;
		assert_int_equal(rr.status, SEG_RX_NEXT);
		assert_int_equal(rr.base_id, base_id);
		n = flow_next(&f, rr.base_id, false);
		seg_on_next_segment(&f.imc, &os_key, &n, space, &f.w, &tr);
		assert_true(tr.status == SEG_TX_SEGMENT ||
			    tr.status == SEG_TX_LAST);
		assert_int_equal(tr.status == SEG_TX_LAST,
				 segments + 1 == expect);
	}
	assert_int_equal(segments, expect);
	assert_int_equal(rr.attr.flags, PA_ATTR_FLAG_NOSKIP);
	assert_int_equal(rr.attr.vendor, PEN_IETF);
	assert_int_equal(rr.attr.type, 7);
	assert_int_equal(rr.attr.len, BIG_LEN);
	assert_memory_equal(rr.attr.value, value, BIG_LEN);
	assert_true(seg_rx_peak(&f.imv) <= BIG_LEN);
	assert_int_equal(seg_rx_allocated(&f.imv), 0);
	assert_int_equal(seg_tx_pending(&f.imc), 0);
	seg_attr_free(&rr.attr);
	assert_null(rr.attr.value);
	flow_free(&f);
	free(value);
}

static void test_roundtrip_1000(void **state)
{
	roundtrip(1000);
}

static void test_roundtrip_eap(void **state)
{
	roundtrip(65466);
}

static void test_roundtrip_pt_tls(void **state)
{
	roundtrip(2097080);
}

static void test_roundtrip_odd(void **state)
{
	roundtrip(4093);
}

/*
 * The first envelope shrinks to the space left in the current message;
 * the attribute is segmented at the contract's threshold, Max Segment
 * Size + 4 (7.3), never into a single segment.
 */
static void test_send_sizes(void **state)
{
	uint8_t *value = pattern(5000);
	struct pa_attr_raw a = { 0, PEN_IETF, 7, NULL, 1004 };
	struct seg_tx_result tr;
	struct seg_rx_result rr;
	struct seg_envelope e;
	struct seg_next n;
	struct flow f;

	a.value = value;
	flow_init(&f, 1000, NULL);
	assert_int_equal(seg_send(&f.imc, &os_key, &a, 5000, &f.w, &tr),
			 SEG_TX_WHOLE);
	a.len = 1005;
	assert_int_equal(seg_send(&f.imc, &os_key, &a, 28, &f.w, &tr),
			 SEG_TX_NO_SPACE);
	assert_int_equal(f.w.len, 0);
	assert_int_equal(seg_tx_pending(&f.imc), 0);
	/* 16 + 12 + 1: one value byte in the first segment */
	assert_int_equal(seg_send(&f.imc, &os_key, &a, 29, &f.w, &tr),
			 SEG_TX_SEGMENT);
	assert_int_equal(tr.part_len, 1);
	assert_int_equal(f.w.len, 29);
	e = flow_envelope(&f);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_NEXT);
	n = flow_next(&f, tr.base_id, false);
	assert_int_equal(seg_on_next_segment(&f.imc, &os_key, &n, 16, &f.w,
					     &tr), SEG_TX_NO_SPACE);
	assert_int_equal(seg_on_next_segment(&f.imc, &os_key, &n, 500, &f.w,
					     &tr), SEG_TX_SEGMENT);
	assert_int_equal(tr.part_len, 484);
	e = flow_envelope(&f);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_NEXT);
	n = flow_next(&f, tr.base_id, false);
	/* 520 left, at most 1000 per segment */
	assert_int_equal(seg_on_next_segment(&f.imc, &os_key, &n, 1 << 20,
					     &f.w, &tr), SEG_TX_LAST);
	assert_int_equal(tr.part_len, 520);
	e = flow_envelope(&f);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_DONE);
	assert_int_equal(rr.attr.len, 1005);
	assert_memory_equal(rr.attr.value, value, 1005);
	seg_attr_free(&rr.attr);
	flow_free(&f);
	free(value);
}

static void test_send_failures(void **state)
{
	uint8_t *value = pattern(5000);
	struct pa_attr_raw a = { 0, PEN_IETF, 7, NULL, 5000 };
	struct seg_contract_attr small = { 2000, 1000 };
	struct seg_tx_result tr;
	struct seg_table imc;
	struct writer w;

	a.value = value;
	seg_table_init(&imc, LOG_IMC, NULL);
	writer_init(&w);
	/* the peer takes no attribute above 2000 bytes */
	seg_contract_on_request(&imc, &os_key, &small, SEG_SIZE_UNLIMITED,
				&w);
	writer_reset(&w);
	assert_int_equal(seg_send(&imc, &os_key, &a, 1 << 20, &w, &tr),
			 SEG_TX_FAILED);
	assert_non_null(tr.reason);
	/* segments that cannot hold the base attribute header */
	small.max_msg_size = SEG_SIZE_UNLIMITED;
	small.max_seg_size = 5;
	seg_contract_on_request(&imc, &os_key, &small, SEG_SIZE_UNLIMITED,
				&w);
	writer_reset(&w);
	assert_int_equal(seg_send(&imc, &os_key, &a, 1 << 20, &w, &tr),
			 SEG_TX_FAILED);
	assert_int_equal(w.len, 0);
	assert_int_equal(seg_tx_pending(&imc), 0);
	writer_free(&w);
	seg_table_free(&imc);
	free(value);
}

/* Base Message IDs count from 1 per contract; the sender keeps a copy. */
static void test_base_ids(void **state)
{
	struct seg_key other = { PEN_IETF, 9, 1 };
	struct seg_contract_attr c = { SEG_SIZE_UNLIMITED, 100 };
	struct pa_attr_raw a = { 0, PEN_IETF, 7, NULL, 300 };
	struct seg_tx_result tr;
	struct seg_rx_result rr;
	struct seg_envelope e;
	struct seg_next n;
	struct flow f;
	uint8_t *value = pattern(300);
	uint8_t *copy = pattern(300);

	a.value = value;
	flow_init(&f, 100, NULL);
	seg_contract_on_request(&f.imc, &other, &c, SEG_SIZE_UNLIMITED, &f.w);
	writer_reset(&f.w);
	assert_int_equal(seg_send(&f.imc, &os_key, &a, 1000, &f.w, &tr),
			 SEG_TX_SEGMENT);
	assert_int_equal(tr.base_id, 1);
	e = flow_envelope(&f);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_NEXT);
	writer_reset(&f.w);
	assert_int_equal(seg_send(&f.imc, &os_key, &a, 1000, &f.w, &tr),
			 SEG_TX_SEGMENT);
	assert_int_equal(tr.base_id, 2);
	writer_reset(&f.w);
	assert_int_equal(seg_send(&f.imc, &other, &a, 1000, &f.w, &tr),
			 SEG_TX_SEGMENT);
	assert_int_equal(tr.base_id, 1);
	assert_int_equal(seg_tx_pending(&f.imc), 3);

	/* the caller's buffer may change once seg_send returned */
	memset(value, 0, 300);
	do {
		n = flow_next(&f, 1, false);
		seg_on_next_segment(&f.imc, &os_key, &n, 1000, &f.w, &tr);
		e = flow_envelope(&f);
		seg_on_envelope(&f.imv, &os_key, &e, &rr);
	} while (rr.status == SEG_RX_NEXT);
	assert_int_equal(rr.status, SEG_RX_DONE);
	assert_memory_equal(rr.attr.value, copy, 300);
	seg_attr_free(&rr.attr);
	assert_int_equal(seg_tx_pending(&f.imc), 2);
	flow_free(&f);
	free(value);
	free(copy);
}

/* Receiving from a hand-made peer */

/* An envelope value: header fields of a base attribute, then data. */
static struct seg_envelope first_env(struct writer *w, uint32_t base_id,
				     uint8_t flags, uint32_t declared,
				     const uint8_t *data, uint32_t n)
{
	struct seg_envelope e = { flags | SEG_ENV_START, base_id, NULL, 0 };

	writer_reset(w);
	writer_u8(w, 0);
	writer_u24(w, PEN_IETF);
	writer_u32(w, 7);
	writer_u32(w, declared + PA_TNC_ATTR_HEADER_LEN);
	writer_bytes(w, data, n);
	assert_true(writer_ok(w));
	e.value = w->data;
	e.len = (uint32_t)w->len;
	return e;
}

static struct seg_envelope more_env(uint32_t base_id, uint8_t flags,
				    const uint8_t *data, uint32_t n)
{
	struct seg_envelope e = { flags, base_id, data, n };

	return e;
}

static void assert_invalid_param(const struct seg_rx_result *rr,
				 uint32_t base_id, uint32_t offset,
				 bool cancel)
{
	uint8_t hdr[8] = { 0xff, 0xff, 0xff, 0xff };

	put_u32be(hdr + 4, base_id);
	assert_int_equal(rr->status, SEG_RX_ERROR);
	assert_int_equal(rr->base_id, base_id);
	assert_int_equal(rr->error.vendor, PEN_IETF);
	assert_int_equal(rr->error.code, PA_ERROR_INVALID_PARAMETER);
	assert_memory_equal(rr->error.header, hdr, 8);
	assert_int_equal(rr->error.offset, offset);
	assert_int_equal(rr->cancel, cancel);
	assert_non_null(rr->reason);
}

/* More bytes than the base header promised, in the last segment. */
static void test_overflow_last(void **state)
{
	uint8_t *data = pattern(200);
	struct seg_rx_result rr;
	struct seg_envelope e;
	struct flow f;

	flow_init(&f, 1000, NULL);
	e = first_env(&f.w, 5, SEG_ENV_MORE, 100, data, 40);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_NEXT);
	e = more_env(5, SEG_ENV_MORE, data + 40, 40);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_NEXT);
	assert_true(seg_rx_allocated(&f.imv) <= 100);
	e = more_env(5, 0, data + 80, 30);
	seg_on_envelope(&f.imv, &os_key, &e, &rr);
	/* the first byte beyond the 12 + 100 announced */
	assert_invalid_param(&rr, 5, 112, false);
	assert_int_equal(seg_rx_allocated(&f.imv), 0);
	assert_int_equal(f.imv.n_rx, 0);
	/* the reassembly is gone */
	e = more_env(5, 0, data, 20);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_IGNORED);
	flow_free(&f);
	free(data);
}

/* ... in a middle segment, and already in the first one. */
static void test_overflow_middle(void **state)
{
	uint8_t *data = pattern(200);
	struct seg_rx_result rr;
	struct seg_envelope e;
	struct flow f;

	flow_init(&f, 1000, NULL);
	e = first_env(&f.w, 0xabcdef, SEG_ENV_MORE, 100, data, 40);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_NEXT);
	e = more_env(0xabcdef, SEG_ENV_MORE, data, 61);
	seg_on_envelope(&f.imv, &os_key, &e, &rr);
	/* the peer still holds the rest: cancel it too */
	assert_invalid_param(&rr, 0xabcdef, 112, true);
	assert_int_equal(seg_rx_allocated(&f.imv), 0);

	e = first_env(&f.w, 6, SEG_ENV_MORE, 10, data, 11);
	seg_on_envelope(&f.imv, &os_key, &e, &rr);
	assert_invalid_param(&rr, 6, 22, true);
	assert_int_equal(f.imv.n_rx, 0);
	assert_int_equal(seg_rx_allocated(&f.imv), 0);
	assert_true(seg_rx_peak(&f.imv) <= 100);
	flow_free(&f);
	free(data);
}

static void test_truncated_last(void **state)
{
	uint8_t *data = pattern(200);
	struct seg_rx_result rr;
	struct seg_envelope e;
	struct flow f;

	flow_init(&f, 1000, NULL);
	e = first_env(&f.w, 2, SEG_ENV_MORE, 100, data, 40);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_NEXT);
	e = more_env(2, 0, data + 40, 59);
	seg_on_envelope(&f.imv, &os_key, &e, &rr);
	assert_invalid_param(&rr, 2, 8, false);
	assert_int_equal(seg_rx_allocated(&f.imv), 0);
	/* a lone first segment short of its length */
	e = first_env(&f.w, 3, 0, 100, data, 99);
	seg_on_envelope(&f.imv, &os_key, &e, &rr);
	assert_invalid_param(&rr, 3, 8, false);
	/* and one that holds it all is fine */
	e = first_env(&f.w, 4, 0, 100, data, 100);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_DONE);
	assert_memory_equal(rr.attr.value, data, 100);
	seg_attr_free(&rr.attr);
	/* an empty value too */
	e = first_env(&f.w, 4, 0, 0, data, 0);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_DONE);
	assert_int_equal(rr.attr.len, 0);
	seg_attr_free(&rr.attr);
	flow_free(&f);
	free(data);
}

/* Declared lengths above the limits are refused before any allocation. */
static void test_length_limits(void **state)
{
	struct seg_limits lim = { 1u << 20, 4, 8 };
	uint8_t data[64] = { 0 };
	struct seg_contract_attr c = { 50000, 1000 };
	struct seg_rx_result rr;
	struct seg_envelope e;
	struct flow f;

	flow_init(&f, 1000, &lim);
	e = first_env(&f.w, 1, SEG_ENV_MORE, (1u << 20) - 11, data, 10);
	seg_on_envelope(&f.imv, &os_key, &e, &rr);
	assert_invalid_param(&rr, 1, 8, true);
	e = first_env(&f.w, 1, SEG_ENV_MORE, 0xfffffff0, data, 10);
	seg_on_envelope(&f.imv, &os_key, &e, &rr);
	assert_invalid_param(&rr, 1, 8, true);
	assert_int_equal(seg_rx_peak(&f.imv), 0);
	assert_int_equal(f.imv.n_rx, 0);
	/* exactly the cap is taken */
	e = first_env(&f.w, 1, SEG_ENV_MORE, (1u << 20) - 12, data, 10);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_NEXT);
	/* allocation follows the bytes that came, not the declared size */
	assert_true(seg_rx_allocated(&f.imv) <= 4096);
	assert_int_equal(seg_rx_cancel(&f.imv, &os_key, 1), 0);
	assert_int_equal(seg_rx_allocated(&f.imv), 0);
	assert_int_equal(seg_rx_cancel(&f.imv, &os_key, 1), -1);

	/* the contract's max message size, once the responder lowered it */
	assert_int_equal(seg_contract_on_response(&f.imv, &os_key, &c), 0);
	e = first_env(&f.w, 2, SEG_ENV_MORE, 50000 - 11, data, 10);
	seg_on_envelope(&f.imv, &os_key, &e, &rr);
	assert_invalid_param(&rr, 2, 8, true);
	e = first_env(&f.w, 2, SEG_ENV_MORE, 50000 - 12, data, 10);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_NEXT);
	flow_free(&f);
}

/* Broken base headers, with the offsets of pa-tnc.md section 4. */
static void test_bad_base_header(void **state)
{
	static const struct {
		const char *hex;
		uint32_t offset;
	} bad[] = {
		{ "00000000 00000007 000000", 0 },	/* 11 bytes */
		{ "00000000 00000007 0000000b", 8 },	/* length 11 */
		{ "00ffffff 00000007 0000000c", 1 },
		{ "00000000 ffffffff 0000000c", 4 },
	};
	struct seg_rx_result rr;
	struct seg_envelope e;
	struct flow f;
	uint8_t *v;
	size_t i, len;

	flow_init(&f, 1000, NULL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = unhex(bad[i].hex, &len);
		e = more_env(9, SEG_ENV_START | SEG_ENV_MORE, v,
			     (uint32_t)len);
		seg_on_envelope(&f.imv, &os_key, &e, &rr);
		assert_invalid_param(&rr, 9, bad[i].offset, true);
		free(v);
	}
	assert_int_equal(f.imv.n_rx, 0);
	assert_int_equal(seg_rx_peak(&f.imv), 0);
	flow_free(&f);
}

static void test_ignored(void **state)
{
	uint8_t *data = pattern(100);
	struct seg_key stranger = { PEN_IETF, 1, 77 };
	struct seg_rx_result rr;
	struct seg_envelope e;
	struct flow f;

	flow_init(&f, 1000, NULL);
	/* a continuation for an ID never started */
	e = more_env(3, SEG_ENV_MORE, data, 10);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_IGNORED);
	/* no contract with that peer */
	e = first_env(&f.w, 3, SEG_ENV_MORE, 100, data, 10);
	assert_int_equal(seg_on_envelope(&f.imv, &stranger, &e, &rr),
			 SEG_RX_IGNORED);
	assert_int_equal(f.imv.n_rx, 0);

	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_NEXT);
	/* S again for the ID in use: ignored, the first one goes on */
	e = first_env(&f.w, 3, SEG_ENV_MORE, 50, data + 50, 10);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_IGNORED);
	assert_int_equal(f.imv.n_rx, 1);
	e = more_env(3, 0, data + 10, 90);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_DONE);
	assert_int_equal(rr.attr.len, 100);
	assert_memory_equal(rr.attr.value, data, 100);
	seg_attr_free(&rr.attr);
	assert_int_equal(f.imv.n_rx, 0);
	flow_free(&f);
	free(data);
}

static void test_reassembly_count(void **state)
{
	struct seg_limits lim = { 1u << 20, 2, 8 };
	uint8_t data[16] = { 0 };
	struct seg_rx_result rr;
	struct seg_envelope e;
	struct flow f;

	flow_init(&f, 1000, &lim);
	e = first_env(&f.w, 1, SEG_ENV_MORE, 100, data, 10);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_NEXT);
	e = first_env(&f.w, 2, SEG_ENV_MORE, 100, data, 10);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_NEXT);
	e = first_env(&f.w, 3, SEG_ENV_MORE, 100, data, 10);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_REFUSED);
	assert_true(rr.cancel);
	assert_int_equal(rr.base_id, 3);
	assert_non_null(rr.reason);
	assert_int_equal(f.imv.n_rx, 2);
	assert_int_equal(seg_rx_cancel(&f.imv, &os_key, 1), 0);
	assert_int_equal(seg_on_envelope(&f.imv, &os_key, &e, &rr),
			 SEG_RX_NEXT);
	/* freed with the table, without leaks */
	flow_free(&f);
}

/* The peer cancels: the pending attribute is dropped at once. */
static void test_cancel(void **state)
{
	static const char *const cancels[] = {
		"00005597 00000024 00000010 01000001",	/* strongSwan */
		"00005597 00000024 00000010 80000002",	/* TCG layout */
	};
	uint8_t *value = pattern(5000);
	struct pa_attr_raw a = { 0, PEN_IETF, 7, NULL, 5000 };
	struct seg_tx_result tr;
	struct seg_next n;
	struct pa_attr_raw na;
	struct flow f;
	uint8_t *keep;
	uint32_t bad;
	size_t i;

	a.value = value;
	flow_init(&f, 1000, NULL);
	for (i = 0; i < 2; i++) {
		writer_reset(&f.w);
		assert_int_equal(seg_send(&f.imc, &os_key, &a, 2000, &f.w,
					  &tr), SEG_TX_SEGMENT);
	}
	assert_int_equal(seg_tx_pending(&f.imc), 2);
	for (i = 0; i < 2; i++) {
		na = attr_hex(cancels[i], &keep);
		assert_int_equal(seg_next_decode(&na, &n, &bad), 0);
		writer_reset(&f.w);
		assert_int_equal(seg_on_next_segment(&f.imc, &os_key, &n,
						     2000, &f.w, &tr),
				 SEG_TX_CANCELLED);
		assert_int_equal(f.w.len, 0);
		assert_int_equal(seg_tx_pending(&f.imc), 1 - i);
		/* and a later request finds nothing */
		n.cancel = false;
		assert_int_equal(seg_on_next_segment(&f.imc, &os_key, &n,
						     2000, &f.w, &tr),
				 SEG_TX_IGNORED);
		free(keep);
	}
	flow_free(&f);
	free(value);
}

/* Event lines carry the caller's subsystem tag. */
static void test_log_lines(void **state)
{
	struct seg_table imv;
	struct writer w;
	char line[256] = "";
	FILE *out = tmpfile();

	assert_non_null(out);
	log_set_level(LOG_IMV, 1);
	log_set_stream(out);
	seg_table_init(&imv, LOG_IMV, NULL);
	writer_init(&w);
	assert_int_equal(seg_contract_request(&imv, &os_key, EAP_MAX_MSG, &w),
			 0);
	rewind(out);
	assert_non_null(fgets(line, sizeof(line), out));
	assert_string_equal(line, "[IMV] requesting issuer contract for PA "
			    "message type 0x000000/0x00000001 with IMC 1: "
			    "max message size 4294967295, max segment size "
			    "65466\n");
	log_set_stream(NULL);
	log_set_level(-1, -1);
	fclose(out);
	writer_free(&w);
	seg_table_free(&imv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contract_codec),
		cmocka_unit_test(test_contract_reference_capture),
		cmocka_unit_test(test_envelope_codec),
		cmocka_unit_test(test_next_segment_codec),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_attr_view),
		cmocka_unit_test(test_negotiation),
		cmocka_unit_test(test_null_contract),
		cmocka_unit_test(test_contract_any_peer),
		cmocka_unit_test(test_contract_table_full),
		cmocka_unit_test(test_roundtrip_1000),
		cmocka_unit_test(test_roundtrip_eap),
		cmocka_unit_test(test_roundtrip_pt_tls),
		cmocka_unit_test(test_roundtrip_odd),
		cmocka_unit_test(test_send_sizes),
		cmocka_unit_test(test_send_failures),
		cmocka_unit_test(test_base_ids),
		cmocka_unit_test(test_overflow_last),
		cmocka_unit_test(test_overflow_middle),
		cmocka_unit_test(test_truncated_last),
		cmocka_unit_test(test_length_limits),
		cmocka_unit_test(test_bad_base_header),
		cmocka_unit_test(test_ignored),
		cmocka_unit_test(test_reassembly_count),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_log_lines),
	};

	/* Events are logged at level 1; the tests need quiet output. */
	log_set_level(-1, -1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
