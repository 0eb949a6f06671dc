/*
 * imc_attestation.c - the Attestation IMC (imc-attestation.so): the
 * endpoint side of TCG PTS remote attestation with a TPM 2.0 (attestation
 * spec 4, 5, 6.3, 7.1, 8.2, 9, 10), in PA subtype TCG PTS.
 *
 * It only answers the Attestation IMV, in the order of spec 10:
 *  1. Request Protocol Capabilities -> Protocol Capabilities (own V, plus
 *     T|D when the TPM answers, ANDed with the IMV's); Measurement
 *     Algorithm -> Selection (best common algorithm within the
 *     hash_algorithm limit that has an active TPM bank; none: PTS error 1)
 *  2. Request File Measurement / Metadata -> File Measurement / Unix File
 *     Metadata (PTS errors 2, 3, 10); DH Nonce Parameters Request ->
 *     Response (PTS errors 7, 6)
 *  3. DH Nonce Finish -> the secret (PTS errors 7, 1); Get TPM Version
 *     Information -> TPM Version Information (PTS error 9 without TPM);
 *     Get AIK -> AIK (naked SubjectPublicKeyInfo)
 *  4. ITA Get Symlinks -> ITA Symlinks; Request Functional Component
 *     Evidence -> evidence of B and I computed and cached (evidence.c;
 *     PTS errors 13-16 for flags it cannot honour, 14 also for a log
 *     that cannot be measured); Generate Attestation
 *     Evidence -> the cached Simple Component Evidence attributes and a
 *     Simple Evidence Final with the TPM 2.0 quote over exactly the PCRs
 *     the evidence extended, qualifyingData = the DH secret; the agent
 *     spreads them over PA-TNC messages and segments.
 *
 * Settings, from the environment of the TNC client (pt-tls-client maps
 * imc.attestation.* to them):
 *   TNC_IMC_ATTESTATION_TCTI        TPM TCTI ("device:/dev/tpmrm0")
 *   TNC_IMC_ATTESTATION_AIK_HANDLE  persistent AIK handle, hex (81010003)
 *   TNC_IMC_ATTESTATION_HASH_ALGORITHM  sha1|sha256|sha384 limit (sha384)
 *   TNC_IMC_ATTESTATION_NONCE_LEN   DH responder nonce length (20)
 *   TNC_IMC_ATTESTATION_MANDATORY_DH_GROUPS  yes|no (yes; ecp256 is
 *                                   always available with OpenSSL)
 *   TNC_IMC_ATTESTATION_BIOS_LOG    firmware event log (securityfs path
 *                                   below TNC_IMC_OS_ROOT)
 *   TNC_IMC_ATTESTATION_IMA_LOG     IMA runtime log (likewise)
 *   TNC_IMC_ATTESTATION_PCR_PADDING yes: SHA-1 IMA template hashes
 *                                   zero-padded into a wider bank (no)
 *   TNC_IMC_OS_ROOT                 prefix of every file read (tests)
 * TBOOT evidence (pcr17/pcr18 options of the reference) is not
 * supported: such a component request is logged and skipped.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_imc.h"
#include "att_conf.h"
#include "evidence.h"
#include "file_meas.h"
#include "pts_dh.h"
#include "pts_quote.h"
#include "pts_tpm.h"
#include "symlinks.h"
#include "tcg_pts.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

#define PA_SUBTYPE_TCG_PTS 1
/* The IMC's DH groups: all of spec 3.1, ecp256 among them. */
#define DH_GROUPS (PTS_DH_MODP1024 | PTS_DH_MODP1536 | PTS_DH_MODP2048 | \
		   PTS_DH_ECP256 | PTS_DH_ECP384)
/* File measurements before an algorithm was negotiated. */
#define DEFAULT_FILE_ALGO PTS_MEAS_ALGO_SHA256

