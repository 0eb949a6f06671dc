/*
 * ima_log.h - the Linux IMA runtime measurement list
 * (/sys/kernel/security/ima/binary_runtime_measurements, attestation spec
 * 6.2) with the templates ima, ima-ng and ima-sig. Per entry: PCR (u32),
 * SHA-1 template hash (20), template name length (u32) + name, template
 * data (ima: digest 20 + name length u32 + name; ima-ng/ima-sig: data
 * length u32 + the d-ng, n-ng [and sig] fields, each u32 length + bytes).
 *
 * The parser takes the log in pieces of any size (as it arrives in
 * segments) and keeps at most one incomplete entry; for each entry it
 * recomputes the SHA-1 template hash, checks it against the log, and
 * gives the template hash of the PCR bank being verified (spec 6.2: the
 * bank's hash over the template data, or with pcr_padding the SHA-1 one
 * zero-padded). Integers are read little-endian (x86/arm hosts, and the
 * kernel's ima_canonical_fmt).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMA_LOG_H
#define IMA_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pts_error.h"
#include "pts_meas_algo.h"

#define IMA_PCR 10			/* the only PCR spec 6.2 allows */
#define IMA_MAX_TEMPLATE_NAME 10	/* spec 6.2 */
#define IMA_LEGACY_NAME_MAX 255		/* ima: names padded to 256 */
#define IMA_LEGACY_NAME_PAD 256
/* Bounds what one entry may make us buffer: a path of PATH_MAX, a
 * digest, and a signature of a 16 kbit RSA key fit easily. */
#define IMA_MAX_TEMPLATE_DATA 16384
/* "algo:" + NUL of the d-ng field; spec 6.2 has 5-8 bytes for the
 * algorithms it names, the kernel knows longer ones (streebog512). */
#define IMA_MAX_ALGO_PREFIX 16
#define IMA_MAX_DIGEST 64

enum ima_template {
	IMA_TEMPLATE_IMA,
	IMA_TEMPLATE_IMA_NG,
	IMA_TEMPLATE_IMA_SIG,
};

/*
 * One entry as handed to the callback. Pointers are valid only during
 * the callback; strings are not NUL-terminated.
 */
struct ima_entry {
	size_t offset;			/* of the entry in the stream */
	uint32_t pcr;
	enum ima_template template;
	const uint8_t *template_hash;	/* SHA-1, as in the log */
	bool violation;			/* logged hash all zero */
	const char *algo_name;	/* d-ng name before ":", ima: NULL */
	size_t algo_name_len;
	enum pts_meas_algo digest_algo;	/* NONE: not supported */
	const uint8_t *digest;
	size_t digest_len;
	const char *name;
	size_t name_len;
	const uint8_t *sig;		/* ima-sig only, may be empty */
	size_t sig_len;
	/* the template hash the bank extends */
	uint8_t bank_hash[PTS_MEAS_ALGO_MAX_SIZE];
	size_t bank_hash_len;
};

/* Anything but PTS_OK stops the parse and is returned by it. */
typedef enum pts_err (*ima_entry_cb)(void *ctx, const struct ima_entry *e);

/*
 * The template hash of an entry's fields (template, algo_name, digest,
 * name, sig) under hash: ima-ng/ima-sig form over the template data, or
 * the legacy ima form (digest || name zero-padded to 256). With pad the
 * SHA-1 hash zero-padded to hash's size (spec 6.2 pcr_padding).
 * *out_len gets the size written to out.
 */
enum pts_err ima_template_hash(const struct ima_entry *e,
			       enum pts_meas_algo hash, bool pad,
			       uint8_t *out, size_t *out_len);

struct ima_log;

/*
 * A parser for the bank algorithm bank; pad selects pcr_padding. NULL
 * when bank is not supported or out of memory. Free with ima_log_free.
 */
struct ima_log *ima_log_new(enum pts_meas_algo bank, bool pad,
			    ima_entry_cb cb, void *ctx);
void ima_log_free(struct ima_log *log);

/*
 * Takes the next len bytes of the log and calls back for every entry
 * they complete. An error sticks: later calls return it again.
 */
enum pts_err ima_log_feed(struct ima_log *log, const uint8_t *data,
			  size_t len);
/* The end of the log: PTS_ERR_TRUNCATED when it ends inside an entry. */
enum pts_err ima_log_finish(struct ima_log *log);
/*
 * Stream offset of the entry that failed, or after an error-free run
 * of the next entry to come.
 */
size_t ima_log_offset(const struct ima_log *log);

/* The whole log at once; *offset (may be NULL) as ima_log_offset. */
enum pts_err ima_log_parse(const uint8_t *data, size_t len,
			   enum pts_meas_algo bank, bool pad,
			   ima_entry_cb cb, void *ctx, size_t *offset);

#endif /* IMA_LOG_H */
