/*
 * test_imv_attestation.c - the Attestation IMV's verification logic
 * without a TPM (imvs/attestation: component.c, file_meas.c,
 * aik_trust.c, att_config.c) on a policy database made from
 * schema/tables.sql and data.sql: BIOS and TBOOT evidence registered on
 * the first attestation and compared on the next, the boot aggregate and
 * IMA file evidence against golden hashes, the exact summary texts of
 * attestation spec 6.6, file measurement workitems (spec 9) and the AIK
 * trust decision (spec 7).
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
#include <openssl/x509.h>
#include <sqlite3.h>

#include "aik_trust.h"
#include "att_config.h"
#include "boot_aggregate.h"
#include "component.h"
#include "db.h"
#include "file_meas.h"
#include "golden.h"
#include "ima_log.h"
#include "pts_hash.h"
#include "schema_sql.h"
#include "workitem.h"

#define PRODUCT 104		/* Debian 12 x86_64 */
#define DEVICE 1
#define BANK PTS_MEAS_ALGO_SHA256
#define SIZE 32

/* The golden hash of /usr/bin/openssl (file 5) for product 104. */
static const uint8_t openssl_digest[SIZE] = {
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00,
	0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80,
	0x90, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0, 0x01,
};

static const char fixture_rows[] =
	"INSERT INTO devices (id, value, product, trusted) VALUES"
	" (1, 'ea4bbba8ca1e800de381ce1872e8b9b1150f75dc', 104, 1);"
	"INSERT INTO sessions (id, time, connection, device, product)"
	" VALUES (7, 1, 1, 1, 104);"
	"INSERT INTO versions (id, product, package, release, time)"
	" VALUES (50, 104, 4, '3.0.11-1', 5);"
	"INSERT INTO file_hashes (file, version, algo, hash) VALUES"
	" (5, 50, 16384, '112233445566778899aabbccddeeff00"
	"102030405060708090a0b0c0d0e0f001');";

struct fx {
	char dir[64];
	sqlite3 *conn;
	struct db *db;
	struct golden *golden;
	struct att_verifier v;
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	char path[128], uri[160];

