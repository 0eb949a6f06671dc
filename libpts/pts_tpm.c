/*
 * pts_tpm.c - TPM 2.0 access for the Attestation IMC through TSS2 ESYS
 * (pts_tpm.h): version information (attestation spec 3.1), the AK public
 * key (spec 7), PCR banks and reads, TPM2_Quote (spec 8.2).
 *
 * Every ESYS output is freed with Esys_Free on the path that got it; a
 * persistent key is reached through an ESYS_TR that is closed (not
 * flushed: the key stays in the TPM) before returning.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pts_tpm.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include <tss2/tss2_esys.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tctildr.h>

#define ERR_LEN 256

struct pts_tpm {
	TSS2_TCTI_CONTEXT *tcti;
	ESYS_CONTEXT *esys;
	char error[ERR_LEN];
};

/* Sets the error text of tpm and returns err. */
static enum pts_err fail(struct pts_tpm *tpm, enum pts_err err,
			 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tpm->error, sizeof(tpm->error), fmt, ap);
	va_end(ap);
	return err;
}

/* A failed TSS2 call: its name and the decoded response code. */
static enum pts_err fail_rc(struct pts_tpm *tpm, const char *call,
			    TSS2_RC rc)
{
	return fail(tpm, PTS_ERR_TPM, "%s failed: 0x%08x (%s)", call,
		    (unsigned)rc, Tss2_RC_Decode(rc));
}

enum pts_err pts_tpm_open(const char *tcti, struct pts_tpm **tpm,
			  char *err, size_t err_len)
{
	struct pts_tpm *t;
	TSS2_RC rc;
	const char *call = NULL;

	*tpm = NULL;
	t = calloc(1, sizeof(*t));
	if (!t) {
		if (err && err_len)
			snprintf(err, err_len, "out of memory");
		return PTS_ERR_NOMEM;
	}
	rc = Tss2_TctiLdr_Initialize(tcti, &t->tcti);
	if (rc != TSS2_RC_SUCCESS)
		call = "Tss2_TctiLdr_Initialize";
	else if ((rc = Esys_Initialize(&t->esys, t->tcti, NULL)) !=
		 TSS2_RC_SUCCESS)
		call = "Esys_Initialize";
	if (call) {
		if (err && err_len)
			snprintf(err, err_len, "%s(\"%s\") failed: 0x%08x (%s)",
				 call, tcti ? tcti : "default", (unsigned)rc,
				 Tss2_RC_Decode(rc));
		pts_tpm_close(t);
		return PTS_ERR_TPM;
	}
	*tpm = t;
	return PTS_OK;
}

void pts_tpm_close(struct pts_tpm *tpm)
{
	if (!tpm)
		return;
	if (tpm->esys)
		Esys_Finalize(&tpm->esys);
	if (tpm->tcti)
		Tss2_TctiLdr_Finalize(&tpm->tcti);
	free(tpm);
}

const char *pts_tpm_error(const struct pts_tpm *tpm)
{
	return tpm ? tpm->error : "no TPM";
}

/* One fixed TPM property (TPM_PT_*), PTS_ERR_TPM if the TPM lacks it. */
static enum pts_err get_property(struct pts_tpm *tpm, TPM2_PT property,
				 uint32_t *value)
{
	TPMS_CAPABILITY_DATA *cap = NULL;
	TPMI_YES_NO more;
	TPML_TAGGED_TPM_PROPERTY *props;
	TSS2_RC rc;
	enum pts_err err;

	rc = Esys_GetCapability(tpm->esys, ESYS_TR_NONE, ESYS_TR_NONE,
				ESYS_TR_NONE, TPM2_CAP_TPM_PROPERTIES,
				property, 1, &more, &cap);
	if (rc != TSS2_RC_SUCCESS)
		return fail_rc(tpm, "Esys_GetCapability", rc);
	props = &cap->data.tpmProperties;
	if (props->count < 1 || props->tpmProperty[0].property != property) {
		err = fail(tpm, PTS_ERR_TPM,
			   "TPM has no property 0x%08x", (unsigned)property);
	} else {
		*value = props->tpmProperty[0].value;
		err = PTS_OK;
	}
	Esys_Free(cap);
	return err;
}