struct att_state {
	struct att_conf conf;
	struct pts_tpm *tpm;
	bool tpm_tried;
	struct pts_tpm_version version;
	uint16_t banks;			/* active TPM banks, PTS bits */
	uint16_t caps;			/* negotiated protocol caps */
	enum pts_meas_algo algo;	/* selected measurement algorithm */
	struct pts_dh *dh;
	uint8_t secret[PTS_MEAS_ALGO_MAX_SIZE];
	size_t secret_len;
	struct evidence ev;
	size_t bios_count, ima_count;	/* evidence cached per component */
};

/* ------------------------------------------------------------ helpers */

static const char *algo_name(enum pts_meas_algo algo)
{
	const struct pts_meas_algo_info *i = pts_meas_algo_find(algo);

	return i ? i->ima_name : "none";
}

/* Appends an encoded PTS attribute; false (logged) when it failed. */
static bool add_pts(struct agent_conn *c, struct agent_msg *m,
		    const struct tcg_pts_attr *a)
{
	struct writer w;
	bool ok;

	writer_init(&w);
	ok = tcg_pts_attr_encode(a, &w) == 0 && agent_msg_add_written(m, &w);
	writer_free(&w);
	if (!ok)
		agent_log(c, 0, "cannot send %s", tcg_pts_attr_name(a->type));
	return ok;
}

static void add_error(struct agent_conn *c, struct agent_msg *m,
		      const struct tcg_pts_error *e)
{
	struct writer w;
	char line[128];

	agent_log(c, 1, "sending %s",
		  tcg_pts_error_format(e, line, sizeof(line)));
	writer_init(&w);
	if (tcg_pts_error_write(e, &w) < 0 || !agent_msg_add_written(m, &w))
		agent_log(c, 0, "cannot send PTS error %u", e->code);
	writer_free(&w);
}

static void add_error_code(struct agent_conn *c, struct agent_msg *m,
			   uint32_t code)
{
	add_error(c, m, &(struct tcg_pts_error){ .code = code });
}

/* Decodes a raw PTS attribute; false (logged) when malformed. */
static bool decode(struct agent_conn *c, const struct agent_attr *a,
		   struct tcg_pts_attr *out)
{
	uint32_t offset = 0;
	int rc = tcg_pts_attr_decode(a->raw, out, &offset);

	if (rc == PA_DECODE_OK)
		return true;
	agent_log(c, 0, "malformed %s (at offset %u)",
		  tcg_pts_attr_name(a->raw->type) ?
		  tcg_pts_attr_name(a->raw->type) : "PTS attribute", offset);
	return false;
}

/* Connects to the TPM once per connection; false when unreachable. */
static bool tpm_ready(struct agent_conn *c, struct att_state *s)
{
	char err[256];

	if (s->tpm || s->tpm_tried)
		return s->tpm != NULL;
	s->tpm_tried = true;
	if (pts_tpm_open(s->conf.tcti, &s->tpm, err, sizeof(err)) != PTS_OK) {
		agent_log(c, 0, "no TPM at '%s': %s", s->conf.tcti, err);
		return false;
	}
	if (pts_tpm_get_version(s->tpm, &s->version) != PTS_OK ||
	    pts_tpm_get_banks(s->tpm, &s->banks) != PTS_OK) {
		agent_log(c, 0, "TPM not usable: %s", pts_tpm_error(s->tpm));
		pts_tpm_close(s->tpm);
		s->tpm = NULL;
		return false;
	}
	agent_log(c, 1, "TPM 2.0 by '%s', revision %u, banks 0x%04x",
		  s->version.manufacturer, s->version.revision, s->banks);
	return true;
}

/* -------------------------------------------------- step 1: discovery */

static void on_req_proto_caps(struct agent_conn *c, void *state,
			      const struct agent_attr *a,
			      struct agent_msg *reply)
{
	struct att_state *s = state;
	struct tcg_pts_attr in, out = { .type = TCG_PTS_PROTO_CAPS };
	uint16_t own = TCG_PTS_PROTO_CAPS_V;

