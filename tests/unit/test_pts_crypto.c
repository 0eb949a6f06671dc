/*
 * test_pts_crypto.c - unit tests of the attestation crypto of libpts: the
 * DH nonce exchange (attestation spec 3.1, 5), the AIK and its key id
 * (spec 7) and the TPM 2.0 quote verification (spec 8.2, 8.3).
 *
 * Expected values are computed here independently: MODP secrets with
 * BN_mod_exp, ECP secrets with OpenSSL's own derive, the spec 5 secret
 * with EVP_Digest, quotes built byte by byte and signed with OpenSSL keys.
 * The recorded attestation session (shared vectors) supplies real DH
 * public values, the AIK with its key id and a TPM 2.0 quote; swtpm, when
 * installed, a real quote (pts_swtpm_quote.sh).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "buf.h"
#include "pcr_bank.h"
#include "pts_aik.h"
#include "pts_dh.h"
#include "pts_quote.h"
#include "vectors.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* The OS IMC's Device ID in the recorded session = the AIK's key id. */
static const char vector_keyid[] = "ea4bbba8ca1e800de381ce1872e8b9b1150f75dc";

static const enum pts_dh_group all_groups[] = {
	PTS_DH_MODP1024, PTS_DH_MODP1536, PTS_DH_MODP2048,
	PTS_DH_ECP256, PTS_DH_ECP384,
};

/* ---- helpers ---- */

static void sha(const char *name, const uint8_t *data, size_t len,
		uint8_t *out)
{
	unsigned int n;

	assert_int_equal(EVP_Digest(data, len, out, &n,
				    EVP_get_digestbyname(name), NULL), 1);
}

/* spec 5, computed here: H(0x31 || Ni || Nr || shared) */
static void expected_secret(const char *hash, const uint8_t *ni,
			    const uint8_t *nr, size_t nlen,
			    const uint8_t *shared, size_t slen, uint8_t *out)
{
	uint8_t buf[1 + 2 * 64 + PTS_DH_SHARED_MAX];

	assert_true(nlen <= 64);
	buf[0] = '1';
	memcpy(buf + 1, ni, nlen);
	memcpy(buf + 1 + nlen, nr, nlen);
	memcpy(buf + 1 + 2 * nlen, shared, slen);
	sha(hash, buf, 1 + 2 * nlen + slen, out);
}

/* The value of a TCG attribute of type in a vector, NULL when absent. */
static const uint8_t *find_attr(const uint8_t *msg, size_t mlen,
				uint32_t type, size_t *len)
{
	uint8_t pat[7] = { 0x00, 0x55, 0x97 };
	const uint8_t *p;
	uint32_t alen;

	put_u32be(pat + 3, type);
	p = memmem(msg, mlen, pat, sizeof(pat));
	if (!p || (size_t)(msg + mlen - p) < 11)
		return NULL;
	alen = get_u32be(p + 7);
	assert_true(alen >= 12 && alen - 11 <= (size_t)(msg + mlen - p));
	*len = alen - 12;
	return p + 11;
}

static uint8_t *load_vector(const char *file, size_t *len)
{
	uint8_t *msg = vec_load_in("attestation", file, len);

	if (!msg)
		print_message("attestation vectors not found, skipped\n");
	return msg;
}

/* ---- tables and selection ---- */

static void test_group_table(void **state)
{
	static const struct {
		enum pts_dh_group group;
		unsigned ike;
		const char *name;
		size_t pub, shared;
	} want[] = {
		{ PTS_DH_MODP1024, 2, "modp1024", 128, 128 },
		{ PTS_DH_MODP1536, 5, "modp1536", 192, 192 },
		{ PTS_DH_MODP2048, 14, "modp2048", 256, 256 },
		{ PTS_DH_ECP256, 19, "ecp256", 64, 32 },
		{ PTS_DH_ECP384, 20, "ecp384", 96, 48 },
	};

	(void)state;
	for (size_t i = 0; i < COUNT(want); i++) {
		const struct pts_dh_group_info *g =
			pts_dh_group_find(want[i].group);

		assert_non_null(g);
		assert_int_equal(g->ike, want[i].ike);
		assert_string_equal(g->name, want[i].name);
		assert_int_equal(g->public_len, want[i].pub);
		assert_int_equal(g->shared_len, want[i].shared);
		assert_ptr_equal(pts_dh_group_from_name(want[i].name), g);
	}
	assert_null(pts_dh_group_find(0x0400));
	assert_null(pts_dh_group_find(PTS_DH_NONE));
	assert_null(pts_dh_group_from_name("ecp521"));
}

static void test_group_select(void **state)
{
	(void)state;
	/* the dh_group option: every group up to it (spec 1) */
	assert_int_equal(pts_dh_groups_up_to(PTS_DH_MODP1024), 0x8000);
	assert_int_equal(pts_dh_groups_up_to(PTS_DH_ECP256), 0xF000);
	assert_int_equal(pts_dh_groups_up_to(PTS_DH_ECP384), 0xF800);
	assert_int_equal(pts_dh_groups_up_to(0x0400), 0);
	assert_int_equal(pts_dh_groups_up_to(0x3000), 0);
	/* preference 20 > 19 > 14 > 5 > 2 */
	assert_int_equal(pts_dh_group_select(0xF800, 0xF800), PTS_DH_ECP384);
	assert_int_equal(pts_dh_group_select(0xF000, 0xF800), PTS_DH_ECP256);
	assert_int_equal(pts_dh_group_select(0xC000, 0x1000 | 0x6000),
			 PTS_DH_MODP1536);
	assert_int_equal(pts_dh_group_select(0x8000, 0x8000),
			 PTS_DH_MODP1024);
	assert_int_equal(pts_dh_group_select(0x8000, 0x1000), PTS_DH_NONE);
	assert_int_equal(pts_dh_group_select(0x0400, 0xFFFF), PTS_DH_NONE);
	/* hash: SHA384 > SHA256 > SHA1, unknown bits ignored */
	assert_int_equal(pts_dh_hash_select(0xE000, 0xE000),
			 PTS_MEAS_ALGO_SHA384);
	assert_int_equal(pts_dh_hash_select(0x8000, 0xC000),
			 PTS_MEAS_ALGO_SHA1);
	assert_int_equal(pts_dh_hash_select(0xC000, 0x6000),
			 PTS_MEAS_ALGO_SHA256);
	assert_int_equal(pts_dh_hash_select(0x1000, 0xF000),
			 PTS_MEAS_ALGO_NONE);
}

static void test_nonce_len(void **state)
{
	struct pts_dh *dh;

	(void)state;
	assert_int_equal(pts_dh_nonce_len_check(16, 0), PTS_ERR_LENGTH);
	assert_int_equal(pts_dh_nonce_len_check(17, 0), PTS_OK);
	assert_int_equal(pts_dh_nonce_len_check(20, 21), PTS_ERR_LENGTH);
	assert_int_equal(pts_dh_nonce_len_check(21, 21), PTS_OK);
	assert_int_equal(pts_dh_nonce_len_check(0xffff, 0), PTS_OK);
	assert_int_equal(pts_dh_nonce_len_check(0x10000, 0), PTS_ERR_LENGTH);
	assert_int_equal(pts_dh_new(PTS_DH_ECP256, PTS_DH_RESPONDER, 16, &dh),
			 PTS_ERR_LENGTH);
	assert_int_equal(pts_dh_new(PTS_DH_ECP256, PTS_DH_RESPONDER, 0x10000,
				    &dh), PTS_ERR_LENGTH);
	assert_int_equal(pts_dh_new(0x0400, PTS_DH_RESPONDER, 20, &dh),
			 PTS_ERR_ALGO);
}

/* ---- DH exchange ---- */

