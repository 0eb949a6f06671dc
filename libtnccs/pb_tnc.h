/*
 * pb_tnc.h - PB-TNC 2.0 (RFC 5793) batches and messages: parse and build.
 *
 * A parsed batch borrows the received bytes: each message's value points
 * into them, so the received buffer must outlive the batch. Parsing checks
 * every length once (RFC 5793 section 4 and the receive order the reference
 * follows, see the PB-TNC spec note section 5); what it cannot accept comes
 * back as a struct pb_error, which the session turns into a PB-Error
 * message.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_PB_TNC_H
#define TNC_PB_TNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define PB_TNC_VERSION 2
#define PB_BATCH_HEADER_LEN 8
#define PB_MSG_HEADER_LEN 12
#define PB_PA_HEADER_LEN 12

enum pb_batch_type {
	PB_BATCH_NONE = 0,	/* internal: nothing pending */
	PB_BATCH_CDATA = 1,
	PB_BATCH_SDATA = 2,
	PB_BATCH_RESULT = 3,
	PB_BATCH_CRETRY = 4,
	PB_BATCH_SRETRY = 5,
	PB_BATCH_CLOSE = 6,
};

#define PB_VENDOR_IETF 0x000000
#define PB_VENDOR_TCG 0x005597
#define PB_VENDOR_ITA 0x00902a
#define PB_VENDOR_RESERVED 0xffffff
#define PB_TYPE_RESERVED 0xffffffff

/* IETF message types (vendor 0) */
enum pb_msg_type {
	PB_MSG_EXPERIMENTAL = 0,
	PB_MSG_PA = 1,
	PB_MSG_ASSESSMENT_RESULT = 2,
	PB_MSG_ACCESS_RECOMMENDATION = 3,
	PB_MSG_REMEDIATION_PARAMETERS = 4,
	PB_MSG_ERROR = 5,
	PB_MSG_LANGUAGE_PREFERENCE = 6,
	PB_MSG_REASON_STRING = 7,
};
#define PB_TCG_MSG_PDP_REFERRAL 1
#define PB_ITA_MSG_NOSKIP_TEST 0
#define PB_ITA_MSG_MUTUAL_CAPABILITY 1

#define PB_MSG_FLAG_NOSKIP 0x80
#define PB_PA_FLAG_EXCL 0x80
#define PB_ERROR_FLAG_FATAL 0x80

/* IETF PB-Error codes */
enum pb_error_code {
	PB_ERR_UNEXPECTED_BATCH_TYPE = 0,
	PB_ERR_INVALID_PARAMETER = 1,
	PB_ERR_LOCAL_ERROR = 2,
	PB_ERR_UNSUPPORTED_MANDATORY_MSG = 3,
	PB_ERR_VERSION_NOT_SUPPORTED = 4,
};

/* PB-Access-Recommendation codes */
enum pb_access_rec {
	PB_REC_ACCESS_ALLOWED = 1,
	PB_REC_ACCESS_DENIED = 2,
	PB_REC_QUARANTINED = 3,
};

/* Remediation parameter types (IETF) */
#define PB_REMED_URI 1
#define PB_REMED_STRING 2

/* What a parser could not accept, as the PB-Error that reports it. */
struct pb_error {
	enum pb_error_code code;
	uint32_t offset;	/* from the start of the batch */
	uint8_t bad_version;	/* for PB_ERR_VERSION_NOT_SUPPORTED */
	const char *reason;	/* static text for the log line */
};

/* One message as found in a batch; value points into the batch. */
struct pb_msg {
	uint8_t flags;
	uint32_t vendor;
	uint32_t type;
	const uint8_t *value;
	size_t value_len;
	uint32_t offset;	/* of the message header within the batch */
};

struct pb_batch {
	uint8_t version;
	bool from_server;	/* the D bit */
	enum pb_batch_type type;
	struct pb_msg *msgs;	/* owned; pb_batch_free */
	size_t count;
};

/*
 * Parses a whole batch. receiver_is_server selects the directionality
 * check. Known messages are checked against their length and NOSKIP rules
 * and their values are validated; unknown ones without NOSKIP are kept in
 * the list with known=false semantics left to the caller (see
 * pb_msg_is_known). Returns 0, or -1 with *err filled in.
 */
int pb_batch_parse(const uint8_t *data, size_t len, bool receiver_is_server,
		   struct pb_batch *batch, struct pb_error *err);
/*
 * The same in two steps, for a session that checks the batch type against
 * its state between them as RFC 5793 orders: the header (version,
 * direction, type, length), then the messages.
 */
int pb_batch_parse_header(const uint8_t *data, size_t len,
			  bool receiver_is_server, struct pb_batch *batch,
			  struct pb_error *err);
int pb_batch_parse_msgs(const uint8_t *data, size_t len,
			struct pb_batch *batch, struct pb_error *err);
/* Checks one message against the catalogue (used by the batch parser). */
int pb_msg_check(const struct pb_msg *m, struct pb_error *err);
void pb_batch_free(struct pb_batch *batch);

