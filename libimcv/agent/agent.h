/*
 * agent.h - the layer every IMV and IMC plugin of this project stands on,
 * so that a plugin file holds only its own measurement or evaluation code.
 *
 * A plugin describes itself with a constant table (agent_imv.h or
 * agent_imc.h, which start with the struct agent_plugin below) and one
 * macro that defines its TNC_* entry points. The agent then does, once
 * for every plugin:
 *  - binding the host (TNCS or TNCC) functions and subscribing to the
 *    plugin's message types;
 *  - a table of connections, each with its own lock and the plugin's own
 *    per-connection state (conn_new/conn_free);
 *  - receiving: PA-TNC parsing, the TCG segmentation exchange (contracts,
 *    reassembly, next segments), PA-TNC errors (pa-tnc.md section 4), and
 *    every other attribute decoded and handed to the plugin's handler for
 *    its type;
 *  - sending: struct agent_msg collects attributes for one peer and splits
 *    them over as many PA-TNC messages as the host's maximum message size
 *    requires, in segments where a contract allows it.
 *
 * Threads and locks. The host may call in for different connections from
 * different threads. Every plugin callback runs with its connection
 * locked, so the plugin's state needs no lock of its own. Messages the
 * plugin sends from a callback are queued and handed to the host after
 * the connection is unlocked, since a host may call back into the plugin
 * for the same connection from inside SendMessage.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_AGENT_H
#define IMCV_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tnc/tncif.h>

#include "pa_attr.h"
#include "pa_tnc.h"

/* The IMC ID (on an IMV) or IMV ID (on an IMC) that means "any". */
#define AGENT_PEER_ANY 0xFFFFu

/* A PA message type; subtype 0xFF subscribes to every subtype of vendor. */
struct agent_msg_type {
	uint32_t vendor;
	uint32_t subtype;
};

/* The plugin's agent instance, made by its entry-point macro. */
struct agent;

/* One connection as the plugin sees it; owned by the agent. */
struct agent_conn;

/* A message being built for one peer; see agent_msg_new. */
struct agent_msg;

/* One received attribute as handed to a plugin. */
struct agent_attr {
	const struct pa_attr_raw *raw;	/* header and value bytes */
	/* the decoded value, NULL for a type the codec does not decode */
	const union pa_attr_value *v;
	uint32_t peer;			/* who sent it, or AGENT_PEER_ANY */
	struct agent_msg_type msg_type;	/* of the message it came in */
};

/*
 * What the plugin does with an attribute of (vendor, type). reply goes
 * back to the sender in the message type the attribute came in; it is
 * sent when the message has been handled.
 */
struct agent_attr_handler {
	uint32_t vendor;
	uint32_t type;
	void (*handle)(struct agent_conn *c, void *state,
		       const struct agent_attr *a, struct agent_msg *reply);
};

/* The part of a plugin's description that IMVs and IMCs share. */
struct agent_plugin {
	const char *name;		/* as logged: "[IMV] <name>: ..." */
	const struct agent_msg_type *types;	/* subscribed; [0] is the own */
	size_t type_count;
	/*
	 * The plugin wants to receive large attributes: the first message to
	 * each peer starts with a TCG Segmentation Contract Request, sized
	 * from the host's maximum message size (pa-tnc.md section 7.2).
	 */
	bool want_contract;
	/*
	 * The attributes it handles, by type. Types the PA-TNC codec does
	 * not decode are accepted for the plugin and handed over raw.
	 */
	const struct agent_attr_handler *attrs;
	size_t attr_count;
	/* Every other decoded attribute (may be NULL: logged and ignored). */
	void (*on_attribute)(struct agent_conn *c, void *state,
			     const struct agent_attr *a,
			     struct agent_msg *reply);
	/*
	 * The plugin's own state of a connection, NULL when it keeps none;
	 * made when the connection is created and again for a handshake
	 * retry, where the host must not be called. The agent frees it with
	 * conn_free, which may be NULL.
	 */
	void *(*conn_new)(struct agent_conn *c);
	void (*conn_free)(void *state);
	/*
	 * State the plugin's connections share, e.g. a cache (may be NULL):
	 * made when the plugin is initialized, freed with plugin_free after
	 * its last connection, at Terminate. NULL from plugin_new is kept
	 * as no state, not taken as a failure.
	 */
	void *(*plugin_new)(void);
	void (*plugin_free)(void *state);
	/*
	 * A handshake retry begins (may be NULL). When set, the plugin keeps
	 * its state and resets here what is measured anew, e.g. to carry a
	 * SWIMA subscription over; when NULL its state is made anew.
	 */
	void (*conn_retry)(struct agent_conn *c, void *state);
	/* Every message of the batch has been delivered (may be NULL). */
	void (*on_batch_ending)(struct agent_conn *c, void *state);
};

/* Connection facts */

/* The plugin's shared state (plugin_new), NULL when it has none. */
void *agent_plugin_state(const struct agent_conn *c);

TNC_ConnectionID agent_conn_id(const struct agent_conn *c);
/* The peer that sent the last message, AGENT_PEER_ANY before one. */
uint32_t agent_conn_peer(const struct agent_conn *c);
/*
 * Whether a segmented attribute is still arriving from, or going out to,
 * a peer: a decision taken now would cut it off.
 */
bool agent_conn_busy(const struct agent_conn *c);

/*
 * Outgoing messages. Only inside a plugin callback, where the host lets
 * the plugin send; the messages go out when the callback returns.
 */

/*
 * A message to dest (an IMC or IMV ID, or AGENT_PEER_ANY), of the type
 * dest last used towards us or else the plugin's own type; exclusive when
 * dest is one peer and the host supports it. NULL when out of memory.
 */
struct agent_msg *agent_msg_new(struct agent_conn *c, uint32_t dest);
/* The same with the type and the exclusive flag chosen by the caller. */
struct agent_msg *agent_msg_new_type(struct agent_conn *c,
				     struct agent_msg_type type,
				     uint32_t dest, bool excl);
/*
 * Appends an attribute, typed (pa_attr.h) or raw (copied). An attribute
 * that does not fit the current PA-TNC message starts the next one; one
 * larger than any message the host takes goes in segments under a
 * contract with dest, or waits on the connection until dest asks for a
 * contract (then it goes out in the reply). False when it was dropped,
 * which has been logged.
 */
bool agent_msg_add(struct agent_msg *m, const struct pa_attr *a);
bool agent_msg_add_raw(struct agent_msg *m, const struct pa_attr_raw *raw);
/*
 * Appends the one whole attribute (header too) an encoder wrote to w,
 * such as ietf_pa_tnc_error_swima's.
 */
bool agent_msg_add_written(struct agent_msg *m, const struct writer *w);
/* Appends an IETF Attribute Request for count types. */
bool agent_msg_add_request(struct agent_msg *m,
			   const struct pa_attr_type *types, size_t count);
/* How many attributes were added. */
size_t agent_msg_count(const struct agent_msg *m);
/* Queues the message(s) for sending and frees m; nothing when empty. */
void agent_msg_send(struct agent_msg *m);
/* Drops m unsent. */
void agent_msg_free(struct agent_msg *m);

/*
 * Asks the host for a handshake retry of c, once the current callback
 * has returned (the host may call back into the plugin).
 */
void agent_request_retry(struct agent_conn *c, TNC_RetryReason reason);

/* A log line "[IMV] <plugin name>: <text>" (or [IMC]). */
void agent_log(const struct agent_conn *c, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The exported entry points of both macros. */
#define AGENT_EXPORT __attribute__((visibility("default")))

#endif /* IMCV_AGENT_H */
