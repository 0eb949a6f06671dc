/*
 * pb_tnc_msg.c - the PB-TNC message catalogue and the codec of each
 * message value (RFC 5793 section 4.2 ff., TCG PB-PDP-Referral, and the
 * ITA-HSR Mutual-Capability extension).
 *
 * One table row per message type holds everything the batch parser checks:
 * the name that is logged, the length rule, the NOSKIP rule and the value
 * decoder that validates it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pb_tnc.h"

#include <string.h>

#define LANG_PREFIX "Accept-Language: "

/* What a known message requires of its NOSKIP flag. */
enum noskip_rule { NOSKIP_ANY, NOSKIP_SET, NOSKIP_CLEAR, NOSKIP_REFUSED };

typedef int (*validate_fn)(const struct pb_msg *m, uint32_t *bad);

struct msg_desc {
	uint32_t vendor;
	uint32_t type;
	const char *name;
	size_t min_len;		/* including the 12-byte header */
	bool exact;
	bool result_only;
	enum noskip_rule noskip;
	validate_fn validate;
};

static int validate_pa(const struct pb_msg *m, uint32_t *bad)
{
	struct pb_pa pa;

	return pb_pa_decode(m, &pa, bad);
}

static int validate_assessment(const struct pb_msg *m, uint32_t *bad)
{
	uint32_t v;

	return pb_assessment_result_decode(m, &v, bad);
}

static int validate_access_rec(const struct pb_msg *m, uint32_t *bad)
{
	uint16_t v;

	return pb_access_rec_decode(m, &v, bad);
}

static int validate_remediation(const struct pb_msg *m, uint32_t *bad)
{
	struct pb_remediation r;

	return pb_remediation_decode(m, &r, bad);
}

static int validate_error(const struct pb_msg *m, uint32_t *bad)
{
	struct pb_error_msg e;

	return pb_error_decode(m, &e, bad);
}

static int validate_language(const struct pb_msg *m, uint32_t *bad)
{
	const uint8_t *lang;
	size_t len;

	return pb_language_decode(m, &lang, &len, bad);
}

static int validate_reason(const struct pb_msg *m, uint32_t *bad)
{
	struct pb_reason_string r;

	return pb_reason_decode(m, &r, bad);
}

static int validate_pdp_referral(const struct pb_msg *m, uint32_t *bad)
{
	struct pb_pdp_referral p;

	return pb_pdp_referral_decode(m, &p, bad);
}

static int validate_mutual(const struct pb_msg *m, uint32_t *bad)
{
	uint32_t flags;

	return pb_mutual_decode(m, &flags, bad);
}

/*
 * NOSKIP rules as the reference enforces them on receipt. An Experimental
 * message with NOSKIP is refused as unsupported, since its content can
 * never be understood.
 */
static const struct msg_desc msg_table[] = {
	{ PB_VENDOR_IETF, PB_MSG_EXPERIMENTAL, "PB-Experimental",
	  12, false, false, NOSKIP_REFUSED, NULL },
	{ PB_VENDOR_IETF, PB_MSG_PA, "PB-PA",
	  24, false, false, NOSKIP_SET, validate_pa },
	{ PB_VENDOR_IETF, PB_MSG_ASSESSMENT_RESULT, "PB-Assessment-Result",
	  16, true, true, NOSKIP_SET, validate_assessment },
	{ PB_VENDOR_IETF, PB_MSG_ACCESS_RECOMMENDATION,
	  "PB-Access-Recommendation",
	  16, true, true, NOSKIP_CLEAR, validate_access_rec },
	{ PB_VENDOR_IETF, PB_MSG_REMEDIATION_PARAMETERS,
	  "PB-Remediation-Parameters",
	  20, false, true, NOSKIP_CLEAR, validate_remediation },
	{ PB_VENDOR_IETF, PB_MSG_ERROR, "PB-Error",
	  20, false, false, NOSKIP_SET, validate_error },
	{ PB_VENDOR_IETF, PB_MSG_LANGUAGE_PREFERENCE, "PB-Language-Preference",
	  12, false, false, NOSKIP_CLEAR, validate_language },
	{ PB_VENDOR_IETF, PB_MSG_REASON_STRING, "PB-Reason-String",
	  17, false, true, NOSKIP_CLEAR, validate_reason },
	{ PB_VENDOR_TCG, PB_TCG_MSG_PDP_REFERRAL, "PB-PDP-Referral",
	  20, false, false, NOSKIP_CLEAR, validate_pdp_referral },
	{ PB_VENDOR_ITA, PB_ITA_MSG_MUTUAL_CAPABILITY, "PB-Mutual-Capability",
	  16, false, false, NOSKIP_CLEAR, validate_mutual },
};

