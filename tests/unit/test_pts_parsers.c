/*
 * test_pts_parsers.c - unit tests of libpts: the measurement algorithm
 * table, the emulated PCR bank (attestation spec 6.4, 8.3), the BIOS event
 * log (spec 6.1), the IMA measurement list (spec 6.2) and the boot
 * aggregate (spec 6.5).
 *
 * The logs are written here field by field; every expected digest is
 * computed here with OpenSSL over the bytes written, not with libpts.
 * The PCR composite is checked byte-exact against the TPM 2.0 quote of
 * the shared attestation vectors (015, Simple Evidence Final).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "bios_log.h"
#include "boot_aggregate.h"
#include "buf.h"
#include "ima_log.h"
#include "pcr_bank.h"
#include "pts_meas_algo.h"
#include "vectors.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* ---- helpers: little-endian writing and independent hashing ---- */

static void w_u16le(struct writer *w, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	writer_bytes(w, b, 2);
}

static void w_u32le(struct writer *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 24) };

	writer_bytes(w, b, 4);
}

static void patch_u32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* md over (pointer, length) pairs up to a NULL pointer; returns size. */
static size_t hash_cat(const char *md, uint8_t *out, ...)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int n = 0;
	const void *p;
	va_list ap;

	assert_non_null(ctx);
	assert_int_equal(EVP_DigestInit_ex(ctx, EVP_get_digestbyname(md),
					   NULL), 1);
	va_start(ap, out);
	while ((p = va_arg(ap, const void *)) != NULL)
		EVP_DigestUpdate(ctx, p, va_arg(ap, size_t));
	va_end(ap);
	assert_int_equal(EVP_DigestFinal_ex(ctx, out, &n), 1);
	EVP_MD_CTX_free(ctx);
	return n;
}

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

/* ---- measurement algorithms ---- */

static void test_meas_algo(void **state)
{
	const struct pts_meas_algo_info *a;

	(void)state;
	a = pts_meas_algo_find(PTS_MEAS_ALGO_SHA256);
	assert_non_null(a);
	assert_int_equal(a->tpm_alg, 0x000B);
	assert_int_equal(a->size, 32);
	assert_string_equal(a->ossl_name, "SHA256");
	assert_string_equal(a->ima_name, "sha256");
	assert_ptr_equal(pts_meas_algo_from_tpm(0x0004),
			 pts_meas_algo_find(PTS_MEAS_ALGO_SHA1));
	assert_int_equal(pts_meas_algo_from_tpm(0x000C)->algo, 0x2000);
	assert_int_equal(pts_meas_algo_from_ima("sha384", 6)->algo,
			 PTS_MEAS_ALGO_SHA384);
	assert_null(pts_meas_algo_from_ima("sha38", 5));
	assert_null(pts_meas_algo_from_ima("sha512", 6));
	assert_null(pts_meas_algo_from_tpm(TPM_ALG_SHA512));
	assert_null(pts_meas_algo_find(0x1000));
	assert_int_equal(pts_meas_algo_size(PTS_MEAS_ALGO_SHA1), 20);
	assert_int_equal(pts_meas_algo_size(PTS_MEAS_ALGO_SHA384), 48);
	assert_int_equal(pts_meas_algo_size(PTS_MEAS_ALGO_NONE), 0);
	assert_int_equal(pts_meas_algo_to_tpm(PTS_MEAS_ALGO_SHA384), 0x000C);
	assert_int_equal(pts_meas_algo_to_tpm(0x1000), TPM_ALG_ERROR);
	assert_string_equal(pts_err_name(PTS_ERR_TRUNCATED), "truncated");
	assert_string_equal(pts_err_name((enum pts_err)99), "unknown error");
}

/* ---- PCR bank ---- */

static void test_pcr_bank(void **state)
{
	struct pcr_bank b;
	uint8_t zero[32] = { 0 }, m[32], want[48], pcr0[32] = { 0 }, got[48];
	size_t len;

	(void)state;
	assert_int_equal(pcr_bank_reset(&b, PTS_MEAS_ALGO_SHA256, 3), PTS_OK);
	pcr0[31] = 3;
	assert_memory_equal(pcr_bank_read(&b, 0), pcr0, 32);
	for (uint32_t i = 1; i < PCR_BANK_PCRS; i++)
		assert_memory_equal(pcr_bank_read(&b, i), zero, 32);
	assert_null(pcr_bank_read(&b, 24));
	assert_int_equal(b.selected, 0);

	fill(m, sizeof(m), 1);
	assert_int_equal(pcr_bank_extend(&b, 5, m, 32), PTS_OK);
	hash_cat("SHA256", want, zero, (size_t)32, m, (size_t)32, NULL);
	assert_memory_equal(pcr_bank_read(&b, 5), want, 32);
	assert_int_equal(pcr_bank_extend(&b, 5, m, 32), PTS_OK);
	hash_cat("SHA256", want, want, (size_t)32, m, (size_t)32, NULL);
	assert_memory_equal(pcr_bank_read(&b, 5), want, 32);
	assert_int_equal(b.selected, 1u << 5);

	assert_int_equal(pcr_bank_extend(&b, 5, m, 20), PTS_ERR_DIGEST_SIZE);
	assert_int_equal(pcr_bank_extend(&b, 24, m, 32), PTS_ERR_PCR);
	assert_int_equal(pcr_bank_set(&b, 24, m, 32), PTS_ERR_PCR);
	assert_int_equal(pcr_bank_set(&b, 2, m, 31), PTS_ERR_DIGEST_SIZE);
	assert_memory_equal(pcr_bank_read(&b, 5), want, 32);

	/* composite in index order, with another hash than the bank's */
	assert_int_equal(pcr_bank_composite(&b, 1u << 5 | 1, PTS_MEAS_ALGO_SHA1,
					    got, &len), PTS_OK);
	assert_int_equal(len, 20);
	hash_cat("SHA1", want, pcr0, (size_t)32, pcr_bank_read(&b, 5),
		 (size_t)32, NULL);
	assert_memory_equal(got, want, 20);
	assert_int_equal(pcr_bank_composite(&b, 0, PTS_MEAS_ALGO_SHA1, got,
					    &len), PTS_ERR_ARG);
	assert_int_equal(pcr_bank_composite(&b, 1u << 24, PTS_MEAS_ALGO_SHA1,
					    got, &len), PTS_ERR_ARG);
	assert_int_equal(pcr_bank_composite(&b, 1, 0x1000, got, &len),
			 PTS_ERR_ALGO);

	/* the startup locality may change PCR0 until it is extended */
	assert_int_equal(pcr_bank_startup_locality(&b, 0), PTS_OK);
	assert_memory_equal(pcr_bank_read(&b, 0), zero, 32);
	assert_int_equal(pcr_bank_startup_locality(&b, 5), PTS_ERR_LOCALITY);
	assert_int_equal(pcr_bank_extend(&b, 0, m, 32), PTS_OK);
	assert_int_equal(pcr_bank_startup_locality(&b, 3), PTS_ERR_LOCALITY);

	assert_int_equal(pcr_bank_reset(&b, PTS_MEAS_ALGO_SHA1, 5),
			 PTS_ERR_LOCALITY);
	assert_int_equal(pcr_bank_reset(&b, 0x1000, 0), PTS_ERR_ALGO);
}

