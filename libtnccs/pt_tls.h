/*
 * pt_tls.h - PT-TLS (RFC 6876) messages: the 16-byte header and the value
 * of each IETF message type. Pure codec, no I/O: pt_tls_conn.h moves these
 * messages over TLS.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_PT_TLS_H
#define TNC_PT_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define PT_TLS_HEADER_LEN 16
#define PT_TLS_VERSION 1
#define PT_TLS_DEFAULT_PORT 271
/* The largest message the reference sends: one 2 097 136-byte batch. */
#define PT_TLS_DEFAULT_MAX_MSG (128 * 16384)

enum pt_tls_type {
	PT_TLS_EXPERIMENTAL = 0,
	PT_TLS_VERSION_REQUEST = 1,
	PT_TLS_VERSION_RESPONSE = 2,
	PT_TLS_SASL_MECHS = 3,
	PT_TLS_SASL_MECH_SELECTION = 4,
	PT_TLS_SASL_AUTH_DATA = 5,
	PT_TLS_SASL_RESULT = 6,
	PT_TLS_PB_TNC_BATCH = 7,
	PT_TLS_ERROR = 8,
};

enum pt_tls_error_code {
	PT_TLS_ERR_MALFORMED = 1,
	PT_TLS_ERR_VERSION_NOT_SUPPORTED = 2,
	PT_TLS_ERR_TYPE_NOT_SUPPORTED = 3,
	PT_TLS_ERR_INVALID_MESSAGE = 4,
	PT_TLS_ERR_SASL_MECH = 5,
	PT_TLS_ERR_INVALID_PARAMETER = 6,
};

enum pt_tls_sasl_result {
	PT_TLS_SASL_SUCCESS = 0,
	PT_TLS_SASL_FAILURE = 1,
	PT_TLS_SASL_ABORT = 2,
	PT_TLS_SASL_MECH_FAILURE = 3,
};

struct pt_tls_header {
	uint32_t vendor;
	uint32_t type;
	uint32_t length;	/* including the header */
	uint32_t id;
};

/* Name of an IETF message type as logged, "unknown" otherwise. */
const char *pt_tls_type_name(uint32_t vendor, uint32_t type);
const char *pt_tls_error_name(uint32_t code);

/*
 * Decodes a header. Returns 0, or -1 when the length is below 16 or above
 * max_len (the caller answers with Malformed Message and closes).
 */
int pt_tls_header_decode(const uint8_t hdr[PT_TLS_HEADER_LEN],
			 size_t max_len, struct pt_tls_header *h);
/* Appends a whole message: header plus value. */
void pt_tls_write(struct writer *w, uint32_t vendor, uint32_t type,
		  uint32_t id, const void *value, size_t value_len);

/* Version Request: min, max, preferred. */
int pt_tls_version_request_decode(const uint8_t *v, size_t len, uint8_t *min,
				  uint8_t *max, uint8_t *pref);
void pt_tls_version_request_encode(uint8_t out[4], uint8_t min, uint8_t max,
				   uint8_t pref);
int pt_tls_version_response_decode(const uint8_t *v, size_t len,
				   uint8_t *version);
void pt_tls_version_response_encode(uint8_t out[4], uint8_t version);

/* SASL Mechanisms: a list of names, each up to 20 characters. */
#define PT_TLS_SASL_NAME_MAX 20
struct pt_tls_mech_list {
	char names[8][PT_TLS_SASL_NAME_MAX + 1];
	size_t count;
};
int pt_tls_mechs_decode(const uint8_t *v, size_t len,
			struct pt_tls_mech_list *list);
void pt_tls_mechs_encode(struct writer *w, const char *const *names,
			 size_t count);

/* SASL Mechanism Selection: name and optional initial response. */
int pt_tls_selection_decode(const uint8_t *v, size_t len,
			    char name[PT_TLS_SASL_NAME_MAX + 1],
			    const uint8_t **initial, size_t *initial_len);
void pt_tls_selection_encode(struct writer *w, const char *name,
			     const uint8_t *initial, size_t initial_len);

/*
 * SASL Result. RFC 6876 has a 16-bit code; the reference writes and reads a
 * single octet. We send one octet (what the deployed clients parse) and
 * accept both widths on receipt.
 */
int pt_tls_sasl_result_decode(const uint8_t *v, size_t len, uint8_t *code);

/* PT-TLS Error: vendor, code and a copy of the offending message. */
struct pt_tls_error {
	uint32_t vendor;
	uint32_t code;
	const uint8_t *copy;
	size_t copy_len;
};
int pt_tls_error_decode(const uint8_t *v, size_t len, struct pt_tls_error *e);
void pt_tls_error_encode(struct writer *w, uint32_t code,
			 const uint8_t *copy, size_t copy_len);

#endif /* TNC_PT_TLS_H */