enum pts_err pts_tpm_get_version(struct pts_tpm *tpm,
				 struct pts_tpm_version *v)
{
	static const struct {
		TPM2_PT property;
		size_t offset;
	} fields[] = {
		{ TPM2_PT_MANUFACTURER,
		  offsetof(struct pts_tpm_version, manufacturer_id) },
		{ TPM2_PT_REVISION,
		  offsetof(struct pts_tpm_version, revision) },
		{ TPM2_PT_YEAR, offsetof(struct pts_tpm_version, year) },
		{ TPM2_PT_FIRMWARE_VERSION_1,
		  offsetof(struct pts_tpm_version, firmware) },
		{ TPM2_PT_FIRMWARE_VERSION_2,
		  offsetof(struct pts_tpm_version, firmware) +
		  sizeof(uint32_t) },
	};
	enum pts_err err;
	size_t i;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		err = get_property(tpm, fields[i].property,
				   (uint32_t *)((char *)v + fields[i].offset));
		if (err != PTS_OK)
			return err;
	}
	/* The manufacturer is 4 ASCII characters, first one in the top
	 * byte, padded with NULs ("IBM\0"). */
	for (i = 0; i < 4; i++)
		v->manufacturer[i] = (char)(v->manufacturer_id >> (24 - 8 * i));
	v->manufacturer[4] = '\0';
	return PTS_OK;
}

uint8_t pts_tpm_startup_locality(const struct pts_tpm_version *v)
{
	/* Intel PTT starts from locality 0 (spec 3.1, 6.1). */
	return v->manufacturer_id == 0x494e5443 ? 0 : 3;	/* "INTC" */
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

void pts_tpm_version_info_encode(const struct pts_tpm_version *v,
				 uint8_t out[PTS_TPM_VERSION_INFO_LEN])
{
	out[0] = PTS_TPM_VERSION_INFO_TAG >> 8;
	out[1] = PTS_TPM_VERSION_INFO_TAG & 0xff;
	out[2] = 0;
	out[3] = pts_tpm_startup_locality(v);
	put_be32(out + 4, v->revision);
	put_be32(out + 8, v->year);
	put_be32(out + 12, v->manufacturer_id);
}

/* The ESYS_TR of a key already in the TPM; close with Esys_TR_Close. */
static enum pts_err key_tr(struct pts_tpm *tpm, uint32_t handle,
			   ESYS_TR *tr)
{
	TSS2_RC rc;

	rc = Esys_TR_FromTPMPublic(tpm->esys, handle, ESYS_TR_NONE,
				   ESYS_TR_NONE, ESYS_TR_NONE, tr);
	if (rc != TSS2_RC_SUCCESS)
		return fail(tpm, PTS_ERR_TPM,
			    "no key at handle 0x%08x: 0x%08x (%s)",
			    (unsigned)handle, (unsigned)rc, Tss2_RC_Decode(rc));
	return PTS_OK;
}

/* An unsigned big-endian integer as an OSSL_PARAM BIGNUM. */
static int push_bn(OSSL_PARAM_BLD *bld, const char *key,
		   const uint8_t *be, size_t len, BIGNUM **bn)
{
	*bn = BN_bin2bn(be, (int)len, NULL);
	return *bn && OSSL_PARAM_BLD_push_BN(bld, key, *bn);
}

static int rsa_params(OSSL_PARAM_BLD *bld, const TPMT_PUBLIC *pub,
		      BIGNUM **n, BIGNUM **e)
{
	/* An exponent of 0 stands for the default, 65537. */
	uint32_t exp = pub->parameters.rsaDetail.exponent ?
		       pub->parameters.rsaDetail.exponent : 65537;
	uint8_t exp_be[4];

	put_be32(exp_be, exp);
	return push_bn(bld, OSSL_PKEY_PARAM_RSA_N, pub->unique.rsa.buffer,
		       pub->unique.rsa.size, n) &&
	       push_bn(bld, OSSL_PKEY_PARAM_RSA_E, exp_be, 4, e);
}

static const struct {
	TPMI_ECC_CURVE curve;
	const char *group;
	size_t size;
} curves[] = {
	{ TPM2_ECC_NIST_P256, "P-256", 32 },
	{ TPM2_ECC_NIST_P384, "P-384", 48 },
	{ TPM2_ECC_NIST_P521, "P-521", 66 },
};

/* The curve point as 04 || X || Y, each padded to the field size. */
static int ecc_params(OSSL_PARAM_BLD *bld, const TPMT_PUBLIC *pub,
		      uint8_t *point, size_t *point_len)
{
	const TPMS_ECC_POINT *q = &pub->unique.ecc;
	size_t i, size;

	for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
		if (curves[i].curve == pub->parameters.eccDetail.curveID)
			break;
	if (i == sizeof(curves) / sizeof(curves[0]))
		return 0;
	size = curves[i].size;
	if (q->x.size > size || q->y.size > size)
		return 0;
	memset(point, 0, 1 + 2 * size);
	point[0] = 0x04;
	memcpy(point + 1 + size - q->x.size, q->x.buffer, q->x.size);
	memcpy(point + 1 + 2 * size - q->y.size, q->y.buffer, q->y.size);
	*point_len = 1 + 2 * size;
	return OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					       curves[i].group, 0) &&
	       OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
						point, *point_len);
}

