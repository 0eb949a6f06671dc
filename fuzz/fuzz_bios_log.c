/*
 * fuzz_bios_log.c - libFuzzer target for the TPM 2.0 crypto-agile BIOS
 * event log parser (libpts/bios_log.c). The first input byte picks the
 * PCR bank (SHA-1, SHA-256, SHA-384); the rest is the log. Every event
 * handed out must lie inside the input and fit the bank; then the log is
 * replayed into an emulated bank.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>

#include "bios_log.h"
#include "pcr_bank.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum pts_meas_algo banks[] = {
	PTS_MEAS_ALGO_SHA1, PTS_MEAS_ALGO_SHA256, PTS_MEAS_ALGO_SHA384,
};

struct input {
	const uint8_t *start, *end;
	size_t bank_size;
};

static int inside(const struct input *in, const uint8_t *p, size_t n)
{
	return p >= in->start && n <= (size_t)(in->end - p);
}

static enum pts_err check_event(void *ctx, const struct bios_event *ev)
{
	const struct input *in = ctx;

	if (ev->pcr >= PCR_BANK_PCRS || ev->digest_count > BIOS_LOG_MAX_ALGS)
		abort();
	if (!inside(in, ev->data, ev->data_size))
		abort();
	for (uint32_t i = 0; i < ev->digest_count; i++)
		if (!inside(in, ev->digests[i].value, ev->digests[i].size))
			abort();
	if (ev->digest && ev->digest_size != in->bank_size)
		abort();
	if (ev->startup_locality > PCR_BANK_MAX_LOCALITY)
		abort();
	return PTS_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum pts_meas_algo bank;
	struct bios_spec_id hdr;
	struct pcr_bank b;
	struct input in;
	enum pts_err err, replayed;
	size_t off, replay_off;

	if (size < 1)
		return 0;
	bank = banks[data[0] % 3];
	in = (struct input){ data + 1, data + size, pts_meas_algo_size(bank) };
	err = bios_log_parse(data + 1, size - 1, bank, &hdr, check_event, &in,
			     &off);
	if (off > size - 1)
		abort();
	if (pcr_bank_reset(&b, bank, 3) != PTS_OK)
		abort();
	replayed = bios_log_replay(data + 1, size - 1, &b, &replay_off);
	/*
	 * The replay only adds the rule that the locality comes before PCR0
	 * is extended: it fails where the parse does, or earlier for that.
	 */
	if (replayed == PTS_ERR_LOCALITY ? replay_off > off :
	    replayed != err || replay_off != off)
		abort();
	return 0;
}
