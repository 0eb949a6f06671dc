/*
 * pts_dh.h - the PTS Diffie-Hellman nonce exchange (attestation spec 3.1,
 * 4, 5). The IMV (initiator) offers groups in the DH Nonce Parameters
 * Request, the IMC (responder) picks one and sends its nonce and public
 * value in the Response, the IMV answers with its own in the Finish. Both
 * then hold
 *
 *	secret = H(0x31 || initiator nonce || responder nonce || DH secret)
 *
 * which the IMC's TPM quote carries as qualifying data (spec 8.3).
 *
 * Public values are in the PTS encoding: MODP groups as a big-endian
 * integer padded to the modulus length, ECP groups as X || Y, each padded
 * to the field size, without the 0x04 point prefix. The DH secret is the
 * padded MODP value or the ECP X coordinate.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PTS_DH_H
#define PTS_DH_H

#include <stddef.h>
#include <stdint.h>

#include "pts_error.h"
#include "pts_meas_algo.h"

/* PTS DH group bits (spec 3.1). */
enum pts_dh_group {
	PTS_DH_NONE = 0,
	PTS_DH_MODP1024 = 0x8000,	/* IKE group 2 */
	PTS_DH_MODP1536 = 0x4000,	/* IKE group 5 */
	PTS_DH_MODP2048 = 0x2000,	/* IKE group 14 */
	PTS_DH_ECP256 = 0x1000,		/* IKE group 19, mandatory */
	PTS_DH_ECP384 = 0x0800,		/* IKE group 20 */
};

/* Nonce length limits of both sides (spec 3.1, PTS error 7). */
#define PTS_NONCE_MIN 17
#define PTS_NONCE_MAX 0xffff

/* The largest public value (MODP-2048) and DH secret of the groups. */
#define PTS_DH_PUBLIC_MAX 256
#define PTS_DH_SHARED_MAX 256

enum pts_dh_role {
	PTS_DH_INITIATOR,	/* the IMV */
	PTS_DH_RESPONDER,	/* the IMC */
};

struct pts_dh_group_info {
	enum pts_dh_group group;
	unsigned ike;		/* IKE group number */
	const char *name;	/* option value: "modp1024" ... "ecp384" */
	size_t public_len;	/* bytes of a PTS-encoded public value */
	size_t shared_len;	/* bytes of the DH secret */
};

/* The entry of a group, NULL when unknown. */
const struct pts_dh_group_info *pts_dh_group_find(enum pts_dh_group group);
/* By option name ("ecp256"), NULL when unknown. */
const struct pts_dh_group_info *pts_dh_group_from_name(const char *name);

/*
 * The IMV's group set for its dh_group option (spec 1): every group up to
 * and including limit in the order modp1024 < modp1536 < modp2048 <
 * ecp256 < ecp384. 0 when limit is not a single known group.
 */
uint16_t pts_dh_groups_up_to(enum pts_dh_group limit);

/*
 * The best group in both sets by the preference ecp384 > ecp256 >
 * modp2048 > modp1536 > modp1024; PTS_DH_NONE when none is common.
 */
enum pts_dh_group pts_dh_group_select(uint16_t offered, uint16_t supported);

/*
 * The best hash algorithm in both sets of measurement algorithm bits
 * (SHA384 > SHA256 > SHA1; spec 3.1, 4); PTS_MEAS_ALGO_NONE when none.
 */
enum pts_meas_algo pts_dh_hash_select(uint16_t offered, uint16_t supported);

/*
 * Whether a received nonce length is acceptable: at least PTS_NONCE_MIN
 * and at least min_len (an IMV's min_nonce_len option, 0 for none).
 */
enum pts_err pts_dh_nonce_len_check(size_t len, size_t min_len);

/* One side of an exchange: own key pair and nonce, the peer's values. */
struct pts_dh;

/*
 * Generates a key pair in group and a random nonce of nonce_len bytes
 * (PTS_NONCE_MIN..PTS_NONCE_MAX, else PTS_ERR_LENGTH). The initiator uses
 * the responder's nonce length. Caller frees *out with pts_dh_free.
 * PTS_ERR_ALGO for an unknown group, PTS_ERR_CRYPTO when OpenSSL fails.
 */
enum pts_err pts_dh_new(enum pts_dh_group group, enum pts_dh_role role,
			size_t nonce_len, struct pts_dh **out);
void pts_dh_free(struct pts_dh *dh);

enum pts_dh_group pts_dh_get_group(const struct pts_dh *dh);

/* The own nonce (owned by dh); *len gets its length. */
const uint8_t *pts_dh_own_nonce(const struct pts_dh *dh, size_t *len);

/*
 * Writes the own public value in the PTS encoding to out (size bytes,
 * PTS_DH_PUBLIC_MAX is enough); *len gets the group's public_len.
 */
enum pts_err pts_dh_own_public(const struct pts_dh *dh, uint8_t *out,
			       size_t size, size_t *len);

/*
 * Takes the peer's public value in the PTS encoding. PTS_ERR_LENGTH when
 * its length is not the group's; PTS_ERR_KEY for a MODP value outside
 * 2..p-2 or an ECP point not on the curve.
 */
enum pts_err pts_dh_set_peer_public(struct pts_dh *dh, const uint8_t *value,
				    size_t len);

/*
 * Takes the peer's nonce (copied). Both nonces have the same length
 * (spec 4, 5): PTS_ERR_LENGTH otherwise.
 */
enum pts_err pts_dh_set_peer_nonce(struct pts_dh *dh, const uint8_t *nonce,
				   size_t len);

/*
 * The DH secret with the peer's public value: the MODP value padded to
 * the modulus length, or the ECP X coordinate. out holds size bytes
 * (PTS_DH_SHARED_MAX is enough); *len gets the group's shared_len.
 * PTS_ERR_ARG when no peer value was set.
 */
enum pts_err pts_dh_shared(const struct pts_dh *dh, uint8_t *out,
			   size_t size, size_t *len);

/*
 * The secret of spec 5 under hash, ordering the nonces by the own role.
 * out holds PTS_MEAS_ALGO_MAX_SIZE; *len gets hash's digest size.
 * PTS_ERR_ARG when the peer's public value or nonce is missing.
 */
enum pts_err pts_dh_secret(const struct pts_dh *dh, enum pts_meas_algo hash,
			   uint8_t *out, size_t *len);

#endif /* PTS_DH_H */
