/*
 * ietf_remediation_instr.c - IETF Remediation Instructions (RFC 5792
 * 4.2.10): what the endpoint's user should do to become compliant.
 *
 *   | Reserved u8 | Remediation Parameters Vendor ID u24 |
 *   | Remediation Parameters Type u32                    |
 *   | Remediation Parameters (variable)                  |
 *
 * IETF parameter types (RFC 5793 4.8.1, shared with PB-TNC):
 *   1 URI:    the URI bytes, the rest of the value
 *   2 String: | String Length u32 | UTF-8 string | Lang Length u8 | Lang |
 * Parameters of any other type or vendor are kept opaque.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#define PARAMS_OFFSET 8

static bool is_ietf_type(const struct ietf_remediation_instr *ri,
			 uint32_t type)
{
	return ri->vendor == PEN_IETF && ri->type == type;
}

/* The String parameters, read from r positioned at PARAMS_OFFSET. */
static int read_string_params(struct reader *r,
			      struct ietf_remediation_instr *out,
			      uint32_t *offset)
{
	uint32_t start = pa_reader_offset(r);

	out->string.len = reader_u32(r);
	out->string.ptr = reader_bytes(r, out->string.len);
	if (!reader_ok(r)) {
		*offset = start;
		return -1;
	}
	/* spec note 5.1 [ss]: no NUL inside the string */
	if (pa_check_no_nul(out->string, start + 4, offset) < 0 ||
	    pa_read_str8(r, &out->lang, offset) < 0)
		return -1;
	return pa_check_end(r, offset);
}

int ietf_remediation_instr_decode(const struct pa_attr_raw *raw,
				  struct ietf_remediation_instr *out,
				  uint32_t *offset)
{
	struct reader r, params;

	*out = (struct ietf_remediation_instr){ 0 };
	pa_value_reader(raw, &r);
	reader_u8(&r);
	out->vendor = reader_u24(&r);
	out->type = reader_u32(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->params.len = reader_left(&r);
	params = r;
	out->params.ptr = reader_bytes(&params, out->params.len);
	if (is_ietf_type(out, IETF_REMEDIATION_URI))
		out->uri = out->params;
	else if (is_ietf_type(out, IETF_REMEDIATION_STRING) &&
		 read_string_params(&r, out, offset) < 0)
		return PA_DECODE_MALFORMED;
	return PA_DECODE_OK;
}

int ietf_remediation_instr_encode(const struct ietf_remediation_instr *in,
				  struct writer *w)
{
	writer_u8(w, 0);
	writer_u24(w, in->vendor);
	writer_u32(w, in->type);
	if (is_ietf_type(in, IETF_REMEDIATION_URI)) {
		writer_bytes(w, in->uri.ptr, in->uri.len);
	} else if (is_ietf_type(in, IETF_REMEDIATION_STRING)) {
		if (in->string.len > UINT32_MAX)
			return -1;
		writer_u32(w, (uint32_t)in->string.len);
		writer_bytes(w, in->string.ptr, in->string.len);
		if (pa_write_str8(w, in->lang) < 0)
			return -1;
	} else {
		writer_bytes(w, in->params.ptr, in->params.len);
	}
	return pa_writer_result(w);
}
