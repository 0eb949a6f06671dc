/*
 * boot_aggregate.h - the IMA boot aggregate (attestation spec 6.5): the
 * hash over the firmware PCRs that IMA measures as its first entry,
 * recomputed from a bank replayed from the BIOS event log (whose PCR0
 * started at the startup locality, spec 6.4) and compared with the first
 * entry of the IMA log.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef BOOT_AGGREGATE_H
#define BOOT_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ima_log.h"
#include "pcr_bank.h"
#include "pts_error.h"

#define BOOT_AGGREGATE_NAME "boot_aggregate"

/*
 * H_bank(PCR0 || ... || PCRn), n = 7 for a SHA-1 bank or with padding,
 * 9 otherwise. out holds the bank's digest size; *out_len gets it.
 */
enum pts_err boot_aggregate_digest(const struct pcr_bank *bank, bool pad,
				   uint8_t *out, size_t *out_len);

/*
 * Checks the first IMA entry: PTS_ERR_FORMAT unless it is named
 * boot_aggregate; PTS_ERR_MISMATCH unless its bank template hash equals
 * the template hash of the entry's template and algorithm prefix with the
 * recomputed aggregate as digest, under the bank hash (SHA-1 zero-padded
 * with pad).
 */
enum pts_err boot_aggregate_check(const struct pcr_bank *bank, bool pad,
				  const struct ima_entry *first);

#endif /* BOOT_AGGREGATE_H */
