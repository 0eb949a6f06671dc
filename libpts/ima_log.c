/*
 * ima_log.c - the IMA measurement list parser (ima_log.h).
 *
 * The input arrives in pieces. An entry that lies completely in a piece
 * is parsed in place; the bytes of one that does not are collected in a
 * buffer, never more than that one entry needs, whose size is known from
 * its length fields before its bytes are copied.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "ima_log.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pts_hash.h"
#include "pts_le.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

#define SHA1_SIZE 20
/* PCR, template hash, template name length */
#define ENTRY_HEAD (4 + SHA1_SIZE + 4)

static const struct {
	const char *name;
	enum ima_template template;
	bool legacy;		/* ima: no template data length */
	bool sig;		/* ima-sig: a sig field after n-ng */
} templates[] = {
	{ "ima", IMA_TEMPLATE_IMA, true, false },
	{ "ima-ng", IMA_TEMPLATE_IMA_NG, false, false },
	{ "ima-sig", IMA_TEMPLATE_IMA_SIG, false, true },
};

struct ima_log {
	enum pts_meas_algo bank;
	bool pad;
	ima_entry_cb cb;
	void *ctx;
	uint8_t *buf;		/* the start of an incomplete entry */
	size_t len, cap;
	size_t offset;		/* stream offset of the next entry */
	enum pts_err err;
};