static const char *const error_names[] = {
	[PB_ERR_UNEXPECTED_BATCH_TYPE] = "Unexpected Batch Type",
	[PB_ERR_INVALID_PARAMETER] = "Invalid Parameter",
	[PB_ERR_LOCAL_ERROR] = "Local Error",
	[PB_ERR_UNSUPPORTED_MANDATORY_MSG] = "Unsupported Mandatory Message",
	[PB_ERR_VERSION_NOT_SUPPORTED] = "Version Not Supported",
};

const char *pb_error_name(uint16_t code)
{
	return code <= PB_ERR_VERSION_NOT_SUPPORTED ? error_names[code]
						    : "unknown";
}

static const struct msg_desc *find_desc(uint32_t vendor, uint32_t type)
{
	size_t i;

	for (i = 0; i < sizeof(msg_table) / sizeof(msg_table[0]); i++)
		if (msg_table[i].vendor == vendor && msg_table[i].type == type)
			return &msg_table[i];
	return NULL;
}

const char *pb_msg_name(uint32_t vendor, uint32_t type)
{
	const struct msg_desc *d = find_desc(vendor, type);

	return d ? d->name : NULL;
}

bool pb_msg_is_known(uint32_t vendor, uint32_t type)
{
	return find_desc(vendor, type) != NULL;
}

bool pb_msg_result_only(uint32_t vendor, uint32_t type)
{
	const struct msg_desc *d = find_desc(vendor, type);

	return d && d->result_only;
}

/*
 * Checks one message against its catalogue entry. Called by the batch
 * parser after the header fields were found sound. Offsets in *err are
 * from the start of the batch; an error inside a value points at the
 * offending field itself (RFC 5793 4.9.1), not at the message header.
 */
int pb_msg_check(const struct pb_msg *m, struct pb_error *err)
{
	const struct msg_desc *d = find_desc(m->vendor, m->type);
	size_t len = m->value_len + PB_MSG_HEADER_LEN;
	bool noskip = m->flags & PB_MSG_FLAG_NOSKIP;
	uint32_t bad = 0;

	err->offset = m->offset;
	if (!d || (d->noskip == NOSKIP_REFUSED && noskip)) {
		if (!noskip)
			return 0;	/* unknown and skippable */
		err->code = PB_ERR_UNSUPPORTED_MANDATORY_MSG;
		err->reason = "unsupported message with NOSKIP flag";
		return -1;
	}
	err->code = PB_ERR_INVALID_PARAMETER;
	if (len < d->min_len || (d->exact && len != d->min_len)) {
		err->offset = m->offset + 8;
		err->reason = "message length does not fit its type";
		return -1;
	}
	if ((d->noskip == NOSKIP_SET && !noskip) ||
	    (d->noskip == NOSKIP_CLEAR && noskip)) {
		err->reason = "NOSKIP flag does not fit the message type";
		return -1;
	}
	if (d->validate && d->validate(m, &bad) < 0) {
		err->offset = m->offset + PB_MSG_HEADER_LEN + bad;
		err->reason = "malformed message value";
		return -1;
	}
	return 0;
}

/* A reader over a message's value. */
static void value_reader(const struct pb_msg *m, struct reader *r)
{
	reader_init(r, m->value, m->value_len);
}

static bool has_nul(const uint8_t *p, size_t len)
{
	return len && memchr(p, '\0', len) != NULL;
}

