/*
 * tcg_simple_evid_final.c - Simple Evidence Final (attestation spec 8.1):
 * the last evidence attribute, carrying the TPM quote over the PCRs the
 * component evidence extended.
 *
 *   | Flags u8 | Reserved u8 | Composite Hash Algorithm u16 |
 *   quote mode not NONE:
 *   | u32 length + PCR Composite (TPM 2.0: the quote's pcrDigest) |
 *   TPM 2.0 mode only (strongSwan's extension), each with a u16 length:
 *   | qualifiedSigner | clockInfo (17) | firmwareVersion (8) |
 *   | TPML_PCR_SELECTION |
 *   quote mode not NONE:
 *   | u32 length + Quote Signature |
 *   evidence signature flag:
 *   | Evidence Signature (the rest) |
 *
 * The quote mode is flags & 0xD0; any value but the five of spec 8.1 is
 * malformed at the flags. The TPM 2.0 fields are kept as received, since
 * the IMV rebuilds TPMS_ATTEST from them (spec 8.3).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

/* The quote modes spec 8.1 defines. */
static const uint8_t quote_modes[] = {
	TCG_PTS_QUOTE_NONE, TCG_PTS_QUOTE_TPM2, TCG_PTS_QUOTE_INFO,
	TCG_PTS_QUOTE_INFO2, TCG_PTS_QUOTE_INFO2_CAP_VER,
};

static bool mode_valid(uint8_t mode)
{
	size_t i;

	for (i = 0; i < sizeof(quote_modes); i++)
		if (quote_modes[i] == mode)
			return true;
	return false;
}

enum tcg_pts_quote_mode tcg_simple_evid_final_mode(uint8_t flags)
{
	return (enum tcg_pts_quote_mode)(flags &
					 TCG_PTS_EVID_FINAL_QUOTE_MASK);
}

static int read_str32(struct reader *r, struct pa_bytes *s, uint32_t *offset)
{
	uint32_t start = pa_reader_offset(r);

	s->len = reader_u32(r);
	s->ptr = reader_bytes(r, s->len);
	if (!reader_ok(r)) {
		*offset = start;
		return -1;
	}
	return 0;
}

/* A u16-length field of a size fixed by TPM 2.0 (0: any size). */
static int read_fixed16(struct reader *r, struct pa_bytes *s, size_t size,
			uint32_t *offset)
{
	uint32_t start = pa_reader_offset(r);

	if (pa_read_str16(r, s, offset) < 0)
		return -1;
	if (size && s->len != size) {
		*offset = start;
		return -1;
	}
	return 0;
}

static int read_tpm2(struct reader *r, struct tcg_simple_evid_final *out,
		     uint32_t *offset)
{
	if (read_fixed16(r, &out->qualified_signer, 0, offset) < 0 ||
	    read_fixed16(r, &out->clock_info, TCG_PTS_TPM2_CLOCK_INFO_LEN,
			 offset) < 0 ||
	    read_fixed16(r, &out->firmware_version,
			 TCG_PTS_TPM2_FIRMWARE_VERSION_LEN, offset) < 0 ||
	    read_fixed16(r, &out->pcr_select, 0, offset) < 0)
		return -1;
	return 0;
}

int tcg_simple_evid_final_decode(const struct pa_attr_raw *raw,
				 struct tcg_simple_evid_final *out,
				 uint32_t *offset)
{
	struct reader r;
	uint8_t mode;

	*out = (struct tcg_simple_evid_final){ 0 };
	pa_value_reader(raw, &r);
	out->flags = reader_u8(&r);
	out->reserved = reader_u8(&r);
	out->comp_hash_algo = reader_u16(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	mode = tcg_simple_evid_final_mode(out->flags);
	if (!mode_valid(mode)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	if (mode != TCG_PTS_QUOTE_NONE) {
		if (read_str32(&r, &out->pcr_comp, offset) < 0)
			return PA_DECODE_MALFORMED;
		if (mode == TCG_PTS_QUOTE_TPM2 &&
		    read_tpm2(&r, out, offset) < 0)
			return PA_DECODE_MALFORMED;
		if (read_str32(&r, &out->quote_sig, offset) < 0)
			return PA_DECODE_MALFORMED;
	}
	if (out->flags & TCG_PTS_EVID_FINAL_FLAG_SIG) {
		out->evid_sig.len = reader_left(&r);
		out->evid_sig.ptr = reader_bytes(&r, out->evid_sig.len);
	}
	if (pa_check_end(&r, offset) < 0)
		return PA_DECODE_MALFORMED;
	return PA_DECODE_OK;
}

static int write_str32(struct writer *w, struct pa_bytes s)
{
	if (s.len > UINT32_MAX)
		return -1;
	writer_u32(w, (uint32_t)s.len);
	writer_bytes(w, s.ptr, s.len);
	return 0;
}

static int write_tpm2(struct writer *w, const struct tcg_simple_evid_final *in)
{
	if (in->clock_info.len != TCG_PTS_TPM2_CLOCK_INFO_LEN ||
	    in->firmware_version.len != TCG_PTS_TPM2_FIRMWARE_VERSION_LEN)
		return -1;
	if (pa_write_str16(w, in->qualified_signer) < 0 ||
	    pa_write_str16(w, in->clock_info) < 0 ||
	    pa_write_str16(w, in->firmware_version) < 0 ||
	    pa_write_str16(w, in->pcr_select) < 0)
		return -1;
	return 0;
}

int tcg_simple_evid_final_encode(const struct tcg_simple_evid_final *in,
				 struct writer *w)
{
	uint8_t mode = tcg_simple_evid_final_mode(in->flags);

	if (!mode_valid(mode))
		return -1;
	writer_u8(w, in->flags);
	writer_u8(w, in->reserved);
	writer_u16(w, in->comp_hash_algo);
	if (mode != TCG_PTS_QUOTE_NONE) {
		if (write_str32(w, in->pcr_comp) < 0)
			return -1;
		if (mode == TCG_PTS_QUOTE_TPM2 && write_tpm2(w, in) < 0)
			return -1;
		if (write_str32(w, in->quote_sig) < 0)
			return -1;
	}
	if (in->flags & TCG_PTS_EVID_FINAL_FLAG_SIG)
		writer_bytes(w, in->evid_sig.ptr, in->evid_sig.len);
	return pa_writer_result(w);
}
