/*
 * plugin_registry.c - plugin IDs and subscriptions (plugin_registry.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "plugin_registry.h"

#include <stdlib.h>
#include <string.h>

void registry_init(struct plugin_registry *r)
{
	memset(r, 0, sizeof(*r));
	r->next_id = 1;
	pthread_rwlock_init(&r->lock, NULL);
}

static void clear_entry(struct plugin_entry *e)
{
	msg_types_free(&e->types);
	free(e->name);
	free(e->path);
	memset(e, 0, sizeof(*e));
}

void registry_destroy(struct plugin_registry *r)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		clear_entry(&r->entries[i]);
	r->count = 0;
	pthread_rwlock_destroy(&r->lock);
}

struct plugin_entry *registry_begin(struct plugin_registry *r,
				    const char *name, const char *path)
{
	struct plugin_entry *e;

	if (r->count == PLUGIN_MAX)
		return NULL;
	e = &r->entries[r->count];
	memset(e, 0, sizeof(*e));
	e->name = strdup(name);
	e->path = strdup(path);
	/* IDs of plugins that fail later are not reused, as the reference */
	pthread_rwlock_wrlock(&r->lock);
	e->id = r->next_id++;
	pthread_rwlock_unlock(&r->lock);
	return e;
}

void registry_commit(struct plugin_registry *r)
{
	pthread_rwlock_wrlock(&r->lock);
	r->count++;
	pthread_rwlock_unlock(&r->lock);
}

void registry_abort(struct plugin_registry *r, struct plugin_entry *e,
		    bool committed)
{
	pthread_rwlock_wrlock(&r->lock);
	if (committed)
		r->count--;
	clear_entry(e);
	pthread_rwlock_unlock(&r->lock);
}

/* Caller holds the lock. */
static int slot_locked(struct plugin_registry *r, TNC_UInt32 id,
		       bool *primary)
{
	size_t i, j;

	for (i = 0; i < r->count; i++) {
		if (r->entries[i].id == id) {
			*primary = true;
			return (int)i;
		}
		for (j = 0; j < r->entries[i].additional_count; j++)
			if (r->entries[i].additional[j] == id) {
				*primary = false;
				return (int)i;
			}
	}
	return -1;
}

int registry_slot(struct plugin_registry *r, TNC_UInt32 id, bool *primary)
{
	int slot;
	bool p;

	pthread_rwlock_rdlock(&r->lock);
	slot = slot_locked(r, id, primary ? primary : &p);
	pthread_rwlock_unlock(&r->lock);
	return slot;
}

TNC_Result registry_report_types(struct plugin_registry *r, TNC_UInt32 id,
				 const TNC_MessageType *types,
				 TNC_UInt32 count)
{
	bool primary;
	int slot;
	TNC_Result rc = TNC_RESULT_INVALID_PARAMETER;

	pthread_rwlock_wrlock(&r->lock);
	slot = slot_locked(r, id, &primary);
	if (slot >= 0)
		rc = msg_types_set_short(&r->entries[slot].types, types, count);
	pthread_rwlock_unlock(&r->lock);
	return rc;
}

TNC_Result registry_report_types_long(struct plugin_registry *r,
				      TNC_UInt32 id,
				      const TNC_VendorID *vendors,
				      const TNC_MessageSubtype *subtypes,
				      TNC_UInt32 count)
{
	bool primary;
	int slot;
	TNC_Result rc = TNC_RESULT_INVALID_PARAMETER;

	pthread_rwlock_wrlock(&r->lock);
	slot = slot_locked(r, id, &primary);
	if (slot >= 0)
		rc = msg_types_set_long(&r->entries[slot].types, vendors,
					subtypes, count);
	pthread_rwlock_unlock(&r->lock);
	return rc;
}

/* Only the primary ID may reserve; the number comes from the shared
 * counter, so primary and additional IDs never collide. */
TNC_Result registry_reserve_id(struct plugin_registry *r, TNC_UInt32 id,
			       TNC_UInt32 *out)
{
	struct plugin_entry *e;
	bool primary;
	int slot;
	TNC_Result rc = TNC_RESULT_INVALID_PARAMETER;

	if (!out)
		return rc;
	pthread_rwlock_wrlock(&r->lock);
	slot = slot_locked(r, id, &primary);
	if (slot >= 0 && primary) {
		e = &r->entries[slot];
		if (e->additional_count < PLUGIN_MAX_ADDITIONAL_IDS) {
			*out = r->next_id++;
			e->additional[e->additional_count++] = *out;
			rc = TNC_RESULT_SUCCESS;
		} else {
			rc = TNC_RESULT_CANT_RESPOND;
		}
	}
	pthread_rwlock_unlock(&r->lock);
	return rc;
}

bool registry_wants(struct plugin_registry *r, size_t slot, uint32_t vendor,
		    uint32_t subtype, bool exclusive, uint32_t dest_id)
{
	bool match, primary;

	pthread_rwlock_rdlock(&r->lock);
	match = msg_types_match(&r->entries[slot].types, vendor, subtype);
	if (match && exclusive)
		match = slot_locked(r, dest_id, &primary) == (int)slot;
	pthread_rwlock_unlock(&r->lock);
	return match;
}
