/*
 * test_scanner.c - unit tests of the Scanner IMC and IMV modules: the
 * policy argument parser (imvs/scanner/port_range.c), the /proc/net
 * socket table reader (imcs/scanner/listening_ports.c) on sample tables
 * written to a temp dir, and the workitem evaluation
 * (imvs/scanner/scanner_policy.c) with the exact result texts of
 * policy-manager.md section 9.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "listening_ports.h"
#include "port_range.h"
#include "scanner_policy.h"
#include "workitem.h"

#define TCP LISTENING_PORTS_PROTO_TCP
#define UDP LISTENING_PORTS_PROTO_UDP

/* ------------------------------------------------------- port ranges */

static void expect_ranges(const char *arg, const struct port_range *want,
			  size_t count)
{
	struct port_range_list l;
	char err[128] = "";
	size_t i;

	assert_int_equal(port_range_parse(arg, &l, err, sizeof(err)),
			 PORT_RANGE_OK);
	assert_int_equal(l.count, count);
	for (i = 0; i < count; i++) {
		assert_int_equal(l.ranges[i].first, want[i].first);
		assert_int_equal(l.ranges[i].last, want[i].last);
	}
	port_range_list_free(&l);
}

static void expect_error(const char *arg, const char *want)
{
	struct port_range_list l;
	char err[128] = "";

	assert_int_equal(port_range_parse(arg, &l, err, sizeof(err)),
			 PORT_RANGE_INVALID);
	assert_string_equal(err, want);
	port_range_list_free(&l);
}

static void test_range_single_ports(void **state)
{
	static const struct port_range want[] = {
		{ 22, 22 }, { 0, 0 }, { 65535, 65535 },
	};

	(void)state;
	expect_ranges("22 0 65535", want, 3);
}

static void test_range_ranges_and_whitespace(void **state)
{
	static const struct port_range want[] = {
		{ 22, 22 }, { 80, 80 }, { 8000, 8100 }, { 7, 7 }, { 1, 65535 },
	};

	(void)state;
	expect_ranges("22 80 8000-8100", want, 3);
	expect_ranges("\t 22\n80  8000-8100\r\n 7-7\t1-65535 ", want, 5);
}

static void test_range_empty(void **state)
{
	(void)state;
	expect_ranges("", NULL, 0);
	expect_ranges(" \t\n", NULL, 0);
	expect_ranges(NULL, NULL, 0);
}

static void test_range_bad_input(void **state)
{
	(void)state;
	expect_error("22 8o", "invalid port range '8o': not a number");
	expect_error("+22", "invalid port range '+22': not a number");
	expect_error("22 70000 80",
		     "invalid port range '70000': port above 65535");
	expect_error("1-65536",
		     "invalid port range '1-65536': port above 65535");
	expect_error("90-80",
		     "invalid port range '90-80': range start above its end");
	expect_error("80-", "invalid port range '80-': empty range end");
	expect_error("-80", "invalid port range '-80': empty range end");
	expect_error("1-2-3", "invalid port range '1-2-3': not a number");
	expect_error("22,80", "invalid port range '22,80': not a number");
	expect_error("99999999999999999999",
		     "invalid port range '99999999999999999999': port above "
		     "65535");
}

static void test_range_long_token_cut(void **state)
{
	char arg[100], err[128];
	struct port_range_list l;

	(void)state;
	memset(arg, 'x', sizeof(arg) - 1);
	arg[sizeof(arg) - 1] = '\0';
	assert_int_equal(port_range_parse(arg, &l, err, sizeof(err)),
			 PORT_RANGE_INVALID);
	assert_string_equal(err, "invalid port range "
			    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...': "
			    "not a number");
	port_range_list_free(&l);
}

static void test_range_contains(void **state)
{
	struct port_range_list l;
	char err[64];

	(void)state;
	assert_int_equal(port_range_parse("22 8000-8100", &l, err,
					   sizeof(err)), PORT_RANGE_OK);
	assert_true(port_range_contains(&l, 22));
	assert_true(port_range_contains(&l, 8000));
	assert_true(port_range_contains(&l, 8100));
	assert_false(port_range_contains(&l, 21));
	assert_false(port_range_contains(&l, 8101));
	port_range_list_free(&l);
	assert_int_equal(port_range_parse("", &l, err, sizeof(err)),
			 PORT_RANGE_OK);
	assert_false(port_range_contains(&l, 22));
	port_range_list_free(&l);
}

/* ------------------------------------------------- /proc/net reader */

/* An IPv4 address word as the kernel prints it (memory order). */
static void v4hex(char out[9], uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	const uint8_t bytes[4] = { a, b, c, d };
	uint32_t word;

	memcpy(&word, bytes, sizeof(word));
	snprintf(out, 9, "%08X", word);
}

static char tmpdir[256];

