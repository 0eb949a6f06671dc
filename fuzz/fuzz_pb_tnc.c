/*
 * fuzz_pb_tnc.c - libFuzzer target for the PB-TNC batch parser and every
 * message value decoder (libtnccs/pb_tnc_batch.c, pb_tnc_msg.c): the bytes
 * a peer sends inside a PT-TLS PB-TNC Batch message.
 *
 * Besides memory errors it checks the parser's own promises: parsed
 * messages tile the batch exactly, and the generic builder reproduces
 * their bytes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "pb_tnc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs every decoder on a message, whatever its type. */
static void decode_all(const struct pb_msg *m)
{
	struct pb_pa pa;
	struct pb_remediation rem;
	struct pb_error_msg em;
	struct pb_reason_string rs;
	struct pb_pdp_referral pdp;
	const uint8_t *lang;
	size_t lang_len;
	uint32_t u32, bad;
	uint16_t u16;

	if (pb_pa_decode(m, &pa, &bad) == 0 &&
	    pa.body_len + PB_PA_HEADER_LEN != m->value_len)
		abort();
	pb_assessment_result_decode(m, &u32, &bad);
	pb_access_rec_decode(m, &u16, &bad);
	pb_remediation_decode(m, &rem, &bad);
	pb_error_decode(m, &em, &bad);
	if (pb_language_decode(m, &lang, &lang_len, &bad) == 0 &&
	    lang + lang_len != m->value + m->value_len)
		abort();
	if (pb_reason_decode(m, &rs, &bad) == 0 &&
	    rs.reason_len + rs.lang_len + 5 > m->value_len)
		abort();
	pb_pdp_referral_decode(m, &pdp, &bad);
	pb_mutual_decode(m, &u32, &bad);
	pb_msg_name(m->vendor, m->type);
	pb_msg_result_only(m->vendor, m->type);
}

static void check_batch(const uint8_t *data, size_t size,
			const struct pb_batch *b)
{
	struct writer w;
	size_t i, pos = PB_BATCH_HEADER_LEN;
	enum pb_state next;

	writer_init(&w);
	for (i = 0; i < b->count; i++) {
		const struct pb_msg *m = &b->msgs[i];

		if (m->offset != pos ||
		    m->value != data + pos + PB_MSG_HEADER_LEN)
			abort();
		pos += PB_MSG_HEADER_LEN + m->value_len;
		decode_all(m);
		pb_write_msg(&w, m->flags, m->vendor, m->type, m->value,
			     m->value_len);
	}
	if (pos != size || !writer_ok(&w) ||
	    w.len != size - PB_BATCH_HEADER_LEN ||
	    (w.len && memcmp(w.data, data + PB_BATCH_HEADER_LEN, w.len)))
		abort();
	writer_free(&w);
	pb_state_next(PB_STATE_SERVER_WORKING, b->type, &next);
	pb_batch_type_name(b->type);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	struct pb_batch b;
	struct pb_error err;
	int as_server;

	if (!quiet) {
		log_set_level(-1, -1);
		quiet = 1;
	}
	for (as_server = 0; as_server <= 1; as_server++) {
		if (pb_batch_parse(data, size, as_server, &b, &err) == 0) {
			check_batch(data, size, &b);
			pb_batch_free(&b);
		} else if (err.offset > size || !err.reason) {
			abort();
		}
	}
	/* The two-step form the session uses */
	if (pb_batch_parse_header(data, size, true, &b, &err) == 0) {
		pb_batch_parse_msgs(data, size, &b, &err);
		pb_batch_free(&b);
	}
	return 0;
}