	if (!decode(c, a, &in))
		return;
	if (tpm_ready(c, s))
		own |= TCG_PTS_PROTO_CAPS_T | TCG_PTS_PROTO_CAPS_D;
	s->caps = own & in.v.proto_caps.flags;
	tcg_pts_attr_free(&in);
	out.v.proto_caps.flags = s->caps;
	agent_log(c, 1, "protocol capabilities %s%s%s%s%s",
		  s->caps & TCG_PTS_PROTO_CAPS_C ? "C" : ".",
		  s->caps & TCG_PTS_PROTO_CAPS_V ? "V" : ".",
		  s->caps & TCG_PTS_PROTO_CAPS_D ? "D" : ".",
		  s->caps & TCG_PTS_PROTO_CAPS_T ? "T" : ".",
		  s->caps & TCG_PTS_PROTO_CAPS_X ? "X" : ".");
	add_pts(c, reply, &out);
}

/* The own algorithms: the configured limit, and with a TPM its banks. */
static uint16_t supported_algos(struct agent_conn *c, struct att_state *s)
{
	return tpm_ready(c, s) ? s->conf.algos & s->banks : s->conf.algos;
}

static void on_meas_algo(struct agent_conn *c, void *state,
			 const struct agent_attr *a, struct agent_msg *reply)
{
	struct att_state *s = state;
	struct tcg_pts_attr in, out = { .type = TCG_PTS_MEAS_ALGO_SELECTION };
	uint16_t supported = supported_algos(c, s);

	if (!decode(c, a, &in))
		return;
	s->algo = pts_dh_hash_select(in.v.meas_algo.algos, supported);
	tcg_pts_attr_free(&in);
	if (s->algo == PTS_MEAS_ALGO_NONE) {
		add_error(c, reply, &(struct tcg_pts_error){
			.code = TCG_PTS_HASH_ALG_NOT_SUPPORTED,
			.bits = supported });
		return;
	}
	agent_log(c, 1, "measurement algorithm %s selected",
		  algo_name(s->algo));
	out.v.meas_algo.algos = (uint16_t)s->algo;
	add_pts(c, reply, &out);
}

/* ----------------------------------------------------- step 2/3: DH */

static void on_dh_params_req(struct agent_conn *c, void *state,
			     const struct agent_attr *a,
			     struct agent_msg *reply)
{
	struct att_state *s = state;
	struct tcg_pts_attr in, out = { .type = TCG_PTS_DH_NONCE_PARAMS_RESP };
	struct tcg_dh_nonce_params_resp *r = &out.v.dh_nonce_params_resp;
	uint8_t pub[PTS_DH_PUBLIC_MAX];
	enum pts_dh_group group;
	size_t min, nonce_len, pub_len;

	if (!decode(c, a, &in))
		return;
	min = in.v.dh_nonce_params_req.min_nonce_len;
	group = pts_dh_group_select(in.v.dh_nonce_params_req.dh_groups,
				    DH_GROUPS);
	tcg_pts_attr_free(&in);
	if (s->conf.nonce_len < PTS_NONCE_MIN || s->conf.nonce_len < min) {
		add_error(c, reply, &(struct tcg_pts_error){
			.code = TCG_PTS_BAD_NONCE_LENGTH,
			.min_nonce_len = min > PTS_NONCE_MIN ? min :
					 PTS_NONCE_MIN,
			.max_nonce_len = PTS_NONCE_MAX });
		return;
	}
	if (group == PTS_DH_NONE) {
		add_error(c, reply, &(struct tcg_pts_error){
			.code = TCG_PTS_DH_GRPS_NOT_SUPPORTED,
			.bits = DH_GROUPS });
		return;
	}
	pts_dh_free(s->dh);
	s->dh = NULL;
	s->secret_len = 0;
	if (pts_dh_new(group, PTS_DH_RESPONDER, s->conf.nonce_len,
		       &s->dh) != PTS_OK ||
	    pts_dh_own_public(s->dh, pub, sizeof(pub), &pub_len) != PTS_OK) {
		agent_log(c, 0, "cannot create a DH key pair");
		return;
	}
	r->dh_group = (uint16_t)group;
	/* spec 4: the hash set offered is the selected algorithm only */
	r->hash_algos = (uint16_t)s->algo;
	r->nonce.ptr = pts_dh_own_nonce(s->dh, &nonce_len);
	r->nonce.len = nonce_len;
	r->pub = (struct pa_bytes){ pub, pub_len };
	agent_log(c, 1, "DH group %s, %zu-byte nonce",
		  pts_dh_group_find(group)->name, nonce_len);
	add_pts(c, reply, &out);
}