/*
 * The reference IMV's PCR digest for the TPM 2.0 quote of the
 * attestation session: SHA-1 bank, PCR17 and PCR18 set to the "after"
 * values of the two TBOOT evidences (all 0xff), composite hash SHA-256.
 */
static void test_pcr_composite_vector(void **state)
{
	static const uint8_t quote_digest[32] = {
		0x6e, 0xcd, 0x0f, 0x0b, 0xd7, 0xcf, 0x53, 0xc5,
		0x6d, 0x21, 0x29, 0x82, 0x09, 0x11, 0xa2, 0x6f,
		0x81, 0x59, 0x49, 0xee, 0xe4, 0x18, 0xca, 0x46,
		0xb4, 0xf3, 0xd7, 0xa8, 0x0c, 0xd9, 0x69, 0xa7,
	};
	uint8_t after[20], got[48];
	struct pcr_bank b;
	uint8_t *msg;
	size_t len, mlen;

	(void)state;
	memset(after, 0xff, sizeof(after));
	assert_int_equal(pcr_bank_reset(&b, PTS_MEAS_ALGO_SHA1, 3), PTS_OK);
	assert_int_equal(pcr_bank_set(&b, 17, after, 20), PTS_OK);
	assert_int_equal(pcr_bank_set(&b, 18, after, 20), PTS_OK);
	assert_int_equal(b.selected, 0x060000);
	assert_int_equal(pcr_bank_composite(&b, b.selected,
					    PTS_MEAS_ALGO_SHA256, got, &len),
			 PTS_OK);
	assert_int_equal(len, 32);
	assert_memory_equal(got, quote_digest, 32);

	/* the digest is in the vector: 4-byte length 0x20, then the digest */
	msg = vec_load_in("attestation", "015-c2s-batch-cdata.hex", &mlen);
	if (!msg) {
		print_message("attestation vectors not found, skipped\n");
		return;
	}
	assert_non_null(memmem(msg, mlen, "\x00\x00\x00\x20\x6e\xcd\x0f\x0b",
			       8));
	assert_non_null(memmem(msg, mlen, quote_digest, 32));
	free(msg);
}

/* ---- BIOS event log ---- */

struct bios_alg_def {
	uint16_t alg;
	uint16_t size;
};

static const struct bios_alg_def log_algs[] = {
	{ TPM_ALG_SHA1, 20 }, { TPM_ALG_SHA256, 32 }, { TPM_ALG_SHA512, 64 },
};

/* The first event: TPM 1.2 layout with the Spec ID Event03 header. */
static void bios_header(struct writer *w, const struct bios_alg_def *algs,
			size_t n)
{
	static const uint8_t zero[20];
	struct writer d;
	size_t size;
	uint8_t *p;

	writer_init(&d);
	writer_bytes(&d, "Spec ID Event03", 16);
	w_u32le(&d, 0);				/* platform class */
	writer_u8(&d, 0);			/* minor */
	writer_u8(&d, 2);			/* major */
	writer_u8(&d, 0);			/* errata */
	writer_u8(&d, 2);			/* uintn size */
	w_u32le(&d, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		w_u16le(&d, algs[i].alg);
		w_u16le(&d, algs[i].size);
	}
	writer_u8(&d, 2);			/* vendor info */
	writer_bytes(&d, "VI", 2);
	w_u32le(w, 0);
	w_u32le(w, EV_NO_ACTION);
	writer_bytes(w, zero, 20);
	p = writer_take(&d, &size);
	w_u32le(w, (uint32_t)size);
	writer_bytes(w, p, size);
	free(p);
}

/*
 * A TCG_PCR_EVENT2 with the digests of the first ndig algorithms of
 * log_algs, each filled from seed; returns the event's offset.
 */
static size_t bios_event(struct writer *w, uint32_t pcr, uint32_t type,
			 size_t ndig, uint8_t seed, const void *data,
			 uint32_t size)
{
	size_t at = w->len;
	uint8_t dig[64];

	w_u32le(w, pcr);
	w_u32le(w, type);
	w_u32le(w, (uint32_t)ndig);
	for (size_t i = 0; i < ndig; i++) {
		w_u16le(w, log_algs[i].alg);
		fill(dig, log_algs[i].size, (uint8_t)(seed + i));
		writer_bytes(w, dig, log_algs[i].size);
	}
	w_u32le(w, size);
	writer_bytes(w, data, size);
	return at;
}

struct bios_sample {
	uint8_t *log;
	size_t len;
	size_t ev[5];		/* event offsets */
};

/*
 * Header; StartupLocality 3; S-CRTM version in PCR0; an EV_NO_ACTION
 * with digests in PCR 1; a separator in PCR 7 with a SHA-1 digest only;
 * an EFI action in PCR 4 with all digests.
 */
static void bios_sample(struct bios_sample *s)
{
	struct writer w;

	writer_init(&w);
	bios_header(&w, log_algs, COUNT(log_algs));
	s->ev[0] = bios_event(&w, 0, EV_NO_ACTION, 0, 0,
			      "StartupLocality\0\3", 17);
	s->ev[1] = bios_event(&w, 0, EV_S_CRTM_VERSION, 3, 0x10, "v1.0", 4);
	s->ev[2] = bios_event(&w, 1, EV_NO_ACTION, 3, 0x20, "na", 2);
	s->ev[3] = bios_event(&w, 7, EV_SEPARATOR, 1, 0x30, "\0\0\0\0", 4);
	s->ev[4] = bios_event(&w, 4, EV_EFI_ACTION, 3, 0x40,
			      "Calling EFI Application", 23);
	assert_true(writer_ok(&w));
	s->log = writer_take(&w, &s->len);
}

struct bios_seen {
	size_t n;
	struct bios_event ev[8];
	int stop_at;		/* return PTS_ERR_MISMATCH at this event */
};

static enum pts_err bios_record(void *ctx, const struct bios_event *ev)
{
	struct bios_seen *s = ctx;

