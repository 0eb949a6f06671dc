/*
 * tcg_pts.h - the TCG PTS attributes (PA-TNC vendor TCG, attestation spec
 * sections 2, 3 and 8.1) as a codec: their types, flags and enumerations,
 * one typed struct per attribute with its decoder and encoder, the PTS
 * error codes with their Error Information, and the descriptor table that
 * ties a type to its logged name, length rule and functions.
 *
 * The libimcv codec (pa_attr.h) does not decode vendor TCG types other
 * than segmentation, so the agent layer hands PTS attributes to the
 * Attestation IMC/IMV raw; they decode them here with the same
 * conventions:
 *  - a decoded value borrows from the raw attribute (every struct
 *    pa_bytes points into raw->value); the list attributes also own their
 *    entry array, which their _free function or tcg_pts_attr_free
 *    releases;
 *  - decoders return PA_DECODE_OK, or PA_DECODE_MALFORMED with *offset at
 *    the offending byte counted from the start of the value (the rules of
 *    pa_attr.h: length rule broken 0, truncated field or lying length its
 *    length field, out-of-range value that field, leftover bytes the
 *    first of them), or PA_DECODE_NOMEM; they hold nothing on failure;
 *  - reserved fields are kept as received so that a value re-encodes
 *    byte for byte; a builder leaves them 0;
 *  - encoders append the value only and return 0, or -1 when a field does
 *    not fit its length field, breaks the layout, or the writer failed.
 * Checks that need policy (nonce lengths, supported groups, delimiters,
 * paths) are the IMC's and IMV's, which answer them with PTS errors.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PTS_TCG_PTS_H
#define PTS_TCG_PTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "pa_attr.h"

/* PTS attribute types of vendor TCG (spec 2). */
enum tcg_pts_attr_type {
	TCG_PTS_REQ_PROTO_CAPS = 0x01000000,
	TCG_PTS_PROTO_CAPS = 0x02000000,
	TCG_PTS_DH_NONCE_PARAMS_REQ = 0x03000000,
	TCG_PTS_DH_NONCE_PARAMS_RESP = 0x04000000,
	TCG_PTS_DH_NONCE_FINISH = 0x05000000,
	TCG_PTS_MEAS_ALGO = 0x06000000,
	TCG_PTS_MEAS_ALGO_SELECTION = 0x07000000,
	TCG_PTS_GET_TPM_VERSION_INFO = 0x08000000,
	TCG_PTS_TPM_VERSION_INFO = 0x09000000,
	TCG_PTS_REQ_TEMPL_REF_MANI_SET_META = 0x0A000000,
	TCG_PTS_TEMPL_REF_MANI_SET_META = 0x0B000000,
	TCG_PTS_UPDATE_TEMPL_REF_MANI = 0x0C000000,
	TCG_PTS_GET_AIK = 0x0D000000,
	TCG_PTS_AIK = 0x0E000000,
	TCG_PTS_REQ_FUNC_COMP_EVID = 0x00100000,
	TCG_PTS_GEN_ATTEST_EVID = 0x00200000,
	TCG_PTS_SIMPLE_COMP_EVID = 0x00300000,
	TCG_PTS_SIMPLE_EVID_FINAL = 0x00400000,
	TCG_PTS_VERIFICATION_RESULT = 0x00500000,
	TCG_PTS_INTEG_REPORT = 0x00600000,
	TCG_PTS_REQ_FILE_META = 0x00700000,
	TCG_PTS_WIN_FILE_META = 0x00800000,
	TCG_PTS_UNIX_FILE_META = 0x00900000,
	TCG_PTS_REQ_REGISTRY_VALUE = 0x00A00000,
	TCG_PTS_REGISTRY_VALUE = 0x00B00000,
	TCG_PTS_REQ_FILE_MEAS = 0x00C00000,
	TCG_PTS_FILE_MEAS = 0x00D00000,
	TCG_PTS_REQ_INTEG_MEAS_LOG = 0x00E00000,
	TCG_PTS_INTEG_MEAS_LOG = 0x00F00000,
};