static void on_dh_finish(struct agent_conn *c, void *state,
			 const struct agent_attr *a, struct agent_msg *reply)
{
	struct att_state *s = state;
	struct tcg_pts_attr in;
	struct tcg_dh_nonce_finish *f = &in.v.dh_nonce_finish;
	enum pts_meas_algo hash;

	if (!decode(c, a, &in))
		return;
	hash = (enum pts_meas_algo)f->hash_algo;
	if (!s->dh) {
		agent_log(c, 0, "DH Nonce Finish without parameters");
	} else if (f->nonce.len != s->conf.nonce_len) {
		/* spec 5: both nonces have the IMC's length */
		add_error(c, reply, &(struct tcg_pts_error){
			.code = TCG_PTS_BAD_NONCE_LENGTH,
			.min_nonce_len = (uint16_t)s->conf.nonce_len,
			.max_nonce_len = (uint16_t)s->conf.nonce_len });
	} else if (!pts_meas_algo_find(hash) || !(hash & s->conf.algos)) {
		add_error(c, reply, &(struct tcg_pts_error){
			.code = TCG_PTS_HASH_ALG_NOT_SUPPORTED,
			.bits = s->conf.algos });
	} else if (pts_dh_set_peer_public(s->dh, f->pub.ptr,
					  f->pub.len) != PTS_OK ||
		   pts_dh_set_peer_nonce(s->dh, f->nonce.ptr,
					 f->nonce.len) != PTS_OK ||
		   pts_dh_secret(s->dh, hash, s->secret,
				 &s->secret_len) != PTS_OK) {
		s->secret_len = 0;
		agent_log(c, 0, "invalid DH public value of the IMV");
	} else {
		agent_log(c, 1, "DH nonce secret computed (%s)",
			  algo_name(hash));
	}
	tcg_pts_attr_free(&in);
}

/* ------------------------------------------------- step 3: TPM, AIK */

static void on_get_tpm_version(struct agent_conn *c, void *state,
			       const struct agent_attr *a,
			       struct agent_msg *reply)
{
	struct att_state *s = state;
	struct tcg_pts_attr out = { .type = TCG_PTS_TPM_VERSION_INFO };
	uint8_t info[PTS_TPM_VERSION_INFO_LEN];

	if (!tpm_ready(c, s)) {
		add_error_code(c, reply, TCG_PTS_TPM_VERS_NOT_SUPPORTED);
		return;
	}
	pts_tpm_version_info_encode(&s->version, info);
	out.v.tpm_version_info.info = (struct pa_bytes){ info, sizeof(info) };
	agent_log(c, 1, "TPM version information sent (startup locality %u)",
		  pts_tpm_startup_locality(&s->version));
	add_pts(c, reply, &out);
}

