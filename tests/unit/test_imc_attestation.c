/*
 * test_imc_attestation.c - the Attestation IMC's modules (imcs/attestation):
 * its settings (att_conf.c), the File Measurement / Unix File Metadata it
 * builds and the PTS errors it answers instead (file_meas.c, spec 3, 9),
 * ITA Symlinks (symlinks.c, spec 7.1) and the component evidence of
 * synthetic firmware and IMA logs with the emulated PCR bank
 * (evidence.c, spec 6.1-6.5). Files are made in a temporary directory.
 * The whole IMC against swtpm: integration/test_attestation_imc.py.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "att_conf.h"
#include "bios_log.h"
#include "boot_aggregate.h"
#include "evidence.h"
#include "file_meas.h"
#include "pts_hash.h"
#include "symlinks.h"
#include "tcg_pts.h"

static char tmp[256];

static void path_of(char *out, size_t size, const char *rel)
{
	snprintf(out, size, "%s%s", tmp, rel);
}

static void write_file(const char *rel, const void *data, size_t len)
{
	char p[512];
	FILE *f;

	path_of(p, sizeof(p), rel);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void make_dir(const char *rel)
{
	char p[512];

	path_of(p, sizeof(p), rel);
	assert_int_equal(mkdir(p, 0700), 0);
}

static int setup(void **state)
{
	snprintf(tmp, sizeof(tmp), "/tmp/test-imc-att-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *const conf_vars[] = {
	"TNC_IMC_ATTESTATION_TCTI", "TNC_IMC_ATTESTATION_AIK_HANDLE",
	"TNC_IMC_ATTESTATION_HASH_ALGORITHM", "TNC_IMC_ATTESTATION_NONCE_LEN",
	"TNC_IMC_ATTESTATION_MANDATORY_DH_GROUPS",
	"TNC_IMC_ATTESTATION_PCR_PADDING", "TNC_IMC_ATTESTATION_BIOS_LOG",
	"TNC_IMC_ATTESTATION_IMA_LOG", "TNC_IMC_OS_ROOT",
};

static void clear_env(void)
{
	size_t i;

	for (i = 0; i < sizeof(conf_vars) / sizeof(conf_vars[0]); i++)
		unsetenv(conf_vars[i]);
}

/* ------------------------------------------------------------ conf */

static void test_conf_defaults(void **state)
{
	struct att_conf c;
	const char *bad = "x";

	clear_env();
	assert_int_equal(att_conf_read(&c, &bad), 0);
	assert_null(bad);
	assert_string_equal(c.tcti, "device:/dev/tpmrm0");
	assert_int_equal(c.aik_handle, 0x81010003);
	assert_int_equal(c.algos, 0xE000);
	assert_int_equal(c.nonce_len, 20);
	assert_true(c.mandatory_dh_groups);
	assert_false(c.pcr_padding);
	assert_string_equal(c.bios_log,
		"/sys/kernel/security/tpm0/binary_bios_measurements");
	assert_string_equal(c.ima_log,
		"/sys/kernel/security/ima/binary_runtime_measurements");
}

static void test_conf_values(void **state)
{
	struct att_conf c;
	const char *bad;

	clear_env();
	setenv("TNC_IMC_ATTESTATION_TCTI", "swtpm:port=2321", 1);
	setenv("TNC_IMC_ATTESTATION_AIK_HANDLE", "0x81000001", 1);
	setenv("TNC_IMC_ATTESTATION_HASH_ALGORITHM", "sha256", 1);
	setenv("TNC_IMC_ATTESTATION_NONCE_LEN", "32", 1);
	setenv("TNC_IMC_ATTESTATION_MANDATORY_DH_GROUPS", "no", 1);
	setenv("TNC_IMC_ATTESTATION_PCR_PADDING", "yes", 1);
	setenv("TNC_IMC_ATTESTATION_IMA_LOG", "/var/ima.log", 1);
	setenv("TNC_IMC_OS_ROOT", "/fake", 1);
	assert_int_equal(att_conf_read(&c, &bad), 0);
	assert_string_equal(c.tcti, "swtpm:port=2321");
	assert_int_equal(c.aik_handle, 0x81000001);
	assert_int_equal(c.algos, 0xC000);
	assert_int_equal(c.nonce_len, 32);
	assert_false(c.mandatory_dh_groups);
	assert_true(c.pcr_padding);
	assert_string_equal(c.root, "/fake");
	/* the root prefixes the default log path, not a configured one */
	assert_string_equal(c.bios_log,
		"/fake/sys/kernel/security/tpm0/binary_bios_measurements");
	assert_string_equal(c.ima_log, "/var/ima.log");
	assert_int_equal(att_conf_algos_up_to("SHA1"), 0x8000);
	assert_int_equal(att_conf_algos_up_to("sha512"), 0);
	clear_env();
}

