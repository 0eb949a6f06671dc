/*
 * seg.h - TCG IF-M segmentation state of one connection (pa-tnc.md
 * sections 7.2-7.4): the contracts, the attributes being sent in segments
 * and the attributes being reassembled.
 *
 * The agent layer keeps one struct seg_table per connection and drives it
 * with the attributes of seg_attr.h. What the calls write to a writer are
 * whole attributes for the reply (seg_attr_view gives them as raw ones):
 *
 *   wanting large attributes of message type T from peer P
 *     -> seg_contract_request (we are issuer); send the Request written
 *   Contract Request received
 *     -> seg_contract_on_request (we are responder); send the Response
 *   Contract Response received
 *     -> seg_contract_on_response
 *   sending any attribute to P under type T
 *     -> seg_send with the space left in the current PA-TNC message:
 *        WHOLE: send the attribute as it is; SEGMENT: send the envelope
 *        instead; NO_SPACE: call again with a new message; FAILED: drop it
 *   Next Segment received
 *     -> seg_on_next_segment; send the envelope written, if any
 *   Segment Envelope received
 *     -> seg_on_envelope: NEXT: answer a Next Segment for res.base_id;
 *        DONE: handle res.attr as if it had come whole, then
 *        seg_attr_free; ERROR: send the PA-TNC Error res.error; with
 *        ERROR or REFUSED and res.cancel, also a Next Segment with cancel
 *   connection ends
 *     -> seg_table_free
 *
 * Events that need nothing from the caller (a contract stored, a segment
 * passed, a segment ignored) are logged here under the table's subsystem.
 * Outcomes the caller must act on are returned with a reason text; the
 * caller logs them once, where it handles them.
 *
 * Not thread-safe: a table belongs to one connection, used by one thread
 * at a time, like the rest of that connection's IMV/IMC state.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_SEG_H
#define IMCV_SEG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "log.h"
#include "pa_tnc.h"
#include "seg_attr.h"

/* IMC or IMV ID "any": a contract request sent to every peer (7.2). */
#define SEG_PEER_ANY	0xFFFFu

/*
 * PA-TNC message header, attribute header and envelope header around a
 * segment: Max Segment Size = max PA-TNC message size - SEG_OVERHEAD (7.2).
 */
#define SEG_OVERHEAD	(PA_TNC_MSG_HEADER_LEN + PA_TNC_ATTR_HEADER_LEN + \
			 SEG_ENV_HEADER_LEN)

/* A first segment holds the base attribute header and one value byte. */
#define SEG_MIN_SEGMENT	(PA_TNC_ATTR_HEADER_LEN + 1)

/* Defaults of struct seg_limits */
#define SEG_DEFAULT_MAX_ATTR_LEN	(64u * 1024 * 1024)
#define SEG_DEFAULT_MAX_RX		8
#define SEG_DEFAULT_MAX_CONTRACTS	64

/* Our side of a contract: issuer asked for it, responder answered (7.2). */
enum seg_role { SEG_ISSUER, SEG_RESPONDER };

/* Which exchange a contract covers, besides the role. */
struct seg_key {
	uint32_t msg_vendor;	/* PA message type */
	uint32_t msg_subtype;
	uint32_t peer_id;	/* the peer's IMC ID (on an IMV) or IMV ID */
};

/* Bounds on what a peer can make us hold. */
struct seg_limits {
	/* largest reassembled attribute, header included, whatever the
	 * contract allows */
	uint32_t max_attr_len;
	/* reassemblies in progress on the connection */
	unsigned max_rx;
	/* contracts on the connection, both roles */
	unsigned max_contracts;
};

struct seg_tx;
struct seg_rx;

struct seg_contract {
	struct seg_key key;
	enum seg_role role;
	uint32_t max_msg_size;
	uint32_t max_seg_size;
	uint32_t last_base_id;	/* responder: last Base Message ID used */
	struct seg_tx *tx;	/* responder: attributes being sent, owned */
	struct seg_rx *rx;	/* issuer: attributes being reassembled, owned */
	struct seg_contract *next;
};

/* Per connection; everything it points to is owned by it. */
struct seg_table {
	struct seg_contract *contracts;
	struct seg_limits limits;
	enum log_subsys log;	/* LOG_IMV or LOG_IMC: who we are */
	const char *name;	/* the plugin's name for log lines, or NULL */
	unsigned n_contracts;
	unsigned n_rx;
	size_t rx_bytes;	/* held by reassembly buffers now */
	size_t rx_peak;		/* the most rx_bytes ever was */
};

/* limits NULL = the SEG_DEFAULT_* values. */
void seg_table_init(struct seg_table *t, enum log_subsys log,
		    const struct seg_limits *limits);
/* Frees all contracts, pending sends and reassemblies. */
void seg_table_free(struct seg_table *t);

/* Contracts (7.2) */

struct seg_contract *seg_contract_find(struct seg_table *t,
				       const struct seg_key *key,
				       enum seg_role role);
/* Both sizes 0xFFFFFFFF: the peers agreed on no segmentation. */
bool seg_contract_is_null(const struct seg_contract *c);