/* IMV and IMC run the exchange of spec 4 and must agree. */
static void exchange(enum pts_dh_group group, enum pts_meas_algo hash,
		     const char *hash_name, size_t hash_len)
{
	const struct pts_dh_group_info *g = pts_dh_group_find(group);
	uint8_t pi[PTS_DH_PUBLIC_MAX], pr[PTS_DH_PUBLIC_MAX];
	uint8_t si[PTS_DH_SHARED_MAX], sr[PTS_DH_SHARED_MAX];
	uint8_t ki[PTS_MEAS_ALGO_MAX_SIZE], kr[PTS_MEAS_ALGO_MAX_SIZE];
	uint8_t want[PTS_MEAS_ALGO_MAX_SIZE];
	const uint8_t *ni, *nr;
	size_t li, lr, nil, nrl, sil, srl, kil, krl;
	struct pts_dh *imv, *imc;

	assert_int_equal(pts_dh_new(group, PTS_DH_RESPONDER, 20, &imc),
			 PTS_OK);
	nr = pts_dh_own_nonce(imc, &nrl);
	assert_int_equal(nrl, 20);
	/* the IMV's nonce has the responder's length (spec 4) */
	assert_int_equal(pts_dh_new(group, PTS_DH_INITIATOR, nrl, &imv),
			 PTS_OK);
	ni = pts_dh_own_nonce(imv, &nil);
	assert_int_equal(nil, 20);
	assert_memory_not_equal(ni, nr, 20);
	assert_int_equal(pts_dh_get_group(imv), group);

	assert_int_equal(pts_dh_own_public(imc, pr, sizeof(pr), &lr), PTS_OK);
	assert_int_equal(pts_dh_own_public(imv, pi, sizeof(pi), &li), PTS_OK);
	assert_int_equal(lr, g->public_len);
	assert_int_equal(li, g->public_len);
	assert_int_equal(pts_dh_own_public(imv, pi, li - 1, &li),
			 PTS_ERR_ARG);

	assert_int_equal(pts_dh_secret(imv, hash, ki, &kil), PTS_ERR_ARG);
	assert_int_equal(pts_dh_set_peer_public(imv, pr, lr), PTS_OK);
	assert_int_equal(pts_dh_set_peer_public(imc, pi, li), PTS_OK);
	assert_int_equal(pts_dh_secret(imv, hash, ki, &kil), PTS_ERR_ARG);
	assert_int_equal(pts_dh_set_peer_nonce(imv, nr, nrl), PTS_OK);
	assert_int_equal(pts_dh_set_peer_nonce(imc, ni, nil), PTS_OK);

	assert_int_equal(pts_dh_shared(imv, si, sizeof(si), &sil), PTS_OK);
	assert_int_equal(pts_dh_shared(imc, sr, sizeof(sr), &srl), PTS_OK);
	assert_int_equal(sil, g->shared_len);
	assert_int_equal(srl, g->shared_len);
	assert_memory_equal(si, sr, sil);

	assert_int_equal(pts_dh_secret(imv, hash, ki, &kil), PTS_OK);
	assert_int_equal(pts_dh_secret(imc, hash, kr, &krl), PTS_OK);
	assert_int_equal(kil, hash_len);
	assert_int_equal(krl, hash_len);
	assert_memory_equal(ki, kr, kil);
	expected_secret(hash_name, ni, nr, 20, si, sil, want);
	assert_memory_equal(ki, want, hash_len);
	/* the nonce order matters: swapped is another secret */
	expected_secret(hash_name, nr, ni, 20, si, sil, want);
	assert_memory_not_equal(ki, want, hash_len);

	assert_int_equal(pts_dh_secret(imv, 0x1000, ki, &kil), PTS_ERR_ALGO);
	pts_dh_free(imv);
	pts_dh_free(imc);
}

static void test_dh_all_groups(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(all_groups); i++) {
		exchange(all_groups[i], PTS_MEAS_ALGO_SHA1, "SHA1", 20);
		exchange(all_groups[i], PTS_MEAS_ALGO_SHA256, "SHA256", 32);
		exchange(all_groups[i], PTS_MEAS_ALGO_SHA384, "SHA384", 48);
	}
}

static BIGNUM *modp_prime(enum pts_dh_group group)
{
	switch (group) {
	case PTS_DH_MODP1024:
		return BN_get_rfc2409_prime_1024(NULL);
	case PTS_DH_MODP1536:
		return BN_get_rfc3526_prime_1536(NULL);
	default:
		return BN_get_rfc3526_prime_2048(NULL);
	}
}

/*
 * A MODP peer done by hand: y = 2^x mod p in the PTS encoding, and
 * libpts's secret must equal peer^x mod p padded to the modulus.
 */
static void test_dh_modp_independent(void **state)
{
	static const enum pts_dh_group modp[] = {
		PTS_DH_MODP1024, PTS_DH_MODP1536, PTS_DH_MODP2048,
	};

	(void)state;
	for (size_t i = 0; i < COUNT(modp); i++) {
		size_t plen = pts_dh_group_find(modp[i])->public_len, len;
		uint8_t y[PTS_DH_PUBLIC_MAX], own[PTS_DH_PUBLIC_MAX];
		uint8_t want[PTS_DH_SHARED_MAX], got[PTS_DH_SHARED_MAX];
		BN_CTX *bctx = BN_CTX_new();
		BIGNUM *p = modp_prime(modp[i]), *x = BN_new(), *g = BN_new();
		BIGNUM *bn = BN_new(), *peer;
		struct pts_dh *dh;

		assert_true(BN_rand(x, 256, BN_RAND_TOP_ONE,
				    BN_RAND_BOTTOM_ANY));
		assert_true(BN_set_word(g, 2));
		assert_true(BN_mod_exp(bn, g, x, p, bctx));
		assert_int_equal(BN_bn2binpad(bn, y, (int)plen), (int)plen);
		assert_int_equal(BN_num_bytes(p), (int)plen);

		assert_int_equal(pts_dh_new(modp[i], PTS_DH_INITIATOR, 17, &dh),
				 PTS_OK);
		assert_int_equal(pts_dh_set_peer_public(dh, y, plen), PTS_OK);
		assert_int_equal(pts_dh_own_public(dh, own, sizeof(own), &len),
				 PTS_OK);
		peer = BN_bin2bn(own, (int)len, NULL);
		assert_true(BN_mod_exp(bn, peer, x, p, bctx));
		assert_int_equal(BN_bn2binpad(bn, want, (int)plen), (int)plen);
		assert_int_equal(pts_dh_shared(dh, got, sizeof(got), &len),
				 PTS_OK);
		assert_int_equal(len, plen);
		assert_memory_equal(got, want, plen);

		pts_dh_free(dh);
		BN_free(peer);
		BN_free(bn);
		BN_free(g);
		BN_free(x);
		BN_free(p);
		BN_CTX_free(bctx);
	}
}

