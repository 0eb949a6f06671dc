/*
 * component.c - per-component evidence verification and summaries of
 * the Attestation IMV (component.h; attestation spec 6.4-6.6).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "component.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot_aggregate.h"
#include "ima_log.h"
#include "pa_tnc.h"

/*
 * A registry component learns its entries on the first attestation of a
 * device and compares them later (B, T); the IMA component checks the
 * boot aggregate and then every file against the golden hashes (I).
 */
enum comp_kind {
	COMP_REGISTRY,
	COMP_IMA,
};

struct comp_desc {
	char letter;
	uint32_t name;		/* enum tcg_pts_comp_ita */
	uint8_t qualifier;
	enum comp_kind kind;
	const char *what;	/* summary noun prefix, registry kinds */
	bool bios;		/* its evidence precedes the boot aggregate */
};

#define QUAL(type) (TCG_PTS_QUALIFIER_KERNEL | (type))

static const struct comp_desc comp_table[] = {
	{ 'B', TCG_PTS_COMP_ITA_IMA, QUAL(TCG_PTS_QUALIFIER_TRUSTED),
	  COMP_REGISTRY, "BIOS ", true },
	{ 'I', TCG_PTS_COMP_ITA_IMA, QUAL(TCG_PTS_QUALIFIER_OS),
	  COMP_IMA, "", false },
	{ 'T', TCG_PTS_COMP_ITA_TBOOT, QUAL(TCG_PTS_QUALIFIER_TRUSTED),
	  COMP_REGISTRY, "", false },
};

#define COMP_COUNT (sizeof(comp_table) / sizeof(comp_table[0]))

/* A policy URI without ':' in its first 7 characters is legacy ima. */
#define URI_ALGO_SPAN 7
#define LEGACY_DIGEST_LEN 20

struct att_comp {
	const struct comp_desc *d;
	struct tcg_pts_comp_name name;
	struct att_verifier *v;
	bool prepared;		/* row and stored count looked up */
	int64_t cid;		/* components.id, 0 when missing */
	int64_t stored;		/* reference entries of the device */
	bool registering;
	bool summarized;
	int seq;		/* evidence seen (registry), or 1 after the
				 * boot aggregate (IMA) */
	int count, ok, unknown, differ, failed;	/* IMA files */
};

struct att_comp *att_comp_new(char letter, struct att_verifier *v)
{
	struct att_comp *comp;
	size_t i;

	for (i = 0; i < COMP_COUNT; i++)
		if (comp_table[i].letter == letter)
			break;
	if (i == COMP_COUNT)
		return NULL;
	comp = calloc(1, sizeof(*comp));
	if (!comp)
		return NULL;
	comp->d = &comp_table[i];
	comp->v = v;
	comp->name = (struct tcg_pts_comp_name){
		.vendor = PEN_ITA,
		.family = 0,
		.qualifier = comp->d->qualifier,
		.name = comp->d->name,
	};
	return comp;
}

/* Removes what a registration wrote for the device and bank. */
static void unregister(struct att_comp *comp)
{
	struct att_verifier *v = comp->v;
	struct db_stmt *st;

	if (!v->db || !comp->cid)
		return;
	st = db_prepare(v->db, "DELETE FROM component_hashes "
			"WHERE component = ? AND key = ? AND algo = ?");
	if (!st)
		return;
	db_bind_int(st, 1, comp->cid);
	db_bind_int(st, 2, v->device);
	db_bind_int(st, 3, v->bank.algo);
	db_run(st);
}

void att_comp_free(struct att_comp *comp)
{
	if (!comp)
		return;
	if (comp->registering && !comp->summarized)
		unregister(comp);
	free(comp);
}

char att_comp_letter(const struct att_comp *comp)
{
	return comp->d->letter;
}

const struct tcg_pts_comp_name *att_comp_name(const struct att_comp *comp)
{
	return &comp->name;
}

bool att_comp_matches(const struct att_comp *comp,
		      const struct tcg_pts_comp_name *name)
{
	return tcg_pts_comp_name_equal(&comp->name, name);
}

/* ---------------------------------------------- reference entries */

/*
 * The component row and how many reference entries the device has in
 * this bank; none means this attestation registers them (spec 6.6).
 */
static bool prepare(struct att_comp *comp)
{
	struct att_verifier *v = comp->v;

	if (comp->prepared)
		return comp->cid > 0;
	comp->prepared = true;
	if (!v->db)
		return false;
	if (!db_query_id(v->db, "SELECT id FROM components WHERE "
			 "vendor_id = ? AND name = ? AND qualifier = ?",
			 DB_ARGS(DB_ARG_INT(comp->name.vendor),
				 DB_ARG_INT(comp->name.name),
				 DB_ARG_INT(comp->name.qualifier)), &comp->cid) ||
	    comp->cid <= 0) {
		comp->cid = 0;
		return false;
	}
	if (!db_query_id(v->db, "SELECT COUNT(*) FROM component_hashes "
			 "WHERE component = ? AND key = ? AND algo = ?",
			 DB_ARGS(DB_ARG_INT(comp->cid), DB_ARG_INT(v->device),
				 DB_ARG_INT(v->bank.algo)), &comp->stored)) {
		comp->cid = 0;
		return false;
	}
	comp->registering = comp->stored == 0;
	return true;
}

