/*
 * pa_attr.h - the PA-TNC attributes this codec understands (RFC 5792
 * section 4.2 and the ITA-HSR set, see the PA-TNC spec note sections 5
 * and 8): one typed struct per attribute, its decoder and encoder, and the
 * descriptor table that ties a (vendor, type) pair to its logged name, its
 * length rule and those functions.
 *
 * Ownership. A decoded value borrows from the raw attribute it was decoded
 * from: every struct pa_bytes points into raw->value, so the received
 * message must outlive the decoded value. List attributes (Attribute
 * Request, Port Filter, Installed Packages, Get Settings, Settings,
 * Symlinks, and the SWIMA lists) also own their entry array, which their _free function, or
 * pa_attr_free for the generic form, releases. Encoders read the same
 * structs; there the pointers may point anywhere the caller likes.
 *
 * Decoders return PA_DECODE_OK, or PA_DECODE_MALFORMED with *offset set
 * to the offending byte counted from the start of the value, which the
 * message parser turns into an Invalid Parameter error (spec note 4):
 *  - a value whose length breaks the attribute's length rule: offset 0;
 *  - a field that runs past the end of the value: the offset of that
 *    field, for a length-prefixed string the offset of its length field;
 *  - a NUL inside a string that must not hold one: the NUL byte;
 *  - a field value out of its defined range: that field;
 *  - bytes left over after the last field: the first of them.
 * Encoders append the value only (no attribute header) to a writer and
 * return 0, or -1 when a field does not fit its length field or the
 * writer failed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_PA_ATTR_H
#define IMCV_PA_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "pa_tnc.h"

enum pa_decode_status {
	PA_DECODE_OK = 0,
	PA_DECODE_MALFORMED = -1,	/* *offset says where */
	PA_DECODE_NOMEM = -2,
	PA_DECODE_UNKNOWN = -3,		/* no decoder for this (vendor, type) */
};

/* IETF attribute types (vendor 0), RFC 5792 and RFC 8412. */
enum ietf_attr_type {
	IETF_ATTR_TESTING = 0,
	IETF_ATTR_ATTRIBUTE_REQUEST = 1,
	IETF_ATTR_PRODUCT_INFO = 2,
	IETF_ATTR_NUMERIC_VERSION = 3,
	IETF_ATTR_STRING_VERSION = 4,
	IETF_ATTR_OP_STATUS = 5,
	IETF_ATTR_PORT_FILTER = 6,
	IETF_ATTR_INSTALLED_PACKAGES = 7,
	IETF_ATTR_PA_TNC_ERROR = 8,
	IETF_ATTR_ASSESSMENT_RESULT = 9,
	IETF_ATTR_REMEDIATION_INSTR = 10,
	IETF_ATTR_FWD_ENABLED = 11,
	IETF_ATTR_DEFAULT_PWD_ENABLED = 12,
	IETF_ATTR_SWIMA_REQUEST = 13,
	IETF_ATTR_SW_ID_INVENTORY = 14,
	IETF_ATTR_SW_ID_EVENTS = 15,
	IETF_ATTR_SW_INVENTORY = 16,
	IETF_ATTR_SW_EVENTS = 17,
	IETF_ATTR_SUBSCRIPTION_STATUS_REQ = 18,
	IETF_ATTR_SUBSCRIPTION_STATUS_RESP = 19,
	IETF_ATTR_SOURCE_METADATA_REQ = 20,
	IETF_ATTR_SOURCE_METADATA_RESP = 21,
};

/* ITA-HSR attribute types (vendor 0x00902A), strongSwan private. */
enum ita_attr_type {
	ITA_ATTR_COMMAND = 1,
	ITA_ATTR_DUMMY = 2,
	ITA_ATTR_GET_SETTINGS = 3,
	ITA_ATTR_SETTINGS = 4,
	ITA_ATTR_START_ANGEL = 5,
	ITA_ATTR_STOP_ANGEL = 6,
	ITA_ATTR_ECHO = 7,
	ITA_ATTR_DEVICE_ID = 8,
	ITA_ATTR_GET_SYMLINKS = 9,
	ITA_ATTR_SYMLINKS = 10,
};

