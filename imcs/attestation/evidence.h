/*
 * evidence.h - the Attestation IMC's component evidence (attestation spec
 * 6.3-6.5): measures the firmware event log (component B, ITA IMA
 * qualifier 0x21) and the IMA runtime log (component I, qualifier 0x22)
 * into encoded Simple Component Evidence attributes, one per entry, and
 * extends the IMC's emulated PCR bank with every one of them, so that the
 * quote can cover exactly the PCRs the evidence explains.
 *
 * The attributes are kept encoded (header and value) until Generate
 * Attestation Evidence takes them (evidence_next). The IMA log is read
 * from its file in chunks through ima_log, so only the evidence itself
 * grows with the log, never a copy of it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ATT_EVIDENCE_H
#define ATT_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "pa_tnc.h"
#include "pcr_bank.h"
#include "pts_error.h"

/* Component qualifiers of ITA IMA (spec 3.2): K|trusted, K|OS. */
#define EVIDENCE_QUAL_BIOS 0x21
#define EVIDENCE_QUAL_IMA 0x22

/* Read size of the IMA log: what the IMC holds of it at once. */
#define EVIDENCE_IMA_CHUNK 65536
/* A firmware log is read whole (bios_log parses in memory); bound it. */
#define EVIDENCE_BIOS_MAX (16u << 20)

struct evidence {
	struct pcr_bank bank;
	bool bank_ready;	/* reset for the current round */
	bool bios_done;		/* B measured: I checks the boot aggregate */
	struct writer attrs;	/* whole Simple Component Evidence attrs */
	size_t count;
	size_t next;		/* read position of evidence_next */
};

void evidence_init(struct evidence *ev);
/* Releases the cached attributes. */
void evidence_free(struct evidence *ev);

/*
 * Starts a round with a fresh bank of algo, PCR0 carrying the TPM's
 * startup locality (spec 6.4); drops what was cached.
 */
enum pts_err evidence_start(struct evidence *ev, enum pts_meas_algo algo,
			    uint8_t locality);

/* The result of measuring one log. */
struct evidence_result {
	size_t entries;		/* evidence attributes added */
	size_t offset;		/* on error: the log entry that failed */
	const char *what;	/* on error: a short phrase for the log */
};

/*
 * Measures the firmware event log at path (spec 6.1, 6.3 "B"): one
 * evidence per event with a digest of the bank, EV_NO_ACTION left out,
 * measurement time = the log's ctime. The round must have started.
 */
enum pts_err evidence_bios(struct evidence *ev, const char *path,
			   struct evidence_result *res);

/*
 * Measures the IMA log at path (spec 6.2, 6.3 "I"): PCR 10, the bank's
 * template hash (SHA-1 zero-padded with pad), validation passed, policy
 * URI "<algo>:<name>" (ima-ng, ima-sig) or "<name>" (ima). The first
 * entry must be boot_aggregate (PTS_ERR_FORMAT) and, after B, match the
 * bank's boot aggregate (PTS_ERR_MISMATCH).
 */
enum pts_err evidence_ima(struct evidence *ev, const char *path, bool pad,
			  struct evidence_result *res);

/*
 * The next cached attribute into *raw (pointing into ev), false after the
 * last; then the cache is empty again and the bank stays as extended.
 */
bool evidence_next(struct evidence *ev, struct pa_attr_raw *raw);

#endif /* ATT_EVIDENCE_H */
