/*
 * plugin_registry.h - what both hosts keep about their loaded plugins:
 * names, IDs (primary and additional, from one counter starting at 1) and
 * message-type subscriptions, with the delivery rule. Plugins may change
 * their subscriptions or reserve IDs at any time from any thread, so the
 * mutable parts live under one lock.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_PLUGIN_REGISTRY_H
#define TNC_PLUGIN_REGISTRY_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tnc/tncif.h>

#include "msg_types.h"

#define PLUGIN_MAX 64
#define PLUGIN_MAX_ADDITIONAL_IDS 16

struct plugin_entry {
	char *name;	/* owned */
	char *path;	/* owned */
	void *handle;
	TNC_UInt32 id;
	struct msg_type_list types;
	TNC_UInt32 additional[PLUGIN_MAX_ADDITIONAL_IDS];
	size_t additional_count;
};

struct plugin_registry {
	struct plugin_entry entries[PLUGIN_MAX];
	size_t count;
	TNC_UInt32 next_id;
	pthread_rwlock_t lock;
};

void registry_init(struct plugin_registry *r);
/* Frees the entries' memory (not their handles: the host closes those). */
void registry_destroy(struct plugin_registry *r);

/* Claims the next slot and ID for a plugin being loaded; NULL when full. */
struct plugin_entry *registry_begin(struct plugin_registry *r,
				    const char *name, const char *path);
/* Makes the slot count (before binding, so callbacks find the ID). */
void registry_commit(struct plugin_registry *r);
/* Undoes registry_begin (and registry_commit, if done). */
void registry_abort(struct plugin_registry *r, struct plugin_entry *e,
		    bool committed);

/* Slot owning a primary or additional ID, or -1. */
int registry_slot(struct plugin_registry *r, TNC_UInt32 id, bool *primary);

TNC_Result registry_report_types(struct plugin_registry *r, TNC_UInt32 id,
				 const TNC_MessageType *types,
				 TNC_UInt32 count);
TNC_Result registry_report_types_long(struct plugin_registry *r,
				      TNC_UInt32 id,
				      const TNC_VendorID *vendors,
				      const TNC_MessageSubtype *subtypes,
				      TNC_UInt32 count);
TNC_Result registry_reserve_id(struct plugin_registry *r, TNC_UInt32 id,
			       TNC_UInt32 *out);
/*
 * Whether slot takes a message of this type: subscribed, and when the
 * message is exclusive, addressed to one of the slot's IDs.
 */
bool registry_wants(struct plugin_registry *r, size_t slot, uint32_t vendor,
		    uint32_t subtype, bool exclusive, uint32_t dest_id);

#endif /* TNC_PLUGIN_REGISTRY_H */