/* Bytes of a string or opaque field; borrowed, never NUL-terminated. */
struct pa_bytes {
	const uint8_t *ptr;
	size_t len;
};

/* An attribute type as listed in an Attribute Request. */
struct pa_attr_type {
	uint32_t vendor;
	uint32_t type;
};

/* IETF Attribute Request (1): 8-byte entries. */
struct ietf_attr_request {
	size_t count;
	struct pa_attr_type *types;	/* owned */
};

/* IETF Product Information (2). */
struct ietf_product_info {
	uint32_t vendor;		/* product vendor PEN, u24 */
	uint16_t id;
	struct pa_bytes name;
};

/* IETF Numeric Version (3). */
struct ietf_numeric_version {
	uint32_t major;
	uint32_t minor;
	uint32_t build;
	uint16_t sp_major;
	uint16_t sp_minor;
};

/* IETF String Version (4): three u8-length-prefixed strings. */
struct ietf_string_version {
	struct pa_bytes version;
	struct pa_bytes build;
	struct pa_bytes config;
};

enum ietf_op_status_code {
	IETF_OP_STATUS_UNKNOWN = 0,
	IETF_OP_STATUS_NOT_INSTALLED = 1,
	IETF_OP_STATUS_INSTALLED = 2,
	IETF_OP_STATUS_OPERATIONAL = 3,
};

enum ietf_op_result {
	IETF_OP_RESULT_UNKNOWN = 0,
	IETF_OP_RESULT_SUCCESSFUL = 1,
	IETF_OP_RESULT_ERRORED = 2,
	IETF_OP_RESULT_UNSUCCESSFUL = 3,
};

#define IETF_OP_STATUS_LAST_USE_LEN 20

/* IETF Operational Status (5); last_use is copied and NUL-terminated. */
struct ietf_op_status {
	uint8_t status;			/* enum ietf_op_status_code */
	uint8_t result;			/* enum ietf_op_result */
	char last_use[IETF_OP_STATUS_LAST_USE_LEN + 1];
};

/* One IETF Port Filter (6) entry. */
struct ietf_port_entry {
	bool blocked;
	uint8_t protocol;		/* IP protocol number */
	uint16_t port;
};

struct ietf_port_filter {
	size_t count;
	struct ietf_port_entry *ports;	/* owned */
};

/* One IETF Installed Packages (7) entry. */
struct ietf_package {
	struct pa_bytes name;
	struct pa_bytes version;
};

struct ietf_installed_packages {
	size_t count;
	struct ietf_package *packages;	/* owned */
};

/*
 * IETF PA-TNC Error (8). For IETF codes 1-3 the Error Information is held
 * in err (header copy, offset, rejected attribute) and max/min_version;
 * for every other code it is kept opaque in info.
 */
struct ietf_pa_tnc_error {
	struct pa_error err;
	uint8_t max_version;		/* Version Not Supported only */
	uint8_t min_version;
	struct pa_bytes info;		/* other codes */
};

/* Error Information longer than this is cut when built (spec note 5.1). */
#define IETF_PA_TNC_ERROR_MAX_INFO 1024

/* IETF Assessment Result (9): an IF-IMV evaluation result, 0..4. */
struct ietf_assessment_result {
	uint32_t result;
};

#define IETF_REMEDIATION_URI	1
#define IETF_REMEDIATION_STRING	2

/*
 * IETF Remediation Instructions (10). params is the whole parameter
 * field; for the IETF types it is also split into uri, or string and
 * lang. The encoder writes uri or string/lang for the IETF types and
 * params for any other.
 */
struct ietf_remediation_instr {
	uint32_t vendor;		/* parameters vendor, u24 */
	uint32_t type;
	struct pa_bytes params;
	struct pa_bytes uri;
	struct pa_bytes string;
	struct pa_bytes lang;
};

