/*
 * agent_int.h - what the parts of the agent share and plugins do not see:
 * the agent instance, its connections, the host functions it bound and
 * the role (IMV or IMC) that the core is run for.
 *
 * The core (agent.c, agent_msg.c, agent_rx.c) is the same for both roles.
 * What differs, the host function names, the PA-TNC error rule and the
 * role's own connection state, comes from a struct agent_role that
 * agent_imv.c and agent_imc.c each define once.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_AGENT_INT_H
#define IMCV_AGENT_INT_H

#include <pthread.h>

#include "agent.h"
#include "log.h"
#include "seg.h"

/*
 * The host functions in one shape for both roles. IF-IMV and IF-IMC give
 * them the same C signatures (every ID is a TNC_UInt32), so the bound
 * pointers are stored here whatever the role; provide_recommendation
 * exists on a TNCS only.
 */
struct agent_host {
	TNC_Result (*report_types)(TNC_UInt32 id, TNC_MessageTypeList types,
				   TNC_UInt32 count);
	TNC_Result (*report_types_long)(TNC_UInt32 id,
					TNC_VendorIDList vendors,
					TNC_MessageSubtypeList subtypes,
					TNC_UInt32 count);
	TNC_Result (*send)(TNC_UInt32 id, TNC_ConnectionID conn,
			   TNC_BufferReference msg, TNC_UInt32 len,
			   TNC_MessageType type);
	TNC_Result (*send_long)(TNC_UInt32 id, TNC_ConnectionID conn,
				TNC_UInt32 flags, TNC_BufferReference msg,
				TNC_UInt32 len, TNC_VendorID vendor,
				TNC_MessageSubtype subtype, TNC_UInt32 dest);
	TNC_Result (*request_retry)(TNC_UInt32 id, TNC_ConnectionID conn,
				    TNC_RetryReason reason);
	TNC_Result (*get_attribute)(TNC_UInt32 id, TNC_ConnectionID conn,
				    TNC_AttributeID attr, TNC_UInt32 len,
				    TNC_BufferReference buf,
				    TNC_UInt32 *out_len);
	TNC_Result (*set_attribute)(TNC_UInt32 id, TNC_ConnectionID conn,
				    TNC_AttributeID attr, TNC_UInt32 len,
				    TNC_BufferReference buf);
	TNC_Result (*reserve_id)(TNC_UInt32 id, TNC_UInt32 *out);
	TNC_Result (*provide_recommendation)(TNC_UInt32 id,
					     TNC_ConnectionID conn,
					     TNC_UInt32 rec, TNC_UInt32 eval);
};

/* TNC_TNCS_BindFunctionPointer and TNC_TNCC_BindFunctionPointer alike. */
typedef TNC_Result (*agent_bind_fn)(TNC_UInt32 id, char *name, void **out);

/* One host function to bind: its ABI name and where it goes. */
struct agent_bind {
	const char *name;
	size_t offset;		/* in struct agent_host */
};

struct agent;

struct agent_role {
	const char *label;		/* "IMV" */
	const char *peer_label;		/* "IMC": who sends us messages */
	enum log_subsys log;
	const struct agent_bind *binds;
	size_t bind_count;
	/*
	 * pa-tnc.md section 4: an IMC answers a PA-TNC error with the error
	 * attribute; an IMV discards the message and returns FATAL.
	 */
	bool reply_errors;
	/* Process-wide role data (the IMV's database); may be NULL. */
	bool (*init)(struct agent *a);
	void (*terminate)(struct agent *a);
	/*
	 * The role's state of a connection. conn_new runs before the
	 * connection is in the table and unlocked, so it may ask the host;
	 * conn_reset (a handshake retry) and conn_free run locked.
	 */
	void *(*conn_new)(struct agent_conn *c);
	void (*conn_reset)(struct agent_conn *c);
	void (*conn_free)(struct agent_conn *c);
	/*
	 * Sees each attribute before the plugin; true when it took it (and
	 * logged it), so the plugin does not see it.
	 */
	bool (*on_attribute)(struct agent_conn *c, const struct agent_attr *a,
			     struct agent_msg *reply);
};

/* The plugin's one agent: the state the TNC ABI forces on a module. */
struct agent {
	const struct agent_role *role;
	const struct agent_plugin *plugin;
	const void *desc;		/* the role's whole description */
	TNC_UInt32 id;
	bool bound;
	struct agent_host host;
	void *role_data;		/* owned by the role */
	void *plugin_state;		/* owned, plugin_free frees it */
	pthread_mutex_t conns_lock;	/* guards the list, not the entries */
	struct agent_conn *conns;
};