static void on_get_aik(struct agent_conn *c, void *state,
		       const struct agent_attr *a, struct agent_msg *reply)
{
	struct att_state *s = state;
	struct tcg_pts_attr out = { .type = TCG_PTS_AIK };
	uint8_t *der = NULL;
	size_t len;

	if (!tpm_ready(c, s))
		return;
	if (pts_tpm_get_pubkey(s->tpm, s->conf.aik_handle, &der,
			       &len) != PTS_OK) {
		agent_log(c, 0, "no AIK at handle 0x%08x: %s",
			  s->conf.aik_handle, pts_tpm_error(s->tpm));
		return;
	}
	out.v.aik.flags = TCG_PTS_AIK_FLAG_NAKED;
	out.v.aik.blob = (struct pa_bytes){ der, len };
	agent_log(c, 1, "AIK public key of handle 0x%08x sent",
		  s->conf.aik_handle);
	add_pts(c, reply, &out);
	free(der);
}

/* ------------------------------------------ step 4: symlinks, evidence */

static void on_get_symlinks(struct agent_conn *c, void *state,
			    const struct agent_attr *a,
			    struct agent_msg *reply)
{
	struct att_state *s = state;
	struct pa_bytes d = a->v->get_symlinks.dir;
	struct pa_attr out = { .vendor = PEN_ITA, .type = ITA_ATTR_SYMLINKS };
	struct ita_symlinks *sl = &out.v.symlinks;
	struct symlink_list l;
	char dir[ATT_CONF_PATH_MAX];
	size_t i;

	if (d.len == 0 || d.len >= sizeof(dir) || memchr(d.ptr, 0, d.len)) {
		agent_log(c, 0, "invalid symlinks directory");
		return;
	}
	memcpy(dir, d.ptr, d.len);
	dir[d.len] = '\0';
	if (symlinks_read(s->conf.root, dir, &l) < 0) {
		agent_log(c, 0, "cannot read the symlinks of '%s'", dir);
		return;
	}
	sl->links = calloc(l.count ? l.count : 1, sizeof(*sl->links));
	if (sl->links) {
		for (i = 0; i < l.count; i++)
			sl->links[i] = (struct ita_symlink){
				{ (const uint8_t *)l.links[i].path,
				  strlen(l.links[i].path) },
				{ (const uint8_t *)l.links[i].target,
				  strlen(l.links[i].target) } };
		sl->count = l.count;
		agent_log(c, 1, "%zu symlinks of '%s' sent", l.count, dir);
		agent_msg_add(reply, &out);
	}
	free(sl->links);
	symlinks_free(&l);
}

/*
 * The flags a request may carry (spec 6.3): the PTS error for one the
 * IMC cannot honour, 0 when it can.
 */
static uint32_t flags_error(uint8_t flags, uint16_t caps)
{
	static const struct {
		uint8_t flag;
		uint16_t cap;	/* 0: never */
		uint32_t error;
	} rules[] = {
		{ TCG_PTS_REQ_EVID_TTC, 0, TCG_PTS_UNABLE_DET_TTC },
		{ TCG_PTS_REQ_EVID_VERIFY, TCG_PTS_PROTO_CAPS_V,
		  TCG_PTS_UNABLE_LOCAL_VAL },
		{ TCG_PTS_REQ_EVID_CURRENT, TCG_PTS_PROTO_CAPS_C,
		  TCG_PTS_UNABLE_CUR_EVID },
		{ TCG_PTS_REQ_EVID_PCR, TCG_PTS_PROTO_CAPS_T,
		  TCG_PTS_UNABLE_DET_PCR },
	};
	size_t i;

	for (i = 0; i < COUNT(rules); i++)
		if ((flags & rules[i].flag) && !(caps & rules[i].cap))
			return rules[i].error;
	return 0;
}