/* IETF Forwarding Enabled (11): 0 disabled, 1 enabled, 2 unknown. */
struct ietf_fwd_enabled {
	uint32_t status;
};

/* IETF Factory Default Password Enabled (12): 0 false, 1 true. */
struct ietf_default_pwd_enabled {
	uint32_t enabled;
};

/* ITA Command (1): text such as "allow", "isolate", "repeat". */
struct ita_command {
	struct pa_bytes command;
};

/* ITA Dummy (2): the encoder fills size bytes of 0xDD when data is NULL. */
struct ita_dummy {
	struct pa_bytes data;
};

/* ITA Get Settings (3): setting names, typically file paths. */
struct ita_get_settings {
	size_t count;
	struct pa_bytes *names;		/* owned */
};

/* ITA Settings (4). The value is kept as sent, trailing newline and all. */
struct ita_setting {
	struct pa_bytes name;
	struct pa_bytes value;
};

struct ita_settings {
	size_t count;
	struct ita_setting *settings;	/* owned */
};

/* ITA Device ID (8): e.g. the machine-id hex string. */
struct ita_device_id {
	struct pa_bytes id;
};

/* ITA Get Symlinks (9): the directory to look in. */
struct ita_get_symlinks {
	struct pa_bytes dir;
};

/* ITA Symlinks (10). */
struct ita_symlink {
	struct pa_bytes path;
	struct pa_bytes target;
};

struct ita_symlinks {
	size_t count;
	struct ita_symlink *links;	/* owned */
};

/*
 * SWIMA (RFC 8412 5.7-5.10, swima spec note 2). Flags bytes are kept
 * whole: the reserved bits are ignored on receipt (RFC 8412 5.7) but held
 * so that a value re-encodes as received; callers building one set them
 * to 0.
 */
#define IETF_SWIMA_FLAG_CLEAR		0x80	/* C: clear subscriptions */
#define IETF_SWIMA_FLAG_SUBSCRIBE	0x40	/* S: establish subscription */
#define IETF_SWIMA_FLAG_IDS_ONLY	0x20	/* R: identifiers, no records */
#define IETF_SWIMA_FLAG_FULFILLMENT	0x80	/* S_F in responses */
#define IETF_SWIMA_COUNT_MAX		0xffffff	/* the u24 counts */
#define IETF_SWIMA_TIMESTAMP_LEN	20

enum ietf_sw_action {
	IETF_SW_ACTION_CREATION = 1,
	IETF_SW_ACTION_DELETION = 2,
	IETF_SW_ACTION_ALTERATION = 3,
};

/* IETF SWIMA Request (13): the targets are software identifiers. */
struct ietf_swima_request {
	uint8_t flags;			/* IETF_SWIMA_FLAG_C/S/R */
	uint32_t request_id;
	uint32_t earliest_eid;		/* 0: inventory, else events since */
	size_t count;
	struct pa_bytes *targets;	/* owned array */
};

/*
 * One record of an inventory (14, 16) or one event (15, 17). eid and
 * timestamp belong to events only; record to the types 16 and 17 only.
 */
struct ietf_sw_record {
	uint32_t eid;
	struct pa_bytes timestamp;	/* 20 chars, YYYY-MM-DDThh:mm:ssZ */
	uint32_t record_id;
	uint32_t data_model_pen;	/* u24 */
	uint8_t data_model_type;
	uint8_t source_id;
	/*
	 * Events: enum ietf_sw_action. Inventories: the reserved byte,
	 * kept as received (written 0 by a builder).
	 */
	uint8_t action;
	struct pa_bytes sw_id;
	struct pa_bytes locator;	/* may be empty */
	struct pa_bytes record;		/* the SWID tag XML */
};

/* IETF Software [Identifier] Inventory (16, 14). */
struct ietf_sw_inventory {
	uint8_t flags;			/* IETF_SWIMA_FLAG_FULFILLMENT */
	uint32_t request_id;		/* or subscription ID */
	uint32_t epoch;
	uint32_t last_eid;
	size_t count;
	struct ietf_sw_record *records;	/* owned array */
};