static void write_table(const char *name, const char *text)
{
	char path[300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void remove_table(const char *name)
{
	char path[300];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	unlink(path);
}

static int make_tables(void **state)
{
	char lo[9], lo1[9], any[9], ten[9], six_lo[9], tcp[2048];
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/test_scanner.XXXXXX",
		 base && *base ? base : "/tmp");
	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	v4hex(lo, 127, 0, 0, 1);
	v4hex(lo1, 127, 0, 1, 1);
	v4hex(any, 0, 0, 0, 0);
	v4hex(ten, 10, 0, 2, 15);
	v4hex(six_lo, 0, 0, 0, 1);
	snprintf(tcp, sizeof(tcp),
		"  sl  local_address rem_address   st tx_queue rx_queue tr "
		"tm->when retrnsmt   uid  timeout inode\n"
		/* listening on every address: port 22 */
		"   0: %s:0016 00000000:0000 0A 00000000:00000000 00:00000000 "
		"00000000     0        0 1001 1 0000000000000000 100 0 0 10 0\n"
		/* listening on loopback: not reported */
		"   1: %s:0277 00000000:0000 0A 00000000:00000000 00:00000000 "
		"00000000     0        0 1002 1 0000000000000000 100 0 0 10 0\n"
		"   2: %s:0035 00000000:0000 0A 00000000:00000000 00:00000000 "
		"00000000     0        0 1003 1 0000000000000000 100 0 0 10 0\n"
		/* an established connection: not a server port */
		"   3: %s:D2F0 %s:01BB 01 00000000:00000000 00:00000000 "
		"00000000  1000        0 1004 1 0000000000000000 20 4 0 10 -1\n"
		"this line is garbage\n"
		/* listening on 10.0.2.15: port 8080 */
		"   4: %s:1F90 00000000:0000 0A 00000000:00000000 00:00000000 "
		"00000000     0        0 1005 1 0000000000000000 100 0 0 10 0\n",
		any, lo, lo1, ten, ten, ten);
	write_table("tcp", tcp);
	snprintf(tcp, sizeof(tcp),
		"  sl  local_address                         remote_address "
		"                       st tx_queue rx_queue tr tm->when "
		"retrnsmt   uid  timeout inode\n"
		/* :::22, the same port as over IPv4 */
		"   0: 00000000000000000000000000000000:0016 "
		"00000000000000000000000000000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000     0        0 2001 1 0 100 0 0 10 0\n"
		/* ::1 port 5432: loopback */
		"   1: 000000000000000000000000%s:1538 "
		"00000000000000000000000000000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000     0        0 2002 1 0 100 0 0 10 0\n"
		/* :::443 */
		"   2: 00000000000000000000000000000000:01BB "
		"00000000000000000000000000000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000     0        0 2003 1 0 100 0 0 10 0\n",
		six_lo);
	write_table("tcp6", tcp);
	snprintf(tcp, sizeof(tcp),
		"   sl  local_address rem_address   st tx_queue rx_queue tr "
		"tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
		/* bound, unconnected: port 68 */
		"  100: %s:0044 00000000:0000 07 00000000:00000000 00:00000000 "
		"00000000     0        0 3001 2 0000000000000000 0\n"
		/* connected UDP: not a server port */
		"  101: %s:14E9 %s:14E9 01 00000000:00000000 00:00000000 "
		"00000000     0        0 3002 2 0000000000000000 0\n"
		/* loopback */
		"  102: %s:0143 00000000:0000 07 00000000:00000000 00:00000000 "
		"00000000     0        0 3003 2 0000000000000000 0\n"
		/* port 68 again, another socket */
		"  103: %s:0044 00000000:0000 07 00000000:00000000 00:00000000 "
		"00000000     0        0 3004 2 0000000000000000 0\n",
		any, ten, ten, lo, ten);
	write_table("udp", tcp);
	write_table("udp6",
		"  sl  local_address                         remote_address "
		"                       st tx_queue rx_queue tr tm->when "
		"retrnsmt   uid  timeout inode ref pointer drops\n"
		"  200: 00000000000000000000000000000000:01F4 "
		"00000000000000000000000000000000:0000 07 00000000:00000000 "
		"00:00000000 00000000     0        0 4001 2 0 0\n"
		/* cut off inside the local address */
		"  201: 0000000000000000\n");
	return 0;
}

static int remove_tables(void **state)
{
	static const char *const names[] = { "tcp", "tcp6", "udp", "udp6" };
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++)
		remove_table(names[i]);
	rmdir(tmpdir);
	return 0;
}

struct skipped {
	unsigned count;
	char where[8][32];
};

static void on_skip(void *ctx, const char *file, unsigned line)
{
	struct skipped *s = ctx;

	if (s->count < 8)
		snprintf(s->where[s->count], sizeof(s->where[0]), "%s:%u",
			 file, line);
	s->count++;
}

