/*
 * ietf_swima_error.c - the SWIMA PA-TNC errors (RFC 8412, swima spec note
 * 2.5): IETF PA-TNC Error codes 4-8, whose Error Information
 * ietf_pa_tnc_error.c keeps opaque. Here it is built and read:
 *
 *   | Request ID Copy u32 |
 *   code 6 only:  | Maximum Allowed Size u32 |
 *   | Description (UTF-8, the rest) |
 *
 * The SWIMA IMC sends code 5 when it does not take subscriptions and
 * code 4 when it cannot collect what was asked (swima spec note 5); the
 * SWIMA IMV reads them by request ID.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"
#include "pa_msg.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* Where the Error Information starts in the PA-TNC Error value */
#define INFO_OFFSET 8

bool ietf_swima_error_is(uint32_t vendor, uint32_t code)
{
	return vendor == PEN_IETF && code >= PA_ERROR_SWIMA &&
	       code <= PA_ERROR_SWIMA_SUBSCRIPTION_ID_REUSE;
}

static bool has_max_size(uint32_t code)
{
	return code == PA_ERROR_SWIMA_RESPONSE_TOO_LARGE;
}

/*
 * How many bytes of desc fit in room without splitting a UTF-8
 * character: a cut before a continuation byte moves back to the start of
 * that character.
 */
static size_t utf8_cut(const char *desc, size_t len, size_t room)
{
	if (len <= room)
		return len;
	while (room > 0 && ((uint8_t)desc[room] & 0xc0) == 0x80)
		room--;
	return room;
}

int ietf_pa_tnc_error_swima(uint32_t code, uint32_t request_id,
			    uint32_t max_size, const char *desc,
			    struct writer *w)
{
	uint8_t info[IETF_PA_TNC_ERROR_MAX_INFO];
	struct pa_error err = { .vendor = PEN_IETF, .code = code };
	struct pa_attr a = { .vendor = PEN_IETF,
			     .type = IETF_ATTR_PA_TNC_ERROR };
	size_t len = 0, desc_len;

	if (!ietf_swima_error_is(PEN_IETF, code))
		return -1;
	put_u32be(info, request_id);
	len += 4;
	if (has_max_size(code)) {
		put_u32be(info + len, max_size);
		len += 4;
	}
	if (desc) {
		desc_len = utf8_cut(desc, strlen(desc), sizeof(info) - len);
		memcpy(info + len, desc, desc_len);
		len += desc_len;
	}
	ietf_pa_tnc_error_init(&a.v.pa_tnc_error, &err, info, len);
	return pa_attr_encode(&a, w);
}

int ietf_swima_error_decode(const struct ietf_pa_tnc_error *e,
			    struct ietf_swima_error *out, uint32_t *offset)
{
	struct reader r;
	uint32_t at = INFO_OFFSET;

	*out = (struct ietf_swima_error){ .code = e->err.code };
	if (!ietf_swima_error_is(e->err.vendor, e->err.code))
		return PA_DECODE_UNKNOWN;
	reader_init(&r, e->info.ptr, e->info.len);
	out->request_id = reader_u32(&r);
	if (reader_ok(&r) && has_max_size(e->err.code)) {
		at += 4;
		out->max_size = reader_u32(&r);
	}
	if (!reader_ok(&r)) {
		*offset = at;
		return PA_DECODE_MALFORMED;
	}
	out->desc.len = reader_left(&r);
	out->desc.ptr = reader_bytes(&r, out->desc.len);
	return PA_DECODE_OK;
}

const char *ietf_swima_error_format(const struct ietf_swima_error *e,
				    char *buf, size_t len)
{
	const char *name = pa_error_code_name(PEN_IETF, e->code);
	int desc_len = e->desc.len > INT_MAX ? INT_MAX : (int)e->desc.len;
	const char *desc = e->desc.ptr ? (const char *)e->desc.ptr : "";

	if (has_max_size(e->code))
		snprintf(buf, len, "PA-TNC error '%s' for request %u "
			 "(at most %u bytes): %.*s", name, e->request_id,
			 e->max_size, desc_len, desc);
	else
		snprintf(buf, len, "PA-TNC error '%s' for request %u: %.*s",
			 name, e->request_id, desc_len, desc);
	return buf;
}