int pb_pa_decode(const struct pb_msg *m, struct pb_pa *pa, uint32_t *bad)
{
	struct reader r;

	value_reader(m, &r);
	pa->flags = reader_u8(&r);
	pa->vendor = reader_u24(&r);
	pa->subtype = reader_u32(&r);
	pa->collector_id = reader_u16(&r);
	pa->validator_id = reader_u16(&r);
	pa->body_len = reader_left(&r);
	pa->body = reader_bytes(&r, pa->body_len);
	if (!reader_ok(&r)) {
		*bad = 0;
		return -1;
	}
	if (pa->vendor == PB_VENDOR_RESERVED) {
		*bad = 1;
		return -1;
	}
	if (pa->subtype == PB_TYPE_RESERVED) {
		*bad = 4;
		return -1;
	}
	return 0;
}

int pb_assessment_result_decode(const struct pb_msg *m, uint32_t *result,
				uint32_t *bad)
{
	struct reader r;

	value_reader(m, &r);
	*result = reader_u32(&r);
	*bad = 0;
	/* Values are the IF-IMV evaluation results, 0 to 4 */
	return reader_ok(&r) && *result <= 4 ? 0 : -1;
}

int pb_access_rec_decode(const struct pb_msg *m, uint16_t *rec,
			 uint32_t *bad)
{
	struct reader r;

	value_reader(m, &r);
	reader_u16(&r);
	*rec = reader_u16(&r);
	*bad = 2;
	return reader_ok(&r) && *rec >= PB_REC_ACCESS_ALLOWED &&
	       *rec <= PB_REC_QUARANTINED ? 0 : -1;
}

int pb_remediation_decode(const struct pb_msg *m, struct pb_remediation *rp,
			  uint32_t *bad)
{
	struct reader r;
	uint32_t len;

	memset(rp, 0, sizeof(*rp));
	value_reader(m, &r);
	reader_u8(&r);
	rp->vendor = reader_u24(&r);
	rp->type = reader_u32(&r);
	rp->raw_len = reader_left(&r);
	rp->raw = r.data + r.pos;
	*bad = 0;
	if (!reader_ok(&r))
		return -1;
	if (rp->vendor != PB_VENDOR_IETF)
		return 0;
	if (rp->type == PB_REMED_URI) {
		rp->uri = rp->raw;
		rp->uri_len = rp->raw_len;
		*bad = 8;
		return rp->uri_len && !has_nul(rp->uri, rp->uri_len) ? 0 : -1;
	}
	if (rp->type != PB_REMED_STRING)
		return 0;
	*bad = 8;
	len = reader_u32(&r);
	rp->string_len = len;
	rp->string = reader_bytes(&r, len);
	if (!reader_ok(&r) || has_nul(rp->string, len))
		return -1;
	*bad = 12 + len;
	rp->lang_len = reader_u8(&r);
	rp->lang = reader_bytes(&r, rp->lang_len);
	if (!reader_ok(&r) || has_nul(rp->lang, rp->lang_len))
		return -1;
	return 0;
}

int pb_error_decode(const struct pb_msg *m, struct pb_error_msg *e,
		    uint32_t *bad)
{
	struct reader r;

	memset(e, 0, sizeof(*e));
	value_reader(m, &r);
	e->flags = reader_u8(&r);
	e->vendor = reader_u24(&r);
	e->code = reader_u16(&r);
	reader_u16(&r);
	*bad = 0;
	if (!reader_ok(&r))
		return -1;
	/* Parameters are only defined for IETF codes, 4 bytes long */
	if (e->vendor != PB_VENDOR_IETF || reader_left(&r) != 4)
		return 0;
	if (e->code == PB_ERR_VERSION_NOT_SUPPORTED) {
		e->has_version = true;
		e->bad_version = reader_u8(&r);
		e->max_version = reader_u8(&r);
		e->min_version = reader_u8(&r);
	} else {
		e->has_offset = true;
		e->offset = reader_u32(&r);
	}
	return 0;
}

int pb_language_decode(const struct pb_msg *m, const uint8_t **lang,
		       size_t *lang_len, uint32_t *bad)
{
	size_t plen = strlen(LANG_PREFIX);

	*bad = 0;
	if (m->value_len < plen || memcmp(m->value, LANG_PREFIX, plen) != 0)
		return -1;
	*lang = m->value + plen;
	*lang_len = m->value_len - plen;
	if (has_nul(*lang, *lang_len)) {
		*bad = plen;
		return -1;
	}
	return 0;
}