	assert_non_null(fx);
	strcpy(fx->dir, "/tmp/tnc-att-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(path, sizeof(path), "%s/config.db", fx->dir);
	snprintf(uri, sizeof(uri), "sqlite://%s", path);
	assert_int_equal(sqlite3_open(path, &fx->conn), SQLITE_OK);
	schema_sql_load(fx->conn, "tables.sql");
	schema_sql_load(fx->conn, "data.sql");
	assert_int_equal(sqlite3_exec(fx->conn, fixture_rows, NULL, NULL,
				      NULL), SQLITE_OK);
	fx->db = db_open(uri);
	assert_non_null(fx->db);
	fx->golden = golden_new(fx->db, PRODUCT, NULL);
	assert_non_null(fx->golden);
	assert_true(golden_add_symlink(fx->golden, "/bin", "/usr/bin"));
	fx->v = (struct att_verifier){ .db = fx->db, .golden = fx->golden,
				       .device = DEVICE };
	assert_int_equal(pcr_bank_reset(&fx->v.bank, BANK, 3), PTS_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	char cmd[128];

	golden_free(fx->golden);
	db_close(fx->db);
	sqlite3_close(fx->conn);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

static int64_t count_rows(struct fx *fx, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(fx->conn, sql, -1, &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* ------------------------------------------------------- evidence */

static struct tcg_simple_comp_evid evidence(const struct att_comp *comp,
					    uint32_t pcr,
					    const uint8_t *meas)
{
	return (struct tcg_simple_comp_evid){
		.name = *att_comp_name(comp),
		.pcr = pcr,
		.hash_algo = BANK,
		.transform = TCG_PTS_PCR_TRANSFORM_MATCH,
		.measurement = { meas, SIZE },
	};
}

static void fill(uint8_t *out, uint8_t seed)
{
	for (size_t i = 0; i < SIZE; i++)
		out[i] = (uint8_t)(seed + i);
}

/* Feeds n firmware events (PCR i % 8, measurement seeded i + base). */
static void feed_bios(struct att_comp *comp, int n, uint8_t base,
		      enum att_evid want)
{
	struct tcg_simple_comp_evid e;
	uint8_t m[SIZE];

	for (int i = 0; i < n; i++) {
		fill(m, (uint8_t)(base + i));
		e = evidence(comp, (uint32_t)(i % 8), m);
		assert_int_equal(att_comp_verify(comp, &e), want);
	}
}

static void test_bios_register_then_compare(void **state)
{
	struct fx *fx = *state;
	struct att_comp *comp = att_comp_new('B', &fx->v);
	char text[256];
	uint8_t pcr0[SIZE], m[SIZE], locality[SIZE] = { 0 };
	struct tcg_simple_comp_evid e;

	assert_non_null(comp);
	assert_int_equal(att_comp_letter(comp), 'B');
	assert_int_equal(att_comp_name(comp)->qualifier, 0x21);
	feed_bios(comp, 3, 1, ATT_EVID_OK);
	assert_false(att_comp_summary(comp, text, sizeof(text)));
	assert_string_equal(text, "registered 3 BIOS evidence measurements");
	att_comp_free(comp);
	assert_int_equal(count_rows(fx, "SELECT COUNT(*) FROM component_hashes"
				    " WHERE component = 3 AND key = 1 AND "
				    "algo = 16384"), 3);
	/* spec 6.4: PCR0 = H(00..03 || m1) */
	locality[SIZE - 1] = 3;
	fill(m, 1);
	assert_int_equal(pts_hash(BANK, (struct pts_part[]){
		{ locality, SIZE }, { m, SIZE } }, 2, pcr0), PTS_OK);
	assert_memory_equal(pcr_bank_read(&fx->v.bank, 0), pcr0, SIZE);

	/* the next attestation compares */
	comp = att_comp_new('B', &fx->v);
	feed_bios(comp, 3, 1, ATT_EVID_OK);
	assert_false(att_comp_summary(comp, text, sizeof(text)));
	assert_string_equal(text, "3 BIOS evidence measurements are ok");
	att_comp_free(comp);

	/* a changed event fails, a missing one is pending */
	comp = att_comp_new('B', &fx->v);
	feed_bios(comp, 1, 1, ATT_EVID_OK);
	fill(m, 99);
	e = evidence(comp, 1, m);
	assert_int_equal(att_comp_verify(comp, &e), ATT_EVID_FAILED);
	assert_true(att_comp_summary(comp, text, sizeof(text)));
	assert_string_equal(text, "1 of 3 BIOS evidence measurements missing");
	att_comp_free(comp);
	assert_int_equal(count_rows(fx, "SELECT COUNT(*) FROM "
				    "component_hashes"), 3);
}

static void test_registration_dropped_without_summary(void **state)
{
	struct fx *fx = *state;
	struct att_comp *comp = att_comp_new('T', &fx->v);
	char text[128];

	feed_bios(comp, 2, 7, ATT_EVID_OK);
	assert_int_equal(count_rows(fx, "SELECT COUNT(*) FROM "
				    "component_hashes WHERE component = 2"), 2);
	att_comp_free(comp);	/* the log was cut off: nothing learned */
	assert_int_equal(count_rows(fx, "SELECT COUNT(*) FROM "
				    "component_hashes"), 0);

	comp = att_comp_new('T', &fx->v);
	feed_bios(comp, 2, 7, ATT_EVID_OK);
	att_comp_summary(comp, text, sizeof(text));
	assert_string_equal(text, "registered 2 evidence measurements");
	att_comp_free(comp);
	comp = att_comp_new('T', &fx->v);
	feed_bios(comp, 2, 7, ATT_EVID_OK);
	att_comp_summary(comp, text, sizeof(text));
	assert_string_equal(text, "2 evidence measurements are ok");
	att_comp_free(comp);
}

static void test_evidence_of_other_bank_fails(void **state)
{
	struct fx *fx = *state;
	struct att_comp *comp = att_comp_new('B', &fx->v);
	struct tcg_simple_comp_evid e;
	uint8_t m[SIZE];

	fill(m, 1);
	e = evidence(comp, 0, m);
	e.hash_algo = PTS_MEAS_ALGO_SHA1;
	assert_int_equal(att_comp_verify(comp, &e), ATT_EVID_FAILED);
	assert_int_equal(fx->v.bank.selected, 0);
	assert_null(att_comp_new('X', &fx->v));
	att_comp_free(comp);
}

/* The IMA evidence of (uri, digest) as the IMC sends it (spec 6.3). */
struct ima_evid {
	char uri[128];
	uint8_t hash[SIZE];
};

static void ima_evid(struct ima_evid *out, const char *algo,
		     const char *name, const uint8_t *digest)
{
	struct ima_entry e = {
		.template = IMA_TEMPLATE_IMA_NG,
		.algo_name = algo,
		.algo_name_len = strlen(algo),
		.digest = digest,
		.digest_len = SIZE,
		.name = name,
		.name_len = strlen(name),
	};
	size_t len;

	snprintf(out->uri, sizeof(out->uri), "%s:%s", algo, name);
	assert_int_equal(ima_template_hash(&e, BANK, false, out->hash, &len),
			 PTS_OK);
	assert_int_equal(len, SIZE);
}

static enum att_evid feed_ima(struct att_comp *comp,
			      const struct ima_evid *ie, uint8_t validation)
{
	struct tcg_simple_comp_evid e = evidence(comp, IMA_PCR, ie->hash);

	e.flags = validation;
	e.policy_uri = (struct pa_bytes){ (const uint8_t *)ie->uri,
					  strlen(ie->uri) };
	return att_comp_verify(comp, &e);
}

/* The boot aggregate entry matching the bank's firmware PCRs. */
static void boot_aggregate_evid(struct fx *fx, struct ima_evid *out)
{
	uint8_t aggregate[PTS_MEAS_ALGO_MAX_SIZE];
	size_t len;

	assert_int_equal(boot_aggregate_digest(&fx->v.bank, false, aggregate,
					       &len), PTS_OK);
	ima_evid(out, "sha256", BOOT_AGGREGATE_NAME, aggregate);
}

static void test_ima_boot_aggregate_and_files(void **state)
{
	struct fx *fx = *state;
	struct att_comp *bios = att_comp_new('B', &fx->v);
	struct att_comp *ima = att_comp_new('I', &fx->v);
	struct ima_evid ie;
	uint8_t other[SIZE];
	char text[256];

	assert_true(att_comp_matches(ima, &(struct tcg_pts_comp_name){
		PEN_ITA, 0, 0x22, TCG_PTS_COMP_ITA_IMA }));
	assert_false(att_comp_matches(bios, att_comp_name(ima)));
	feed_bios(bios, 8, 1, ATT_EVID_OK);
	assert_true(fx->v.bios_seen);
	boot_aggregate_evid(fx, &ie);
	assert_int_equal(feed_ima(ima, &ie, TCG_PTS_VALIDATION_PASSED),
			 ATT_EVID_OK);
	/* golden hash: ok */
	ima_evid(&ie, "sha256", "/usr/bin/openssl", openssl_digest);
	assert_int_equal(feed_ima(ima, &ie, TCG_PTS_VALIDATION_PASSED),
			 ATT_EVID_OK);
	/* UsrMerge: /bin/openssl is /usr/bin/openssl (spec 7.1) */
	ima_evid(&ie, "sha256", "/bin/openssl", openssl_digest);
	assert_int_equal(feed_ima(ima, &ie, TCG_PTS_VALIDATION_PASSED),
			 ATT_EVID_OK);
	/* no golden hash: unknown, not held against the endpoint */
	ima_evid(&ie, "sha256", "/usr/bin/bash", openssl_digest);
	assert_int_equal(feed_ima(ima, &ie, TCG_PTS_VALIDATION_PASSED),
			 ATT_EVID_OK);
	/* another digest: differ */
	memset(other, 0x5a, sizeof(other));
	ima_evid(&ie, "sha256", "/usr/bin/openssl", other);
	assert_int_equal(feed_ima(ima, &ie, TCG_PTS_VALIDATION_PASSED),
			 ATT_EVID_FAILED);
	/* the IMC could not validate it: failed */
	ima_evid(&ie, "sha256", "/usr/bin/openssl", openssl_digest);
	assert_int_equal(feed_ima(ima, &ie, TCG_PTS_VALIDATION_FAILED),
			 ATT_EVID_FAILED);
	/* sha512 is unknown to the golden tables */
	ima_evid(&ie, "sha512", "/usr/bin/openssl", openssl_digest);
	assert_int_equal(feed_ima(ima, &ie, TCG_PTS_VALIDATION_PASSED),
			 ATT_EVID_OK);

	assert_false(att_comp_summary(ima, text, sizeof(text)));
	assert_string_equal(text, "registered IMA boot aggregate evidence "
			    "measurement; processed 6 IMA file evidence "
			    "measurements: 2 ok, 2 unknown, 1 differ, "
			    "1 failed");
	assert_false(att_comp_summary(bios, text, sizeof(text)));
	assert_string_equal(text, "registered 8 BIOS evidence measurements");
	/* entry 1 of the IMA component holds the aggregate */
	assert_int_equal(count_rows(fx, "SELECT COUNT(*) FROM "
				    "component_hashes WHERE component = 4 "
				    "AND seq_no = 1 AND pcr = 10"), 1);
	att_comp_free(ima);
	att_comp_free(bios);
}

static void test_ima_wrong_boot_aggregate(void **state)
{
	struct fx *fx = *state;
	struct att_comp *bios = att_comp_new('B', &fx->v);
	struct att_comp *ima = att_comp_new('I', &fx->v);
	struct ima_evid ie;
	uint8_t bogus[SIZE];
	char text[256];

	feed_bios(bios, 8, 1, ATT_EVID_OK);
	memset(bogus, 1, sizeof(bogus));
	ima_evid(&ie, "sha256", BOOT_AGGREGATE_NAME, bogus);
	assert_int_equal(feed_ima(ima, &ie, TCG_PTS_VALIDATION_PASSED),
			 ATT_EVID_FAILED);
	/* a first entry with another name fails the same way */
	att_comp_free(ima);
	ima = att_comp_new('I', &fx->v);
	boot_aggregate_evid(fx, &ie);
	memcpy(strstr(ie.uri, "boot"), "BOOT", 4);
	assert_int_equal(feed_ima(ima, &ie, TCG_PTS_VALIDATION_PASSED),
			 ATT_EVID_FAILED);
	assert_true(att_comp_summary(ima, text, sizeof(text)));
	assert_string_equal(text, "no IMA file evidence measurements");
	att_comp_free(ima);
	att_comp_free(bios);
}

static void test_ima_without_bios(void **state)
{
	struct fx *fx = *state;
	struct att_comp *ima = att_comp_new('I', &fx->v);
	struct ima_evid ie;
	char text[256];

	/* no firmware evidence: the first entry is stored as received */
	ima_evid(&ie, "sha256", BOOT_AGGREGATE_NAME, openssl_digest);
	assert_int_equal(feed_ima(ima, &ie, TCG_PTS_VALIDATION_PASSED),
			 ATT_EVID_OK);
	ima_evid(&ie, "sha256", "/usr/bin/openssl", openssl_digest);
	assert_int_equal(feed_ima(ima, &ie, TCG_PTS_VALIDATION_PASSED),
			 ATT_EVID_OK);
	assert_false(att_comp_summary(ima, text, sizeof(text)));
	assert_string_equal(text, "registered IMA boot aggregate evidence "
			    "measurement; processed 1 IMA file evidence "
			    "measurements: 1 ok, 0 unknown, 0 differ, "
			    "0 failed");
	att_comp_free(ima);

	/* the second attestation compares the stored entry */
	ima = att_comp_new('I', &fx->v);
	ima_evid(&ie, "sha256", BOOT_AGGREGATE_NAME, openssl_digest);
	assert_int_equal(feed_ima(ima, &ie, TCG_PTS_VALIDATION_PASSED),
			 ATT_EVID_OK);
	assert_true(att_comp_summary(ima, text, sizeof(text)));
	assert_string_equal(text, "no IMA file evidence measurements");
	att_comp_free(ima);
	ima = att_comp_new('I', &fx->v);
	ima_evid(&ie, "sha256", BOOT_AGGREGATE_NAME, (uint8_t[SIZE]){ 9 });
	assert_int_equal(feed_ima(ima, &ie, TCG_PTS_VALIDATION_PASSED),
			 ATT_EVID_FAILED);
	att_comp_free(ima);
}

/* ------------------------------------------------- file workitems */

static void test_file_paths(void **state)
{
	struct fx *fx = *state;
	char *p;

	p = file_meas_path(fx->db, false, 5);
	assert_string_equal(p, "/usr/bin/openssl");
	free(p);
	p = file_meas_path(fx->db, true, 12);
	assert_string_equal(p, "/usr/sbin");
	free(p);
	assert_null(file_meas_path(fx->db, false, 999));
	assert_int_equal(sqlite3_exec(fx->conn,
		"INSERT INTO directories (id, path) VALUES (20, '/'),"
		" (21, 'C:\\Windows');"
		"INSERT INTO files (id, dir, name) VALUES (30, 20, 'vmlinuz'),"
		" (31, 21, 'notepad.exe');", NULL, NULL, NULL), SQLITE_OK);
	p = file_meas_path(fx->db, false, 30);
	assert_string_equal(p, "/vmlinuz");
	free(p);
	p = file_meas_path(fx->db, false, 31);
	assert_string_equal(p, "C:\\Windows\\notepad.exe");
	free(p);
}

static void test_file_compare(void **state)
{
	struct fx *fx = *state;
	const struct file_meas_type *t = file_meas_type_find(WORKITEM_FMEAS);
	uint8_t other[SIZE];
	struct tcg_file_meas_entry e = {
		{ openssl_digest, SIZE }, { (const uint8_t *)"openssl", 7 } };
	struct tcg_file_meas m = { 5, SIZE, 1, &e };
	char text[64];

	assert_non_null(t);
	assert_null(file_meas_type_find(WORKITEM_TPMRA));
	assert_int_equal(file_meas_compare(fx->golden, t, 5, BANK, &m),
			 FILE_MEAS_OK);
	file_meas_result_text(t, FILE_MEAS_OK, text, sizeof(text));
	assert_string_equal(text, "file measurement correct");
	memset(other, 0, sizeof(other));
	e.meas.ptr = other;
	assert_int_equal(file_meas_compare(fx->golden, t, 5, BANK, &m),
			 FILE_MEAS_INCORRECT);
	file_meas_result_text(t, FILE_MEAS_INCORRECT, text, sizeof(text));
	assert_string_equal(text, "file measurement not correct");
	/* no returned entry for a file with hashes */
	m.count = 0;
	assert_int_equal(file_meas_compare(fx->golden, t, 5, BANK, &m),
			 FILE_MEAS_INCORRECT);
	/* no hash in the database: correct */
	assert_int_equal(file_meas_compare(fx->golden, t, 6, BANK, &m),
			 FILE_MEAS_OK);
	/* directory mode matches by name */
	t = file_meas_type_find(WORKITEM_DMEAS);
	e.meas.ptr = openssl_digest;
	m.count = 1;
	assert_int_equal(file_meas_compare(fx->golden, t, 8, BANK, &m),
			 FILE_MEAS_OK);
	e.name = (struct pa_bytes){ (const uint8_t *)"openssl.bak", 11 };
	assert_int_equal(file_meas_compare(fx->golden, t, 8, BANK, &m),
			 FILE_MEAS_INCORRECT);
	file_meas_result_text(t, FILE_MEAS_INCORRECT, text, sizeof(text));
	assert_string_equal(text, "directory measurement not correct");
}

static void test_file_reference(void **state)
{
	struct fx *fx = *state;
	const struct file_meas_type *t = file_meas_type_find(WORKITEM_DREFM);
	uint8_t d1[SIZE], d2[SIZE];
	struct tcg_file_meas_entry e[2] = {
		{ { d1, SIZE }, { (const uint8_t *)"sshd", 4 } },
		{ { d2, SIZE }, { (const uint8_t *)"cron", 4 } },
	};
	struct tcg_file_meas m = { 9, SIZE, 2, e };
	char text[64];

	fill(d1, 0xa0);
	fill(d2, 0x10);
	assert_int_equal(file_meas_reference(fx->db, PRODUCT, t, 12, BANK,
					     &m), FILE_MEAS_OK);
	file_meas_result_text(t, FILE_MEAS_OK, text, sizeof(text));
	assert_string_equal(text, "directory reference measurement "
			    "successful");
	assert_int_equal(count_rows(fx, "SELECT COUNT(*) FROM file_hashes AS h"
		" JOIN files AS f ON f.id = h.file JOIN versions AS v ON "
		"v.id = h.version JOIN packages AS p ON p.id = v.package "
		"WHERE p.name = '' AND v.product = 104 AND f.dir = 12 AND "
		"h.algo = 16384 AND h.hash = 'a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
		"b0b1b2b3b4b5b6b7b8b9babbbcbdbebf'"), 1);
	/* again with a changed digest: replaced, not added */
	fill(d1, 0x00);
	assert_int_equal(file_meas_reference(fx->db, PRODUCT, t, 12, BANK,
					     &m), FILE_MEAS_OK);
	assert_int_equal(count_rows(fx, "SELECT COUNT(*) FROM file_hashes "
				    "WHERE hash LIKE '000102%'"), 1);
	assert_int_equal(count_rows(fx, "SELECT COUNT(*) FROM file_hashes "
				    "WHERE hash LIKE 'a0a1%'"), 0);
	/* the stored reference is what DMEAS compares with next time */
	assert_int_equal(file_meas_compare(fx->golden,
		file_meas_type_find(WORKITEM_DMEAS), 12, BANK, &m),
		FILE_MEAS_OK);
	/* file mode: the name must be the file's */
	t = file_meas_type_find(WORKITEM_FREFM);
	m.count = 1;
	assert_int_equal(file_meas_reference(fx->db, PRODUCT, t, 5, BANK, &m),
			 FILE_MEAS_ERROR);
	e[0].name = (struct pa_bytes){ (const uint8_t *)"openssl", 7 };
	assert_int_equal(file_meas_reference(fx->db, PRODUCT, t, 5, BANK, &m),
			 FILE_MEAS_OK);
	file_meas_result_text(t, FILE_MEAS_OK, text, sizeof(text));
	assert_string_equal(text, "file reference measurement successful");
	t = file_meas_type_find(WORKITEM_FMETA);
	file_meas_result_text(t, FILE_MEAS_OK, text, sizeof(text));
	assert_string_equal(text, "file metadata requested");
}

/* ------------------------------------------------------ AIK trust */

static struct pts_aik *make_aik(void)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	unsigned char *der = NULL;
	struct pts_aik *aik = NULL;
	int len;

	assert_non_null(key);
	len = i2d_PUBKEY(key, &der);
	assert_true(len > 0);
	assert_int_equal(pts_aik_load(PTS_AIK_FLAG_NAKED, der, (size_t)len,
				      &aik), PTS_OK);
	OPENSSL_free(der);
	EVP_PKEY_free(key);
	return aik;
}

static void test_aik_trust(void **state)
{
	struct fx *fx = *state;
	struct pts_aik *aik = make_aik();
	struct att_device dev;
	char sql[160];

	assert_true(att_device_load(fx->db, 7, &dev));
	assert_int_equal(dev.product, PRODUCT);
	assert_int_equal(dev.id, DEVICE);
	assert_true(dev.trusted);
	/* registered under another key id */
	assert_int_equal(att_aik_trust(aik, &dev, NULL), ATT_AIK_UNTRUSTED);
	att_device_free(&dev);

	snprintf(sql, sizeof(sql), "UPDATE devices SET value = '%s' "
		 "WHERE id = 1", pts_aik_keyid(aik));
	assert_int_equal(sqlite3_exec(fx->conn, sql, NULL, NULL, NULL),
			 SQLITE_OK);
	assert_true(att_device_load(fx->db, 7, &dev));
	assert_int_equal(att_aik_trust(aik, &dev, NULL),
			 ATT_AIK_TRUSTED_DEVICE);
	att_device_free(&dev);

	assert_int_equal(sqlite3_exec(fx->conn, "UPDATE devices SET trusted "
				      "= 0", NULL, NULL, NULL), SQLITE_OK);
	assert_true(att_device_load(fx->db, 7, &dev));
	assert_int_equal(att_aik_trust(aik, &dev, "/nonexistent"),
			 ATT_AIK_UNTRUSTED);
	att_device_free(&dev);
	assert_false(att_device_load(fx->db, 8, &dev));
	pts_aik_free(aik);
}

/* --------------------------------------------------------- config */

static void clear_env(void)
{
	unsetenv("TNC_IMV_ATTESTATION_HASH_ALGORITHM");
	unsetenv("TNC_IMV_ATTESTATION_DH_GROUP");
	unsetenv("TNC_IMV_ATTESTATION_MANDATORY_DH_GROUPS");
	unsetenv("TNC_IMV_ATTESTATION_MIN_NONCE_LEN");
	unsetenv("TNC_IMV_ATTESTATION_CADIR");
}

static void test_config(void **state)
{
	struct att_config cfg;
	const char *why = NULL;

	(void)state;
	clear_env();
	assert_true(att_config_load(&cfg, &why));
	assert_int_equal(cfg.algos, 0xE000);
	assert_int_equal(cfg.dh_groups, 0xF000);
	assert_int_equal(cfg.min_nonce_len, 0);
	assert_null(cfg.cadir);
	att_config_free(&cfg);

	setenv("TNC_IMV_ATTESTATION_HASH_ALGORITHM", "sha256", 1);
	setenv("TNC_IMV_ATTESTATION_DH_GROUP", "ecp384", 1);
	setenv("TNC_IMV_ATTESTATION_MIN_NONCE_LEN", "20", 1);
	setenv("TNC_IMV_ATTESTATION_CADIR", "/etc/cas", 1);
	assert_true(att_config_load(&cfg, &why));
	assert_int_equal(cfg.algos, 0xC000);
	assert_int_equal(cfg.dh_groups, 0xF800);
	assert_int_equal(cfg.min_nonce_len, 20);
	assert_string_equal(cfg.cadir, "/etc/cas");
	att_config_free(&cfg);

	setenv("TNC_IMV_ATTESTATION_HASH_ALGORITHM", "sha1", 1);
	assert_false(att_config_load(&cfg, &why));
	assert_string_equal(why, "hash_algorithm");
	unsetenv("TNC_IMV_ATTESTATION_HASH_ALGORITHM");
	setenv("TNC_IMV_ATTESTATION_DH_GROUP", "modp2048", 1);
	assert_false(att_config_load(&cfg, &why));
	assert_string_equal(why, "mandatory_dh_groups");
	setenv("TNC_IMV_ATTESTATION_MANDATORY_DH_GROUPS", "no", 1);
	assert_true(att_config_load(&cfg, &why));
	assert_int_equal(cfg.dh_groups, 0xE000);
	att_config_free(&cfg);
	setenv("TNC_IMV_ATTESTATION_DH_GROUP", "curve25519", 1);
	assert_false(att_config_load(&cfg, &why));
	assert_string_equal(why, "dh_group");
	unsetenv("TNC_IMV_ATTESTATION_DH_GROUP");
	setenv("TNC_IMV_ATTESTATION_MIN_NONCE_LEN", "17x", 1);
	assert_false(att_config_load(&cfg, &why));
	assert_string_equal(why, "min_nonce_len");
	clear_env();
}

#define DB_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		DB_TEST(test_bios_register_then_compare),
		DB_TEST(test_registration_dropped_without_summary),
		DB_TEST(test_evidence_of_other_bank_fails),
		DB_TEST(test_ima_boot_aggregate_and_files),
		DB_TEST(test_ima_wrong_boot_aggregate),
		DB_TEST(test_ima_without_bios),
		DB_TEST(test_file_paths),
		DB_TEST(test_file_compare),
		DB_TEST(test_file_reference),
		DB_TEST(test_aik_trust),
		cmocka_unit_test(test_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
