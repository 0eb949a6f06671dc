/*
 * pts_tpm_check.c - drives libpts/pts_tpm.h against a (software) TPM for
 * tests/integration/test_pts_tpm.py and checks what it returns:
 *
 *   pts_tpm_check TCTI AK_HANDLE BIOS_LOG IMA_LOG BANK NONCE_HEX PCR_MASK
 *
 * Prints the version information (attestation spec 3.1), the AK key id
 * (spec 7, SHA-1 of the DER SubjectPublicKeyInfo) and the active banks;
 * replays the BIOS and IMA logs into an emulated bank of BANK (sha1 or
 * sha256) with libpts, the IMA boot aggregate checked on a SHA-256 bank
 * (spec 6.5); compares PCRs 0..10 with the TPM's; then quotes PCR_MASK
 * with the nonce and checks the TPMS_ATTEST of spec 8.2 (magic, type,
 * nonce as extraData, selection, PCR digest = the emulated composite)
 * and the signature with the exported AK. Exit 0 when every check holds,
 * 1 after printing a "FAIL:" line per failed check, 2 on usage errors.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "bios_log.h"
#include "boot_aggregate.h"
#include "buf.h"
#include "ima_log.h"
#include "pcr_bank.h"
#include "pts_tpm.h"

#define ATTEST_MAGIC 0xff544347u
#define ATTEST_QUOTE 0x8018
#define CHECKED_PCRS 11		/* 0..7 firmware, 8..9 loader, 10 IMA */

static int failures;

static void check(bool ok, const char *what)
{
	if (!ok) {
		printf("FAIL: %s\n", what);
		failures++;
	}
}

static void print_hex(const char *label, const uint8_t *p, size_t n)
{
	size_t i;

	printf("%s=", label);
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

/* The whole file; caller frees. NULL on error. */
static uint8_t *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *p;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	do {
		if (*len == cap) {
			cap = cap ? 2 * cap : 65536;
			p = realloc(buf, cap);
			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	fclose(f);
	return buf;
}

static size_t parse_hex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned int b;

	while (hex[0] && hex[1] && n < max && sscanf(hex, "%2x", &b) == 1) {
		out[n++] = (uint8_t)b;
		hex += 2;
	}
	return hex[0] ? 0 : n;
}

struct ima_replay {
	struct pcr_bank *bank;
	size_t entries;
	bool check_aggregate;
	enum pts_err aggregate;
};

static enum pts_err ima_cb(void *ctx, const struct ima_entry *e)
{
	struct ima_replay *r = ctx;

	if (r->entries++ == 0 && r->check_aggregate)
		r->aggregate = boot_aggregate_check(r->bank, false, e);
	return pcr_bank_extend(r->bank, e->pcr, e->bank_hash,
			       e->bank_hash_len);
}

/* BIOS then IMA log into bank, as the IMC replays them (spec 6.3). */
static void replay_logs(struct pcr_bank *bank, const char *bios_path,
			const char *ima_path)
{
	struct ima_replay r = { .bank = bank, .aggregate = PTS_OK };
	uint8_t *log;
	size_t len, offset = 0;
	enum pts_err err;

	r.check_aggregate = bank->algo != PTS_MEAS_ALGO_SHA1;
	log = read_all(bios_path, &len);
	check(log != NULL, "read BIOS log");
	err = bios_log_replay(log, len, bank, &offset);
	if (err != PTS_OK)
		printf("BIOS log: %s at %zu\n", pts_err_name(err), offset);
	check(err == PTS_OK, "BIOS log replay");
	free(log);

	log = read_all(ima_path, &len);
	check(log != NULL, "read IMA log");
	err = ima_log_parse(log, len, bank->algo, false, ima_cb, &r, &offset);
	if (err != PTS_OK)
		printf("IMA log: %s at %zu\n", pts_err_name(err), offset);
	check(err == PTS_OK, "IMA log replay");
	free(log);
	printf("ima_entries=%zu\n", r.entries);
	if (r.check_aggregate) {
		printf("boot_aggregate=%s\n", pts_err_name(r.aggregate));
		check(r.aggregate == PTS_OK, "boot aggregate");
	}
}

static void compare_pcrs(struct pts_tpm *tpm, const struct pcr_bank *bank)
{
	uint8_t value[PTS_MEAS_ALGO_MAX_SIZE];
	size_t len;
	uint32_t i;
	enum pts_err err;

	for (i = 0; i < CHECKED_PCRS; i++) {
		err = pts_tpm_pcr_read(tpm, bank->algo, i, value, &len);
		if (err != PTS_OK) {
			printf("pcr_read: %s\n", pts_tpm_error(tpm));
			check(false, "PCR read");
			return;
		}
		if (len != bank->size ||
		    memcmp(value, pcr_bank_read(bank, i), len)) {
			printf("FAIL: PCR %u differs from the log replay\n",
			       (unsigned)i);
			failures++;
		}
	}
}

struct attest {
	uint32_t magic;
	uint16_t type;
	const uint8_t *extra;
	size_t extra_len;
	uint16_t sel_hash;
	uint32_t sel_mask;
	uint32_t sel_count;
	const uint8_t *digest;
	size_t digest_len;
};

/* The TPMS_ATTEST fields of spec 8.2; false when malformed. */
static bool parse_attest(const uint8_t *p, size_t n, struct attest *a)
{
	struct reader r;
	uint8_t select_size;
	const uint8_t *select;

	reader_init(&r, p, n);
	a->magic = reader_u32(&r);
	a->type = reader_u16(&r);
	reader_skip(&r, reader_u16(&r));	/* qualifiedSigner */
	a->extra_len = reader_u16(&r);
	a->extra = reader_bytes(&r, a->extra_len);
	reader_skip(&r, 17 + 8);		/* clockInfo, firmware */
	a->sel_count = reader_u32(&r);
	a->sel_hash = reader_u16(&r);
	select_size = reader_u8(&r);
	select = reader_bytes(&r, select_size);
	a->digest_len = reader_u16(&r);
	a->digest = reader_bytes(&r, a->digest_len);
	if (!reader_ok(&r) || reader_left(&r) || select_size != 3)
		return false;
	a->sel_mask = select[0] | select[1] << 8 | (uint32_t)select[2] << 16;
	return true;
}

/* ECDSA r || s as the DER ECDSA-Sig-Value OpenSSL verifies; caller
 * frees. */
static uint8_t *ecdsa_der(const uint8_t *sig, size_t len, size_t *der_len)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig, (int)(len / 2), NULL);
	BIGNUM *v = BN_bin2bn(sig + len / 2, (int)(len / 2), NULL);
	unsigned char *der = NULL;
	int n = -1;

	if (s && r && v && ECDSA_SIG_set0(s, r, v)) {
		r = v = NULL;
		n = i2d_ECDSA_SIG(s, &der);
	}
	BN_free(r);
	BN_free(v);
	ECDSA_SIG_free(s);
	*der_len = n > 0 ? (size_t)n : 0;
	return n > 0 ? der : NULL;
}