int pb_reason_decode(const struct pb_msg *m, struct pb_reason_string *rs,
		     uint32_t *bad)
{
	struct reader r;

	value_reader(m, &r);
	rs->reason_len = reader_u32(&r);
	rs->reason = reader_bytes(&r, rs->reason_len);
	*bad = 0;
	if (!reader_ok(&r) || has_nul(rs->reason, rs->reason_len))
		return -1;
	*bad = 4 + rs->reason_len;
	rs->lang_len = reader_u8(&r);
	rs->lang = reader_bytes(&r, rs->lang_len);
	if (!reader_ok(&r) || has_nul(rs->lang, rs->lang_len))
		return -1;
	return 0;
}

int pb_pdp_referral_decode(const struct pb_msg *m, struct pb_pdp_referral *p,
			   uint32_t *bad)
{
	static const size_t addr_len[] = { 0, 4, 16 };
	struct reader r;

	memset(p, 0, sizeof(*p));
	value_reader(m, &r);
	reader_u8(&r);
	p->id_vendor = reader_u24(&r);
	p->id_type = reader_u32(&r);
	*bad = 0;
	if (!reader_ok(&r))
		return -1;
	if (p->id_vendor != PB_VENDOR_TCG || p->id_type > 2) {
		p->id_len = reader_left(&r);
		p->id = reader_bytes(&r, p->id_len);
		return 0;
	}
	*bad = 8;
	reader_u8(&r);
	p->protocol = reader_u8(&r);
	p->port = reader_u16(&r);
	p->id_len = p->id_type == 0 ? reader_left(&r) : addr_len[p->id_type];
	p->id = reader_bytes(&r, p->id_len);
	if (!reader_ok(&r) || reader_left(&r) != 0 || p->id_len == 0)
		return -1;
	return 0;
}

int pb_mutual_decode(const struct pb_msg *m, uint32_t *flags, uint32_t *bad)
{
	struct reader r;

	value_reader(m, &r);
	*flags = reader_u32(&r);
	*bad = 0;
	return reader_ok(&r) ? 0 : -1;
}

/* Builders */

void pb_write_msg(struct writer *w, uint8_t flags, uint32_t vendor,
		  uint32_t type, const void *value, size_t value_len)
{
	writer_u8(w, flags);
	writer_u24(w, vendor);
	writer_u32(w, type);
	writer_u32(w, (uint32_t)(PB_MSG_HEADER_LEN + value_len));
	writer_bytes(w, value, value_len);
}

/* Opens a message whose value is written next; returns its start. */
static size_t begin_msg(struct writer *w, uint8_t flags, uint32_t vendor,
			uint32_t type)
{
	size_t start = w->len;

	writer_u8(w, flags);
	writer_u24(w, vendor);
	writer_u32(w, type);
	writer_u32(w, 0);
	return start;
}

static void end_msg(struct writer *w, size_t start)
{
	writer_put_u32_at(w, start + 8, (uint32_t)(w->len - start));
}

size_t pb_pa_size(size_t body_len)
{
	return PB_MSG_HEADER_LEN + PB_PA_HEADER_LEN + body_len;
}

void pb_write_pa(struct writer *w, const struct pb_pa *pa)
{
	size_t start = begin_msg(w, PB_MSG_FLAG_NOSKIP, PB_VENDOR_IETF,
				 PB_MSG_PA);

	writer_u8(w, pa->flags);
	writer_u24(w, pa->vendor);
	writer_u32(w, pa->subtype);
	writer_u16(w, pa->collector_id);
	writer_u16(w, pa->validator_id);
	writer_bytes(w, pa->body, pa->body_len);
	end_msg(w, start);
}

void pb_write_assessment_result(struct writer *w, uint32_t result)
{
	size_t start = begin_msg(w, PB_MSG_FLAG_NOSKIP, PB_VENDOR_IETF,
				 PB_MSG_ASSESSMENT_RESULT);

	writer_u32(w, result);
	end_msg(w, start);
}

