/*
 * pt_tls.c - PT-TLS message header and value codec (RFC 6876 section 3).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pt_tls.h"

#include <string.h>

static const char *const type_names[] = {
	[PT_TLS_EXPERIMENTAL] = "Experimental",
	[PT_TLS_VERSION_REQUEST] = "Version Request",
	[PT_TLS_VERSION_RESPONSE] = "Version Response",
	[PT_TLS_SASL_MECHS] = "SASL Mechanisms",
	[PT_TLS_SASL_MECH_SELECTION] = "SASL Mechanism Selection",
	[PT_TLS_SASL_AUTH_DATA] = "SASL Authentication Data",
	[PT_TLS_SASL_RESULT] = "SASL Result",
	[PT_TLS_PB_TNC_BATCH] = "PB-TNC Batch",
	[PT_TLS_ERROR] = "PT-TLS Error",
};

static const char *const error_names[] = {
	[0] = "Reserved",
	[PT_TLS_ERR_MALFORMED] = "Malformed Message",
	[PT_TLS_ERR_VERSION_NOT_SUPPORTED] = "Version Not Supported",
	[PT_TLS_ERR_TYPE_NOT_SUPPORTED] = "Type Not Supported",
	[PT_TLS_ERR_INVALID_MESSAGE] = "Invalid Message",
	[PT_TLS_ERR_SASL_MECH] = "SASL Mechanism Error",
	[PT_TLS_ERR_INVALID_PARAMETER] = "Invalid Parameter",
};

const char *pt_tls_type_name(uint32_t vendor, uint32_t type)
{
	if (vendor != 0 || type > PT_TLS_ERROR)
		return "unknown";
	return type_names[type];
}

const char *pt_tls_error_name(uint32_t code)
{
	return code <= PT_TLS_ERR_INVALID_PARAMETER ? error_names[code]
						    : "unknown";
}

int pt_tls_header_decode(const uint8_t hdr[PT_TLS_HEADER_LEN],
			 size_t max_len, struct pt_tls_header *h)
{
	struct reader r;

	reader_init(&r, hdr, PT_TLS_HEADER_LEN);
	reader_u8(&r);
	h->vendor = reader_u24(&r);
	h->type = reader_u32(&r);
	h->length = reader_u32(&r);
	h->id = reader_u32(&r);
	return h->length >= PT_TLS_HEADER_LEN && h->length <= max_len ? 0 : -1;
}

void pt_tls_write(struct writer *w, uint32_t vendor, uint32_t type,
		  uint32_t id, const void *value, size_t value_len)
{
	writer_u8(w, 0);
	writer_u24(w, vendor);
	writer_u32(w, type);
	writer_u32(w, (uint32_t)(PT_TLS_HEADER_LEN + value_len));
	writer_u32(w, id);
	writer_bytes(w, value, value_len);
}

int pt_tls_version_request_decode(const uint8_t *v, size_t len, uint8_t *min,
				  uint8_t *max, uint8_t *pref)
{
	if (len != 4)
		return -1;
	*min = v[1];
	*max = v[2];
	*pref = v[3];
	return 0;
}

void pt_tls_version_request_encode(uint8_t out[4], uint8_t min, uint8_t max,
				   uint8_t pref)
{
	out[0] = 0;
	out[1] = min;
	out[2] = max;
	out[3] = pref;
}

int pt_tls_version_response_decode(const uint8_t *v, size_t len,
				   uint8_t *version)
{
	if (len != 4)
		return -1;
	*version = v[3];
	return 0;
}

void pt_tls_version_response_encode(uint8_t out[4], uint8_t version)
{
	memset(out, 0, 4);
	out[3] = version;
}

/* One mechanism name: 3 reserved bits, a 5-bit length, the name. */
static int read_mech_name(struct reader *r, char name[PT_TLS_SASL_NAME_MAX + 1])
{
	size_t n = reader_u8(r) & 0x1f;
	const uint8_t *p = reader_bytes(r, n);

	if (!p || n == 0 || n > PT_TLS_SASL_NAME_MAX || memchr(p, 0, n))
		return -1;
	memcpy(name, p, n);
	name[n] = '\0';
	return 0;
}

int pt_tls_mechs_decode(const uint8_t *v, size_t len,
			struct pt_tls_mech_list *list)
{
	struct reader r;

	list->count = 0;
	reader_init(&r, v, len);
	while (reader_left(&r) > 0) {
		char name[PT_TLS_SASL_NAME_MAX + 1];

		if (read_mech_name(&r, name) < 0)
			return -1;
		if (list->count < sizeof(list->names) / sizeof(list->names[0]))
			memcpy(list->names[list->count++], name, sizeof(name));
	}
	return 0;
}

void pt_tls_mechs_encode(struct writer *w, const char *const *names,
			 size_t count)
{
	size_t i, n;

	for (i = 0; i < count; i++) {
		n = strlen(names[i]);
		if (n > PT_TLS_SASL_NAME_MAX)
			n = PT_TLS_SASL_NAME_MAX;
		writer_u8(w, (uint8_t)n);
		writer_bytes(w, names[i], n);
	}
}

int pt_tls_selection_decode(const uint8_t *v, size_t len,
			    char name[PT_TLS_SASL_NAME_MAX + 1],
			    const uint8_t **initial, size_t *initial_len)
{
	struct reader r;

	reader_init(&r, v, len);
	if (read_mech_name(&r, name) < 0)
		return -1;
	*initial_len = reader_left(&r);
	*initial = *initial_len ? reader_bytes(&r, *initial_len) : NULL;
	return 0;
}

void pt_tls_selection_encode(struct writer *w, const char *name,
			     const uint8_t *initial, size_t initial_len)
{
	pt_tls_mechs_encode(w, &name, 1);
	writer_bytes(w, initial, initial_len);
}

int pt_tls_sasl_result_decode(const uint8_t *v, size_t len, uint8_t *code)
{
	if (len == 0)
		return -1;
	/* A leading zero octet followed by more is the RFC's 16-bit form */
	*code = len >= 2 && v[0] == 0 ? v[1] : v[0];
	return *code <= PT_TLS_SASL_MECH_FAILURE ? 0 : -1;
}

int pt_tls_error_decode(const uint8_t *v, size_t len, struct pt_tls_error *e)
{
	struct reader r;

	reader_init(&r, v, len);
	reader_u8(&r);
	e->vendor = reader_u24(&r);
	e->code = reader_u32(&r);
	e->copy_len = reader_left(&r);
	e->copy = reader_bytes(&r, e->copy_len);
	return reader_ok(&r) ? 0 : -1;
}

void pt_tls_error_encode(struct writer *w, uint32_t code,
			 const uint8_t *copy, size_t copy_len)
{
	writer_u32(w, 0);
	writer_u32(w, code);
	writer_bytes(w, copy, copy_len);
}
