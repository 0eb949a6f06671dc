/*
 * test_sw_collector.c - the endpoint collector's library parts
 * (libimcv/swima): software identifiers (sw_id.c, swima.md 4), the apt
 * history log parser on text and on plain and gzip files
 * (apt_history.c, apt_history_file.c) including truncated, overlong and
 * malformed input, and the event store (sw_store.c, swima.md 3 and 5.4):
 * schema, epoch, EIDs, event order, the installed set, reconciliation,
 * and that a failing update leaves nothing behind.
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
#include <sqlite3.h>
#include <zlib.h>

#include "apt_history.h"
#include "sw_id.h"
#include "sw_store.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* ------------------------------------------------------------ sw_id */

static void assert_id(const char *want, const char *os_name,
		      const char *package, const char *version)
{
	char *id = sw_id_make("strongswan.org", os_name, "12", "x86_64",
			      package, version);

	assert_non_null(id);
	assert_string_equal(id, want);
	free(id);
}

static void test_sw_id_make(void **state)
{
	char *id;

	(void)state;
	assert_id("strongswan.org__Debian_12-x86_64-adduser-3.134", "Debian",
		  "adduser", "3.134");
	/* ':' and '+' become '~' (swima.md 4) */
	assert_id("strongswan.org__Debian_12-x86_64-foo-1~2.3~dfsg",
		  "Debian", "foo", "1:2.3+dfsg");
	assert_id("strongswan.org__Debian_12-x86_64-libstdc~~6-12.2.0-14",
		  "Debian", "libstdc++6", "12.2.0-14");
	/* no version: no last '-' */
	assert_id("strongswan.org__Debian_12-x86_64-adduser", "Debian",
		  "adduser", "");
	/* the OS name with its first letter capitalised */
	assert_id("strongswan.org__Debian_12-x86_64-bash-5.2", "debian",
		  "bash", "5.2");
	/* the spec's example, and a regid with a ':' */
	id = sw_id_make("strongswan.org", "Ubuntu", "22.04", "x86_64",
			"openssl", "3.0.2-0ubuntu1.10");
	assert_string_equal(id, "strongswan.org__Ubuntu_22.04-x86_64-"
			    "openssl-3.0.2-0ubuntu1.10");
	free(id);
	id = sw_id_make("a:b", "Debian", "12", "armhf", "x", "1");
	assert_string_equal(id, "a~b__Debian_12-armhf-x-1");
	free(id);
}

static void test_sw_id_split(void **state)
{
	char rel[16], arch[16];

	(void)state;
	assert_true(sw_id_split_os_version("12 x86_64", rel, sizeof(rel),
					   arch, sizeof(arch)));
	assert_string_equal(rel, "12");
	assert_string_equal(arch, "x86_64");
	/* at the last blank */
	assert_true(sw_id_split_os_version("22.04 LTS aarch64", rel,
					   sizeof(rel), arch, sizeof(arch)));
	assert_string_equal(rel, "22.04 LTS");
	assert_string_equal(arch, "aarch64");
	assert_true(sw_id_split_os_version("12", rel, sizeof(rel), arch,
					   sizeof(arch)));
	assert_string_equal(rel, "12");
	assert_string_equal(arch, "");
	/* does not fit */
	assert_false(sw_id_split_os_version("12 x86_64", rel, 2, arch,
					    sizeof(arch)));
	assert_false(sw_id_split_os_version("12 x86_64", rel, sizeof(rel),
					    arch, 6));
	assert_true(sw_id_split_os_version("12 x86_64", rel, 3, arch, 7));
}

