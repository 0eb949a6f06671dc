/*
 * tnc_attr.h - values of the IF-IMV/IF-IMC attributes that GetAttribute
 * returns, in the encodings the deployed plugins expect: a boolean is one
 * byte, an integer four bytes in network order, a string ASCII with its
 * terminating NUL counted.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_TNC_ATTR_H
#define TNC_TNC_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tnc/tncif.h>

#include "buf.h"

/* Copies value out if it fits; *out_len always gets the full size. */
TNC_Result tnc_attr_put(const void *value, size_t len, TNC_UInt32 buf_len,
			TNC_BufferReference buf, TNC_UInt32 *out_len);
TNC_Result tnc_attr_put_bool(bool v, TNC_UInt32 buf_len,
			     TNC_BufferReference buf, TNC_UInt32 *out_len);
TNC_Result tnc_attr_put_uint(uint32_t v, TNC_UInt32 buf_len,
			     TNC_BufferReference buf, TNC_UInt32 *out_len);
TNC_Result tnc_attr_put_string(const char *s, TNC_UInt32 buf_len,
			       TNC_BufferReference buf, TNC_UInt32 *out_len);

/* The attributes common to both hosts: the transport and protocol facts. */
struct tnc_conn_facts {
	uint32_t max_msg_size;
	const char *ift_protocol;	/* "IF-T for TLS" */
	const char *ift_version;	/* "2.0" */
};
/*
 * Answers the attributes both hosts share. Returns TNC_RESULT_SUCCESS or
 * INVALID_PARAMETER as GetAttribute does; *handled says whether the
 * attribute was one of these.
 */
TNC_Result tnc_attr_get_common(const struct tnc_conn_facts *f,
			       TNC_AttributeID id, TNC_UInt32 buf_len,
			       TNC_BufferReference buf, TNC_UInt32 *out_len,
			       bool *handled);

/* One identity of the AR_IDENTITIES attribute. */
struct tnc_identity {
	uint32_t type;		/* TNC_ID_* */
	const char *value;
	uint32_t subject;	/* TNC_SUBJECT_* */
	uint32_t auth;		/* TNC_AUTH_* */
};
/* Appends the AR_IDENTITIES value for the given identities. */
void tnc_attr_ar_identities(struct writer *w, const struct tnc_identity *ids,
			    size_t count);

#endif /* TNC_TNC_ATTR_H */
