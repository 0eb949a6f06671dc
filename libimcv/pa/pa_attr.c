/*
 * pa_attr.c - the PA-TNC attribute table and the generic decode/encode
 * that dispatch through it (see pa_attr.h).
 *
 * One row per attribute type: the name that is logged, the length rule
 * the message parser checks before decoding, and the attribute's own
 * functions from its file (ietf_*.c, ita_*.c). Rows without functions
 * only name types that other modules handle (segmentation) or that are
 * not decoded here, so log lines name them too; the parser treats them as
 * unknown unless its caller says otherwise.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pa_attr.h"

#include <stdio.h>

/*
 * Adapters from the typed functions to the table's generic signatures:
 * each only selects the union member named after the attribute.
 */
#define CODEC(fn, member)						\
static int fn##_dec(const struct pa_attr_raw *raw,			\
		    union pa_attr_value *v, uint32_t *offset)		\
{									\
	return fn##_decode(raw, &v->member, offset);			\
}									\
static int fn##_enc(const union pa_attr_value *v, struct writer *w)	\
{									\
	return fn##_encode(&v->member, w);				\
}

#define CODEC_OWNING(fn, member)					\
CODEC(fn, member)							\
static void fn##_fre(union pa_attr_value *v)				\
{									\
	fn##_free(&v->member);						\
}

CODEC_OWNING(ietf_attr_request, attr_request)
CODEC(ietf_product_info, product_info)
CODEC(ietf_numeric_version, numeric_version)
CODEC(ietf_string_version, string_version)
CODEC(ietf_op_status, op_status)
CODEC_OWNING(ietf_port_filter, port_filter)
CODEC_OWNING(ietf_installed_packages, installed_packages)
CODEC(ietf_pa_tnc_error, pa_tnc_error)
CODEC(ietf_assessment_result, assessment_result)
CODEC(ietf_remediation_instr, remediation_instr)
CODEC(ietf_fwd_enabled, fwd_enabled)
CODEC(ietf_default_pwd_enabled, default_pwd_enabled)
CODEC(ita_command, command)
CODEC(ita_dummy, dummy)
CODEC_OWNING(ita_get_settings, get_settings)
CODEC_OWNING(ita_settings, settings)
CODEC(ita_device_id, device_id)
CODEC(ita_get_symlinks, get_symlinks)
CODEC_OWNING(ita_symlinks, symlinks)
CODEC_OWNING(ietf_swima_request, swima_request)
CODEC_OWNING(ietf_sw_inventory, sw_inventory)
CODEC_OWNING(ietf_sw_events, sw_events)
CODEC(ietf_subscription_status_req, subscription_status_req)
CODEC_OWNING(ietf_subscription_status_resp, subscription_status_resp)
CODEC(ietf_source_metadata_req, source_metadata_req)
CODEC_OWNING(ietf_source_metadata_resp, source_metadata_resp)
/* The Identifier types share the struct, and so the free, of 16 and 17 */
CODEC(ietf_sw_id_inventory, sw_id_inventory)
CODEC(ietf_sw_id_events, sw_id_events)
static void ietf_sw_id_inventory_fre(union pa_attr_value *v)
{
	ietf_sw_inventory_free(&v->sw_id_inventory);
}
static void ietf_sw_id_events_fre(union pa_attr_value *v)
{
	ietf_sw_events_free(&v->sw_id_events);
}

#define FNS(fn) fn##_dec, fn##_enc, NULL
#define FNS_OWNING(fn) fn##_dec, fn##_enc, fn##_fre
#define NAMED_ONLY NULL, NULL, NULL

/*
 * Length rules: RFC 5792 4.2 gives fixed lengths for Numeric Version,
 * Operational Status and the u32 attributes, and the fixed parts of the
 * others as minimums. Finer rules (multiples, counts, exact totals) live
 * in each decoder.
 */
