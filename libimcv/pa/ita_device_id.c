/*
 * ita_device_id.c - ITA-HSR Device ID (spec note 8, type 8): the
 * endpoint's identity for the policy database, e.g. its machine-id as
 * hex or an AIK key id. Text filling the value, no NUL ([ss]).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

int ita_device_id_decode(const struct pa_attr_raw *raw,
			 struct ita_device_id *out, uint32_t *offset)
{
	return pa_text_decode(raw, &out->id, offset);
}

int ita_device_id_encode(const struct ita_device_id *in, struct writer *w)
{
	writer_bytes(w, in->id.ptr, in->id.len);
	return pa_writer_result(w);
}