/* An ECP peer done with OpenSSL's own key and derive. */
static void test_dh_ecp_independent(void **state)
{
	static const struct {
		enum pts_dh_group group;
		const char *curve;
		size_t field;
	} ecp[] = {
		{ PTS_DH_ECP256, "P-256", 32 },
		{ PTS_DH_ECP384, "P-384", 48 },
	};

	(void)state;
	for (size_t i = 0; i < COUNT(ecp); i++) {
		EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC",
						  ecp[i].curve);
		uint8_t point[1 + 96], own[1 + 96], want[48], got[48];
		size_t plen, len, wlen = sizeof(want);
		EVP_PKEY_CTX *ctx, *pctx;
		EVP_PKEY *peer = NULL;
		OSSL_PARAM params[3];
		struct pts_dh *dh;

		assert_non_null(key);
		assert_int_equal(EVP_PKEY_get_octet_string_param(key,
				OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point,
				sizeof(point), &plen), 1);
		assert_int_equal(plen, 1 + 2 * ecp[i].field);
		assert_int_equal(point[0], 0x04);

		assert_int_equal(pts_dh_new(ecp[i].group, PTS_DH_RESPONDER, 32,
					    &dh), PTS_OK);
		/* the PTS encoding is the point without its 0x04 */
		assert_int_equal(pts_dh_set_peer_public(dh, point + 1,
							plen - 1), PTS_OK);
		assert_int_equal(pts_dh_own_public(dh, own + 1,
						   sizeof(own) - 1, &len),
				 PTS_OK);
		assert_int_equal(len, 2 * ecp[i].field);
		own[0] = 0x04;
		params[0] = OSSL_PARAM_construct_utf8_string(
			OSSL_PKEY_PARAM_GROUP_NAME, (char *)ecp[i].curve, 0);
		params[1] = OSSL_PARAM_construct_octet_string(
			OSSL_PKEY_PARAM_PUB_KEY, own, 1 + len);
		params[2] = OSSL_PARAM_construct_end();
		pctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
		assert_int_equal(EVP_PKEY_fromdata_init(pctx), 1);
		assert_int_equal(EVP_PKEY_fromdata(pctx, &peer,
						   EVP_PKEY_PUBLIC_KEY,
						   params), 1);
		ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
		assert_int_equal(EVP_PKEY_derive_init(ctx), 1);
		assert_int_equal(EVP_PKEY_derive_set_peer(ctx, peer), 1);
		assert_int_equal(EVP_PKEY_derive(ctx, want, &wlen), 1);
		assert_int_equal(wlen, ecp[i].field);

		assert_int_equal(pts_dh_shared(dh, got, sizeof(got), &len),
				 PTS_OK);
		assert_int_equal(len, ecp[i].field);
		assert_memory_equal(got, want, wlen);

		pts_dh_free(dh);
		EVP_PKEY_CTX_free(ctx);
		EVP_PKEY_CTX_free(pctx);
		EVP_PKEY_free(peer);
		EVP_PKEY_free(key);
	}
}

static void test_dh_peer_malformed(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(all_groups); i++) {
		const struct pts_dh_group_info *g =
			pts_dh_group_find(all_groups[i]);
		uint8_t v[PTS_DH_PUBLIC_MAX + 1], good[PTS_DH_PUBLIC_MAX];
		uint8_t shared[PTS_DH_SHARED_MAX];
		size_t n = g->public_len, len;
		struct pts_dh *dh, *other;

		assert_int_equal(pts_dh_new(all_groups[i], PTS_DH_INITIATOR,
					    20, &dh), PTS_OK);
		assert_int_equal(pts_dh_new(all_groups[i], PTS_DH_RESPONDER,
					    20, &other), PTS_OK);
		assert_int_equal(pts_dh_own_public(other, good, sizeof(good),
						   &len), PTS_OK);

		/* short, long, empty */
		assert_int_equal(pts_dh_set_peer_public(dh, good, n - 1),
				 PTS_ERR_LENGTH);
		memcpy(v, good, n);
		v[n] = 0;
		assert_int_equal(pts_dh_set_peer_public(dh, v, n + 1),
				 PTS_ERR_LENGTH);
		assert_int_equal(pts_dh_set_peer_public(dh, v, 0),
				 PTS_ERR_LENGTH);
		/* zero: MODP y = 0, ECP (0, 0) */
		memset(v, 0, n);
		assert_int_equal(pts_dh_set_peer_public(dh, v, n), PTS_ERR_KEY);
		/* all ones: y > p, or coordinates beyond the field */
		memset(v, 0xff, n);
		assert_int_equal(pts_dh_set_peer_public(dh, v, n), PTS_ERR_KEY);
		if (g->public_len == g->shared_len) {
			BIGNUM *p = modp_prime(all_groups[i]);

			/* 1, p - 1 and p */
			v[n - 1] = 1;
			memset(v, 0, n - 1);
			assert_int_equal(pts_dh_set_peer_public(dh, v, n),
					 PTS_ERR_KEY);
			assert_int_equal(BN_bn2binpad(p, v, (int)n), (int)n);
			assert_int_equal(pts_dh_set_peer_public(dh, v, n),
					 PTS_ERR_KEY);
			assert_true(BN_sub_word(p, 1));
			assert_int_equal(BN_bn2binpad(p, v, (int)n), (int)n);
			assert_int_equal(pts_dh_set_peer_public(dh, v, n),
					 PTS_ERR_KEY);
			/* p - 2 is in range but outside the prime-order
			 * subgroup: OpenSSL's full check (y^q = 1) refuses
			 * it where it knows q; 4 = 2^2 lies inside */
			assert_true(BN_sub_word(p, 1));
			assert_int_equal(BN_bn2binpad(p, v, (int)n), (int)n);
			assert_int_equal(pts_dh_set_peer_public(dh, v, n),
					 all_groups[i] == PTS_DH_MODP1024 ?
					 PTS_OK : PTS_ERR_KEY);
			memset(v, 0, n);
			v[n - 1] = 4;
			assert_int_equal(pts_dh_set_peer_public(dh, v, n),
					 PTS_OK);
			BN_free(p);
		} else {
			/* (1, 1) and a valid point with Y changed */
			memset(v, 0, n);
			v[n / 2 - 1] = 1;
			v[n - 1] = 1;
			assert_int_equal(pts_dh_set_peer_public(dh, v, n),
					 PTS_ERR_KEY);
			memcpy(v, good, n);
			v[n - 1] ^= 0x01;
			assert_int_equal(pts_dh_set_peer_public(dh, v, n),
					 PTS_ERR_KEY);
		}
		/* no peer value taken so far for ECP: nothing to derive */
		if (g->public_len != g->shared_len)
			assert_int_equal(pts_dh_shared(dh, shared,
						       sizeof(shared), &len),
					 PTS_ERR_ARG);
		assert_int_equal(pts_dh_set_peer_public(dh, good, n), PTS_OK);
		assert_int_equal(pts_dh_shared(dh, shared, g->shared_len - 1,
					       &len), PTS_ERR_ARG);
		/* peer nonce of another length than the own (spec 5) */
		assert_int_equal(pts_dh_set_peer_nonce(dh, good, 19),
				 PTS_ERR_LENGTH);
		assert_int_equal(pts_dh_set_peer_nonce(dh, good, 21),
				 PTS_ERR_LENGTH);
		pts_dh_free(dh);
		pts_dh_free(other);
	}
}

/*
 * The recorded DH Nonce Parameters Response (011) and Finish (012):
 * ECP-256, SHA-1, 20-byte nonces; both public values must import.
 */
static void test_dh_vectors(void **state)
{
	const uint8_t *resp, *fin;
	size_t rlen, flen, mlen1, mlen2;
	uint8_t *m1 = load_vector("011-c2s-batch-cdata.hex", &mlen1);
	uint8_t *m2 = load_vector("012-s2c-batch-sdata.hex", &mlen2);
	struct pts_dh *imv, *imc;
	struct reader r;
	uint8_t nonce_len;

	(void)state;
	if (!m1 || !m2) {
		free(m1);
		free(m2);
		return;
	}
	resp = find_attr(m1, mlen1, 0x04000000, &rlen);
	fin = find_attr(m2, mlen2, 0x05000000, &flen);
	assert_non_null(resp);
	assert_non_null(fin);
	assert_int_equal(rlen, 104 - 12);
	assert_int_equal(flen, 100 - 12);

	/* Response: reserved 3, nonce len, group, hash set, nonce, value */
	reader_init(&r, resp, rlen);
	reader_skip(&r, 3);
	nonce_len = reader_u8(&r);
	assert_int_equal(nonce_len, 20);
	assert_int_equal(pts_dh_nonce_len_check(nonce_len, 0), PTS_OK);
	assert_int_equal(reader_u16(&r), PTS_DH_ECP256);
	assert_int_equal(pts_dh_hash_select(reader_u16(&r), 0xE000),
			 PTS_MEAS_ALGO_SHA1);
	reader_skip(&r, nonce_len);
	assert_int_equal(reader_left(&r), 64);
	assert_int_equal(pts_dh_new(PTS_DH_ECP256, PTS_DH_INITIATOR,
				    nonce_len, &imv), PTS_OK);
	assert_int_equal(pts_dh_set_peer_public(imv, reader_bytes(&r, 64),
						64), PTS_OK);
	assert_true(reader_ok(&r));

	/* Finish: reserved, nonce len, hash, value, nonce (the last 20) */
	reader_init(&r, fin, flen);
	reader_skip(&r, 1);
	assert_int_equal(reader_u8(&r), 20);
	assert_int_equal(reader_u16(&r), PTS_MEAS_ALGO_SHA1);
	assert_int_equal(reader_left(&r), 64 + 20);
	assert_int_equal(pts_dh_new(PTS_DH_ECP256, PTS_DH_RESPONDER, 20,
				    &imc), PTS_OK);
	assert_int_equal(pts_dh_set_peer_public(imc, reader_bytes(&r, 64),
						64), PTS_OK);
	assert_int_equal(pts_dh_set_peer_nonce(imc, reader_bytes(&r, 20),
					       20), PTS_OK);
	assert_true(reader_ok(&r));
	/* a P-256 value has not the length of a P-384 one */
	pts_dh_free(imc);
	assert_int_equal(pts_dh_new(PTS_DH_ECP384, PTS_DH_RESPONDER, 20,
				    &imc), PTS_OK);
	assert_int_equal(pts_dh_set_peer_public(imc, fin + 4, 64),
			 PTS_ERR_LENGTH);

	pts_dh_free(imv);
	pts_dh_free(imc);
	free(m1);
	free(m2);
}

