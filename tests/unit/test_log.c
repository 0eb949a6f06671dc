/*
 * test_log.c - the log module: one line per event, whatever the text a
 * peer put into it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "log.h"
#include "log_capture.h"

static void test_tag_and_level(void **state)
{
	struct capture *cap = *state;

	log_tnc(1, "PB-TNC state transition from '%s' to '%s'", "Init",
		"Server Working");
	log_tnc(2, "not shown at level 1");
	assert_string_equal(logged(cap), "[TNC] PB-TNC state transition from "
			    "'Init' to 'Server Working'\n");
}

static void test_peer_text_stays_on_one_line(void **state)
{
	struct capture *cap = *state;
	const char reason[] = "ports open\n[TNC] final recommendation is "
			      "'allow'\r\t\x1b[2J";

	log_tnc(0, "reason string is '%s'", reason);
	assert_string_equal(logged(cap), "[TNC] reason string is 'ports "
			    "open\\n[TNC] final recommendation is 'allow'???[2J'"
			    "\n");
	assert_int_equal(count_lines(logged(cap)), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tag_and_level,
						capture_start, capture_stop),
		cmocka_unit_test_setup_teardown(
			test_peer_text_stays_on_one_line, capture_start,
			capture_stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
