/*
 * pts_error.c - names of the libpts error codes (pts_error.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pts_error.h"

#include <stddef.h>

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

static const char *const names[] = {
	[PTS_OK] = "ok",
	[PTS_ERR_TRUNCATED] = "truncated",
	[PTS_ERR_LENGTH] = "invalid length",
	[PTS_ERR_HEADER] = "invalid Spec ID header",
	[PTS_ERR_ALGO] = "unsupported algorithm",
	[PTS_ERR_DIGEST_SIZE] = "invalid digest size",
	[PTS_ERR_PCR] = "invalid PCR index",
	[PTS_ERR_FORMAT] = "malformed field",
	[PTS_ERR_TEMPLATE] = "unknown IMA template",
	[PTS_ERR_TEMPLATE_HASH] = "template hash mismatch",
	[PTS_ERR_LOCALITY] = "invalid startup locality",
	[PTS_ERR_MISMATCH] = "mismatch",
	[PTS_ERR_CRYPTO] = "hash failure",
	[PTS_ERR_NOMEM] = "out of memory",
	[PTS_ERR_ARG] = "invalid argument",
	[PTS_ERR_TPM] = "TPM failure",
	[PTS_ERR_KEY] = "invalid key or public value",
	[PTS_ERR_UNTRUSTED] = "untrusted certificate",
};

const char *pts_err_name(enum pts_err err)
{
	if ((size_t)err >= COUNT(names) || !names[err])
		return "unknown error";
	return names[err];
}