/* ---- AIK ---- */

/* The recorded AIK attribute (013): flags 0x80, DER SubjectPublicKeyInfo */
static void test_aik_vector(void **state)
{
	size_t mlen, len, plen;
	uint8_t *msg = load_vector("013-c2s-batch-cdata.hex", &mlen);
	const uint8_t *attr;
	uint8_t *pem, *der = NULL;
	struct pts_aik *aik;
	BIO *bio;
	char *pem_data;

	(void)state;
	if (!msg)
		return;
	attr = find_attr(msg, mlen, 0x0E000000, &len);
	assert_non_null(attr);
	assert_int_equal(len, 307 - 12);
	assert_int_equal(attr[0], PTS_AIK_FLAG_NAKED);

	assert_int_equal(pts_aik_load(attr[0], attr + 1, len - 1, &aik),
			 PTS_OK);
	assert_false(pts_aik_is_cert(aik));
	assert_string_equal(pts_aik_keyid(aik), vector_keyid);
	assert_int_equal(EVP_PKEY_get_base_id(pts_aik_key(aik)), EVP_PKEY_RSA);
	assert_int_equal(EVP_PKEY_get_bits(pts_aik_key(aik)), 2048);
	/* a certificate AIK cannot be checked when there is none */
	assert_int_equal(pts_aik_verify_cert(aik, "."), PTS_ERR_ARG);

	/* the same key in PEM has the same key id */
	bio = BIO_new(BIO_s_mem());
	assert_int_equal(PEM_write_bio_PUBKEY(bio, pts_aik_key(aik)), 1);
	plen = (size_t)BIO_get_mem_data(bio, &pem_data);
	pem = malloc(plen);
	memcpy(pem, pem_data, plen);
	BIO_free(bio);
	pts_aik_free(aik);
	assert_int_equal(pts_aik_load(PTS_AIK_FLAG_NAKED, pem, plen, &aik),
			 PTS_OK);
	assert_string_equal(pts_aik_keyid(aik), vector_keyid);
	pts_aik_free(aik);
	/* a key where a certificate is announced does not load */
	assert_int_equal(pts_aik_load(0, attr + 1, len - 1, &aik),
			 PTS_ERR_KEY);
	assert_int_equal(pts_aik_load(0, pem, plen, &aik), PTS_ERR_KEY);
	/* truncated PEM */
	assert_int_equal(pts_aik_load(PTS_AIK_FLAG_NAKED, pem, plen / 2, &aik),
			 PTS_ERR_KEY);
	free(pem);

	/* truncated DER, a trailing byte, a lying inner length */
	assert_int_equal(pts_aik_load(PTS_AIK_FLAG_NAKED, attr + 1, len - 2,
				      &aik), PTS_ERR_KEY);
	der = malloc(len);
	memcpy(der, attr + 1, len - 1);
	der[len - 1] = 0;
	assert_int_equal(pts_aik_load(PTS_AIK_FLAG_NAKED, der, len, &aik),
			 PTS_ERR_KEY);
	der[3]++;	/* SEQUENCE length 0x0122 → 0x0123 */
	assert_int_equal(pts_aik_load(PTS_AIK_FLAG_NAKED, der, len - 1, &aik),
			 PTS_ERR_KEY);
	assert_int_equal(pts_aik_load(PTS_AIK_FLAG_NAKED, der, 0, &aik),
			 PTS_ERR_KEY);
	free(der);
	free(msg);
}

/* The key id is SHA-1 over the DER SubjectPublicKeyInfo, computed here. */
static void keyid_of(EVP_PKEY *key, char *out)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(key, &der);
	uint8_t d[20];

	assert_true(n > 0);
	sha("SHA1", der, (size_t)n, d);
	for (int i = 0; i < 20; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
	OPENSSL_free(der);
}

