/*
 * log_capture.h - the log lines written while a unit test runs, for tests
 * that check what an operator would read. Use capture_start/capture_stop
 * as cmocka setup/teardown; *state is then the struct capture.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TEST_LOG_CAPTURE_H
#define TEST_LOG_CAPTURE_H

#include <stddef.h>
#include <stdio.h>

struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

int capture_start(void **state);
int capture_stop(void **state);
/* Forgets what was logged so far. */
void capture_reset(struct capture *c);
/* Everything logged since the start or the last reset. */
const char *logged(struct capture *c);
unsigned count_lines(const char *s);

#endif /* TEST_LOG_CAPTURE_H */
