/*
 * ietf_fwd_enabled.c - IETF Forwarding Enabled (RFC 5792 4.2.11): whether
 * the endpoint forwards traffic between interfaces, a u32: 0 disabled,
 * 1 enabled, 2 unknown.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#define VALUE_LEN 4
#define STATUS_MAX 2

int ietf_fwd_enabled_decode(const struct pa_attr_raw *raw,
			    struct ietf_fwd_enabled *out, uint32_t *offset)
{
	struct reader r;

	pa_value_reader(raw, &r);
	out->status = reader_u32(&r);
	*offset = 0;
	/* spec note 5.1 [ss]: exactly 4 bytes, values above 2 rejected */
	if (raw->len != VALUE_LEN || out->status > STATUS_MAX)
		return PA_DECODE_MALFORMED;
	return PA_DECODE_OK;
}

int ietf_fwd_enabled_encode(const struct ietf_fwd_enabled *in,
			    struct writer *w)
{
	writer_u32(w, in->status);
	return pa_writer_result(w);
}