static X509 *make_cert(EVP_PKEY *key, const char *cn, X509 *issuer,
		       EVP_PKEY *issuer_key, int is_ca)
{
	X509 *c = X509_new();
	X509_NAME *name = X509_NAME_new();
	X509V3_CTX ctx;
	X509_EXTENSION *ext;

	assert_non_null(c);
	X509_set_version(c, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(c), 7);
	X509_gmtime_adj(X509_getm_notBefore(c), -3600);
	X509_gmtime_adj(X509_getm_notAfter(c), 3600);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
				   (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(c, name);
	X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : name);
	X509_set_pubkey(c, key);
	X509V3_set_ctx(&ctx, issuer ? issuer : c, c, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_basic_constraints,
				  is_ca ? "critical,CA:TRUE" : "CA:FALSE");
	X509_add_ext(c, ext, -1);
	X509_EXTENSION_free(ext);
	assert_true(X509_sign(c, issuer_key, EVP_sha256()) > 0);
	X509_NAME_free(name);
	return c;
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void test_aik_cert(void **state)
{
	EVP_PKEY *ca_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	EVP_PKEY *other_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	EVP_PKEY *aik_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *ca = make_cert(ca_key, "Test CA", NULL, ca_key, 1);
	X509 *other = make_cert(other_key, "Other CA", NULL, other_key, 1);
	X509 *cert = make_cert(aik_key, "AIK", ca, ca_key, 0);
	char dir[] = "pts_cadir_XXXXXX", good[64], bad[64], junk[64];
	char want[PTS_AIK_KEYID_LEN + 1];
	unsigned char *der = NULL;
	struct pts_aik *aik, *tmp;
	char *pem_data;
	BIO *bio;
	int n;

	(void)state;
	keyid_of(aik_key, want);
	assert_non_null(mkdtemp(dir));
	snprintf(good, sizeof(good), "%s/ca.der", dir);
	snprintf(bad, sizeof(bad), "%s/other.pem", dir);
	snprintf(junk, sizeof(junk), "%s/README", dir);

	/* DER certificate */
	n = i2d_X509(cert, &der);
	assert_true(n > 0);
	assert_int_equal(pts_aik_load(0, der, (size_t)n, &aik), PTS_OK);
	assert_true(pts_aik_is_cert(aik));
	assert_string_equal(pts_aik_keyid(aik), want);
	assert_int_equal(pts_aik_load(0, der, (size_t)n - 1, &tmp),
			 PTS_ERR_KEY);
	assert_int_equal(pts_aik_load(PTS_AIK_FLAG_NAKED, der, (size_t)n,
				      &tmp), PTS_ERR_KEY);

	/* a cadir holding only another CA and junk: not trusted */
	bio = BIO_new(BIO_s_mem());
	PEM_write_bio_X509(bio, other);
	n = (int)BIO_get_mem_data(bio, &pem_data);
	write_file(bad, pem_data, (size_t)n);
	BIO_free(bio);
	write_file(junk, "not a certificate\n", 18);
	assert_int_equal(pts_aik_verify_cert(aik, dir), PTS_ERR_UNTRUSTED);
	assert_int_equal(pts_aik_verify_cert(aik, "pts_no_such_dir"),
			 PTS_ERR_UNTRUSTED);
	/* with the issuing CA (DER) beside them: trusted */
	OPENSSL_free(der);
	der = NULL;
	n = i2d_X509(ca, &der);
	write_file(good, der, (size_t)n);
	assert_int_equal(pts_aik_verify_cert(aik, dir), PTS_OK);
	pts_aik_free(aik);

	/* PEM certificate, self-signed by another key: loads, not trusted */
	bio = BIO_new(BIO_s_mem());
	PEM_write_bio_X509(bio, other);
	n = (int)BIO_get_mem_data(bio, &pem_data);
	assert_int_equal(pts_aik_load(0, (uint8_t *)pem_data, (size_t)n, &aik),
			 PTS_OK);
	keyid_of(other_key, want);
	assert_string_equal(pts_aik_keyid(aik), want);
	BIO_free(bio);
	unlink(good);
	assert_int_equal(pts_aik_verify_cert(aik, dir), PTS_OK); /* itself */
	pts_aik_free(aik);

	unlink(bad);
	unlink(junk);
	rmdir(dir);
	OPENSSL_free(der);
	X509_free(cert);
	X509_free(other);
	X509_free(ca);
	EVP_PKEY_free(aik_key);
	EVP_PKEY_free(other_key);
	EVP_PKEY_free(ca_key);
}

/* ---- quote ---- */

struct keys {
	EVP_PKEY *rsa, *ecdsa, *rsa_other, *ed25519;
};

static int setup_keys(void **state)
{
	struct keys *k = calloc(1, sizeof(*k));

	k->rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	k->rsa_other = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	k->ecdsa = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	k->ed25519 = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	*state = k;
	return k->rsa && k->rsa_other && k->ecdsa && k->ed25519 ? 0 : -1;
}

static int teardown_keys(void **state)
{
	struct keys *k = *state;

	EVP_PKEY_free(k->rsa);
	EVP_PKEY_free(k->rsa_other);
	EVP_PKEY_free(k->ecdsa);
	EVP_PKEY_free(k->ed25519);
	free(k);
	return 0;
}

/* What the IMC's TPM would quote: PCR17/18 of a SHA-1 bank. */
struct quote_in {
	uint32_t magic;
	uint16_t type;
	const uint8_t *nonce;
	size_t nonce_len;
	uint8_t pcr17, pcr18;	/* byte the PCR values are filled with */
};

static const uint8_t signer[34] = {
	0x00, 0x0b, 0x5a, 0x5a, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12,
	0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
	0x1e,
};
static const uint8_t clock_info[17] = {
	0, 0, 0, 0, 0, 0x0b, 0x38, 0x51, 0, 0, 0, 3, 0, 0, 0, 0, 1,
};
static const uint8_t firmware[8] = { 0x20, 0x19, 0x10, 0x23, 0, 0x16, 0x36,
				     0x36 };
/* TPML_PCR_SELECTION: 1 bank, SHA-1, 3 select bytes, PCR 17 and 18 */
static const uint8_t pcr_select[10] = { 0, 0, 0, 1, 0, 4, 3, 0, 0, 6 };

/* The TPMS_ATTEST of spec 8.2, byte by byte. Caller frees. */
static uint8_t *build_attest(const struct quote_in *in, size_t *len)
{
	uint8_t pcrs[40], digest[32];
	struct writer w;

	memset(pcrs, in->pcr17, 20);
	memset(pcrs + 20, in->pcr18, 20);
	sha("SHA256", pcrs, sizeof(pcrs), digest);
	writer_init(&w);
	writer_u32(&w, in->magic);
	writer_u16(&w, in->type);
	writer_u16(&w, sizeof(signer));
	writer_bytes(&w, signer, sizeof(signer));
	writer_u16(&w, (uint16_t)in->nonce_len);
	writer_bytes(&w, in->nonce, in->nonce_len);
	writer_bytes(&w, clock_info, sizeof(clock_info));
	writer_bytes(&w, firmware, sizeof(firmware));
	writer_bytes(&w, pcr_select, sizeof(pcr_select));
	writer_u16(&w, sizeof(digest));
	writer_bytes(&w, digest, sizeof(digest));
	assert_true(writer_ok(&w));
	return writer_take(&w, len);
}

/* Signs with SHA-256: RSA PKCS#1 v1.5 raw, ECDSA as r || s. */
static size_t sign(EVP_PKEY *key, const uint8_t *data, size_t len,
		   uint8_t *sig)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t der[600];
	size_t n = sizeof(der);
	const unsigned char *p = der;
	const BIGNUM *r, *s;
	ECDSA_SIG *es;

	assert_int_equal(EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL,
					    key), 1);
	assert_int_equal(EVP_DigestSign(ctx, der, &n, data, len), 1);
	EVP_MD_CTX_free(ctx);
	if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
		memcpy(sig, der, n);
		return n;
	}
	es = d2i_ECDSA_SIG(NULL, &p, (long)n);
	assert_non_null(es);
	ECDSA_SIG_get0(es, &r, &s);
	assert_int_equal(BN_bn2binpad(r, sig, 32), 32);
	assert_int_equal(BN_bn2binpad(s, sig + 32, 32), 32);
	ECDSA_SIG_free(es);
	return 64;
}

/* The IMV's emulated bank: PCR17, PCR18 set like TBOOT evidence. */
static void imv_bank(struct pcr_bank *b, uint8_t pcr17, uint8_t pcr18)
{
	uint8_t v[20];

	assert_int_equal(pcr_bank_reset(b, PTS_MEAS_ALGO_SHA1, 3), PTS_OK);
	memset(v, pcr17, 20);
	assert_int_equal(pcr_bank_set(b, 17, v, 20), PTS_OK);
	memset(v, pcr18, 20);
	assert_int_equal(pcr_bank_set(b, 18, v, 20), PTS_OK);
}

/* IMC side: TPMS_ATTEST + signature → fields; IMV side: verify. */
static enum pts_quote_result quote_roundtrip(const struct quote_in *in,
					     EVP_PKEY *signer_key,
					     EVP_PKEY *aik,
					     const struct pcr_bank *bank,
					     const uint8_t *secret,
					     size_t secret_len)
{
	uint8_t sig[PTS_QUOTE_SIG_MAX];
	struct pts_quote q;
	enum pts_quote_result r;
	size_t len, sig_len;
	uint8_t *attest = build_attest(in, &len);

	sig_len = sign(signer_key, attest, len, sig);
	r = pts_quote_from_attest(attest, len, PTS_MEAS_ALGO_SHA256, &q);
	free(attest);
	if (r != PTS_QUOTE_OK)
		return r;
	assert_int_equal(pts_quote_set_signature(&q, sig, sig_len),
			 PTS_QUOTE_OK);
	return pts_quote_verify(&q, bank, secret, secret_len, aik);
}