/* A malformed value keeps its default and is named; the rest is read. */
static void test_conf_malformed(void **state)
{
	static const struct {
		const char *var, *value;
	} cases[] = {
		{ "TNC_IMC_ATTESTATION_AIK_HANDLE", "81zz" },
		{ "TNC_IMC_ATTESTATION_AIK_HANDLE", "-1" },
		{ "TNC_IMC_ATTESTATION_AIK_HANDLE", "1ffffffff" },
		{ "TNC_IMC_ATTESTATION_HASH_ALGORITHM", "md5" },
		{ "TNC_IMC_ATTESTATION_NONCE_LEN", "256" },
		{ "TNC_IMC_ATTESTATION_NONCE_LEN", "20x" },
		{ "TNC_IMC_ATTESTATION_PCR_PADDING", "maybe" },
	};
	struct att_conf c;
	const char *bad;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		clear_env();
		setenv(cases[i].var, cases[i].value, 1);
		setenv("TNC_IMC_ATTESTATION_TCTI", "tabrmd", 1);
		assert_int_equal(att_conf_read(&c, &bad), -1);
		assert_string_equal(bad, cases[i].var);
		assert_string_equal(c.tcti, "tabrmd");
		assert_int_equal(c.aik_handle, 0x81010003);
		assert_int_equal(c.algos, 0xE000);
		assert_int_equal(c.nonce_len, 20);
		assert_false(c.pcr_padding);
	}
	clear_env();
}

/* ---------------------------------------------------------- files */

static const uint8_t sha256_abc[32] = {
	0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
	0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
	0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
};
/* SHA-256 of the empty string */
static const uint8_t sha256_empty[32] = {
	0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4,
	0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b,
	0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
};

static void make_files(void)
{
	make_dir("/d");
	make_dir("/d/sub");
	write_file("/d/abc", "abc", 3);
	write_file("/d/empty", "", 0);
	write_file("/d/.dot", "x", 1);
}

static struct tcg_req_file_meas meas_req(const char *path, bool dir,
					 uint32_t delim)
{
	return (struct tcg_req_file_meas){
		.flags = dir ? TCG_PTS_FILE_FLAG_DIRECTORY : 0,
		.request_id = 0x1234, .delimiter = delim,
		.path = { (const uint8_t *)path, strlen(path) } };
}

/* The whole attribute: header (NOSKIP, TCG, File Measurement) + value. */
static void test_file_meas_file(void **state)
{
	struct tcg_req_file_meas req = meas_req("/d/abc", false, '/');
	struct writer w;
	size_t count;
	uint8_t expect[12 + 12 + 32 + 2 + 3] = {
		0x80, 0x00, 0x55, 0x97, 0x00, 0xd0, 0x00, 0x00,
		0, 0, 0, sizeof(expect),
		0, 0, 0, 0, 0, 0, 0, 1, 0x12, 0x34, 0, 32 };

	make_files();
	memcpy(expect + 24, sha256_abc, 32);
	memcpy(expect + 56, "\0\3abc", 5);
	writer_init(&w);
	assert_int_equal(file_meas_build(tmp, &req, PTS_MEAS_ALGO_SHA256, &w,
					 &count), 0);
	assert_int_equal(count, 1);
	assert_int_equal(w.len, sizeof(expect));
	assert_memory_equal(w.data, expect, sizeof(expect));
	writer_free(&w);
}

