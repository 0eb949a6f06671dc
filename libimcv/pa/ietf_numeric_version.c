/*
 * ietf_numeric_version.c - IETF Numeric Version (RFC 5792 4.2.3), exactly
 * 16 bytes:
 *
 *   | Major u32 | Minor u32 | Build u32 | SP Major u16 | SP Minor u16 |
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#define VALUE_LEN 16

int ietf_numeric_version_decode(const struct pa_attr_raw *raw,
				struct ietf_numeric_version *out,
				uint32_t *offset)
{
	struct reader r;

	if (raw->len != VALUE_LEN) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	pa_value_reader(raw, &r);
	out->major = reader_u32(&r);
	out->minor = reader_u32(&r);
	out->build = reader_u32(&r);
	out->sp_major = reader_u16(&r);
	out->sp_minor = reader_u16(&r);
	return PA_DECODE_OK;
}

int ietf_numeric_version_encode(const struct ietf_numeric_version *in,
				struct writer *w)
{
	writer_u32(w, in->major);
	writer_u32(w, in->minor);
	writer_u32(w, in->build);
	writer_u16(w, in->sp_major);
	writer_u16(w, in->sp_minor);
	return pa_writer_result(w);
}
