/*
 * test_tnc_config.c - unit tests of the tnc_config parser
 * (libtnccs/tnc_config.c): the entries of a good file, and each kind of
 * bad line being reported as "file:line:" and skipped without losing the
 * lines around it.
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
#include <unistd.h>

#include <cmocka.h>

#include "log.h"
#include "log_capture.h"
#include "tnc_config.h"

static int parse(const char *text, size_t len, const char *keyword,
		 struct tnc_config *cfg)
{
	return tnc_config_parse(text, len, "tnc.cfg", keyword, cfg);
}

static void expect_entry(const struct tnc_config *cfg, size_t i,
			 const char *name, const char *path, unsigned line)
{
	assert_true(i < cfg->count);
	assert_string_equal(cfg->entries[i].name, name);
	assert_string_equal(cfg->entries[i].path, path);
	assert_int_equal(cfg->entries[i].line, line);
}

static const char good[] =
	"# IMVs of the policy server\r\n"
	"\r\n"
	"IMV \"OS\"\t/usr/lib/imcvs/imv-os.so\r\n"
	"   # an indented comment\n"
	"IMC \"OS\"  /usr/lib/imcvs/imc-os.so\n"
	"IMV \"Scanner\" \"/opt/my plugins/imv-scanner.so\"   # quoted\n"
	"\tIMV\t\"SWIMA\"\t/usr/lib/imcvs/imv-swima.so\t\n"
	"  \t \n"
	"IMC \"Test IMC\" /usr/lib/imcvs/imc-test.so\n"
	"IMV \"Last\" /last.so";	/* no newline at the end */

static void test_good_file(void **state)
{
	struct capture *c = *state;
	struct tnc_config cfg;

	assert_int_equal(parse(good, strlen(good), "IMV", &cfg), 0);
	assert_int_equal(cfg.errors, 0);
	assert_int_equal(cfg.count, 4);
	expect_entry(&cfg, 0, "OS", "/usr/lib/imcvs/imv-os.so", 3);
	expect_entry(&cfg, 1, "Scanner", "/opt/my plugins/imv-scanner.so", 6);
	expect_entry(&cfg, 2, "SWIMA", "/usr/lib/imcvs/imv-swima.so", 7);
	expect_entry(&cfg, 3, "Last", "/last.so", 10);
	tnc_config_free(&cfg);
	assert_null(cfg.entries);
	assert_int_equal(cfg.count, 0);

	assert_int_equal(parse(good, strlen(good), "IMC", &cfg), 0);
	assert_int_equal(cfg.errors, 0);
	assert_int_equal(cfg.count, 2);
	expect_entry(&cfg, 0, "OS", "/usr/lib/imcvs/imc-os.so", 5);
	expect_entry(&cfg, 1, "Test IMC", "/usr/lib/imcvs/imc-test.so", 9);
	tnc_config_free(&cfg);

	/* Nothing at all is logged for a good file */
	assert_string_equal(logged(c), "");
}

static void test_empty_input(void **state)
{
	struct tnc_config cfg;

	assert_int_equal(parse("", 0, "IMV", &cfg), 0);
	assert_int_equal(cfg.count, 0);
	assert_int_equal(cfg.errors, 0);
	tnc_config_free(&cfg);
	assert_int_equal(parse("\n\n# x\n", 6, "IMV", &cfg), 0);
	assert_int_equal(cfg.count, 0);
	tnc_config_free(&cfg);
}

/* Each bad line alone, between two good ones, on line 2. */
static void expect_bad_line(struct capture *c, const char *bad,
			    size_t bad_len, const char *reason)
{
	static const char first[] = "IMV \"A\" /a.so\n";
	static const char last[] = "\nIMV \"B\" /b.so\n";
	struct tnc_config cfg;
	char text[256];
	size_t len = 0;
	const char *log;

	assert_true(sizeof(first) + bad_len + sizeof(last) < sizeof(text));
	memcpy(text, first, strlen(first));
	len += strlen(first);
	memcpy(text + len, bad, bad_len);
	len += bad_len;
	memcpy(text + len, last, strlen(last));
	len += strlen(last);

	capture_reset(c);
	assert_int_equal(parse(text, len, "IMV", &cfg), 0);
	assert_int_equal(cfg.errors, 1);
	assert_int_equal(cfg.count, 2);
	expect_entry(&cfg, 0, "A", "/a.so", 1);
	expect_entry(&cfg, 1, "B", "/b.so", 3);
	tnc_config_free(&cfg);

	log = logged(c);
	if (count_lines(log) != 1)
		fail_msg("expected one line for '%s', got: %s", bad, log);
	if (!strstr(log, "[CFG] tnc.cfg:2: ") || !strstr(log, reason))
		fail_msg("unexpected log line: %s", log);
}

#define BAD(c, s, why) expect_bad_line(c, s, sizeof(s) - 1, why)

