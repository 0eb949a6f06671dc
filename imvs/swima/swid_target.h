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
#include "swid_store.h"

/* Software Identifier Events as they accumulate over attributes. */
bool swid_events_add(struct swid_events *l, const struct ietf_sw_record *r);

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

#endif /* IMV_SWID_TARGET_H */
