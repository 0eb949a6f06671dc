/*
 * evidence.c - component evidence of the firmware and IMA logs (see
 * evidence.h; attestation spec 6.1-6.5).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bios_log.h"
#include "boot_aggregate.h"
#include "evidence.h"
#include "ima_log.h"
#include "os_info.h"
#include "tcg_pts.h"

/* What one log's callbacks need. */
struct measure_ctx {
	struct evidence *ev;
	uint8_t qualifier;
	char time[TCG_PTS_MEAS_TIME_LEN + 1];
	bool pad;
	size_t entries;
	/* ima: "<algo>:<name>" of the current entry */
	char *uri;
	size_t uri_size;
	const char *what;
};

void evidence_init(struct evidence *ev)
{
	memset(ev, 0, sizeof(*ev));
	writer_init(&ev->attrs);
}

void evidence_free(struct evidence *ev)
{
	writer_free(&ev->attrs);
	ev->count = ev->next = 0;
}

enum pts_err evidence_start(struct evidence *ev, enum pts_meas_algo algo,
			    uint8_t locality)
{
	enum pts_err err = pcr_bank_reset(&ev->bank, algo, locality);

	writer_reset(&ev->attrs);
	ev->count = ev->next = 0;
	ev->bios_done = false;
	ev->bank_ready = err == PTS_OK;
	return err;
}

/* The log file's ctime as the measurement time of its evidence. */
static void file_time(const char *path, char out[TCG_PTS_MEAS_TIME_LEN + 1])
{
	struct stat st;

	os_rfc3339(stat(path, &st) == 0 ? st.st_ctime : 0, out);
}

/*
 * Appends one Simple Component Evidence and extends the bank with its
 * measurement (spec 6.3, 6.4): the evidence explains the PCR it names.
 */
static enum pts_err add_evidence(struct measure_ctx *m, uint32_t pcr,
				 uint8_t validation, uint8_t transform,
				 const char *uri, const uint8_t *meas,
				 size_t meas_len)
{
	struct evidence *ev = m->ev;
	struct tcg_pts_attr a = { .type = TCG_PTS_SIMPLE_COMP_EVID };
	struct tcg_simple_comp_evid *e = &a.v.simple_comp_evid;
	enum pts_err err;

	err = pcr_bank_extend(&ev->bank, pcr, meas, meas_len);
	if (err != PTS_OK) {
		m->what = "cannot extend the emulated PCR";
		return err;
	}
	e->flags = validation;
	e->name = (struct tcg_pts_comp_name){ PEN_ITA, 0, m->qualifier,
					      TCG_PTS_COMP_ITA_IMA };
	e->pcr = pcr;
	e->hash_algo = (uint16_t)ev->bank.algo;
	e->transform = transform;
	e->time = (struct pa_bytes){ (const uint8_t *)m->time,
				     TCG_PTS_MEAS_TIME_LEN };
	if (uri)
		e->policy_uri = (struct pa_bytes){ (const uint8_t *)uri,
						   strlen(uri) };
	e->measurement = (struct pa_bytes){ meas, meas_len };
	if (tcg_pts_attr_encode(&a, &ev->attrs) < 0) {
		m->what = "cannot encode the evidence";
		return PTS_ERR_NOMEM;
	}
	ev->count++;
	m->entries++;
	return PTS_OK;
}

static enum pts_err on_bios_event(void *ctx, const struct bios_event *e)
{
	struct measure_ctx *m = ctx;

	/* spec 6.1: EV_NO_ACTION extends nothing, nor does an event
	 * without a digest of this bank */
	if (e->type == EV_NO_ACTION || !e->digest)
		return PTS_OK;
	return add_evidence(m, e->pcr, TCG_PTS_VALIDATION_NONE,
			    TCG_PTS_PCR_TRANSFORM_MATCH, NULL, e->digest,
			    e->digest_size);
}

