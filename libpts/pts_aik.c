/*
 * pts_aik.c - AIK loading, key id and certificate check (pts_aik.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pts_aik.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "pts_hash.h"

struct pts_aik {
	EVP_PKEY *key;
	X509 *cert;		/* NULL for a naked key */
	char keyid[PTS_AIK_KEYID_LEN + 1];
};

static bool is_pem(const uint8_t *blob, size_t len)
{
	static const char tag[] = "-----BEGIN ";

	while (len && (*blob == ' ' || *blob == '\t' || *blob == '\r' ||
		       *blob == '\n')) {
		blob++;
		len--;
	}
	return len >= sizeof(tag) - 1 &&
	       memcmp(blob, tag, sizeof(tag) - 1) == 0;
}

/* DER must be consumed exactly: trailing bytes mean a lying length. */
static EVP_PKEY *der_pubkey(const uint8_t *blob, size_t len)
{
	const unsigned char *p = blob;
	EVP_PKEY *key = d2i_PUBKEY(NULL, &p, (long)len);

	if (key && p != blob + len) {
		EVP_PKEY_free(key);
		return NULL;
	}
	return key;
}

static X509 *der_cert(const uint8_t *blob, size_t len)
{
	const unsigned char *p = blob;
	X509 *cert = d2i_X509(NULL, &p, (long)len);

	if (cert && p != blob + len) {
		X509_free(cert);
		return NULL;
	}
	return cert;
}

static enum pts_err decode(struct pts_aik *aik, bool naked,
			   const uint8_t *blob, size_t len)
{
	BIO *bio = NULL;

	if (len > INT32_MAX)
		return PTS_ERR_LENGTH;
	if (is_pem(blob, len)) {
		bio = BIO_new_mem_buf(blob, (int)len);
		if (!bio)
			return PTS_ERR_NOMEM;
	}
	if (naked) {
		aik->key = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL)
			       : der_pubkey(blob, len);
	} else {
		aik->cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL)
				: der_cert(blob, len);
		if (aik->cert)
			aik->key = X509_get_pubkey(aik->cert);
	}
	BIO_free(bio);
	return aik->key ? PTS_OK : PTS_ERR_KEY;
}

/* SHA-1 over the DER SubjectPublicKeyInfo, in lowercase hex (spec 7). */
static enum pts_err make_keyid(struct pts_aik *aik)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t digest[PTS_MEAS_ALGO_MAX_SIZE];
	unsigned char *der = NULL;
	int der_len = i2d_PUBKEY(aik->key, &der);
	struct pts_part part;
	enum pts_err err;

	if (der_len <= 0)
		return PTS_ERR_KEY;
	part = (struct pts_part){ der, (size_t)der_len };
	err = pts_hash(PTS_MEAS_ALGO_SHA1, &part, 1, digest);
	OPENSSL_free(der);
	if (err != PTS_OK)
		return err;
	for (size_t i = 0; i < PTS_AIK_KEYID_LEN / 2; i++) {
		aik->keyid[2 * i] = hex[digest[i] >> 4];
		aik->keyid[2 * i + 1] = hex[digest[i] & 0x0f];
	}
	aik->keyid[PTS_AIK_KEYID_LEN] = '\0';
	return PTS_OK;
}

enum pts_err pts_aik_load(uint8_t flags, const uint8_t *blob, size_t len,
			  struct pts_aik **out)
{
	struct pts_aik *aik = calloc(1, sizeof(*aik));
	enum pts_err err;

	if (!aik)
		return PTS_ERR_NOMEM;
	err = decode(aik, flags & PTS_AIK_FLAG_NAKED, blob, len);
	if (err == PTS_OK)
		err = make_keyid(aik);
	if (err != PTS_OK) {
		pts_aik_free(aik);
		return err;
	}
	*out = aik;
	return PTS_OK;
}

void pts_aik_free(struct pts_aik *aik)
{
	if (!aik)
		return;
	EVP_PKEY_free(aik->key);
	X509_free(aik->cert);
	free(aik);
}

bool pts_aik_is_cert(const struct pts_aik *aik)
{
	return aik->cert != NULL;
}

const char *pts_aik_keyid(const struct pts_aik *aik)
{
	return aik->keyid;
}

EVP_PKEY *pts_aik_key(const struct pts_aik *aik)
{
	return aik->key;
}

/* Adds the certificates of one file (PEM, else DER); returns how many. */
static int add_file(X509_STORE *store, const char *path)
{
	BIO *bio = BIO_new_file(path, "rb");
	X509 *cert;
	int n = 0;

	if (!bio)
		return 0;
	while ((cert = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		n += X509_STORE_add_cert(store, cert) == 1;
		X509_free(cert);
	}
	if (!n && BIO_reset(bio) == 0) {
		cert = d2i_X509_bio(bio, NULL);
		if (cert)
			n += X509_STORE_add_cert(store, cert) == 1;
		X509_free(cert);
	}
	BIO_free(bio);
	return n;
}

static int add_dir(X509_STORE *store, const char *cadir)
{
	DIR *dir = opendir(cadir);
	struct dirent *e;
	struct stat st;
	char path[4096];
	int n = 0;

	if (!dir)
		return 0;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", cadir, e->d_name) >=
		    (int)sizeof(path))
			continue;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			n += add_file(store, path);
	}
	closedir(dir);
	return n;
}

enum pts_err pts_aik_verify_cert(const struct pts_aik *aik,
				 const char *cadir)
{
	X509_STORE *store;
	X509_STORE_CTX *ctx;
	enum pts_err err = PTS_ERR_UNTRUSTED;

	if (!aik->cert)
		return PTS_ERR_ARG;
	store = X509_STORE_new();
	ctx = X509_STORE_CTX_new();
	if (!store || !ctx) {
		err = PTS_ERR_NOMEM;
		goto out;
	}
	if (add_dir(store, cadir) > 0 &&
	    X509_STORE_CTX_init(ctx, store, aik->cert, NULL) == 1 &&
	    X509_verify_cert(ctx) == 1)
		err = PTS_OK;
out:
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	return err;
}
