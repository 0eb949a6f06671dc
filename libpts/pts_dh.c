/*
 * pts_dh.c - the PTS DH nonce exchange (pts_dh.h) on OpenSSL 3 EVP_PKEY.
 *
 * The MODP primes are RFC 2409's (group 2) and RFC 3526's (groups 5, 14),
 * generator 2, given to OpenSSL as explicit parameters: OpenSSL 3 has no
 * named group for the 1024-bit prime, and one code path for the three
 * keeps them alike.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pts_dh.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include "pts_hash.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* The first byte of the hashed input of the secret: ASCII '1' (spec 5). */
#define SECRET_PREFIX 0x31

struct group_def {
	struct pts_dh_group_info info;
	BIGNUM *(*prime)(BIGNUM *bn);	/* MODP groups */
	const char *curve;		/* ECP groups: OpenSSL group name */
};

/* In the order of the dh_group option (spec 1), weakest first. */
static const struct group_def groups[] = {
	{ { PTS_DH_MODP1024, 2, "modp1024", 128, 128 },
	  BN_get_rfc2409_prime_1024, NULL },
	{ { PTS_DH_MODP1536, 5, "modp1536", 192, 192 },
	  BN_get_rfc3526_prime_1536, NULL },
	{ { PTS_DH_MODP2048, 14, "modp2048", 256, 256 },
	  BN_get_rfc3526_prime_2048, NULL },
	{ { PTS_DH_ECP256, 19, "ecp256", 64, 32 }, NULL, "P-256" },
	{ { PTS_DH_ECP384, 20, "ecp384", 96, 48 }, NULL, "P-384" },
};

/* Hash preference for the DH secret, best first (spec 3.1). */
static const enum pts_meas_algo hash_pref[] = {
	PTS_MEAS_ALGO_SHA384, PTS_MEAS_ALGO_SHA256, PTS_MEAS_ALGO_SHA1,
};

struct pts_dh {
	const struct group_def *def;
	enum pts_dh_role role;
	EVP_PKEY *key;
	EVP_PKEY *peer;
	size_t nonce_len;
	uint8_t *nonce;
	uint8_t *peer_nonce;
};

static const struct group_def *group_def(enum pts_dh_group group)
{
	for (size_t i = 0; i < COUNT(groups); i++)
		if (groups[i].info.group == group)
			return &groups[i];
	return NULL;
}

const struct pts_dh_group_info *pts_dh_group_find(enum pts_dh_group group)
{
	const struct group_def *d = group_def(group);

	return d ? &d->info : NULL;
}

const struct pts_dh_group_info *pts_dh_group_from_name(const char *name)
{
	for (size_t i = 0; i < COUNT(groups); i++)
		if (strcmp(groups[i].info.name, name) == 0)
			return &groups[i].info;
	return NULL;
}

uint16_t pts_dh_groups_up_to(enum pts_dh_group limit)
{
	uint16_t set = 0;

	for (size_t i = 0; i < COUNT(groups); i++) {
		set |= groups[i].info.group;
		if (groups[i].info.group == limit)
			return set;
	}
	return 0;
}

enum pts_dh_group pts_dh_group_select(uint16_t offered, uint16_t supported)
{
	for (size_t i = COUNT(groups); i-- > 0;)
		if (offered & supported & groups[i].info.group)
			return groups[i].info.group;
	return PTS_DH_NONE;
}

enum pts_meas_algo pts_dh_hash_select(uint16_t offered, uint16_t supported)
{
	for (size_t i = 0; i < COUNT(hash_pref); i++)
		if (offered & supported & hash_pref[i])
			return hash_pref[i];
	return PTS_MEAS_ALGO_NONE;
}

enum pts_err pts_dh_nonce_len_check(size_t len, size_t min_len)
{
	if (len < PTS_NONCE_MIN || len < min_len || len > PTS_NONCE_MAX)
		return PTS_ERR_LENGTH;
	return PTS_OK;
}

/*
 * A DH key from the group's p and g, with pub as public value when given
 * (a peer key) or domain parameters only (for key generation).
 */
static EVP_PKEY *modp_pkey(const struct group_def *g, const BIGNUM *pub)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *p = g->prime(NULL), *gen = BN_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	int selection = pub ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEY_PARAMETERS;

	if (!bld || !p || !gen || !BN_set_word(gen, 2) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, p) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, gen) ||
	    (pub && !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY,
					     pub)))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, selection, params) != 1)
		pkey = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(gen);
	BN_free(p);
	return pkey;
}

