/*
 * fuzz_imv_attestation.c - libFuzzer target for the Attestation IMV's
 * evidence verification (imvs/attestation/component.c): Simple Component
 * Evidence attributes come from the IMC, their policy URIs, PCR indexes,
 * PCR before/after values and measurements included.
 *
 * Input: byte 0 picks the bank (low two bits), whether the summaries are
 * made (bit 2, which keeps registrations) and whether the learned
 * entries are dropped afterwards (bit 3); then attribute values, each
 * with a 2-byte big-endian length, decoded as Simple Component Evidence
 * and handed to the first of the B, I, T components whose name matches.
 * The database (components, component_hashes, golden tables) is made
 * once per process.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "component.h"
#include "db.h"
#include "fuzz_tmpdb.h"
#include "golden.h"
#include "log.h"
#include "pa_tnc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum pts_meas_algo banks[] = {
	PTS_MEAS_ALGO_SHA1, PTS_MEAS_ALGO_SHA256, PTS_MEAS_ALGO_SHA384,
	PTS_MEAS_ALGO_SHA256,
};

/* Only the tables component.c and golden.c read, as tables.sql has them. */
static const char schema[] =
	"CREATE TABLE components (id INTEGER PRIMARY KEY, vendor_id INTEGER,"
	" name INTEGER, qualifier INTEGER, label TEXT);"
	"CREATE TABLE component_hashes (id INTEGER PRIMARY KEY, component "
	"INTEGER, key INTEGER, seq_no INTEGER, pcr INTEGER, algo INTEGER, "
	"hash BLOB);"
	"CREATE TABLE directories (id INTEGER PRIMARY KEY, path TEXT);"
	"CREATE TABLE files (id INTEGER PRIMARY KEY, dir INTEGER, name TEXT);"
	"CREATE TABLE versions (id INTEGER PRIMARY KEY, product INTEGER, "
	"package INTEGER, release TEXT, time INTEGER);"
	"CREATE TABLE file_hashes (id INTEGER PRIMARY KEY, file INTEGER, "
	"version INTEGER, algo INTEGER, hash TEXT);"
	"INSERT INTO components VALUES (1, 36906, 1, 33, 'G'), "
	"(2, 36906, 2, 33, 'T'), (3, 36906, 3, 33, 'B'), "
	"(4, 36906, 3, 34, 'I');"
	"INSERT INTO directories VALUES (1, '/usr/bin'), (2, '/bin');"
	"INSERT INTO files VALUES (1, 1, 'bash'), (2, 2, 'ls');"
	"INSERT INTO versions VALUES (1, 1, 1, '1', 1);"
	"INSERT INTO file_hashes (file, version, algo, hash) VALUES "
	"(1, 1, 16384, printf('%.64c', 'a')), (2, 1, 32768, "
	"printf('%.40c', 'b'));";

static struct db *db;
static struct golden *golden;
static void init(void)
{
	log_set_level(-1, -1);
	db = fuzz_tmpdb_open("imv-att", schema);
	golden = golden_new(db, 1, NULL);
	if (!golden || !golden_add_symlink(golden, "/bin", "/usr/bin"))
		abort();
}

static void feed(struct att_comp **comps, size_t n, const uint8_t *value,
		 size_t len)
{
	struct pa_attr_raw raw = { 0, PEN_TCG, TCG_PTS_SIMPLE_COMP_EVID,
				   value, (uint32_t)len };
	struct tcg_simple_comp_evid e;
	uint32_t offset;
	size_t i;

	if (tcg_simple_comp_evid_decode(&raw, &e, &offset) != PA_DECODE_OK)
		return;
	for (i = 0; i < n; i++)
		if (att_comp_matches(comps[i], &e.name)) {
			if ((unsigned)att_comp_verify(comps[i], &e) >
			    ATT_EVID_FAILED)
				abort();
			return;
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct att_verifier v = { 0 };
	struct att_comp *comps[3];
	const char letters[] = "BIT";
	char text[256];
	size_t i, len, pos = 1;
	struct db_stmt *st;

	if (!golden)
		init();
	if (size < 1)
		return 0;
	v = (struct att_verifier){ .db = db, .golden = golden, .device = 1 };
	if (pcr_bank_reset(&v.bank, banks[data[0] & 3], 3) != PTS_OK)
		abort();
	for (i = 0; i < 3; i++)
		if (!(comps[i] = att_comp_new(letters[i], &v)))
			abort();
	while (pos + 2 <= size) {
		len = (size_t)data[pos] << 8 | data[pos + 1];
		pos += 2;
		if (len > size - pos)
			len = size - pos;
		feed(comps, 3, data + pos, len);
		pos += len;
	}
	for (i = 0; i < 3; i++) {
		if (data[0] & 4)
			att_comp_summary(comps[i], text, sizeof(text));
		att_comp_free(comps[i]);
	}
	if (data[0] & 8) {
		st = db_prepare(db, "DELETE FROM component_hashes");
		if (st)
			db_run(st);
	}
	return 0;
}
