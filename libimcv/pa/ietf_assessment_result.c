/*
 * ietf_assessment_result.c - IETF Assessment Result (RFC 5792 4.2.9): the
 * IMV's verdict, an IF-IMV evaluation result as a u32 (0 compliant,
 * 1 non-compliant minor, 2 non-compliant major, 3 error, 4 don't know).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#define VALUE_LEN 4
#define RESULT_MAX 4

int ietf_assessment_result_decode(const struct pa_attr_raw *raw,
				  struct ietf_assessment_result *out,
				  uint32_t *offset)
{
	struct reader r;

	pa_value_reader(raw, &r);
	out->result = reader_u32(&r);
	*offset = 0;
	if (raw->len != VALUE_LEN || out->result > RESULT_MAX)
		return PA_DECODE_MALFORMED;
	return PA_DECODE_OK;
}

int ietf_assessment_result_encode(const struct ietf_assessment_result *in,
				  struct writer *w)
{
	writer_u32(w, in->result);
	return pa_writer_result(w);
}