static enum att_evid insert_entry(struct att_comp *comp, int seq,
				  uint32_t pcr, struct pa_bytes value)
{
	struct att_verifier *v = comp->v;
	struct db_stmt *st = db_prepare(v->db, "INSERT INTO component_hashes"
		" (component, key, seq_no, pcr, algo, hash) VALUES "
		"(?, ?, ?, ?, ?, ?)");

	if (!st)
		return ATT_EVID_FAILED;
	db_bind_int(st, 1, comp->cid);
	db_bind_int(st, 2, v->device);
	db_bind_int(st, 3, seq);
	db_bind_int(st, 4, pcr);
	db_bind_int(st, 5, v->bank.algo);
	db_bind_blob(st, 6, value.ptr, value.len);
	return db_run(st) ? ATT_EVID_OK : ATT_EVID_FAILED;
}

/*
 * Registers the entry (seq, pcr), or compares it with the stored one: a
 * different value fails, a missing one does not (the summary reports
 * counts, spec 6.6).
 */
static enum att_evid reference_entry(struct att_comp *comp, int seq,
				     uint32_t pcr, struct pa_bytes value)
{
	struct att_verifier *v = comp->v;
	struct db_stmt *st;
	enum att_evid r = ATT_EVID_OK;
	enum db_step step;
	const void *stored;
	size_t len;

	if (!prepare(comp))
		return ATT_EVID_FAILED;
	if (comp->registering)
		return insert_entry(comp, seq, pcr, value);
	st = db_prepare(v->db, "SELECT hash FROM component_hashes WHERE "
			"component = ? AND key = ? AND algo = ? AND "
			"seq_no = ? AND pcr = ?");
	if (!st)
		return ATT_EVID_FAILED;
	db_bind_int(st, 1, comp->cid);
	db_bind_int(st, 2, v->device);
	db_bind_int(st, 3, v->bank.algo);
	db_bind_int(st, 4, seq);
	db_bind_int(st, 5, pcr);
	step = db_step(st);
	if (step == DB_ERROR)
		r = ATT_EVID_FAILED;
	if (step == DB_ROW) {
		stored = db_column_blob(st, 0, &len);
		if (len != value.len ||
		    (len && memcmp(stored, value.ptr, len) != 0))
			r = ATT_EVID_FAILED;
	}
	db_done(st);
	return r;
}

/* ------------------------------------------------------ evidence */

static bool padded(const struct tcg_simple_comp_evid *e)
{
	return e->transform == TCG_PTS_PCR_TRANSFORM_SHORT;
}

static enum att_evid verify_registry(struct att_comp *comp,
				     const struct tcg_simple_comp_evid *e)
{
	comp->seq++;
	if (comp->d->bios)
		comp->v->bios_seen = true;
	return reference_entry(comp, comp->seq, e->pcr, e->measurement);
}

/* The fields of spec 6.2 an IMA evidence's policy URI names. */
static bool entry_from_uri(const struct tcg_simple_comp_evid *e,
			   struct ima_entry *out)
{
	const char *uri = (const char *)e->policy_uri.ptr;
	size_t len = e->policy_uri.len;
	size_t span = len < URI_ALGO_SPAN ? len : URI_ALGO_SPAN;
	const char *colon = memchr(uri, ':', span);
	static const uint8_t none[LEGACY_DIGEST_LEN];

	if (e->measurement.len > sizeof(out->bank_hash))
		return false;
	memset(out, 0, sizeof(*out));
	out->pcr = e->pcr;
	if (colon) {
		out->template = IMA_TEMPLATE_IMA_NG;
		out->algo_name = uri;
		out->algo_name_len = (size_t)(colon - uri);
		out->name = colon + 1;
		out->name_len = len - out->algo_name_len - 1;
	} else {
		out->template = IMA_TEMPLATE_IMA;
		out->digest_algo = PTS_MEAS_ALGO_SHA1;
		out->name = uri;
		out->name_len = len;
	}
	/* replaced by the recomputed aggregate; legacy has room for SHA-1 */
	out->digest = none;
	out->digest_len = LEGACY_DIGEST_LEN;
	memcpy(out->bank_hash, e->measurement.ptr, e->measurement.len);
	out->bank_hash_len = e->measurement.len;
	return true;
}

/*
 * The first IMA evidence: after firmware evidence it must be the boot
 * aggregate of the PCRs replayed so far (spec 6.5); its value (the
 * aggregate, or the measurement without firmware evidence) is entry 1
 * of the IMA component.
 */
