/*
 * dpkg_status.h - the installed packages of a Debian-type system, for the
 * OS IMC's IETF Installed Packages attribute (imv-os-scanner.md 3.2) and
 * the SWIMA IMC's software identifiers (swima.md section 4), read
 * from the dpkg status database (/var/lib/dpkg/status) rather than by
 * running dpkg-query, so that no process is started inside the TNC
 * client and tests can hand it a file of their own.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_DPKG_STATUS_H
#define IMCV_DPKG_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * A Package, Status or Version line longer than this makes its stanza
 * malformed (skipped); a longer line of any other field is ignored.
 */
#define DPKG_MAX_LINE 4096

struct dpkg_pkg {
	char *name;		/* owned */
	char *version;		/* owned */
};

struct dpkg_list {
	struct dpkg_pkg *pkgs;	/* owned */
	size_t count;
	size_t skipped;		/* malformed stanzas */
};

/*
 * Reads every stanza of f and keeps the packages whose Status is
 * "install ok installed" and that have a Package and a Version field.
 * Fills *out, which the caller frees with dpkg_list_free (also on
 * failure). false on a read error or when out of memory.
 */
bool dpkg_status_parse(FILE *f, struct dpkg_list *out);

/* The same for the file at path; false also when it cannot be opened. */
bool dpkg_status_read(const char *path, struct dpkg_list *out);

void dpkg_list_free(struct dpkg_list *l);

#endif /* IMCV_DPKG_STATUS_H */