void pb_write_access_rec(struct writer *w, uint16_t rec)
{
	size_t start = begin_msg(w, 0, PB_VENDOR_IETF,
				 PB_MSG_ACCESS_RECOMMENDATION);

	writer_u16(w, 0);
	writer_u16(w, rec);
	end_msg(w, start);
}

void pb_write_remediation_uri(struct writer *w, const char *uri)
{
	size_t start = begin_msg(w, 0, PB_VENDOR_IETF,
				 PB_MSG_REMEDIATION_PARAMETERS);

	writer_u32(w, PB_VENDOR_IETF);
	writer_u32(w, PB_REMED_URI);
	writer_bytes(w, uri, strlen(uri));
	end_msg(w, start);
}

void pb_write_remediation_string(struct writer *w, const char *text,
				 const char *lang)
{
	size_t start = begin_msg(w, 0, PB_VENDOR_IETF,
				 PB_MSG_REMEDIATION_PARAMETERS);
	size_t lang_len = strlen(lang);

	writer_u32(w, PB_VENDOR_IETF);
	writer_u32(w, PB_REMED_STRING);
	writer_u32(w, (uint32_t)strlen(text));
	writer_bytes(w, text, strlen(text));
	writer_u8(w, lang_len > 255 ? 255 : (uint8_t)lang_len);
	writer_bytes(w, lang, lang_len > 255 ? 255 : lang_len);
	end_msg(w, start);
}

/*
 * Every error we generate is fatal, as the session ends after reporting
 * it. Codes without parameters still carry a zero offset, as the
 * reference sends and expects.
 */
void pb_write_error(struct writer *w, const struct pb_error *err)
{
	size_t start = begin_msg(w, PB_MSG_FLAG_NOSKIP, PB_VENDOR_IETF,
				 PB_MSG_ERROR);

	writer_u8(w, PB_ERROR_FLAG_FATAL);
	writer_u24(w, PB_VENDOR_IETF);
	writer_u16(w, err->code);
	writer_u16(w, 0);
	if (err->code == PB_ERR_VERSION_NOT_SUPPORTED) {
		writer_u8(w, err->bad_version);
		writer_u8(w, PB_TNC_VERSION);
		writer_u8(w, PB_TNC_VERSION);
		writer_u8(w, 0);
	} else {
		writer_u32(w, err->offset);
	}
	end_msg(w, start);
}

void pb_write_language(struct writer *w, const char *langs)
{
	size_t start = begin_msg(w, 0, PB_VENDOR_IETF,
				 PB_MSG_LANGUAGE_PREFERENCE);

	writer_bytes(w, LANG_PREFIX, strlen(LANG_PREFIX));
	writer_bytes(w, langs, strlen(langs));
	end_msg(w, start);
}

void pb_write_reason(struct writer *w, const uint8_t *reason,
		     size_t reason_len, const uint8_t *lang, size_t lang_len)
{
	size_t start = begin_msg(w, 0, PB_VENDOR_IETF, PB_MSG_REASON_STRING);

	if (lang_len > 255)
		lang_len = 255;
	writer_u32(w, (uint32_t)reason_len);
	writer_bytes(w, reason, reason_len);
	writer_u8(w, (uint8_t)lang_len);
	writer_bytes(w, lang, lang_len);
	end_msg(w, start);
}

void pb_write_pdp_referral(struct writer *w, const struct pb_pdp_referral *p)
{
	size_t start = begin_msg(w, 0, PB_VENDOR_TCG, PB_TCG_MSG_PDP_REFERRAL);

	writer_u32(w, p->id_vendor);
	writer_u32(w, p->id_type);
	if (p->id_vendor == PB_VENDOR_TCG && p->id_type <= 2) {
		writer_u8(w, 0);
		writer_u8(w, p->protocol);
		writer_u16(w, p->port);
	}
	writer_bytes(w, p->id, p->id_len);
	end_msg(w, start);
}

void pb_write_experimental(struct writer *w, bool noskip, const void *data,
			   size_t len)
{
	pb_write_msg(w, noskip ? PB_MSG_FLAG_NOSKIP : 0, PB_VENDOR_IETF,
		     PB_MSG_EXPERIMENTAL, data, len);
}
