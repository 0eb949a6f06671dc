/*
 * test_conf.c - unit tests of the key = value configuration parser
 * (libtnccs/conf.c): values, quoting and escapes, comments, bad lines
 * reported as "file:line:" and skipped, typed lookups with their range
 * errors, the unknown-key check and prefix iteration.
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

#include "conf.h"
#include "log.h"
#include "log_capture.h"

static int parse(const char *text, struct conf *c)
{
	return conf_parse(text, strlen(text), "test.conf", c);
}

static void expect_item(const struct conf *c, const char *key,
			const char *value, unsigned line)
{
	size_t i;

	for (i = 0; i < c->count; i++)
		if (strcmp(c->items[i].key, key) == 0)
			break;
	if (i == c->count)
		fail_msg("key '%s' not found", key);
	assert_string_equal(c->items[i].value, value);
	assert_int_equal(c->items[i].line, line);
	assert_string_equal(conf_str(c, key, "unset"), value);
}

static void test_plain_values(void **state)
{
	static const char text[] =
		"# a comment\n"					/* 1 */
		"\n"						/* 2 */
		"key = value\n"					/* 3 */
		"compact=v2\n"					/* 4 */
		"  \tspaced   =   a value  with\tblanks \t \n"	/* 5 */
		"a.b-c_D9 = 1\n"				/* 6 */
		"empty =\n"					/* 7 */
		"only_comment = # nothing here\n"		/* 8 */
		"hash_inside = a#b\n"				/* 9 */
		"hash_after_blank = a #b\n"			/* 10 */
		"hash_after_tab = a\t# b\n"			/* 11 */
		"url = http://host/#frag\n"			/* 12 */
		"starts_with_hash =#x\n"			/* 13 */
		"crlf = yes\r\n"				/* 14 */
		"   # indented comment\n"			/* 15 */
		"quote_inside = say \"hi\"\n"			/* 16 */
		"last = no newline";				/* 17 */
	struct capture *cap = *state;
	struct conf c;

	assert_int_equal(parse(text, &c), 0);
	assert_string_equal(c.file, "test.conf");
	assert_int_equal(c.count, 14);
	expect_item(&c, "key", "value", 3);
	expect_item(&c, "compact", "v2", 4);
	expect_item(&c, "spaced", "a value  with\tblanks", 5);
	expect_item(&c, "a.b-c_D9", "1", 6);
	expect_item(&c, "empty", "", 7);
	expect_item(&c, "only_comment", "", 8);
	expect_item(&c, "hash_inside", "a#b", 9);
	expect_item(&c, "hash_after_blank", "a", 10);
	expect_item(&c, "hash_after_tab", "a", 11);
	expect_item(&c, "url", "http://host/#frag", 12);
	expect_item(&c, "starts_with_hash", "#x", 13);
	expect_item(&c, "crlf", "yes", 14);
	expect_item(&c, "quote_inside", "say \"hi\"", 16);
	expect_item(&c, "last", "no newline", 17);
	/* Items keep file order */
	assert_string_equal(c.items[0].key, "key");
	assert_string_equal(c.items[13].key, "last");
	assert_string_equal(conf_str(&c, "missing", "dflt"), "dflt");
	assert_null(conf_str(&c, "missing", NULL));
	/* Keys are case-sensitive */
	assert_null(conf_str(&c, "KEY", NULL));
	conf_free(&c);
	assert_null(c.items);
	assert_null(c.file);
	assert_string_equal(logged(cap), "");
}