	if ((int)s->n == s->stop_at)
		return PTS_ERR_MISMATCH;
	if (s->n < COUNT(s->ev))
		s->ev[s->n] = *ev;
	s->n++;
	return PTS_OK;
}

static void assert_digest(const struct bios_digest *d, uint16_t alg,
			  uint16_t size, uint8_t seed)
{
	uint8_t want[64];

	fill(want, size, seed);
	assert_int_equal(d->alg, alg);
	assert_int_equal(d->size, size);
	assert_memory_equal(d->value, want, size);
}

static void test_bios_parse(void **state)
{
	struct bios_seen seen = { .stop_at = -1 };
	struct bios_sample s;
	struct bios_spec_id hdr;
	const struct bios_event *ev = seen.ev;
	size_t off = 99;

	(void)state;
	bios_sample(&s);
	assert_int_equal(bios_log_parse(s.log, s.len, PTS_MEAS_ALGO_SHA256,
					&hdr, bios_record, &seen, &off),
			 PTS_OK);
	assert_int_equal(off, s.ev[4]);
	assert_int_equal(hdr.platform_class, 0);
	assert_int_equal(hdr.version_major, 2);
	assert_int_equal(hdr.version_minor, 0);
	assert_int_equal(hdr.uintn_size, 2);
	assert_int_equal(hdr.alg_count, 3);
	assert_int_equal(hdr.algs[1].alg, TPM_ALG_SHA256);
	assert_int_equal(hdr.algs[1].size, 32);
	assert_int_equal(hdr.algs[2].alg, TPM_ALG_SHA512);
	assert_int_equal(hdr.algs[2].size, 64);
	assert_int_equal(hdr.vendor_info_size, 2);
	assert_memory_equal(hdr.vendor_info, "VI", 2);
	assert_int_equal(seen.n, 5);

	assert_int_equal(ev[0].offset, s.ev[0]);
	assert_int_equal(ev[0].pcr, 0);
	assert_int_equal(ev[0].type, EV_NO_ACTION);
	assert_int_equal(ev[0].digest_count, 0);
	assert_null(ev[0].digest);
	assert_int_equal(ev[0].data_size, 17);
	assert_int_equal(ev[0].startup_locality, 3);

	assert_int_equal(ev[1].offset, s.ev[1]);
	assert_int_equal(ev[1].type, EV_S_CRTM_VERSION);
	assert_int_equal(ev[1].digest_count, 3);
	assert_digest(&ev[1].digests[0], TPM_ALG_SHA1, 20, 0x10);
	assert_digest(&ev[1].digests[1], TPM_ALG_SHA256, 32, 0x11);
	assert_digest(&ev[1].digests[2], TPM_ALG_SHA512, 64, 0x12);
	assert_ptr_equal(ev[1].digest, ev[1].digests[1].value);
	assert_int_equal(ev[1].digest_size, 32);
	assert_int_equal(ev[1].data_size, 4);
	assert_memory_equal(ev[1].data, "v1.0", 4);
	assert_int_equal(ev[1].startup_locality, -1);

	assert_int_equal(ev[2].pcr, 1);
	assert_int_equal(ev[2].type, EV_NO_ACTION);
	assert_int_equal(ev[2].startup_locality, -1);
	assert_int_equal(ev[3].pcr, 7);
	assert_int_equal(ev[3].digest_count, 1);
	assert_digest(&ev[3].digests[0], TPM_ALG_SHA1, 20, 0x30);
	assert_null(ev[3].digest);
	assert_int_equal(ev[4].pcr, 4);
	assert_int_equal(ev[4].type, EV_EFI_ACTION);
	assert_string_equal(bios_event_type_name(ev[4].type), "EV_EFI_ACTION");
	assert_string_equal(bios_event_type_name(4), "EV_SEPARATOR");
	assert_string_equal(bios_event_type_name(0x800000E0),
			    "EV_EFI_VARIABLE_AUTHORITY");
	assert_null(bios_event_type_name(0x13));
	assert_memory_equal(ev[4].data, "Calling EFI Application", 23);

	/* a SHA-1 bank gets the SHA-1 digests; SHA-384 is not in the log */
	memset(&seen, 0, sizeof(seen));
	seen.stop_at = -1;
	assert_int_equal(bios_log_parse(s.log, s.len, PTS_MEAS_ALGO_SHA1,
					NULL, bios_record, &seen, NULL),
			 PTS_OK);
	assert_ptr_equal(seen.ev[3].digest, seen.ev[3].digests[0].value);
	assert_int_equal(bios_log_parse(s.log, s.len, PTS_MEAS_ALGO_SHA384,
					NULL, NULL, NULL, &off),
			 PTS_ERR_ALGO);
	assert_int_equal(bios_log_parse(s.log, s.len, 0x1000, NULL, NULL,
					NULL, &off), PTS_ERR_ARG);

	/* the callback's error stops the walk */
	memset(&seen, 0, sizeof(seen));
	seen.stop_at = 2;
	assert_int_equal(bios_log_parse(s.log, s.len, PTS_MEAS_ALGO_SHA1,
					NULL, bios_record, &seen, &off),
			 PTS_ERR_MISMATCH);
	assert_int_equal(seen.n, 2);
	assert_int_equal(off, s.ev[2]);
	free(s.log);
}

/* PCR = H(PCR || digest of seed) for the digest of log_algs[i]. */
static void expect_extend(const char *md, uint8_t *pcr, size_t size,
			  uint8_t seed)
{
	uint8_t dig[64];

	fill(dig, size, seed);
	hash_cat(md, pcr, pcr, size, dig, size, NULL);
}