/* PTS Protocol Capabilities flags (spec 3). */
enum tcg_pts_proto_caps_flag {
	TCG_PTS_PROTO_CAPS_X = 0x01,	/* XML */
	TCG_PTS_PROTO_CAPS_T = 0x02,	/* trusted platform (TPM) */
	TCG_PTS_PROTO_CAPS_D = 0x04,	/* DH nonce negotiation */
	TCG_PTS_PROTO_CAPS_V = 0x08,	/* verification */
	TCG_PTS_PROTO_CAPS_C = 0x10,	/* current evidence */
};

/* DH group bits (spec 3.1); the measurement algorithm bits are in
 * pts_meas_algo.h. */
enum tcg_pts_dh_group {
	TCG_PTS_DH_GROUP_NONE = 0,
	TCG_PTS_DH_GROUP_IKE2 = 0x8000,		/* MODP-1024 */
	TCG_PTS_DH_GROUP_IKE5 = 0x4000,		/* MODP-1536 */
	TCG_PTS_DH_GROUP_IKE14 = 0x2000,	/* MODP-2048 */
	TCG_PTS_DH_GROUP_IKE19 = 0x1000,	/* ECP-256, mandatory */
	TCG_PTS_DH_GROUP_IKE20 = 0x0800,	/* ECP-384 */
};

/* Nonce lengths a PTS error 7 may name (spec 3.1). */
#define TCG_PTS_NONCE_MIN_LEN 17
#define TCG_PTS_NONCE_MAX_LEN 0xffff

/* Request Functional Component Evidence flags (spec 3). */
enum tcg_pts_req_evid_flag {
	TCG_PTS_REQ_EVID_PCR = 0x10,
	TCG_PTS_REQ_EVID_CURRENT = 0x20,
	TCG_PTS_REQ_EVID_VERIFY = 0x40,
	TCG_PTS_REQ_EVID_TTC = 0x80,
};

/* Simple Component Evidence flags, PCR transforms and measurement type. */
/* PCR before/after present */
#define TCG_PTS_EVID_FLAG_PCR		0x80
#define TCG_PTS_EVID_VALIDATION_MASK	0x60
enum tcg_pts_validation {
	TCG_PTS_VALIDATION_NONE = 0x00,
	TCG_PTS_VALIDATION_UNABLE = 0x20,
	TCG_PTS_VALIDATION_FAILED = 0x40,
	TCG_PTS_VALIDATION_PASSED = 0x60,
};
enum tcg_pts_pcr_transform {
	TCG_PTS_PCR_TRANSFORM_NO = 0,
	TCG_PTS_PCR_TRANSFORM_MATCH = 1,
	TCG_PTS_PCR_TRANSFORM_SHORT = 2,	/* hash shorter, zero padded */
	TCG_PTS_PCR_TRANSFORM_LONG = 3,
};
#define TCG_PTS_MEAS_TYPE_HASH 0x80
/* YYYY-MM-DDTHH:MM:SSZ, all zero digits when unknown */
#define TCG_PTS_MEAS_TIME_LEN 20

/* Simple Evidence Final flags (spec 8.1). */
#define TCG_PTS_EVID_FINAL_QUOTE_MASK		0xD0
enum tcg_pts_quote_mode {
	TCG_PTS_QUOTE_NONE = 0x00,
	TCG_PTS_QUOTE_TPM2 = 0x10,		/* the strongSwan extension */
	TCG_PTS_QUOTE_INFO = 0x40,
	TCG_PTS_QUOTE_INFO2 = 0x80,
	TCG_PTS_QUOTE_INFO2_CAP_VER = 0xC0,
};
#define TCG_PTS_EVID_FINAL_FLAG_SIG		0x20
/* Fixed sizes of the TPM 2.0 fields of the quote (spec 8.2). */
#define TCG_PTS_TPM2_CLOCK_INFO_LEN		17
#define TCG_PTS_TPM2_FIRMWARE_VERSION_LEN	8

