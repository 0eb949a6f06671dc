/*
 * tcg_simple_comp_evid.c - Simple Component Evidence (attestation spec 3,
 * 6.3): one measurement of a component, which the IMV checks and extends
 * into its emulated PCR (spec 6.6).
 *
 *   0 | Flags u8 | Sub-component Depth u24 |
 *   4 | Functional Component Name (8) |
 *  12 | Measurement Type u8 (0x80 hash) | Extended PCR u24 |
 *  16 | Hash Algorithm u16 | PCR Transform u8 | Reserved u8 |
 *  20 | Measurement Time (20 chars) |
 *  40 | [validation failed/passed: u16 length + Policy URI] |
 *     | [PCR flag: u16 length L + PCR Before (L) + PCR After (L)] |
 *     | Measurement (the rest) |
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

#define MEAS_TYPE_OFFSET 12
#define TRANSFORM_OFFSET 18
#define TIME_OFFSET 20

/* Whether the flags announce a Policy URI (validation failed or passed) */
static bool has_policy_uri(uint8_t flags)
{
	uint8_t v = flags & TCG_PTS_EVID_VALIDATION_MASK;

	return v == TCG_PTS_VALIDATION_FAILED ||
	       v == TCG_PTS_VALIDATION_PASSED;
}

/* PCR Before and After share one length field. */
static int read_pcrs(struct reader *r, struct tcg_simple_comp_evid *out,
		     uint32_t *offset)
{
	uint32_t start = pa_reader_offset(r);
	uint16_t len = reader_u16(r);

	out->pcr_before.len = len;
	out->pcr_before.ptr = reader_bytes(r, len);
	out->pcr_after.len = len;
	out->pcr_after.ptr = reader_bytes(r, len);
	if (!reader_ok(r)) {
		*offset = start;
		return -1;
	}
	return 0;
}

int tcg_simple_comp_evid_decode(const struct pa_attr_raw *raw,
				struct tcg_simple_comp_evid *out,
				uint32_t *offset)
{
	struct reader r;
	uint8_t meas_type;

	*out = (struct tcg_simple_comp_evid){ 0 };
	pa_value_reader(raw, &r);
	out->flags = reader_u8(&r);
	out->depth = reader_u24(&r);
	if (tcg_pts_comp_name_read(&r, &out->name, offset) < 0)
		return PA_DECODE_MALFORMED;
	meas_type = reader_u8(&r);
	out->pcr = reader_u24(&r);
	out->hash_algo = reader_u16(&r);
	out->transform = reader_u8(&r);
	out->reserved = reader_u8(&r);
	out->time.len = TCG_PTS_MEAS_TIME_LEN;
	out->time.ptr = reader_bytes(&r, TCG_PTS_MEAS_TIME_LEN);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	/* spec 3: hash is the only measurement type there is */
	if (meas_type != TCG_PTS_MEAS_TYPE_HASH) {
		*offset = MEAS_TYPE_OFFSET;
		return PA_DECODE_MALFORMED;
	}
	if (out->transform > TCG_PTS_PCR_TRANSFORM_LONG) {
		*offset = TRANSFORM_OFFSET;
		return PA_DECODE_MALFORMED;
	}
	/* the unknown time is all zero digits, which fits the pattern */
	if (!pa_time_valid(out->time.ptr)) {
		*offset = TIME_OFFSET;
		return PA_DECODE_MALFORMED;
	}
	if (has_policy_uri(out->flags) &&
	    pa_read_str16(&r, &out->policy_uri, offset) < 0)
		return PA_DECODE_MALFORMED;
	if ((out->flags & TCG_PTS_EVID_FLAG_PCR) &&
	    read_pcrs(&r, out, offset) < 0)
		return PA_DECODE_MALFORMED;
	out->measurement.len = reader_left(&r);
	out->measurement.ptr = reader_bytes(&r, out->measurement.len);
	return PA_DECODE_OK;
}

int tcg_simple_comp_evid_encode(const struct tcg_simple_comp_evid *in,
				struct writer *w)
{
	bool pcrs = in->flags & TCG_PTS_EVID_FLAG_PCR;

	if (in->depth > 0xFFFFFF || in->pcr > 0xFFFFFF ||
	    in->time.len != TCG_PTS_MEAS_TIME_LEN ||
	    (pcrs && (in->pcr_before.len != in->pcr_after.len ||
		      in->pcr_before.len > UINT16_MAX)))
		return -1;
	writer_u8(w, in->flags);
	writer_u24(w, in->depth);
	if (tcg_pts_comp_name_write(w, &in->name) < 0)
		return -1;
	writer_u8(w, TCG_PTS_MEAS_TYPE_HASH);
	writer_u24(w, in->pcr);
	writer_u16(w, in->hash_algo);
	writer_u8(w, in->transform);
	writer_u8(w, in->reserved);
	writer_bytes(w, in->time.ptr, in->time.len);
	if (has_policy_uri(in->flags) &&
	    pa_write_str16(w, in->policy_uri) < 0)
		return -1;
	if (pcrs) {
		writer_u16(w, (uint16_t)in->pcr_before.len);
		writer_bytes(w, in->pcr_before.ptr, in->pcr_before.len);
		writer_bytes(w, in->pcr_after.ptr, in->pcr_after.len);
	}
	writer_bytes(w, in->measurement.ptr, in->measurement.len);
	return pa_writer_result(w);
}