/* IETF Software [Identifier] Events (17, 15). */
struct ietf_sw_events {
	uint8_t flags;
	uint32_t request_id;
	uint32_t epoch;
	uint32_t last_eid;
	uint32_t last_consulted_eid;
	size_t count;
	struct ietf_sw_record *events;	/* owned array */
};

/* IETF Subscription Status Request (18): no fields (RFC 8412 5.11). */
struct ietf_subscription_status_req {
	uint8_t unused;
};

/*
 * IETF Subscription Status Response (19, RFC 8412 5.12): the subscriptions
 * the IMC holds for the asking IMV. Each Subscription Record has the
 * fields of the SWIMA Request that established it, with the Subscription
 * ID in request_id.
 */
struct ietf_subscription_status_resp {
	uint8_t flags;			/* reserved, kept as received */
	size_t count;
	/* owned array; each record owns its targets */
	struct ietf_swima_request *subscriptions;
};

/* IETF Source Metadata Request (20): no fields (RFC 8412 5.13). */
struct ietf_source_metadata_req {
	uint8_t unused;
};

/* One data source of a Source Metadata Response. */
struct ietf_source_metadata {
	uint8_t source_id;		/* the Source ID of records, 2.4 */
	uint8_t reserved;		/* kept as received */
	struct pa_bytes metadata;	/* UTF-8 description of the source */
};

/* IETF Source Metadata Response (21, RFC 8412 5.14). */
struct ietf_source_metadata_resp {
	uint8_t flags;			/* reserved, kept as received */
	size_t count;
	struct ietf_source_metadata *sources;	/* owned array */
};

/*
 * The Error Information of the SWIMA PA-TNC errors (IETF codes 4-8,
 * swima spec note 2.5), read from an ietf_pa_tnc_error.
 */
struct ietf_swima_error {
	uint32_t code;			/* PA_ERROR_SWIMA .. _ID_REUSE */
	uint32_t request_id;		/* the failed request's ID */
	uint32_t max_size;		/* Response Too Large only, else 0 */
	struct pa_bytes desc;		/* UTF-8, borrowed, may be empty */
};

union pa_attr_value {
	struct ietf_attr_request attr_request;
	struct ietf_product_info product_info;
	struct ietf_numeric_version numeric_version;
	struct ietf_string_version string_version;
	struct ietf_op_status op_status;
	struct ietf_port_filter port_filter;
	struct ietf_installed_packages installed_packages;
	struct ietf_pa_tnc_error pa_tnc_error;
	struct ietf_assessment_result assessment_result;
	struct ietf_remediation_instr remediation_instr;
	struct ietf_fwd_enabled fwd_enabled;
	struct ietf_default_pwd_enabled default_pwd_enabled;
	struct ita_command command;
	struct ita_dummy dummy;
	struct ita_get_settings get_settings;
	struct ita_settings settings;
	struct ita_device_id device_id;
	struct ita_get_symlinks get_symlinks;
	struct ita_symlinks symlinks;
	struct ietf_swima_request swima_request;
	struct ietf_sw_inventory sw_id_inventory;
	struct ietf_sw_inventory sw_inventory;
	struct ietf_sw_events sw_id_events;
	struct ietf_sw_events sw_events;
	struct ietf_subscription_status_req subscription_status_req;
	struct ietf_subscription_status_resp subscription_status_resp;
	struct ietf_source_metadata_req source_metadata_req;
	struct ietf_source_metadata_resp source_metadata_resp;
};

/* A decoded attribute: its header and the typed value named by it. */
struct pa_attr {
	uint8_t flags;
	uint32_t vendor;
	uint32_t type;
	union pa_attr_value v;
};