/* Request File Metadata / Measurement flags and delimiters (spec 3). */
#define TCG_PTS_FILE_FLAG_DIRECTORY	0x80
#define TCG_PTS_DELIMITER_SOLIDUS	0x2F
#define TCG_PTS_DELIMITER_REVERSE	0x5C
/* Whether an IMC may accept the delimiter (else PTS error 10). */
bool tcg_pts_delimiter_valid(uint32_t delimiter);

/* Unix-Style File Metadata file types (spec 3). */
enum tcg_pts_file_type {
	TCG_PTS_FILE_OTHER = 0,
	TCG_PTS_FILE_FIFO = 1,
	TCG_PTS_FILE_CHAR_DEV = 2,
	TCG_PTS_FILE_DIRECTORY = 4,
	TCG_PTS_FILE_BLOCK_DEV = 6,
	TCG_PTS_FILE_REGULAR = 8,
	TCG_PTS_FILE_SYMLINK = 10,
	TCG_PTS_FILE_SOCKET = 12,
};

/* AIK flags (spec 3). */
#define TCG_PTS_AIK_FLAG_NAKED 0x80	/* public key, not a certificate */

/*
 * Functional component names (spec 3.2): 3-byte vendor, a byte of
 * family (top 2 bits, only 0 = binary enumeration is defined) and
 * qualifier (low 6 bits), 4-byte name.
 */
#define TCG_PTS_COMP_NAME_LEN		8
#define TCG_PTS_QUALIFIER_MASK		0x3F
#define TCG_PTS_QUALIFIER_KERNEL	0x20	/* K */
#define TCG_PTS_QUALIFIER_SUB		0x10	/* S */
#define TCG_PTS_QUALIFIER_TYPE_MASK	0x0F
enum tcg_pts_qualifier_type {
	TCG_PTS_QUALIFIER_UNKNOWN = 0,
	TCG_PTS_QUALIFIER_TRUSTED = 1,
	TCG_PTS_QUALIFIER_OS = 2,
	TCG_PTS_QUALIFIER_GUI = 3,
	TCG_PTS_QUALIFIER_APP = 4,
	TCG_PTS_QUALIFIER_NET = 5,
	TCG_PTS_QUALIFIER_LIB = 6,
	TCG_PTS_QUALIFIER_TNC = 7,
	TCG_PTS_QUALIFIER_ALL = 15,
};
enum tcg_pts_comp_tcg {
	TCG_PTS_COMP_TCG_CRTM = 1,
	TCG_PTS_COMP_TCG_BIOS = 2,
	TCG_PTS_COMP_TCG_PLATFORM_EXT = 3,
	TCG_PTS_COMP_TCG_BOARD = 4,
	TCG_PTS_COMP_TCG_INIT_LOADER = 5,
	TCG_PTS_COMP_TCG_OPT_ROMS = 6,
};
enum tcg_pts_comp_ita {
	TCG_PTS_COMP_ITA_IGNORE = 0,
	TCG_PTS_COMP_ITA_TGRUB = 1,
	TCG_PTS_COMP_ITA_TBOOT = 2,
	TCG_PTS_COMP_ITA_IMA = 3,
};

struct tcg_pts_comp_name {
	uint32_t vendor;	/* u24 PEN */
	uint8_t family;		/* 2 bits, 0 */
	uint8_t qualifier;	/* 6 bits */
	uint32_t name;
};

/*
 * Whether two names denote the same component: a qualifier 0 (unknown)
 * matches any qualifier (spec 3.2).
 */
bool tcg_pts_comp_name_equal(const struct tcg_pts_comp_name *a,
			     const struct tcg_pts_comp_name *b);