static void test_bios_replay(void **state)
{
	uint8_t pcr0[32] = { 0 }, pcr4[32] = { 0 }, pcr7[20] = { 0 };
	uint8_t zero[32] = { 0 };
	struct bios_sample s;
	struct pcr_bank b;
	size_t off;

	(void)state;
	bios_sample(&s);

	/* SHA-256: the TPM said locality 0, the log's event says 3 */
	assert_int_equal(pcr_bank_reset(&b, PTS_MEAS_ALGO_SHA256, 0), PTS_OK);
	assert_int_equal(bios_log_replay(s.log, s.len, &b, &off), PTS_OK);
	pcr0[31] = 3;
	expect_extend("SHA256", pcr0, 32, 0x11);
	expect_extend("SHA256", pcr4, 32, 0x41);
	assert_memory_equal(pcr_bank_read(&b, 0), pcr0, 32);
	assert_memory_equal(pcr_bank_read(&b, 4), pcr4, 32);
	/* EV_NO_ACTION in PCR1, no SHA-256 digest for PCR7 */
	assert_memory_equal(pcr_bank_read(&b, 1), zero, 32);
	assert_memory_equal(pcr_bank_read(&b, 7), zero, 32);
	assert_int_equal(b.selected, 1u << 0 | 1u << 4);

	/* SHA-1 */
	memset(pcr0, 0, sizeof(pcr0));
	memset(pcr4, 0, sizeof(pcr4));
	assert_int_equal(pcr_bank_reset(&b, PTS_MEAS_ALGO_SHA1, 0), PTS_OK);
	assert_int_equal(bios_log_replay(s.log, s.len, &b, &off), PTS_OK);
	pcr0[19] = 3;
	expect_extend("SHA1", pcr0, 20, 0x10);
	expect_extend("SHA1", pcr7, 20, 0x30);
	expect_extend("SHA1", pcr4, 20, 0x40);
	assert_memory_equal(pcr_bank_read(&b, 0), pcr0, 20);
	assert_memory_equal(pcr_bank_read(&b, 7), pcr7, 20);
	assert_memory_equal(pcr_bank_read(&b, 4), pcr4, 20);
	free(s.log);
}

/* Every cut inside the last event (and inside the header) fails. */
static void test_bios_truncated(void **state)
{
	struct bios_sample s;
	enum pts_err err;
	size_t off;

	(void)state;
	bios_sample(&s);
	for (size_t cut = s.ev[4] + 1; cut < s.len; cut++) {
		off = 0;
		err = bios_log_parse(s.log, cut, PTS_MEAS_ALGO_SHA256, NULL,
				     NULL, NULL, &off);
		assert_true(err == PTS_ERR_TRUNCATED || err == PTS_ERR_LENGTH);
		assert_int_equal(off, s.ev[4]);
	}
	/* event size 23 with fewer bytes left: a lie, not a short header */
	assert_int_equal(bios_log_parse(s.log, s.len - 1, PTS_MEAS_ALGO_SHA256,
					NULL, NULL, NULL, &off),
			 PTS_ERR_LENGTH);
	for (size_t cut = 0; cut < s.ev[0]; cut++) {
		err = bios_log_parse(s.log, cut, PTS_MEAS_ALGO_SHA256, NULL,
				     NULL, NULL, &off);
		assert_int_not_equal(err, PTS_OK);
		assert_int_equal(off, 0);
	}
	/* a cut at an event boundary is a shorter, valid log */
	assert_int_equal(bios_log_parse(s.log, s.ev[4], PTS_MEAS_ALGO_SHA256,
					NULL, NULL, NULL, &off), PTS_OK);
	free(s.log);
}

/* Parses a copy of the sample changed by fn; returns the error. */
static enum pts_err bios_changed(void (*fn)(struct bios_sample *s),
				 size_t *off)
{
	struct bios_sample s;
	enum pts_err err;
	struct pcr_bank b;

	bios_sample(&s);
	fn(&s);
	assert_int_equal(pcr_bank_reset(&b, PTS_MEAS_ALGO_SHA256, 0), PTS_OK);
	err = bios_log_replay(s.log, s.len, &b, off);
	free(s.log);
	return err;
}

/* Field positions in the sample (see bios_header, bios_event). */
#define HDR_DATA 32		/* data of the first event */
#define HDR_ALGS (HDR_DATA + 28)	/* first (alg, size) */

static void lie_event_size(struct bios_sample *s)
{
	/* event 1: 3 digests 20+32+64 with ids, after PCR/type/count */
	patch_u32le(s->log + s->ev[1] + 12 + 3 * 2 + 116, 0x7fffffff);
}

static void lie_digest_count(struct bios_sample *s)
{
	patch_u32le(s->log + s->ev[1] + 8, 4);
}

static void absurd_digest_count(struct bios_sample *s)
{
	patch_u32le(s->log + s->ev[1] + 8, 0xffffffff);
}

static void unknown_alg(struct bios_sample *s)
{
	s->log[s->ev[1] + 12] = 0x12;	/* SM3, not declared */
}

static void twice_in_event(struct bios_sample *s)
{
	/* the second digest of event 4 (SHA-256) claims to be SHA-1 */
	s->log[s->ev[4] + 12 + 2 + 20] = TPM_ALG_SHA1;
}

static void pcr_24(struct bios_sample *s)
{
	patch_u32le(s->log + s->ev[4], 24);
}

static void bad_signature(struct bios_sample *s)
{
	s->log[HDR_DATA + 3] = 'x';
}

static void header_not_no_action(struct bios_sample *s)
{
	patch_u32le(s->log + 4, EV_SEPARATOR);
}

static void header_size_mismatch(struct bios_sample *s)
{
	/* SHA-256 declared with 20 bytes */
	patch_u32le(s->log + HDR_ALGS + 4, TPM_ALG_SHA256 | 20u << 16);
}

static void header_zero_algs(struct bios_sample *s)
{
	patch_u32le(s->log + HDR_ALGS - 4, 0);
}

static void header_many_algs(struct bios_sample *s)
{
	patch_u32le(s->log + HDR_ALGS - 4, 1000);
}

static void header_dup_alg(struct bios_sample *s)
{
	patch_u32le(s->log + HDR_ALGS + 4, TPM_ALG_SHA1 | 20u << 16);
}

static void header_lie_size(struct bios_sample *s)
{
	patch_u32le(s->log + 28, (uint32_t)s->len);
}

static void header_major_1(struct bios_sample *s)
{
	s->log[HDR_DATA + 21] = 1;
}

static void no_header(struct bios_sample *s)
{
	memmove(s->log, s->log + s->ev[1], s->len - s->ev[1]);
	s->len -= s->ev[1];
}

static void late_locality(struct bios_sample *s)
{
	/* swap event 0 (StartupLocality) behind event 1 (PCR0 extend) */
	size_t l0 = s->ev[1] - s->ev[0], l1 = s->ev[2] - s->ev[1];
	uint8_t *tmp = malloc(l0);

	memcpy(tmp, s->log + s->ev[0], l0);
	memmove(s->log + s->ev[0], s->log + s->ev[1], l1);
	memcpy(s->log + s->ev[0] + l1, tmp, l0);
	free(tmp);
}

static void locality_7(struct bios_sample *s)
{
	s->log[s->ev[0] + 12 + 4 + 16] = 7;
}

