/*
 * swid_db.c - the SWID target that writes straight into the policy
 * database, so that no web server is needed beside the TNC server and
 * strongTNC can still read what was stored. The rows and their meaning
 * are those of strongTNC's SWID endpoints, kept in one place
 * (libimcv/swima/swid_store.c) that the policy manager's REST API uses
 * too.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include "swid_target.h"

struct swid_db {
	struct swid_target base;
	struct db *db;		/* borrowed */
};

static struct db *db_of(struct swid_target *base)
{
	return ((struct swid_db *)base)->db;
}

static enum swid_status db_add_tags(struct swid_target *base, int64_t session,
				    const struct ietf_sw_record *records,
				    size_t count, bool inventory,
				    struct swid_answer *ans)
{
	struct swid_xml *tags = calloc(count + 1, sizeof(*tags));
	enum swid_status s;
	size_t i, n = 0;

	if (!tags) {
		snprintf(ans->error, sizeof(ans->error), "out of memory");
		return SWID_FAILED;
	}
	for (i = 0; i < count; i++) {
		/* ISO/IEC 19770-2:2015 tags only (swima.md 2.4) */
		if (records[i].data_model_pen || records[i].data_model_type)
			continue;
		tags[n].ptr = (const char *)records[i].record.ptr;
		tags[n++].len = records[i].record.len;
	}
	s = swid_store_add_tags(db_of(base), inventory ? session : 0, tags, n,
				false, ans);
	free(tags);
	return s;
}

static enum swid_status db_measurement(struct swid_target *base,
				       int64_t session,
				       const struct swid_strs *ids,
				       struct swid_answer *ans)
{
	return swid_store_measurement(db_of(base), session, ids, ans);
}

static enum swid_status db_events(struct swid_target *base, int64_t session,
				  const struct swid_events *ev,
				  struct swid_answer *ans)
{
	return swid_store_events(db_of(base), session, ev, ans);
}

static void db_target_free(struct swid_target *base)
{
	free(base);
}

static const struct swid_target_ops db_ops = {
	.name = "database",
	.add_tags = db_add_tags,
	.measurement = db_measurement,
	.events = db_events,
	.free = db_target_free,
};

struct swid_target *swid_db_new(struct db *db)
{
	struct swid_db *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->base.ops = &db_ops;
	t->db = db;
	return &t->base;
}
