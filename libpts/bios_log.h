/*
 * bios_log.h - the TCG PC Client firmware event log in the TPM 2.0
 * crypto-agile format (/sys/kernel/security/tpm0/binary_bios_measurements,
 * attestation spec 6.1): a first event in the TPM 1.2 SHA-1 layout whose
 * data is the "Spec ID Event03" header declaring the banks and their
 * digest sizes, then TCG_PCR_EVENT2 events. All fields little-endian.
 *
 * The parser walks a complete log in memory and hands each event to a
 * callback, with the digest of the bank the caller chose; pointers in an
 * event point into the log and live as long as it. The legacy TPM 1.2
 * layout (no Spec ID header) is rejected.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef BIOS_LOG_H
#define BIOS_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "pcr_bank.h"
#include "pts_error.h"
#include "pts_meas_algo.h"

/* Banks a header may declare; a TPM has a handful, more is a lie. */
#define BIOS_LOG_MAX_ALGS 8
/* Largest digest a log may declare (SHA-512). */
#define BIOS_LOG_MAX_DIGEST 64

/* Event types the parser acts on (spec 6.1). */
enum {
	EV_NO_ACTION = 0x03,
	EV_SEPARATOR = 0x04,
	EV_S_CRTM_VERSION = 0x08,
	EV_EFI_ACTION = 0x80000007,
};

struct bios_alg {
	uint16_t alg;		/* TPM_ALG_ID */
	uint16_t size;		/* digest bytes */
};

/* The Spec ID Event03 structure (TCG PC Client PFP, TCG_EfiSpecIDEvent). */
struct bios_spec_id {
	uint32_t platform_class;
	uint8_t version_minor;
	uint8_t version_major;	/* 2 */
	uint8_t errata;
	uint8_t uintn_size;	/* 1: UINT32, 2: UINT64 */
	uint32_t alg_count;
	struct bios_alg algs[BIOS_LOG_MAX_ALGS];
	uint8_t vendor_info_size;
	const uint8_t *vendor_info;
};

struct bios_digest {
	uint16_t alg;
	uint16_t size;
	const uint8_t *value;
};

struct bios_event {
	size_t offset;		/* of the event in the log */
	uint32_t pcr;
	uint32_t type;
	uint32_t digest_count;
	struct bios_digest digests[BIOS_LOG_MAX_ALGS];
	const uint8_t *digest;	/* the chosen bank's, NULL if absent */
	size_t digest_size;
	const uint8_t *data;
	uint32_t data_size;
	int startup_locality;	/* -1 unless a StartupLocality event */
};

/* The TCG name of an event type for logs ("EV_SEPARATOR"), or NULL. */
const char *bios_event_type_name(uint32_t type);

/* Anything but PTS_OK stops the parse and is returned by it. */
typedef enum pts_err (*bios_event_cb)(void *ctx, const struct bios_event *ev);

/*
 * Parses the log, filling *hdr (may be NULL) from the first event and
 * calling cb (may be NULL) for every later event. bank must be declared
 * in the header (PTS_ERR_ALGO otherwise). On error *offset (may be NULL)
 * is the offset of the event that failed.
 */
enum pts_err bios_log_parse(const uint8_t *log, size_t len,
			    enum pts_meas_algo bank, struct bios_spec_id *hdr,
			    bios_event_cb cb, void *ctx, size_t *offset);

/*
 * Replays the log into a bank already reset (with the TPM's startup
 * locality) to the algorithm of the log's bank: a StartupLocality event
 * re-initialises PCR0, EV_NO_ACTION events and events without a digest
 * for the bank are not extended, every other event extends its PCR.
 */
enum pts_err bios_log_replay(const uint8_t *log, size_t len,
			     struct pcr_bank *bank, size_t *offset);

#endif /* BIOS_LOG_H */
