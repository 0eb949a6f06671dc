/*
 * pts_quote.c - TPM 2.0 quote fields, TPMS_ATTEST and the IMV's
 * verification (pts_quote.h). The IMC's TPMS_ATTEST is unmarshalled
 * with libtss2-mu; the received fields are read with the project's reader
 * and the TPMS_ATTEST that is verified is rebuilt with its writer, field
 * by field as in spec 8.2.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pts_quote.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <tss2/tss2_mu.h>

#include "buf.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* An emulated bank has 24 PCRs: 3 select bytes (spec 8.2). */
#define SELECT_BYTES_MAX (PCR_BANK_PCRS / 8)

static const char *const result_str[] = {
	[PTS_QUOTE_OK] = "TPM quote ok",
	[PTS_QUOTE_MALFORMED] = "malformed TPM quote",
	[PTS_QUOTE_BAD_MAGIC] = "TPM quote without TPM_GENERATED magic",
	[PTS_QUOTE_BAD_TYPE] = "TPM attestation is not a quote",
	[PTS_QUOTE_NO_EVIDENCE] = "no PCR evidence or no DH secret for the "
				  "TPM quote",
	[PTS_QUOTE_SELECTION_MISMATCH] = "TPM quote PCR selection differs "
					 "from the evidence",
	[PTS_QUOTE_PCR_MISMATCH] = "TPM quote PCR digest mismatch",
	[PTS_QUOTE_UNSUPPORTED] = "unsupported TPM quote signature scheme",
	[PTS_QUOTE_SIGNATURE_INVALID] = "invalid TPM quote signature",
	[PTS_QUOTE_ERROR] = "TPM quote verification failed internally",
};

const char *pts_quote_result_str(enum pts_quote_result result)
{
	if ((size_t)result >= COUNT(result_str) || !result_str[result])
		return "unknown TPM quote result";
	return result_str[result];
}

/*
 * Bank and PCR bits of a marshalled TPML_PCR_SELECTION of one bank:
 * count (4) = 1, hash (2), sizeofSelect (1), pcrSelect (spec 8.2). Read
 * with the project's reader rather than libtss2-mu: these bytes come from
 * the network and MU logs every malformed structure to stderr.
 */
static enum pts_quote_result decode_select(struct pts_quote *q,
					   const uint8_t *bytes, size_t len)
{
	const struct pts_meas_algo_info *bank;
	const uint8_t *select;
	struct reader r;
	uint32_t count;
	uint16_t alg;
	uint8_t n;

	reader_init(&r, bytes, len);
	count = reader_u32(&r);
	alg = reader_u16(&r);
	n = reader_u8(&r);
	select = reader_bytes(&r, n);
	if (!reader_ok(&r) || reader_left(&r) || count != 1 ||
	    n > SELECT_BYTES_MAX)
		return PTS_QUOTE_MALFORMED;
	bank = pts_meas_algo_from_tpm(alg);
	if (!bank)
		return PTS_QUOTE_UNSUPPORTED;
	q->bank = bank->algo;
	q->selection = 0;
	for (size_t i = 0; i < n; i++)
		q->selection |= (uint32_t)select[i] << (8 * i);
	memcpy(q->pcr_select, bytes, len);
	q->pcr_select_len = len;
	return PTS_QUOTE_OK;
}

/* Everything but the signature and extraData. */
static enum pts_quote_result fill(const struct pts_quote_fields *f,
				  struct pts_quote *q)
{
	size_t hash_size = pts_meas_algo_size(f->hash);

	memset(q, 0, sizeof(*q));
	if (!hash_size)
		return PTS_QUOTE_UNSUPPORTED;
	if (f->signer.len > PTS_QUOTE_NAME_MAX ||
	    f->clock_info.len != PTS_QUOTE_CLOCK_LEN ||
	    f->firmware.len != PTS_QUOTE_FIRMWARE_LEN ||
	    f->pcr_digest.len != hash_size)
		return PTS_QUOTE_MALFORMED;
	q->hash = f->hash;
	memcpy(q->signer, f->signer.data, f->signer.len);
	q->signer_len = f->signer.len;
	memcpy(q->clock_info, f->clock_info.data, PTS_QUOTE_CLOCK_LEN);
	memcpy(q->firmware, f->firmware.data, PTS_QUOTE_FIRMWARE_LEN);
	memcpy(q->pcr_digest, f->pcr_digest.data, hash_size);
	q->pcr_digest_len = hash_size;
	return decode_select(q, f->pcr_select.data, f->pcr_select.len);
}

enum pts_quote_result pts_quote_set_signature(struct pts_quote *q,
					      const uint8_t *sig, size_t len)
{
	if (!len || len > PTS_QUOTE_SIG_MAX)
		return PTS_QUOTE_MALFORMED;
	memcpy(q->signature, sig, len);
	q->signature_len = len;
	return PTS_QUOTE_OK;
}

enum pts_quote_result pts_quote_from_fields(const struct pts_quote_fields *f,
					    struct pts_quote *q)
{
	enum pts_quote_result r = fill(f, q);

