/*
 * port_range.h - the argument of the Scanner IMV's policies (TCPOP,
 * TCPBL, UDPOP, UDPBL; database.md section 2.1): ports and inclusive
 * ranges separated by white space, e.g. "22 80 8000-8100". An empty
 * argument is the empty list.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMV_SCANNER_PORT_RANGE_H
#define IMV_SCANNER_PORT_RANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct port_range {
	uint16_t first;
	uint16_t last;		/* inclusive, >= first */
};

struct port_range_list {
	size_t count;
	struct port_range *ranges;	/* owned */
};

enum port_range_status {
	PORT_RANGE_OK = 0,
	PORT_RANGE_INVALID = -1,	/* err names the token */
	PORT_RANGE_NOMEM = -2,
};

/*
 * Parses arg into out (freed by the caller with port_range_list_free,
 * also after an error). Unlike the reference, which reads junk as port
 * 0, a token that is not "N" or "N-M" with 0 <= N <= M <= 65535 is
 * rejected: err (of errlen bytes) then says which token and why.
 */
enum port_range_status port_range_parse(const char *arg,
					struct port_range_list *out,
					char *err, size_t errlen);

void port_range_list_free(struct port_range_list *l);

bool port_range_contains(const struct port_range_list *l, uint16_t port);

#endif /* IMV_SCANNER_PORT_RANGE_H */
