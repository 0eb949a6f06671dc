/*
 * sw_store.h - the endpoint's SWIMA event store (swima.md sections 3 and
 * 5.4): the SQLite database that the sw-collector fills from apt's
 * history log and the dpkg status database, and from which the SWIMA IMC
 * answers ID inventory and event requests (5.3).
 *
 * Tables, as the reference's collector has them:
 *   events(id, epoch, timestamp)             one per history entry; the
 *                                            first is the initial install
 *   sw_identifiers(id, name, package, version, source, installed, tag)
 *   sw_events(id, eid, sw_id, action)        what an event did to what
 * The event IDs (EIDs) are the events' row ids, from 1; the epoch is a
 * random 31-bit number chosen when the store is created and kept in every
 * events row.
 *
 * Every update runs in one transaction: after a failure the store is as
 * it was before the call. Functions returning false leave the reason in
 * sw_store_errmsg. Callbacks must not call the function that called them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_SW_STORE_H
#define IMCV_SW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The timestamp of a first event whose time is unknown (5.4). */
#define SW_STORE_NO_TIME "0000-00-00T00:00:00Z"

/* Source ID of identifiers made from the package manager (2.4). */
#define SW_STORE_SOURCE_PACKAGES 1

/* SWIMA event actions (2.3). */
enum sw_store_action {
	SW_STORE_CREATION = 1,
	SW_STORE_DELETION = 2,
	SW_STORE_ALTERATION = 3,
};

struct sw_store;

/*
 * Whether ts has the shape of an event timestamp, "YYYY-MM-DDTHH:MM:SSZ"
 * (20 characters, swima.md 2.3); SW_STORE_NO_TIME has it too. Every
 * timestamp the store is given must.
 */
bool sw_store_valid_timestamp(const char *ts);

/*
 * Opens the store at uri ("sqlite:///path"). create=true: a missing file
 * or an empty database gets the schema, a random epoch and a first event
 * dated SW_STORE_NO_TIME. NULL with a reason in err on failure.
 */
struct sw_store *sw_store_open(const char *uri, bool create, char *err,
			       size_t errlen);

/*
 * sw_store_open with create=true, the first event dated first_time
 * (YYYY-MM-DDTHH:MM:SSZ; NULL for SW_STORE_NO_TIME) when it is created
 * now. An existing store is opened as it is.
 */
struct sw_store *sw_store_create(const char *uri, const char *first_time,
				 char *err, size_t errlen);

void sw_store_close(struct sw_store *s);

/* Why the last call failed. */
const char *sw_store_errmsg(const struct sw_store *s);

uint32_t sw_store_epoch(const struct sw_store *s);

/* id of the newest event (by timestamp), 0 when none */
bool sw_store_last_eid(struct sw_store *s, uint32_t *eid);

/* The timestamp of that event, "" when none. */
bool sw_store_last_timestamp(struct sw_store *s, char ts[21]);

struct sw_store_id {
	uint32_t id;
	const char *name;
	const char *package;
	const char *version;
	uint8_t source;
};

struct sw_store_event {
	uint32_t eid;
	const char *timestamp;
	uint32_t record_id;
	uint8_t source;
	uint8_t action;
	const char *name;
};

/* installed identifiers ordered by name; cb returns false to stop;
 * strings valid only during cb */
bool sw_store_installed(struct sw_store *s,
			bool (*cb)(void *ctx, const struct sw_store_id *id),
			void *ctx);

/* events with eid >= since, ordered by eid, name, action (5.3 step 1) */
bool sw_store_events_since(struct sw_store *s, uint32_t since,
			   bool (*cb)(void *ctx,
				      const struct sw_store_event *e),
			   void *ctx);

/* one identifier by name (for targeted tag requests); false when
 * unknown */
bool sw_store_lookup(struct sw_store *s, const char *name,
		     bool (*cb)(void *ctx, const struct sw_store_id *id),
		     void *ctx);

/*
 * Several reads from one snapshot of the store, which is then locked
 * once instead of at every statement (a targeted request names
 * thousands of identifiers).
 */
bool sw_store_read_begin(struct sw_store *s);
void sw_store_read_end(struct sw_store *s);

/* How many identifiers are marked installed. */
bool sw_store_count_installed(struct sw_store *s, size_t *n);

/* What one event does to one identifier. */
struct sw_store_change {
	enum sw_store_action action;
	const char *name;	/* the software identifier */
	const char *package;
	const char *version;
};

/*
 * Adds an event at timestamp with its n changes, in this order: an
 * unknown identifier is added (source SW_STORE_SOURCE_PACKAGES), a
 * creation marks it installed, a deletion removed. The new EID in *eid
 * (may be NULL). All or nothing.
 */
bool sw_store_add_event(struct sw_store *s, const char *timestamp,
			const struct sw_store_change *changes, size_t n,
			uint32_t *eid);

/* One package installed on the endpoint. */
struct sw_store_pkg {
	const char *name;	/* the software identifier */
	const char *package;
	const char *version;
};

struct sw_store_reconciled {
	size_t first;		/* unknown: creations in the first event */
	size_t readded;		/* marked removed, but installed */
	size_t removed;		/* marked installed, but not installed */
	uint32_t eid;		/* the event of readded/removed; 0: none */
};

/*
 * Makes the installed set equal to the n installed packages, in one
 * transaction:
 *  - an identifier the store has never seen was installed before the
 *    history log began: a creation in the first event (5.4);
 *  - a known identifier marked removed, and one marked installed that is
 *    not installed any more, changed without a history entry (dpkg -i,
 *    dpkg -r, a lost log): a creation or deletion in one new event dated
 *    timestamp, so that an IMV following events sees the change too.
 * The counts in *out.
 */
bool sw_store_reconcile(struct sw_store *s, const struct sw_store_pkg *pkgs,
			size_t n, const char *timestamp,
			struct sw_store_reconciled *out);

#endif /* IMCV_SW_STORE_H */