/* Measures one B or I component; false (logged) when it failed. */
static bool measure(struct agent_conn *c, struct att_state *s,
		    uint8_t qualifier)
{
	struct evidence_result res;
	enum pts_err err;
	bool bios = qualifier == EVIDENCE_QUAL_BIOS;

	if (!s->ev.bank_ready) {
		err = evidence_start(&s->ev, s->algo,
				     pts_tpm_startup_locality(&s->version));
		if (err != PTS_OK) {
			agent_log(c, 0, "no PCR bank for %s: %s",
				  algo_name(s->algo), pts_err_name(err));
			return false;
		}
	}
	err = bios ? evidence_bios(&s->ev, s->conf.bios_log, &res) :
		     evidence_ima(&s->ev, s->conf.ima_log,
				  s->conf.pcr_padding, &res);
	if (err != PTS_OK) {
		agent_log(c, 0, "%s evidence failed at offset %zu: %s (%s)",
			  bios ? "BIOS" : "IMA", res.offset, res.what,
			  pts_err_name(err));
		return false;
	}
	if (bios)
		s->bios_count += res.entries;
	else
		s->ima_count += res.entries;
	agent_log(c, 1, "%zu %s evidence measurements of the %s bank",
		  res.entries, bios ? "BIOS" : "IMA", algo_name(s->algo));
	return true;
}

static void on_req_func_comp_evid(struct agent_conn *c, void *state,
				  const struct agent_attr *a,
				  struct agent_msg *reply)
{
	struct att_state *s = state;
	struct tcg_pts_attr in;
	const struct tcg_comp_evid_req *r;
	uint32_t error;
	size_t i;

	if (!decode(c, a, &in))
		return;
	for (i = 0; i < in.v.req_func_comp_evid.count; i++) {
		r = &in.v.req_func_comp_evid.comps[i];
		if ((error = flags_error(r->flags, s->caps))) {
			add_error_code(c, reply, error);
			break;
		}
		if (r->depth > 0) {
			agent_log(c, 0, "sub-component depth %u not supported",
				  r->depth);
			break;
		}
		if (r->name.vendor == PEN_ITA &&
		    r->name.name == TCG_PTS_COMP_ITA_IMA &&
		    (r->name.qualifier == EVIDENCE_QUAL_BIOS ||
		     r->name.qualifier == EVIDENCE_QUAL_IMA)) {
			if (!s->tpm || s->algo == PTS_MEAS_ALGO_NONE) {
				agent_log(c, 0, "no TPM or no algorithm "
					  "for component evidence");
				break;
			}
			if (!measure(c, s, r->name.qualifier)) {
				add_error_code(c, reply,
					       TCG_PTS_UNABLE_CUR_EVID);
				break;
			}
		} else {
			agent_log(c, 1, "functional component %u/%u-%u not "
				  "supported, skipped", r->name.vendor,
				  r->name.name, r->name.qualifier);
		}
	}
	tcg_pts_attr_free(&in);
}

/* "0,1,...,10" for a log line. */
static const char *pcr_list(uint32_t sel, char *buf, size_t len)
{
	size_t pos = 0;
	int i, n;

	buf[0] = '\0';
	for (i = 0; i < PCR_BANK_PCRS && pos < len; i++) {
		if (!(sel & (1u << i)))
			continue;
		n = snprintf(buf + pos, len - pos, "%s%d", pos ? "," : "", i);
		if (n < 0)
			break;
		pos += (size_t)n;
	}
	return buf;
}

/*
 * The TPM 2.0 quote of spec 8.2 over the extended PCRs of the bank, into
 * f (borrowing from q and *tq); false (logged) when none can be made.
 */
static bool quote(struct agent_conn *c, struct att_state *s,
		  struct pts_quote *q, struct pts_tpm_quote **tq,
		  struct tcg_simple_evid_final *f)
{
	const struct pts_meas_algo_info *hash;
	uint32_t sel = s->ev.bank.selected;
	uint8_t digest[PTS_MEAS_ALGO_MAX_SIZE];
	char pcrs[100];
	size_t len;