static void test_quoted_values(void **state)
{
	static const char text[] =
		"q1 = \"hello world\"\n"
		"q2 = \"  padded  \"\n"
		"q3 = \"a # not a comment\"\n"
		"q4 = \"say \\\"hi\\\"\"\n"
		"q5 = \"back\\\\slash\"\n"
		"q6 = \"x\"   # a comment\n"
		"q7 = \"\"\n"
		"q8=\"tight\"\t\r\n"
		"q9 = \"/opt/my plugins/x.so\"\n"
		"q10 = \"\\\\\"\n";
	struct conf c;

	assert_int_equal(parse(text, &c), 0);
	assert_int_equal(c.count, 10);
	expect_item(&c, "q1", "hello world", 1);
	expect_item(&c, "q2", "  padded  ", 2);
	expect_item(&c, "q3", "a # not a comment", 3);
	expect_item(&c, "q4", "say \"hi\"", 4);
	expect_item(&c, "q5", "back\\slash", 5);
	expect_item(&c, "q6", "x", 6);
	expect_item(&c, "q7", "", 7);
	expect_item(&c, "q8", "tight", 8);
	expect_item(&c, "q9", "/opt/my plugins/x.so", 9);
	expect_item(&c, "q10", "\\", 10);
	conf_free(&c);
}

/* Each bad line alone on line 2, between two good lines. */
static void expect_bad_line(struct capture *cap, const char *bad,
			    size_t bad_len, const char *reason)
{
	struct conf c;
	char text[256];
	size_t len;
	const char *log;

	len = (size_t)snprintf(text, sizeof(text), "first = 1\n");
	assert_true(len + bad_len + 32 < sizeof(text));
	memcpy(text + len, bad, bad_len);
	len += bad_len;
	len += (size_t)snprintf(text + len, sizeof(text) - len,
				"\nthird = 3\n");

	capture_reset(cap);
	assert_int_equal(conf_parse(text, len, "test.conf", &c), -1);
	assert_int_equal(c.count, 2);
	expect_item(&c, "first", "1", 1);
	expect_item(&c, "third", "3", 3);
	conf_free(&c);

	log = logged(cap);
	if (count_lines(log) != 1)
		fail_msg("expected one line for '%s', got: %s", bad, log);
	if (!strstr(log, "[CFG] test.conf:2: ") || !strstr(log, reason))
		fail_msg("unexpected log line for '%s': %s", bad, log);
}

#define BAD(cap, s, why) expect_bad_line(cap, s, sizeof(s) - 1, why)

static void test_bad_lines(void **state)
{
	struct capture *cap = *state;

	BAD(cap, "= value", "expected a setting name");
	BAD(cap, "\"key\" = v", "expected a setting name");
	BAD(cap, "k$y = 1", "expected '='");
	BAD(cap, "key value", "expected '='");
	BAD(cap, "key: value", "expected '='");
	BAD(cap, "key", "expected '='");
	BAD(cap, "key = \"unterminated", "unterminated quoted value");
	BAD(cap, "key = \"ends in escape\\\"", "unterminated quoted value");
	BAD(cap, "key = \"x\" trailing", "text after the quoted value");
	BAD(cap, "key = \"x\"\"y\"", "text after the quoted value");
	BAD(cap, "key = \"bad \\n escape\"", "invalid escape");
	BAD(cap, "key = \"bad \\", "invalid escape");
	BAD(cap, "key = va\0lue", "NUL byte");
	BAD(cap, "# comment \0 with NUL", "NUL byte");
}

static void test_many_bad_lines(void **state)
{
	static const char text[] =
		"good = 1\n"		/* 1 */
		"bad line\n"		/* 2 */
		"= x\n"			/* 3 */
		"also_good = 2\n"	/* 4 */
		"x = \"open\n";		/* 5 */
	struct capture *cap = *state;
	struct conf c;
	const char *log;

	assert_int_equal(parse(text, &c), -1);
	assert_int_equal(c.count, 2);
	expect_item(&c, "good", "1", 1);
	expect_item(&c, "also_good", "2", 4);
	conf_free(&c);
	log = logged(cap);
	assert_int_equal(count_lines(log), 3);
	assert_non_null(strstr(log, "test.conf:2: "));
	assert_non_null(strstr(log, "test.conf:3: "));
	assert_non_null(strstr(log, "test.conf:5: "));
}