/*
 * Reads a name at the reader; -1 with *offset at the family byte when a
 * family other than binary enumeration is set, or at the name's start
 * when it is cut short.
 */
int tcg_pts_comp_name_read(struct reader *r, struct tcg_pts_comp_name *out,
			   uint32_t *offset);
/* Appends a name; -1 when family or qualifier do not fit their bits. */
int tcg_pts_comp_name_write(struct writer *w,
			    const struct tcg_pts_comp_name *in);

/* PTS error codes, PA-TNC errors of vendor TCG (spec 3.1). */
enum tcg_pts_error_code {
	TCG_PTS_HASH_ALG_NOT_SUPPORTED = 1,
	TCG_PTS_INVALID_PATH = 2,
	TCG_PTS_FILE_NOT_FOUND = 3,
	TCG_PTS_REG_NOT_SUPPORTED = 4,
	TCG_PTS_REG_KEY_NOT_FOUND = 5,
	TCG_PTS_DH_GRPS_NOT_SUPPORTED = 6,
	TCG_PTS_BAD_NONCE_LENGTH = 7,
	TCG_PTS_INVALID_NAME_FAM = 8,
	TCG_PTS_TPM_VERS_NOT_SUPPORTED = 9,
	TCG_PTS_INVALID_DELIMITER = 10,
	TCG_PTS_OPERATION_NOT_SUPPORTED = 11,
	TCG_PTS_RM_ERROR = 12,
	TCG_PTS_UNABLE_LOCAL_VAL = 13,
	TCG_PTS_UNABLE_CUR_EVID = 14,
	TCG_PTS_UNABLE_DET_TTC = 15,
	TCG_PTS_UNABLE_DET_PCR = 16,
};

/* Request PTS Protocol Capabilities and PTS Protocol Capabilities. */
struct tcg_pts_proto_caps {
	uint16_t reserved;
	uint16_t flags;			/* tcg_pts_proto_caps_flag */
};

/* DH Nonce Parameters Request. */
struct tcg_dh_nonce_params_req {
	uint8_t reserved;
	uint8_t min_nonce_len;
	uint16_t dh_groups;		/* offered tcg_pts_dh_group bits */
};

/* DH Nonce Parameters Response; the nonce length is nonce.len. */
struct tcg_dh_nonce_params_resp {
	uint32_t reserved;		/* u24 */
	uint16_t dh_group;		/* selected */
	uint16_t hash_algos;		/* offered PTS measurement bits */
	struct pa_bytes nonce;		/* responder nonce, at most 255 */
	struct pa_bytes pub;		/* responder DH public value */
};

/* DH Nonce Finish; the nonce length is nonce.len. */
struct tcg_dh_nonce_finish {
	uint8_t reserved;
	uint16_t hash_algo;		/* selected PTS measurement bit */
	struct pa_bytes pub;		/* initiator DH public value */
	struct pa_bytes nonce;		/* initiator nonce, at most 255 */
};

/* PTS Measurement Algorithm (request: a set) and its Selection (one bit). */
struct tcg_meas_algo {
	uint16_t reserved;
	uint16_t algos;			/* enum pts_meas_algo bits */
};

/* Get TPM Version Information, Get AIK, Generate Attestation Evidence. */
struct tcg_reserved_req {
	uint32_t reserved;
};

/* TPM Version Information: the opaque structure of spec 3.1. */
struct tcg_tpm_version_info {
	struct pa_bytes info;
};

/* Attestation Identity Key. */
struct tcg_aik {
	uint8_t flags;			/* TCG_PTS_AIK_FLAG_NAKED */
	struct pa_bytes blob;		/* DER/PEM cert or public key */
};

/* One entry of Request Functional Component Evidence. */
struct tcg_comp_evid_req {
	uint8_t flags;			/* enum tcg_pts_req_evid_flag */
	uint32_t depth;			/* u24 sub-component depth */
	struct tcg_pts_comp_name name;
};