static enum att_evid verify_boot_aggregate(struct att_comp *comp,
					   const struct tcg_simple_comp_evid *e)
{
	struct att_verifier *v = comp->v;
	uint8_t aggregate[PTS_MEAS_ALGO_MAX_SIZE];
	struct pa_bytes value = e->measurement;
	struct ima_entry first;
	size_t len;

	comp->seq = 1;
	if (v->bios_seen) {
		if (!entry_from_uri(e, &first) ||
		    boot_aggregate_check(&v->bank, padded(e), &first) !=
		    PTS_OK ||
		    boot_aggregate_digest(&v->bank, padded(e), aggregate,
					  &len) != PTS_OK)
			return ATT_EVID_FAILED;
		value = (struct pa_bytes){ aggregate, len };
	}
	return reference_entry(comp, 1, e->pcr, value);
}

/* Counter and verdict of each golden result (spec 6.6). */
static enum att_evid count_file(struct att_comp *comp, enum golden_result r)
{
	switch (r) {
	case GOLDEN_OK:
		comp->ok++;
		return ATT_EVID_OK;
	case GOLDEN_UNKNOWN:
		/* no golden hash: reported; held against the endpoint only
		 * when the policy says so */
		comp->unknown++;
		return comp->v->unknown_fails ? ATT_EVID_FAILED : ATT_EVID_OK;
	case GOLDEN_DIFFER:
		comp->differ++;
		return ATT_EVID_FAILED;
	case GOLDEN_FAILED:
	default:
		comp->failed++;
		return ATT_EVID_FAILED;
	}
}

static enum att_evid verify_ima(struct att_comp *comp,
				const struct tcg_simple_comp_evid *e)
{
	struct att_verifier *v = comp->v;
	enum golden_result r = GOLDEN_FAILED;

	if (comp->seq == 0)
		return verify_boot_aggregate(comp, e);
	comp->count++;
	if ((e->flags & TCG_PTS_EVID_VALIDATION_MASK) !=
	    TCG_PTS_VALIDATION_PASSED)
		return count_file(comp, GOLDEN_FAILED);
	if (v->golden) {
		golden_begin(v->golden);
		r = golden_check_ima(v->golden, v->bank.algo, padded(e),
				     (const char *)e->policy_uri.ptr,
				     e->policy_uri.len, e->measurement.ptr,
				     e->measurement.len);
		golden_end(v->golden);
	}
	return count_file(comp, r);
}

/* Spec 6.6: set to the PCR after value when given, else extend. */
static enum pts_err update_pcr(struct att_verifier *v,
			       const struct tcg_simple_comp_evid *e)
{
	if (e->flags & TCG_PTS_EVID_FLAG_PCR)
		return pcr_bank_set(&v->bank, e->pcr, e->pcr_after.ptr,
				    e->pcr_after.len);
	return pcr_bank_extend(&v->bank, e->pcr, e->measurement.ptr,
			       e->measurement.len);
}

enum att_evid att_comp_verify(struct att_comp *comp,
			      const struct tcg_simple_comp_evid *e)
{
	enum att_evid r;

	/* spec 6.4: evidence of another bank cannot be replayed */
	if (e->hash_algo != comp->v->bank.algo) {
		if (comp->d->kind == COMP_IMA && comp->seq) {
			comp->count++;
			comp->failed++;
		}
		return ATT_EVID_FAILED;
	}
	r = comp->d->kind == COMP_IMA ? verify_ima(comp, e) :
	    verify_registry(comp, e);
	if (update_pcr(comp->v, e) != PTS_OK)
		r = ATT_EVID_FAILED;
	return r;
}

/* ------------------------------------------------------- summary */

static bool summary_registry(struct att_comp *comp, char *buf, size_t len)
{
	const char *what = comp->d->what;

	prepare(comp);
	if (comp->registering) {
		snprintf(buf, len, "registered %d %sevidence measurements",
			 comp->seq, what);
		return false;
	}
	if (comp->seq < comp->stored) {
		snprintf(buf, len, "%d of %d %sevidence measurements missing",
			 (int)(comp->stored - comp->seq), (int)comp->stored,
			 what);
		return true;
	}
	snprintf(buf, len, "%d %sevidence measurements are ok", comp->seq,
		 what);
	return false;
}

static bool summary_ima(struct att_comp *comp, char *buf, size_t len)
{
	const char *prefix = comp->registering ?
		"registered IMA boot aggregate evidence measurement; " : "";

	if (comp->count == 0) {
		snprintf(buf, len, "%sno IMA file evidence measurements",
			 prefix);
		return true;
	}
	snprintf(buf, len, "%sprocessed %d IMA file evidence measurements: "
		 "%d ok, %d unknown, %d differ, %d failed", prefix,
		 comp->count, comp->ok, comp->unknown, comp->differ,
		 comp->failed);
	return false;
}

bool att_comp_summary(struct att_comp *comp, char *buf, size_t len)
{
	comp->summarized = true;
	return comp->d->kind == COMP_IMA ? summary_ima(comp, buf, len) :
	       summary_registry(comp, buf, len);
}