static EVP_PKEY *keygen(const struct group_def *g)
{
	EVP_PKEY *params, *key = NULL;
	EVP_PKEY_CTX *ctx;

	if (g->curve)
		return EVP_PKEY_Q_keygen(NULL, NULL, "EC", g->curve);
	params = modp_pkey(g, NULL);
	if (!params)
		return NULL;
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL);
	if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 ||
	    EVP_PKEY_generate(ctx, &key) != 1)
		key = NULL;
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(params);
	return key;
}

enum pts_err pts_dh_new(enum pts_dh_group group, enum pts_dh_role role,
			size_t nonce_len, struct pts_dh **out)
{
	const struct group_def *g = group_def(group);
	struct pts_dh *dh;

	if (!g)
		return PTS_ERR_ALGO;
	if (pts_dh_nonce_len_check(nonce_len, 0) != PTS_OK)
		return PTS_ERR_LENGTH;
	dh = calloc(1, sizeof(*dh));
	if (!dh)
		return PTS_ERR_NOMEM;
	dh->def = g;
	dh->role = role;
	dh->nonce_len = nonce_len;
	dh->nonce = malloc(nonce_len);
	if (!dh->nonce) {
		pts_dh_free(dh);
		return PTS_ERR_NOMEM;
	}
	dh->key = keygen(g);
	if (!dh->key || RAND_bytes(dh->nonce, (int)nonce_len) != 1) {
		pts_dh_free(dh);
		return PTS_ERR_CRYPTO;
	}
	*out = dh;
	return PTS_OK;
}

void pts_dh_free(struct pts_dh *dh)
{
	if (!dh)
		return;
	EVP_PKEY_free(dh->key);
	EVP_PKEY_free(dh->peer);
	free(dh->nonce);
	free(dh->peer_nonce);
	free(dh);
}

enum pts_dh_group pts_dh_get_group(const struct pts_dh *dh)
{
	return dh->def->info.group;
}

const uint8_t *pts_dh_own_nonce(const struct pts_dh *dh, size_t *len)
{
	*len = dh->nonce_len;
	return dh->nonce;
}

enum pts_err pts_dh_own_public(const struct pts_dh *dh, uint8_t *out,
			       size_t size, size_t *len)
{
	size_t n = dh->def->info.public_len, got = 0;
	uint8_t point[1 + PTS_DH_PUBLIC_MAX];
	BIGNUM *pub = NULL;
	bool ok;

	if (size < n)
		return PTS_ERR_ARG;
	if (dh->def->curve) {
		/* the uncompressed point 0x04 || X || Y loses its prefix */
		ok = EVP_PKEY_get_octet_string_param(dh->key,
				OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point,
				sizeof(point), &got) == 1 &&
		     got == 1 + n && point[0] == 0x04;
		if (ok)
			memcpy(out, point + 1, n);
	} else {
		ok = EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_PUB_KEY,
					   &pub) == 1 &&
		     BN_bn2binpad(pub, out, (int)n) == (int)n;
		BN_free(pub);
	}
	if (!ok)
		return PTS_ERR_CRYPTO;
	*len = n;
	return PTS_OK;
}

/* A MODP public value must lie in 2..p-2 (RFC 2631 2.1.5 partial check). */
static enum pts_err modp_peer(const struct group_def *g, const uint8_t *value,
			      size_t len, EVP_PKEY **peer)
{
	BIGNUM *y = BN_bin2bn(value, (int)len, NULL);
	BIGNUM *pm1 = g->prime(NULL);
	enum pts_err err = PTS_ERR_KEY;

	if (!y || !pm1 || !BN_sub_word(pm1, 1)) {
		err = PTS_ERR_NOMEM;
		goto out;
	}
	if (BN_cmp(y, BN_value_one()) <= 0 || BN_cmp(y, pm1) >= 0)
		goto out;
	*peer = modp_pkey(g, y);
	err = *peer ? PTS_OK : PTS_ERR_KEY;
out:
	BN_free(pm1);
	BN_free(y);
	return err;
}

/* An ECP public value is X || Y; OpenSSL wants the 0x04 prefix. */
static enum pts_err ecp_peer(const struct group_def *g, const uint8_t *value,
			     size_t len, EVP_PKEY **peer)
{
	uint8_t point[1 + PTS_DH_PUBLIC_MAX];
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	enum pts_err err = PTS_ERR_KEY;

	if (!ctx)
		return PTS_ERR_NOMEM;
	point[0] = 0x04;
	memcpy(point + 1, value, len);
	params[0] = OSSL_PARAM_construct_utf8_string(
			OSSL_PKEY_PARAM_GROUP_NAME, (char *)g->curve, 0);
	params[1] = OSSL_PARAM_construct_octet_string(
			OSSL_PKEY_PARAM_PUB_KEY, point, 1 + len);
	params[2] = OSSL_PARAM_construct_end();
	/* decoding the point checks that it lies on the curve */
	if (EVP_PKEY_fromdata_init(ctx) == 1 &&
	    EVP_PKEY_fromdata(ctx, peer, EVP_PKEY_PUBLIC_KEY, params) == 1)
		err = PTS_OK;
	EVP_PKEY_CTX_free(ctx);
	return err;
}

