/*
 * tcg_pts.c - the PTS attribute table (attestation spec 2) and the
 * generic decode/encode that dispatch through it (see tcg_pts.h).
 *
 * One row per PTS attribute type: the name that is logged, the length
 * rule checked before decoding (the fixed part of each layout in spec 3
 * as a minimum, or the only length of the 4-byte attributes), and the
 * attribute's functions from its own file. Types that spec 2 lists as not
 * implemented are named only, so a log line can still name them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg_pts.h"

/* Adapters from the typed functions to the table's generic signatures. */
#define CODEC_AS(fn, dec, member)					\
static int fn##_dec(const struct pa_attr_raw *raw,			\
		    union tcg_pts_attr_value *v, uint32_t *offset)	\
{									\
	return dec(raw, &v->member, offset);				\
}									\
static int fn##_enc(const union tcg_pts_attr_value *v,		\
		    struct writer *w)					\
{									\
	return fn##_encode(&v->member, w);				\
}

#define CODEC(fn, member) CODEC_AS(fn, fn##_decode, member)

#define CODEC_OWNING(fn, member)					\
CODEC(fn, member)							\
static void fn##_fre(union tcg_pts_attr_value *v)			\
{									\
	fn##_free(&v->member);						\
}

CODEC(tcg_pts_proto_caps, proto_caps)
CODEC(tcg_dh_nonce_params_req, dh_nonce_params_req)
CODEC(tcg_dh_nonce_params_resp, dh_nonce_params_resp)
CODEC(tcg_dh_nonce_finish, dh_nonce_finish)
CODEC(tcg_meas_algo, meas_algo)
CODEC(tcg_reserved_req, reserved_req)
CODEC(tcg_tpm_version_info, tpm_version_info)
CODEC(tcg_aik, aik)
CODEC_OWNING(tcg_req_func_comp_evid, req_func_comp_evid)
CODEC(tcg_simple_comp_evid, simple_comp_evid)
CODEC(tcg_simple_evid_final, simple_evid_final)
CODEC(tcg_req_file_meta, req_file_meta)
CODEC_OWNING(tcg_unix_file_meta, unix_file_meta)
CODEC(tcg_req_file_meas, req_file_meas)
CODEC_OWNING(tcg_file_meas, file_meas)

/* The Selection shares the struct and encoder of the request. */
static int tcg_meas_algo_selection_dec(const struct pa_attr_raw *raw,
				       union tcg_pts_attr_value *v,
				       uint32_t *offset)
{
	return tcg_meas_algo_selection_decode(raw, &v->meas_algo, offset);
}
#define tcg_meas_algo_selection_enc tcg_meas_algo_enc

#define FNS(fn) fn##_dec, fn##_enc, NULL
#define FNS_OWNING(fn) fn##_dec, fn##_enc, fn##_fre
#define NAMED_ONLY NULL, NULL, NULL

