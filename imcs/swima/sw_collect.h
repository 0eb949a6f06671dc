/*
 * sw_collect.h - what the SWIMA IMC reports (swima.md section 5.3): the
 * endpoint's software identifiers or SWID tags, from the collector's
 * event store (sw_store.h) when there is one, else from the dpkg status
 * database with generated tags, plus the .swidtag files found on disk;
 * and the identifier events since an EID, from the event store.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMC_SW_COLLECT_H
#define IMC_SW_COLLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "os_info.h"
#include "pa_attr.h"
#include "sw_store.h"

struct sw_collect_cfg {
	const char *root;		/* prefix of every system path, or "" */
	const struct os_info *os;	/* for identifiers and tags */
	const char *regid;		/* tag creator */
	const char *entity_name;
	const char *tag_dir;		/* .swidtag search root, NULL: none */
	struct sw_store *store;		/* NULL: no collector database */
};

/*
 * Records whose byte fields (identifier, locator, tag, timestamp) the
 * list owns; free with sw_records_free.
 */
struct sw_records {
	struct ietf_sw_record *v;
	size_t count, cap;
};

void sw_records_free(struct sw_records *l);

/*
 * The inventory: identifiers only (ids_only) or with their tags; only
 * the identifiers in targets when count > 0. false with err filled when
 * the inventory could not be collected.
 */
bool sw_collect_inventory(const struct sw_collect_cfg *cfg, bool ids_only,
			  const struct pa_bytes *targets, size_t count,
			  struct sw_records *out, char *err, size_t errlen);

/*
 * The identifier events with EID >= since from the event store, and its
 * newest EID. false with err filled without a store or when it fails.
 */
bool sw_collect_events(const struct sw_collect_cfg *cfg, uint32_t since,
		       struct sw_records *out, char *err, size_t errlen);

#endif /* IMC_SW_COLLECT_H */