/* One row of the attribute table. */
struct pa_attr_desc {
	uint32_t vendor;
	uint32_t type;
	const char *name;		/* as logged, e.g. "IETF Port Filter" */
	uint32_t min_len;		/* of the value */
	bool fixed;			/* min_len is the only valid length */
	/* NULL for a type that is only named here and handled elsewhere */
	int (*decode)(const struct pa_attr_raw *raw, union pa_attr_value *v,
		      uint32_t *offset);
	int (*encode)(const union pa_attr_value *v, struct writer *w);
	void (*free)(union pa_attr_value *v);	/* NULL: nothing owned */
};

/* The table row of (vendor, type), NULL when neither decoded nor named. */
const struct pa_attr_desc *pa_attr_desc_find(uint32_t vendor, uint32_t type);
/* Whether this codec decodes (vendor, type), i.e. it has a decoder row. */
bool pa_attr_is_known(uint32_t vendor, uint32_t type);
/* The logged name ("IETF Port Filter"), NULL when not in the table. */
const char *pa_attr_name(uint32_t vendor, uint32_t type);
/*
 * The logged name, or "vendor 0x00902a type 0x00000063" for a type not in
 * the table; writes into buf and returns it.
 */
const char *pa_attr_describe(uint32_t vendor, uint32_t type, char *buf,
			     size_t len);

/*
 * Decodes raw into out (header fields copied) after checking the table's
 * length rule. Returns an enum pa_decode_status; on PA_DECODE_OK the
 * caller releases out with pa_attr_free, on failure nothing is held.
 */
int pa_attr_decode(const struct pa_attr_raw *raw, struct pa_attr *out,
		   uint32_t *offset);
/* Releases what pa_attr_decode allocated; borrowed bytes are untouched. */
void pa_attr_free(struct pa_attr *a);
/* Appends the value of a (no header). 0, or -1 on failure. */
int pa_attr_encode_value(const struct pa_attr *a, struct writer *w);
/* Appends the whole attribute: header with its length, then the value. */
int pa_attr_encode(const struct pa_attr *a, struct writer *w);
/* Appends a raw attribute, header and value, as it is. */
void pa_attr_write_raw(struct writer *w, const struct pa_attr_raw *raw);

/*
 * The typed decoders, encoders and free functions of each attribute, one
 * source file each. Decoders leave nothing allocated when they fail.
 */
int ietf_attr_request_decode(const struct pa_attr_raw *raw,
			     struct ietf_attr_request *out, uint32_t *offset);
int ietf_attr_request_encode(const struct ietf_attr_request *in,
			     struct writer *w);
void ietf_attr_request_free(struct ietf_attr_request *v);

int ietf_product_info_decode(const struct pa_attr_raw *raw,
			     struct ietf_product_info *out, uint32_t *offset);
int ietf_product_info_encode(const struct ietf_product_info *in,
			     struct writer *w);

int ietf_numeric_version_decode(const struct pa_attr_raw *raw,
				struct ietf_numeric_version *out,
				uint32_t *offset);
int ietf_numeric_version_encode(const struct ietf_numeric_version *in,
				struct writer *w);

int ietf_string_version_decode(const struct pa_attr_raw *raw,
			       struct ietf_string_version *out,
			       uint32_t *offset);
int ietf_string_version_encode(const struct ietf_string_version *in,
			       struct writer *w);

int ietf_op_status_decode(const struct pa_attr_raw *raw,
			  struct ietf_op_status *out, uint32_t *offset);
int ietf_op_status_encode(const struct ietf_op_status *in, struct writer *w);

int ietf_port_filter_decode(const struct pa_attr_raw *raw,
			    struct ietf_port_filter *out, uint32_t *offset);
int ietf_port_filter_encode(const struct ietf_port_filter *in,
			    struct writer *w);
void ietf_port_filter_free(struct ietf_port_filter *v);

int ietf_installed_packages_decode(const struct pa_attr_raw *raw,
				   struct ietf_installed_packages *out,
				   uint32_t *offset);
int ietf_installed_packages_encode(const struct ietf_installed_packages *in,
				   struct writer *w);
void ietf_installed_packages_free(struct ietf_installed_packages *v);