static void test_bad_lines(void **state)
{
	struct capture *c = *state;

	BAD(c, "IMV OS /x.so", "missing quoted plugin name");
	BAD(c, "IMV \"OS /x.so", "missing quoted plugin name");
	BAD(c, "IMV \"\" /x.so", "missing quoted plugin name");
	BAD(c, "IMV", "missing quoted plugin name");
	BAD(c, "IMV \"OS\"", "missing library path");
	BAD(c, "IMV \"OS\"   ", "missing library path");
	BAD(c, "IMV \"OS\"  # no path", "missing library path");
	BAD(c, "IMV \"OS\" \"/unterminated.so", "missing library path");
	BAD(c, "IMV \"OS\" \"\"", "missing library path");
	BAD(c, "IMX \"OS\" /x.so", "unknown keyword");
	BAD(c, "imv \"OS\" /x.so", "unknown keyword");
	BAD(c, "IMVS \"OS\" /x.so", "unknown keyword");
	BAD(c, "IMV\"OS\" /x.so", "unknown keyword");
	BAD(c, "IMV \"O\0S\" /x.so", "NUL byte");
	BAD(c, "\0", "NUL byte");
	/* A bad IMC line counts while IMV lines are collected */
	BAD(c, "IMC \"OS\"", "missing library path");
}

/* Several bad lines: each logged with its own number, all good kept. */
static void test_many_bad_lines(void **state)
{
	static const char text[] =
		"IMV OS /x.so\r\n"			/* 1 bad */
		"IMV \"A\" /a.so\r\n"			/* 2 */
		"FOO bar\r\n"				/* 3 bad */
		"\r\n"					/* 4 */
		"IMV \"\" /x.so\r\n"			/* 5 bad */
		"IMV \"B\" \"/b b.so\" trailing\r\n"	/* 6, text logged */
		"IMV \"C\"\r\n";			/* 7 bad */
	struct capture *c = *state;
	struct tnc_config cfg;
	const char *log;

	assert_int_equal(parse(text, sizeof(text) - 1, "IMV", &cfg), 0);
	assert_int_equal(cfg.errors, 4);
	assert_int_equal(cfg.count, 2);
	expect_entry(&cfg, 0, "A", "/a.so", 2);
	expect_entry(&cfg, 1, "B", "/b b.so", 6);
	tnc_config_free(&cfg);
	log = logged(c);
	assert_int_equal(count_lines(log), 5);
	assert_non_null(strstr(log, "tnc.cfg:1: "));
	assert_non_null(strstr(log, "tnc.cfg:3: "));
	assert_non_null(strstr(log, "tnc.cfg:5: "));
	assert_non_null(strstr(log, "tnc.cfg:6: text after the library path"));
	assert_non_null(strstr(log, "tnc.cfg:7: "));
	assert_null(strstr(log, "tnc.cfg:2: "));
	assert_null(strstr(log, "tnc.cfg:4: "));
}

/* Errors are logged at level 0, so they show even at the lowest level. */
static void test_errors_at_level_zero(void **state)
{
	struct capture *c = *state;
	struct tnc_config cfg;

	log_set_level(LOG_CFG, 0);
	assert_int_equal(parse("IMV \"A\"\n", 8, "IMV", &cfg), 0);
	assert_int_equal(cfg.errors, 1);
	tnc_config_free(&cfg);
	assert_non_null(strstr(logged(c), "[CFG] tnc.cfg:1: "));
	log_set_level(-1, 1);
}

static void test_load(void **state)
{
	struct capture *c = *state;
	char path[] = "/tmp/test_tnc_config_XXXXXX";
	struct tnc_config cfg;
	int fd = mkstemp(path);
	FILE *f;
	size_t i;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(good, f);
	fclose(f);
	assert_int_equal(tnc_config_load(path, "IMV", &cfg), 0);
	assert_int_equal(cfg.count, 4);
	expect_entry(&cfg, 1, "Scanner", "/opt/my plugins/imv-scanner.so", 6);
	tnc_config_free(&cfg);

	/* Larger than 1 MiB: refused */
	f = fopen(path, "w");
	assert_non_null(f);
	for (i = 0; i < 1024 * 1024 / 16 + 1; i++)
		fputs("# padding .....\n", f);
	fclose(f);
	assert_int_equal(tnc_config_load(path, "IMV", &cfg), -1);
	assert_int_equal(cfg.count, 0);
	assert_non_null(strstr(logged(c), "larger than 1 MiB"));
	unlink(path);

	assert_int_equal(tnc_config_load(path, "IMV", &cfg), -1);
	assert_int_equal(cfg.count, 0);
	assert_non_null(strstr(logged(c), "cannot open /tmp/test_tnc_config_"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_file, capture_start,
						capture_stop),
		cmocka_unit_test_setup_teardown(test_empty_input,
						capture_start, capture_stop),
		cmocka_unit_test_setup_teardown(test_bad_lines, capture_start,
						capture_stop),
		cmocka_unit_test_setup_teardown(test_many_bad_lines,
						capture_start, capture_stop),
		cmocka_unit_test_setup_teardown(test_errors_at_level_zero,
						capture_start, capture_stop),
		cmocka_unit_test_setup_teardown(test_load, capture_start,
						capture_stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
