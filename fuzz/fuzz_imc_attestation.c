/*
 * fuzz_imc_attestation.c - libFuzzer target for the Attestation IMC's own
 * input handling (imcs/attestation): the first byte selects
 *   0, 1  the evidence of an IMA log (evidence_ima; bit 0: pcr_padding)
 *         in a SHA-256 bank, read from a file in chunks,
 *   2     the evidence of a firmware event log (evidence_bios),
 *   3, 4  a Request File Measurement / Request File Metadata value from
 *         the IMV, decoded and answered (file_meas.c) below a small
 *         temporary root,
 * and the rest is the input. Every cached evidence attribute is walked
 * and decoded again, as the IMC hands it to the agent.
 *
 * Requests whose path contains ".." are skipped: the IMC may measure any
 * file of the endpoint by design, the fuzzer should stay in its root.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evidence.h"
#include "file_meas.h"
#include "tcg_pts.h"

static char root[64];
static char log_path[128];

static void put(const char *rel, const char *text)
{
	char p[160];
	FILE *f;

	snprintf(p, sizeof(p), "%s%s", root, rel);
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* The fixed tree of LLVMFuzzerInitialize, removed at exit. */
static void cleanup(void)
{
	static const char *const rel[] = { "/a", "/d/b", "/d/.c", "/log" };
	char p[160];
	size_t i;

	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", root, rel[i]);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/d", root);
	rmdir(p);
	rmdir(root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char p[160];

	snprintf(root, sizeof(root), "/tmp/fuzz-imc-att-XXXXXX");
	if (!mkdtemp(root))
		abort();
	atexit(cleanup);
	snprintf(p, sizeof(p), "%s/d", root);
	mkdir(p, 0700);
	put("/a", "alpha\n");
	put("/d/b", "beta\n");
	put("/d/.c", "hidden\n");
	snprintf(log_path, sizeof(log_path), "%s/log", root);
	return 0;
}

static void drain(struct evidence *ev)
{
	struct pa_attr_raw raw;
	struct tcg_pts_attr a;
	uint32_t off;

	while (evidence_next(ev, &raw))
		if (tcg_pts_attr_decode(&raw, &a, &off) == PA_DECODE_OK)
			tcg_pts_attr_free(&a);
		else
			abort();	/* our own encoding must decode */
}

static void run_log(uint8_t sel, const uint8_t *data, size_t len)
{
	struct evidence ev;
	struct evidence_result res;
	FILE *f = fopen(log_path, "wb");

	if (!f)
		return;
	fwrite(data, 1, len, f);
	fclose(f);
	evidence_init(&ev);
	if (evidence_start(&ev, PTS_MEAS_ALGO_SHA256, 3) == PTS_OK) {
		if (sel == 2)
			evidence_bios(&ev, log_path, &res);
		else
			evidence_ima(&ev, log_path, sel & 1, &res);
		drain(&ev);
	}
	evidence_free(&ev);
}

static bool inside(struct pa_bytes path)
{
	size_t i;

	for (i = 0; i + 1 < path.len; i++)
		if (path.ptr[i] == '.' && path.ptr[i + 1] == '.')
			return false;
	return true;
}

static void run_request(uint8_t sel, const uint8_t *data, size_t len)
{
	struct pa_attr_raw raw = { 0, PEN_TCG, sel == 3 ?
				   TCG_PTS_REQ_FILE_MEAS :
				   TCG_PTS_REQ_FILE_META,
				   data, (uint32_t)len };
	struct tcg_pts_attr a;
	struct writer w;
	uint32_t off;
	size_t count;

	if (tcg_pts_attr_decode(&raw, &a, &off) != PA_DECODE_OK)
		return;
	writer_init(&w);
	if (sel == 3 && inside(a.v.req_file_meas.path))
		file_meas_build(root, &a.v.req_file_meas,
				PTS_MEAS_ALGO_SHA256, &w, &count);
	else if (sel == 4 && inside(a.v.req_file_meta.path))
		file_meta_build(root, &a.v.req_file_meta, &w, &count);
	writer_free(&w);
	tcg_pts_attr_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len < 1)
		return 0;
	if (data[0] <= 2)
		run_log(data[0], data + 1, len - 1);
	else if (data[0] <= 4)
		run_request(data[0], data + 1, len - 1);
	return 0;
}