static void test_bios_malformed(void **state)
{
	static const struct {
		void (*fn)(struct bios_sample *s);
		enum pts_err err;
		int event;	/* index into ev, -1: the header (0) */
	} cases[] = {
		{ lie_event_size, PTS_ERR_LENGTH, 1 },
		{ lie_digest_count, PTS_ERR_LENGTH, 1 },
		{ absurd_digest_count, PTS_ERR_LENGTH, 1 },
		{ unknown_alg, PTS_ERR_ALGO, 1 },
		{ twice_in_event, PTS_ERR_FORMAT, 4 },
		{ pcr_24, PTS_ERR_PCR, 4 },
		{ bad_signature, PTS_ERR_HEADER, -1 },
		{ header_not_no_action, PTS_ERR_HEADER, -1 },
		{ header_size_mismatch, PTS_ERR_DIGEST_SIZE, -1 },
		{ header_zero_algs, PTS_ERR_LENGTH, -1 },
		{ header_many_algs, PTS_ERR_LENGTH, -1 },
		{ header_dup_alg, PTS_ERR_HEADER, -1 },
		{ header_lie_size, PTS_ERR_LENGTH, -1 },
		{ header_major_1, PTS_ERR_HEADER, -1 },
		{ no_header, PTS_ERR_HEADER, -1 },
		{ late_locality, PTS_ERR_LOCALITY, 1 },
		{ locality_7, PTS_ERR_LOCALITY, 0 },
	};
	struct bios_sample s;
	size_t off;

	(void)state;
	bios_sample(&s);
	for (size_t i = 0; i < COUNT(cases); i++) {
		off = 12345;
		assert_int_equal(bios_changed(cases[i].fn, &off),
				 cases[i].err);
		if (cases[i].fn == late_locality)
			continue;	/* the events moved */
		assert_int_equal(off, cases[i].event < 0 ? 0 :
				 s.ev[cases[i].event]);
	}
	free(s.log);
}

/* ---- IMA measurement list ---- */

struct ima_want {
	const char *template;
	const char *algo;	/* NULL: legacy ima */
	uint8_t digest[64];
	size_t digest_len;
	const char *name;
	const char *sig;	/* ima-sig only */
	size_t sig_len;
	bool violation;
	/* written by ima_write: */
	uint8_t tdata[1024];	/* what the template hash covers */
	size_t tdata_len;
	uint8_t sha1[20];
	size_t offset;
};

/* Writes one entry; the SHA-1 template hash is computed here. */
static void ima_write(struct writer *w, struct ima_want *e)
{
	struct writer d;
	size_t dlen;

	writer_init(&d);
	if (!e->algo) {
		uint8_t name[256] = { 0 };

		writer_bytes(&d, e->digest, 20);
		memcpy(name, e->name, strlen(e->name));
		writer_bytes(&d, name, 256);
	} else {
		dlen = strlen(e->algo) + 2 + e->digest_len;
		w_u32le(&d, (uint32_t)dlen);
		writer_bytes(&d, e->algo, strlen(e->algo));
		writer_bytes(&d, ":", 2);
		writer_bytes(&d, e->digest, e->digest_len);
		w_u32le(&d, (uint32_t)strlen(e->name) + 1);
		writer_bytes(&d, e->name, strlen(e->name) + 1);
		if (e->sig) {
			w_u32le(&d, (uint32_t)e->sig_len);
			writer_bytes(&d, e->sig, e->sig_len);
		}
	}
	assert_true(writer_ok(&d) && d.len <= sizeof(e->tdata));
	memcpy(e->tdata, d.data, d.len);
	e->tdata_len = d.len;
	writer_free(&d);
	if (e->violation)
		memset(e->sha1, 0, 20);
	else
		hash_cat("SHA1", e->sha1, e->tdata, e->tdata_len, NULL);

	e->offset = w->len;
	w_u32le(w, IMA_PCR);
	writer_bytes(w, e->sha1, 20);
	w_u32le(w, (uint32_t)strlen(e->template));
	writer_bytes(w, e->template, strlen(e->template));
	if (!e->algo) {
		writer_bytes(w, e->digest, 20);
		w_u32le(w, (uint32_t)strlen(e->name));
		writer_bytes(w, e->name, strlen(e->name));
	} else {
		w_u32le(w, (uint32_t)e->tdata_len);
		writer_bytes(w, e->tdata, e->tdata_len);
	}
}

#define IMA_N 5

struct ima_sample {
	struct ima_want e[IMA_N];
	uint8_t *log;
	size_t len;
};

static void ima_sample(struct ima_sample *s)
{
	struct writer w;

	memset(s, 0, sizeof(*s));
	s->e[0] = (struct ima_want){ .template = "ima-ng", .algo = "sha256",
		.digest_len = 32, .name = "boot_aggregate" };
	s->e[1] = (struct ima_want){ .template = "ima-ng", .algo = "sha1",
		.digest_len = 20, .name = "/usr/bin/bash" };
	s->e[2] = (struct ima_want){ .template = "ima-sig",
		.algo = "sha384", .digest_len = 48, .name = "/usr/lib/x.so",
		.sig = "\x03\x02\x01sig", .sig_len = 6 };
	s->e[3] = (struct ima_want){ .template = "ima", .digest_len = 20,
		.name = "/etc/passwd" };
	s->e[4] = (struct ima_want){ .template = "ima-ng", .algo = "sha512",
		.digest_len = 64, .name = "/tmp/violated",
		.violation = true };
	writer_init(&w);
	for (int i = 0; i < IMA_N; i++) {
		fill(s->e[i].digest, s->e[i].digest_len, (uint8_t)(0x50 * i));
		ima_write(&w, &s->e[i]);
	}
	assert_true(writer_ok(&w));
	s->log = writer_take(&w, &s->len);
}

/* The callback's view of every entry, flattened for comparisons. */
struct ima_seen {
	size_t n;
	struct writer rec;
	struct {
		struct ima_entry e;
		char name[64];
		uint8_t digest[64];
		uint8_t sig[16];
		char algo[16];
		uint8_t thash[20];
	} ent[8];
};

static enum pts_err ima_record(void *ctx, const struct ima_entry *e)
{
	struct ima_seen *s = ctx;

	if (s->n < COUNT(s->ent)) {
		s->ent[s->n].e = *e;
		assert_true(e->name_len < sizeof(s->ent[0].name));
		memcpy(s->ent[s->n].name, e->name, e->name_len);
		memcpy(s->ent[s->n].digest, e->digest, e->digest_len);
		memcpy(s->ent[s->n].thash, e->template_hash, 20);
		if (e->sig)
			memcpy(s->ent[s->n].sig, e->sig, e->sig_len);
		if (e->algo_name)
			memcpy(s->ent[s->n].algo, e->algo_name,
			       e->algo_name_len);
	}
	s->n++;
	writer_bytes(&s->rec, &e->offset, sizeof(e->offset));
	writer_bytes(&s->rec, e->name, e->name_len);
	writer_bytes(&s->rec, e->digest, e->digest_len);
	writer_bytes(&s->rec, e->bank_hash, e->bank_hash_len);
	return PTS_OK;
}