/* The whole flow: DH secret on both sides, quote with it, verify. */
static void test_quote_with_dh(void **state)
{
	struct keys *k = *state;
	uint8_t pi[PTS_DH_PUBLIC_MAX], pr[PTS_DH_PUBLIC_MAX];
	uint8_t imc_secret[48], imv_secret[48], old_secret[48];
	size_t li, lr, ls, lv, lo, nl;
	const uint8_t *ni, *nr;
	struct pts_dh *imv, *imc;
	struct pcr_bank bank;
	struct quote_in in = { PTS_QUOTE_MAGIC, PTS_QUOTE_TYPE, NULL, 0,
			       0xff, 0xff };

	assert_int_equal(pts_dh_new(PTS_DH_ECP256, PTS_DH_RESPONDER, 20,
				    &imc), PTS_OK);
	assert_int_equal(pts_dh_new(PTS_DH_ECP256, PTS_DH_INITIATOR, 20,
				    &imv), PTS_OK);
	assert_int_equal(pts_dh_own_public(imc, pr, sizeof(pr), &lr), PTS_OK);
	assert_int_equal(pts_dh_own_public(imv, pi, sizeof(pi), &li), PTS_OK);
	ni = pts_dh_own_nonce(imv, &nl);
	nr = pts_dh_own_nonce(imc, &nl);
	assert_int_equal(pts_dh_set_peer_public(imv, pr, lr), PTS_OK);
	assert_int_equal(pts_dh_set_peer_nonce(imv, nr, nl), PTS_OK);
	assert_int_equal(pts_dh_set_peer_public(imc, pi, li), PTS_OK);
	assert_int_equal(pts_dh_set_peer_nonce(imc, ni, nl), PTS_OK);
	assert_int_equal(pts_dh_secret(imc, PTS_MEAS_ALGO_SHA256, imc_secret,
				       &ls), PTS_OK);
	assert_int_equal(pts_dh_secret(imv, PTS_MEAS_ALGO_SHA256, imv_secret,
				       &lv), PTS_OK);

	imv_bank(&bank, 0xff, 0xff);
	in.nonce = imc_secret;
	in.nonce_len = ls;
	assert_int_equal(quote_roundtrip(&in, k->rsa, k->rsa, &bank,
					 imv_secret, lv), PTS_QUOTE_OK);
	assert_int_equal(quote_roundtrip(&in, k->ecdsa, k->ecdsa, &bank,
					 imv_secret, lv), PTS_QUOTE_OK);

	/* a replayed quote: made for the secret of an earlier exchange */
	memcpy(old_secret, imc_secret, ls);
	lo = ls;
	pts_dh_free(imv);
	assert_int_equal(pts_dh_new(PTS_DH_ECP256, PTS_DH_INITIATOR, 20,
				    &imv), PTS_OK);
	assert_int_equal(pts_dh_set_peer_public(imv, pr, lr), PTS_OK);
	assert_int_equal(pts_dh_set_peer_nonce(imv, nr, nl), PTS_OK);
	assert_int_equal(pts_dh_secret(imv, PTS_MEAS_ALGO_SHA256, imv_secret,
				       &lv), PTS_OK);
	assert_memory_not_equal(imv_secret, old_secret, lo);
	in.nonce = old_secret;
	assert_int_equal(quote_roundtrip(&in, k->rsa, k->rsa, &bank,
					 imv_secret, lv),
			 PTS_QUOTE_SIGNATURE_INVALID);
	assert_int_equal(quote_roundtrip(&in, k->ecdsa, k->ecdsa, &bank,
					 imv_secret, lv),
			 PTS_QUOTE_SIGNATURE_INVALID);
	pts_dh_free(imv);
	pts_dh_free(imc);
}

static void test_quote_rejects(void **state)
{
	static const uint8_t secret[32] = { 0x31, 0x32, 0x33, 0x34, 0x35 };
	struct keys *k = *state;
	uint8_t flipped[32];
	struct pcr_bank bank, other;
	struct quote_in in = { PTS_QUOTE_MAGIC, PTS_QUOTE_TYPE, secret,
			       sizeof(secret), 0xff, 0xff };
	EVP_PKEY *keys[] = { k->rsa, k->ecdsa };

	imv_bank(&bank, 0xff, 0xff);
	for (size_t i = 0; i < COUNT(keys); i++) {
		assert_int_equal(quote_roundtrip(&in, keys[i], keys[i], &bank,
						 secret, sizeof(secret)),
				 PTS_QUOTE_OK);
		/* one bit of the nonce differs */
		memcpy(flipped, secret, sizeof(secret));
		flipped[31] ^= 0x80;
		assert_int_equal(quote_roundtrip(&in, keys[i], keys[i], &bank,
						 flipped, sizeof(flipped)),
				 PTS_QUOTE_SIGNATURE_INVALID);
		/* shorter secret */
		assert_int_equal(quote_roundtrip(&in, keys[i], keys[i], &bank,
						 secret, 20),
				 PTS_QUOTE_SIGNATURE_INVALID);
		/* the TPM's PCR18 differs from the evidence */
		in.pcr18 = 0xfe;
		assert_int_equal(quote_roundtrip(&in, keys[i], keys[i], &bank,
						 secret, sizeof(secret)),
				 PTS_QUOTE_PCR_MISMATCH);
		in.pcr18 = 0xff;
		/* the evidence extended another PCR too */
		other = bank;
		assert_int_equal(pcr_bank_set(&other, 10, secret, 20), PTS_OK);
		assert_int_equal(quote_roundtrip(&in, keys[i], keys[i], &other,
						 secret, sizeof(secret)),
				 PTS_QUOTE_SELECTION_MISMATCH);
		/* another bank algorithm */
		assert_int_equal(pcr_bank_reset(&other, PTS_MEAS_ALGO_SHA256,
						3), PTS_OK);
		other.selected = bank.selected;
		assert_int_equal(quote_roundtrip(&in, keys[i], keys[i], &other,
						 secret, sizeof(secret)),
				 PTS_QUOTE_SELECTION_MISMATCH);
		/* nothing to check against */
		assert_int_equal(quote_roundtrip(&in, keys[i], keys[i], &bank,
						 secret, 0),
				 PTS_QUOTE_NO_EVIDENCE);
		other.selected = 0;
		assert_int_equal(quote_roundtrip(&in, keys[i], keys[i], &other,
						 secret, sizeof(secret)),
				 PTS_QUOTE_NO_EVIDENCE);
		/* wrong magic, wrong type */
		in.magic = 0xFF544348;
		assert_int_equal(quote_roundtrip(&in, keys[i], keys[i], &bank,
						 secret, sizeof(secret)),
				 PTS_QUOTE_BAD_MAGIC);
		in.magic = PTS_QUOTE_MAGIC;
		in.type = 0x8017;	/* TPM_ST_ATTEST_CERTIFY */
		assert_int_equal(quote_roundtrip(&in, keys[i], keys[i], &bank,
						 secret, sizeof(secret)),
				 PTS_QUOTE_BAD_TYPE);
		in.type = PTS_QUOTE_TYPE;
	}
	/* another key, the other key type, an unsupported key type */
	assert_int_equal(quote_roundtrip(&in, k->rsa, k->rsa_other, &bank,
					 secret, sizeof(secret)),
			 PTS_QUOTE_SIGNATURE_INVALID);
	/* 256 bytes are no P-256 r || s */
	assert_int_equal(quote_roundtrip(&in, k->rsa, k->ecdsa, &bank,
					 secret, sizeof(secret)),
			 PTS_QUOTE_MALFORMED);
	assert_int_equal(quote_roundtrip(&in, k->ecdsa, k->rsa, &bank,
					 secret, sizeof(secret)),
			 PTS_QUOTE_SIGNATURE_INVALID);
	assert_int_equal(quote_roundtrip(&in, k->rsa, k->ed25519, &bank,
					 secret, sizeof(secret)),
			 PTS_QUOTE_UNSUPPORTED);
}

