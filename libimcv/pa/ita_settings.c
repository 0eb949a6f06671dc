/*
 * ita_settings.c - ITA-HSR Settings (spec note 8, type 4): the OS IMC's
 * answer to Get Settings, the content of each setting it could read.
 *
 *   | Count u32 | u16 len | Name | u16 len | Value |  ... Count times
 *
 * [ss] receivers strip one trailing newline from each value; that is the
 * agent's business, the codec keeps the bytes as sent.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

#include <stdlib.h>

#define ENTRY_MIN_LEN 4

int ita_settings_decode(const struct pa_attr_raw *raw,
			struct ita_settings *out, uint32_t *offset)
{
	struct reader r;
	uint32_t count;
	size_t i, cap;

	out->count = 0;
	out->settings = NULL;
	pa_value_reader(raw, &r);
	count = reader_u32(&r);
	if (!reader_ok(&r)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	out->settings = pa_entries_new(count, &r, ENTRY_MIN_LEN,
				       sizeof(*out->settings), &cap);
	if (!out->settings)
		return PA_DECODE_NOMEM;
	for (i = 0; i < count; i++) {
		struct ita_setting s;

		/* spec note 8 [ss]: a truncated list fails */
		if (pa_read_str16(&r, &s.name, offset) < 0 ||
		    pa_read_str16(&r, &s.value, offset) < 0)
			goto malformed;
		/* unreachable: each entry took at least ENTRY_MIN_LEN bytes */
		if (i == cap) {
			*offset = pa_reader_offset(&r);
			goto malformed;
		}
		out->settings[i] = s;
	}
	if (pa_check_end(&r, offset) < 0)
		goto malformed;
	out->count = count;
	return PA_DECODE_OK;

malformed:
	ita_settings_free(out);
	return PA_DECODE_MALFORMED;
}

int ita_settings_encode(const struct ita_settings *in, struct writer *w)
{
	size_t i;

	if (in->count > UINT32_MAX)
		return -1;
	writer_u32(w, (uint32_t)in->count);
	for (i = 0; i < in->count; i++) {
		if (pa_write_str16(w, in->settings[i].name) < 0 ||
		    pa_write_str16(w, in->settings[i].value) < 0)
			return -1;
	}
	return pa_writer_result(w);
}

void ita_settings_free(struct ita_settings *v)
{
	free(v->settings);
	v->settings = NULL;
	v->count = 0;
}