static void check_entries(const struct ima_sample *s,
			  const struct ima_seen *seen, const char *md,
			  size_t bank_size, bool pad)
{
	static const enum pts_meas_algo algo[IMA_N] = {
		PTS_MEAS_ALGO_SHA256, PTS_MEAS_ALGO_SHA1,
		PTS_MEAS_ALGO_SHA384, PTS_MEAS_ALGO_SHA1, PTS_MEAS_ALGO_NONE,
	};
	static const enum ima_template tmpl[IMA_N] = {
		IMA_TEMPLATE_IMA_NG, IMA_TEMPLATE_IMA_NG, IMA_TEMPLATE_IMA_SIG,
		IMA_TEMPLATE_IMA, IMA_TEMPLATE_IMA_NG,
	};
	uint8_t want[64];

	assert_int_equal(seen->n, IMA_N);
	for (int i = 0; i < IMA_N; i++) {
		const struct ima_want *w = &s->e[i];
		const struct ima_entry *e = &seen->ent[i].e;

		assert_int_equal(e->offset, w->offset);
		assert_int_equal(e->pcr, 10);
		assert_int_equal(e->template, tmpl[i]);
		assert_int_equal(e->violation, w->violation);
		assert_memory_equal(seen->ent[i].thash, w->sha1, 20);
		assert_int_equal(e->digest_algo, algo[i]);
		assert_int_equal(e->digest_len, w->digest_len);
		assert_memory_equal(seen->ent[i].digest, w->digest,
				    w->digest_len);
		assert_int_equal(e->name_len, strlen(w->name));
		assert_string_equal(seen->ent[i].name, w->name);
		if (w->algo)
			assert_string_equal(seen->ent[i].algo, w->algo);
		else
			assert_null(e->algo_name);
		assert_int_equal(e->sig_len, w->sig_len);
		if (w->sig)
			assert_memory_equal(seen->ent[i].sig, w->sig,
					    w->sig_len);

		/* what the bank extends */
		memset(want, 0, sizeof(want));
		if (w->violation)
			memset(want, 0xff, pad ? 20 : bank_size);
		else if (pad || bank_size == 20)
			memcpy(want, w->sha1, 20);
		else
			hash_cat(md, want, w->tdata, w->tdata_len, NULL);
		assert_int_equal(e->bank_hash_len, bank_size);
		assert_memory_equal(e->bank_hash, want, bank_size);
	}
}

static void seen_init(struct ima_seen *s)
{
	memset(s, 0, sizeof(*s));
	writer_init(&s->rec);
}

static void test_ima_parse(void **state)
{
	struct ima_sample s;
	struct ima_seen seen;
	size_t off;

	(void)state;
	ima_sample(&s);
	seen_init(&seen);
	assert_int_equal(ima_log_parse(s.log, s.len, PTS_MEAS_ALGO_SHA1,
				       false, ima_record, &seen, &off),
			 PTS_OK);
	assert_int_equal(off, s.len);
	check_entries(&s, &seen, "SHA1", 20, false);
	writer_free(&seen.rec);

	seen_init(&seen);
	assert_int_equal(ima_log_parse(s.log, s.len, PTS_MEAS_ALGO_SHA256,
				       false, ima_record, &seen, &off),
			 PTS_OK);
	check_entries(&s, &seen, "SHA256", 32, false);
	writer_free(&seen.rec);

	seen_init(&seen);
	assert_int_equal(ima_log_parse(s.log, s.len, PTS_MEAS_ALGO_SHA384,
				       false, ima_record, &seen, &off),
			 PTS_OK);
	check_entries(&s, &seen, "SHA384", 48, false);
	writer_free(&seen.rec);

	seen_init(&seen);
	assert_int_equal(ima_log_parse(s.log, s.len, PTS_MEAS_ALGO_SHA256,
				       true, ima_record, &seen, &off),
			 PTS_OK);
	check_entries(&s, &seen, "SHA256", 32, true);
	writer_free(&seen.rec);

	assert_null(ima_log_new(0x1000, false, NULL, NULL));
	assert_int_equal(ima_log_parse(s.log, s.len, 0x1000, false, NULL,
				       NULL, &off), PTS_ERR_ALGO);
	/* an empty log is a log without entries */
	assert_int_equal(ima_log_parse(s.log, 0, PTS_MEAS_ALGO_SHA1, false,
				       NULL, NULL, &off), PTS_OK);
	assert_int_equal(off, 0);
	free(s.log);
}

/* Feeds the log in pieces cut by next(); returns the records. */
static void ima_feed_split(const struct ima_sample *s,
			   size_t (*next)(size_t pos, unsigned *seed),
			   struct ima_seen *seen)
{
	struct ima_log *l;
	unsigned seed = 1;
	size_t pos = 0, n;

	seen_init(seen);
	l = ima_log_new(PTS_MEAS_ALGO_SHA256, false, ima_record, seen);
	assert_non_null(l);
	while (pos < s->len) {
		n = next(pos, &seed);
		if (n > s->len - pos)
			n = s->len - pos;
		assert_int_equal(ima_log_feed(l, s->log + pos, n), PTS_OK);
		pos += n;
	}
	assert_int_equal(ima_log_finish(l), PTS_OK);
	assert_int_equal(ima_log_offset(l), s->len);
	ima_log_free(l);
}

static size_t cut_bytes(size_t pos, unsigned *seed)
{
	return (*seed ^= 1);	/* 0, 1, 0, 1: empty pieces too */
}

static size_t cut_random(size_t pos, unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) % 97;
}

static size_t cut_large(size_t pos, unsigned *seed)
{
	return 300;
}

