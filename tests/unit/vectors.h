/*
 * vectors.h - test helper: loads the reference's byte-exact PT-TLS vectors
 * (shared/vectors/<scenario>/NNN-<dir>-<name>.hex, beside the checkout) for the unit
 * tests. The folder comes from the VECTORS_DIR environment variable that
 * tests/meson.build sets.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_TEST_VECTORS_H
#define TNC_TEST_VECTORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The vectors folder: $VECTORS_DIR, or ../shared/vectors as a fallback. */
const char *vec_dir(void);

/*
 * Decodes a .hex file (hex digits, whitespace ignored) into bytes.
 * Returns the bytes (caller frees) or NULL when unreadable or malformed.
 */
uint8_t *vec_load(const char *path, size_t *len);
/* The same for <vec_dir>/<scenario>/<file>. Caller frees. */
uint8_t *vec_load_in(const char *scenario, const char *file, size_t *len);

/* One vector file as handed to vec_each's callback. */
struct vec_file {
	const char *scenario;	/* folder name, e.g. "test-imc-imv" */
	const char *name;	/* file name, e.g. "007-c2s-batch-cdata.hex" */
	unsigned number;	/* NNN */
	bool c2s;		/* direction from the name */
	const char *kind;	/* after "NNN-dir-", without ".hex" */
	const uint8_t *data;	/* whole PT-TLS message */
	size_t len;
};

/*
 * Calls fn for every .hex file of every scenario folder, in name order.
 * Returns the number of files visited, or -1 when the folder cannot be
 * read or a file is malformed.
 */
int vec_each(void (*fn)(const struct vec_file *f, void *arg), void *arg);

#endif /* TNC_TEST_VECTORS_H */
