/*
 * pts_quote.h - the TPM 2.0 quote of the Simple Evidence Final attribute
 * (attestation spec 8.1-8.3).
 *
 * The IMC takes the TPMS_ATTEST its TPM2_Quote returned apart
 * (pts_quote_from_attest) and sends the fields; the IMV takes the received
 * fields (pts_quote_from_fields) and verifies them (pts_quote_verify): it
 * rebuilds the TPMS_ATTEST with its OWN DH secret as extraData and its OWN
 * PCR digest over the emulated bank, and checks the AIK's signature over
 * that. A quote made for another nonce, or over other PCR values, fails
 * the signature or the digest comparison.
 *
 * A struct pts_quote is a plain value holding copies: nothing to free.
 * TPM 1.2 quotes (TPM_QUOTE_INFO, TPM_QUOTE_INFO2) are not handled.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PTS_QUOTE_H
#define PTS_QUOTE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "pcr_bank.h"
#include "pts_hash.h"
#include "pts_meas_algo.h"

/* TPMS_ATTEST constants (TPM 2.0 Part 2, spec 8.2). */
#define PTS_QUOTE_MAGIC 0xFF544347u	/* TPM_GENERATED_VALUE */
#define PTS_QUOTE_TYPE 0x8018u		/* TPM_ST_ATTEST_QUOTE */

/* Field sizes of spec 8.1/8.2. */
#define PTS_QUOTE_CLOCK_LEN 17		/* TPMS_CLOCK_INFO */
#define PTS_QUOTE_FIRMWARE_LEN 8
/* TPM2B_NAME contents */
#define PTS_QUOTE_NAME_MAX 68
/* TPM2B_DATA and TPM2B_DIGEST contents */
#define PTS_QUOTE_DATA_MAX 64
/* TPML_PCR_SELECTION of one bank of 24 PCRs: 4 + 2 + 1 + 3 */
#define PTS_QUOTE_SELECT_MAX 10
/* RSA-4096, or ECDSA r || s */
#define PTS_QUOTE_SIG_MAX 512

enum pts_quote_result {
	PTS_QUOTE_OK = 0,
	/* a field is truncated or has a bad size */
	PTS_QUOTE_MALFORMED,
	/* TPMS_ATTEST magic is not 0xFF544347, type not ATTEST_QUOTE */
	PTS_QUOTE_BAD_MAGIC,
	PTS_QUOTE_BAD_TYPE,
	/* no emulated PCR selected or no DH secret */
	PTS_QUOTE_NO_EVIDENCE,
	/* quoted PCRs or bank differ from the emulated selection */
	PTS_QUOTE_SELECTION_MISMATCH,
	/* PCR digest differs from the emulated PCRs' */
	PTS_QUOTE_PCR_MISMATCH,
	/* key type or hash not supported */
	PTS_QUOTE_UNSUPPORTED,
	/* wrong key, nonce or contents */
	PTS_QUOTE_SIGNATURE_INVALID,
	/* OpenSSL or allocation failure */
	PTS_QUOTE_ERROR,
};

/* A log-ready phrase, e.g. "TPM quote PCR digest mismatch". */
const char *pts_quote_result_str(enum pts_quote_result result);

struct pts_quote {
	/* signature hash, also the PCR digest's */
	enum pts_meas_algo hash;
	/* qualifiedSigner */
	uint8_t signer[PTS_QUOTE_NAME_MAX];
	size_t signer_len;
	/* extraData: only from a TPMS_ATTEST (IMC side) */
	uint8_t extra[PTS_QUOTE_DATA_MAX];
	size_t extra_len;
	uint8_t clock_info[PTS_QUOTE_CLOCK_LEN];
	uint8_t firmware[PTS_QUOTE_FIRMWARE_LEN];
	/* TPML_PCR_SELECTION as marshalled, and decoded: bank, bit i = PCR i */
	uint8_t pcr_select[PTS_QUOTE_SELECT_MAX];
	size_t pcr_select_len;
	enum pts_meas_algo bank;
	uint32_t selection;
	uint8_t pcr_digest[PTS_QUOTE_DATA_MAX];
	size_t pcr_digest_len;
	/* RSA raw, ECDSA r || s */
	uint8_t signature[PTS_QUOTE_SIG_MAX];
	size_t signature_len;
};

/* The TPM 2.0 fields of a Simple Evidence Final (spec 8.1), borrowed. */
struct pts_quote_fields {
	uint16_t hash;		/* composite hash algorithm, PTS bits */
	struct pts_part pcr_digest;
	struct pts_part signer;		/* qualifiedSigner contents */
	struct pts_part clock_info;
	struct pts_part firmware;
	struct pts_part pcr_select;	/* TPML_PCR_SELECTION bytes */
	struct pts_part signature;
};

/*
 * Checks and copies received fields into *q. PTS_QUOTE_UNSUPPORTED for a
 * hash outside pts_meas_algo.h; PTS_QUOTE_MALFORMED when a size is wrong
 * (clock info 17, firmware 8, PCR digest = hash size, one PCR bank of up
 * to 24 PCRs, signature 1..PTS_QUOTE_SIG_MAX bytes).
 */
enum pts_quote_result pts_quote_from_fields(const struct pts_quote_fields *f,
					    struct pts_quote *q);

/*
 * Unmarshals a TPMS_ATTEST of TPM2_Quote (libtss2-mu) into *q, hash being
 * the AIK's signing hash; the signature stays empty
 * (pts_quote_set_signature). PTS_QUOTE_BAD_MAGIC, PTS_QUOTE_BAD_TYPE,
 * PTS_QUOTE_MALFORMED (truncated, trailing bytes, bad sizes),
 * PTS_QUOTE_UNSUPPORTED (hash).
 */
enum pts_quote_result pts_quote_from_attest(const uint8_t *attest,
					    size_t len,
					    enum pts_meas_algo hash,
					    struct pts_quote *q);

/* Copies the raw signature; PTS_QUOTE_MALFORMED when empty or too long. */
enum pts_quote_result pts_quote_set_signature(struct pts_quote *q,
					      const uint8_t *sig, size_t len);

/*
 * The TPMS_ATTEST a quote signs, with extraData = secret and pcrDigest =
 * pcr_digest and the other fields from q. *out is allocated (caller
 * frees). PTS_QUOTE_MALFORMED when secret or digest is too long.
 */
enum pts_quote_result pts_quote_attest(const struct pts_quote *q,
				       const uint8_t *secret,
				       size_t secret_len,
				       const uint8_t *pcr_digest,
				       size_t digest_len, uint8_t **out,
				       size_t *out_len);

/*
 * The IMV's check (spec 8.3): the quoted selection must equal the bank's
 * algorithm and selected PCRs, the PCR digest must equal the composite of
 * the bank under q->hash, and the AIK (RSA PKCS#1 v1.5 or ECDSA) must have
 * signed the TPMS_ATTEST rebuilt with secret and that digest.
 */
enum pts_quote_result pts_quote_verify(const struct pts_quote *q,
				       const struct pcr_bank *bank,
				       const uint8_t *secret,
				       size_t secret_len, EVP_PKEY *aik);

#endif /* PTS_QUOTE_H */