static void test_ima_chunks(void **state)
{
	size_t (*cuts[])(size_t, unsigned *) = {
		cut_bytes, cut_random, cut_large,
	};
	struct ima_seen whole, split;
	struct ima_sample s;

	(void)state;
	ima_sample(&s);
	seen_init(&whole);
	assert_int_equal(ima_log_parse(s.log, s.len, PTS_MEAS_ALGO_SHA256,
				       false, ima_record, &whole, NULL),
			 PTS_OK);
	for (size_t i = 0; i < COUNT(cuts); i++) {
		ima_feed_split(&s, cuts[i], &split);
		check_entries(&s, &split, "SHA256", 32, false);
		assert_int_equal(split.rec.len, whole.rec.len);
		assert_memory_equal(split.rec.data, whole.rec.data,
				    whole.rec.len);
		writer_free(&split.rec);
	}
	/* every split point of a two-piece feed */
	for (size_t cut = 0; cut <= s.len; cut++) {
		struct ima_log *l;

		seen_init(&split);
		l = ima_log_new(PTS_MEAS_ALGO_SHA256, false, ima_record,
				&split);
		assert_int_equal(ima_log_feed(l, s.log, cut), PTS_OK);
		assert_int_equal(ima_log_feed(l, s.log + cut, s.len - cut),
				 PTS_OK);
		assert_int_equal(ima_log_finish(l), PTS_OK);
		ima_log_free(l);
		assert_int_equal(split.rec.len, whole.rec.len);
		assert_memory_equal(split.rec.data, whole.rec.data,
				    whole.rec.len);
		writer_free(&split.rec);
	}
	writer_free(&whole.rec);
	free(s.log);
}

/* Every cut inside the last entry: the earlier ones, then truncated. */
static void test_ima_truncated(void **state)
{
	struct ima_sample s;
	struct ima_seen seen;
	size_t last, off;

	(void)state;
	ima_sample(&s);
	last = s.e[IMA_N - 1].offset;
	for (size_t cut = last + 1; cut < s.len; cut++) {
		seen_init(&seen);
		assert_int_equal(ima_log_parse(s.log, cut, PTS_MEAS_ALGO_SHA1,
					       false, ima_record, &seen, &off),
				 PTS_ERR_TRUNCATED);
		assert_int_equal(off, last);
		assert_int_equal(seen.n, IMA_N - 1);
		writer_free(&seen.rec);
	}
	free(s.log);
}

/* The sample with entry i changed by fn before it is written. */
static enum pts_err ima_changed(int i, void (*fn)(struct ima_want *e),
				void (*raw)(uint8_t *entry, size_t len),
				size_t *off)
{
	struct ima_sample s;
	struct writer w;
	enum pts_err err;
	size_t end;

	ima_sample(&s);
	free(s.log);
	writer_init(&w);
	for (int k = 0; k < IMA_N; k++) {
		if (k == i && fn)
			fn(&s.e[k]);
		ima_write(&w, &s.e[k]);
		if (k == i && raw) {
			end = w.len;
			raw(w.data + s.e[k].offset, end - s.e[k].offset);
		}
	}
	err = ima_log_parse(w.data, w.len, PTS_MEAS_ALGO_SHA256, false, NULL,
			    NULL, off);
	writer_free(&w);
	return err;
}

static void flip_hash(uint8_t *p, size_t len)
{
	p[4] ^= 1;
}

static void pcr_11(uint8_t *p, size_t len)
{
	p[0] = 11;
}

static void template_xx(uint8_t *p, size_t len)
{
	memcpy(p + 28, "ima-xx", 6);
}

static void name_len_11(uint8_t *p, size_t len)
{
	p[24] = 11;
}

static void data_len_huge(uint8_t *p, size_t len)
{
	patch_u32le(p + 28 + 6, IMA_MAX_TEMPLATE_DATA + 1);
}

static void data_len_short(uint8_t *p, size_t len)
{
	/* the n-ng field no longer fits in the template data */
	p[28 + 6] -= 1;
}

static void dng_len_lie(uint8_t *p, size_t len)
{
	p[28 + 6 + 4] += 1;
}

static void legacy_name_256(uint8_t *p, size_t len)
{
	patch_u32le(p + 28 + 3 + 20, 256);
}

static void no_colon(struct ima_want *e)
{
	e->algo = "sha1x";	/* written as "sha1x:" NUL, then changed */
}

static void raw_no_colon(uint8_t *p, size_t len)
{
	p[28 + 6 + 8 + 5] = 'y';	/* "sha1xy" NUL: no ':' */
}

static void prefix_too_long(struct ima_want *e)
{
	e->algo = "averyveryverylong";
}

static void sha256_20(struct ima_want *e)
{
	e->algo = "sha256";
	e->digest_len = 20;
}

static void unknown_algo_0(struct ima_want *e)
{
	e->algo = "md4";
	e->digest_len = 0;
}

static void name_inner_nul(uint8_t *p, size_t len)
{
	/* n-ng of "/usr/bin/bash\0": its 'b' of "bin" becomes NUL */
	p[len - 14 + 5] = 0;
}

static void name_no_nul(uint8_t *p, size_t len)
{
	p[len - 1] = 'x';
}

static void legacy_inner_nul(uint8_t *p, size_t len)
{
	p[len - 3] = 0;
}

static void test_ima_malformed(void **state)
{
	static const struct {
		int entry;
		void (*fn)(struct ima_want *e);
		void (*raw)(uint8_t *entry, size_t len);
		enum pts_err err;
	} cases[] = {
		{ 1, NULL, flip_hash, PTS_ERR_TEMPLATE_HASH },
		{ 1, NULL, pcr_11, PTS_ERR_PCR },
		{ 1, NULL, template_xx, PTS_ERR_TEMPLATE },
		{ 1, NULL, name_len_11, PTS_ERR_LENGTH },
		{ 1, NULL, data_len_huge, PTS_ERR_LENGTH },
		{ 1, NULL, data_len_short, PTS_ERR_LENGTH },
		{ 1, NULL, dng_len_lie, PTS_ERR_LENGTH },
		{ 3, NULL, legacy_name_256, PTS_ERR_LENGTH },
		{ 1, no_colon, raw_no_colon, PTS_ERR_FORMAT },
		{ 1, prefix_too_long, NULL, PTS_ERR_FORMAT },
		{ 1, sha256_20, NULL, PTS_ERR_DIGEST_SIZE },
		{ 1, unknown_algo_0, NULL, PTS_ERR_DIGEST_SIZE },
		{ 1, NULL, name_inner_nul, PTS_ERR_FORMAT },
		{ 1, NULL, name_no_nul, PTS_ERR_FORMAT },
		{ 3, NULL, legacy_inner_nul, PTS_ERR_FORMAT },
	};
	struct ima_sample s;
	struct ima_log *l;
	size_t off;

	(void)state;
	ima_sample(&s);
	for (size_t i = 0; i < COUNT(cases); i++) {
		off = 0;
		assert_int_equal(ima_changed(cases[i].entry, cases[i].fn,
					     cases[i].raw, &off),
				 cases[i].err);
		assert_int_equal(off, s.e[cases[i].entry].offset);
	}

	/* the error sticks; a later good piece does not clear it */
	l = ima_log_new(PTS_MEAS_ALGO_SHA1, false, NULL, NULL);
	s.log[4] ^= 1;
	assert_int_equal(ima_log_feed(l, s.log, 10), PTS_OK);
	assert_int_equal(ima_log_feed(l, s.log + 10, s.len - 10),
			 PTS_ERR_TEMPLATE_HASH);
	s.log[4] ^= 1;
	assert_int_equal(ima_log_feed(l, s.log, s.len),
			 PTS_ERR_TEMPLATE_HASH);
	assert_int_equal(ima_log_finish(l), PTS_ERR_TEMPLATE_HASH);
	assert_int_equal(ima_log_offset(l), 0);
	ima_log_free(l);
	free(s.log);
}