static void test_reader_tables(void **state)
{
	static const struct ietf_port_entry want[] = {
		{ false, TCP, 22 }, { false, TCP, 443 }, { false, TCP, 8080 },
		{ false, UDP, 68 }, { false, UDP, 500 },
	};
	struct ietf_port_filter pf;
	struct skipped s = { 0 };
	size_t i;

	(void)state;
	assert_int_equal(listening_ports_read(tmpdir, false, &pf, on_skip, &s), 4);
	assert_int_equal(pf.count, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < pf.count; i++) {
		assert_false(pf.ports[i].blocked);
		assert_int_equal(pf.ports[i].protocol, want[i].protocol);
		assert_int_equal(pf.ports[i].port, want[i].port);
	}
	ietf_port_filter_free(&pf);
	/* one report per malformed line, naming table and line */
	assert_int_equal(s.count, 2);
	assert_string_equal(s.where[0], "tcp:6");
	assert_string_equal(s.where[1], "udp6:3");
}

/* TNC_IMC_SCANNER_LOOPBACK: the loopback servers are reported too. */
static void test_reader_tables_with_loopback(void **state)
{
	static const uint16_t want_tcp[] = { 22, 53, 443, 631, 5432, 8080 };
	struct ietf_port_filter pf;
	size_t i, tcp = 0;

	(void)state;
	assert_int_equal(listening_ports_read(tmpdir, true, &pf, NULL, NULL),
			 4);
	for (i = 0; i < pf.count; i++) {
		if (pf.ports[i].protocol != TCP)
			continue;
		assert_true(tcp < sizeof(want_tcp) / sizeof(want_tcp[0]));
		assert_int_equal(pf.ports[i].port, want_tcp[tcp]);
		tcp++;
	}
	assert_int_equal(tcp, sizeof(want_tcp) / sizeof(want_tcp[0]));
	ietf_port_filter_free(&pf);
}

static void test_reader_missing_dir(void **state)
{
	struct ietf_port_filter pf;

	(void)state;
	assert_int_equal(listening_ports_read("/nonexistent/proc/net", false,
					      &pf, NULL, NULL), 0);
	assert_int_equal(pf.count, 0);
	assert_null(pf.ports);
}

static void test_parse_line_bounds(void **state)
{
	static const char *const bad[] = {
		"",
		"   ",
		"0",
		"0:",
		"x: 00000000:0016 00000000:0000 0A",
		"0 00000000:0016 00000000:0000 0A",
		"0: 00000000:0016",
		"0: 00000000:0016 00000000:0000",
		"0: 00000000:0016 00000000:0000 0",
		"0: 00000000:0016 00000000:0000 0AB",
		"0: 0000000:0016 00000000:0000 0A",
		"0: 00000000:016 00000000:0000 0A",
		"0: 00000000-0016 00000000:0000 0A",
		"0: 0000000G:0016 00000000:0000 0A",
		"0: 00000000:0016 00000000:0000 0A",
	};
	uint16_t port = 0;
	bool local = true;
	size_t i;

	(void)state;
	/* the last one is fine over IPv4 but too short for IPv6 */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(listening_ports_parse_line(bad[i], 6, 0x0A,
							    &port, &local), -1);
	assert_int_equal(listening_ports_parse_line(
		"0: 00000000:0016 00000000:0000 0A", 4, 0x0A, &port, &local),
		1);
	assert_int_equal(port, 22);
	assert_false(local);
	assert_int_equal(listening_ports_parse_line(
		"0: 0100007F:0277 00000000:0000 0a\n", 4, 0x0A, &port, &local),
		1);
	assert_int_equal(port, 631);
	assert_true(local);
	assert_int_equal(listening_ports_parse_line(
		"0: 00000000:0017 00000000:0000 07 x", 4, 0x0A, &port, &local),
		0);
	assert_int_equal(port, 631);
}

/* ------------------------------------------------------- evaluation */

/* Attribute order on purpose not sorted; 4500 is flagged blocked. */
static const struct ietf_port_entry sample_entries[] = {
	{ false, TCP, 22 }, { false, UDP, 500 }, { false, TCP, 80 },
	{ true, UDP, 4500 }, { false, TCP, 8080 }, { false, UDP, 68 },
};

static const struct ietf_port_filter sample = {
	sizeof(sample_entries) / sizeof(sample_entries[0]),
	(struct ietf_port_entry *)sample_entries,
};

static void expect_verdict(int64_t type, const char *arg,
			   TNC_IMV_Evaluation_Result eval, const char *text)
{
	struct scanner_verdict v;

	scanner_evaluate(type, arg, &sample, &v);
	assert_string_equal(v.result, text);
	assert_int_equal(v.eval, eval);
}

