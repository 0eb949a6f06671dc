/*
 * test_pts_tpm_info.c - the parts of libpts/pts_tpm.h that need no TPM:
 * the 16-byte TPM 2.0 version structure of attestation spec 3.1 and the
 * startup locality it reports. The swtpm case is checked byte-exact
 * against the TPM Version Information attribute of the shared
 * attestation vectors (013, c2s); the TPM itself is exercised by
 * tests/integration/test_pts_tpm.py.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pts_tpm.h"

/* swtpm (libtpms): manufacturer "IBM\0", revision 1.64, year 2021. */
static const struct pts_tpm_version swtpm = {
	.manufacturer = "IBM",
	.manufacturer_id = 0x49424d00,
	.revision = 164,
	.year = 2021,
};

static void test_swtpm_matches_recording(void **state)
{
	/* attestation/013-c2s-batch-cdata.hex, attribute TCG/0x9 */
	static const uint8_t recorded[PTS_TPM_VERSION_INFO_LEN] = {
		0x02, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0xa4,
		0x00, 0x00, 0x07, 0xe5, 0x49, 0x42, 0x4d, 0x00,
	};
	uint8_t out[PTS_TPM_VERSION_INFO_LEN];

	memset(out, 0xee, sizeof(out));
	pts_tpm_version_info_encode(&swtpm, out);
	assert_memory_equal(out, recorded, sizeof(out));
	assert_int_equal(pts_tpm_startup_locality(&swtpm), 3);
}

static void test_intel_ptt_locality_zero(void **state)
{
	/* spec 3.1: 0 for INTC; spec 6.1: revision 116, year 2016 */
	static const struct pts_tpm_version ptt = {
		.manufacturer = "INTC",
		.manufacturer_id = 0x494e5443,
		.revision = 116,
		.year = 2016,
	};
	static const uint8_t expected[PTS_TPM_VERSION_INFO_LEN] = {
		0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x74,
		0x00, 0x00, 0x07, 0xe0, 'I', 'N', 'T', 'C',
	};
	uint8_t out[PTS_TPM_VERSION_INFO_LEN];

	pts_tpm_version_info_encode(&ptt, out);
	assert_memory_equal(out, expected, sizeof(out));
	assert_int_equal(pts_tpm_startup_locality(&ptt), 0);
}

static void test_locality_keys_on_id_not_text(void **state)
{
	/* "INT\0" is not Intel: only the 4-byte id decides. */
	struct pts_tpm_version v = swtpm;

	v.manufacturer_id = 0x494e5400;
	assert_int_equal(pts_tpm_startup_locality(&v), 3);
	v.manufacturer_id = 0x434e5449;		/* byte-swapped "INTC" */
	assert_int_equal(pts_tpm_startup_locality(&v), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_swtpm_matches_recording),
		cmocka_unit_test(test_intel_ptt_locality_zero),
		cmocka_unit_test(test_locality_keys_on_id_not_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