/* Regular files directly in the directory, by name, no dot files. */
static void test_file_meas_dir(void **state)
{
	struct tcg_req_file_meas req = meas_req("/d", true, '/');
	struct tcg_pts_attr a;
	struct pa_attr_raw raw;
	struct writer w;
	uint32_t off;
	size_t count;

	make_files();
	writer_init(&w);
	assert_int_equal(file_meas_build(tmp, &req, PTS_MEAS_ALGO_SHA256, &w,
					 &count), 0);
	assert_int_equal(count, 2);
	raw = (struct pa_attr_raw){ w.data[0], PEN_TCG, TCG_PTS_FILE_MEAS,
				    w.data + 12, (uint32_t)w.len - 12 };
	assert_int_equal(tcg_pts_attr_decode(&raw, &a, &off), PA_DECODE_OK);
	assert_int_equal(a.v.file_meas.request_id, 0x1234);
	assert_int_equal(a.v.file_meas.meas_len, 32);
	assert_int_equal(a.v.file_meas.count, 2);
	assert_memory_equal(a.v.file_meas.files[0].name.ptr, "abc", 3);
	assert_memory_equal(a.v.file_meas.files[0].meas.ptr, sha256_abc, 32);
	assert_int_equal(a.v.file_meas.files[1].name.len, 5);
	assert_memory_equal(a.v.file_meas.files[1].name.ptr, "empty", 5);
	assert_memory_equal(a.v.file_meas.files[1].meas.ptr, sha256_empty,
			    32);
	tcg_pts_attr_free(&a);
	writer_free(&w);
}

/* An empty directory: no files, measurement length 0 (spec 3). */
static void test_file_meas_empty_dir(void **state)
{
	struct tcg_req_file_meas req = meas_req("/e", true, '/');
	struct writer w;
	size_t count;
	static const uint8_t value[12] = { 0, 0, 0, 0, 0, 0, 0, 0,
					   0x12, 0x34, 0, 0 };

	make_dir("/e");
	writer_init(&w);
	assert_int_equal(file_meas_build(tmp, &req, PTS_MEAS_ALGO_SHA1, &w,
					 &count), 0);
	assert_int_equal(count, 0);
	assert_int_equal(w.len, 24);
	assert_memory_equal(w.data + 12, value, sizeof(value));
	writer_free(&w);
}

static void test_file_meas_errors(void **state)
{
	static const struct {
		const char *path;
		size_t len;
		bool dir;
		uint32_t delim;
		int error;
	} cases[] = {
		{ "/d/abc", 6, false, '.', TCG_PTS_INVALID_DELIMITER },
		{ "/d/abc", 6, false, 0x2F2F, TCG_PTS_INVALID_DELIMITER },
		{ "/d/missing", 10, false, '/', TCG_PTS_FILE_NOT_FOUND },
		{ "/d/abc/x", 8, false, '/', TCG_PTS_FILE_NOT_FOUND },
		{ "", 0, false, '/', TCG_PTS_INVALID_PATH },
		{ "/d\0/abc", 7, false, '/', TCG_PTS_INVALID_PATH },
		{ "/d", 2, false, '/', TCG_PTS_INVALID_PATH },
		{ "/d/abc", 6, true, '/', TCG_PTS_INVALID_PATH },
	};
	struct tcg_req_file_meas req;
	struct tcg_req_file_meta meta;
	struct writer w;
	size_t i, count;

	make_files();
	writer_init(&w);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		req = meas_req("", cases[i].dir, cases[i].delim);
		req.path = (struct pa_bytes){ (const uint8_t *)cases[i].path,
					      cases[i].len };
		assert_int_equal(file_meas_build(tmp, &req,
						 PTS_MEAS_ALGO_SHA256, &w,
						 &count), cases[i].error);
		meta = (struct tcg_req_file_meta){
			.flags = req.flags, .delimiter = (uint8_t)req.delimiter,
			.path = req.path };
		if (cases[i].delim <= 0xff)
			assert_int_equal(file_meta_build(tmp, &meta, &w,
							 &count),
					 cases[i].error);
		assert_int_equal(w.len, 0);
	}
	/* no algorithm: nothing to send, no PTS error either */
	req = meas_req("/d/abc", false, '/');
	assert_int_equal(file_meas_build(tmp, &req, PTS_MEAS_ALGO_NONE, &w,
					 &count), -1);
	writer_free(&w);
}