/* A peer that sent us messages, and the type it used last. */
struct agent_peer {
	uint32_t id;
	struct agent_msg_type type;
};

/* A finished PA-TNC message waiting for the connection to be unlocked. */
struct agent_out {
	struct agent_out *next;
	struct agent_msg_type type;
	uint32_t dest;
	bool excl;
	uint8_t *data;			/* owned */
	size_t len;
};

/* An attribute too large for any message, waiting for a contract. */
struct agent_held {
	struct agent_held *next;
	struct agent_msg_type type;
	uint32_t dest;			/* a peer or AGENT_PEER_ANY */
	struct pa_attr_raw attr;	/* value owned */
};

/* Peers remembered per connection; more are served but not listed. */
#define AGENT_MAX_PEERS 16

struct agent_conn {
	struct agent_conn *next;
	struct agent *agent;
	TNC_ConnectionID id;
	pthread_mutex_t lock;		/* guards everything below */
	/* what the host said at CREATE */
	bool has_long;
	bool has_excl;
	uint32_t max_msg;		/* PA-TNC message bound, 0 = none */
	unsigned handshakes;
	struct seg_table seg;
	struct agent_peer peers[AGENT_MAX_PEERS];
	size_t peer_count;
	uint32_t last_peer;
	struct agent_out *outbox;	/* owned, oldest first */
	struct agent_held *held;	/* owned */
	size_t held_bytes;
	void *state;			/* the plugin's */
	void *role_state;		/* the role's */
	/* a handshake retry the plugin asked for, requested after unlock */
	bool retry_wanted;
	TNC_RetryReason retry_reason;
};

/* agent.c: the instance, the host and the connection table */

TNC_Result agent_initialize(struct agent **slot, const struct agent_role *role,
			    const struct agent_plugin *plugin, const void *desc,
			    TNC_UInt32 id, TNC_Version min, TNC_Version max,
			    TNC_Version *actual);
TNC_Result agent_check(const struct agent *a, TNC_UInt32 id);
TNC_Result agent_bind(struct agent *a, TNC_UInt32 id, agent_bind_fn bind);
TNC_Result agent_terminate(struct agent **slot, TNC_UInt32 id);

TNC_Result agent_conn_create(struct agent *a, TNC_ConnectionID id);
TNC_Result agent_conn_delete(struct agent *a, TNC_ConnectionID id);
/* The connection, locked; NULL (logged) when there is none. */
struct agent_conn *agent_conn_lock(struct agent *a, TNC_ConnectionID id);
/* Unlocks c, then hands its queued messages to the host. */
TNC_Result agent_conn_release(struct agent_conn *c);
/* HANDSHAKE: a retry gives the plugin and the role fresh state. */
TNC_Result agent_conn_handshake(struct agent *a, TNC_ConnectionID id);
/* Remembers who sent a message of which type. */
void agent_conn_note_peer(struct agent_conn *c, uint32_t peer,
			  struct agent_msg_type type);

/* GetAttribute values (tnc_attr.c encodings): bool, u32, raw bytes. */
bool agent_host_bool(struct agent *a, TNC_ConnectionID conn,
		     TNC_AttributeID attr);
bool agent_host_uint(struct agent *a, TNC_ConnectionID conn,
		     TNC_AttributeID attr, uint32_t *out);
/* Caller frees; NULL when the host has no such value. */
uint8_t *agent_host_bytes(struct agent *a, TNC_ConnectionID conn,
			  TNC_AttributeID attr, size_t *len);

/* The log line prefix is the plugin's name. */
#define agent_role_log(a, level, fmt, ...) \
	log_line((a)->role->log, level, "%s: " fmt, (a)->plugin->name, \
		 ##__VA_ARGS__)

/* agent_msg.c: outgoing messages */

/* The room left in the PA-TNC message being filled. */
size_t agent_msg_space(struct agent_msg *m);
/* Closes the PA-TNC message being filled; the next add starts another. */
void agent_msg_break(struct agent_msg *m);
/* The peer and type m goes to. */
uint32_t agent_msg_dest(const struct agent_msg *m);
struct agent_msg_type agent_msg_type(const struct agent_msg *m);
/* Moves the held attributes m's peer may now receive into m. */
void agent_held_release(struct agent_msg *m);
void agent_held_free_all(struct agent_conn *c);
void agent_outbox_free(struct agent_out *out);

/* agent_rx.c: one received PA-TNC message, with c locked */
TNC_Result agent_rx_message(struct agent_conn *c, struct agent_msg_type type,
			    uint32_t peer, const uint8_t *data, size_t len);

#endif /* IMCV_AGENT_INT_H */
