/*
 * fuzz_ima_log.c - libFuzzer target for the IMA measurement list parser
 * (libpts/ima_log.c). The first input byte picks the bank (low two
 * bits), pcr_padding (bit 2) and a piece size (upper bits, 1-32); the
 * rest is the log, parsed once whole and once fed in pieces of that
 * size. Both runs must see the same entries, error and offset.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>

#include "ima_log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum pts_meas_algo banks[] = {
	PTS_MEAS_ALGO_SHA1, PTS_MEAS_ALGO_SHA256, PTS_MEAS_ALGO_SHA384,
	PTS_MEAS_ALGO_SHA256,
};

/* A running FNV-1a of what the callback saw. */
struct seen {
	uint64_t h;
	size_t n;
	size_t bank_size;
};

static void mix(struct seen *s, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		s->h = (s->h ^ b[i]) * 0x100000001b3ull;
}

static enum pts_err record(void *ctx, const struct ima_entry *e)
{
	struct seen *s = ctx;

	if (e->pcr != IMA_PCR || e->bank_hash_len != s->bank_size ||
	    e->digest_len > IMA_MAX_DIGEST)
		abort();
	s->n++;
	mix(s, &e->offset, sizeof(e->offset));
	mix(s, e->template_hash, 20);
	mix(s, e->digest, e->digest_len);
	mix(s, e->name, e->name_len);
	mix(s, e->sig, e->sig_len);
	mix(s, e->bank_hash, e->bank_hash_len);
	return PTS_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen whole = { 0xcbf29ce484222325ull, 0, 0 }, split;
	enum pts_meas_algo bank;
	struct ima_log *l;
	enum pts_err err, err2 = PTS_OK;
	size_t off, piece, pos;
	bool pad;

	if (size < 1)
		return 0;
	bank = banks[data[0] & 3];
	pad = data[0] & 4;
	piece = (size_t)(data[0] >> 3) + 1;
	whole.bank_size = pts_meas_algo_size(bank);
	split = whole;
	data++;
	size--;

	err = ima_log_parse(data, size, bank, pad, record, &whole, &off);
	l = ima_log_new(bank, pad, record, &split);
	if (!l)
		abort();
	for (pos = 0; pos < size && err2 == PTS_OK; pos += piece)
		err2 = ima_log_feed(l, data + pos,
				    size - pos < piece ? size - pos : piece);
	if (err2 == PTS_OK)
		err2 = ima_log_finish(l);
	if (err2 != err || ima_log_offset(l) != off || split.n != whole.n ||
	    split.h != whole.h || off > size)
		abort();
	ima_log_free(l);
	return 0;
}