static const struct pa_attr_desc attr_table[] = {
	{ PEN_IETF, IETF_ATTR_TESTING, "IETF Testing", 0, false,
	  NAMED_ONLY },
	{ PEN_IETF, IETF_ATTR_ATTRIBUTE_REQUEST, "IETF Attribute Request",
	  0, false, FNS_OWNING(ietf_attr_request) },
	{ PEN_IETF, IETF_ATTR_PRODUCT_INFO, "IETF Product Information",
	  5, false, FNS(ietf_product_info) },
	{ PEN_IETF, IETF_ATTR_NUMERIC_VERSION, "IETF Numeric Version",
	  16, true, FNS(ietf_numeric_version) },
	{ PEN_IETF, IETF_ATTR_STRING_VERSION, "IETF String Version",
	  3, false, FNS(ietf_string_version) },
	{ PEN_IETF, IETF_ATTR_OP_STATUS, "IETF Operational Status",
	  24, true, FNS(ietf_op_status) },
	{ PEN_IETF, IETF_ATTR_PORT_FILTER, "IETF Port Filter",
	  0, false, FNS_OWNING(ietf_port_filter) },
	{ PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, "IETF Installed Packages",
	  4, false, FNS_OWNING(ietf_installed_packages) },
	{ PEN_IETF, IETF_ATTR_PA_TNC_ERROR, "IETF PA-TNC Error",
	  8, false, FNS(ietf_pa_tnc_error) },
	{ PEN_IETF, IETF_ATTR_ASSESSMENT_RESULT, "IETF Assessment Result",
	  4, true, FNS(ietf_assessment_result) },
	{ PEN_IETF, IETF_ATTR_REMEDIATION_INSTR,
	  "IETF Remediation Instructions",
	  8, false, FNS(ietf_remediation_instr) },
	{ PEN_IETF, IETF_ATTR_FWD_ENABLED, "IETF Forwarding Enabled",
	  4, true, FNS(ietf_fwd_enabled) },
	{ PEN_IETF, IETF_ATTR_DEFAULT_PWD_ENABLED,
	  "IETF Factory Default Password Enabled",
	  4, true, FNS(ietf_default_pwd_enabled) },
	/*
	 * SWIMA, RFC 8412 5.7-5.11: the minimums are the fixed parts before
	 * the first target, record or event (swima spec note 2).
	 */
	{ PEN_IETF, IETF_ATTR_SWIMA_REQUEST, "IETF SWIMA Request", 12, false,
	  FNS_OWNING(ietf_swima_request) },
	{ PEN_IETF, IETF_ATTR_SW_ID_INVENTORY,
	  "IETF Software Identifier Inventory", 16, false,
	  FNS_OWNING(ietf_sw_id_inventory) },
	{ PEN_IETF, IETF_ATTR_SW_ID_EVENTS, "IETF Software Identifier Events",
	  20, false, FNS_OWNING(ietf_sw_id_events) },
	{ PEN_IETF, IETF_ATTR_SW_INVENTORY, "IETF Software Inventory",
	  16, false, FNS_OWNING(ietf_sw_inventory) },
	{ PEN_IETF, IETF_ATTR_SW_EVENTS, "IETF Software Events", 20, false,
	  FNS_OWNING(ietf_sw_events) },
	{ PEN_IETF, IETF_ATTR_SUBSCRIPTION_STATUS_REQ,
	  "IETF Subscription Status Request", 0, true,
	  FNS(ietf_subscription_status_req) },
	/* RFC 8412 5.12-5.14: the fixed parts before the first entry */
	{ PEN_IETF, IETF_ATTR_SUBSCRIPTION_STATUS_RESP,
	  "IETF Subscription Status Response", 4, false,
	  FNS_OWNING(ietf_subscription_status_resp) },
	{ PEN_IETF, IETF_ATTR_SOURCE_METADATA_REQ,
	  "IETF Source Metadata Request", 0, true,
	  FNS(ietf_source_metadata_req) },
	{ PEN_IETF, IETF_ATTR_SOURCE_METADATA_RESP,
	  "IETF Source Metadata Response", 4, false,
	  FNS_OWNING(ietf_source_metadata_resp) },
	/* TCG IF-M Segmentation, spec note 7; decoded in seg/ */
	{ PEN_TCG, 0x21, "TCG Segmentation Contract Request", 0, false,
	  NAMED_ONLY },
	{ PEN_TCG, 0x22, "TCG Segmentation Contract Response", 0, false,
	  NAMED_ONLY },
	{ PEN_TCG, 0x23, "TCG Segment Envelope", 0, false, NAMED_ONLY },
	{ PEN_TCG, 0x24, "TCG Next Segment", 0, false, NAMED_ONLY },
	{ PEN_TCG, 0x25, "TCG Cancel", 0, false, NAMED_ONLY },
	{ PEN_TCG, 0x26, "TCG Oversized Message", 0, false, NAMED_ONLY },
	{ PEN_TCG, 0x27, "TCG Contract Exemption", 0, false, NAMED_ONLY },
	{ PEN_ITA, ITA_ATTR_COMMAND, "ITA Command", 0, false,
	  FNS(ita_command) },
	{ PEN_ITA, ITA_ATTR_DUMMY, "ITA Dummy", 0, false, FNS(ita_dummy) },
	{ PEN_ITA, ITA_ATTR_GET_SETTINGS, "ITA Get Settings", 4, false,
	  FNS_OWNING(ita_get_settings) },
	{ PEN_ITA, ITA_ATTR_SETTINGS, "ITA Settings", 4, false,
	  FNS_OWNING(ita_settings) },
	{ PEN_ITA, ITA_ATTR_START_ANGEL, "ITA Start Angel", 0, false,
	  NAMED_ONLY },
	{ PEN_ITA, ITA_ATTR_STOP_ANGEL, "ITA Stop Angel", 0, false,
	  NAMED_ONLY },
	/* [ss] has no parser for Echo, so it is unknown there too */
	{ PEN_ITA, ITA_ATTR_ECHO, "ITA Echo", 0, false, NAMED_ONLY },
	{ PEN_ITA, ITA_ATTR_DEVICE_ID, "ITA Device ID", 0, false,
	  FNS(ita_device_id) },
	{ PEN_ITA, ITA_ATTR_GET_SYMLINKS, "ITA Get Symlinks", 0, false,
	  FNS(ita_get_symlinks) },
	{ PEN_ITA, ITA_ATTR_SYMLINKS, "ITA Symlinks", 4, false,
	  FNS_OWNING(ita_symlinks) },
};

