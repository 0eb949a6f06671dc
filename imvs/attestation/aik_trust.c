/*
 * aik_trust.c - the AIK trust decision of the Attestation IMV
 * (aik_trust.h, attestation spec 7).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "aik_trust.h"

#include <stdlib.h>
#include <string.h>

bool att_device_load(struct db *db, int64_t session, struct att_device *dev)
{
	struct db_stmt *st;
	enum db_step step;
	const char *value;
	bool ok = true;

	memset(dev, 0, sizeof(*dev));
	st = db_prepare(db, "SELECT s.product, s.device, d.value, d.trusted "
			"FROM sessions AS s LEFT JOIN devices AS d "
			"ON d.id = s.device WHERE s.id = ?");
	if (!st)
		return false;
	db_bind_int(st, 1, session);
	step = db_step(st);
	if (step == DB_ROW) {
		dev->product = db_column_int(st, 0);
		dev->id = db_column_int(st, 1);
		value = db_column_text(st, 2);
		dev->trusted = db_column_int(st, 3) != 0;
		if (value) {
			dev->value = strdup(value);
			ok = dev->value != NULL;
		}
	}
	db_done(st);
	if (step != DB_ROW || !ok) {
		att_device_free(dev);
		return false;
	}
	return true;
}

void att_device_free(struct att_device *dev)
{
	free(dev->value);
	dev->value = NULL;
}

enum att_aik_trust att_aik_trust(const struct pts_aik *aik,
				 const struct att_device *dev,
				 const char *cadir)
{
	/* with a CA configured a certificate must chain, and that suffices */
	if (cadir && pts_aik_is_cert(aik))
		return pts_aik_verify_cert(aik, cadir) == PTS_OK ?
		       ATT_AIK_TRUSTED_CA : ATT_AIK_UNTRUSTED;
	if (dev->id && dev->trusted && dev->value &&
	    strcmp(dev->value, pts_aik_keyid(aik)) == 0)
		return ATT_AIK_TRUSTED_DEVICE;
	return ATT_AIK_UNTRUSTED;
}