/* Name of an IETF PB-Error code as logged ("Invalid Parameter"). */
const char *pb_error_name(uint16_t code);
/* Name of a batch type as logged ("CDATA"), "unknown" outside 1..6. */
const char *pb_batch_type_name(enum pb_batch_type type);
/* Name of a message as logged ("PB-PA"), NULL when not a known type. */
const char *pb_msg_name(uint32_t vendor, uint32_t type);
bool pb_msg_is_known(uint32_t vendor, uint32_t type);
/* RESULT-only messages (assessment result, access recommendation, ...). */
bool pb_msg_result_only(uint32_t vendor, uint32_t type);

/* Decoded values of the known messages. Pointers borrow from the batch. */
struct pb_pa {
	uint8_t flags;
	uint32_t vendor;
	uint32_t subtype;
	uint16_t collector_id;
	uint16_t validator_id;
	const uint8_t *body;
	size_t body_len;
};

struct pb_remediation {
	uint32_t vendor;
	uint32_t type;
	const uint8_t *uri;	/* type 1 */
	size_t uri_len;
	const uint8_t *string;	/* type 2 */
	size_t string_len;
	const uint8_t *lang;
	size_t lang_len;
	const uint8_t *raw;	/* other types: the parameters as sent */
	size_t raw_len;
};

struct pb_error_msg {
	uint8_t flags;
	uint32_t vendor;
	uint16_t code;
	bool has_offset;
	uint32_t offset;
	bool has_version;
	uint8_t bad_version, max_version, min_version;
};

struct pb_reason_string {
	const uint8_t *reason;
	size_t reason_len;
	const uint8_t *lang;
	size_t lang_len;
};

struct pb_pdp_referral {
	uint32_t id_vendor;
	uint32_t id_type;	/* 0 FQDN, 1 IPv4, 2 IPv6 (TCG) */
	uint8_t protocol;
	uint16_t port;
	const uint8_t *id;	/* FQDN bytes or address bytes */
	size_t id_len;
};

/*
 * Value decoders. Each takes a message found by pb_batch_parse (so its
 * value was already validated) and cannot fail on such a message; they
 * also serve the validation itself, returning -1 and the value-relative
 * offset of the bad field on malformed input.
 */
int pb_pa_decode(const struct pb_msg *m, struct pb_pa *pa, uint32_t *bad);
int pb_assessment_result_decode(const struct pb_msg *m, uint32_t *result,
				uint32_t *bad);
int pb_access_rec_decode(const struct pb_msg *m, uint16_t *rec,
			 uint32_t *bad);
int pb_remediation_decode(const struct pb_msg *m, struct pb_remediation *r,
			  uint32_t *bad);
int pb_error_decode(const struct pb_msg *m, struct pb_error_msg *e,
		    uint32_t *bad);
int pb_language_decode(const struct pb_msg *m, const uint8_t **lang,
		       size_t *lang_len, uint32_t *bad);
int pb_reason_decode(const struct pb_msg *m, struct pb_reason_string *r,
		     uint32_t *bad);
int pb_pdp_referral_decode(const struct pb_msg *m, struct pb_pdp_referral *p,
			   uint32_t *bad);
int pb_mutual_decode(const struct pb_msg *m, uint32_t *flags, uint32_t *bad);

/*
 * Builders append to a writer. A batch is opened with pb_batch_begin,
 * messages are appended, and pb_batch_end writes the final length.
 */
size_t pb_batch_begin(struct writer *w, bool from_server,
		      enum pb_batch_type type);
void pb_batch_end(struct writer *w, size_t start);
/* Size a PB-PA message of body_len takes in a batch. */
size_t pb_pa_size(size_t body_len);
void pb_write_pa(struct writer *w, const struct pb_pa *pa);
void pb_write_assessment_result(struct writer *w, uint32_t result);
void pb_write_access_rec(struct writer *w, uint16_t rec);
void pb_write_remediation_uri(struct writer *w, const char *uri);
void pb_write_remediation_string(struct writer *w, const char *text,
				 const char *lang);
void pb_write_error(struct writer *w, const struct pb_error *err);
void pb_write_language(struct writer *w, const char *langs);
void pb_write_reason(struct writer *w, const uint8_t *reason,
		     size_t reason_len, const uint8_t *lang, size_t lang_len);
void pb_write_pdp_referral(struct writer *w, const struct pb_pdp_referral *p);
void pb_write_experimental(struct writer *w, bool noskip, const void *data,
			   size_t len);
/* Any message: header plus value. */
void pb_write_msg(struct writer *w, uint8_t flags, uint32_t vendor,
		  uint32_t type, const void *value, size_t value_len);

/* The PB-TNC state machine (RFC 5793 section 3.2), shared by both roles. */
enum pb_state {
	PB_STATE_INIT,
	PB_STATE_SERVER_WORKING,
	PB_STATE_CLIENT_WORKING,
	PB_STATE_DECIDED,
	PB_STATE_END,
};

const char *pb_state_name(enum pb_state state);
/*
 * The state after a batch of this type is sent or received in state cur;
 * returns false when the batch is illegal there. The batch type tells who
 * sent it, except CLOSE which either side may send.
 */
bool pb_state_next(enum pb_state cur, enum pb_batch_type type,
		   enum pb_state *next);
/* Whether a batch of this type may be sent by the server (or client). */
bool pb_batch_sent_by(enum pb_batch_type type, bool server);

#endif /* TNC_PB_TNC_H */