static const char tag[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	"<SoftwareIdentity name=\"bash\" regid=\"before.org\" "
	"tagId=\"Debian_12-x86_64-bash-5.2\" version=\"5.2\">\n"
	"  <Entity name=\"strongSwan Project\" regid=\"strongswan.org\" "
	"role=\"tagCreator\"/>\n</SoftwareIdentity>\n";

static void assert_no_tag_id(const char *xml, size_t len)
{
	char *id = (char *)1;

	assert_false(sw_id_from_tag(xml, len, &id));
	assert_null(id);
}

static void test_sw_id_from_tag(void **state)
{
	char buf[2100], *id;
	size_t n;

	(void)state;
	/* the first regid after tagId, not the one before it */
	assert_true(sw_id_from_tag(tag, strlen(tag), &id));
	assert_string_equal(id,
			    "strongswan.org__Debian_12-x86_64-bash-5.2");
	free(id);
	/* cut inside the Entity's regid value: not closed */
	assert_no_tag_id(tag, (size_t)(strstr(tag, "swan.org") - tag));
	assert_no_tag_id("<a tagId=\"x\"/>", 14);
	assert_no_tag_id("<a regid=\"r\" tagId=\"x\"/>", 24);
	assert_no_tag_id("<a tagId=\"\" regid=\"r\"/>", 23);
	assert_no_tag_id("<a tagId=\"x\" regid=\"\"/>", 23);
	assert_no_tag_id("<a tagId=\"x", 11);
	/* a NUL ends the search */
	assert_no_tag_id("<a tagId=\"x\"\0 regid=\"r\"/>", 25);
	assert_no_tag_id("", 0);

	/* only the first 1023 bytes count */
	memset(buf, ' ', sizeof(buf));
	n = (size_t)snprintf(buf + 1000, 200, "tagId=\"t\" regid=\"r\"/>");
	assert_true(sw_id_from_tag(buf, 1000 + n, &id));
	assert_string_equal(id, "r__t");
	free(id);
	memset(buf, ' ', sizeof(buf));
	/* the closing quote of regid at offset 1023: outside */
	memcpy(buf + 1023 - 18, "tagId=\"t\" regid=\"r\"", 19);
	assert_no_tag_id(buf, sizeof(buf));
	/* at offset 1022: inside */
	memset(buf, ' ', sizeof(buf));
	memcpy(buf + 1023 - 19, "tagId=\"t\" regid=\"r\"", 19);
	assert_true(sw_id_from_tag(buf, sizeof(buf), &id));
	assert_string_equal(id, "r__t");
	free(id);
}

/* ------------------------------------------------------ apt history */

/* The delivered entries as text: "<timestamp>[ +|-name[:arch]=version]"
 * per entry, one line each. */
struct got {
	char text[8192];
	size_t entries;
	size_t stop_after;	/* 0: never stop */
};

/* snprintf at the end of g->text, cutting what does not fit. */
static void append(struct got *g, const char *fmt, ...)
{
	size_t len = strlen(g->text);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(g->text + len, sizeof(g->text) - len, fmt, ap);
	va_end(ap);
}

static bool record(void *ctx, const struct apt_entry *e)
{
	struct got *g = ctx;

	assert_int_equal(strlen(e->timestamp), 20);
	append(g, "%s", e->timestamp);
	for (size_t i = 0; i < e->count; i++) {
		const struct apt_change *c = &e->changes[i];

		append(g, " %c%s%s%s=%s",
		       c->action == APT_CREATION ? '+' : '-', c->name,
		       c->arch[0] ? ":" : "", c->arch, c->version);
	}
	append(g, "\n");
	g->entries++;
	return !g->stop_after || g->entries < g->stop_after;
}

static struct apt_stats parse(const char *text, struct got *g)
{
	struct apt_stats st;

	memset(g, 0, sizeof(*g));
	assert_int_equal(apt_history_parse_buf(text, strlen(text), record, g,
					       &st), APT_OK);
	assert_int_equal(st.entries, g->entries);
	return st;
}

static const char sample[] =
	"\n"
	"Start-Date: 2026-11-22  06:40:02\n"
	"Commandline: apt-get install -y strongswan\n"
	"Requested-By: admin (1000)\n"
	"Install: libstrongswan:amd64 (5.9.8-5+deb12u1, automatic), "
	"strongswan:amd64 (5.9.8-5+deb12u1), tzdata (2024a-0+deb12u1)\n"
	"End-Date: 2026-11-22  06:40:09\n"
	"\n"
	"Start-Date: 2026-11-22  07:00:00\n"
	"Commandline: apt-get upgrade\n"
	"Upgrade: libc6:amd64 (2.36-9, 2.36-9+deb12u4), "
	"libc-bin:amd64 (2.36-9, 2.36-9+deb12u4)\n"
	"Reinstall: bash:amd64 (5.2.15-2+b2)\n"
	"End-Date: 2026-11-22  07:00:30\n"
	"\n"
	"Start-Date: 2026-11-23  08:00:00\n"
	"Remove: tzdata:all (2024a-0+deb12u1)\n"
	"Purge: strongswan:amd64 (5.9.8-5+deb12u1)\n"
	"Downgrade: openssl:amd64 (3.0.15-1, 3.0.11-1)\n"
	"Install: openssl-provider-legacy:amd64 (3.0.11-1)\n"
	"End-Date: 2026-11-23  08:00:04\n";

static const char sample_got[] =
	"2026-11-22T06:40:02Z +libstrongswan:amd64=5.9.8-5+deb12u1"
	" +strongswan:amd64=5.9.8-5+deb12u1 +tzdata=2024a-0+deb12u1\n"
	"2026-11-22T07:00:00Z -libc6:amd64=2.36-9 -libc-bin:amd64=2.36-9"
	" +libc6:amd64=2.36-9+deb12u4 +libc-bin:amd64=2.36-9+deb12u4\n"
	"2026-11-23T08:00:00Z -tzdata:all=2024a-0+deb12u1"
	" -strongswan:amd64=5.9.8-5+deb12u1 -openssl:amd64=3.0.15-1"
	" +openssl:amd64=3.0.11-1"
	" +openssl-provider-legacy:amd64=3.0.11-1\n";

static void test_apt_sample(void **state)
{
	struct apt_stats st;
	struct got g;

	(void)state;
	st = parse(sample, &g);
	assert_string_equal(g.text, sample_got);
	assert_int_equal(st.entries, 3);
	assert_int_equal(st.malformed, 0);
	assert_int_equal(st.long_lines, 0);
	assert_false(st.truncated);
}

static void test_apt_time(void **state)
{
	struct got g;

	(void)state;
	/* Start-Date is local time: CET is UTC+1 in November */
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	tzset();
	parse("Start-Date: 2026-11-22  06:40:02\nInstall: a (1)\n"
	      "End-Date: 2026-11-22  06:40:03\n\n"
	      "Start-Date: 2026-07-01  00:30:00\nInstall: b (1)\n"
	      "End-Date: 2026-07-01  00:30:01\n", &g);
	assert_string_equal(g.text, "2026-11-22T05:40:02Z +a=1\n"
			    "2026-06-30T22:30:00Z +b=1\n");
	setenv("TZ", "UTC", 1);
	tzset();
}

static void test_apt_crlf_and_ends(void **state)
{
	struct apt_stats st;
	struct got g;

	(void)state;
	st = parse("Start-Date: 2026-11-22  06:40:02\r\n"
		   "Install: a:amd64 (1.0)\r\n"
		   "End-Date: 2026-11-22  06:40:03\r\n\r\n", &g);
	assert_string_equal(g.text, "2026-11-22T06:40:02Z +a:amd64=1.0\n");
	assert_false(st.truncated);

	/* No End-Date (apt killed): an empty line or the next Start-Date
	 * still ends the entry. */
	st = parse("Start-Date: 2026-11-22  06:40:02\nInstall: a (1)\n\n"
		   "Start-Date: 2026-11-22  06:41:00\nInstall: b (1)\n"
		   "Start-Date: 2026-11-22  06:42:00\nInstall: c (1)\n"
		   "End-Date: 2026-11-22  06:42:01", &g);
	assert_string_equal(g.text, "2026-11-22T06:40:02Z +a=1\n"
			    "2026-11-22T06:41:00Z +b=1\n"
			    "2026-11-22T06:42:00Z +c=1\n");
	assert_false(st.truncated);

	/* an entry without changes (apt install of nothing) */
	parse("Start-Date: 2026-11-22  06:40:02\nCommandline: apt install\n"
	      "End-Date: 2026-11-22  06:40:02\n", &g);
	assert_string_equal(g.text, "2026-11-22T06:40:02Z\n");
}

static void test_apt_truncated(void **state)
{
	struct apt_stats st;
	struct got g;
	size_t cut;

	(void)state;
	/* apt still writing: not delivered, reported */
	st = parse("Start-Date: 2026-11-22  06:40:02\nInstall: a (1)\n"
		   "End-Date: 2026-11-22  06:40:03\n\n"
		   "Start-Date: 2026-11-22  07:00:00\n"
		   "Commandline: apt-get install b\nInstall: b (1)\n", &g);
	assert_string_equal(g.text, "2026-11-22T06:40:02Z +a=1\n");
	assert_int_equal(st.malformed, 0);
	assert_true(st.truncated);
	/* cut inside its last line: still apt writing, not malformed */
	st = parse("Start-Date: 2026-11-22  07:00:00\nInstall: b (1", &g);
	assert_string_equal(g.text, "");
	assert_int_equal(st.malformed, 0);
	assert_true(st.truncated);
	/* lines after the last entry without a Start-Date: malformed */
	st = parse("Start-Date: 2026-11-22  06:40:02\nInstall: a (1)\n"
		   "End-Date: 2026-11-22  06:40:03\n\ngarbage\n", &g);
	assert_string_equal(g.text, "2026-11-22T06:40:02Z +a=1\n");
	assert_int_equal(st.malformed, 1);
	assert_false(st.truncated);

	/* The sample cut at every length: never more than the complete
	 * entries before the cut, each as in the whole. */
	for (cut = 0; cut < strlen(sample); cut++) {
		memset(&g, 0, sizeof(g));
		assert_int_equal(apt_history_parse_buf(sample, cut, record,
						       &g, &st), APT_OK);
		assert_true(strncmp(g.text, sample_got, strlen(g.text)) == 0);
		assert_true(g.text[0] == '\0' ||
			    g.text[strlen(g.text) - 1] == '\n');
	}
}

/* Each of these entries is malformed; every one is followed by a good
 * entry, which must come through. */
static const char *const bad_entries[] = {
	/* no Start-Date */
	"Commandline: apt-get install x\nInstall: x (1)\n"
	"End-Date: 2026-11-22  06:40:03\n",
	/* garbage lines */
	"Start-Date: 2026-11-22  06:40:02\nthis is not a field\n"
	"Install: x (1)\n",
	"\x01\x02\x03 garbage\n",
	/* bad dates */
	"Start-Date: 2026-02-30  06:40:02\nInstall: x (1)\n",
	"Start-Date: 2026-11-22  25:40:02\nInstall: x (1)\n",
	"Start-Date: 2026-11-22 06:40\nInstall: x (1)\n",
	"Start-Date: 2026-11-2206:40:02\nInstall: x (1)\n",
	"Start-Date: +026-11-22  06:40:02\nInstall: x (1)\n",
	"Start-Date: 2026-11-22  06:40:02 x\nInstall: x (1)\n",
	"Start-Date: 1969-12-31  23:59:59\nInstall: x (1)\n",
	"Start-Date:\n",
	/* bad package lists */
	"Start-Date: 2026-11-22  06:40:02\nInstall: x\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall: x (1\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall: x 1)\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall: x (1) y (2)\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall: x (1),\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall: x (1), , y (2)\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall: x ()\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall: x (1 2)\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall: x (1, manual)\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall: x (1, automatic, 2)\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall: x ((1))\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall: :amd64 (1)\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall: x: (1)\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall: x:amd64:i386 (1)\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall: (1)\n",
	"Start-Date: 2026-11-22  06:40:02\nInstall:\n",
	"Start-Date: 2026-11-22  06:40:02\nUpgrade: x (1)\n",
	"Start-Date: 2026-11-22  06:40:02\nUpgrade: x (1, )\n",
	"Start-Date: 2026-11-22  06:40:02\nDowngrade: x (2, 1, 0)\n",
	/* a good line after a bad one does not save the entry */
	"Start-Date: 2026-11-22  06:40:02\nInstall: x (\nInstall: y (1)\n"
	"End-Date: 2026-11-22  06:40:03\n",
	/* a stray End-Date */
	"End-Date: 2026-11-22  06:40:03\n",
};

static void test_apt_malformed(void **state)
{
	const char good[] = "Start-Date: 2026-11-22  09:00:00\n"
			    "Install: good (1)\n"
			    "End-Date: 2026-11-22  09:00:01\n";
	char text[512];
	struct apt_stats st;
	struct got g;

	(void)state;
	for (size_t i = 0; i < COUNT(bad_entries); i++) {
		snprintf(text, sizeof(text), "%s\n%s", bad_entries[i], good);
		st = parse(text, &g);
		if (strcmp(g.text, "2026-11-22T09:00:00Z +good=1\n") != 0 ||
		    st.malformed != 1)
			fail_msg("bad entry %zu: got '%s', %zu malformed", i,
				 g.text, st.malformed);
		assert_false(st.truncated);
	}
}

static void test_apt_nul_and_long_line(void **state)
{
	const char head[] = "Start-Date: 2026-11-22  06:40:02\nInstall: ";
	const char tail[] = " (1)\n\nStart-Date: 2026-11-22  07:00:00\n"
			    "Install: b (2)\nEnd-Date: 2026-11-22  07:00:01\n";
	const char nul[] = "Start-Date: 2026-11-22  06:40:02\nInstall: a\0"
			   "x (1)\n\nStart-Date: 2026-11-22  07:00:00\n"
			   "Install: b (2)\n";
	size_t name = APT_HISTORY_MAX_LINE, len;
	struct apt_stats st;
	struct got g = { 0 };
	char *text;

	(void)state;
	assert_int_equal(apt_history_parse_buf(nul, sizeof(nul) - 1, record,
					       &g, &st), APT_OK);
	assert_string_equal(g.text, "");
	assert_int_equal(st.malformed, 1);
	assert_true(st.truncated);

	/* one line just over the limit: its entry is skipped */
	len = strlen(head) + name + strlen(tail);
	text = malloc(len + 1);
	assert_non_null(text);
	memcpy(text, head, strlen(head));
	memset(text + strlen(head), 'a', name);
	strcpy(text + strlen(head) + name, tail);
	st = parse(text, &g);
	assert_string_equal(g.text, "2026-11-22T07:00:00Z +b=2\n");
	assert_int_equal(st.malformed, 1);
	assert_int_equal(st.long_lines, 1);

	/* and one at the limit is read (the line is "Install: aaa... (1)") */
	name = APT_HISTORY_MAX_LINE - strlen("Install: ") - strlen(" (1)");
	len = strlen(head) + name + strlen(tail);
	memset(text + strlen(head), 'a', name);
	strcpy(text + strlen(head) + name, tail);
	st = parse(text, &g);
	assert_int_equal(st.entries, 2);
	assert_int_equal(st.malformed, 0);
	assert_int_equal(st.long_lines, 0);
	free(text);
}

static void test_apt_limits_and_stop(void **state)
{
	size_t n = APT_HISTORY_MAX_PKGS + 1, len = 0;
	char *text = malloc(64 + n * 12);
	struct apt_stats st;
	struct got g = { .stop_after = 1 };

	(void)state;
	/* the callback stops the parse */
	assert_int_equal(apt_history_parse_buf(sample, strlen(sample),
					       record, &g, &st),
			 APT_STOPPED);
	assert_int_equal(g.entries, 1);

	/* one package too many */
	assert_non_null(text);
	len += (size_t)sprintf(text, "Start-Date: 2026-11-22  06:40:02\n"
			       "Install: ");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "%sp%zu (1)",
				       i ? ", " : "", i % 10000);
	sprintf(text + len, "\n\n");
	st = parse(text, &g);
	assert_int_equal(st.entries, 0);
	assert_int_equal(st.malformed, 1);
	free(text);
}

