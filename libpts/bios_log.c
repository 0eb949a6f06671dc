/*
 * bios_log.c - the crypto-agile firmware event log parser (bios_log.h).
 *
 * Layouts (attestation spec 6.1; TCG PC Client Platform Firmware Profile
 * 10.2.1 and 10.4.5): the first event is TCG_PCClientPCREvent (PCR 4, type
 * 4, SHA-1 digest 20, size 4, data), every later one TCG_PCR_EVENT2 (PCR
 * 4, type 4, count 4, count x (alg 2, digest), size 4, data).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bios_log.h"

#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "pts_le.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

#define SPEC_ID_SIGNATURE "Spec ID Event03"	/* 16 bytes with the NUL */
#define LOCALITY_SIGNATURE "StartupLocality"	/* 16 bytes with the NUL */
#define SHA1_SIZE 20

/*
 * Digest sizes of the algorithms spec 6.1 names. A header may declare
 * others (SM3, SHA3) with their own size; these it must not contradict.
 */
static const struct bios_alg known_algs[] = {
	{ TPM_ALG_SHA1, 20 },
	{ TPM_ALG_SHA256, 32 },
	{ TPM_ALG_SHA384, 48 },
	{ TPM_ALG_SHA512, 64 },
};

/* Event types of spec 6.1 (TCG PC Client PFP 10.4.1). */
static const struct {
	uint32_t type;
	const char *name;
} event_types[] = {
	{ 0x00, "EV_PREBOOT_CERT" },
	{ 0x01, "EV_POST_CODE" },
	{ 0x02, "EV_UNUSED" },
	{ 0x03, "EV_NO_ACTION" },
	{ 0x04, "EV_SEPARATOR" },
	{ 0x05, "EV_ACTION" },
	{ 0x06, "EV_EVENT_TAG" },
	{ 0x07, "EV_S_CRTM_CONTENTS" },
	{ 0x08, "EV_S_CRTM_VERSION" },
	{ 0x09, "EV_CPU_MICROCODE" },
	{ 0x0A, "EV_PLATFORM_CONFIG_FLAGS" },
	{ 0x0B, "EV_TABLE_OF_DEVICES" },
	{ 0x0C, "EV_COMPACT_HASH" },
	{ 0x0D, "EV_IPL" },
	{ 0x0E, "EV_IPL_PARTITION_DATA" },
	{ 0x0F, "EV_NONHOST_CODE" },
	{ 0x10, "EV_NONHOST_CONFIG" },
	{ 0x11, "EV_NONHOST_INFO" },
	{ 0x12, "EV_OMIT_BOOT_DEVICE_EVENTS" },
	{ 0x80000001, "EV_EFI_VARIABLE_DRIVER_CONFIG" },
	{ 0x80000002, "EV_EFI_VARIABLE_BOOT" },
	{ 0x80000003, "EV_EFI_BOOT_SERVICES_APPLICATION" },
	{ 0x80000004, "EV_EFI_BOOT_SERVICES_DRIVER" },
	{ 0x80000005, "EV_EFI_RUNTIME_SERVICES_DRIVER" },
	{ 0x80000006, "EV_EFI_GPT_EVENT" },
	{ 0x80000007, "EV_EFI_ACTION" },
	{ 0x80000008, "EV_EFI_PLATFORM_FIRMWARE_BLOB" },
	{ 0x80000009, "EV_EFI_HANDOFF_TABLES" },
	{ 0x80000010, "EV_EFI_HCRTM_EVENT" },
	{ 0x800000E0, "EV_EFI_VARIABLE_AUTHORITY" },
};

const char *bios_event_type_name(uint32_t type)
{
	for (size_t i = 0; i < COUNT(event_types); i++)
		if (event_types[i].type == type)
			return event_types[i].name;
	return NULL;
}

static const struct bios_alg *header_alg(const struct bios_spec_id *hdr,
					 uint16_t alg)
{
	for (uint32_t i = 0; i < hdr->alg_count; i++)
		if (hdr->algs[i].alg == alg)
			return &hdr->algs[i];
	return NULL;
}