int ietf_pa_tnc_error_decode(const struct pa_attr_raw *raw,
			     struct ietf_pa_tnc_error *out, uint32_t *offset);
int ietf_pa_tnc_error_encode(const struct ietf_pa_tnc_error *in,
			     struct writer *w);
/*
 * Fills out from a parser's error, with versions 1..1 for Version Not
 * Supported and info (borrowed; may be NULL) for the opaque codes.
 */
void ietf_pa_tnc_error_init(struct ietf_pa_tnc_error *out,
			    const struct pa_error *err, const uint8_t *info,
			    size_t info_len);
/* Appends the whole PA-TNC Error attribute (header too) reporting err. */
int ietf_pa_tnc_error_write(const struct pa_error *err, struct writer *w);

int ietf_assessment_result_decode(const struct pa_attr_raw *raw,
				  struct ietf_assessment_result *out,
				  uint32_t *offset);
int ietf_assessment_result_encode(const struct ietf_assessment_result *in,
				  struct writer *w);

int ietf_remediation_instr_decode(const struct pa_attr_raw *raw,
				  struct ietf_remediation_instr *out,
				  uint32_t *offset);
int ietf_remediation_instr_encode(const struct ietf_remediation_instr *in,
				  struct writer *w);

int ietf_fwd_enabled_decode(const struct pa_attr_raw *raw,
			    struct ietf_fwd_enabled *out, uint32_t *offset);
int ietf_fwd_enabled_encode(const struct ietf_fwd_enabled *in,
			    struct writer *w);

int ietf_default_pwd_enabled_decode(const struct pa_attr_raw *raw,
				    struct ietf_default_pwd_enabled *out,
				    uint32_t *offset);
int ietf_default_pwd_enabled_encode(const struct ietf_default_pwd_enabled *in,
				    struct writer *w);

int ita_command_decode(const struct pa_attr_raw *raw, struct ita_command *out,
		       uint32_t *offset);
int ita_command_encode(const struct ita_command *in, struct writer *w);

int ita_dummy_decode(const struct pa_attr_raw *raw, struct ita_dummy *out,
		     uint32_t *offset);
int ita_dummy_encode(const struct ita_dummy *in, struct writer *w);

int ita_get_settings_decode(const struct pa_attr_raw *raw,
			    struct ita_get_settings *out, uint32_t *offset);
int ita_get_settings_encode(const struct ita_get_settings *in,
			    struct writer *w);
void ita_get_settings_free(struct ita_get_settings *v);

int ita_settings_decode(const struct pa_attr_raw *raw,
			struct ita_settings *out, uint32_t *offset);
int ita_settings_encode(const struct ita_settings *in, struct writer *w);
void ita_settings_free(struct ita_settings *v);

int ita_device_id_decode(const struct pa_attr_raw *raw,
			 struct ita_device_id *out, uint32_t *offset);
int ita_device_id_encode(const struct ita_device_id *in, struct writer *w);

int ita_get_symlinks_decode(const struct pa_attr_raw *raw,
			    struct ita_get_symlinks *out, uint32_t *offset);
int ita_get_symlinks_encode(const struct ita_get_symlinks *in,
			    struct writer *w);

int ita_symlinks_decode(const struct pa_attr_raw *raw,
			struct ita_symlinks *out, uint32_t *offset);
int ita_symlinks_encode(const struct ita_symlinks *in, struct writer *w);
void ita_symlinks_free(struct ita_symlinks *v);

/*
 * SWIMA. The Identifier types (14, 15) share the layout of the full ones
 * (16, 17) without the record field, so one file holds both.
 */
int ietf_swima_request_decode(const struct pa_attr_raw *raw,
			      struct ietf_swima_request *out,
			      uint32_t *offset);
int ietf_swima_request_encode(const struct ietf_swima_request *in,
			      struct writer *w);
void ietf_swima_request_free(struct ietf_swima_request *v);

int ietf_sw_id_inventory_decode(const struct pa_attr_raw *raw,
				struct ietf_sw_inventory *out,
				uint32_t *offset);