/* ---- boot aggregate ---- */

struct ba_ctx {
	const struct pcr_bank *bank;
	bool pad;
	enum pts_err first;
	size_t n;
};

static enum pts_err check_first(void *ctx, const struct ima_entry *e)
{
	struct ba_ctx *c = ctx;

	if (c->n++ == 0)
		c->first = boot_aggregate_check(c->bank, c->pad, e);
	return PTS_OK;
}

/* A log of one boot_aggregate entry with the given digest. */
static enum pts_err ba_run(const struct pcr_bank *bank, bool pad,
			   const char *template, const char *algo,
			   const uint8_t *digest, size_t len,
			   const char *name)
{
	struct ima_want e = { .template = template, .algo = algo,
			      .digest_len = len, .name = name };
	struct ba_ctx c = { .bank = bank, .pad = pad, .first = PTS_ERR_ARG };
	struct writer w;

	memcpy(e.digest, digest, len);
	if (strcmp(template, "ima-sig") == 0)
		e.sig = "";	/* an empty signature field */
	writer_init(&w);
	ima_write(&w, &e);
	assert_int_equal(ima_log_parse(w.data, w.len, bank->algo, pad,
				       check_first, &c, NULL), PTS_OK);
	writer_free(&w);
	assert_int_equal(c.n, 1);
	return c.first;
}

static void test_boot_aggregate(void **state)
{
	uint8_t want[48], got[48], cat[10 * 32];
	struct bios_sample s;
	struct pcr_bank b;
	size_t len;

	(void)state;
	bios_sample(&s);

	/* SHA-256 bank replayed from the BIOS log: PCR0..9 */
	assert_int_equal(pcr_bank_reset(&b, PTS_MEAS_ALGO_SHA256, 0), PTS_OK);
	assert_int_equal(bios_log_replay(s.log, s.len, &b, NULL), PTS_OK);
	for (uint32_t i = 0; i < 10; i++)
		memcpy(cat + 32 * i, pcr_bank_read(&b, i), 32);
	hash_cat("SHA256", want, cat, (size_t)(10 * 32), NULL);
	assert_int_equal(boot_aggregate_digest(&b, false, got, &len), PTS_OK);
	assert_int_equal(len, 32);
	assert_memory_equal(got, want, 32);
	assert_int_equal(ba_run(&b, false, "ima-ng", "sha256", want, 32,
				BOOT_AGGREGATE_NAME), PTS_OK);
	assert_int_equal(ba_run(&b, false, "ima-sig", "sha256", want, 32,
				BOOT_AGGREGATE_NAME), PTS_OK);
	want[0] ^= 1;
	assert_int_equal(ba_run(&b, false, "ima-ng", "sha256", want, 32,
				BOOT_AGGREGATE_NAME), PTS_ERR_MISMATCH);
	want[0] ^= 1;
	assert_int_equal(ba_run(&b, false, "ima-ng", "sha256", want, 32,
				"boot_aggregatf"), PTS_ERR_FORMAT);
	/* a wrong prefix changes the template hash */
	assert_int_equal(ba_run(&b, false, "ima-ng", "sha384", cat, 48,
				BOOT_AGGREGATE_NAME), PTS_ERR_MISMATCH);

	/* with padding: SHA-256 over PCR0..7, SHA-1 template hash padded */
	hash_cat("SHA256", want, cat, (size_t)(8 * 32), NULL);
	assert_int_equal(boot_aggregate_digest(&b, true, got, &len), PTS_OK);
	assert_memory_equal(got, want, 32);
	assert_int_equal(ba_run(&b, true, "ima-ng", "sha256", want, 32,
				BOOT_AGGREGATE_NAME), PTS_OK);

	/* SHA-1 bank: PCR0..7, ima-ng and legacy ima */
	assert_int_equal(pcr_bank_reset(&b, PTS_MEAS_ALGO_SHA1, 0), PTS_OK);
	assert_int_equal(bios_log_replay(s.log, s.len, &b, NULL), PTS_OK);
	for (uint32_t i = 0; i < 8; i++)
		memcpy(cat + 20 * i, pcr_bank_read(&b, i), 20);
	hash_cat("SHA1", want, cat, (size_t)(8 * 20), NULL);
	assert_int_equal(boot_aggregate_digest(&b, false, got, &len), PTS_OK);
	assert_int_equal(len, 20);
	assert_memory_equal(got, want, 20);
	assert_int_equal(ba_run(&b, false, "ima-ng", "sha1", want, 20,
				BOOT_AGGREGATE_NAME), PTS_OK);
	assert_int_equal(ba_run(&b, false, "ima", NULL, want, 20,
				BOOT_AGGREGATE_NAME), PTS_OK);
	want[19] ^= 0x80;
	assert_int_equal(ba_run(&b, false, "ima", NULL, want, 20,
				BOOT_AGGREGATE_NAME), PTS_ERR_MISMATCH);

	/* a known bank: fresh SHA-1 bank, locality 3 */
	assert_int_equal(pcr_bank_reset(&b, PTS_MEAS_ALGO_SHA1, 3), PTS_OK);
	memset(cat, 0, 160);
	cat[19] = 3;
	hash_cat("SHA1", want, cat, (size_t)160, NULL);
	assert_int_equal(boot_aggregate_digest(&b, false, got, &len), PTS_OK);
	assert_memory_equal(got, want, 20);
	free(s.log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meas_algo),
		cmocka_unit_test(test_pcr_bank),
		cmocka_unit_test(test_pcr_composite_vector),
		cmocka_unit_test(test_bios_parse),
		cmocka_unit_test(test_bios_replay),
		cmocka_unit_test(test_bios_truncated),
		cmocka_unit_test(test_bios_malformed),
		cmocka_unit_test(test_ima_parse),
		cmocka_unit_test(test_ima_chunks),
		cmocka_unit_test(test_ima_truncated),
		cmocka_unit_test(test_ima_malformed),
		cmocka_unit_test(test_boot_aggregate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