static void test_file_meta(void **state)
{
	struct tcg_req_file_meta req = { .delimiter = '/',
		.path = { (const uint8_t *)"/d/abc", 6 } };
	struct tcg_pts_attr a;
	struct pa_attr_raw raw;
	struct writer w;
	struct stat st;
	char p[512];
	uint32_t off;
	size_t count;

	make_files();
	path_of(p, sizeof(p), "/d/abc");
	assert_int_equal(stat(p, &st), 0);
	writer_init(&w);
	assert_int_equal(file_meta_build(tmp, &req, &w, &count), 0);
	assert_int_equal(count, 1);
	/* header: no flags, TCG, Unix-Style File Metadata, 12+8+55 bytes */
	assert_memory_equal(w.data, "\x00\x00\x55\x97\x00\x90\x00\x00"
			    "\x00\x00\x00\x4b", 12);
	raw = (struct pa_attr_raw){ 0, PEN_TCG, TCG_PTS_UNIX_FILE_META,
				    w.data + 12, (uint32_t)w.len - 12 };
	assert_int_equal(tcg_pts_attr_decode(&raw, &a, &off), PA_DECODE_OK);
	assert_int_equal(a.v.unix_file_meta.count, 1);
	assert_int_equal(a.v.unix_file_meta.files[0].type,
			 TCG_PTS_FILE_REGULAR);
	assert_int_equal(a.v.unix_file_meta.files[0].size, 3);
	assert_int_equal(a.v.unix_file_meta.files[0].modified, st.st_mtime);
	assert_int_equal(a.v.unix_file_meta.files[0].owner, st.st_uid);
	assert_int_equal(a.v.unix_file_meta.files[0].name.len, 3);
	tcg_pts_attr_free(&a);
	writer_free(&w);
	assert_int_equal(file_meas_type(S_IFDIR | 0755),
			 TCG_PTS_FILE_DIRECTORY);
	assert_int_equal(file_meas_type(S_IFLNK | 0777), TCG_PTS_FILE_SYMLINK);
	assert_int_equal(file_meas_type(S_IFSOCK), TCG_PTS_FILE_SOCKET);
}

/* ------------------------------------------------------- symlinks */

static void test_symlinks(void **state)
{
	struct symlink_list l;
	char p[512];

	make_dir("/usr");
	make_dir("/usr/bin");
	make_dir("/usr/lib");
	write_file("/file", "x", 1);
	path_of(p, sizeof(p), "/bin");
	assert_int_equal(symlink("usr/bin", p), 0);
	path_of(p, sizeof(p), "/lib");
	assert_int_equal(symlink("/usr/lib", p), 0);
	path_of(p, sizeof(p), "/flink");
	assert_int_equal(symlink("file", p), 0);
	path_of(p, sizeof(p), "/dangling");
	assert_int_equal(symlink("usr/none", p), 0);

	assert_int_equal(symlinks_read(tmp, "/", &l), 0);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.links[0].path, "/bin");
	assert_string_equal(l.links[0].target, "/usr/bin");
	assert_string_equal(l.links[1].path, "/lib");
	assert_string_equal(l.links[1].target, "/usr/lib");
	symlinks_free(&l);
	assert_int_equal(l.count, 0);

	/* a subdirectory: relative targets taken from it */
	path_of(p, sizeof(p), "/usr/sbin");
	assert_int_equal(symlink("bin", p), 0);
	assert_int_equal(symlinks_read(tmp, "/usr", &l), 0);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.links[0].path, "/usr/sbin");
	assert_string_equal(l.links[0].target, "/usr/bin");
	symlinks_free(&l);

	assert_int_equal(symlinks_read(tmp, "usr", &l), -1);
	assert_int_equal(symlinks_read(tmp, "/missing", &l), -1);
	assert_int_equal(l.count, 0);
}

/* ------------------------------------------------------- evidence */

static void put_le32(struct writer *w, uint32_t v)
{
	uint8_t b[4] = { v, v >> 8, v >> 16, v >> 24 };

	writer_bytes(w, b, 4);
}

static void sha256(const void *data, size_t len, uint8_t out[32])
{
	struct pts_part part = { data, len };

	assert_int_equal(pts_hash(PTS_MEAS_ALGO_SHA256, &part, 1, out),
			 PTS_OK);
}

/* An ima-ng entry with a sha256 file digest; *th gets the bank's
 * (sha256) template hash. */
static void ima_ng(struct writer *log, const char *name,
		   const uint8_t digest[32], uint8_t th[32])
{
	struct writer d;
	struct pts_part part;
	uint8_t sha1[20];

	writer_init(&d);
	put_le32(&d, 8 + 32);
	writer_bytes(&d, "sha256:", 8);
	writer_bytes(&d, digest, 32);
	put_le32(&d, (uint32_t)strlen(name) + 1);
	writer_bytes(&d, name, strlen(name) + 1);
	part = (struct pts_part){ d.data, d.len };
	assert_int_equal(pts_hash(PTS_MEAS_ALGO_SHA1, &part, 1, sha1), PTS_OK);
	sha256(d.data, d.len, th);
	put_le32(log, 10);
	writer_bytes(log, sha1, 20);
	put_le32(log, 6);
	writer_bytes(log, "ima-ng", 6);
	put_le32(log, (uint32_t)d.len);
	writer_bytes(log, d.data, d.len);
	writer_free(&d);
}

