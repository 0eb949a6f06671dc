/*
 * pcr_bank.h - an emulated TPM 2.0 PCR bank of one hash algorithm, as the
 * IMC and IMV keep it while they replay evidence (attestation spec 6.4):
 * 24 PCRs, reset to zero except PCR0 which carries the startup locality,
 * extended as PCR = H(PCR || measurement), and the PCR composite digest a
 * TPM 2.0 quote signs (spec 8.3 step 2).
 *
 * The bank is a plain value: no allocation, nothing to free.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PCR_BANK_H
#define PCR_BANK_H

#include <stddef.h>
#include <stdint.h>

#include "pts_error.h"
#include "pts_meas_algo.h"

#define PCR_BANK_PCRS 24
/* Highest locality a TPM 2.0 can start from (H-CRTM). */
#define PCR_BANK_MAX_LOCALITY 4

struct pcr_bank {
	enum pts_meas_algo algo;
	size_t size;		/* digest size of algo */
	uint32_t selected;	/* bit i: PCR i was extended or set */
	uint8_t pcr[PCR_BANK_PCRS][PTS_MEAS_ALGO_MAX_SIZE];
};

/*
 * Resets the bank to algo: all PCRs zero, then the last byte of PCR0 set
 * to the startup locality (spec 6.4: locality 3 gives 00..03); nothing
 * selected. PTS_ERR_ALGO, PTS_ERR_LOCALITY (above 4).
 */
enum pts_err pcr_bank_reset(struct pcr_bank *bank, enum pts_meas_algo algo,
			    uint8_t locality);

/*
 * Re-initialises PCR0 for a startup locality announced later (the BIOS
 * log's StartupLocality event); PTS_ERR_LOCALITY once PCR0 was extended.
 */
enum pts_err pcr_bank_startup_locality(struct pcr_bank *bank,
				       uint8_t locality);

/* PCR[index] = H(PCR[index] || m); m must have the bank's size. */
enum pts_err pcr_bank_extend(struct pcr_bank *bank, uint32_t index,
			     const uint8_t *m, size_t len);

/* PCR[index] = value (evidence with PCR after values, spec 6.6). */
enum pts_err pcr_bank_set(struct pcr_bank *bank, uint32_t index,
			  const uint8_t *value, size_t len);

/* The bank-size value of PCR[index], NULL when out of range. */
const uint8_t *pcr_bank_read(const struct pcr_bank *bank, uint32_t index);

/*
 * The TPM 2.0 PCR digest: algo over the values of the PCRs whose bits are
 * set in selection, in ascending index order. algo is the quote's hash,
 * which may differ from the bank's. out holds algo's size; *out_len gets
 * it. PTS_ERR_ARG when nothing is selected or bits above 23 are set.
 */
enum pts_err pcr_bank_composite(const struct pcr_bank *bank,
				uint32_t selection, enum pts_meas_algo algo,
				uint8_t *out, size_t *out_len);

#endif /* PCR_BANK_H */
