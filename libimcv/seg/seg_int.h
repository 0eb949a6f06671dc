/*
 * seg_int.h - what the three parts of the segmentation state (contracts,
 * sending, reassembly) share and the agent layer does not see.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_SEG_INT_H
#define IMCV_SEG_INT_H

#include "seg.h"

/* A log line of the table's subsystem, led by the plugin's name if set. */
void seg_log(const struct seg_table *t, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One attribute being sent in segments; its value is our own copy. */
struct seg_tx {
	uint32_t base_id;
	uint8_t flags;
	uint32_t vendor;
	uint32_t type;
	uint8_t *value;		/* owned */
	uint32_t len;
	uint32_t sent;		/* value bytes already in envelopes */
	struct seg_tx *next;
};

/* One attribute being reassembled. */
struct seg_rx {
	uint32_t base_id;
	uint8_t flags;
	uint32_t vendor;
	uint32_t type;
	uint32_t len;		/* value length the base header declared */
	uint32_t filled;
	uint8_t *buf;		/* owned, grows up to len */
	uint32_t cap;
	struct seg_rx *next;
};

/* Frees every pending send of c. */
void seg_tx_free_all(struct seg_contract *c);
/* Frees every reassembly of c, with the table's accounting. */
void seg_rx_free_all(struct seg_table *t, struct seg_contract *c);

/*
 * Our issuer contract with the peer of key; one made for SEG_PEER_ANY is
 * cloned for this peer on first use (7.2). NULL when there is none.
 */
struct seg_contract *seg_contract_issuer(struct seg_table *t,
					 const struct seg_key *key);

/* "IMC" on an IMV, "IMV" on an IMC: what the peer ID names in logs. */
const char *seg_peer_kind(const struct seg_table *t);

#endif /* IMCV_SEG_INT_H */
