/*
 * listening_ports.c - reads the kernel socket tables under /proc/net into
 * the Port Filter the Scanner IMC reports (imv-os-scanner.md section 5).
 *
 * Each table has one header line, then one line per socket:
 *
 *   sl: local_address rem_address st tx_queue:rx_queue ...
 *    0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 ...
 *
 * Addresses are 8 (IPv4) or 32 (IPv6) hex digits, each 32-bit word
 * printed as the kernel holds it in memory (network byte order read as a
 * host integer), the port 4 hex digits in host order, the state 2 hex
 * digits (TCP_LISTEN 0A; an unconnected UDP socket is TCP_CLOSE 07).
 * Only the fields up to the state are read; every one is bounds-checked.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "listening_ports.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATE_TCP_LISTEN 0x0A
#define STATE_UDP_UNCONNECTED 0x07

/* The tables to read and what a wanted socket looks like in each. */
static const struct table {
	const char *name;
	int family;
	uint8_t protocol;
	unsigned state;
} tables[] = {
	{ "tcp", 4, LISTENING_PORTS_PROTO_TCP, STATE_TCP_LISTEN },
	{ "tcp6", 6, LISTENING_PORTS_PROTO_TCP, STATE_TCP_LISTEN },
	{ "udp", 4, LISTENING_PORTS_PROTO_UDP, STATE_UDP_UNCONNECTED },
	{ "udp6", 6, LISTENING_PORTS_PROTO_UDP, STATE_UDP_UNCONNECTED },
};

#define COUNT(x) (sizeof(x) / sizeof((x)[0]))

/* -------------------------------------------------------- line parser */

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Exactly n (<= 8) hex digits; NULL when the text has fewer. */
static const char *read_hex(const char *p, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	size_t i;
	int d;

	for (i = 0; i < n; i++) {
		d = hex_digit(p[i]);
		if (d < 0)
			return NULL;
		v = (v << 4) | (uint32_t)d;
	}
	*out = v;
	return p + n;
}

/* "ADDR:PORT" with words 32-bit words of address; NULL when malformed. */
static const char *read_endpoint(const char *p, size_t words,
				 uint32_t addr[4], uint32_t *port)
{
	size_t i;

	for (i = 0; i < words; i++) {
		p = read_hex(p, 8, &addr[i]);
		if (!p)
			return NULL;
	}
	if (*p != ':')
		return NULL;
	p = read_hex(p + 1, 4, port);
	if (!p || (*p != ' ' && *p != '\t'))
		return NULL;
	return p;
}

/* The addresses the reference's netstat filter drops (section 5). */
static bool is_loopback(int family, const uint32_t addr[4])
{
	uint32_t v4;

	if (family == 4) {
		v4 = ntohl(addr[0]);
		return v4 == 0x7f000001 || v4 == 0x7f000101;
	}
	return addr[0] == 0 && addr[1] == 0 && addr[2] == 0 &&
	       ntohl(addr[3]) == 1;
}

int listening_ports_parse_line(const char *line, int family,
			       unsigned want_state, uint16_t *port,
			       bool *loopback)
{
	size_t words = family == 6 ? 4 : 1;
	uint32_t local[4], remote[4], lport, rport, state;
	const char *p = skip_blanks(line);

	/* slot number "N:" */
	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p++ != ':')
		return -1;
	p = read_endpoint(skip_blanks(p), words, local, &lport);
	if (!p)
		return -1;
	p = read_endpoint(skip_blanks(p), words, remote, &rport);
	if (!p)
		return -1;
	p = read_hex(skip_blanks(p), 2, &state);
	if (!p || (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\0'))
		return -1;
	if (state != want_state)
		return 0;
	*port = (uint16_t)lport;
	*loopback = is_loopback(family, local);
	return 1;
}

/* ------------------------------------------------------------- tables */

struct port_list {
	struct ietf_port_entry *ports;
	size_t count, cap;
};

static bool list_add(struct port_list *l, uint8_t protocol, uint16_t port)
{
	struct ietf_port_entry *grown;
	size_t cap;

	if (l->count == l->cap) {
		cap = l->cap ? 2 * l->cap : 32;
		grown = realloc(l->ports, cap * sizeof(*grown));
		if (!grown)
			return false;
		l->ports = grown;
		l->cap = cap;
	}
	l->ports[l->count++] = (struct ietf_port_entry){
		.blocked = false, .protocol = protocol, .port = port };
	return true;
}

/* Returns false when out of memory; a missing table is not an error. */
static bool read_table(const char *dir, const struct table *t,
		       bool loopback, struct port_list *l, bool *found,
		       listening_ports_skip_fn skip, void *ctx)
{
	char path[4096];
	char *line = NULL;
	size_t size = 0;
	unsigned lineno = 0;
	bool ok = true, local;
	uint16_t port;
	FILE *f;
	int rc;

	*found = false;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, t->name) >=
	    sizeof(path))
		return true;
	f = fopen(path, "re");
	if (!f)
		return true;
	*found = true;
	while (getline(&line, &size, f) >= 0) {
		if (++lineno == 1)
			continue;	/* the column header */
		rc = listening_ports_parse_line(line, t->family, t->state,
						&port, &local);
		if (rc < 0 && skip)
			skip(ctx, t->name, lineno);
		if (rc > 0 && local && !loopback)
			continue;
		if (rc > 0 && !list_add(l, t->protocol, port)) {
			ok = false;
			break;
		}
	}
	free(line);
	fclose(f);
	return ok;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct ietf_port_entry *x = a, *y = b;

	if (x->protocol != y->protocol)
		return x->protocol < y->protocol ? -1 : 1;
	return (x->port > y->port) - (x->port < y->port);
}

int listening_ports_read(const char *dir, bool loopback,
			 struct ietf_port_filter *out,
			 listening_ports_skip_fn skip, void *ctx)
{
	struct port_list l = { 0 };
	size_t i, n = 0;
	int read = 0;
	bool found;

	out->count = 0;
	out->ports = NULL;
	for (i = 0; i < COUNT(tables); i++) {
		if (!read_table(dir, &tables[i], loopback, &l, &found, skip,
				ctx)) {
			free(l.ports);
			return -1;
		}
		read += found;
	}
	/* the same port appears once per socket and per address family */
	if (l.count)
		qsort(l.ports, l.count, sizeof(*l.ports), entry_cmp);
	for (i = 0; i < l.count; i++)
		if (n == 0 || entry_cmp(&l.ports[n - 1], &l.ports[i]) != 0)
			l.ports[n++] = l.ports[i];
	out->ports = l.ports;
	out->count = n;
	return read;
}