static bool verify_signature(const uint8_t *ak, size_t ak_len,
			     const struct pts_tpm_quote *q)
{
	const struct pts_meas_algo_info *h =
		pts_meas_algo_from_tpm(q->sig_hash);
	const unsigned char *p = ak;
	EVP_PKEY *pkey = d2i_PUBKEY(NULL, &p, (long)ak_len);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t *der = NULL;
	const uint8_t *sig = q->sig;
	size_t sig_len = q->sig_len;
	bool ok = false;

	if (q->sig_scheme == PTS_TPM_ALG_ECDSA) {
		der = ecdsa_der(q->sig, q->sig_len, &sig_len);
		sig = der;
	}
	if (pkey && ctx && h && sig &&
	    EVP_DigestVerifyInit(ctx, NULL, EVP_get_digestbyname(h->ossl_name),
				 NULL, pkey) > 0)
		ok = EVP_DigestVerify(ctx, sig, sig_len, q->attest,
				      q->attest_len) == 1;
	OPENSSL_free(der);
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	return ok;
}

static void check_quote(const struct pts_tpm_quote *q,
			const struct pcr_bank *bank, const uint8_t *nonce,
			size_t nonce_len, uint32_t mask, const uint8_t *ak,
			size_t ak_len)
{
	const struct pts_meas_algo_info *h =
		pts_meas_algo_from_tpm(q->sig_hash);
	uint8_t composite[PTS_MEAS_ALGO_MAX_SIZE];
	size_t composite_len = 0;
	struct attest a;

	printf("sig_scheme=0x%04x sig_hash=0x%04x sig_len=%zu\n",
	       q->sig_scheme, q->sig_hash, q->sig_len);
	print_hex("attest", q->attest, q->attest_len);
	print_hex("sig", q->sig, q->sig_len);
	if (!parse_attest(q->attest, q->attest_len, &a)) {
		check(false, "TPMS_ATTEST well-formed");
		return;
	}
	check(a.magic == ATTEST_MAGIC, "TPMS_ATTEST magic");
	check(a.type == ATTEST_QUOTE, "TPMS_ATTEST type");
	check(a.extra_len == nonce_len && !memcmp(a.extra, nonce, nonce_len),
	      "extraData equals the nonce");
	check(a.sel_count == 1 &&
	      a.sel_hash == pts_meas_algo_to_tpm(bank->algo) &&
	      a.sel_mask == mask, "PCR selection");
	check(h && pcr_bank_composite(bank, mask, h->algo, composite,
				      &composite_len) == PTS_OK &&
	      a.digest_len == composite_len &&
	      !memcmp(a.digest, composite, composite_len),
	      "pcrDigest equals the replayed composite");
	check(verify_signature(ak, ak_len, q), "signature verifies with AK");
}