/* The OpenSSL key of a TPM public area; NULL for other key types. */
static EVP_PKEY *public_to_pkey(const TPMT_PUBLIC *pub)
{
	uint8_t point[1 + 2 * 66];
	size_t point_len;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	BIGNUM *n = NULL, *e = NULL;
	const char *type = NULL;
	int ok = 0;

	if (!bld)
		return NULL;
	if (pub->type == TPM2_ALG_RSA) {
		type = "RSA";
		ok = rsa_params(bld, pub, &n, &e);
	} else if (pub->type == TPM2_ALG_ECC) {
		type = "EC";
		ok = ecc_params(bld, pub, point, &point_len);
	}
	if (ok)
		params = OSSL_PARAM_BLD_to_param(bld);
	if (params)
		ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	if (ctx && EVP_PKEY_fromdata_init(ctx) > 0 &&
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return pkey;
}

/* DER SubjectPublicKeyInfo of pkey; caller frees *der. */
static enum pts_err pkey_to_der(EVP_PKEY *pkey, uint8_t **der,
				size_t *der_len)
{
	unsigned char *buf = NULL;
	int len = i2d_PUBKEY(pkey, &buf);

	if (len <= 0)
		return PTS_ERR_CRYPTO;
	/* OPENSSL_malloc'ed: copy so that the caller frees with free(). */
	*der = malloc((size_t)len);
	if (*der)
		memcpy(*der, buf, (size_t)len);
	OPENSSL_free(buf);
	if (!*der)
		return PTS_ERR_NOMEM;
	*der_len = (size_t)len;
	return PTS_OK;
}

enum pts_err pts_tpm_get_pubkey(struct pts_tpm *tpm, uint32_t handle,
				uint8_t **der, size_t *der_len)
{
	TPM2B_PUBLIC *pub = NULL;
	EVP_PKEY *pkey = NULL;
	ESYS_TR tr;
	TSS2_RC rc;
	enum pts_err err;

	*der = NULL;
	*der_len = 0;
	err = key_tr(tpm, handle, &tr);
	if (err != PTS_OK)
		return err;
	rc = Esys_ReadPublic(tpm->esys, tr, ESYS_TR_NONE, ESYS_TR_NONE,
			     ESYS_TR_NONE, &pub, NULL, NULL);
	Esys_TR_Close(tpm->esys, &tr);
	if (rc != TSS2_RC_SUCCESS)
		return fail_rc(tpm, "Esys_ReadPublic", rc);
	pkey = public_to_pkey(&pub->publicArea);
	if (!pkey)
		err = fail(tpm, PTS_ERR_CRYPTO,
			   "key 0x%08x: unsupported type 0x%04x or curve",
			   (unsigned)handle, (unsigned)pub->publicArea.type);
	else if ((err = pkey_to_der(pkey, der, der_len)) != PTS_OK)
		fail(tpm, err, "key 0x%08x: DER encoding failed",
		     (unsigned)handle);
	EVP_PKEY_free(pkey);
	Esys_Free(pub);
	return err;
}

enum pts_err pts_tpm_get_banks(struct pts_tpm *tpm, uint16_t *algos)
{
	TPMS_CAPABILITY_DATA *cap = NULL;
	TPML_PCR_SELECTION *sel;
	const struct pts_meas_algo_info *info;
	TPMI_YES_NO more;
	TSS2_RC rc;
	uint32_t i, j;

	*algos = 0;
	rc = Esys_GetCapability(tpm->esys, ESYS_TR_NONE, ESYS_TR_NONE,
				ESYS_TR_NONE, TPM2_CAP_PCRS, 0, 1, &more,
				&cap);
	if (rc != TSS2_RC_SUCCESS)
		return fail_rc(tpm, "Esys_GetCapability(PCRS)", rc);
	sel = &cap->data.assignedPCR;
	for (i = 0; i < sel->count && i < TPM2_NUM_PCR_BANKS; i++) {
		const TPMS_PCR_SELECTION *s = &sel->pcrSelections[i];
		int active = 0;

		for (j = 0; j < s->sizeofSelect && j < TPM2_PCR_SELECT_MAX;
		     j++)
			active |= s->pcrSelect[j];
		info = pts_meas_algo_from_tpm(s->hash);
		if (active && info)
			*algos |= (uint16_t)info->algo;
	}
	Esys_Free(cap);
	return PTS_OK;
}

/* A one-bank selection of the PCRs in mask. */
static void pcr_selection(TPML_PCR_SELECTION *sel, uint16_t tpm_alg,
			  uint32_t mask)
{
	memset(sel, 0, sizeof(*sel));
	sel->count = 1;
	sel->pcrSelections[0].hash = tpm_alg;
	sel->pcrSelections[0].sizeofSelect = 3;
	sel->pcrSelections[0].pcrSelect[0] = (uint8_t)mask;
	sel->pcrSelections[0].pcrSelect[1] = (uint8_t)(mask >> 8);
	sel->pcrSelections[0].pcrSelect[2] = (uint8_t)(mask >> 16);
}

enum pts_err pts_tpm_pcr_read(struct pts_tpm *tpm, enum pts_meas_algo algo,
			      uint32_t index, uint8_t *out, size_t *out_len)
{
	const struct pts_meas_algo_info *info = pts_meas_algo_find(algo);
	TPML_PCR_SELECTION sel, *sel_out = NULL;
	TPML_DIGEST *values = NULL;
	uint32_t counter;
	TSS2_RC rc;
	enum pts_err err = PTS_OK;

	if (!info)
		return fail(tpm, PTS_ERR_ALGO, "unsupported bank 0x%04x",
			    (unsigned)algo);
	if (index > 23)
		return fail(tpm, PTS_ERR_PCR, "invalid PCR %u",
			    (unsigned)index);
	pcr_selection(&sel, info->tpm_alg, 1u << index);
	rc = Esys_PCR_Read(tpm->esys, ESYS_TR_NONE, ESYS_TR_NONE,
			   ESYS_TR_NONE, &sel, &counter, &sel_out, &values);
	if (rc != TSS2_RC_SUCCESS)
		return fail_rc(tpm, "Esys_PCR_Read", rc);
	/* An inactive bank comes back as an empty list. */
	if (values->count != 1 || values->digests[0].size != info->size) {
		err = fail(tpm, PTS_ERR_TPM, "PCR %u of bank %s not readable",
			   (unsigned)index, info->ima_name);
	} else {
		memcpy(out, values->digests[0].buffer, info->size);
		*out_len = info->size;
	}
	Esys_Free(sel_out);
	Esys_Free(values);
	return err;
}

/* ECDSA r || s, both padded to the longer of the two (the TPM gives
 * each at the curve's size). */
static int ecdsa_concat(const TPMS_SIGNATURE_ECDSA *ec, uint8_t **sig,
			size_t *sig_len)
{
	size_t n = ec->signatureR.size > ec->signatureS.size ?
		   ec->signatureR.size : ec->signatureS.size;

	*sig = calloc(1, n ? 2 * n : 1);
	if (!*sig)
		return 0;
	memcpy(*sig + n - ec->signatureR.size, ec->signatureR.buffer,
	       ec->signatureR.size);
	memcpy(*sig + 2 * n - ec->signatureS.size, ec->signatureS.buffer,
	       ec->signatureS.size);
	*sig_len = 2 * n;
	return 1;
}

/* Copies the signature in the form of spec 8.2 into q. */
static enum pts_err take_signature(struct pts_tpm *tpm,
				   const TPMT_SIGNATURE *s,
				   struct pts_tpm_quote *q)
{
	const TPMS_SIGNATURE_RSA *rsa = &s->signature.rsassa;

	q->sig_scheme = s->sigAlg;
	switch (s->sigAlg) {
	case TPM2_ALG_RSASSA:
	case TPM2_ALG_RSAPSS:
		q->sig_hash = rsa->hash;
		q->sig = malloc(rsa->sig.size ? rsa->sig.size : 1);
		if (!q->sig)
			return fail(tpm, PTS_ERR_NOMEM, "out of memory");
		memcpy(q->sig, rsa->sig.buffer, rsa->sig.size);
		q->sig_len = rsa->sig.size;
		return PTS_OK;
	case TPM2_ALG_ECDSA:
		q->sig_hash = s->signature.ecdsa.hash;
		if (!ecdsa_concat(&s->signature.ecdsa, &q->sig, &q->sig_len))
			return fail(tpm, PTS_ERR_NOMEM, "out of memory");
		return PTS_OK;
	default:
		return fail(tpm, PTS_ERR_ALGO,
			    "unsupported quote signature scheme 0x%04x",
			    (unsigned)s->sigAlg);
	}
}

/* Checks the quote's arguments; on error the text is in tpm. */
static enum pts_err check_quote_args(struct pts_tpm *tpm, size_t nonce_len,
				     enum pts_meas_algo algo, uint32_t mask)
{
	if (nonce_len < 1 || nonce_len > PTS_TPM_MAX_NONCE ||
	    nonce_len > sizeof(((TPM2B_DATA *)0)->buffer))
		return fail(tpm, PTS_ERR_ARG,
			    "quote nonce of %zu bytes (1..%d)", nonce_len,
			    PTS_TPM_MAX_NONCE);
	if (!pts_meas_algo_find(algo))
		return fail(tpm, PTS_ERR_ALGO, "unsupported bank 0x%04x",
			    (unsigned)algo);
	if (!mask || mask & ~PTS_TPM_PCR_MASK)
		return fail(tpm, PTS_ERR_ARG, "invalid PCR mask 0x%08x",
			    (unsigned)mask);
	return PTS_OK;
}

enum pts_err pts_tpm_quote(struct pts_tpm *tpm, uint32_t handle,
			   const uint8_t *nonce, size_t nonce_len,
			   enum pts_meas_algo algo, uint32_t mask,
			   struct pts_tpm_quote **quote)
{
	TPMT_SIG_SCHEME scheme = { .scheme = TPM2_ALG_NULL };
	TPM2B_DATA data = { .size = (UINT16)nonce_len };
	TPML_PCR_SELECTION sel;
	TPM2B_ATTEST *attest = NULL;
	TPMT_SIGNATURE *sig = NULL;
	struct pts_tpm_quote *q = NULL;
	ESYS_TR tr;
	TSS2_RC rc;
	enum pts_err err;

	*quote = NULL;
	err = check_quote_args(tpm, nonce_len, algo, mask);
	if (err != PTS_OK)
		return err;
	memcpy(data.buffer, nonce, nonce_len);
	pcr_selection(&sel, pts_meas_algo_to_tpm(algo), mask);
	err = key_tr(tpm, handle, &tr);
	if (err != PTS_OK)
		return err;
	rc = Esys_Quote(tpm->esys, tr, ESYS_TR_PASSWORD, ESYS_TR_NONE,
			ESYS_TR_NONE, &data, &scheme, &sel, &attest, &sig);
	Esys_TR_Close(tpm->esys, &tr);
	if (rc != TSS2_RC_SUCCESS)
		return fail_rc(tpm, "Esys_Quote", rc);
	q = calloc(1, sizeof(*q));
	if (q)
		q->attest = malloc(attest->size ? attest->size : 1);
	if (!q || !q->attest) {
		err = fail(tpm, PTS_ERR_NOMEM, "out of memory");
	} else {
		memcpy(q->attest, attest->attestationData, attest->size);
		q->attest_len = attest->size;
		err = take_signature(tpm, sig, q);
	}
	Esys_Free(attest);
	Esys_Free(sig);
	if (err != PTS_OK) {
		pts_tpm_quote_free(q);
		return err;
	}
	*quote = q;
	return PTS_OK;
}

void pts_tpm_quote_free(struct pts_tpm_quote *quote)
{
	if (!quote)
		return;
	free(quote->attest);
	free(quote->sig);
	free(quote);
}