	if (!s->tpm || !s->secret_len || !s->ev.bank_ready || !sel) {
		agent_log(c, 0, "no quote: %s", !s->secret_len ?
			  "no DH nonce secret" : "no PCR was extended");
		return false;
	}
	if (pts_tpm_quote(s->tpm, s->conf.aik_handle, s->secret,
			  s->secret_len, s->ev.bank.algo, sel, tq) != PTS_OK) {
		agent_log(c, 0, "TPM quote failed: %s", pts_tpm_error(s->tpm));
		return false;
	}
	hash = pts_meas_algo_from_tpm((*tq)->sig_hash);
	if (!hash || pts_quote_from_attest((*tq)->attest, (*tq)->attest_len,
					   hash->algo, q) != PTS_QUOTE_OK ||
	    pts_quote_set_signature(q, (*tq)->sig,
				    (*tq)->sig_len) != PTS_QUOTE_OK) {
		agent_log(c, 0, "unusable TPM quote");
		return false;
	}
	/* the IMV replays the same evidence: a difference shows here */
	if (pcr_bank_composite(&s->ev.bank, sel, hash->algo, digest,
			       &len) != PTS_OK || len != q->pcr_digest_len ||
	    memcmp(digest, q->pcr_digest, len) != 0)
		agent_log(c, 0, "TPM PCRs differ from the evidence");
	f->flags = TCG_PTS_QUOTE_TPM2;
	f->comp_hash_algo = (uint16_t)hash->algo;
	f->pcr_comp = (struct pa_bytes){ q->pcr_digest, q->pcr_digest_len };
	f->qualified_signer = (struct pa_bytes){ q->signer, q->signer_len };
	f->clock_info = (struct pa_bytes){ q->clock_info,
					   sizeof(q->clock_info) };
	f->firmware_version = (struct pa_bytes){ q->firmware,
						 sizeof(q->firmware) };
	f->pcr_select = (struct pa_bytes){ q->pcr_select, q->pcr_select_len };
	f->quote_sig = (struct pa_bytes){ q->signature, q->signature_len };
	agent_log(c, 1, "TPM quote over PCRs %s of the %s bank (%s)",
		  pcr_list(sel, pcrs, sizeof(pcrs)),
		  algo_name(s->ev.bank.algo), hash->ima_name);
	return true;
}

static void on_gen_attest_evid(struct agent_conn *c, void *state,
			       const struct agent_attr *a,
			       struct agent_msg *reply)
{
	struct att_state *s = state;
	struct tcg_pts_attr out = { .type = TCG_PTS_SIMPLE_EVID_FINAL };
	struct pts_tpm_quote *tq = NULL;
	struct pa_attr_raw raw;
	struct pts_quote *q = calloc(1, sizeof(*q));

	agent_log(c, 1, "sending %zu BIOS and %zu IMA evidence measurements",
		  s->bios_count, s->ima_count);
	while (evidence_next(&s->ev, &raw))
		agent_msg_add_raw(reply, &raw);
	if (!q || !quote(c, s, q, &tq, &out.v.simple_evid_final))
		out.v.simple_evid_final.flags = TCG_PTS_QUOTE_NONE;
	add_pts(c, reply, &out);
	pts_tpm_quote_free(tq);
	free(q);
	/* a next round replays from the TPM's reset values again */
	s->ev.bank_ready = false;
	s->bios_count = s->ima_count = 0;
}

/* ------------------------------------------------ files (spec 9) */

static void send_file_result(struct agent_conn *c, struct agent_msg *reply,
			     const struct agent_attr *a, int rc,
			     struct writer *w, const char *what,
			     struct pa_bytes path, size_t count)
{
	if (rc > 0) {
		/* spec 3.1: the request attribute is the information */
		add_error(c, reply, &(struct tcg_pts_error){
			.code = (uint32_t)rc,
			.request = { a->raw->value, a->raw->len } });
	} else if (rc < 0) {
		agent_log(c, 0, "%s of '%.*s' failed", what, (int)path.len,
			  (const char *)path.ptr);
	} else {
		agent_log(c, 1, "%s of '%.*s': %zu files", what,
			  (int)path.len, (const char *)path.ptr, count);
		agent_msg_add_written(reply, w);
	}
}

