/*
 * tnccs_client.h - the PB-TNC client side of one connection (RFC 5793):
 * starts the handshake with the IMCs' first messages, hands the server's
 * PB-PA messages to the IMCs, learns the recommendation from the RESULT
 * batch, and closes or retries.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_TNCCS_CLIENT_H
#define TNC_TNCCS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tnc/tncifimc.h>

#include "buf.h"
#include "tnccs_server.h"	/* enum tnccs_status, struct tnccs_limits */

struct imc_manager;
struct tnccs_client;

struct tnccs_client *tnccs_client_new(struct imc_manager *m,
				      const char *language,
				      const struct tnccs_limits *limits);
/* Builds the first CDATA batch into *out. */
enum tnccs_status tnccs_client_start(struct tnccs_client *c,
				     struct writer *out);
/*
 * Processes one server batch; *out receives the batch to send, if any.
 * TNCCS_DONE comes with the final CLOSE in *out, or with nothing when the
 * server closed.
 */
enum tnccs_status tnccs_client_receive(struct tnccs_client *c,
				       const uint8_t *batch, size_t len,
				       struct writer *out);
/*
 * The last PB-Access-Recommendation (PB_REC_*) and PB-Assessment-Result;
 * false when no RESULT arrived.
 */
bool tnccs_client_result(const struct tnccs_client *c, uint16_t *access,
			 uint32_t *assessment);
void tnccs_client_free(struct tnccs_client *c);

struct pt_tls_conn;
/*
 * One whole PB-TNC session over an established PT-TLS connection, as
 * pt-tls-client runs it: true when a RESULT arrived and the session
 * closed, with the recommendation (PB_REC_*) in *access.
 */
bool tnccs_client_run(struct imc_manager *m, const char *language,
		      struct pt_tls_conn *conn, uint16_t *access);

/* Entry points for the TNCC functions. */
TNC_Result tnccs_client_send(struct tnccs_client *c, TNC_IMCID imc_id,
			     uint8_t flags, uint32_t vendor, uint32_t subtype,
			     uint16_t validator, const uint8_t *msg,
			     size_t len);
TNC_Result tnccs_client_request_retry(struct tnccs_client *c,
				      TNC_RetryReason reason);
TNC_Result tnccs_client_get_attr(struct tnccs_client *c, TNC_AttributeID id,
				 TNC_UInt32 buf_len, TNC_BufferReference buf,
				 TNC_UInt32 *out_len);

#endif /* TNC_TNCCS_CLIENT_H */