static void test_later_setting_wins(void **state)
{
	static const char text[] =
		"a = 1\n"
		"b = x\n"
		"a = 2\n"
		"c = y\n"
		"a = \"3\"\n"
		"b = z\n";
	struct conf c;

	assert_int_equal(parse(text, &c), 0);
	assert_int_equal(c.count, 3);
	expect_item(&c, "a", "3", 5);
	expect_item(&c, "b", "z", 6);
	expect_item(&c, "c", "y", 4);
	/* File order of the surviving settings */
	assert_string_equal(c.items[0].key, "c");
	assert_string_equal(c.items[1].key, "a");
	assert_string_equal(c.items[2].key, "b");
	conf_free(&c);
}

static void test_conf_int(void **state)
{
	static const char text[] =
		"port = 271\n"			/* 1 */
		"neg = -5\n"			/* 2 */
		"big = 99\n"			/* 3 */
		"junk = 12x\n"			/* 4 */
		"empty =\n"			/* 5 */
		"huge = 99999999999999999999999\n"	/* 6 */
		"low = -1\n"			/* 7 */
		"spaced = \" 7\"\n"		/* 8 */
		"plus = +8\n";			/* 9 */
	struct capture *cap = *state;
	struct conf c;
	long v;

	assert_int_equal(parse(text, &c), 0);
	assert_int_equal(conf_int(&c, "port", 0, 1, 65535, &v), 0);
	assert_int_equal(v, 271);
	assert_int_equal(conf_int(&c, "neg", 0, -10, 10, &v), 0);
	assert_int_equal(v, -5);
	assert_int_equal(conf_int(&c, "plus", 0, 0, 10, &v), 0);
	assert_int_equal(v, 8);
	assert_int_equal(conf_int(&c, "unset", 42, 0, 10, &v), 0);
	assert_int_equal(v, 42);
	/* Bounds are inclusive */
	assert_int_equal(conf_int(&c, "big", 0, 99, 99, &v), 0);
	assert_int_equal(v, 99);
	assert_string_equal(logged(cap), "");

	capture_reset(cap);
	assert_int_equal(conf_int(&c, "big", 5, 0, 10, &v), -1);
	assert_int_equal(v, 5);
	assert_non_null(strstr(logged(cap),
			       "test.conf:3: big: 99 is out of range [0, 10]"));
	capture_reset(cap);
	assert_int_equal(conf_int(&c, "low", 5, 0, 10, &v), -1);
	assert_non_null(strstr(logged(cap), "test.conf:7: low: -1 is out of "
					    "range [0, 10]"));
	capture_reset(cap);
	assert_int_equal(conf_int(&c, "junk", 5, 0, 100, &v), -1);
	assert_int_equal(v, 5);
	assert_non_null(strstr(logged(cap),
			       "test.conf:4: junk: '12x' is not an integer"));
	capture_reset(cap);
	assert_int_equal(conf_int(&c, "empty", 5, 0, 100, &v), -1);
	assert_non_null(strstr(logged(cap), "test.conf:5: "));
	capture_reset(cap);
	assert_int_equal(conf_int(&c, "huge", 5, 0, 100, &v), -1);
	assert_non_null(strstr(logged(cap), "test.conf:6: "));
	assert_int_equal(conf_int(&c, "spaced", 5, 0, 100, &v), 0);
	assert_int_equal(v, 7);
	conf_free(&c);
}

