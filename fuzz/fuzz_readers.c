/*
 * fuzz_readers.c - libFuzzer target for the text readers of the OS and
 * Scanner plugins: the dpkg status database, os-release style files, one
 * line of a kernel socket table, and a port policy's argument. The first
 * input byte picks the reader; the rest is its input.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpkg_status.h"
#include "listening_ports.h"
#include "os_info.h"
#include "port_range.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void dpkg(const char *text, size_t len)
{
	struct dpkg_list l;
	FILE *f = fmemopen((void *)text, len, "r");

	if (!f)
		return;
	dpkg_status_parse(f, &l);
	for (size_t i = 0; i < l.count; i++)
		if (!l.pkgs[i].name[0] || !l.pkgs[i].version[0])
			abort();
	dpkg_list_free(&l);
	fclose(f);
}

static void os_release(const char *text, uint8_t kind)
{
	char name[64], release[64];

	os_info_parse((enum os_source)(kind % 3), text, name, sizeof(name),
		      release, sizeof(release));
}

static void socket_line(const char *text, uint8_t kind)
{
	uint16_t port;
	bool local;

	listening_ports_parse_line(text, kind & 1 ? 6 : 4, 0x0A, &port,
				   &local);
}

static void policy_argument(const char *text)
{
	struct port_range_list l;
	char err[128];

	port_range_parse(text, &l, err, sizeof(err));
	port_range_contains(&l, 22);
	port_range_list_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size < 1)
		return 0;
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] & 3) {
	case 0:
		dpkg(text, size - 1);
		break;
	case 1:
		os_release(text, data[0] >> 2);
		break;
	case 2:
		socket_line(text, data[0] >> 2);
		break;
	case 3:
		policy_argument(text);
		break;
	}
	free(text);
	return 0;
}
