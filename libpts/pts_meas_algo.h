/*
 * pts_meas_algo.h - the measurement (hash) algorithms of PTS: their
 * attribute bits (attestation spec 3.1), TPM 2.0 algorithm ids (spec 6.1),
 * digest sizes, OpenSSL names and IMA prefixes (spec 6.2), as one table.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PTS_MEAS_ALGO_H
#define PTS_MEAS_ALGO_H

#include <stddef.h>
#include <stdint.h>

/* PTS Measurement Algorithm bits (spec 3.1). */
enum pts_meas_algo {
	PTS_MEAS_ALGO_NONE = 0,
	PTS_MEAS_ALGO_SHA1 = 0x8000,
	PTS_MEAS_ALGO_SHA256 = 0x4000,
	PTS_MEAS_ALGO_SHA384 = 0x2000,
};

/* TPM_ALG_ID values (TPM 2.0, spec 6.1). */
enum {
	TPM_ALG_ERROR = 0x0000,
	TPM_ALG_SHA1 = 0x0004,
	TPM_ALG_SHA256 = 0x000B,
	TPM_ALG_SHA384 = 0x000C,
	TPM_ALG_SHA512 = 0x000D,
};

/* The largest digest of the supported algorithms (SHA-384). */
#define PTS_MEAS_ALGO_MAX_SIZE 48

struct pts_meas_algo_info {
	enum pts_meas_algo algo;
	uint16_t tpm_alg;
	size_t size;		/* digest bytes */
	const char *ossl_name;	/* for EVP_get_digestbyname */
	const char *ima_name;	/* ima-ng digest prefix, before ':' */
};

/* The entry of an algorithm, or NULL when not supported. */
const struct pts_meas_algo_info *pts_meas_algo_find(enum pts_meas_algo algo);
const struct pts_meas_algo_info *pts_meas_algo_from_tpm(uint16_t tpm_alg);
/* By IMA name ("sha256"), not NUL-terminated; NULL when unknown. */
const struct pts_meas_algo_info *pts_meas_algo_from_ima(const char *name,
							size_t len);

/* Digest size of algo, 0 when not supported. */
size_t pts_meas_algo_size(enum pts_meas_algo algo);
/* TPM_ALG_ID of algo, TPM_ALG_ERROR when not supported. */
uint16_t pts_meas_algo_to_tpm(enum pts_meas_algo algo);

#endif /* PTS_MEAS_ALGO_H */