static void test_conf_bool(void **state)
{
	static const char *const yes[] = { "yes", "true", "1", "on", "YES",
					   "True", "ON" };
	static const char *const no[] = { "no", "false", "0", "off", "No",
					  "FALSE", "Off" };
	struct capture *cap = *state;
	struct conf c;
	char text[64];
	bool b;
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		snprintf(text, sizeof(text), "flag = %s\n", yes[i]);
		assert_int_equal(parse(text, &c), 0);
		b = false;
		assert_int_equal(conf_bool(&c, "flag", false, &b), 0);
		assert_true(b);
		conf_free(&c);
		snprintf(text, sizeof(text), "flag = %s\n", no[i]);
		assert_int_equal(parse(text, &c), 0);
		b = true;
		assert_int_equal(conf_bool(&c, "flag", true, &b), 0);
		assert_false(b);
		conf_free(&c);
	}
	assert_int_equal(parse("\n\nflag = maybe\n", &c), 0);
	assert_int_equal(conf_bool(&c, "unset", true, &b), 0);
	assert_true(b);
	assert_int_equal(conf_bool(&c, "unset", false, &b), 0);
	assert_false(b);
	assert_int_equal(conf_bool(&c, "flag", true, &b), -1);
	assert_true(b);
	assert_non_null(strstr(logged(cap),
			       "test.conf:3: flag: 'maybe' is not a boolean"));
	conf_free(&c);
}

static void test_check_keys(void **state)
{
	static const char text[] =
		"port = 271\n"			/* 1 */
		"log_level.tnc = 2\n"		/* 2 */
		"log_level.imv = 1\n"		/* 3 */
		"prot = 1\n"			/* 4: typo */
		"log_level = 3\n"		/* 5: the prefix alone */
		"log_level. = 3\n"		/* 6: empty suffix */
		"log_levels.x = 1\n"		/* 7 */
		"plugins.os.db = x\n";		/* 8 */
	static const char *const known[] = { "port", "cert", NULL };
	static const char *const prefixes[] = { "log_level", "plugins", NULL };
	struct capture *cap = *state;
	struct conf c;
	const char *log;

	assert_int_equal(parse(text, &c), 0);
	assert_int_equal(conf_check_keys(&c, known, prefixes), 4);
	log = logged(cap);
	assert_int_equal(count_lines(log), 4);
	assert_non_null(strstr(log, "test.conf:4: unknown setting 'prot'"));
	assert_non_null(strstr(log, "test.conf:5: unknown setting "
				    "'log_level'"));
	assert_non_null(strstr(log, "test.conf:6: "));
	assert_non_null(strstr(log, "test.conf:7: "));

	/* Without prefixes every dotted key is unknown */
	capture_reset(cap);
	assert_int_equal(conf_check_keys(&c, known, NULL), 7);
	capture_reset(cap);
	assert_int_equal(conf_check_keys(&c, NULL, NULL), 8);
	conf_free(&c);

	assert_int_equal(parse("port = 1\n", &c), 0);
	capture_reset(cap);
	assert_int_equal(conf_check_keys(&c, known, prefixes), 0);
	assert_string_equal(logged(cap), "");
	conf_free(&c);
}

struct collected {
	char text[256];
	unsigned calls;
};

static void collect(const char *suffix, const char *value, void *arg)
{
	struct collected *col = arg;
	size_t n = strlen(col->text);

	snprintf(col->text + n, sizeof(col->text) - n, "%s=%s;", suffix,
		 value);
	col->calls++;
}

static void test_each_with_prefix(void **state)
{
	static const char text[] =
		"log_level.tnc = 2\n"
		"port = 271\n"
		"log_level.imv = 1\n"
		"log_levelx.bad = 9\n"
		"log_level.tnc = 3\n"		/* overrides line 1 */
		"log_level.a.b = \"q v\"\n"
		"log_level = 0\n";
	struct collected col = { "", 0 };
	struct conf c;

	assert_int_equal(parse(text, &c), 0);
	conf_each_with_prefix(&c, "log_level", collect, &col);
	assert_string_equal(col.text, "imv=1;tnc=3;a.b=q v;");
	assert_int_equal(col.calls, 3);
	col.text[0] = '\0';
	col.calls = 0;
	conf_each_with_prefix(&c, "nothing", collect, &col);
	assert_int_equal(col.calls, 0);
	conf_each_with_prefix(&c, "log_level.a", collect, &col);
	assert_string_equal(col.text, "b=q v;");
	conf_free(&c);
}