struct tcg_req_func_comp_evid {
	size_t count;
	struct tcg_comp_evid_req *comps;	/* owned */
};

/*
 * Simple Component Evidence. policy_uri is present for validation failed
 * or passed only, pcr_before/after (of equal length) with the PCR flag.
 */
struct tcg_simple_comp_evid {
	uint8_t flags;			/* PCR flag, tcg_pts_validation */
	uint32_t depth;			/* u24 */
	struct tcg_pts_comp_name name;
	uint32_t pcr;			/* u24 extended PCR */
	uint16_t hash_algo;		/* PTS measurement bit */
	uint8_t transform;		/* enum tcg_pts_pcr_transform */
	uint8_t reserved;
	struct pa_bytes time;		/* TCG_PTS_MEAS_TIME_LEN chars */
	struct pa_bytes policy_uri;
	struct pa_bytes pcr_before;
	struct pa_bytes pcr_after;
	struct pa_bytes measurement;
};

/*
 * Simple Evidence Final (spec 8.1). pcr_comp and quote_sig are present
 * when the quote mode (flags & TCG_PTS_EVID_FINAL_QUOTE_MASK) is not
 * NONE; the four TPM 2.0 fields for TCG_PTS_QUOTE_TPM2 only; evid_sig
 * with TCG_PTS_EVID_FINAL_FLAG_SIG only.
 */
struct tcg_simple_evid_final {
	uint8_t flags;
	uint8_t reserved;
	uint16_t comp_hash_algo;	/* PTS bits, 0 when unused */
	struct pa_bytes pcr_comp;	/* TPM 2.0: the quote's pcrDigest */
	struct pa_bytes qualified_signer;	/* TPM2B_NAME contents */
	struct pa_bytes clock_info;	/* TCG_PTS_TPM2_CLOCK_INFO_LEN */
	struct pa_bytes firmware_version;	/* _FIRMWARE_VERSION_LEN */
	struct pa_bytes pcr_select;	/* TPML_PCR_SELECTION bytes */
	struct pa_bytes quote_sig;
	struct pa_bytes evid_sig;
};

/* The quote mode of a Simple Evidence Final's flags. */
enum tcg_pts_quote_mode tcg_simple_evid_final_mode(uint8_t flags);

/* Request File Metadata. */
struct tcg_req_file_meta {
	uint8_t flags;			/* TCG_PTS_FILE_FLAG_DIRECTORY */
	uint8_t delimiter;		/* checked by the IMC */
	uint16_t reserved;
	struct pa_bytes path;
};

/* One file of Unix-Style File Metadata; times are UNIX seconds. */
struct tcg_unix_file {
	uint8_t type;			/* enum tcg_pts_file_type */
	uint8_t reserved;
	uint64_t size;
	uint64_t created;
	uint64_t modified;
	uint64_t accessed;
	uint64_t owner;
	uint64_t group;
	struct pa_bytes name;
};

struct tcg_unix_file_meta {
	size_t count;
	struct tcg_unix_file *files;	/* owned */
};

/* Request File Measurement. */
struct tcg_req_file_meas {
	uint8_t flags;			/* TCG_PTS_FILE_FLAG_DIRECTORY */
	uint8_t reserved;
	uint16_t request_id;
	uint32_t delimiter;		/* checked by the IMC */
	struct pa_bytes path;
};

/* One file of File Measurement; every meas is meas_len bytes long. */
struct tcg_file_meas_entry {
	struct pa_bytes meas;
	struct pa_bytes name;
};

struct tcg_file_meas {
	uint16_t request_id;
	uint16_t meas_len;
	size_t count;
	struct tcg_file_meas_entry *files;	/* owned */
};