static void test_quote_attest_malformed(void **state)
{
	static const uint8_t secret[20] = { 9 };
	struct quote_in in = { PTS_QUOTE_MAGIC, PTS_QUOTE_TYPE, secret,
			       sizeof(secret), 0xff, 0xff };
	uint8_t *attest, *longer, *rebuilt;
	size_t len, rlen;
	struct pts_quote q;

	(void)state;
	attest = build_attest(&in, &len);
	assert_int_equal(len, 6 + 36 + 22 + 17 + 8 + 10 + 34);
	assert_int_equal(pts_quote_from_attest(attest, len,
					       PTS_MEAS_ALGO_SHA256, &q),
			 PTS_QUOTE_OK);
	assert_int_equal(q.signer_len, sizeof(signer));
	assert_memory_equal(q.signer, signer, sizeof(signer));
	assert_int_equal(q.extra_len, 20);
	assert_memory_equal(q.extra, secret, 20);
	assert_memory_equal(q.clock_info, clock_info, 17);
	assert_memory_equal(q.firmware, firmware, 8);
	assert_int_equal(q.pcr_select_len, 10);
	assert_memory_equal(q.pcr_select, pcr_select, 10);
	assert_int_equal(q.bank, PTS_MEAS_ALGO_SHA1);
	assert_int_equal(q.selection, 0x060000);
	assert_int_equal(q.pcr_digest_len, 32);
	assert_int_equal(q.signature_len, 0);

	/* rebuilding with the same secret and digest gives the same bytes */
	assert_int_equal(pts_quote_attest(&q, secret, sizeof(secret),
					  q.pcr_digest, q.pcr_digest_len,
					  &rebuilt, &rlen), PTS_QUOTE_OK);
	assert_int_equal(rlen, len);
	assert_memory_equal(rebuilt, attest, len);
	free(rebuilt);

	/* every truncation is malformed (magic/type need 6 bytes) */
	for (size_t n = 0; n < len; n++)
		assert_int_equal(pts_quote_from_attest(attest, n,
						       PTS_MEAS_ALGO_SHA256,
						       &q),
				 PTS_QUOTE_MALFORMED);
	/* a trailing byte */
	longer = malloc(len + 1);
	memcpy(longer, attest, len);
	longer[len] = 0;
	assert_int_equal(pts_quote_from_attest(longer, len + 1,
					       PTS_MEAS_ALGO_SHA256, &q),
			 PTS_QUOTE_MALFORMED);
	/* a lying signer length */
	memcpy(longer, attest, len);
	longer[7] = 0xff;
	assert_int_equal(pts_quote_from_attest(longer, len,
					       PTS_MEAS_ALGO_SHA256, &q),
			 PTS_QUOTE_MALFORMED);
	/* pcrDigest of SHA-256 size, but SHA-384 announced */
	assert_int_equal(pts_quote_from_attest(attest, len,
					       PTS_MEAS_ALGO_SHA384, &q),
			 PTS_QUOTE_MALFORMED);
	assert_int_equal(pts_quote_from_attest(attest, len, 0x1000, &q),
			 PTS_QUOTE_UNSUPPORTED);
	/* selection count 2 */
	memcpy(longer, attest, len);
	longer[6 + 36 + 22 + 17 + 8 + 3] = 2;
	assert_int_equal(pts_quote_from_attest(longer, len,
					       PTS_MEAS_ALGO_SHA256, &q),
			 PTS_QUOTE_MALFORMED);
	free(longer);
	free(attest);
	/* signature sizes */
	assert_int_equal(pts_quote_set_signature(&q, secret, 0),
			 PTS_QUOTE_MALFORMED);
	assert_int_equal(pts_quote_set_signature(&q, secret,
						 PTS_QUOTE_SIG_MAX + 1),
			 PTS_QUOTE_MALFORMED);
	/* a secret larger than TPM2B_DATA */
	assert_int_equal(pts_quote_attest(&q, secret, PTS_QUOTE_DATA_MAX + 1,
					  q.pcr_digest, 32, &rebuilt, &rlen),
			 PTS_QUOTE_MALFORMED);
}

/* The fields as a Simple Evidence Final carries them (spec 8.1). */
static void test_quote_fields_malformed(void **state)
{
	static const uint8_t digest[32], sig[256];
	static const uint8_t select2[10] = { 0, 0, 0, 1, 0, 4, 4, 0, 0, 6 };
	static const uint8_t select_sha512[10] = { 0, 0, 0, 1, 0, 0x0d, 3, 0,
						   0, 6 };
	struct pts_quote_fields f = {
		.hash = PTS_MEAS_ALGO_SHA256,
		.pcr_digest = { digest, 32 },
		.signer = { signer, sizeof(signer) },
		.clock_info = { clock_info, 17 },
		.firmware = { firmware, 8 },
		.pcr_select = { pcr_select, 10 },
		.signature = { sig, 256 },
	};
	struct pts_quote_fields g;
	struct pts_quote q;

	(void)state;
	assert_int_equal(pts_quote_from_fields(&f, &q), PTS_QUOTE_OK);
	assert_int_equal(q.selection, 0x060000);
	assert_int_equal(q.signature_len, 256);
	assert_int_equal(q.extra_len, 0);

	g = f; g.clock_info.len = 16;
	assert_int_equal(pts_quote_from_fields(&g, &q), PTS_QUOTE_MALFORMED);
	g = f; g.firmware.len = 9;
	assert_int_equal(pts_quote_from_fields(&g, &q), PTS_QUOTE_MALFORMED);
	g = f; g.pcr_digest.len = 31;
	assert_int_equal(pts_quote_from_fields(&g, &q), PTS_QUOTE_MALFORMED);
	g = f; g.signer.len = PTS_QUOTE_NAME_MAX + 1;
	assert_int_equal(pts_quote_from_fields(&g, &q), PTS_QUOTE_MALFORMED);
	g = f; g.pcr_select.len = 9;
	assert_int_equal(pts_quote_from_fields(&g, &q), PTS_QUOTE_MALFORMED);
	g = f; g.pcr_select.len = 0;
	assert_int_equal(pts_quote_from_fields(&g, &q), PTS_QUOTE_MALFORMED);
	g = f; g.pcr_select.data = select2;	/* 4 select bytes: 32 PCRs */
	assert_int_equal(pts_quote_from_fields(&g, &q), PTS_QUOTE_MALFORMED);
	g = f; g.pcr_select.data = select_sha512;
	assert_int_equal(pts_quote_from_fields(&g, &q), PTS_QUOTE_UNSUPPORTED);
	g = f; g.signature.len = 0;
	assert_int_equal(pts_quote_from_fields(&g, &q), PTS_QUOTE_MALFORMED);
	g = f; g.hash = 0x1000;
	assert_int_equal(pts_quote_from_fields(&g, &q), PTS_QUOTE_UNSUPPORTED);
	g = f; g.hash = PTS_MEAS_ALGO_SHA1;	/* digest is SHA-256 sized */
	assert_int_equal(pts_quote_from_fields(&g, &q), PTS_QUOTE_MALFORMED);
}

/*
 * The recorded Simple Evidence Final (015): the TPM 2.0 fields parse, the
 * emulated bank gives the quoted PCR digest, and the signature check is
 * reached with the recorded AIK. The session's DH secret is not in the
 * capture, so the recorded quote verifies with none we can offer.
 */
