/*
 * pts_tpm.h - the Attestation IMC's access to a TPM 2.0 through the TSS2
 * ESYS API: the TPM version information (attestation spec 3.1), the
 * attestation key's public key as DER SubjectPublicKeyInfo (spec 7), the
 * active PCR banks, PCR reads, and the TPM2_Quote over one bank (spec
 * 8.2).
 *
 * The TPM is reached through a TCTI configuration string as the TSS2 TCTI
 * loader takes it: "device:/dev/tpmrm0", "tabrmd",
 * "swtpm:host=127.0.0.1,port=2321", ... Every function but the encoders
 * returns PTS_OK or an error whose text, with the TSS2 response code
 * decoded, is left in the handle (pts_tpm_error). A handle is used by one
 * thread at a time.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PTS_TPM_H
#define PTS_TPM_H

#include <stddef.h>
#include <stdint.h>

#include "pts_error.h"
#include "pts_meas_algo.h"

/* The strongSwan-defined TPM 2.0 version structure of spec 3.1. */
#define PTS_TPM_VERSION_INFO_LEN 16
#define PTS_TPM_VERSION_INFO_TAG 0x0200
/* TPM2_Quote's qualifyingData is a TPM2B_DATA: at most a SHA-512 digest. */
#define PTS_TPM_MAX_NONCE 64
/* Bits 0..23 of a PCR mask select PCRs 0..23 (3-byte pcrSelect). */
#define PTS_TPM_PCR_MASK 0xffffffu

/* TPM_ALG_ID of the signature schemes a quote may come back with. */
enum {
	PTS_TPM_ALG_RSASSA = 0x0014,
	PTS_TPM_ALG_RSAPSS = 0x0016,
	PTS_TPM_ALG_ECDSA = 0x0018,
};

struct pts_tpm_version {
	char manufacturer[5];	/* TPM_PT_MANUFACTURER, NUL-terminated */
	uint32_t manufacturer_id; /* the same, as the TPM gives it */
	uint32_t revision;	/* TPM_PT_REVISION, 138 = 1.38 */
	uint32_t year;		/* TPM_PT_YEAR */
	uint32_t firmware[2];	/* TPM_PT_FIRMWARE_VERSION_1, _2 */
};

/* A quote as TPM2_Quote returns it; free with pts_tpm_quote_free. */
struct pts_tpm_quote {
	uint8_t *attest;	/* the marshalled TPMS_ATTEST */
	size_t attest_len;
	uint8_t *sig;		/* RSA: the raw signature; ECDSA: r || s */
	size_t sig_len;
	uint16_t sig_scheme;	/* PTS_TPM_ALG_RSASSA, ... */
	uint16_t sig_hash;	/* TPM_ALG_ID of the signature's digest */
};

struct pts_tpm;

/*
 * Connects to the TPM through tcti (NULL: the loader's default). On
 * success *tpm is a handle to close with pts_tpm_close. On failure *tpm
 * is NULL and err (if not NULL) holds the reason, truncated to err_len.
 */
enum pts_err pts_tpm_open(const char *tcti, struct pts_tpm **tpm,
			  char *err, size_t err_len);
void pts_tpm_close(struct pts_tpm *tpm);

/* The text of the last error on tpm ("" when none). */
const char *pts_tpm_error(const struct pts_tpm *tpm);

/* Manufacturer, revision, year and firmware version (TPM_PT_*). */
enum pts_err pts_tpm_get_version(struct pts_tpm *tpm,
				 struct pts_tpm_version *v);

/*
 * The 16-byte TPM 2.0 version structure of spec 3.1, big-endian: tag
 * 0x0200, reserved, startup locality (3, or 0 for manufacturer "INTC"),
 * revision, year, manufacturer.
 */
void pts_tpm_version_info_encode(const struct pts_tpm_version *v,
				 uint8_t out[PTS_TPM_VERSION_INFO_LEN]);

/* The startup locality spec 3.1 reports for a TPM of this maker. */
uint8_t pts_tpm_startup_locality(const struct pts_tpm_version *v);

/*
 * The public key of the (persistent) key at handle, e.g. 0x81010003, as
 * DER SubjectPublicKeyInfo; RSA and ECC (NIST P-256/384/521) keys.
 * *der is allocated, caller frees.
 */
enum pts_err pts_tpm_get_pubkey(struct pts_tpm *tpm, uint32_t handle,
				uint8_t **der, size_t *der_len);

/*
 * The banks with at least one PCR allocated, as PTS measurement
 * algorithm bits (spec 3.1); banks libpts does not know are left out.
 */
enum pts_err pts_tpm_get_banks(struct pts_tpm *tpm, uint16_t *algos);

/* PCR index of bank algo; out holds the digest size, *out_len gets it. */
enum pts_err pts_tpm_pcr_read(struct pts_tpm *tpm, enum pts_meas_algo algo,
			      uint32_t index, uint8_t *out, size_t *out_len);

/*
 * TPM2_Quote with the key at handle and its default scheme, nonce as
 * qualifyingData (1..PTS_TPM_MAX_NONCE bytes), over the PCRs in mask
 * (bits 0..23, not empty) of bank algo. *quote is allocated, free with
 * pts_tpm_quote_free.
 */
enum pts_err pts_tpm_quote(struct pts_tpm *tpm, uint32_t handle,
			   const uint8_t *nonce, size_t nonce_len,
			   enum pts_meas_algo algo, uint32_t mask,
			   struct pts_tpm_quote **quote);
void pts_tpm_quote_free(struct pts_tpm_quote *quote);

#endif /* PTS_TPM_H */