union tcg_pts_attr_value {
	struct tcg_pts_proto_caps proto_caps;
	struct tcg_dh_nonce_params_req dh_nonce_params_req;
	struct tcg_dh_nonce_params_resp dh_nonce_params_resp;
	struct tcg_dh_nonce_finish dh_nonce_finish;
	struct tcg_meas_algo meas_algo;
	struct tcg_reserved_req reserved_req;
	struct tcg_tpm_version_info tpm_version_info;
	struct tcg_aik aik;
	struct tcg_req_func_comp_evid req_func_comp_evid;
	struct tcg_simple_comp_evid simple_comp_evid;
	struct tcg_simple_evid_final simple_evid_final;
	struct tcg_req_file_meta req_file_meta;
	struct tcg_unix_file_meta unix_file_meta;
	struct tcg_req_file_meas req_file_meas;
	struct tcg_file_meas file_meas;
};

/* A decoded PTS attribute: its header and the value named by its type. */
struct tcg_pts_attr {
	uint8_t flags;
	uint32_t type;
	union tcg_pts_attr_value v;
};

/* One row of the PTS attribute table (vendor TCG implied). */
struct tcg_pts_attr_desc {
	uint32_t type;
	const char *name;		/* as logged */
	uint32_t min_len;		/* of the value */
	bool fixed;			/* min_len is the only length */
	/* NULL for a type that is only named (not implemented, spec 2) */
	int (*decode)(const struct pa_attr_raw *raw,
		      union tcg_pts_attr_value *v, uint32_t *offset);
	int (*encode)(const union tcg_pts_attr_value *v, struct writer *w);
	/* NULL: the value owns nothing */
	void (*free)(union tcg_pts_attr_value *v);
};

/* The table and its size, for callers that walk it (tests, fuzzing). */
extern const struct tcg_pts_attr_desc tcg_pts_attr_table[];
extern const size_t tcg_pts_attr_table_len;

/* The row of a TCG type, NULL when the type is not a PTS type. */
const struct tcg_pts_attr_desc *tcg_pts_attr_desc_find(uint32_t type);
/* The logged name ("TCG Simple Evidence Final"), NULL when unknown. */
const char *tcg_pts_attr_name(uint32_t type);
/* Whether (vendor, type) is a PTS attribute this codec decodes. */
bool tcg_pts_attr_is_known(uint32_t vendor, uint32_t type);

/*
 * Decodes raw into out after checking the table's length rule. Returns an
 * enum pa_decode_status (PA_DECODE_UNKNOWN for another vendor or a type
 * without decoder); on PA_DECODE_OK the caller releases out with
 * tcg_pts_attr_free, on failure nothing is held.
 */
int tcg_pts_attr_decode(const struct pa_attr_raw *raw,
			struct tcg_pts_attr *out, uint32_t *offset);
void tcg_pts_attr_free(struct tcg_pts_attr *a);
/* Appends the value of a (no header). 0, or -1 on failure. */
int tcg_pts_attr_encode_value(const struct tcg_pts_attr *a, struct writer *w);
/* Appends the whole attribute: header (vendor TCG) and value. */
int tcg_pts_attr_encode(const struct tcg_pts_attr *a, struct writer *w);

/* The typed functions, one source file per attribute. */
int tcg_pts_proto_caps_decode(const struct pa_attr_raw *raw,
			      struct tcg_pts_proto_caps *out,
			      uint32_t *offset);
int tcg_pts_proto_caps_encode(const struct tcg_pts_proto_caps *in,
			      struct writer *w);

int tcg_dh_nonce_params_req_decode(const struct pa_attr_raw *raw,
				   struct tcg_dh_nonce_params_req *out,
				   uint32_t *offset);
int tcg_dh_nonce_params_req_encode(const struct tcg_dh_nonce_params_req *in,
				   struct writer *w);

int tcg_dh_nonce_params_resp_decode(const struct pa_attr_raw *raw,
				    struct tcg_dh_nonce_params_resp *out,
				    uint32_t *offset);
int tcg_dh_nonce_params_resp_encode(
	const struct tcg_dh_nonce_params_resp *in, struct writer *w);

