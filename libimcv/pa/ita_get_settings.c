/*
 * ita_get_settings.c - ITA-HSR Get Settings (spec note 8, type 3): the OS
 * IMV asks for settings by name (typically file paths).
 *
 *   | Count u32 | u16 len | Name |  ... Count times
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <stdlib.h>

#define ENTRY_MIN_LEN 2

int ita_get_settings_decode(const struct pa_attr_raw *raw,
			    struct ita_get_settings *out, uint32_t *offset)
{
	struct reader r;
	uint32_t count;
	size_t i, cap;

	out->count = 0;
	out->names = NULL;
	pa_value_reader(raw, &r);
	count = reader_u32(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->names = pa_entries_new(count, &r, ENTRY_MIN_LEN,
				    sizeof(*out->names), &cap);
	if (!out->names)
		return PA_DECODE_NOMEM;
	for (i = 0; i < count; i++) {
		struct pa_bytes name;

		/* spec note 8 [ss]: a truncated list fails */
		if (pa_read_str16(&r, &name, offset) < 0)
			goto malformed;
		/* unreachable: each entry took at least ENTRY_MIN_LEN bytes */
		if (i == cap) {
			*offset = pa_reader_offset(&r);
			goto malformed;
		}
		out->names[i] = name;
	}
	if (pa_check_end(&r, offset) < 0)
		goto malformed;
	out->count = count;
	return PA_DECODE_OK;

malformed:
	ita_get_settings_free(out);
	return PA_DECODE_MALFORMED;
}

int ita_get_settings_encode(const struct ita_get_settings *in,
			    struct writer *w)
{
	size_t i;

	if (in->count > UINT32_MAX)
		return -1;
	writer_u32(w, (uint32_t)in->count);
	for (i = 0; i < in->count; i++) {
		if (pa_write_str16(w, in->names[i]) < 0)
			return -1;
	}
	return pa_writer_result(w);
}

void ita_get_settings_free(struct ita_get_settings *v)
{
	free(v->names);
	v->names = NULL;
	v->count = 0;
}
