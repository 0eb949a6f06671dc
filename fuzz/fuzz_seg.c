/*
 * fuzz_seg.c - libFuzzer target for TCG IF-M segmentation (libimcv/seg/):
 * the envelopes, Next Segment requests and contract attributes a peer
 * sends, fed one after another into the state of one connection with a
 * small reassembly cap.
 *
 * The input is a sequence of records: an operation byte, a length byte,
 * then that many bytes of attribute value. Besides memory errors and
 * leaks it checks the module's promises: reassembly memory stays within
 * the limits, a finished attribute within the cap, and every error names
 * the segmented attribute by FF FF FF FF and its Base Message ID.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "seg.h"
#include "seg_attr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CAP		4096u
#define MAX_RX		3
#define SEND_LEN	3000u

static const struct seg_limits limits = { CAP, MAX_RX, 8 };

/*
 * Operation byte: the low two bits pick what the value is, bit 2 the peer;
 * for Next Segment the high five bits give the space left in the message,
 * for a contract attribute bit 3 makes it a response.
 */
enum op { OP_ENVELOPE, OP_NEXT, OP_CONTRACT, OP_CANCEL };

static void check_rx(const struct seg_table *t,
		     const struct seg_rx_result *res)
{
	static const uint8_t ff[4] = { 0xff, 0xff, 0xff, 0xff };

	if (t->n_rx > MAX_RX || seg_rx_allocated(t) > t->n_rx * CAP ||
	    seg_rx_peak(t) > MAX_RX * CAP)
		abort();
	if (res->status == SEG_RX_DONE &&
	    res->attr.len > CAP - PA_TNC_ATTR_HEADER_LEN)
		abort();
	if (res->status == SEG_RX_ERROR &&
	    (memcmp(res->error.header, ff, 4) != 0 ||
	     get_u32be(res->error.header + 4) != res->base_id ||
	     res->error.offset > CAP || !res->reason))
		abort();
}

static void on_envelope(struct seg_table *t, const struct seg_key *key,
			const struct pa_attr_raw *a)
{
	struct seg_envelope env;
	struct seg_rx_result res;
	uint32_t bad;

	if (seg_envelope_decode(a, &env, &bad) < 0)
		return;
	seg_on_envelope(t, key, &env, &res);
	check_rx(t, &res);
	if (res.status == SEG_RX_DONE)
		seg_attr_free(&res.attr);
}

static void on_next(struct seg_table *t, const struct seg_key *key,
		    const struct pa_attr_raw *a, size_t space)
{
	struct seg_next next;
	struct seg_tx_result res;
	struct writer w;
	uint32_t bad;

	if (seg_next_decode(a, &next, &bad) < 0)
		return;
	writer_init(&w);
	seg_on_next_segment(t, key, &next, space, &w, &res);
	if ((res.status == SEG_TX_SEGMENT || res.status == SEG_TX_LAST) &&
	    w.len > space)
		abort();
	writer_free(&w);
}

static void on_contract(struct seg_table *t, const struct seg_key *key,
			struct pa_attr_raw *a, bool response)
{
	struct seg_contract_attr c;
	struct writer w;
	uint32_t bad;

	a->type = response ? SEG_ATTR_CONTRACT_RESPONSE :
			     SEG_ATTR_CONTRACT_REQUEST;
	if (seg_contract_attr_decode(a, &c, &bad) < 0)
		return;
	writer_init(&w);
	if (response)
		seg_contract_on_response(t, key, &c);
	else
		seg_contract_on_request(t, key, &c, 1024, &w);
	writer_free(&w);
}

/* One contract each way with peer 1, one pending send, one any-peer
 * request that peer 2 may use. */
static void setup(struct seg_table *t, const struct seg_key *keys,
		  const uint8_t *value)
{
	struct seg_key any = keys[1];
	struct seg_contract_attr c = { SEG_SIZE_UNLIMITED, 100 };
	struct pa_attr_raw a = { 0, PEN_IETF, 7, value, SEND_LEN };
	struct seg_tx_result res;
	struct writer w;

	seg_table_init(t, LOG_IMV, &limits);
	writer_init(&w);
	any.peer_id = SEG_PEER_ANY;
	seg_contract_request(t, &keys[0], 512, &w);
	seg_contract_request(t, &any, 300, &w);
	seg_contract_on_request(t, &keys[0], &c, SEG_SIZE_UNLIMITED, &w);
	seg_send(t, &keys[0], &a, 1000, &w, &res);
	writer_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct seg_key keys[2] = { { PEN_IETF, 1, 1 },
						{ PEN_IETF, 1, 2 } };
	static uint8_t value[SEND_LEN];
	struct seg_table t;
	struct reader r;
	struct pa_attr_raw a = { 0, PEN_TCG, 0, NULL, 0 };
	const struct seg_key *key;
	uint8_t op, n;

	log_set_level(-1, -1);
	setup(&t, keys, value);
	reader_init(&r, data, size);
	while (reader_left(&r) >= 2) {
		op = reader_u8(&r);
		n = reader_u8(&r);
		if (n > reader_left(&r))
			n = (uint8_t)reader_left(&r);
		a.value = reader_bytes(&r, n);
		a.len = n;
		key = &keys[(op >> 2) & 1];
		switch ((enum op)(op & 3)) {
		case OP_ENVELOPE:
			a.type = SEG_ATTR_ENVELOPE;
			on_envelope(&t, key, &a);
			break;
		case OP_NEXT:
			a.type = SEG_ATTR_NEXT_SEGMENT;
			on_next(&t, key, &a, 16 + (size_t)(op >> 3) * 8);
			break;
		case OP_CONTRACT:
			on_contract(&t, key, &a, op & 0x08);
			break;
		case OP_CANCEL:
			if (n >= 3)
				seg_rx_cancel(&t, key, a.value[0] << 16 |
					      a.value[1] << 8 | a.value[2]);
			break;
		}
	}
	seg_table_free(&t);
	return 0;
}
