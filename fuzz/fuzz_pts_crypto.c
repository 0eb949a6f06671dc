/*
 * fuzz_pts_crypto.c - libFuzzer target for the attestation inputs that
 * reach OpenSSL and libtss2-mu (libpts/pts_quote.c, pts_aik.c,
 * pts_dh.c). The first byte picks the parser:
 *   0  a TPMS_ATTEST (pts_quote_from_attest)
 *   1  the Simple Evidence Final TPM 2.0 fields, each with a 2-byte
 *      length, checked and verified against a fixed bank and ECDSA key
 *   2  an AIK blob, second byte the attribute flags (pts_aik_load)
 *   3  a peer's DH public value, second byte the group
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pcr_bank.h"
#include "pts_aik.h"
#include "pts_dh.h"
#include "pts_quote.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum pts_dh_group groups[] = {
	PTS_DH_MODP1024, PTS_DH_MODP1536, PTS_DH_MODP2048,
	PTS_DH_ECP256, PTS_DH_ECP384,
};

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

static void fuzz_attest(const uint8_t *data, size_t size)
{
	struct pts_quote q;

	if (pts_quote_from_attest(data, size, PTS_MEAS_ALGO_SHA256, &q) ==
	    PTS_QUOTE_OK &&
	    (q.signer_len > PTS_QUOTE_NAME_MAX ||
	     q.extra_len > PTS_QUOTE_DATA_MAX ||
	     q.pcr_digest_len != 32 || q.selection >> PCR_BANK_PCRS))
		abort();
}

static void fuzz_fields(const uint8_t *data, size_t size)
{
	static EVP_PKEY *key;
	static const uint8_t secret[20] = { 1, 2, 3 };
	static const uint8_t m[20];
	struct pts_part *parts[6];
	struct pts_quote_fields f = { .hash = PTS_MEAS_ALGO_SHA1 };
	struct pcr_bank bank;
	struct pts_quote q;
	struct reader r;
	size_t n;

	if (!key)
		key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	parts[0] = &f.pcr_digest;
	parts[1] = &f.signer;
	parts[2] = &f.clock_info;
	parts[3] = &f.firmware;
	parts[4] = &f.pcr_select;
	parts[5] = &f.signature;
	reader_init(&r, data, size);
	for (size_t i = 0; i < COUNT(parts); i++) {
		n = reader_u16(&r);
		parts[i]->data = reader_bytes(&r, n);
		parts[i]->len = parts[i]->data ? n : 0;
	}
	if (pts_quote_from_fields(&f, &q) != PTS_QUOTE_OK)
		return;
	if (pcr_bank_reset(&bank, PTS_MEAS_ALGO_SHA1, 0) != PTS_OK ||
	    pcr_bank_extend(&bank, 17, m, sizeof(m)) != PTS_OK)
		abort();
	if (pts_quote_verify(&q, &bank, secret, sizeof(secret), key) ==
	    PTS_QUOTE_OK)
		abort();	/* nobody has the key's private half */
}

static void fuzz_aik(const uint8_t *data, size_t size)
{
	struct pts_aik *aik;

	if (size < 1)
		return;
	if (pts_aik_load(data[0], data + 1, size - 1, &aik) != PTS_OK)
		return;
	if (strlen(pts_aik_keyid(aik)) != PTS_AIK_KEYID_LEN)
		abort();
	pts_aik_free(aik);
}

static void fuzz_dh(const uint8_t *data, size_t size)
{
	static struct pts_dh *dh[COUNT(groups)];
	uint8_t shared[PTS_DH_SHARED_MAX];
	size_t i, len;

	if (size < 1)
		return;
	i = data[0] % COUNT(groups);
	if (!dh[i] && pts_dh_new(groups[i], PTS_DH_INITIATOR, PTS_NONCE_MIN,
				 &dh[i]) != PTS_OK)
		abort();
	if (pts_dh_set_peer_public(dh[i], data + 1, size - 1) != PTS_OK)
		return;
	if (pts_dh_shared(dh[i], shared, sizeof(shared), &len) != PTS_OK ||
	    len != pts_dh_group_find(groups[i])->shared_len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static void (*const modes[])(const uint8_t *, size_t) = {
		fuzz_attest, fuzz_fields, fuzz_aik, fuzz_dh,
	};

	if (size < 1)
		return 0;
	modes[data[0] % COUNT(modes)](data + 1, size - 1);
	return 0;
}
