/*
 * ietf_default_pwd_enabled.c - IETF Factory Default Password Enabled
 * (RFC 5792 4.2.12): whether a factory default password is still set, a
 * u32 boolean.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#define VALUE_LEN 4

int ietf_default_pwd_enabled_decode(const struct pa_attr_raw *raw,
				    struct ietf_default_pwd_enabled *out,
				    uint32_t *offset)
{
	struct reader r;

	pa_value_reader(raw, &r);
	out->enabled = reader_u32(&r);
	*offset = 0;
	/* spec note 5.1 [ss]: exactly 4 bytes, values above 1 rejected */
	if (raw->len != VALUE_LEN || out->enabled > 1)
		return PA_DECODE_MALFORMED;
	return PA_DECODE_OK;
}

int ietf_default_pwd_enabled_encode(const struct ietf_default_pwd_enabled *in,
				    struct writer *w)
{
	writer_u32(w, in->enabled);
	return pa_writer_result(w);
}