static void test_eval_tcpop(void **state)
{
	(void)state;
	expect_verdict(WORKITEM_TCPOP, "",
		       TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR,
		       "violating tcp ports: 22 80 8080");
	expect_verdict(WORKITEM_TCPOP, "80",
		       TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR,
		       "violating tcp ports: 22 8080");
	expect_verdict(WORKITEM_TCPOP, "22 80 8000-8100",
		       TNC_IMV_EVALUATION_RESULT_COMPLIANT,
		       "no violating tcp ports");
}

static void test_eval_tcpbl(void **state)
{
	(void)state;
	expect_verdict(WORKITEM_TCPBL, "22 8080",
		       TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR,
		       "violating tcp ports: 22 8080");
	expect_verdict(WORKITEM_TCPBL, "",
		       TNC_IMV_EVALUATION_RESULT_COMPLIANT,
		       "no violating tcp ports");
	expect_verdict(WORKITEM_TCPBL, "23 81-8079",
		       TNC_IMV_EVALUATION_RESULT_COMPLIANT,
		       "no violating tcp ports");
}

static void test_eval_udpop(void **state)
{
	(void)state;
	/* the policy of the reference data (policy 9) */
	expect_verdict(WORKITEM_UDPOP, "500 4500 10000-65000",
		       TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR,
		       "violating udp ports: 68");
	expect_verdict(WORKITEM_UDPOP, "68 500",
		       TNC_IMV_EVALUATION_RESULT_COMPLIANT,
		       "no violating udp ports");
}

static void test_eval_udpbl(void **state)
{
	(void)state;
	/* a blocked entry is no open port */
	expect_verdict(WORKITEM_UDPBL, "4500",
		       TNC_IMV_EVALUATION_RESULT_COMPLIANT,
		       "no violating udp ports");
	/* attribute order, not argument order */
	expect_verdict(WORKITEM_UDPBL, "60-70 500",
		       TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR,
		       "violating udp ports: 500 68");
}

static void test_eval_errors(void **state)
{
	(void)state;
	expect_verdict(WORKITEM_TCPOP, "22 x",
		       TNC_IMV_EVALUATION_RESULT_ERROR,
		       "invalid port range 'x': not a number");
	expect_verdict(WORKITEM_UDPBL, "5-4",
		       TNC_IMV_EVALUATION_RESULT_ERROR,
		       "invalid port range '5-4': range start above its end");
	expect_verdict(WORKITEM_FWDEN, "",
		       TNC_IMV_EVALUATION_RESULT_ERROR,
		       "workitem type 3 is not a port policy");
}

static void test_eval_empty_filter(void **state)
{
	const struct ietf_port_filter none = { 0, NULL };
	struct scanner_verdict v;

	(void)state;
	scanner_evaluate(WORKITEM_TCPOP, "", &none, &v);
	assert_string_equal(v.result, "no violating tcp ports");
	assert_int_equal(v.eval, TNC_IMV_EVALUATION_RESULT_COMPLIANT);
}

static void test_eval_long_result_cut(void **state)
{
	struct ietf_port_entry entries[200];
	struct ietf_port_filter pf = { 200, entries };
	struct scanner_verdict v;
	size_t i, len;

	(void)state;
	for (i = 0; i < 200; i++)
		entries[i] = (struct ietf_port_entry){ false, TCP,
						       (uint16_t)(10000 + i) };
	scanner_evaluate(WORKITEM_TCPOP, "", &pf, &v);
	assert_int_equal(v.eval, TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR);
	len = strlen(v.result);
	assert_true(len < SCANNER_RESULT_MAX);
	/* whole ports only: 20 characters, then 6 per port */
	assert_int_equal((len - 20) % 6, 0);
	assert_int_equal(strncmp(v.result, "violating tcp ports: 10000 10001",
				 32), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range_single_ports),
		cmocka_unit_test(test_range_ranges_and_whitespace),
		cmocka_unit_test(test_range_empty),
		cmocka_unit_test(test_range_bad_input),
		cmocka_unit_test(test_range_long_token_cut),
		cmocka_unit_test(test_range_contains),
		cmocka_unit_test_setup_teardown(test_reader_tables,
						make_tables, remove_tables),
		cmocka_unit_test_setup_teardown(
			test_reader_tables_with_loopback, make_tables,
			remove_tables),
		cmocka_unit_test(test_reader_missing_dir),
		cmocka_unit_test(test_parse_line_bounds),
		cmocka_unit_test(test_eval_tcpop),
		cmocka_unit_test(test_eval_tcpbl),
		cmocka_unit_test(test_eval_udpop),
		cmocka_unit_test(test_eval_udpbl),
		cmocka_unit_test(test_eval_errors),
		cmocka_unit_test(test_eval_empty_filter),
		cmocka_unit_test(test_eval_long_result_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