static void save(const char *rel, const struct writer *w)
{
	write_file(rel, w->data, w->len);
}

/* Decodes the next cached evidence. */
static void next_evidence(struct evidence *ev, struct tcg_pts_attr *a)
{
	struct pa_attr_raw raw;
	uint32_t off;

	assert_true(evidence_next(ev, &raw));
	assert_int_equal(raw.vendor, PEN_TCG);
	assert_int_equal(raw.type, TCG_PTS_SIMPLE_COMP_EVID);
	assert_int_equal(tcg_pts_attr_decode(&raw, a, &off), PA_DECODE_OK);
}

static void extend(uint8_t pcr[32], const uint8_t m[32])
{
	uint8_t buf[64];

	memcpy(buf, pcr, 32);
	memcpy(buf + 32, m, 32);
	sha256(buf, 64, pcr);
}

/* No firmware log: the IMA log alone, boot_aggregate only by name. */
static void test_evidence_ima(void **state)
{
	static const uint8_t agg[32] = { 1, 2, 3 };
	struct evidence ev;
	struct evidence_result res;
	struct tcg_pts_attr a;
	struct writer log;
	uint8_t th[3][32], pcr10[32] = { 0 };
	char path[512];
	int i;

	writer_init(&log);
	ima_ng(&log, "boot_aggregate", agg, th[0]);
	ima_ng(&log, "/usr/bin/a", sha256_abc, th[1]);
	ima_ng(&log, "/usr/bin/b", sha256_empty, th[2]);
	save("/ima", &log);
	path_of(path, sizeof(path), "/ima");

	evidence_init(&ev);
	assert_int_equal(evidence_ima(&ev, path, false, &res), PTS_ERR_ARG);
	assert_int_equal(evidence_start(&ev, PTS_MEAS_ALGO_SHA256, 3), PTS_OK);
	assert_int_equal(evidence_ima(&ev, path, false, &res), PTS_OK);
	assert_int_equal(res.entries, 3);
	assert_int_equal(ev.count, 3);
	for (i = 0; i < 3; i++) {
		struct tcg_simple_comp_evid *e = &a.v.simple_comp_evid;
		const char *uri = i == 0 ? "sha256:boot_aggregate" :
				  i == 1 ? "sha256:/usr/bin/a" :
					   "sha256:/usr/bin/b";

		next_evidence(&ev, &a);
		assert_int_equal(e->flags, TCG_PTS_VALIDATION_PASSED);
		assert_int_equal(e->name.vendor, PEN_ITA);
		assert_int_equal(e->name.qualifier, EVIDENCE_QUAL_IMA);
		assert_int_equal(e->name.name, TCG_PTS_COMP_ITA_IMA);
		assert_int_equal(e->pcr, 10);
		assert_int_equal(e->hash_algo, PTS_MEAS_ALGO_SHA256);
		assert_int_equal(e->transform, TCG_PTS_PCR_TRANSFORM_MATCH);
		assert_int_equal(e->policy_uri.len, strlen(uri));
		assert_memory_equal(e->policy_uri.ptr, uri, strlen(uri));
		assert_int_equal(e->measurement.len, 32);
		assert_memory_equal(e->measurement.ptr, th[i], 32);
		tcg_pts_attr_free(&a);
		extend(pcr10, th[i]);
	}
	assert_false(evidence_next(&ev, &(struct pa_attr_raw){ 0 }));
	assert_int_equal(ev.count, 0);
	assert_int_equal(ev.bank.selected, 1u << 10);
	assert_memory_equal(pcr_bank_read(&ev.bank, 10), pcr10, 32);
	/* PCR0 carries the startup locality, spec 6.4 */
	assert_int_equal(pcr_bank_read(&ev.bank, 0)[31], 3);
	evidence_free(&ev);
	writer_free(&log);
}