/* A temporary directory for files. */
static char tmp_dir[64];

static int tmp_setup(void **state)
{
	const char *base = getenv("TMPDIR");

	(void)state;
	snprintf(tmp_dir, sizeof(tmp_dir), "%s/test-swc-XXXXXX",
		 base && strlen(base) < 40 ? base : "/tmp");
	return mkdtemp(tmp_dir) ? 0 : -1;
}

static int tmp_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void tmp_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", tmp_dir, name);
}

static void write_gz(const char *path, const char *text, size_t len)
{
	gzFile gz = gzopen(path, "wb");

	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, text, (unsigned)len), (int)len);
	assert_int_equal(gzclose(gz), Z_OK);
}

static void test_apt_files(void **state)
{
	char path[128], gz[128];
	struct apt_stats st;
	struct got g = { 0 };
	FILE *f;
	long size;
	char *bytes;

	(void)state;
	/* plain */
	tmp_path(path, sizeof(path), "history.log");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(sample, f);
	fclose(f);
	assert_int_equal(apt_history_read(path, record, &g, &st), APT_OK);
	assert_string_equal(g.text, sample_got);

	/* gzip */
	tmp_path(gz, sizeof(gz), "history.log.1.gz");
	write_gz(gz, sample, strlen(sample));
	memset(&g, 0, sizeof(g));
	assert_int_equal(apt_history_read(gz, record, &g, &st), APT_OK);
	assert_string_equal(g.text, sample_got);
	assert_int_equal(st.entries, 3);

	/* a damaged gzip file (cut short) is an error */
	f = fopen(gz, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	bytes = malloc((size_t)size);
	assert_int_equal(fread(bytes, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	f = fopen(gz, "wb");
	fwrite(bytes, 1, (size_t)size - 6, f);
	fclose(f);
	free(bytes);
	memset(&g, 0, sizeof(g));
	assert_int_equal(apt_history_read(gz, record, &g, &st), APT_IO);

	/* missing */
	tmp_path(path, sizeof(path), "nothing.log");
	assert_int_equal(apt_history_read(path, record, &g, &st), APT_IO);
}

static void test_apt_file_long_line(void **state)
{
	const char head[] = "Start-Date: 2026-11-22  06:40:02\nInstall: a (1";
	const char tail[] = ")\n\nStart-Date: 2026-11-22  07:00:00\n"
			    "Install: b (2)\nEnd-Date: 2026-11-22  07:00:01";
	size_t pad = 3 * APT_HISTORY_MAX_LINE, len;
	struct apt_stats st;
	struct got g = { 0 };
	char path[128], *text;

	(void)state;
	len = strlen(head) + pad + strlen(tail);
	text = malloc(len + 1);
	assert_non_null(text);
	memcpy(text, head, strlen(head));
	memset(text + strlen(head), ' ', pad);
	strcpy(text + strlen(head) + pad, tail);
	tmp_path(path, sizeof(path), "long.gz");
	write_gz(path, text, len);
	free(text);
	assert_int_equal(apt_history_read(path, record, &g, &st), APT_OK);
	/* the last line without its '\n' is read too */
	assert_string_equal(g.text, "2026-11-22T07:00:00Z +b=2\n");
	assert_int_equal(st.malformed, 1);
	assert_int_equal(st.long_lines, 1);
	assert_false(st.truncated);
}

/* ----------------------------------------------------------- store */

static char db_uri[128];

static int store_setup(void **state)
{
	if (tmp_setup(state) != 0)
		return -1;
	snprintf(db_uri, sizeof(db_uri), "sqlite://%s/sw.db", tmp_dir);
	return 0;
}

static struct sw_store *create(const char *first)
{
	char err[256] = "";
	struct sw_store *s = sw_store_create(db_uri, first, err, sizeof(err));

	if (!s)
		fail_msg("create: %s", err);
	return s;
}

static int64_t count_rows(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t n;

	assert_int_equal(sqlite3_open(db_uri + strlen("sqlite://"), &db),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void exec_sql(const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(db_uri + strlen("sqlite://"), &db),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void test_store_create(void **state)
{
	struct sw_store *s, *again;
	char err[256], ts[21], uri[160];
	uint32_t eid, epoch;

	(void)state;
	/* not there, and not to be created */
	assert_null(sw_store_open(db_uri, false, err, sizeof(err)));
	assert_string_equal(err, "unable to open database file");
	assert_null(sw_store_open("mysql://x", true, err, sizeof(err)));
	assert_string_equal(err, "'mysql://x' is not a database URI "
			    "(sqlite:///path)");

	s = create("2026-01-02T03:04:05Z");
	assert_non_null(s);
	epoch = sw_store_epoch(s);
	/* strongTNC stores it signed (swima.md 3) */
	assert_true(epoch < 0x80000000u);
	assert_true(sw_store_last_eid(s, &eid));
	assert_int_equal(eid, 1);
	assert_true(sw_store_last_timestamp(s, ts));
	assert_string_equal(ts, "2026-01-02T03:04:05Z");
	sw_store_close(s);
	assert_int_equal(count_rows("SELECT count(*) FROM events WHERE "
				    "id = 1 AND timestamp = "
				    "'2026-01-02T03:04:05Z'"), 1);
	assert_int_equal(count_rows("SELECT epoch FROM events"), epoch);

	/* opened again as it is: same epoch, no second first event */
	again = sw_store_open(db_uri, false, err, sizeof(err));
	assert_non_null(again);
	assert_int_equal(sw_store_epoch(again), epoch);
	sw_store_close(again);
	again = create("2030-01-01T00:00:00Z");
	assert_int_equal(sw_store_epoch(again), epoch);
	sw_store_close(again);
	assert_int_equal(count_rows("SELECT count(*) FROM events"), 1);

	/* the top bit is clear for every new store */
	for (int i = 0; i < 8; i++) {
		snprintf(uri, sizeof(uri), "sqlite://%s/e%d.db", tmp_dir, i);
		s = sw_store_open(uri, true, err, sizeof(err));
		assert_non_null(s);
		assert_true(sw_store_epoch(s) < 0x80000000u);
		assert_true(sw_store_last_timestamp(s, ts));
		assert_string_equal(ts, SW_STORE_NO_TIME);
		sw_store_close(s);
	}

	/* a database that is not a store */
	snprintf(uri, sizeof(uri), "sqlite://%s/other.db", tmp_dir);
	s = sw_store_open(uri, true, err, sizeof(err));
	sw_store_close(s);
	snprintf(uri, sizeof(uri), "%s/other.db", tmp_dir);
	{
		sqlite3 *db;

		assert_int_equal(sqlite3_open(uri, &db), SQLITE_OK);
		sqlite3_exec(db, "DROP TABLE sw_events; DROP TABLE events;",
			     NULL, NULL, NULL);
		sqlite3_close(db);
	}
	snprintf(uri, sizeof(uri), "sqlite://%s/other.db", tmp_dir);
	assert_null(sw_store_open(uri, false, err, sizeof(err)));
	assert_string_equal(err, "not an event store (no events table)");
}

/* Collects callback results as text. */
struct list {
	char text[2048];
};

static bool list_id(void *ctx, const struct sw_store_id *id)
{
	struct list *l = ctx;
	size_t len = strlen(l->text);

	snprintf(l->text + len, sizeof(l->text) - len, "%u %s %s %s %u\n",
		 id->id, id->name, id->package, id->version, id->source);
	return true;
}

static bool list_event(void *ctx, const struct sw_store_event *e)
{
	struct list *l = ctx;
	size_t len = strlen(l->text);

	snprintf(l->text + len, sizeof(l->text) - len, "%u %s %u %u %u %s\n",
		 e->eid, e->timestamp, e->record_id, e->source, e->action,
		 e->name);
	return true;
}

static bool list_first_only(void *ctx, const struct sw_store_event *e)
{
	list_event(ctx, e);
	return false;
}

#define CHANGE(a, n, v) { SW_STORE_##a, "id-" n "-" v, n, v }

static const char *installed(struct sw_store *s, struct list *l)
{
	memset(l, 0, sizeof(*l));
	assert_true(sw_store_installed(s, list_id, l));
	return l->text;
}

static const char *events(struct sw_store *s, uint32_t since,
			  struct list *l)
{
	memset(l, 0, sizeof(*l));
	assert_true(sw_store_events_since(s, since, list_event, l));
	return l->text;
}

static void test_store_events(void **state)
{
	const struct sw_store_change install[] = {
		CHANGE(CREATION, "zsh", "5.9"),
		CHANGE(CREATION, "bash", "5.2"),
		CHANGE(CREATION, "curl", "7.88"),
	};
	/* an upgrade and a removal, as apt_history hands them over */
	const struct sw_store_change upgrade[] = {
		CHANGE(DELETION, "curl", "7.88"),
		CHANGE(DELETION, "zsh", "5.9"),
		CHANGE(CREATION, "curl", "8.0"),
	};
	struct sw_store *s = create(NULL);
	uint32_t eid;
	size_t n;
	struct list l;

	(void)state;
	assert_true(sw_store_add_event(s, "2026-11-22T06:40:02Z", install,
				       COUNT(install), &eid));
	assert_int_equal(eid, 2);
	assert_string_equal(installed(s, &l),
			    "2 id-bash-5.2 bash 5.2 1\n"
			    "3 id-curl-7.88 curl 7.88 1\n"
			    "1 id-zsh-5.9 zsh 5.9 1\n");
	assert_true(sw_store_add_event(s, "2026-11-23T00:00:00Z", upgrade,
				       COUNT(upgrade), &eid));
	assert_int_equal(eid, 3);
	assert_string_equal(installed(s, &l),
			    "2 id-bash-5.2 bash 5.2 1\n"
			    "4 id-curl-8.0 curl 8.0 1\n");
	assert_true(sw_store_count_installed(s, &n));
	assert_int_equal(n, 2);

	/* by eid, then name, then action */
	assert_string_equal(events(s, 0, &l),
		"2 2026-11-22T06:40:02Z 2 1 1 id-bash-5.2\n"
		"2 2026-11-22T06:40:02Z 3 1 1 id-curl-7.88\n"
		"2 2026-11-22T06:40:02Z 1 1 1 id-zsh-5.9\n"
		"3 2026-11-23T00:00:00Z 3 1 2 id-curl-7.88\n"
		"3 2026-11-23T00:00:00Z 4 1 1 id-curl-8.0\n"
		"3 2026-11-23T00:00:00Z 1 1 2 id-zsh-5.9\n");
	assert_string_equal(events(s, 3, &l),
		"3 2026-11-23T00:00:00Z 3 1 2 id-curl-7.88\n"
		"3 2026-11-23T00:00:00Z 4 1 1 id-curl-8.0\n"
		"3 2026-11-23T00:00:00Z 1 1 2 id-zsh-5.9\n");
	assert_string_equal(events(s, 4, &l), "");
	memset(&l, 0, sizeof(l));
	assert_true(sw_store_events_since(s, 1, list_first_only, &l));
	assert_string_equal(l.text, "2 2026-11-22T06:40:02Z 2 1 1 "
			    "id-bash-5.2\n");

	/* the last EID is the newest by timestamp, not the highest id */
	assert_true(sw_store_add_event(s, "2026-11-22T12:00:00Z", NULL, 0,
				       &eid));
	assert_int_equal(eid, 4);
	assert_true(sw_store_last_eid(s, &eid));
	assert_int_equal(eid, 3);

	/* lookup, also of a removed identifier */
	memset(&l, 0, sizeof(l));
	assert_true(sw_store_lookup(s, "id-zsh-5.9", list_id, &l));
	assert_string_equal(l.text, "1 id-zsh-5.9 zsh 5.9 1\n");
	assert_false(sw_store_lookup(s, "id-fish-1", list_id, &l));
	assert_string_equal(sw_store_errmsg(s), "unknown identifier");

	/* an entry that removes and installs one identifier: installed */
	{
		const struct sw_store_change again[] = {
			CHANGE(DELETION, "bash", "5.2"),
			CHANGE(CREATION, "bash", "5.2"),
		};

		assert_true(sw_store_add_event(s, "2026-11-24T00:00:00Z",
					       again, COUNT(again), NULL));
		assert_true(sw_store_count_installed(s, &n));
		assert_int_equal(n, 2);
	}
	sw_store_close(s);
}

static void test_store_atomic(void **state)
{
	const struct sw_store_change boom[] = {
		CHANGE(CREATION, "fine", "1"),
		CHANGE(CREATION, "boom", "1"),
	};
	const struct sw_store_change bad_action[] = {
		CHANGE(CREATION, "fine", "1"),
		{ 7, "id-odd-1", "odd", "1" },
	};
	struct sw_store *s = create(NULL);
	struct list l;
	uint32_t eid = 99;

	(void)state;
	/* the second change fails inside SQLite */
	exec_sql("CREATE TRIGGER fail BEFORE INSERT ON sw_identifiers "
		 "WHEN NEW.package = 'boom' "
		 "BEGIN SELECT RAISE(ABORT, 'boom refused'); END;");
	assert_false(sw_store_add_event(s, "2026-11-22T06:40:02Z", boom,
					COUNT(boom), &eid));
	assert_int_equal(eid, 99);
	assert_non_null(strstr(sw_store_errmsg(s), "boom refused"));
	assert_false(sw_store_add_event(s, "2026-11-22T06:40:02Z",
					bad_action, COUNT(bad_action), NULL));
	assert_string_equal(sw_store_errmsg(s), "invalid event action 7");
	assert_int_equal(count_rows("SELECT count(*) FROM events"), 1);
	assert_int_equal(count_rows("SELECT count(*) FROM sw_identifiers"),
			 0);
	assert_int_equal(count_rows("SELECT count(*) FROM sw_events"), 0);
	assert_string_equal(installed(s, &l), "");

	assert_false(sw_store_add_event(s, "2026-11-22 06:40:02", boom, 1,
					NULL));
	assert_string_equal(sw_store_errmsg(s),
			    "invalid timestamp '2026-11-22 06:40:02'");
	assert_false(sw_store_add_event(s, "2026-11-22T06:40:02Z ", boom, 1,
					NULL));
	assert_int_equal(count_rows("SELECT count(*) FROM events"), 1);
	assert_true(sw_store_valid_timestamp(SW_STORE_NO_TIME));
	assert_false(sw_store_valid_timestamp("2026-11-22T06:40:0Z"));
	assert_false(sw_store_valid_timestamp(""));

	/* and the store still works */
	assert_true(sw_store_add_event(s, "2026-11-22T06:40:02Z", boom, 1,
				       &eid));
	assert_int_equal(eid, 2);

	/* a failing reconciliation leaves nothing either */
	{
		const struct sw_store_pkg pkgs[] = {
			{ "id-new-1", "new", "1" },
			{ "id-boom-2", "boom", "2" },
		};
		struct sw_store_reconciled r;

		assert_false(sw_store_reconcile(s, pkgs, COUNT(pkgs),
						"2026-11-25T00:00:00Z", &r));
		assert_int_equal(r.first + r.readded + r.removed, 0);
	}
	assert_int_equal(count_rows("SELECT count(*) FROM events"), 2);
	assert_int_equal(count_rows("SELECT count(*) FROM sw_events"), 1);
	assert_string_equal(installed(s, &l), "1 id-fine-1 fine 1 1\n");
	sw_store_close(s);
}

static void test_store_reconcile(void **state)
{
	const struct sw_store_change history[] = {
		CHANGE(CREATION, "vim", "9.0"),
		CHANGE(CREATION, "gone", "1"),
		CHANGE(DELETION, "back", "2"),
	};
	const struct sw_store_pkg dpkg[] = {
		{ "id-vim-9.0", "vim", "9.0" },
		{ "id-base-1", "base", "1" },
		{ "id-back-2", "back", "2" },
		{ "id-adduser-3", "adduser", "3" },
	};
	struct sw_store *s = create("2026-01-01T00:00:00Z");
	struct sw_store_reconciled r;
	struct list l;

	(void)state;
	assert_true(sw_store_add_event(s, "2026-11-22T06:40:02Z", history,
				       COUNT(history), NULL));
	assert_true(sw_store_reconcile(s, dpkg, COUNT(dpkg),
				       "2026-11-25T00:00:00Z", &r));
	assert_int_equal(r.first, 2);
	assert_int_equal(r.readded, 1);
	assert_int_equal(r.removed, 1);
	assert_int_equal(r.eid, 3);
	assert_string_equal(installed(s, &l),
			    "5 id-adduser-3 adduser 3 1\n"
			    "3 id-back-2 back 2 1\n"
			    "4 id-base-1 base 1 1\n"
			    "1 id-vim-9.0 vim 9.0 1\n");
	assert_string_equal(events(s, 0, &l),
		"1 2026-01-01T00:00:00Z 5 1 1 id-adduser-3\n"
		"1 2026-01-01T00:00:00Z 4 1 1 id-base-1\n"
		"2 2026-11-22T06:40:02Z 3 1 2 id-back-2\n"
		"2 2026-11-22T06:40:02Z 2 1 1 id-gone-1\n"
		"2 2026-11-22T06:40:02Z 1 1 1 id-vim-9.0\n"
		"3 2026-11-25T00:00:00Z 3 1 1 id-back-2\n"
		"3 2026-11-25T00:00:00Z 2 1 2 id-gone-1\n");

	/* converged: nothing more to do, no new event */
	assert_true(sw_store_reconcile(s, dpkg, COUNT(dpkg),
				       "2026-11-26T00:00:00Z", &r));
	assert_int_equal(r.first + r.readded + r.removed, 0);
	assert_int_equal(r.eid, 0);
	assert_int_equal(count_rows("SELECT count(*) FROM events"), 3);

	/* everything gone */
	assert_true(sw_store_reconcile(s, NULL, 0, "2026-11-27T00:00:00Z",
				       &r));
	assert_int_equal(r.removed, 4);
	assert_int_equal(r.eid, 4);
	assert_string_equal(installed(s, &l), "");
	sw_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sw_id_make),
		cmocka_unit_test(test_sw_id_split),
		cmocka_unit_test(test_sw_id_from_tag),
		cmocka_unit_test(test_apt_sample),
		cmocka_unit_test(test_apt_time),
		cmocka_unit_test(test_apt_crlf_and_ends),
		cmocka_unit_test(test_apt_truncated),
		cmocka_unit_test(test_apt_malformed),
		cmocka_unit_test(test_apt_nul_and_long_line),
		cmocka_unit_test(test_apt_limits_and_stop),
		cmocka_unit_test_setup_teardown(test_apt_files, tmp_setup,
						tmp_teardown),
		cmocka_unit_test_setup_teardown(test_apt_file_long_line,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_store_create,
						store_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_store_events,
						store_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_store_atomic,
						store_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_store_reconcile,
						store_setup, tmp_teardown),
	};

	/* Start-Date is local time; the vectors are written for UTC. */
	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