static enum pts_err check_alg_size(const struct bios_alg *a)
{
	for (size_t i = 0; i < COUNT(known_algs); i++)
		if (known_algs[i].alg == a->alg)
			return known_algs[i].size == a->size ?
			       PTS_OK : PTS_ERR_DIGEST_SIZE;
	return a->size && a->size <= BIOS_LOG_MAX_DIGEST ?
	       PTS_OK : PTS_ERR_DIGEST_SIZE;
}

/* The algorithm list of TCG_EfiSpecIDEvent; r stands at its count. */
static enum pts_err read_spec_algs(struct reader *r, struct bios_spec_id *hdr)
{
	enum pts_err err;

	hdr->alg_count = reader_u32le(r);
	if (!reader_ok(r))
		return PTS_ERR_HEADER;
	if (!hdr->alg_count || hdr->alg_count > BIOS_LOG_MAX_ALGS)
		return PTS_ERR_LENGTH;
	for (uint32_t i = 0; i < hdr->alg_count; i++) {
		hdr->algs[i].alg = reader_u16le(r);
		hdr->algs[i].size = reader_u16le(r);
		if (!reader_ok(r))
			return PTS_ERR_HEADER;
		if (header_alg(hdr, hdr->algs[i].alg) != &hdr->algs[i])
			return PTS_ERR_HEADER;	/* declared twice */
		err = check_alg_size(&hdr->algs[i]);
		if (err != PTS_OK)
			return err;
	}
	return PTS_OK;
}

/* The data of the first event: TCG_EfiSpecIDEvent, nothing after it. */
static enum pts_err read_spec_id(struct reader *r, struct bios_spec_id *hdr)
{
	const uint8_t *sig = reader_bytes(r, sizeof(SPEC_ID_SIGNATURE));
	enum pts_err err;

	if (!sig || memcmp(sig, SPEC_ID_SIGNATURE,
			   sizeof(SPEC_ID_SIGNATURE)) != 0)
		return PTS_ERR_HEADER;
	hdr->platform_class = reader_u32le(r);
	hdr->version_minor = reader_u8(r);
	hdr->version_major = reader_u8(r);
	hdr->errata = reader_u8(r);
	hdr->uintn_size = reader_u8(r);
	if (!reader_ok(r) || hdr->version_major != 2 ||
	    (hdr->uintn_size != 1 && hdr->uintn_size != 2))
		return PTS_ERR_HEADER;
	err = read_spec_algs(r, hdr);
	if (err != PTS_OK)
		return err;
	hdr->vendor_info_size = reader_u8(r);
	hdr->vendor_info = reader_bytes(r, hdr->vendor_info_size);
	if (!reader_ok(r) || reader_left(r))
		return PTS_ERR_HEADER;
	return PTS_OK;
}

/* The first event, in the TPM 1.2 layout: PCR 0, EV_NO_ACTION. */
static enum pts_err read_header_event(struct reader *r,
				      struct bios_spec_id *hdr)
{
	uint32_t pcr = reader_u32le(r), type = reader_u32le(r), size;
	struct reader data;

	reader_skip(r, SHA1_SIZE);
	size = reader_u32le(r);
	if (!reader_ok(r))
		return PTS_ERR_TRUNCATED;
	if (pcr != 0 || type != EV_NO_ACTION)
		return PTS_ERR_HEADER;
	if (size > reader_left(r))
		return PTS_ERR_LENGTH;
	data = reader_sub(r, size);
	return read_spec_id(&data, hdr);
}

/* The digest list of TCG_PCR_EVENT2; sizes come from the header. */
static enum pts_err read_digests(struct reader *r,
				 const struct bios_spec_id *hdr,
				 uint16_t bank_alg, struct bios_event *ev)
{
	const struct bios_alg *a;
	struct bios_digest *d;

	ev->digest_count = reader_u32le(r);
	if (!reader_ok(r))
		return PTS_ERR_TRUNCATED;
	if (ev->digest_count > hdr->alg_count)
		return PTS_ERR_LENGTH;
	for (uint32_t i = 0; i < ev->digest_count; i++) {
		d = &ev->digests[i];
		d->alg = reader_u16le(r);
		if (!reader_ok(r))
			return PTS_ERR_TRUNCATED;
		a = header_alg(hdr, d->alg);
		if (!a)
			return PTS_ERR_ALGO;
		for (uint32_t j = 0; j < i; j++)
			if (ev->digests[j].alg == d->alg)
				return PTS_ERR_FORMAT;
		d->size = a->size;
		d->value = reader_bytes(r, a->size);
		if (!d->value)
			return PTS_ERR_TRUNCATED;
		if (d->alg == bank_alg) {
			ev->digest = d->value;
			ev->digest_size = d->size;
		}
	}
	return PTS_OK;
}