/* A log longer than one read chunk streams through the parser. */
static void test_evidence_ima_chunks(void **state)
{
	struct evidence ev;
	struct evidence_result res;
	struct writer log;
	uint8_t th[32];
	char path[512], name[64];
	int i, n = 2000;

	writer_init(&log);
	ima_ng(&log, "boot_aggregate", sha256_abc, th);
	for (i = 1; i < n; i++) {
		snprintf(name, sizeof(name), "/usr/lib/file-%05d", i);
		ima_ng(&log, name, sha256_empty, th);
	}
	assert_true(log.len > 2 * EVIDENCE_IMA_CHUNK);
	save("/ima", &log);
	path_of(path, sizeof(path), "/ima");
	evidence_init(&ev);
	assert_int_equal(evidence_start(&ev, PTS_MEAS_ALGO_SHA256, 0), PTS_OK);
	assert_int_equal(evidence_ima(&ev, path, false, &res), PTS_OK);
	assert_int_equal(res.entries, (size_t)n);
	assert_int_equal(ev.count, (size_t)n);
	evidence_free(&ev);
	writer_free(&log);
}

static void test_evidence_ima_bad(void **state)
{
	struct evidence ev;
	struct evidence_result res;
	struct writer log;
	uint8_t th[32];
	char path[512];

	/* first entry not boot_aggregate */
	writer_init(&log);
	ima_ng(&log, "/usr/bin/a", sha256_abc, th);
	save("/ima", &log);
	path_of(path, sizeof(path), "/ima");
	evidence_init(&ev);
	assert_int_equal(evidence_start(&ev, PTS_MEAS_ALGO_SHA256, 3), PTS_OK);
	assert_int_equal(evidence_ima(&ev, path, false, &res), PTS_ERR_FORMAT);
	assert_non_null(res.what);
	assert_int_equal(res.entries, 0);

	/* cut inside the second entry */
	writer_reset(&log);
	ima_ng(&log, "boot_aggregate", sha256_abc, th);
	ima_ng(&log, "/usr/bin/a", sha256_abc, th);
	log.len -= 1;
	save("/ima", &log);
	assert_int_equal(evidence_start(&ev, PTS_MEAS_ALGO_SHA256, 3), PTS_OK);
	assert_int_equal(evidence_ima(&ev, path, false, &res),
			 PTS_ERR_TRUNCATED);
	assert_int_equal(res.entries, 1);

	/* a wrong SHA-1 template hash */
	log.len += 1;
	log.data[log.len - 3] ^= 1;	/* a name byte */
	save("/ima", &log);
	assert_int_equal(evidence_start(&ev, PTS_MEAS_ALGO_SHA256, 3), PTS_OK);
	assert_int_equal(evidence_ima(&ev, path, false, &res),
			 PTS_ERR_TEMPLATE_HASH);

	/* empty and missing logs */
	write_file("/ima", "", 0);
	assert_int_equal(evidence_start(&ev, PTS_MEAS_ALGO_SHA256, 3), PTS_OK);
	assert_int_equal(evidence_ima(&ev, path, false, &res),
			 PTS_ERR_TRUNCATED);
	path_of(path, sizeof(path), "/none");
	assert_int_equal(evidence_ima(&ev, path, false, &res), PTS_ERR_ARG);
	evidence_free(&ev);
	writer_free(&log);
}

/* A crypto-agile firmware log with one sha256 bank (spec 6.1). */
static void bios_header(struct writer *w)
{
	static const uint8_t spec_id[] = "Spec ID Event03";

	put_le32(w, 0);
	put_le32(w, EV_NO_ACTION);
	writer_bytes(w, (uint8_t[20]){ 0 }, 20);
	put_le32(w, 16 + 4 + 4 + 4 + 4 + 1);
	writer_bytes(w, spec_id, 16);
	put_le32(w, 0);				/* platform class */
	writer_bytes(w, (uint8_t[]){ 0, 2, 0, 2 }, 4);
	put_le32(w, 1);
	writer_bytes(w, (uint8_t[]){ 0x0b, 0, 32, 0 }, 4);
	writer_u8(w, 0);
}

static void bios_event(struct writer *w, uint32_t pcr, uint32_t type,
		       const char *data, uint8_t digest[32])
{
	sha256(data, strlen(data), digest);
	put_le32(w, pcr);
	put_le32(w, type);
	put_le32(w, 1);
	writer_bytes(w, (uint8_t[]){ 0x0b, 0 }, 2);
	writer_bytes(w, digest, 32);
	put_le32(w, (uint32_t)strlen(data));
	writer_bytes(w, data, strlen(data));
}

