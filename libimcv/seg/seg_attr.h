/*
 * seg_attr.h - the four TCG IF-M segmentation attributes (vendor TCG,
 * types 0x21-0x24; pa-tnc.md section 7.1): Segmentation Contract Request
 * and Response, Segment Envelope and Next Segment.
 *
 * Decoders take a raw attribute as the PA-TNC codec found it and fail with
 * the offset of the bad field inside the value, which the caller turns
 * into a PA-TNC Error (pa-tnc.md section 4, step 4). Encoders append one
 * complete attribute (12-byte header and value) to a PA-TNC message being
 * built. The stateful part (contracts, sending, reassembly) is in seg.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_SEG_ATTR_H
#define IMCV_SEG_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "pa_tnc.h"

/* Attribute types, vendor PEN_TCG */
#define SEG_ATTR_CONTRACT_REQUEST	0x00000021u
#define SEG_ATTR_CONTRACT_RESPONSE	0x00000022u
#define SEG_ATTR_ENVELOPE		0x00000023u
#define SEG_ATTR_NEXT_SEGMENT		0x00000024u

/* In either contract field: no limit / no segmentation wanted. */
#define SEG_SIZE_UNLIMITED	0xFFFFFFFFu

#define SEG_CONTRACT_LEN	8	/* Max Message Size, Max Segment Size */
#define SEG_ENV_HEADER_LEN	4	/* flags, Base Message ID */
#define SEG_NEXT_LEN		4	/* flags, Base Message ID */
#define SEG_BASE_ID_MAX		0xFFFFFFu

/* Segment Envelope flags */
#define SEG_ENV_MORE		0x80	/* M: more segments follow */
#define SEG_ENV_START		0x40	/* S: first segment */

/*
 * Next Segment cancel flag. The TCG layout puts C in the most significant
 * bit (0x80), but strongSwan sends and tests the least significant bit
 * (0x01), pa-tnc.md section 7.1. We send 0x01 so that a strongSwan
 * responder understands the cancel, and read either bit as cancel, so
 * that a peer following the TCG layout is understood too.
 */
#define SEG_NEXT_CANCEL_SENT	0x01
#define SEG_NEXT_CANCEL_TCG	0x80

/* Contract Request (0x21) and Response (0x22) share this value. */
struct seg_contract_attr {
	uint32_t max_msg_size;
	uint32_t max_seg_size;
};

/* A Segment Envelope; value points into the decoded attribute. */
struct seg_envelope {
	uint8_t flags;		/* SEG_ENV_MORE, SEG_ENV_START */
	uint32_t base_id;	/* u24 */
	const uint8_t *value;
	uint32_t len;
};

struct seg_next {
	uint32_t base_id;	/* u24 */
	bool cancel;
};

/* True for a TCG attribute of types 0x21-0x24. */
bool seg_attr_is_seg(const struct pa_attr_raw *a);
/* The spec's name of a segmentation type, for log lines; NULL otherwise. */
const char *seg_attr_name(uint32_t type);

/*
 * Checks vendor, type and the value length rule of a segmentation
 * attribute; on failure *bad is the offset inside the value.
 */
int seg_attr_check(const struct pa_attr_raw *a, uint32_t type,
		   uint32_t *bad);

/*
 * Writes a 12-byte PA-TNC attribute header for a value of value_len
 * bytes (value_len <= 0xFFFFFFFF - 12). Used for our own attributes and
 * for the base attribute header inside a first segment.
 */
void seg_attr_write_header(struct writer *w, uint8_t flags, uint32_t vendor,
			   uint32_t type, uint32_t value_len);

/*
 * The attribute an encoder wrote at offset start of w, as a raw attribute
 * whose value points into w (valid until w changes), e.g. to hand it to a
 * PA-TNC message builder. -1 when w holds no whole attribute there.
 */
int seg_attr_view(const struct writer *w, size_t start,
		  struct pa_attr_raw *out);

/* a is a Contract Request or a Response; both share the layout. */
int seg_contract_attr_decode(const struct pa_attr_raw *a,
			     struct seg_contract_attr *c, uint32_t *bad);
/* type is SEG_ATTR_CONTRACT_REQUEST or SEG_ATTR_CONTRACT_RESPONSE. */
void seg_contract_attr_encode(struct writer *w, uint32_t type,
			      const struct seg_contract_attr *c);

int seg_envelope_decode(const struct pa_attr_raw *a, struct seg_envelope *e,
			uint32_t *bad);
void seg_envelope_encode(struct writer *w, const struct seg_envelope *e);
/*
 * The first envelope of a segmented attribute: flags M|S, then the base
 * attribute's full header (its whole length) and the first part_len bytes
 * of its value, without an intermediate copy.
 */
void seg_envelope_encode_first(struct writer *w, uint32_t base_id,
			       const struct pa_attr_raw *base,
			       uint32_t part_len);

int seg_next_decode(const struct pa_attr_raw *a, struct seg_next *n,
		    uint32_t *bad);
/* Writes C as SEG_NEXT_CANCEL_SENT when n->cancel. */
void seg_next_encode(struct writer *w, const struct seg_next *n);

#endif /* IMCV_SEG_ATTR_H */
