/*
 * tcg_pts_error.c - the PTS errors (attestation spec 3.1): PA-TNC Error
 * attributes of vendor TCG, codes 1-16, whose Error Information
 * ietf_pa_tnc_error.c keeps opaque. Here it is built and read by code:
 *
 *   1 hash algorithm not supported | Reserved u16 | Supported Algos u16 |
 *   6 DH groups not supported      | Reserved u16 | Supported Groups u16 |
 *   7 bad nonce length             | Min Length u16 | Max Length u16 |
 *   2 invalid path, 3 file not found, 10 invalid delimiter:
 *                                  | value of the failed request |
 *   any other code                 | (opaque, normally empty) |
 *
 * The names come from the error table of pa_msg.c, so a log line of the
 * PA-TNC layer and of the attestation agents agree.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"
#include "pa_field.h"
#include "pa_msg.h"

#include <stdio.h>

/* Where the Error Information starts in the PA-TNC Error value */
#define INFO_OFFSET 8
#define FIXED_INFO_LEN 4

enum info_layout {
	INFO_OPAQUE,
	INFO_BITS,		/* reserved + bits */
	INFO_NONCE_LEN,		/* min + max */
	INFO_REQUEST,		/* the request attribute's value */
};

static const struct {
	uint32_t code;
	enum info_layout layout;
} layouts[] = {
	{ TCG_PTS_HASH_ALG_NOT_SUPPORTED, INFO_BITS },
	{ TCG_PTS_INVALID_PATH, INFO_REQUEST },
	{ TCG_PTS_FILE_NOT_FOUND, INFO_REQUEST },
	{ TCG_PTS_DH_GRPS_NOT_SUPPORTED, INFO_BITS },
	{ TCG_PTS_BAD_NONCE_LENGTH, INFO_NONCE_LEN },
	{ TCG_PTS_INVALID_DELIMITER, INFO_REQUEST },
};

static bool code_valid(uint32_t code)
{
	return code >= TCG_PTS_HASH_ALG_NOT_SUPPORTED &&
	       code <= TCG_PTS_UNABLE_DET_PCR;
}

static enum info_layout layout_of(uint32_t code)
{
	size_t i;

	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (layouts[i].code == code)
			return layouts[i].layout;
	return INFO_OPAQUE;
}

const char *tcg_pts_error_name(uint32_t code)
{
	return pa_error_code_name(PEN_TCG, code);
}

int tcg_pts_error_write(const struct tcg_pts_error *e, struct writer *w)
{
	struct pa_error err = { .vendor = PEN_TCG, .code = e->code };
	struct pa_attr a = { .vendor = PEN_IETF,
			     .type = IETF_ATTR_PA_TNC_ERROR };
	uint8_t fixed[FIXED_INFO_LEN];
	struct pa_bytes info = e->info;

	if (!code_valid(e->code))
		return -1;
	switch (layout_of(e->code)) {
	case INFO_BITS:
		fixed[0] = (uint8_t)(e->reserved >> 8);
		fixed[1] = (uint8_t)e->reserved;
		fixed[2] = (uint8_t)(e->bits >> 8);
		fixed[3] = (uint8_t)e->bits;
		info = (struct pa_bytes){ fixed, sizeof(fixed) };
		break;
	case INFO_NONCE_LEN:
		fixed[0] = (uint8_t)(e->min_nonce_len >> 8);
		fixed[1] = (uint8_t)e->min_nonce_len;
		fixed[2] = (uint8_t)(e->max_nonce_len >> 8);
		fixed[3] = (uint8_t)e->max_nonce_len;
		info = (struct pa_bytes){ fixed, sizeof(fixed) };
		break;
	case INFO_REQUEST:
		info = e->request;
		break;
	case INFO_OPAQUE:
		break;
	}
	ietf_pa_tnc_error_init(&a.v.pa_tnc_error, &err, info.ptr, info.len);
	return pa_attr_encode(&a, w);
}

int tcg_pts_error_decode(const struct ietf_pa_tnc_error *e,
			 struct tcg_pts_error *out, uint32_t *offset)
{
	enum info_layout layout = layout_of(e->err.code);
	struct reader r;

	*out = (struct tcg_pts_error){ .code = e->err.code };
	if (e->err.vendor != PEN_TCG || !code_valid(e->err.code))
		return PA_DECODE_UNKNOWN;
	if (layout == INFO_REQUEST) {
		out->request = e->info;
		return PA_DECODE_OK;
	}
	if (layout == INFO_OPAQUE) {
		out->info = e->info;
		return PA_DECODE_OK;
	}
	reader_init(&r, e->info.ptr, e->info.len);
	if (layout == INFO_BITS) {
		out->reserved = reader_u16(&r);
		out->bits = reader_u16(&r);
	} else {
		out->min_nonce_len = reader_u16(&r);
		out->max_nonce_len = reader_u16(&r);
	}
	if (!reader_ok(&r)) {
		*offset = INFO_OFFSET;
		return PA_DECODE_MALFORMED;
	}
	if (pa_check_end(&r, offset) < 0) {
		*offset += INFO_OFFSET;
		return PA_DECODE_MALFORMED;
	}
	return PA_DECODE_OK;
}

const char *tcg_pts_error_format(const struct tcg_pts_error *e, char *buf,
				 size_t len)
{
	const char *name = tcg_pts_error_name(e->code);

	if (!name) {
		snprintf(buf, len, "PTS error code %u", e->code);
		return buf;
	}
	switch (layout_of(e->code)) {
	case INFO_BITS:
		snprintf(buf, len, "PTS error '%s' (supported 0x%04x)", name,
			 e->bits);
		break;
	case INFO_NONCE_LEN:
		snprintf(buf, len, "PTS error '%s' (nonce length %u..%u)",
			 name, e->min_nonce_len, e->max_nonce_len);
		break;
	case INFO_REQUEST:
		snprintf(buf, len, "PTS error '%s' (request of %zu bytes)",
			 name, e->request.len);
		break;
	case INFO_OPAQUE:
		snprintf(buf, len, "PTS error '%s'", name);
		break;
	}
	return buf;
}
