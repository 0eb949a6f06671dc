/*
 * pts_error.h - the error codes every libpts parser and computation
 * returns. A parser returns one code and the offset where it stopped; the
 * caller (IMC or IMV) turns it into one log line or a PTS error.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PTS_ERROR_H
#define PTS_ERROR_H

enum pts_err {
	PTS_OK = 0,
	PTS_ERR_TRUNCATED,	/* input ends inside a structure */
	PTS_ERR_LENGTH,		/* a length or count lies or is huge */
	PTS_ERR_HEADER,		/* no valid Spec ID Event03 header */
	PTS_ERR_ALGO,		/* algorithm unknown or undeclared */
	PTS_ERR_DIGEST_SIZE,	/* digest size differs from the algo's */
	PTS_ERR_PCR,		/* PCR index out of range */
	PTS_ERR_FORMAT,		/* a field's contents are malformed */
	PTS_ERR_TEMPLATE,	/* unknown IMA template name */
	PTS_ERR_TEMPLATE_HASH,	/* recomputed template hash differs */
	PTS_ERR_LOCALITY,	/* bad or misplaced startup locality */
	PTS_ERR_MISMATCH,	/* recomputed boot aggregate differs */
	PTS_ERR_CRYPTO,		/* the hash implementation failed */
	PTS_ERR_NOMEM,
	PTS_ERR_ARG,		/* invalid argument from the caller */
	PTS_ERR_TPM,		/* the TPM or its TSS failed (pts_tpm.h) */
	PTS_ERR_KEY,		/* invalid key, certificate or public value */
	PTS_ERR_UNTRUSTED,	/* certificate chain does not verify */
};

/* A short constant name for logs, e.g. "truncated". */
const char *pts_err_name(enum pts_err err);

#endif /* PTS_ERROR_H */