const struct pa_attr_desc *pa_attr_desc_find(uint32_t vendor, uint32_t type)
{
	size_t i;

	for (i = 0; i < sizeof(attr_table) / sizeof(attr_table[0]); i++)
		if (attr_table[i].vendor == vendor &&
		    attr_table[i].type == type)
			return &attr_table[i];
	return NULL;
}

bool pa_attr_is_known(uint32_t vendor, uint32_t type)
{
	const struct pa_attr_desc *d = pa_attr_desc_find(vendor, type);

	return d && d->decode;
}

const char *pa_attr_name(uint32_t vendor, uint32_t type)
{
	const struct pa_attr_desc *d = pa_attr_desc_find(vendor, type);

	return d ? d->name : NULL;
}

const char *pa_attr_describe(uint32_t vendor, uint32_t type, char *buf,
			     size_t len)
{
	const char *name = pa_attr_name(vendor, type);

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "vendor 0x%06x type 0x%08x", vendor, type);
	return buf;
}

int pa_attr_decode(const struct pa_attr_raw *raw, struct pa_attr *out,
		   uint32_t *offset)
{
	const struct pa_attr_desc *d = pa_attr_desc_find(raw->vendor,
							 raw->type);

	*out = (struct pa_attr){
		.flags = raw->flags, .vendor = raw->vendor, .type = raw->type,
	};
	if (!d || !d->decode)
		return PA_DECODE_UNKNOWN;
	if (raw->len < d->min_len || (d->fixed && raw->len != d->min_len)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	return d->decode(raw, &out->v, offset);
}

void pa_attr_free(struct pa_attr *a)
{
	const struct pa_attr_desc *d = pa_attr_desc_find(a->vendor, a->type);

	if (d && d->free)
		d->free(&a->v);
}

int pa_attr_encode_value(const struct pa_attr *a, struct writer *w)
{
	const struct pa_attr_desc *d = pa_attr_desc_find(a->vendor, a->type);

	if (!d || !d->encode)
		return -1;
	return d->encode(&a->v, w);
}

int pa_attr_encode(const struct pa_attr *a, struct writer *w)
{
	size_t start = w->len, len_at;

	writer_u8(w, a->flags);
	writer_u24(w, a->vendor);
	writer_u32(w, a->type);
	len_at = writer_reserve(w, 4);
	if (pa_attr_encode_value(a, w) < 0 || !writer_ok(w) ||
	    w->len - start > UINT32_MAX) {
		/* drop the half-written attribute */
		if (writer_ok(w))
			w->len = start;
		return -1;
	}
	writer_put_u32_at(w, len_at, (uint32_t)(w->len - start));
	return 0;
}

void pa_attr_write_raw(struct writer *w, const struct pa_attr_raw *raw)
{
	writer_u8(w, raw->flags);
	writer_u24(w, raw->vendor);
	writer_u32(w, raw->type);
	writer_u32(w, PA_TNC_ATTR_HEADER_LEN + raw->len);
	writer_bytes(w, raw->value, raw->len);
}
