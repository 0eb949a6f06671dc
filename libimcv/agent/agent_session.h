/*
 * agent_session.h - the IMV side of a policy session (policy-manager.md
 * sections 2, 4 and 6): the database and policy command of the plugin,
 * and per connection the session row, the policy command's start and
 * stop, and the session's workitems. Internal to the IMV agent.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_AGENT_SESSION_H
#define IMCV_AGENT_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "agent_int.h"
#include "db.h"
#include "session_db.h"

/* What the plugin's connections share, from the environment. */
struct imv_policy {
	struct db *db;		/* NULL: no database (section 7) */
	char *script;		/* NULL: no policy command; owned */
};

/* One connection's session. */
struct imv_session {
	int64_t id;		/* sessions.id, 0 while there is none */
	bool started;		/* the workitems are known */
	bool started_here;	/* this IMV ran start, so it runs stop */
	time_t seen;		/* when this IMV saw the connection */
	struct workitem *items;	/* owned */
	size_t count;
	uint8_t *ar_ids;	/* the host's AR_IDENTITIES value, owned */
	size_t ar_ids_len;
};

/* Reads TNC_DATABASE and TNC_POLICY_SCRIPT; false when out of memory. */
bool imv_policy_init(struct imv_policy *p, struct agent *a);
void imv_policy_free(struct imv_policy *p);

/*
 * Creates the session rows (section 4), runs "start" and loads the
 * workitems. false (logged) when the rows could not be written.
 */
bool imv_session_start(struct agent_conn *c, const struct imv_policy *p,
		       struct imv_session *s, const char *product,
		       const char *device);
/*
 * For an IMV that does not start the policy: the session another IMV of
 * the process created for this connection, with its workitems. false
 * while there is none yet.
 */
bool imv_session_find(struct agent_conn *c, const struct imv_policy *p,
		      struct imv_session *s);
/* Writes sessions.rec and runs "stop" (section 6). */
void imv_session_stop(struct agent_conn *c, const struct imv_policy *p,
		      struct imv_session *s, int64_t rec);
/* Forgets the session and its workitems (a handshake retry). */
void imv_session_reset(struct imv_session *s);

/*
 * The identities of an AR_IDENTITIES value as libtnccs/tnc_attr.c
 * encodes them (if-imv-imc-abi.md section 6); the values point into buf.
 * Caller frees *out. Returns the count.
 */
size_t ar_identities_decode(const uint8_t *buf, size_t len,
			    struct ar_identity **out);

#endif /* IMCV_AGENT_SESSION_H */
