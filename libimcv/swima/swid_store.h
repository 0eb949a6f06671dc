/*
 * swid_store.h - the policy database side of strongTNC's three SWID
 * endpoints (swima.md section 7): add tags, a session's identifier
 * measurement, a session's software events. The SWIMA IMV in database
 * mode (imvs/swima/swid_db.c) and the policy manager's REST API
 * (programs/tnc-web) both call these, so the two front ends store the
 * same rows with the same meaning.
 *
 * Each operation is one transaction: it lands whole or not at all.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_SWID_STORE_H
#define IMCV_SWID_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

enum swid_status {
	SWID_OK,
	SWID_MISSING,		/* tags are needed first; see missing */
	SWID_NOT_FOUND,		/* the session is unknown there */
	SWID_FAILED,		/* see the error text */
};

/* A list of strings, each and the array owned. */
struct swid_strs {
	char **v;
	size_t count, cap;
};

bool swid_strs_add(struct swid_strs *l, const char *s, size_t len);
void swid_strs_free(struct swid_strs *l);
/* Sorts l and drops repeated strings. */
void swid_strs_sort_unique(struct swid_strs *l);

/* One software identifier event; sw_id owned by the list. */
struct swid_event {
	uint32_t eid;
	char timestamp[21];
	uint32_t record_id;
	uint8_t source_id;
	uint8_t action;		/* 1 creation, 2 deletion (ietf_sw_action) */
	char *sw_id;
};

/* Software Identifier Events of one report. */
struct swid_events {
	uint32_t epoch;
	uint32_t last_eid;
	struct swid_event *v;	/* owned */
	size_t count, cap;
};

/*
 * Appends an event; timestamp is cut to 20 characters, sw_id (sw_len
 * bytes) copied. false when out of memory.
 */
bool swid_events_push(struct swid_events *l, uint32_t eid,
		      const char *timestamp, size_t ts_len,
		      uint32_t record_id, uint8_t source_id, uint8_t action,
		      const char *sw_id, size_t sw_len);
void swid_events_free(struct swid_events *l);

/* What an operation tells beyond its status. */
struct swid_answer {
	struct swid_strs missing;	/* SWID_MISSING: software ids */
	size_t added, replaced;		/* add_tags */
	size_t invalid;			/* add_tags: tags not parsed */
	char error[256];		/* SWID_FAILED; first invalid tag */
};

void swid_answer_free(struct swid_answer *ans);

/* One SWID tag document as received (not NUL-terminated). */
struct swid_xml {
	const char *ptr;
	size_t len;
};

/*
 * add-tags: stores each tag with its product version, package, entities,
 * roles and payload files (a tag whose software id is known is kept).
 * With session != 0 the tags are also the session's inventory
 * (swid_tags_sessions, swid_tagstats). Invalid tags are counted in
 * ans->invalid and skipped, unless strict: then the first one fails the
 * whole call (SWID_FAILED, nothing stored), as strongTNC answers 400.
 */
enum swid_status swid_store_add_tags(struct db *db, int64_t session,
				     const struct swid_xml *tags, size_t count,
				     bool strict, struct swid_answer *ans);

/*
 * swid-measurement: links the tags of ids to the session, or, when some
 * id has no tag, stores nothing and lists those in ans->missing
 * (SWID_MISSING). SWID_NOT_FOUND for an unknown session.
 */
enum swid_status swid_store_measurement(struct db *db, int64_t session,
					const struct swid_strs *ids,
					struct swid_answer *ans);

/* swid-events: as measurement, for the tags of the events. */
enum swid_status swid_store_events(struct db *db, int64_t session,
				   const struct swid_events *ev,
				   struct swid_answer *ans);

#endif /* IMCV_SWID_STORE_H */
