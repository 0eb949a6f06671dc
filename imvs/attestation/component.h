/*
 * component.h - the functional components a TPMRA workitem asks evidence
 * for, and the verification of each Simple Component Evidence attribute
 * as it arrives (attestation spec 3.2, 6.4-6.6):
 *
 *   B  ITA IMA, qualifier 0x21: the firmware (BIOS/UEFI) event log
 *   I  ITA IMA, qualifier 0x22: the IMA runtime log, boot aggregate first
 *   T  ITA TBOOT, qualifier 0x21: the PCR 17/18 measurements of TBOOT
 *
 * B and T entries are learned per device on the first attestation
 * (component_hashes, key = the session's device id) and compared on every
 * later one; I entries are compared with the golden file hashes
 * (golden.h). Every evidence extends the emulated PCR bank the quote is
 * checked against (pts_quote.h). Nothing of an evidence is kept but
 * counters, so the memory of a connection does not grow with the logs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ATT_COMPONENT_H
#define ATT_COMPONENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "golden.h"
#include "pcr_bank.h"
#include "tcg_pts.h"

/*
 * What the components of one TPMRA run share; the caller owns it and
 * keeps it alive longer than the components.
 */
struct att_verifier {
	struct db *db;		/* borrowed */
	struct golden *golden;	/* borrowed, the session's product */
	int64_t device;		/* component_hashes.key */
	struct pcr_bank bank;	/* reset by the caller (spec 6.4) */
	bool bios_seen;		/* B evidence came first (spec 6.6) */
	/*
	 * The TPMRA argument's 'U': a file without golden hashes counts
	 * against the endpoint. Without it (the reference's behaviour)
	 * unknown files are only reported.
	 */
	bool unknown_fails;
};

/* The verdict on one evidence. */
enum att_evid {
	ATT_EVID_OK,
	ATT_EVID_FAILED,	/* marks "Incorrect component evidence" */
};

struct att_comp;

/*
 * The component of a TPMRA argument letter ('B', 'I', 'T'), NULL for
 * another letter or out of memory. v must outlive it. Free with
 * att_comp_free.
 */
struct att_comp *att_comp_new(char letter, struct att_verifier *v);
/*
 * Frees comp; its registrations are deleted again unless its summary was
 * made (spec 6.6: a device is never learned from a cut-off log).
 */
void att_comp_free(struct att_comp *comp);

/* The letter and the functional component name it requests. */
char att_comp_letter(const struct att_comp *comp);
const struct tcg_pts_comp_name *att_comp_name(const struct att_comp *comp);
/* Whether an evidence's component name is this component's (spec 3.2). */
bool att_comp_matches(const struct att_comp *comp,
		      const struct tcg_pts_comp_name *name);

/* Checks one evidence and updates the emulated PCR (spec 6.6). */
enum att_evid att_comp_verify(struct att_comp *comp,
			      const struct tcg_simple_comp_evid *e);

/*
 * The summary of spec 6.6 into buf (e.g. "136 BIOS evidence measurements
 * are ok"); true when evidence is missing ("Pending component evidence").
 * Keeps the registrations made so far.
 */
bool att_comp_summary(struct att_comp *comp, char *buf, size_t len);

#endif /* ATT_COMPONENT_H */
