/*
 * log.c - tagged, levelled log lines (see log.h). A whole line is written
 * with one call so that lines of concurrent connections never interleave.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "log.h"

#include <stdarg.h>
#include <string.h>
#include <strings.h>

static const char *const subsys_tags[LOG_SUBSYS_COUNT] = {
	[LOG_TNC] = "TNC", [LOG_IMV] = "IMV", [LOG_IMC] = "IMC",
	[LOG_PTS] = "PTS", [LOG_TLS] = "TLS", [LOG_CFG] = "CFG",
};

/* Process-wide settings, set once at start-up before threads exist. */
static int levels[LOG_SUBSYS_COUNT] = { 1, 1, 1, 1, 1, 1 };
static FILE *out;

void log_set_level(int subsys, int level)
{
	int i;

	for (i = 0; i < LOG_SUBSYS_COUNT; i++)
		if (subsys < 0 || subsys == i)
			levels[i] = level;
}

int log_get_level(enum log_subsys subsys)
{
	return levels[subsys];
}

void log_set_stream(FILE *stream)
{
	out = stream;
}

int log_subsys_by_name(const char *name)
{
	int i;

	for (i = 0; i < LOG_SUBSYS_COUNT; i++)
		if (strcasecmp(name, subsys_tags[i]) == 0)
			return i;
	return -1;
}

/*
 * Copies text into out (size bytes, NUL-terminated) as one printable line:
 * a newline becomes "\\n" and any other control character '?'. Lines
 * carry strings a peer chose (reason strings, identities); one of them
 * must not be able to forge a log line of its own.
 */
static void one_line(const char *text, char *out, size_t size)
{
	size_t o = 0;

	for (; *text && o + 2 < size; text++) {
		unsigned char ch = (unsigned char)*text;

		if (ch == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else {
			out[o++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
		}
	}
	out[o] = '\0';
}

void log_line(enum log_subsys subsys, int level, const char *fmt, ...)
{
	char text[1024], line[1100];
	int n;
	va_list ap;

	if (level > levels[subsys])
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	n = snprintf(line, sizeof(line), "[%s] ", subsys_tags[subsys]);
	one_line(text, line + n, sizeof(line) - n - 1);
	n = strlen(line);
	line[n] = '\n';
	fwrite(line, 1, n + 1, out ? out : stderr);
	fflush(out ? out : stderr);
}