	if (r != PTS_QUOTE_OK)
		return r;
	return pts_quote_set_signature(q, f->signature.data,
				       f->signature.len);
}

/* Magic and type first: MU would only say "bad selector" for the type. */
static enum pts_quote_result check_header(const uint8_t *attest, size_t len)
{
	struct reader r;
	uint32_t magic;
	uint16_t type;

	reader_init(&r, attest, len);
	magic = reader_u32(&r);
	type = reader_u16(&r);
	if (!reader_ok(&r))
		return PTS_QUOTE_MALFORMED;
	if (magic != PTS_QUOTE_MAGIC)
		return PTS_QUOTE_BAD_MAGIC;
	if (type != PTS_QUOTE_TYPE)
		return PTS_QUOTE_BAD_TYPE;
	return PTS_QUOTE_OK;
}

enum pts_quote_result pts_quote_from_attest(const uint8_t *attest,
					    size_t len,
					    enum pts_meas_algo hash,
					    struct pts_quote *q)
{
	uint8_t clock[PTS_QUOTE_CLOCK_LEN], fw[PTS_QUOTE_FIRMWARE_LEN];
	uint8_t select[sizeof(TPML_PCR_SELECTION)];
	size_t offset = 0, clock_len = 0, fw_len = 0, select_len = 0;
	struct pts_quote_fields f = { .hash = (uint16_t)hash };
	enum pts_quote_result r = check_header(attest, len);
	TPMS_ATTEST a;

	if (r != PTS_QUOTE_OK)
		return r;
	if (Tss2_MU_TPMS_ATTEST_Unmarshal(attest, len, &offset, &a) !=
	    TSS2_RC_SUCCESS || offset != len)
		return PTS_QUOTE_MALFORMED;
	if (Tss2_MU_TPMS_CLOCK_INFO_Marshal(&a.clockInfo, clock, sizeof(clock),
					    &clock_len) != TSS2_RC_SUCCESS ||
	    Tss2_MU_UINT64_Marshal(a.firmwareVersion, fw, sizeof(fw),
				   &fw_len) != TSS2_RC_SUCCESS ||
	    Tss2_MU_TPML_PCR_SELECTION_Marshal(&a.attested.quote.pcrSelect,
					       select, sizeof(select),
					       &select_len) != TSS2_RC_SUCCESS)
		return PTS_QUOTE_MALFORMED;
	f.signer = (struct pts_part){ a.qualifiedSigner.name,
				      a.qualifiedSigner.size };
	f.clock_info = (struct pts_part){ clock, clock_len };
	f.firmware = (struct pts_part){ fw, fw_len };
	f.pcr_select = (struct pts_part){ select, select_len };
	f.pcr_digest = (struct pts_part){ a.attested.quote.pcrDigest.buffer,
					  a.attested.quote.pcrDigest.size };
	r = fill(&f, q);
	if (r != PTS_QUOTE_OK)
		return r;
	if (a.extraData.size > PTS_QUOTE_DATA_MAX)
		return PTS_QUOTE_MALFORMED;
	memcpy(q->extra, a.extraData.buffer, a.extraData.size);
	q->extra_len = a.extraData.size;
	return PTS_QUOTE_OK;
}

enum pts_quote_result pts_quote_attest(const struct pts_quote *q,
				       const uint8_t *secret,
				       size_t secret_len,
				       const uint8_t *pcr_digest,
				       size_t digest_len, uint8_t **out,
				       size_t *out_len)
{
	struct writer w;

	if (secret_len > PTS_QUOTE_DATA_MAX || digest_len > PTS_QUOTE_DATA_MAX)
		return PTS_QUOTE_MALFORMED;
	writer_init(&w);
	writer_u32(&w, PTS_QUOTE_MAGIC);
	writer_u16(&w, PTS_QUOTE_TYPE);
	writer_u16(&w, (uint16_t)q->signer_len);
	writer_bytes(&w, q->signer, q->signer_len);
	writer_u16(&w, (uint16_t)secret_len);
	writer_bytes(&w, secret, secret_len);
	writer_bytes(&w, q->clock_info, PTS_QUOTE_CLOCK_LEN);
	writer_bytes(&w, q->firmware, PTS_QUOTE_FIRMWARE_LEN);
	writer_bytes(&w, q->pcr_select, q->pcr_select_len);
	writer_u16(&w, (uint16_t)digest_len);
	writer_bytes(&w, pcr_digest, digest_len);
	if (!writer_ok(&w)) {
		writer_free(&w);
		return PTS_QUOTE_ERROR;
	}
	*out = writer_take(&w, out_len);
	return PTS_QUOTE_OK;
}

/*
 * A signature as OpenSSL verifies it: RSA raw as is, ECDSA r || s (each
 * padded to the order size, spec 8.2) as a DER ECDSA-Sig-Value.
 */
typedef enum pts_quote_result (*sig_encode_fn)(EVP_PKEY *key,
					       const uint8_t *sig, size_t len,
					       uint8_t **der, size_t *der_len);