static const struct {
	const char *name;
	enum pts_meas_algo algo;
} banks[] = {
	{ "sha1", PTS_MEAS_ALGO_SHA1 },
	{ "sha256", PTS_MEAS_ALGO_SHA256 },
	{ "sha384", PTS_MEAS_ALGO_SHA384 },
};

static enum pts_meas_algo bank_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(banks) / sizeof(banks[0]); i++)
		if (!strcmp(banks[i].name, name))
			return banks[i].algo;
	return PTS_MEAS_ALGO_NONE;
}

int main(int argc, char **argv)
{
	struct pts_tpm *tpm = NULL;
	struct pts_tpm_version v;
	struct pts_tpm_quote *q = NULL;
	struct pcr_bank bank;
	uint8_t info[PTS_TPM_VERSION_INFO_LEN], keyid[20], nonce[128];
	uint8_t *ak = NULL;
	size_t ak_len = 0, nonce_len;
	uint16_t algos;
	uint32_t handle, mask;
	enum pts_meas_algo algo;
	char err[256];
	enum pts_err rc;

	if (argc != 8) {
		fprintf(stderr, "usage: %s TCTI AK_HANDLE BIOS_LOG IMA_LOG "
			"BANK NONCE_HEX PCR_MASK\n", argv[0]);
		return 2;
	}
	handle = (uint32_t)strtoul(argv[2], NULL, 0);
	algo = bank_by_name(argv[5]);
	nonce_len = parse_hex(argv[6], nonce, sizeof(nonce));
	mask = (uint32_t)strtoul(argv[7], NULL, 0);
	if (algo == PTS_MEAS_ALGO_NONE || (!nonce_len && argv[6][0])) {
		fprintf(stderr, "bad bank or nonce\n");
		return 2;
	}

	if (pts_tpm_open(argv[1], &tpm, err, sizeof(err)) != PTS_OK) {
		printf("FAIL: open: %s\n", err);
		return 1;
	}
	if (pts_tpm_get_version(tpm, &v) == PTS_OK) {
		pts_tpm_version_info_encode(&v, info);
		printf("manufacturer=%s revision=%u year=%u\n",
		       v.manufacturer, (unsigned)v.revision, (unsigned)v.year);
		print_hex("version_info", info, sizeof(info));
	} else {
		printf("FAIL: version: %s\n", pts_tpm_error(tpm));
		failures++;
		info[3] = 0;
	}
	if (pts_tpm_get_banks(tpm, &algos) == PTS_OK)
		printf("banks=0x%04x\n", algos);
	else
		check(false, pts_tpm_error(tpm));

	if (pts_tpm_get_pubkey(tpm, handle, &ak, &ak_len) == PTS_OK) {
		EVP_Digest(ak, ak_len, keyid, NULL, EVP_sha1(), NULL);
		print_hex("keyid", keyid, sizeof(keyid));
	} else {
		printf("FAIL: pubkey: %s\n", pts_tpm_error(tpm));
		failures++;
	}

	pcr_bank_reset(&bank, algo, info[3]);
	replay_logs(&bank, argv[3], argv[4]);
	compare_pcrs(tpm, &bank);

	rc = pts_tpm_quote(tpm, handle, nonce, nonce_len, algo, mask, &q);
	if (rc == PTS_OK) {
		check_quote(q, &bank, nonce, nonce_len, mask, ak, ak_len);
	} else {
		printf("FAIL: quote: %s: %s\n", pts_err_name(rc),
		       pts_tpm_error(tpm));
		failures++;
	}
	pts_tpm_quote_free(q);
	free(ak);
	pts_tpm_close(tpm);
	if (!failures)
		printf("OK\n");
	return failures ? 1 : 0;
}