const struct tcg_pts_attr_desc tcg_pts_attr_table[] = {
	{ TCG_PTS_REQ_PROTO_CAPS, "TCG Request PTS Protocol Capabilities",
	  4, true, FNS(tcg_pts_proto_caps) },
	{ TCG_PTS_PROTO_CAPS, "TCG PTS Protocol Capabilities",
	  4, true, FNS(tcg_pts_proto_caps) },
	{ TCG_PTS_DH_NONCE_PARAMS_REQ, "TCG DH Nonce Parameters Request",
	  4, true, FNS(tcg_dh_nonce_params_req) },
	/* reserved, nonce length, group, hash set: nonce and value follow */
	{ TCG_PTS_DH_NONCE_PARAMS_RESP, "TCG DH Nonce Parameters Response",
	  8, false, FNS(tcg_dh_nonce_params_resp) },
	{ TCG_PTS_DH_NONCE_FINISH, "TCG DH Nonce Finish",
	  4, false, FNS(tcg_dh_nonce_finish) },
	{ TCG_PTS_MEAS_ALGO, "TCG PTS Measurement Algorithm Request",
	  4, true, FNS(tcg_meas_algo) },
	{ TCG_PTS_MEAS_ALGO_SELECTION, "TCG PTS Measurement Algorithm",
	  4, true, FNS(tcg_meas_algo_selection) },
	{ TCG_PTS_GET_TPM_VERSION_INFO, "TCG Get TPM Version Information",
	  4, true, FNS(tcg_reserved_req) },
	{ TCG_PTS_TPM_VERSION_INFO, "TCG TPM Version Information",
	  0, false, FNS(tcg_tpm_version_info) },
	{ TCG_PTS_REQ_TEMPL_REF_MANI_SET_META,
	  "TCG Request Template Reference Manifest Set Metadata",
	  0, false, NAMED_ONLY },
	{ TCG_PTS_TEMPL_REF_MANI_SET_META,
	  "TCG Template Reference Manifest Set Metadata",
	  0, false, NAMED_ONLY },
	{ TCG_PTS_UPDATE_TEMPL_REF_MANI,
	  "TCG Update Template Reference Manifest", 0, false, NAMED_ONLY },
	{ TCG_PTS_GET_AIK, "TCG Get Attestation Identity Key",
	  4, true, FNS(tcg_reserved_req) },
	{ TCG_PTS_AIK, "TCG Attestation Identity Key",
	  1, false, FNS(tcg_aik) },
	/* one 12-byte entry per component, at least one */
	{ TCG_PTS_REQ_FUNC_COMP_EVID,
	  "TCG Request Functional Component Evidence",
	  12, false, FNS_OWNING(tcg_req_func_comp_evid) },
	{ TCG_PTS_GEN_ATTEST_EVID, "TCG Generate Attestation Evidence",
	  4, true, FNS(tcg_reserved_req) },
	/* the 40 bytes up to and including the measurement time */
	{ TCG_PTS_SIMPLE_COMP_EVID, "TCG Simple Component Evidence",
	  40, false, FNS(tcg_simple_comp_evid) },
	{ TCG_PTS_SIMPLE_EVID_FINAL, "TCG Simple Evidence Final",
	  4, false, FNS(tcg_simple_evid_final) },
	{ TCG_PTS_VERIFICATION_RESULT, "TCG Verification Result",
	  0, false, NAMED_ONLY },
	{ TCG_PTS_INTEG_REPORT, "TCG Integrity Report", 0, false,
	  NAMED_ONLY },
	{ TCG_PTS_REQ_FILE_META, "TCG Request File Metadata",
	  4, false, FNS(tcg_req_file_meta) },
	{ TCG_PTS_WIN_FILE_META, "TCG Windows-Style File Metadata",
	  0, false, NAMED_ONLY },
	/* the 8-byte count; the records follow */
	{ TCG_PTS_UNIX_FILE_META, "TCG Unix-Style File Metadata",
	  8, false, FNS_OWNING(tcg_unix_file_meta) },
	{ TCG_PTS_REQ_REGISTRY_VALUE, "TCG Request Registry Value",
	  0, false, NAMED_ONLY },
	{ TCG_PTS_REGISTRY_VALUE, "TCG Registry Value", 0, false,
	  NAMED_ONLY },
	{ TCG_PTS_REQ_FILE_MEAS, "TCG Request File Measurement",
	  8, false, FNS(tcg_req_file_meas) },
	/* count, request id and measurement length; the files follow */
	{ TCG_PTS_FILE_MEAS, "TCG File Measurement",
	  12, false, FNS_OWNING(tcg_file_meas) },
	{ TCG_PTS_REQ_INTEG_MEAS_LOG,
	  "TCG Request Integrity Measurement Log", 0, false, NAMED_ONLY },
	{ TCG_PTS_INTEG_MEAS_LOG, "TCG Integrity Measurement Log",
	  0, false, NAMED_ONLY },
};

const size_t tcg_pts_attr_table_len =
	sizeof(tcg_pts_attr_table) / sizeof(tcg_pts_attr_table[0]);

const struct tcg_pts_attr_desc *tcg_pts_attr_desc_find(uint32_t type)
{
	size_t i;

	for (i = 0; i < tcg_pts_attr_table_len; i++)
		if (tcg_pts_attr_table[i].type == type)
			return &tcg_pts_attr_table[i];
	return NULL;
}

const char *tcg_pts_attr_name(uint32_t type)
{
	const struct tcg_pts_attr_desc *d = tcg_pts_attr_desc_find(type);

	return d ? d->name : NULL;
}

bool tcg_pts_attr_is_known(uint32_t vendor, uint32_t type)
{
	const struct tcg_pts_attr_desc *d = tcg_pts_attr_desc_find(type);

	return vendor == PEN_TCG && d && d->decode;
}

int tcg_pts_attr_decode(const struct pa_attr_raw *raw,
			struct tcg_pts_attr *out, uint32_t *offset)
{
	const struct tcg_pts_attr_desc *d = tcg_pts_attr_desc_find(raw->type);

	*out = (struct tcg_pts_attr){ .flags = raw->flags, .type = raw->type };
	if (raw->vendor != PEN_TCG || !d || !d->decode)
		return PA_DECODE_UNKNOWN;
	if (raw->len < d->min_len || (d->fixed && raw->len != d->min_len)) {
		*offset = 0;
		return PA_DECODE_MALFORMED;
	}
	return d->decode(raw, &out->v, offset);
}

void tcg_pts_attr_free(struct tcg_pts_attr *a)
{
	const struct tcg_pts_attr_desc *d = tcg_pts_attr_desc_find(a->type);

	if (d && d->free)
		d->free(&a->v);
}

int tcg_pts_attr_encode_value(const struct tcg_pts_attr *a, struct writer *w)
{
	const struct tcg_pts_attr_desc *d = tcg_pts_attr_desc_find(a->type);

	if (!d || !d->encode)
		return -1;
	return d->encode(&a->v, w);
}

int tcg_pts_attr_encode(const struct tcg_pts_attr *a, struct writer *w)
{
	size_t start = w->len, len_at;

	writer_u8(w, a->flags);
	writer_u24(w, PEN_TCG);
	writer_u32(w, a->type);
	len_at = writer_reserve(w, 4);
	if (tcg_pts_attr_encode_value(a, w) < 0 || !writer_ok(w) ||
	    w->len - start > UINT32_MAX) {
		/* drop the half-written attribute */
		if (writer_ok(w))
			w->len = start;
		return -1;
	}
	writer_put_u32_at(w, len_at, (uint32_t)(w->len - start));
	return 0;
}