static void on_req_file_meas(struct agent_conn *c, void *state,
			     const struct agent_attr *a,
			     struct agent_msg *reply)
{
	struct att_state *s = state;
	struct tcg_pts_attr in;
	struct writer w;
	size_t count;
	int rc;

	if (!decode(c, a, &in))
		return;
	writer_init(&w);
	rc = file_meas_build(s->conf.root, &in.v.req_file_meas,
			     s->algo ? s->algo : DEFAULT_FILE_ALGO, &w,
			     &count);
	send_file_result(c, reply, a, rc, &w, "file measurement",
			 in.v.req_file_meas.path, count);
	writer_free(&w);
	tcg_pts_attr_free(&in);
}

static void on_req_file_meta(struct agent_conn *c, void *state,
			     const struct agent_attr *a,
			     struct agent_msg *reply)
{
	struct att_state *s = state;
	struct tcg_pts_attr in;
	struct writer w;
	size_t count;
	int rc;

	if (!decode(c, a, &in))
		return;
	writer_init(&w);
	rc = file_meta_build(s->conf.root, &in.v.req_file_meta, &w, &count);
	send_file_result(c, reply, a, rc, &w, "file metadata",
			 in.v.req_file_meta.path, count);
	writer_free(&w);
	tcg_pts_attr_free(&in);
}

/* ------------------------------------------------------- description */

static void *state_new(struct agent_conn *c)
{
	struct att_state *s = calloc(1, sizeof(*s));
	const char *bad;

	if (!s)
		return NULL;
	if (att_conf_read(&s->conf, &bad) < 0)
		agent_log(c, 0, "malformed %s ignored", bad);
	evidence_init(&s->ev);
	return s;
}

static void state_free(void *state)
{
	struct att_state *s = state;

	if (!s)
		return;
	evidence_free(&s->ev);
	pts_dh_free(s->dh);
	pts_tpm_close(s->tpm);
	free(s);
}

static const struct agent_attr_handler attrs[] = {
	{ PEN_TCG, TCG_PTS_REQ_PROTO_CAPS, on_req_proto_caps },
	{ PEN_TCG, TCG_PTS_MEAS_ALGO, on_meas_algo },
	{ PEN_TCG, TCG_PTS_DH_NONCE_PARAMS_REQ, on_dh_params_req },
	{ PEN_TCG, TCG_PTS_DH_NONCE_FINISH, on_dh_finish },
	{ PEN_TCG, TCG_PTS_GET_TPM_VERSION_INFO, on_get_tpm_version },
	{ PEN_TCG, TCG_PTS_GET_AIK, on_get_aik },
	{ PEN_ITA, ITA_ATTR_GET_SYMLINKS, on_get_symlinks },
	{ PEN_TCG, TCG_PTS_REQ_FUNC_COMP_EVID, on_req_func_comp_evid },
	{ PEN_TCG, TCG_PTS_GEN_ATTEST_EVID, on_gen_attest_evid },
	{ PEN_TCG, TCG_PTS_REQ_FILE_MEAS, on_req_file_meas },
	{ PEN_TCG, TCG_PTS_REQ_FILE_META, on_req_file_meta },
};

static const struct agent_msg_type types[] = {
	{ PEN_TCG, PA_SUBTYPE_TCG_PTS },
};

static const struct agent_imc_desc imc_attestation = {
	.base = {
		.name = "Attestation",
		.types = types,
		.type_count = COUNT(types),
		.attrs = attrs,
		.attr_count = COUNT(attrs),
		.conn_new = state_new,
		.conn_free = state_free,
	},
};

AGENT_IMC_PLUGIN(imc_attestation)
