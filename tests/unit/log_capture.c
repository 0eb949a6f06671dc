/*
 * log_capture.c - see log_capture.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "log.h"
#include "log_capture.h"

int capture_start(void **state)
{
	struct capture *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	c->f = open_memstream(&c->buf, &c->len);
	if (!c->f) {
		free(c);
		return -1;
	}
	log_set_level(-1, 1);
	log_set_stream(c->f);
	*state = c;
	return 0;
}

int capture_stop(void **state)
{
	struct capture *c = *state;

	log_set_stream(NULL);
	fclose(c->f);
	free(c->buf);
	free(c);
	return 0;
}

void capture_reset(struct capture *c)
{
	fclose(c->f);
	free(c->buf);
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
	log_set_stream(c->f);
}

const char *logged(struct capture *c)
{
	fflush(c->f);
	return c->buf ? c->buf : "";
}

unsigned count_lines(const char *s)
{
	unsigned n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}