static void test_evidence_bios_ima(void **state)
{
	struct evidence ev;
	struct evidence_result res;
	struct tcg_pts_attr a;
	struct writer log;
	uint8_t d[3][32], agg[32], th[32], pcr0[32] = { 0 };
	char bios[512], ima[512];
	size_t len;

	writer_init(&log);
	bios_header(&log);
	bios_event(&log, 0, 0x08, "crtm", d[0]);
	bios_event(&log, 0, EV_NO_ACTION, "no action", d[1]);
	bios_event(&log, 4, EV_SEPARATOR, "sep", d[2]);
	save("/bios", &log);
	path_of(bios, sizeof(bios), "/bios");
	path_of(ima, sizeof(ima), "/ima");

	evidence_init(&ev);
	assert_int_equal(evidence_start(&ev, PTS_MEAS_ALGO_SHA256, 3), PTS_OK);
	assert_int_equal(evidence_bios(&ev, bios, &res), PTS_OK);
	assert_int_equal(res.entries, 2);
	assert_true(ev.bios_done);
	next_evidence(&ev, &a);
	assert_int_equal(a.v.simple_comp_evid.pcr, 0);
	assert_int_equal(a.v.simple_comp_evid.flags, 0);
	assert_int_equal(a.v.simple_comp_evid.name.qualifier,
			 EVIDENCE_QUAL_BIOS);
	assert_int_equal(a.v.simple_comp_evid.transform,
			 TCG_PTS_PCR_TRANSFORM_MATCH);
	assert_int_equal(a.v.simple_comp_evid.policy_uri.len, 0);
	assert_memory_equal(a.v.simple_comp_evid.measurement.ptr, d[0], 32);
	assert_memory_not_equal(a.v.simple_comp_evid.time.ptr,
				"0000-00-00T00:00:00Z", 20);
	tcg_pts_attr_free(&a);
	next_evidence(&ev, &a);
	assert_int_equal(a.v.simple_comp_evid.pcr, 4);
	assert_memory_equal(a.v.simple_comp_evid.measurement.ptr, d[2], 32);
	tcg_pts_attr_free(&a);
	pcr0[31] = 3;
	extend(pcr0, d[0]);
	assert_memory_equal(pcr_bank_read(&ev.bank, 0), pcr0, 32);
	assert_int_equal(ev.bank.selected, (1u << 0) | (1u << 4));

	/* a boot aggregate that does not match the firmware PCRs */
	writer_reset(&log);
	ima_ng(&log, "boot_aggregate", sha256_abc, th);
	save("/ima", &log);
	assert_int_equal(evidence_ima(&ev, ima, false, &res),
			 PTS_ERR_MISMATCH);

	/* one that does (spec 6.5: sha256 over PCRs 0-9) */
	assert_int_equal(evidence_start(&ev, PTS_MEAS_ALGO_SHA256, 3), PTS_OK);
	assert_int_equal(evidence_bios(&ev, bios, &res), PTS_OK);
	assert_int_equal(boot_aggregate_digest(&ev.bank, false, agg, &len),
			 PTS_OK);
	writer_reset(&log);
	ima_ng(&log, "boot_aggregate", agg, th);
	save("/ima", &log);
	assert_int_equal(evidence_ima(&ev, ima, false, &res), PTS_OK);
	assert_int_equal(ev.count, 3);

	/* a bank the log does not declare */
	assert_int_equal(evidence_start(&ev, PTS_MEAS_ALGO_SHA1, 3), PTS_OK);
	assert_int_equal(evidence_bios(&ev, bios, &res), PTS_ERR_ALGO);
	/* a truncated log */
	log.len = 0;
	bios_header(&log);
	bios_event(&log, 0, 0x08, "crtm", d[0]);
	log.len -= 2;
	save("/bios", &log);
	assert_int_equal(evidence_start(&ev, PTS_MEAS_ALGO_SHA256, 3), PTS_OK);
	assert_int_not_equal(evidence_bios(&ev, bios, &res), PTS_OK);
	assert_false(ev.bios_done);
	evidence_free(&ev);
	writer_free(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conf_defaults),
		cmocka_unit_test(test_conf_values),
		cmocka_unit_test(test_conf_malformed),
		cmocka_unit_test_setup_teardown(test_file_meas_file, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_file_meas_dir, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_file_meas_empty_dir,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_meas_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_file_meta, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_symlinks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_evidence_ima, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_evidence_ima_chunks,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_evidence_ima_bad, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_evidence_bios_ima, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
