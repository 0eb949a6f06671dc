/*
 * listening_ports.h - the Scanner IMC's view of the endpoint's open
 * server ports, read from the kernel socket tables under /proc/net
 * (tcp, tcp6, udp, udp6) instead of running netstat
 * (imv-os-scanner.md section 5).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMC_SCANNER_LISTENING_PORTS_H
#define IMC_SCANNER_LISTENING_PORTS_H

#include <stddef.h>

#include "pa_attr.h"

#define LISTENING_PORTS_PROTO_TCP 6
#define LISTENING_PORTS_PROTO_UDP 17

/* Called once for every line that is not a socket table entry. */
typedef void (*listening_ports_skip_fn)(void *ctx, const char *file,
					unsigned line);

/*
 * Fills out (an IETF Port Filter value whose ports array the caller frees
 * with ietf_port_filter_free) with every listening TCP port and every
 * bound, unconnected UDP port found in the tables under dir, sorted by
 * protocol and port, each (protocol, port) once, all with blocked = 0.
 * Sockets bound to 127.0.0.1, 127.0.1.1 or ::1 are left out, as the
 * reference's netstat filter does, unless loopback is true (an endpoint
 * whose only services are local ones, a test on loopback). A table that cannot be opened is
 * skipped (IPv6 may be off); skip may be NULL.
 *
 * Returns the number of tables read, 0 when none could be (out is then
 * empty), or -1 when out of memory.
 */
int listening_ports_read(const char *dir, bool loopback,
			 struct ietf_port_filter *out,
			 listening_ports_skip_fn skip, void *ctx);

/*
 * Parses one entry line of a table (without the header line); family 4
 * or 6 gives the address length. Returns 1 and sets *port and *loopback
 * (bound to a loopback address) when the socket is in want_state, 0 when
 * it is another socket, -1 when the line is malformed.
 */
int listening_ports_parse_line(const char *line, int family,
			       unsigned want_state, uint16_t *port,
			       bool *loopback);

#endif /* IMC_SCANNER_LISTENING_PORTS_H */
