/*
 * swid_target.h - where the SWIMA IMV puts what an endpoint reported: the
 * three operations of the strongTNC REST API (swima.md section 7), done
 * either by that API over HTTP (swid_rest.c) or straight in the policy
 * database with the same meaning (swid_db.c), so that the IMV's flow
 * (section 6.1) is one piece of code whichever back end an operator runs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMV_SWID_TARGET_H
#define IMV_SWID_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "pa_attr.h"

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

/* One received software identifier event; strings owned by the list. */
struct swid_event {
	uint32_t eid;
	char timestamp[21];
	uint32_t record_id;
	uint8_t source_id;
	uint8_t action;		/* enum ietf_sw_action */
	char *sw_id;
};

/* Software Identifier Events as they accumulate over attributes. */
struct swid_events {
	uint32_t epoch;
	uint32_t last_eid;
	struct swid_event *v;	/* owned */
	size_t count, cap;
};

bool swid_events_add(struct swid_events *l, const struct ietf_sw_record *r);
void swid_events_free(struct swid_events *l);

/* What an operation tells beyond its status. */
struct swid_answer {
	struct swid_strs missing;	/* SWID_MISSING: software ids */
	size_t added, replaced;		/* add_tags */
	char error[256];		/* SWID_FAILED */
};

struct swid_target;

struct swid_target_ops {
	const char *name;		/* "REST API", "database" */
	/*
	 * POST swid/add-tags/: the ISO 2015 SWID tags of records (others are
	 * skipped). inventory says the tags answer a full inventory request,
	 * which the database back end also records as the session's
	 * inventory (REST leaves that to the server).
	 */
	enum swid_status (*add_tags)(struct swid_target *t, int64_t session,
				     const struct ietf_sw_record *records,
				     size_t count, bool inventory,
				     struct swid_answer *ans);
	/* POST sessions/<id>/swid-measurement/ */
	enum swid_status (*measurement)(struct swid_target *t, int64_t session,
					const struct swid_strs *ids,
					struct swid_answer *ans);
	/* POST sessions/<id>/swid-events/ */
	enum swid_status (*events)(struct swid_target *t, int64_t session,
				   const struct swid_events *ev,
				   struct swid_answer *ans);
	void (*free)(struct swid_target *t);
};

struct swid_target {
	const struct swid_target_ops *ops;
};

/*
 * The REST back end at uri (the API root, ending in '/', credentials may
 * be in it), with a timeout in seconds; NULL when out of memory.
 */
struct swid_target *swid_rest_new(const char *uri, long timeout);
/* The policy database back end on db (borrowed). */
struct swid_target *swid_db_new(struct db *db);

void swid_answer_free(struct swid_answer *ans);

#endif /* IMV_SWID_TARGET_H */
