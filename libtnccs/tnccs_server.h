/*
 * tnccs_server.h - the PB-TNC server side of one connection (RFC 5793):
 * takes each batch the client sent, runs the state machine, hands PB-PA
 * messages to the IMVs and builds the answer (SDATA, RESULT or SRETRY), or
 * a CLOSE with a PB-Error when the client's batch cannot be accepted.
 *
 * The transport calls tnccs_server_receive once per client batch; the
 * functions below it are what the TNCS functions of the ABI reach.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_TNCCS_SERVER_H
#define TNC_TNCCS_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tnc/tncifimv.h>

#include "buf.h"

struct imv_manager;
struct tnccs_server;

/* Who the client is, as the transport authenticated it. */
struct tnccs_peer {
	const char *identity;	/* NULL when not authenticated */
	uint32_t auth;		/* TNC_AUTH_* */
	const char *address;	/* textual IP address, may be NULL */
	bool ipv6;
};

struct tnccs_limits {
	size_t max_batch;	/* bytes of one batch we send or accept */
	size_t max_msg;		/* bytes of one PA message (MAX_MESSAGE_SIZE) */
};

enum tnccs_status {
	TNCCS_CONTINUE,		/* send the reply (if any), read the next */
	TNCCS_DONE,		/* the session ended normally */
	TNCCS_FAILED,		/* send the reply (a CLOSE), then hang up */
};

/* Transport defaults of PT-TLS (the reference's sizes). */
#define TNCCS_PT_TLS_MAX_BATCH (128 * 16384 - 16)
#define TNCCS_PT_TLS_MAX_MSG (TNCCS_PT_TLS_MAX_BATCH - 8 - 12 - 12)

struct tnccs_server *tnccs_server_new(struct imv_manager *m,
				      const struct tnccs_peer *peer,
				      const struct tnccs_limits *limits);
/*
 * Processes one batch the client sent. *reply is reset and receives the
 * batch to send back, if any.
 */
enum tnccs_status tnccs_server_receive(struct tnccs_server *s,
				       const uint8_t *batch, size_t len,
				       struct writer *reply);
/* The recommendation of the last RESULT sent; false when none was. */
bool tnccs_server_result(const struct tnccs_server *s, uint32_t *rec,
			 uint32_t *eval);
TNC_ConnectionID tnccs_server_conn_id(const struct tnccs_server *s);
/* Tells the IMVs the connection is gone and frees the session. */
void tnccs_server_free(struct tnccs_server *s);

/* Entry points for the TNCS functions; slot is the IMV's index. */
TNC_Result tnccs_server_send(struct tnccs_server *s, TNC_IMVID imv_id,
			     uint8_t flags, uint32_t vendor, uint32_t subtype,
			     uint16_t collector, const uint8_t *msg,
			     size_t len);
TNC_Result tnccs_server_request_retry(struct tnccs_server *s,
				      TNC_RetryReason reason);
TNC_Result tnccs_server_provide_rec(struct tnccs_server *s, int slot,
				    uint32_t rec, uint32_t eval);
TNC_Result tnccs_server_get_attr(struct tnccs_server *s, TNC_AttributeID id,
				 TNC_UInt32 buf_len, TNC_BufferReference buf,
				 TNC_UInt32 *out_len);
TNC_Result tnccs_server_set_attr(struct tnccs_server *s, int slot,
				 TNC_AttributeID id, TNC_UInt32 len,
				 const uint8_t *value);

#endif /* TNC_TNCCS_SERVER_H */
