/*
 * pa_tnc.h - PA-TNC (RFC 5792) wire constants and the raw attribute: one
 * attribute as it sits in a message, before any per-type decoding. The
 * codec (pa/), segmentation (seg/) and the agent layer all speak in these.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_PA_TNC_H
#define IMCV_PA_TNC_H

#include <stddef.h>
#include <stdint.h>

#define PA_TNC_VERSION		1
#define PA_TNC_MSG_HEADER_LEN	8
#define PA_TNC_ATTR_HEADER_LEN	12

#define PA_ATTR_FLAG_NOSKIP	0x80

/* Private Enterprise Numbers that scope attribute and message types. */
enum pen {
	PEN_IETF = 0x000000,
	PEN_TCG = 0x005597,
	PEN_PWG = 0x000A8B,
	PEN_FHH = 0x0080AB,
	PEN_ITA = 0x00902A,
	PEN_RESERVED = 0xFFFFFF,
};

#define PA_ATTR_TYPE_RESERVED	0xFFFFFFFFu

/* IETF PA subtypes (RFC 5792 section 4.1): the message types plugins use. */
enum pa_ietf_subtype {
	PA_SUBTYPE_IETF_TESTING = 0,
	PA_SUBTYPE_IETF_OPERATING_SYSTEM = 1,
	PA_SUBTYPE_IETF_ANTI_VIRUS = 2,
	PA_SUBTYPE_IETF_ANTI_SPYWARE = 3,
	PA_SUBTYPE_IETF_ANTI_MALWARE = 4,
	PA_SUBTYPE_IETF_FIREWALL = 5,
	PA_SUBTYPE_IETF_IDPS = 6,
	PA_SUBTYPE_IETF_VPN = 7,
	PA_SUBTYPE_IETF_NEA_CLIENT = 8,
	PA_SUBTYPE_IETF_SWIMA = 9,
};

/* One attribute; value points into a buffer owned by someone else. */
struct pa_attr_raw {
	uint8_t flags;
	uint32_t vendor;
	uint32_t type;
	const uint8_t *value;
	uint32_t len;		/* value length, without the 12-byte header */
};

/* IETF PA-TNC error codes (RFC 5792 4.2.8, RFC 8412 for 4-8). */
enum pa_error_code {
	PA_ERROR_RESERVED = 0,
	PA_ERROR_INVALID_PARAMETER = 1,
	PA_ERROR_VERSION_NOT_SUPPORTED = 2,
	PA_ERROR_ATTR_TYPE_NOT_SUPPORTED = 3,
	PA_ERROR_SWIMA = 4,
	PA_ERROR_SWIMA_SUBSCRIPTION_DENIED = 5,
	PA_ERROR_SWIMA_RESPONSE_TOO_LARGE = 6,
	PA_ERROR_SWIMA_SUBSCRIPTION_FULFILLMENT = 7,
	PA_ERROR_SWIMA_SUBSCRIPTION_ID_REUSE = 8,
};

/*
 * A PA-TNC Error as a parser reports it, ready to be encoded into an
 * error attribute for the peer. header is the copy of the offending
 * message's first 8 bytes, or FF FF FF FF + the Base Message ID for an
 * error in a reassembled segmented attribute (TCG IF-M segmentation 7.4).
 */
struct pa_error {
	uint32_t vendor;	/* error code vendor, PEN_IETF for the codes above */
	uint32_t code;
	uint8_t header[PA_TNC_MSG_HEADER_LEN];
	uint32_t offset;	/* Invalid Parameter: offset of the bad field */
	/* Attribute Type Not Supported: the rejected attribute's header */
	uint8_t attr_flags;
	uint32_t attr_vendor;
	uint32_t attr_type;
};

#endif /* IMCV_PA_TNC_H */