/*
 * Issuer: records (or renews) our contract for key and writes a Contract
 * Request to w: Max Message Size unlimited, Max Segment Size =
 * max_pa_msg_size - SEG_OVERHEAD, or a null contract when max_pa_msg_size
 * is SEG_SIZE_UNLIMITED. -1 when max_pa_msg_size leaves no room for a
 * segment or the contract table is full.
 */
int seg_contract_request(struct seg_table *t, const struct seg_key *key,
			 uint32_t max_pa_msg_size, struct writer *w);
/*
 * Responder: stores the peer's request as our contract, lowering its
 * segment size to what our own PA-TNC messages (max_pa_msg_size) can
 * carry, and writes the Contract Response to w. When the table is full no
 * contract is stored and the response is the null contract, so that the
 * peer knows we will not segment.
 */
void seg_contract_on_request(struct seg_table *t, const struct seg_key *key,
			     const struct seg_contract_attr *req,
			     uint32_t max_pa_msg_size, struct writer *w);
/*
 * Issuer: adopts the lower sizes a Contract Response offers. A response
 * to a request sent to SEG_PEER_ANY gets a contract of its own for that
 * peer. -1 (and logged as ignored) when we never sent a request.
 */
int seg_contract_on_response(struct seg_table *t, const struct seg_key *key,
			     const struct seg_contract_attr *resp);

/* Sending: only the responder segments (7.3) */

enum seg_tx_status {
	SEG_TX_WHOLE,		/* send the attribute unsegmented */
	SEG_TX_SEGMENT,		/* w holds an envelope; more will follow */
	SEG_TX_LAST,		/* w holds the last envelope */
	SEG_TX_CANCELLED,	/* the peer cancelled; attribute dropped */
	SEG_TX_IGNORED,		/* Next Segment for no pending attribute */
	SEG_TX_NO_SPACE,	/* retry in a new (empty) PA-TNC message */
	SEG_TX_FAILED,		/* cannot be sent; reason says why */
};

struct seg_tx_result {
	enum seg_tx_status status;
	uint32_t base_id;
	uint32_t part_len;	/* base value bytes in the envelope written */
	const char *reason;	/* SEG_TX_FAILED */
};

/*
 * Decides whether attr, sent to the peer of key, must be segmented under
 * our responder contract (value longer than Max Segment Size + 4). If so,
 * keeps a copy of it (attr stays the caller's), gives it the contract's
 * next Base Message ID and writes its first Segment Envelope to w, sized
 * to fit in space, the bytes left in the PA-TNC message being built.
 * Returns res->status.
 */
enum seg_tx_status seg_send(struct seg_table *t, const struct seg_key *key,
			    const struct pa_attr_raw *attr, size_t space,
			    struct writer *w, struct seg_tx_result *res);
/*
 * Answers a Next Segment from the peer of key: writes the next envelope
 * of that Base Message ID to w (at most Max Segment Size value bytes and
 * fitting in space), or on cancel drops the attribute.
 */
enum seg_tx_status seg_on_next_segment(struct seg_table *t,
				       const struct seg_key *key,
				       const struct seg_next *next,
				       size_t space, struct writer *w,
				       struct seg_tx_result *res);
/* Attributes waiting for a Next Segment, over all contracts. */
size_t seg_tx_pending(const struct seg_table *t);

/* Receiving: the issuer reassembles (7.3, 7.4) */

enum seg_rx_status {
	SEG_RX_IGNORED,		/* nothing to answer */
	SEG_RX_NEXT,		/* answer a Next Segment for res->base_id */
	SEG_RX_DONE,		/* res->attr is the whole base attribute */
	SEG_RX_ERROR,		/* answer the PA-TNC Error res->error */
	SEG_RX_REFUSED,		/* not taken: limits or memory */
};

struct seg_rx_result {
	enum seg_rx_status status;
	uint32_t base_id;
	/*
	 * SEG_RX_DONE: the base attribute. Its value is allocated and the
	 * caller's, released with seg_attr_free.
	 */
	struct pa_attr_raw attr;
	/* SEG_RX_ERROR: Invalid Parameter, header FF FF FF FF + Base
	 * Message ID, offset inside the base attribute (7.4) */
	struct pa_error error;
	/* ERROR/REFUSED while the peer still holds the rest: also answer a
	 * Next Segment with cancel for base_id, so it drops it */
	bool cancel;
	const char *reason;	/* SEG_RX_ERROR, SEG_RX_REFUSED */
};

/*
 * Takes one Segment Envelope from the peer of key, under our issuer
 * contract. A dropped reassembly frees its memory at once. Returns
 * res->status.
 */
enum seg_rx_status seg_on_envelope(struct seg_table *t,
				   const struct seg_key *key,
				   const struct seg_envelope *env,
				   struct seg_rx_result *res);
/*
 * Drops a reassembly we no longer want; the caller sends a Next Segment
 * with cancel. -1 when there is none for base_id.
 */
int seg_rx_cancel(struct seg_table *t, const struct seg_key *key,
		  uint32_t base_id);
/* Frees the value of a SEG_RX_DONE attribute and clears it. */
void seg_attr_free(struct pa_attr_raw *attr);

/* Reassembly memory, for limits and tests: now and the highest so far. */
size_t seg_rx_allocated(const struct seg_table *t);
size_t seg_rx_peak(const struct seg_table *t);

#endif /* IMCV_SEG_H */