/*
 * An EV_NO_ACTION event in PCR 0 with "StartupLocality\0" + one byte
 * (TCG PC Client PFP 10.4.5.3) gives the locality the TPM started from.
 */
static enum pts_err read_startup_locality(struct bios_event *ev)
{
	struct reader r;
	const uint8_t *sig;

	ev->startup_locality = -1;
	if (ev->type != EV_NO_ACTION || ev->pcr != 0)
		return PTS_OK;
	reader_init(&r, ev->data, ev->data_size);
	sig = reader_bytes(&r, sizeof(LOCALITY_SIGNATURE));
	if (!sig || memcmp(sig, LOCALITY_SIGNATURE,
			   sizeof(LOCALITY_SIGNATURE)) != 0)
		return PTS_OK;
	ev->startup_locality = reader_u8(&r);
	if (!reader_ok(&r) || reader_left(&r))
		return PTS_ERR_FORMAT;
	if (ev->startup_locality > PCR_BANK_MAX_LOCALITY)
		return PTS_ERR_LOCALITY;
	return PTS_OK;
}

static enum pts_err read_event(struct reader *r,
			       const struct bios_spec_id *hdr,
			       uint16_t bank_alg, struct bios_event *ev)
{
	enum pts_err err;

	memset(ev, 0, sizeof(*ev));
	ev->offset = r->pos;
	ev->pcr = reader_u32le(r);
	ev->type = reader_u32le(r);
	if (!reader_ok(r))
		return PTS_ERR_TRUNCATED;
	if (ev->pcr >= PCR_BANK_PCRS)
		return PTS_ERR_PCR;
	err = read_digests(r, hdr, bank_alg, ev);
	if (err != PTS_OK)
		return err;
	ev->data_size = reader_u32le(r);
	if (!reader_ok(r))
		return PTS_ERR_TRUNCATED;
	if (ev->data_size > reader_left(r))
		return PTS_ERR_LENGTH;
	ev->data = reader_bytes(r, ev->data_size);
	return read_startup_locality(ev);
}

enum pts_err bios_log_parse(const uint8_t *log, size_t len,
			    enum pts_meas_algo bank, struct bios_spec_id *hdr,
			    bios_event_cb cb, void *ctx, size_t *offset)
{
	uint16_t bank_alg = pts_meas_algo_to_tpm(bank);
	struct bios_spec_id local;
	struct bios_event ev;
	struct reader r;
	enum pts_err err;
	size_t at = 0;

	if (!hdr)
		hdr = &local;
	memset(hdr, 0, sizeof(*hdr));
	reader_init(&r, log, len);
	err = bank_alg == TPM_ALG_ERROR ? PTS_ERR_ARG :
	      read_header_event(&r, hdr);
	if (err == PTS_OK && !header_alg(hdr, bank_alg))
		err = PTS_ERR_ALGO;
	while (err == PTS_OK && reader_left(&r)) {
		at = r.pos;
		err = read_event(&r, hdr, bank_alg, &ev);
		if (err == PTS_OK && cb)
			err = cb(ctx, &ev);
	}
	if (offset)
		*offset = at;
	return err;
}

static enum pts_err replay_event(void *ctx, const struct bios_event *ev)
{
	struct pcr_bank *bank = ctx;

	if (ev->startup_locality >= 0)
		return pcr_bank_startup_locality(bank,
						 (uint8_t)ev->startup_locality);
	if (ev->type == EV_NO_ACTION || !ev->digest)
		return PTS_OK;
	return pcr_bank_extend(bank, ev->pcr, ev->digest, ev->digest_size);
}

enum pts_err bios_log_replay(const uint8_t *log, size_t len,
			     struct pcr_bank *bank, size_t *offset)
{
	return bios_log_parse(log, len, bank->algo, NULL, replay_event, bank,
			      offset);
}