/* Reads a whole file of at most max bytes; caller frees *out. */
static enum pts_err read_file(const char *path, size_t max, uint8_t **out,
			      size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *p;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return PTS_ERR_ARG;
	for (;;) {
		if (*len == cap) {
			if (cap >= max) {
				free(buf);
				fclose(f);
				return PTS_ERR_LENGTH;
			}
			cap = cap ? cap * 2 : 65536;
			p = realloc(buf, cap);
			if (!p) {
				free(buf);
				fclose(f);
				return PTS_ERR_NOMEM;
			}
			buf = p;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		if (n == 0)
			break;
		*len += n;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return PTS_ERR_ARG;
	}
	fclose(f);
	*out = buf;
	return PTS_OK;
}

enum pts_err evidence_bios(struct evidence *ev, const char *path,
			   struct evidence_result *res)
{
	struct measure_ctx m = { .ev = ev, .qualifier = EVIDENCE_QUAL_BIOS };
	uint8_t *log = NULL;
	size_t len;
	enum pts_err err;

	memset(res, 0, sizeof(*res));
	if (!ev->bank_ready) {
		res->what = "no measurement round started";
		return PTS_ERR_ARG;
	}
	err = read_file(path, EVIDENCE_BIOS_MAX, &log, &len);
	if (err != PTS_OK) {
		res->what = "cannot read the firmware event log";
		return err;
	}
	file_time(path, m.time);
	err = bios_log_parse(log, len, ev->bank.algo, NULL, on_bios_event,
			     &m, &res->offset);
	free(log);
	res->entries = m.entries;
	if (err != PTS_OK) {
		res->what = m.what ? m.what : "invalid firmware event log";
		return err;
	}
	ev->bios_done = true;
	return PTS_OK;
}

/* spec 6.3: "<algo>:<name>" for ima-ng, "<name>" for the ima template */
static const char *policy_uri(struct measure_ctx *m,
			      const struct ima_entry *e)
{
	size_t need = e->algo_name_len + 1 + e->name_len + 1;
	char *p;

	if (need > m->uri_size) {
		p = realloc(m->uri, need);
		if (!p)
			return NULL;
		m->uri = p;
		m->uri_size = need;
	}
	if (e->template == IMA_TEMPLATE_IMA)
		snprintf(m->uri, m->uri_size, "%.*s", (int)e->name_len,
			 e->name);
	else
		snprintf(m->uri, m->uri_size, "%.*s:%.*s",
			 (int)e->algo_name_len, e->algo_name,
			 (int)e->name_len, e->name);
	return m->uri;
}

static enum pts_err check_first(struct measure_ctx *m,
				const struct ima_entry *e)
{
	enum pts_err err;

	if (e->name_len != strlen(BOOT_AGGREGATE_NAME) ||
	    memcmp(e->name, BOOT_AGGREGATE_NAME, e->name_len) != 0) {
		m->what = "first IMA entry is not boot_aggregate";
		return PTS_ERR_FORMAT;
	}
	if (!m->ev->bios_done)
		return PTS_OK;
	err = boot_aggregate_check(&m->ev->bank, m->pad, e);
	if (err != PTS_OK)
		m->what = "boot aggregate does not match the firmware log";
	return err;
}

static enum pts_err on_ima_entry(void *ctx, const struct ima_entry *e)
{
	struct measure_ctx *m = ctx;
	const char *uri;
	enum pts_err err;

	if (m->entries == 0 && (err = check_first(m, e)) != PTS_OK)
		return err;
	if (e->pcr != IMA_PCR) {
		m->what = "IMA entry for a PCR other than 10";
		return PTS_ERR_PCR;
	}
	uri = policy_uri(m, e);
	if (!uri) {
		m->what = "out of memory";
		return PTS_ERR_NOMEM;
	}
	return add_evidence(m, IMA_PCR, TCG_PTS_VALIDATION_PASSED,
			    m->pad && m->ev->bank.algo != PTS_MEAS_ALGO_SHA1 ?
			    TCG_PTS_PCR_TRANSFORM_SHORT :
			    TCG_PTS_PCR_TRANSFORM_MATCH,
			    uri, e->bank_hash, e->bank_hash_len);
}

/* Feeds the file to the parser chunk by chunk. */
static enum pts_err feed_file(struct ima_log *log, FILE *f)
{
	uint8_t *buf = malloc(EVIDENCE_IMA_CHUNK);
	enum pts_err err = PTS_OK;
	size_t n;

	if (!buf)
		return PTS_ERR_NOMEM;
	while (err == PTS_OK &&
	       (n = fread(buf, 1, EVIDENCE_IMA_CHUNK, f)) > 0)
		err = ima_log_feed(log, buf, n);
	free(buf);
	if (err == PTS_OK && ferror(f))
		err = PTS_ERR_ARG;
	return err == PTS_OK ? ima_log_finish(log) : err;
}

enum pts_err evidence_ima(struct evidence *ev, const char *path, bool pad,
			  struct evidence_result *res)
{
	struct measure_ctx m = { .ev = ev, .qualifier = EVIDENCE_QUAL_IMA,
				 .pad = pad };
	struct ima_log *log;
	enum pts_err err;
	FILE *f;

	memset(res, 0, sizeof(*res));
	if (!ev->bank_ready) {
		res->what = "no measurement round started";
		return PTS_ERR_ARG;
	}
	f = fopen(path, "rb");
	if (!f) {
		res->what = "cannot read the IMA log";
		return PTS_ERR_ARG;
	}
	file_time(path, m.time);
	log = ima_log_new(ev->bank.algo, pad, on_ima_entry, &m);
	if (!log) {
		fclose(f);
		res->what = "bank not supported for IMA";
		return PTS_ERR_ALGO;
	}
	err = feed_file(log, f);
	fclose(f);
	res->offset = ima_log_offset(log);
	res->entries = m.entries;
	ima_log_free(log);
	free(m.uri);
	if (err == PTS_OK && m.entries == 0) {
		res->what = "empty IMA log";
		return PTS_ERR_TRUNCATED;
	}
	if (err != PTS_OK)
		res->what = m.what ? m.what : "invalid IMA log";
	return err;
}

bool evidence_next(struct evidence *ev, struct pa_attr_raw *raw)
{
	struct reader r;

	if (ev->next >= ev->attrs.len) {
		writer_reset(&ev->attrs);
		ev->count = ev->next = 0;
		return false;
	}
	/* our own encoding: flags, vendor, type, length incl. header */
	reader_init(&r, ev->attrs.data + ev->next, ev->attrs.len - ev->next);
	raw->flags = reader_u8(&r);
	raw->vendor = reader_u24(&r);
	raw->type = reader_u32(&r);
	raw->len = reader_u32(&r) - PA_TNC_ATTR_HEADER_LEN;
	raw->value = reader_bytes(&r, raw->len);
	if (!reader_ok(&r)) {
		ev->next = ev->attrs.len;
		return false;
	}
	ev->next += PA_TNC_ATTR_HEADER_LEN + raw->len;
	return true;
}
