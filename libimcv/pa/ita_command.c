/*
 * ita_command.c - ITA-HSR Command (spec note 8, type 1): the test IMC
 * tells its IMV which recommendation to give ("allow", "isolate",
 * "block", "none", "retry"), the IMV asks for another round ("repeat").
 * ASCII text filling the value, no length prefix, no NUL.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"
#include "pa_field.h"

int ita_command_decode(const struct pa_attr_raw *raw, struct ita_command *out,
		       uint32_t *offset)
{
	return pa_text_decode(raw, &out->command, offset);
}

int ita_command_encode(const struct ita_command *in, struct writer *w)
{
	writer_bytes(w, in->command.ptr, in->command.len);
	return pa_writer_result(w);
}