/* imv.<name> settings become TNC_IMV_<NAME>; a set variable wins. */
static void test_export_env(void **state)
{
	static const char text[] =
		"imv.swima.rest_api.uri = http://u:p@h/api/\n"
		"imv.swima.rest-api.timeout = 10\n"
		"imv.os.x = from file\n"
		"imv.a123456789a123456789a123456789a123456789a123456789"
		"a123456789a123456789a123456789a123456789a123456789"
		"a123456789a123456789 = 1\n"
		"imvx.no = 1\n";
	struct conf c;

	unsetenv("TNC_IMV_SWIMA_REST_API_URI");
	unsetenv("TNC_IMV_SWIMA_REST_API_TIMEOUT");
	unsetenv("TNC_IMVX_NO");
	setenv("TNC_IMV_OS_X", "from env", 1);
	assert_int_equal(parse(text, &c), 0);
	assert_int_equal(conf_export_env(&c, "imv", "TNC_IMV_"), 1);
	assert_string_equal(getenv("TNC_IMV_SWIMA_REST_API_URI"),
			    "http://u:p@h/api/");
	assert_string_equal(getenv("TNC_IMV_SWIMA_REST_API_TIMEOUT"), "10");
	assert_string_equal(getenv("TNC_IMV_OS_X"), "from env");
	assert_null(getenv("TNC_IMVX_NO"));
	assert_non_null(strstr(logged(*state), "a123456789' is no plugin "
					       "setting name"));
	conf_free(&c);
}

static void test_load(void **state)
{
	struct capture *cap = *state;
	char path[] = "/tmp/test_conf_XXXXXX";
	int fd = mkstemp(path);
	struct conf c;
	FILE *f;
	size_t i;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("# tnc-server.conf\nport = 271\nbroken\n", f);
	fclose(f);
	assert_int_equal(conf_load(path, &c), -1);
	assert_int_equal(c.count, 1);
	assert_string_equal(c.file, path);
	expect_item(&c, "port", "271", 2);
	conf_free(&c);
	{
		char want[64];

		snprintf(want, sizeof(want), "%s:3: ", path);
		assert_non_null(strstr(logged(cap), want));
	}

	f = fopen(path, "w");
	assert_non_null(f);
	for (i = 0; i < 1024 * 1024 / 16 + 1; i++)
		fputs("# padding .....\n", f);
	fclose(f);
	capture_reset(cap);
	assert_int_equal(conf_load(path, &c), -1);
	assert_int_equal(c.count, 0);
	assert_non_null(strstr(logged(cap), "larger than 1 MiB"));
	conf_free(&c);
	unlink(path);

	capture_reset(cap);
	assert_int_equal(conf_load(path, &c), -1);
	assert_int_equal(c.count, 0);
	assert_non_null(strstr(logged(cap), "cannot open /tmp/test_conf_"));
	conf_free(&c);

	/* conf_parse refuses oversized text too */
	{
		size_t big = 1024 * 1024 + 1;
		char *text = malloc(big);

		assert_non_null(text);
		memset(text, '\n', big);
		assert_int_equal(conf_parse(text, big, "big.conf", &c), -1);
		assert_int_equal(c.count, 0);
		conf_free(&c);
		free(text);
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, capture_start, capture_stop)
	const struct CMUnitTest tests[] = {
		T(test_plain_values),
		T(test_quoted_values),
		T(test_bad_lines),
		T(test_many_bad_lines),
		T(test_later_setting_wins),
		T(test_conf_int),
		T(test_conf_bool),
		T(test_check_keys),
		T(test_each_with_prefix),
		T(test_export_env),
		T(test_load),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