int ietf_sw_id_inventory_encode(const struct ietf_sw_inventory *in,
				struct writer *w);
int ietf_sw_inventory_decode(const struct pa_attr_raw *raw,
			     struct ietf_sw_inventory *out, uint32_t *offset);
int ietf_sw_inventory_encode(const struct ietf_sw_inventory *in,
			     struct writer *w);
void ietf_sw_inventory_free(struct ietf_sw_inventory *v);

int ietf_sw_id_events_decode(const struct pa_attr_raw *raw,
			     struct ietf_sw_events *out, uint32_t *offset);
int ietf_sw_id_events_encode(const struct ietf_sw_events *in,
			     struct writer *w);
int ietf_sw_events_decode(const struct pa_attr_raw *raw,
			  struct ietf_sw_events *out, uint32_t *offset);
int ietf_sw_events_encode(const struct ietf_sw_events *in, struct writer *w);
void ietf_sw_events_free(struct ietf_sw_events *v);

int ietf_subscription_status_req_decode(const struct pa_attr_raw *raw,
				struct ietf_subscription_status_req *out,
				uint32_t *offset);
int ietf_subscription_status_req_encode(
	const struct ietf_subscription_status_req *in, struct writer *w);

int ietf_subscription_status_resp_decode(const struct pa_attr_raw *raw,
				struct ietf_subscription_status_resp *out,
				uint32_t *offset);
int ietf_subscription_status_resp_encode(
	const struct ietf_subscription_status_resp *in, struct writer *w);
void ietf_subscription_status_resp_free(
	struct ietf_subscription_status_resp *v);

int ietf_source_metadata_req_decode(const struct pa_attr_raw *raw,
				    struct ietf_source_metadata_req *out,
				    uint32_t *offset);
int ietf_source_metadata_req_encode(const struct ietf_source_metadata_req *in,
				    struct writer *w);

int ietf_source_metadata_resp_decode(const struct pa_attr_raw *raw,
				     struct ietf_source_metadata_resp *out,
				     uint32_t *offset);
int ietf_source_metadata_resp_encode(
	const struct ietf_source_metadata_resp *in, struct writer *w);
void ietf_source_metadata_resp_free(struct ietf_source_metadata_resp *v);

/*
 * SWIMA PA-TNC errors (swima spec note 2.5, ietf_swima_error.c). Whether
 * (vendor, code) is one of the IETF codes 4-8.
 */
bool ietf_swima_error_is(uint32_t vendor, uint32_t code);
/*
 * Appends a whole PA-TNC Error attribute (header too) of SWIMA code 4-8:
 * the request ID copy, for code 6 max_size (ignored otherwise), and desc
 * (NULL for none), cut at a character boundary so the information stays
 * within IETF_PA_TNC_ERROR_MAX_INFO. 0, or -1 for another code or when
 * the writer failed.
 */
int ietf_pa_tnc_error_swima(uint32_t code, uint32_t request_id,
			    uint32_t max_size, const char *desc,
			    struct writer *w);
/*
 * Reads the Error Information of a decoded SWIMA error. PA_DECODE_OK, or
 * PA_DECODE_MALFORMED with *offset counted from the start of the error
 * attribute's value (the information starts at 8) when the information
 * is too short for its fields, or PA_DECODE_UNKNOWN for a non-SWIMA code.
 * out borrows from the error, which borrows from the message.
 */
int ietf_swima_error_decode(const struct ietf_pa_tnc_error *e,
			    struct ietf_swima_error *out, uint32_t *offset);
/*
 * Formats a decoded SWIMA error as one log line into buf and returns it,
 * the code named as pa_error_code_name names it, e.g.
 *   PA-TNC error 'SWIMA subscription denied' for request 7: no subscriptions
 * A NUL in the description ends it there.
 */
const char *ietf_swima_error_format(const struct ietf_swima_error *e,
				    char *buf, size_t len);

#endif /* IMCV_PA_ATTR_H */