int tcg_dh_nonce_finish_decode(const struct pa_attr_raw *raw,
			       struct tcg_dh_nonce_finish *out,
			       uint32_t *offset);
int tcg_dh_nonce_finish_encode(const struct tcg_dh_nonce_finish *in,
			       struct writer *w);

int tcg_meas_algo_decode(const struct pa_attr_raw *raw,
			 struct tcg_meas_algo *out, uint32_t *offset);
/* The Selection: exactly one algorithm bit, else malformed at 2. */
int tcg_meas_algo_selection_decode(const struct pa_attr_raw *raw,
				   struct tcg_meas_algo *out,
				   uint32_t *offset);
int tcg_meas_algo_encode(const struct tcg_meas_algo *in, struct writer *w);

int tcg_reserved_req_decode(const struct pa_attr_raw *raw,
			    struct tcg_reserved_req *out, uint32_t *offset);
int tcg_reserved_req_encode(const struct tcg_reserved_req *in,
			    struct writer *w);

int tcg_tpm_version_info_decode(const struct pa_attr_raw *raw,
				struct tcg_tpm_version_info *out,
				uint32_t *offset);
int tcg_tpm_version_info_encode(const struct tcg_tpm_version_info *in,
				struct writer *w);

int tcg_aik_decode(const struct pa_attr_raw *raw, struct tcg_aik *out,
		   uint32_t *offset);
int tcg_aik_encode(const struct tcg_aik *in, struct writer *w);

int tcg_req_func_comp_evid_decode(const struct pa_attr_raw *raw,
				  struct tcg_req_func_comp_evid *out,
				  uint32_t *offset);
int tcg_req_func_comp_evid_encode(const struct tcg_req_func_comp_evid *in,
				  struct writer *w);
void tcg_req_func_comp_evid_free(struct tcg_req_func_comp_evid *v);

int tcg_simple_comp_evid_decode(const struct pa_attr_raw *raw,
				struct tcg_simple_comp_evid *out,
				uint32_t *offset);
int tcg_simple_comp_evid_encode(const struct tcg_simple_comp_evid *in,
				struct writer *w);

int tcg_simple_evid_final_decode(const struct pa_attr_raw *raw,
				 struct tcg_simple_evid_final *out,
				 uint32_t *offset);
int tcg_simple_evid_final_encode(const struct tcg_simple_evid_final *in,
				 struct writer *w);

int tcg_req_file_meta_decode(const struct pa_attr_raw *raw,
			     struct tcg_req_file_meta *out, uint32_t *offset);
int tcg_req_file_meta_encode(const struct tcg_req_file_meta *in,
			     struct writer *w);

int tcg_unix_file_meta_decode(const struct pa_attr_raw *raw,
			      struct tcg_unix_file_meta *out,
			      uint32_t *offset);
int tcg_unix_file_meta_encode(const struct tcg_unix_file_meta *in,
			      struct writer *w);
void tcg_unix_file_meta_free(struct tcg_unix_file_meta *v);

int tcg_req_file_meas_decode(const struct pa_attr_raw *raw,
			     struct tcg_req_file_meas *out, uint32_t *offset);
int tcg_req_file_meas_encode(const struct tcg_req_file_meas *in,
			     struct writer *w);

int tcg_file_meas_decode(const struct pa_attr_raw *raw,
			 struct tcg_file_meas *out, uint32_t *offset);
int tcg_file_meas_encode(const struct tcg_file_meas *in, struct writer *w);
void tcg_file_meas_free(struct tcg_file_meas *v);

/*
 * The TPM version structure inside TPM Version Information (spec 3.1):
 * the 16-byte TPM 2.0 form that strongSwan defines, or TPM 1.2's
 * TPM_CAP_VERSION_INFO, told apart by their tag.
 */
