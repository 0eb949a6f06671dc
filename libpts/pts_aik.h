/*
 * pts_aik.h - the Attestation Identity Key as the IMV receives it in the
 * AIK attribute (attestation spec 3, 7): a naked public key (DER
 * SubjectPublicKeyInfo) or an X.509 certificate (DER), either also in
 * PEM. Gives the key id the device is registered under, SHA-1 over the
 * DER SubjectPublicKeyInfo as 40 lowercase hex digits, the public key
 * for the quote (pts_quote.h), and the certificate check against the CA
 * certificates of the IMV's cadir option.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PTS_AIK_H
#define PTS_AIK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "pts_error.h"

/* AIK attribute flag: the blob is a naked public key (spec 3). */
#define PTS_AIK_FLAG_NAKED 0x80
/* Hex digits of a key id, without the NUL. */
#define PTS_AIK_KEYID_LEN 40

struct pts_aik;

/*
 * Loads the AIK blob of an AIK attribute with its flags byte: naked →
 * SubjectPublicKeyInfo, else certificate; DER or PEM. Caller frees *out
 * with pts_aik_free. PTS_ERR_KEY when the blob does not decode (or has
 * trailing bytes after the DER structure).
 */
enum pts_err pts_aik_load(uint8_t flags, const uint8_t *blob, size_t len,
			  struct pts_aik **out);
void pts_aik_free(struct pts_aik *aik);

/* Whether the AIK came as a certificate. */
bool pts_aik_is_cert(const struct pts_aik *aik);

/* The key id: 40 lowercase hex digits, NUL-terminated, owned by aik. */
const char *pts_aik_keyid(const struct pts_aik *aik);

/* The public key, owned by aik. */
EVP_PKEY *pts_aik_key(const struct pts_aik *aik);

/*
 * Verifies a certificate AIK against the CA certificates in the files of
 * directory cadir (PEM or DER, one or more per file; other files are
 * skipped). PTS_ERR_ARG for a naked key, PTS_ERR_UNTRUSTED when the chain
 * fails or cadir holds no certificate.
 */
enum pts_err pts_aik_verify_cert(const struct pts_aik *aik,
				 const char *cadir);

#endif /* PTS_AIK_H */