/* OpenSSL's own public key check on top (ECP: not at infinity, order). */
static bool public_check(EVP_PKEY *peer)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, peer, NULL);
	bool ok = ctx && EVP_PKEY_public_check(ctx) == 1;

	EVP_PKEY_CTX_free(ctx);
	return ok;
}

enum pts_err pts_dh_set_peer_public(struct pts_dh *dh, const uint8_t *value,
				    size_t len)
{
	EVP_PKEY *peer = NULL;
	enum pts_err err;

	if (len != dh->def->info.public_len)
		return PTS_ERR_LENGTH;
	err = dh->def->curve ? ecp_peer(dh->def, value, len, &peer)
			     : modp_peer(dh->def, value, len, &peer);
	if (err == PTS_OK && !public_check(peer))
		err = PTS_ERR_KEY;
	if (err != PTS_OK) {
		EVP_PKEY_free(peer);
		return err;
	}
	EVP_PKEY_free(dh->peer);
	dh->peer = peer;
	return PTS_OK;
}

enum pts_err pts_dh_set_peer_nonce(struct pts_dh *dh, const uint8_t *nonce,
				   size_t len)
{
	uint8_t *copy;

	if (len != dh->nonce_len)
		return PTS_ERR_LENGTH;
	copy = malloc(len);
	if (!copy)
		return PTS_ERR_NOMEM;
	memcpy(copy, nonce, len);
	free(dh->peer_nonce);
	dh->peer_nonce = copy;
	return PTS_OK;
}

enum pts_err pts_dh_shared(const struct pts_dh *dh, uint8_t *out,
			   size_t size, size_t *len)
{
	size_t n = dh->def->info.shared_len, got = size;
	unsigned int pad = 1;
	OSSL_PARAM params[2];
	EVP_PKEY_CTX *ctx;
	bool ok;

	if (!dh->peer)
		return PTS_ERR_ARG;
	if (size < n)
		return PTS_ERR_ARG;
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, dh->key, NULL);
	if (!ctx)
		return PTS_ERR_NOMEM;
	/* MODP: keep the leading zeros, the secret has the modulus length */
	params[0] = OSSL_PARAM_construct_uint(OSSL_EXCHANGE_PARAM_PAD, &pad);
	params[1] = OSSL_PARAM_construct_end();
	ok = EVP_PKEY_derive_init(ctx) == 1 &&
	     (dh->def->curve || EVP_PKEY_CTX_set_params(ctx, params) == 1) &&
	     EVP_PKEY_derive_set_peer(ctx, dh->peer) == 1 &&
	     EVP_PKEY_derive(ctx, out, &got) == 1 && got == n;
	EVP_PKEY_CTX_free(ctx);
	if (!ok)
		return PTS_ERR_CRYPTO;
	*len = n;
	return PTS_OK;
}

enum pts_err pts_dh_secret(const struct pts_dh *dh, enum pts_meas_algo hash,
			   uint8_t *out, size_t *len)
{
	static const uint8_t prefix = SECRET_PREFIX;
	uint8_t shared[PTS_DH_SHARED_MAX];
	const uint8_t *initiator, *responder;
	struct pts_part parts[4];
	size_t shared_len, size = pts_meas_algo_size(hash);
	enum pts_err err;

	if (!size)
		return PTS_ERR_ALGO;
	if (!dh->peer_nonce)
		return PTS_ERR_ARG;
	err = pts_dh_shared(dh, shared, sizeof(shared), &shared_len);
	if (err != PTS_OK)
		return err;
	initiator = dh->role == PTS_DH_INITIATOR ? dh->nonce : dh->peer_nonce;
	responder = dh->role == PTS_DH_INITIATOR ? dh->peer_nonce : dh->nonce;
	parts[0] = (struct pts_part){ &prefix, 1 };
	parts[1] = (struct pts_part){ initiator, dh->nonce_len };
	parts[2] = (struct pts_part){ responder, dh->nonce_len };
	parts[3] = (struct pts_part){ shared, shared_len };
	err = pts_hash(hash, parts, COUNT(parts), out);
	OPENSSL_cleanse(shared, sizeof(shared));
	if (err == PTS_OK)
		*len = size;
	return err;
}
