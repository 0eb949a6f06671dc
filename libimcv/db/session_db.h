/*
 * session_db.h - the rows an IMV writes and reads as a session goes on
 * (policy-manager spec §4-6): product, device, session and identities when
 * the policy starts; the session's workitems after imv_policy_manager
 * created them; each workitem's result; the final recommendation.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_SESSION_DB_H
#define IMCV_SESSION_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "workitem.h"

/* The TCG identity namespace; only its identities are stored. */
#define SESSION_DB_TCG_VENDOR 0x005597

/* One access requestor identity as the TNCS reports it (IF-IMV). */
struct ar_identity {
	uint32_t vendor;	/* identity type namespace */
	uint32_t type;		/* 1 IPv4, 2 IPv6, 3 FQDN, 4 e-mail, ... */
	const uint8_t *value;	/* printable text, not NUL-terminated */
	size_t len;
};

struct session_db_in {
	const char *product;	/* "<OS name> <OS version>" */
	const char *device;	/* ITA Device ID, or "unknown" */
	int64_t connection;	/* TNCCS connection id */
	int64_t now;
	const struct ar_identity *identities;
	size_t identity_count;
};

struct session_db_ids {
	int64_t session;
	int64_t product;
	int64_t device;
	bool trusted;		/* devices.trusted set by the operator */
};

/*
 * Finds or creates the product and device, creates the session row and
 * links its identities, all in one transaction.
 */
bool session_db_create(struct db *db, const struct session_db_in *in,
		       struct session_db_ids *out);

/* The session's workitems, unclaimed; caller frees with workitem_list_free. */
bool session_db_workitems(struct db *db, int64_t session,
			  struct workitem **items, size_t *count);

/* Records a finished workitem's result text and final recommendation. */
bool session_db_finish_workitem(struct db *db, const struct workitem *w);

/* The TNCS's final recommendation, written before imv_policy_manager stop. */
bool session_db_set_rec(struct db *db, int64_t session, int64_t rec);

#endif /* IMCV_SESSION_DB_H */
