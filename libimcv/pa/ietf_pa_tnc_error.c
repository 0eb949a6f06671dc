/*
 * ietf_pa_tnc_error.c - IETF PA-TNC Error (RFC 5792 4.2.8): how a
 * receiver tells the sender which PA-TNC message it could not process.
 *
 *   | Reserved u8 | Error Code Vendor ID u24 |
 *   | Error Code u32                         |
 *   | Error Information (variable)           |
 *
 * For the IETF codes 1-3 the information is the 8-byte header of the
 * offending message (or FF FF FF FF + Base Message ID for a reassembled
 * segmented attribute) followed by
 *   1 Invalid Parameter:            Offset u32
 *   2 Version Not Supported:        Max Version u8, Min Version u8, Rsvd u16
 *   3 Attribute Type Not Supported: Flags u8, Vendor ID u24, Type u32
 * Every other code (the SWIMA codes 4-8, other vendors' codes) keeps its
 * information opaque; the agent that owns the code interprets it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <string.h>

#define INFO_OFFSET 8

static bool info_is_structured(uint32_t vendor, uint32_t code)
{
	return vendor == PEN_IETF && code >= PA_ERROR_INVALID_PARAMETER &&
	       code <= PA_ERROR_ATTR_TYPE_NOT_SUPPORTED;
}

/* The information after the header copy, by code. */
static void read_structured(struct reader *r, struct ietf_pa_tnc_error *out)
{
	struct pa_error *e = &out->err;

	switch (e->code) {
	case PA_ERROR_INVALID_PARAMETER:
		e->offset = reader_u32(r);
		break;
	case PA_ERROR_VERSION_NOT_SUPPORTED:
		out->max_version = reader_u8(r);
		out->min_version = reader_u8(r);
		reader_u16(r);
		break;
	default:
		e->attr_flags = reader_u8(r);
		e->attr_vendor = reader_u24(r);
		e->attr_type = reader_u32(r);
		break;
	}
}

int ietf_pa_tnc_error_decode(const struct pa_attr_raw *raw,
			     struct ietf_pa_tnc_error *out, uint32_t *offset)
{
	struct reader r;
	const uint8_t *header;

	memset(out, 0, sizeof(*out));
	pa_value_reader(raw, &r);
	reader_u8(&r);
	out->err.vendor = reader_u24(&r);
	out->err.code = reader_u32(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	if (!info_is_structured(out->err.vendor, out->err.code)) {
		out->info.len = reader_left(&r);
		out->info.ptr = reader_bytes(&r, out->info.len);
		return PA_DECODE_OK;
	}
	header = reader_bytes(&r, PA_TNC_MSG_HEADER_LEN);
	if (header)
		memcpy(out->err.header, header, PA_TNC_MSG_HEADER_LEN);
	read_structured(&r, out);
	if (!reader_ok(&r)) {
		*offset = INFO_OFFSET;
		return PA_DECODE_MALFORMED;
	}
	if (pa_check_end(&r, offset) < 0)
		return PA_DECODE_MALFORMED;
	return PA_DECODE_OK;
}

int ietf_pa_tnc_error_encode(const struct ietf_pa_tnc_error *in,
			     struct writer *w)
{
	const struct pa_error *e = &in->err;
	size_t info_len = in->info.len;

	writer_u8(w, 0);
	writer_u24(w, e->vendor);
	writer_u32(w, e->code);
	if (!info_is_structured(e->vendor, e->code)) {
		/* spec note 5.1 [ss]: opaque information is cut at 1 KB */
		if (info_len > IETF_PA_TNC_ERROR_MAX_INFO)
			info_len = IETF_PA_TNC_ERROR_MAX_INFO;
		writer_bytes(w, in->info.ptr, info_len);
		return pa_writer_result(w);
	}
	writer_bytes(w, e->header, PA_TNC_MSG_HEADER_LEN);
	switch (e->code) {
	case PA_ERROR_INVALID_PARAMETER:
		writer_u32(w, e->offset);
		break;
	case PA_ERROR_VERSION_NOT_SUPPORTED:
		writer_u8(w, in->max_version);
		writer_u8(w, in->min_version);
		writer_u16(w, 0);
		break;
	default:
		writer_u8(w, e->attr_flags);
		writer_u24(w, e->attr_vendor);
		writer_u32(w, e->attr_type);
		break;
	}
	return pa_writer_result(w);
}

void ietf_pa_tnc_error_init(struct ietf_pa_tnc_error *out,
			    const struct pa_error *err, const uint8_t *info,
			    size_t info_len)
{
	memset(out, 0, sizeof(*out));
	out->err = *err;
	/* the only PA-TNC version there is, offered as both max and min */
	out->max_version = PA_TNC_VERSION;
	out->min_version = PA_TNC_VERSION;
	out->info.ptr = info;
	out->info.len = info ? info_len : 0;
}

int ietf_pa_tnc_error_write(const struct pa_error *err, struct writer *w)
{
	struct pa_attr a = {
		.flags = 0,
		.vendor = PEN_IETF,
		.type = IETF_ATTR_PA_TNC_ERROR,
	};

	ietf_pa_tnc_error_init(&a.v.pa_tnc_error, err, NULL, 0);
	return pa_attr_encode(&a, w);
}
