/*
 * tcg_tpm_version_info.c - TPM Version Information (attestation spec 3,
 * 3.1): the attribute carries an opaque version structure, kept as it
 * is; tcg_tpm_version_parse tells the two forms apart by their tag.
 *
 * TPM 2.0, the 16 bytes strongSwan defines:
 *   | Tag 0x0200 u16 | Reserved u8 | Startup Locality u8 |
 *   | Revision u32 (138 = 1.38) | Year u32 | Manufacturer (4 ASCII) |
 * TPM 1.2, TPM_CAP_VERSION_INFO (TPM 1.2 Main Part 2, 21.6):
 *   | Tag 0x0030 u16 | Major | Minor | RevMajor | RevMinor |
 *   | SpecLevel u16 | ErrataRev u8 | TPM Vendor ID (4) |
 *   | Vendor Specific Size u16 | Vendor Specific |
 *
 * The IMV takes the startup locality for its emulated PCR0 (spec 6.4)
 * and tells TPM 1.2 from 2.0 for the quote (spec 8).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"

#include <string.h>

/* the IMC's startup locality, and Intel PTT's (spec 3.1) */
#define LOCALITY_DEFAULT 3
#define LOCALITY_INTEL 0
/* where TPM_CAP_VERSION_INFO's Vendor Specific Size sits */
#define VENDOR_SIZE_OFFSET 13

int tcg_tpm_version_info_decode(const struct pa_attr_raw *raw,
				struct tcg_tpm_version_info *out,
				uint32_t *offset)
{
	(void)offset;
	out->info.ptr = raw->value;
	out->info.len = raw->len;
	return PA_DECODE_OK;
}

int tcg_tpm_version_info_encode(const struct tcg_tpm_version_info *in,
				struct writer *w)
{
	writer_bytes(w, in->info.ptr, in->info.len);
	return pa_writer_result(w);
}

static int parse_2_0(struct reader *r, struct tcg_tpm_version_desc *out)
{
	const uint8_t *manufacturer;

	out->version = TCG_TPM_VERSION_2_0;
	out->reserved = reader_u8(r);
	out->locality = reader_u8(r);
	out->revision = reader_u32(r);
	out->year = reader_u32(r);
	manufacturer = reader_bytes(r, 4);
	if (!reader_ok(r))
		return -1;
	memcpy(out->manufacturer, manufacturer, 4);
	return 0;
}

static int parse_1_2(struct reader *r, struct tcg_tpm_version_desc *out,
		     uint32_t *offset)
{
	const uint8_t *vendor;
	uint16_t size;

	out->version = TCG_TPM_VERSION_1_2;
	out->major = reader_u8(r);
	out->minor = reader_u8(r);
	out->rev_major = reader_u8(r);
	out->rev_minor = reader_u8(r);
	out->spec_level = reader_u16(r);
	out->errata_rev = reader_u8(r);
	vendor = reader_bytes(r, 4);
	size = reader_u16(r);
	if (!reader_ok(r)) {
		*offset = (uint32_t)r->len;
		return -1;
	}
	memcpy(out->vendor_id, vendor, 4);
	out->vendor_specific.len = size;
	out->vendor_specific.ptr = reader_bytes(r, size);
	if (!reader_ok(r)) {
		*offset = VENDOR_SIZE_OFFSET;
		return -1;
	}
	return pa_check_end(r, offset);
}

int tcg_tpm_version_parse(struct pa_bytes info,
			  struct tcg_tpm_version_desc *out, uint32_t *offset)
{
	struct reader r;
	uint16_t tag;

	memset(out, 0, sizeof(*out));
	reader_init(&r, info.ptr, info.len);
	tag = reader_u16(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	switch (tag) {
	case TCG_TPM_VERSION_TAG_2_0:
		if (parse_2_0(&r, out) < 0) {
			*offset = (uint32_t)info.len;
			return PA_DECODE_MALFORMED;
		}
		if (pa_check_end(&r, offset) < 0)
			return PA_DECODE_MALFORMED;
		return PA_DECODE_OK;
	case TCG_TPM_VERSION_TAG_1_2:
		if (parse_1_2(&r, out, offset) < 0)
			return PA_DECODE_MALFORMED;
		return PA_DECODE_OK;
	default:
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
}

int tcg_tpm_version_build_2_0(const struct tcg_tpm_version_desc *in,
			      struct writer *w)
{
	writer_u16(w, TCG_TPM_VERSION_TAG_2_0);
	writer_u8(w, in->reserved);
	writer_u8(w, in->locality);
	writer_u32(w, in->revision);
	writer_u32(w, in->year);
	writer_bytes(w, in->manufacturer, sizeof(in->manufacturer));
	return pa_writer_result(w);
}

uint8_t tcg_tpm_version_locality(const uint8_t manufacturer[4])
{
	return memcmp(manufacturer, TCG_TPM_MANUFACTURER_INTEL, 4) == 0 ?
	       LOCALITY_INTEL : LOCALITY_DEFAULT;
}
