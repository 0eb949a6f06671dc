/*
 * aik_trust.h - whether the Attestation IMV trusts the AIK an endpoint
 * sent (attestation spec 7): the session's device row must be registered
 * under the AIK's key id and marked trusted (devices.value = key id,
 * devices.trusted = 1). With a cadir set, an X.509 certificate AIK must
 * instead chain to one of its CAs, which is enough on its own.
 *
 * Unlike the reference, an untrusted naked public key is not accepted:
 * the TPMRA workitem then ends at once with "No trusted AIK available"
 * instead of waiting for the TNCS to give up.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ATT_AIK_TRUST_H
#define ATT_AIK_TRUST_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "pts_aik.h"

/* The policy session's product and device (sessions, devices rows). */
struct att_device {
	int64_t product;	/* sessions.product: platform id */
	int64_t id;		/* sessions.device: component_hashes.key */
	char *value;		/* devices.value, owned; NULL when none */
	bool trusted;		/* devices.trusted */
};

/*
 * Reads the session's product and device. False when the session row is
 * missing or the database failed; dev then holds nothing to free.
 */
bool att_device_load(struct db *db, int64_t session, struct att_device *dev);
void att_device_free(struct att_device *dev);

enum att_aik_trust {
	ATT_AIK_TRUSTED_DEVICE,	/* device registered and trusted */
	ATT_AIK_TRUSTED_CA,	/* certificate chains to cadir */
	ATT_AIK_UNTRUSTED,
};

/* The decision of spec 7 for aik; cadir may be NULL. */
enum att_aik_trust att_aik_trust(const struct pts_aik *aik,
				 const struct att_device *dev,
				 const char *cadir);

#endif /* ATT_AIK_TRUST_H */