static enum pts_quote_result rsa_encode(EVP_PKEY *key, const uint8_t *sig,
					size_t len, uint8_t **der,
					size_t *der_len)
{
	(void)key;
	*der = OPENSSL_memdup(sig, len);
	*der_len = len;
	return *der ? PTS_QUOTE_OK : PTS_QUOTE_ERROR;
}

static enum pts_quote_result ecdsa_encode(EVP_PKEY *key, const uint8_t *sig,
					  size_t len, uint8_t **der,
					  size_t *der_len)
{
	size_t half = len / 2;
	ECDSA_SIG *es;
	BIGNUM *r, *s;
	unsigned char *p = NULL;
	int n;

	if (len % 2 || half != (size_t)(EVP_PKEY_get_bits(key) + 7) / 8)
		return PTS_QUOTE_MALFORMED;
	es = ECDSA_SIG_new();
	r = BN_bin2bn(sig, (int)half, NULL);
	s = BN_bin2bn(sig + half, (int)half, NULL);
	if (!es || !r || !s || ECDSA_SIG_set0(es, r, s) != 1) {
		BN_free(r);
		BN_free(s);
		ECDSA_SIG_free(es);
		return PTS_QUOTE_ERROR;
	}
	n = i2d_ECDSA_SIG(es, &p);
	ECDSA_SIG_free(es);
	if (n <= 0)
		return PTS_QUOTE_ERROR;
	*der = p;
	*der_len = (size_t)n;
	return PTS_QUOTE_OK;
}

static const struct {
	int key_type;
	int rsa_padding;	/* 0: not RSA */
	sig_encode_fn encode;
} schemes[] = {
	{ EVP_PKEY_RSA, RSA_PKCS1_PADDING, rsa_encode },
	{ EVP_PKEY_EC, 0, ecdsa_encode },
};

static enum pts_quote_result verify_signature(EVP_PKEY *key,
					      enum pts_meas_algo hash,
					      const uint8_t *data, size_t len,
					      const uint8_t *sig,
					      size_t sig_len)
{
	const struct pts_meas_algo_info *algo = pts_meas_algo_find(hash);
	const EVP_MD *md = algo ? EVP_get_digestbyname(algo->ossl_name) : NULL;
	enum pts_quote_result r = PTS_QUOTE_UNSUPPORTED;
	EVP_PKEY_CTX *pctx = NULL;
	EVP_MD_CTX *mctx;
	uint8_t *der = NULL;
	size_t der_len = 0, i;

	for (i = 0; i < COUNT(schemes); i++)
		if (EVP_PKEY_get_base_id(key) == schemes[i].key_type)
			break;
	if (i == COUNT(schemes) || !md)
		return PTS_QUOTE_UNSUPPORTED;
	r = schemes[i].encode(key, sig, sig_len, &der, &der_len);
	if (r != PTS_QUOTE_OK)
		return r;
	mctx = EVP_MD_CTX_new();
	if (!mctx ||
	    EVP_DigestVerifyInit_ex(mctx, &pctx, EVP_MD_get0_name(md), NULL,
				    NULL, key, NULL) != 1 ||
	    (schemes[i].rsa_padding &&
	     EVP_PKEY_CTX_set_rsa_padding(pctx,
					  schemes[i].rsa_padding) != 1))
		r = PTS_QUOTE_UNSUPPORTED;
	else if (EVP_DigestVerify(mctx, der, der_len, data, len) != 1)
		r = PTS_QUOTE_SIGNATURE_INVALID;
	EVP_MD_CTX_free(mctx);
	OPENSSL_free(der);
	return r;
}

enum pts_quote_result pts_quote_verify(const struct pts_quote *q,
				       const struct pcr_bank *bank,
				       const uint8_t *secret,
				       size_t secret_len, EVP_PKEY *aik)
{
	uint8_t digest[PTS_MEAS_ALGO_MAX_SIZE];
	size_t digest_len, attest_len;
	uint8_t *attest;
	enum pts_quote_result r;

	if (!bank->selected || !secret_len)
		return PTS_QUOTE_NO_EVIDENCE;
	if (!q->signature_len)
		return PTS_QUOTE_MALFORMED;
	if (q->bank != bank->algo || q->selection != bank->selected)
		return PTS_QUOTE_SELECTION_MISMATCH;
	if (pcr_bank_composite(bank, bank->selected, q->hash, digest,
			       &digest_len) != PTS_OK)
		return PTS_QUOTE_ERROR;
	if (digest_len != q->pcr_digest_len ||
	    memcmp(digest, q->pcr_digest, digest_len) != 0)
		return PTS_QUOTE_PCR_MISMATCH;
	r = pts_quote_attest(q, secret, secret_len, digest, digest_len,
			     &attest, &attest_len);
	if (r != PTS_QUOTE_OK)
		return r;
	r = verify_signature(aik, q->hash, attest, attest_len, q->signature,
			     q->signature_len);
	free(attest);
	return r;
}