static void test_quote_vector(void **state)
{
	size_t mlen, alen, flen, len;
	uint8_t *m13 = load_vector("013-c2s-batch-cdata.hex", &alen);
	uint8_t *m15 = load_vector("015-c2s-batch-cdata.hex", &mlen);
	uint8_t secret[32] = { 0 };
	const uint8_t *aik_attr, *fin;
	struct pts_quote_fields f;
	struct pts_quote q;
	struct pcr_bank bank;
	struct pts_aik *aik;
	struct reader r;
	uint8_t flags;

	(void)state;
	if (!m13 || !m15) {
		free(m13);
		free(m15);
		return;
	}
	aik_attr = find_attr(m13, alen, 0x0E000000, &len);
	assert_non_null(aik_attr);
	assert_int_equal(pts_aik_load(aik_attr[0], aik_attr + 1, len - 1,
				      &aik), PTS_OK);
	fin = find_attr(m15, mlen, 0x00400000, &flen);
	assert_non_null(fin);
	assert_int_equal(flen, 389 - 12);

	reader_init(&r, fin, flen);
	flags = reader_u8(&r);
	assert_int_equal(flags, 0x10);	/* TPM 2.0 quote */
	reader_skip(&r, 1);
	f.hash = reader_u16(&r);
	len = reader_u32(&r);
	f.pcr_digest = (struct pts_part){ reader_bytes(&r, len), len };
	len = reader_u16(&r);
	f.signer = (struct pts_part){ reader_bytes(&r, len), len };
	len = reader_u16(&r);
	f.clock_info = (struct pts_part){ reader_bytes(&r, len), len };
	len = reader_u16(&r);
	f.firmware = (struct pts_part){ reader_bytes(&r, len), len };
	len = reader_u16(&r);
	f.pcr_select = (struct pts_part){ reader_bytes(&r, len), len };
	len = reader_u32(&r);
	f.signature = (struct pts_part){ reader_bytes(&r, len), len };
	assert_true(reader_ok(&r));
	assert_int_equal(reader_left(&r), 0);

	assert_int_equal(pts_quote_from_fields(&f, &q), PTS_QUOTE_OK);
	assert_int_equal(q.hash, PTS_MEAS_ALGO_SHA256);
	assert_int_equal(q.bank, PTS_MEAS_ALGO_SHA1);
	assert_int_equal(q.selection, 0x060000);
	assert_int_equal(q.signer_len, 34);
	assert_int_equal(q.signature_len, 256);

	imv_bank(&bank, 0xff, 0xff);
	assert_int_equal(pts_quote_verify(&q, &bank, secret, sizeof(secret),
					  pts_aik_key(aik)),
			 PTS_QUOTE_SIGNATURE_INVALID);
	imv_bank(&bank, 0xff, 0xfe);
	assert_int_equal(pts_quote_verify(&q, &bank, secret, sizeof(secret),
					  pts_aik_key(aik)),
			 PTS_QUOTE_PCR_MISMATCH);
	pts_aik_free(aik);
	free(m13);
	free(m15);
}

/* A whole file, caller frees; NULL when unreadable. */
static uint8_t *read_all(const char *dir, const char *name, size_t *len)
{
	char path[256];
	uint8_t *data;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	data = malloc(n > 0 ? (size_t)n : 1);
	if (n < 0 || fread(data, 1, (size_t)n, f) != (size_t)n) {
		free(data);
		data = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return data;
}

/*
 * A real quote of swtpm (pts_swtpm_quote.sh, given in $PTS_SWTPM_QUOTE):
 * the emulated bank, extended like the TPM, must match the TPM's PCRs and
 * its quote must verify with the secret it was given, and fail with
 * another. Skipped without swtpm and tpm2-tools.
 */
static void test_quote_swtpm(void **state)
{
	static const char secret_hex[] =
		"000102030405060708090a0b0c0d0e0f10111213";
	static const uint8_t m10[20] = {
		0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
		0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
	};
	static const uint8_t m16[20] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
		19, 20,
	};
	const char *script = getenv("PTS_SWTPM_QUOTE");
	char dir[] = "pts_swtpm_XXXXXX", cmd[512];
	uint8_t secret[20], *attest, *sig, *pem, *pcrs;
	size_t alen, slen, plen, pcrs_len;
	struct pcr_bank bank;
	struct pts_quote q;
	struct pts_aik *aik;

	(void)state;
	if (!script || system("command -v swtpm >/dev/null 2>&1 && "
			      "command -v tpm2_quote >/dev/null 2>&1") != 0) {
		print_message("swtpm or tpm2-tools missing, skipped\n");
		skip();
	}
	for (size_t i = 0; i < sizeof(secret); i++)
		secret[i] = (uint8_t)i;
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "timeout 120 sh '%s' '%s' %s", script, dir,
		 secret_hex);
	assert_int_equal(system(cmd), 0);
	attest = read_all(dir, "attest", &alen);
	sig = read_all(dir, "sig", &slen);
	pem = read_all(dir, "ak.pem", &plen);
	pcrs = read_all(dir, "pcrs", &pcrs_len);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	assert_non_null(attest);
	assert_non_null(sig);
	assert_non_null(pem);
	assert_non_null(pcrs);

	/* the IMV's emulation of the same extends (startup locality 0) */
	assert_int_equal(pcr_bank_reset(&bank, PTS_MEAS_ALGO_SHA1, 0), PTS_OK);
	assert_int_equal(pcr_bank_extend(&bank, 10, m10, 20), PTS_OK);
	assert_int_equal(pcr_bank_extend(&bank, 16, m16, 20), PTS_OK);
	assert_int_equal(pcrs_len, 40);
	assert_memory_equal(pcrs, pcr_bank_read(&bank, 10), 20);
	assert_memory_equal(pcrs + 20, pcr_bank_read(&bank, 16), 20);

	assert_int_equal(pts_aik_load(PTS_AIK_FLAG_NAKED, pem, plen, &aik),
			 PTS_OK);
	assert_int_equal(pts_quote_from_attest(attest, alen,
					       PTS_MEAS_ALGO_SHA256, &q),
			 PTS_QUOTE_OK);
	assert_int_equal(q.extra_len, 20);
	assert_memory_equal(q.extra, secret, 20);
	assert_int_equal(q.selection, 1u << 10 | 1u << 16);
	assert_int_equal(pts_quote_set_signature(&q, sig, slen), PTS_QUOTE_OK);
	assert_int_equal(pts_quote_verify(&q, &bank, secret, sizeof(secret),
					  pts_aik_key(aik)), PTS_QUOTE_OK);
	secret[0] ^= 1;
	assert_int_equal(pts_quote_verify(&q, &bank, secret, sizeof(secret),
					  pts_aik_key(aik)),
			 PTS_QUOTE_SIGNATURE_INVALID);
	secret[0] ^= 1;
	assert_int_equal(pcr_bank_extend(&bank, 16, m16, 20), PTS_OK);
	assert_int_equal(pts_quote_verify(&q, &bank, secret, sizeof(secret),
					  pts_aik_key(aik)),
			 PTS_QUOTE_PCR_MISMATCH);
	pts_aik_free(aik);
	free(attest);
	free(sig);
	free(pem);
	free(pcrs);
}

static void test_result_strings(void **state)
{
	(void)state;
	assert_string_equal(pts_quote_result_str(PTS_QUOTE_OK),
			    "TPM quote ok");
	assert_string_equal(pts_quote_result_str(PTS_QUOTE_PCR_MISMATCH),
			    "TPM quote PCR digest mismatch");
	assert_string_equal(pts_quote_result_str(PTS_QUOTE_SIGNATURE_INVALID),
			    "invalid TPM quote signature");
	for (int r = PTS_QUOTE_OK; r <= PTS_QUOTE_ERROR; r++)
		assert_string_not_equal(pts_quote_result_str(r),
					"unknown TPM quote result");
	assert_string_equal(pts_quote_result_str(PTS_QUOTE_ERROR + 1),
			    "unknown TPM quote result");
	assert_string_equal(pts_err_name(PTS_ERR_KEY),
			    "invalid key or public value");
	assert_string_equal(pts_err_name(PTS_ERR_UNTRUSTED),
			    "untrusted certificate");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_group_table),
		cmocka_unit_test(test_group_select),
		cmocka_unit_test(test_nonce_len),
		cmocka_unit_test(test_dh_all_groups),
		cmocka_unit_test(test_dh_modp_independent),
		cmocka_unit_test(test_dh_ecp_independent),
		cmocka_unit_test(test_dh_peer_malformed),
		cmocka_unit_test(test_dh_vectors),
		cmocka_unit_test(test_aik_vector),
		cmocka_unit_test(test_aik_cert),
		cmocka_unit_test_setup_teardown(test_quote_with_dh, setup_keys,
						teardown_keys),
		cmocka_unit_test_setup_teardown(test_quote_rejects, setup_keys,
						teardown_keys),
		cmocka_unit_test(test_quote_attest_malformed),
		cmocka_unit_test(test_quote_fields_malformed),
		cmocka_unit_test(test_quote_vector),
		cmocka_unit_test(test_quote_swtpm),
		cmocka_unit_test(test_result_strings),
	};
	return cmocka_run_group_tests_name("pts_crypto", tests, NULL, NULL);
}