static int template_find(const uint8_t *name, size_t len)
{
	for (size_t i = 0; i < COUNT(templates); i++)
		if (strlen(templates[i].name) == len &&
		    memcmp(templates[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static int template_index(enum ima_template t)
{
	for (size_t i = 0; i < COUNT(templates); i++)
		if (templates[i].template == t)
			return (int)i;
	return -1;
}

static void put_u32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* digest || name zero-padded to 256 (the ima template's hash input). */
static enum pts_err legacy_hash(const struct ima_entry *e,
				enum pts_meas_algo hash, uint8_t *out)
{
	static const uint8_t zeros[IMA_LEGACY_NAME_PAD];
	struct pts_part parts[3];

	if (e->digest_len != SHA1_SIZE || e->name_len > IMA_LEGACY_NAME_MAX)
		return PTS_ERR_ARG;
	parts[0] = (struct pts_part){ e->digest, e->digest_len };
	parts[1] = (struct pts_part){ e->name, e->name_len };
	parts[2] = (struct pts_part){ zeros,
				      IMA_LEGACY_NAME_PAD - e->name_len };
	return pts_hash(hash, parts, COUNT(parts), out);
}

/*
 * The template data without its total length: LE32(len d-ng) || algo ||
 * ":\0" || digest || LE32(len n-ng) || name || "\0" [|| LE32(len sig) ||
 * sig], spec 6.2.
 */
static enum pts_err ng_hash(const struct ima_entry *e, bool sig,
			    enum pts_meas_algo hash, uint8_t *out)
{
	static const uint8_t colon_nul[2] = { ':', 0 }, nul[1] = { 0 };
	uint8_t dlen[4], nlen[4], slen[4];
	struct pts_part parts[9];
	size_t n = 0;

	put_u32le(dlen, (uint32_t)(e->algo_name_len + 2 + e->digest_len));
	put_u32le(nlen, (uint32_t)(e->name_len + 1));
	put_u32le(slen, (uint32_t)e->sig_len);
	parts[n++] = (struct pts_part){ dlen, 4 };
	parts[n++] = (struct pts_part){ e->algo_name, e->algo_name_len };
	parts[n++] = (struct pts_part){ colon_nul, 2 };
	parts[n++] = (struct pts_part){ e->digest, e->digest_len };
	parts[n++] = (struct pts_part){ nlen, 4 };
	parts[n++] = (struct pts_part){ e->name, e->name_len };
	parts[n++] = (struct pts_part){ nul, 1 };
	if (sig) {
		parts[n++] = (struct pts_part){ slen, 4 };
		parts[n++] = (struct pts_part){ e->sig, e->sig_len };
	}
	return pts_hash(hash, parts, n, out);
}

enum pts_err ima_template_hash(const struct ima_entry *e,
			       enum pts_meas_algo hash, bool pad,
			       uint8_t *out, size_t *out_len)
{
	size_t size = pts_meas_algo_size(hash);
	int t = template_index(e->template);
	enum pts_err err;

	if (!size)
		return PTS_ERR_ALGO;
	if (t < 0 || (!templates[t].legacy && !e->algo_name))
		return PTS_ERR_ARG;
	if (pad)
		memset(out, 0, size);
	if (templates[t].legacy)
		err = legacy_hash(e, pad ? PTS_MEAS_ALGO_SHA1 : hash, out);
	else
		err = ng_hash(e, templates[t].sig,
			      pad ? PTS_MEAS_ALGO_SHA1 : hash, out);
	if (err == PTS_OK)
		*out_len = size;
	return err;
}

/*
 * How many bytes the entry at p needs: the whole entry once its length
 * fields are within the n bytes at p, else (more than n) the bytes up to
 * and including the next length field. Lengths above the limits fail.
 */
static enum pts_err entry_extent(const uint8_t *p, size_t n, size_t *need)
{
	struct reader r;
	const uint8_t *name;
	uint32_t pcr, name_len, len;
	int t;

	reader_init(&r, p, n);
	*need = ENTRY_HEAD;
	pcr = reader_u32le(&r);
	reader_skip(&r, SHA1_SIZE);
	name_len = reader_u32le(&r);
	if (!reader_ok(&r))
		return PTS_OK;
	if (pcr != IMA_PCR)
		return PTS_ERR_PCR;
	if (!name_len || name_len > IMA_MAX_TEMPLATE_NAME)
		return PTS_ERR_LENGTH;
	*need += name_len;
	name = reader_bytes(&r, name_len);
	if (!name)
		return PTS_OK;
	t = template_find(name, name_len);
	if (t < 0)
		return PTS_ERR_TEMPLATE;
	*need += templates[t].legacy ? SHA1_SIZE + 4 : 4;
	if (templates[t].legacy)
		reader_skip(&r, SHA1_SIZE);
	len = reader_u32le(&r);
	if (!reader_ok(&r))
		return PTS_OK;
	if (len > (templates[t].legacy ? IMA_LEGACY_NAME_MAX :
					 IMA_MAX_TEMPLATE_DATA))
		return PTS_ERR_LENGTH;
	*need += len;
	return PTS_OK;
}

/* A u32 length and that many bytes, all inside r (else a lie). */
static const uint8_t *read_field(struct reader *r, size_t *len)
{
	*len = reader_u32le(r);
	if (!reader_ok(r) || *len > reader_left(r))
		return NULL;
	return reader_bytes(r, *len);
}

/* d-ng: "algo:" NUL digest. */
static enum pts_err split_digest(const uint8_t *f, size_t len,
				 struct ima_entry *e)
{
	const struct pts_meas_algo_info *a;
	const uint8_t *nul;
	size_t prefix;

	nul = memchr(f, 0, len < IMA_MAX_ALGO_PREFIX ?
			   len : IMA_MAX_ALGO_PREFIX);
	if (!nul || nul == f || nul[-1] != ':')
		return PTS_ERR_FORMAT;
	prefix = (size_t)(nul - f) + 1;
	e->algo_name = (const char *)f;
	e->algo_name_len = prefix - 2;
	e->digest = f + prefix;
	e->digest_len = len - prefix;
	/* an empty name before ':' is SHA-1 (spec 6.6) */
	a = e->algo_name_len ?
	    pts_meas_algo_from_ima(e->algo_name, e->algo_name_len) :
	    pts_meas_algo_find(PTS_MEAS_ALGO_SHA1);
	e->digest_algo = a ? a->algo : PTS_MEAS_ALGO_NONE;
	if (a ? e->digest_len != a->size :
		!e->digest_len || e->digest_len > IMA_MAX_DIGEST)
		return PTS_ERR_DIGEST_SIZE;
	return PTS_OK;
}

/* n-ng: the name and its NUL, no NUL before. */
static enum pts_err split_name(const uint8_t *f, size_t len,
			       struct ima_entry *e)
{
	if (!len || memchr(f, 0, len) != f + len - 1)
		return PTS_ERR_FORMAT;
	e->name = (const char *)f;
	e->name_len = len - 1;
	return PTS_OK;
}

/* The template data of ima-ng and ima-sig; it must hold its fields only. */
static enum pts_err read_ng(struct reader *r, bool sig, struct ima_entry *e)
{
	struct reader data;
	const uint8_t *d, *n;
	size_t dlen, nlen;
	enum pts_err err;

	data = reader_sub(r, reader_u32le(r));
	d = read_field(&data, &dlen);
	n = d ? read_field(&data, &nlen) : NULL;
	if (n && sig)
		e->sig = read_field(&data, &e->sig_len);
	if (!n || (sig && !e->sig) || reader_left(&data))
		return PTS_ERR_LENGTH;
	err = split_digest(d, dlen, e);
	return err == PTS_OK ? split_name(n, nlen, e) : err;
}

/* The template data of ima: SHA-1 digest, name without NUL. */
static enum pts_err read_legacy(struct reader *r, struct ima_entry *e)
{
	e->digest = reader_bytes(r, SHA1_SIZE);
	e->digest_len = SHA1_SIZE;
	e->digest_algo = PTS_MEAS_ALGO_SHA1;
	e->name_len = reader_u32le(r);
	e->name = (const char *)reader_bytes(r, e->name_len);
	if (!reader_ok(r))
		return PTS_ERR_LENGTH;
	if (memchr(e->name, 0, e->name_len))
		return PTS_ERR_FORMAT;
	return PTS_OK;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/*
 * What the entry extends into the bank. A violation is logged with a
 * zero hash while the kernel extends all ones (spec 6.2); with padding
 * those are the 20 bytes of SHA-1, zero-padded like any other.
 */
static enum pts_err bank_hash(struct ima_log *l, struct ima_entry *e)
{
	size_t size = pts_meas_algo_size(l->bank);
	uint8_t sha1[SHA1_SIZE];
	enum pts_err err;
	size_t len;

	if (e->violation) {
		memset(e->bank_hash, 0, size);
		memset(e->bank_hash, 0xff, l->pad ? SHA1_SIZE : size);
		e->bank_hash_len = size;
		return PTS_OK;
	}
	err = ima_template_hash(e, PTS_MEAS_ALGO_SHA1, false, sha1, &len);
	if (err != PTS_OK)
		return err;
	if (memcmp(sha1, e->template_hash, SHA1_SIZE) != 0)
		return PTS_ERR_TEMPLATE_HASH;
	if (l->bank == PTS_MEAS_ALGO_SHA1 || l->pad) {
		memset(e->bank_hash, 0, size);
		memcpy(e->bank_hash, sha1, SHA1_SIZE);
		e->bank_hash_len = size;
		return PTS_OK;
	}
	return ima_template_hash(e, l->bank, false, e->bank_hash,
				 &e->bank_hash_len);
}

/* One complete entry of exactly len bytes (entry_extent said so). */
static enum pts_err parse_entry(struct ima_log *l, const uint8_t *p,
				size_t len)
{
	struct ima_entry e;
	struct reader r;
	const uint8_t *name;
	uint32_t name_len;
	enum pts_err err;
	int t;

	memset(&e, 0, sizeof(e));
	e.offset = l->offset;
	reader_init(&r, p, len);
	e.pcr = reader_u32le(&r);
	e.template_hash = reader_bytes(&r, SHA1_SIZE);
	name_len = reader_u32le(&r);
	name = reader_bytes(&r, name_len);
	if (!name)
		return PTS_ERR_TRUNCATED;
	t = template_find(name, name_len);
	if (t < 0)
		return PTS_ERR_TEMPLATE;
	e.template = templates[t].template;
	err = templates[t].legacy ? read_legacy(&r, &e) :
	      read_ng(&r, templates[t].sig, &e);
	if (err != PTS_OK)
		return err;
	if (reader_left(&r))
		return PTS_ERR_LENGTH;
	e.violation = all_zero(e.template_hash, SHA1_SIZE);
	err = bank_hash(l, &e);
	if (err == PTS_OK && l->cb)
		err = l->cb(l->ctx, &e);
	return err;
}

struct ima_log *ima_log_new(enum pts_meas_algo bank, bool pad,
			    ima_entry_cb cb, void *ctx)
{
	struct ima_log *l;

	if (!pts_meas_algo_size(bank))
		return NULL;
	l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->bank = bank;
	l->pad = pad;
	l->cb = cb;
	l->ctx = ctx;
	return l;
}

void ima_log_free(struct ima_log *l)
{
	if (!l)
		return;
	free(l->buf);
	free(l);
}

/* Room for need bytes of the pending entry. */
static enum pts_err reserve(struct ima_log *l, size_t need)
{
	uint8_t *p;

	if (need <= l->cap)
		return PTS_OK;
	p = realloc(l->buf, need);
	if (!p)
		return PTS_ERR_NOMEM;
	l->buf = p;
	l->cap = need;
	return PTS_OK;
}

/*
 * Completes the pending entry from *data, consuming what it takes.
 * PTS_OK with l->len still set means the data ran out first.
 */
static enum pts_err complete_pending(struct ima_log *l, const uint8_t **data,
				     size_t *len)
{
	enum pts_err err;
	size_t need, take;

	for (;;) {
		err = entry_extent(l->buf, l->len, &need);
		if (err != PTS_OK)
			return err;
		if (l->len >= need)
			break;
		if (!*len)
			return PTS_OK;
		err = reserve(l, need);
		if (err != PTS_OK)
			return err;
		take = need - l->len < *len ? need - l->len : *len;
		memcpy(l->buf + l->len, *data, take);
		l->len += take;
		*data += take;
		*len -= take;
	}
	err = parse_entry(l, l->buf, need);
	if (err == PTS_OK) {
		l->offset += need;
		l->len = 0;
	}
	return err;
}

static enum pts_err feed(struct ima_log *l, const uint8_t *data, size_t len)
{
	enum pts_err err;
	size_t need;

	if (l->len) {
		err = complete_pending(l, &data, &len);
		if (err != PTS_OK || l->len)
			return err;
	}
	while (len) {
		err = entry_extent(data, len, &need);
		if (err != PTS_OK)
			return err;
		if (len < need) {
			err = reserve(l, need);
			if (err != PTS_OK)
				return err;
			memcpy(l->buf, data, len);
			l->len = len;
			return PTS_OK;
		}
		err = parse_entry(l, data, need);
		if (err != PTS_OK)
			return err;
		l->offset += need;
		data += need;
		len -= need;
	}
	return PTS_OK;
}

enum pts_err ima_log_feed(struct ima_log *l, const uint8_t *data, size_t len)
{
	if (l->err == PTS_OK)
		l->err = feed(l, data, len);
	return l->err;
}

enum pts_err ima_log_finish(struct ima_log *l)
{
	if (l->err == PTS_OK && l->len)
		l->err = PTS_ERR_TRUNCATED;
	return l->err;
}

size_t ima_log_offset(const struct ima_log *l)
{
	return l->offset;
}

enum pts_err ima_log_parse(const uint8_t *data, size_t len,
			   enum pts_meas_algo bank, bool pad,
			   ima_entry_cb cb, void *ctx, size_t *offset)
{
	struct ima_log *l = ima_log_new(bank, pad, cb, ctx);
	enum pts_err err;

	if (!l)
		return pts_meas_algo_size(bank) ? PTS_ERR_NOMEM : PTS_ERR_ALGO;
	err = ima_log_feed(l, data, len);
	if (err == PTS_OK)
		err = ima_log_finish(l);
	if (offset)
		*offset = ima_log_offset(l);
	ima_log_free(l);
	return err;
}