#define TCG_TPM_VERSION_TAG_2_0		0x0200
#define TCG_TPM_VERSION_TAG_1_2		0x0030
#define TCG_TPM_VERSION_2_0_LEN		16
#define TCG_TPM_VERSION_1_2_MIN_LEN	15
/* Intel PTT starts in locality 0, every other TPM 2.0 in 3 (spec 3.1) */
#define TCG_TPM_MANUFACTURER_INTEL	"INTC"

enum tcg_tpm_version {
	TCG_TPM_VERSION_1_2 = 1,
	TCG_TPM_VERSION_2_0 = 2,
};

struct tcg_tpm_version_desc {
	enum tcg_tpm_version version;
	/* TPM 2.0 */
	uint8_t reserved;
	uint8_t locality;		/* startup locality */
	uint32_t revision;		/* 138 = 1.38 */
	uint32_t year;
	uint8_t manufacturer[4];	/* ASCII, e.g. "IBM\0", "INTC" */
	/* TPM 1.2 */
	uint8_t major, minor, rev_major, rev_minor;
	uint16_t spec_level;
	uint8_t errata_rev;
	uint8_t vendor_id[4];
	struct pa_bytes vendor_specific;	/* borrowed */
};

/*
 * Reads the structure of a TPM Version Information. PA_DECODE_OK, or
 * PA_DECODE_MALFORMED with *offset (into info): 0 for an unknown tag,
 * the first byte missing or left over for a wrong length, the vendor
 * specific size when it lies.
 */
int tcg_tpm_version_parse(struct pa_bytes info,
			  struct tcg_tpm_version_desc *out, uint32_t *offset);
/* Appends the 16-byte TPM 2.0 form of in. 0, or -1 on failure. */
int tcg_tpm_version_build_2_0(const struct tcg_tpm_version_desc *in,
			      struct writer *w);
/* The startup locality spec 3.1 prescribes for a TPM 2.0 manufacturer. */
uint8_t tcg_tpm_version_locality(const uint8_t manufacturer[4]);

/*
 * A PTS error (PA-TNC Error of vendor TCG) with its Error Information
 * (spec 3.1): supported algorithm or DH group bits for codes 1 and 6, the
 * nonce length range for 7, the value of the failed request attribute for
 * 2, 3 and 10; any other code carries info as it is (normally empty).
 */
struct tcg_pts_error {
	uint32_t code;			/* enum tcg_pts_error_code */
	uint16_t reserved;		/* codes 1 and 6 */
	uint16_t bits;			/* 1: algorithms, 6: DH groups */
	uint16_t min_nonce_len;		/* code 7 */
	uint16_t max_nonce_len;		/* code 7 */
	struct pa_bytes request;	/* codes 2, 3, 10, borrowed */
	struct pa_bytes info;		/* other codes, borrowed */
};

/* The logged name of a PTS error code ("bad nonce length"), or NULL. */
const char *tcg_pts_error_name(uint32_t code);
/*
 * Appends a whole PA-TNC Error attribute (header too) of vendor TCG
 * reporting e. 0, or -1 for a code outside 1-16 or when the writer
 * failed.
 */
int tcg_pts_error_write(const struct tcg_pts_error *e, struct writer *w);
/*
 * Reads a decoded PA-TNC Error of vendor TCG. PA_DECODE_OK,
 * PA_DECODE_UNKNOWN for another vendor or a code outside 1-16, or
 * PA_DECODE_MALFORMED with *offset counted from the start of the error
 * attribute's value (its information starts at 8) when the information
 * of codes 1, 6 or 7 is not 4 bytes. out borrows from e.
 */
int tcg_pts_error_decode(const struct ietf_pa_tnc_error *e,
			 struct tcg_pts_error *out, uint32_t *offset);
/*
 * One log line for a decoded PTS error into buf, which it returns, e.g.
 *   PTS error 'bad nonce length' (nonce length 17..65535)
 */
const char *tcg_pts_error_format(const struct tcg_pts_error *e, char *buf,
				 size_t len);

#endif /* PTS_TCG_PTS_H */
