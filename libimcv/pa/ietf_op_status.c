/*
 * ietf_op_status.c - IETF Operational Status (RFC 5792 4.2.5), exactly 24
 * bytes:
 *
 *   | Status u8 | Result u8 | Reserved u16 | Last Use (20 ASCII chars) |
 *
 * Last Use is an RFC 3339 UTC time, YYYY-MM-DDThh:mm:ssZ; the all-zero
 * form 0000-00-00T00:00:00Z means "unknown" and fits the same pattern.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <string.h>

#define VALUE_LEN 24
#define RESULT_OFFSET 1
#define LAST_USE_OFFSET 4

int ietf_op_status_decode(const struct pa_attr_raw *raw,
			  struct ietf_op_status *out, uint32_t *offset)
{
	struct reader r;
	const uint8_t *last_use;

	if (raw->len != VALUE_LEN) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	pa_value_reader(raw, &r);
	out->status = reader_u8(&r);
	out->result = reader_u8(&r);
	reader_u16(&r);
	last_use = reader_bytes(&r, IETF_OP_STATUS_LAST_USE_LEN);
	if (out->status > IETF_OP_STATUS_OPERATIONAL) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	if (out->result > IETF_OP_RESULT_UNSUCCESSFUL) {
		*offset = RESULT_OFFSET;
		return PA_DECODE_MALFORMED;
	}
	if (!last_use || !pa_time_valid(last_use)) {
		*offset = LAST_USE_OFFSET;
		return PA_DECODE_MALFORMED;
	}
	memcpy(out->last_use, last_use, IETF_OP_STATUS_LAST_USE_LEN);
	out->last_use[IETF_OP_STATUS_LAST_USE_LEN] = '\0';
	return PA_DECODE_OK;
}

int ietf_op_status_encode(const struct ietf_op_status *in, struct writer *w)
{
	if (strlen(in->last_use) != IETF_OP_STATUS_LAST_USE_LEN)
		return -1;
	writer_u8(w, in->status);
	writer_u8(w, in->result);
	writer_u16(w, 0);
	writer_bytes(w, in->last_use, IETF_OP_STATUS_LAST_USE_LEN);
	return pa_writer_result(w);
}
