/*
 * apt_history.h - a streaming parser of apt's history log
 * (/var/log/apt/history.log and its rotations), the source of the
 * sw-collector's events (swima.md section 5.4).
 *
 * The log is a sequence of entries separated by empty lines:
 *
 *   Start-Date: 2026-11-22  06:40:02
 *   Commandline: apt-get install bash
 *   Install: bash:amd64 (5.2.15-2+b2), libfoo:amd64 (1.0, automatic)
 *   Upgrade: libc6:amd64 (2.36-9, 2.36-9+deb12u1)
 *   End-Date: 2026-11-22  06:40:05
 *
 * Each complete entry (one with an End-Date, or one that an empty line or
 * the next Start-Date ends) is handed to a callback as a list of changes:
 * Install gives creations, Remove and Purge deletions, Upgrade and
 * Downgrade (old, new) a deletion of old and a creation of new; Reinstall
 * changes nothing. The input is untrusted text: lines, package counts and
 * entry sizes are bounded, and a malformed entry is skipped and counted,
 * never half-delivered.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_APT_HISTORY_H
#define IMCV_APT_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/*
 * Longest line read. A dist-upgrade's Upgrade line names every package
 * of the system on one line (a few thousand, ~60 bytes each), so the
 * bound is well above 64 KiB; a longer line makes its entry malformed.
 */
#define APT_HISTORY_MAX_LINE (1024 * 1024)

/* Most changes one entry may carry; more make it malformed. */
#define APT_HISTORY_MAX_PKGS 65536

/* The SWIMA event actions (swima.md 2.3) a change maps to. */
enum apt_action {
	APT_CREATION = 1,
	APT_DELETION = 2,
};

struct apt_change {
	enum apt_action action;
	const char *name;	/* package name, never empty */
	const char *arch;	/* ":arch" qualifier, "" when absent */
	const char *version;	/* never empty */
};

/* One entry; everything is owned by the parser and valid during the
 * callback only. */
struct apt_entry {
	char timestamp[21];	/* Start-Date in UTC: YYYY-MM-DDTHH:MM:SSZ */
	time_t time;
	const struct apt_change *changes;
	size_t count;
	/* Deletions come before creations, in the order of the log. */
};

struct apt_stats {
	size_t entries;		/* delivered */
	size_t malformed;	/* skipped */
	size_t long_lines;	/* lines over APT_HISTORY_MAX_LINE */
	bool truncated;		/* the input ended inside an entry */
};

/* Returns false to stop parsing (apt_history_finish then says so). */
typedef bool (*apt_entry_cb)(void *ctx, const struct apt_entry *e);

enum apt_result {
	APT_OK = 0,
	APT_STOPPED,	/* the callback returned false */
	APT_NOMEM,
	APT_IO,		/* the file could not be opened or read */
};

struct apt_parser;

/* A parser that hands entries to cb; NULL when out of memory. */
struct apt_parser *apt_parser_new(apt_entry_cb cb, void *ctx);
void apt_parser_free(struct apt_parser *p);

/*
 * Feeds one line of len bytes without its '\n' (a trailing '\r' is
 * dropped). A line longer than APT_HISTORY_MAX_LINE makes its entry
 * malformed; a reader that does not keep such a line whole reports it
 * with apt_parser_long_line instead. Not APT_OK ends the parse.
 */
enum apt_result apt_parser_line(struct apt_parser *p, const char *line,
				size_t len);
/* An overlong line: its entry is malformed. */
void apt_parser_long_line(struct apt_parser *p);
/*
 * End of input: an entry still open without its End-Date is not
 * delivered (apt may still be writing it, even if its last line looks
 * malformed) and marks the stats truncated; lines after the last entry
 * without a Start-Date count as a malformed entry.
 */
void apt_parser_finish(struct apt_parser *p);
const struct apt_stats *apt_parser_stats(const struct apt_parser *p);

/* The whole log in memory (tests, fuzzing); stats may be NULL. */
enum apt_result apt_history_parse_buf(const char *buf, size_t len,
				      apt_entry_cb cb, void *ctx,
				      struct apt_stats *stats);

/*
 * The log at path, plain or gzip-compressed (apt_history_file.c, zlib);
 * stats may be NULL.
 */
enum apt_result apt_history_read(const char *path, apt_entry_cb cb,
				 void *ctx, struct apt_stats *stats);

#endif /* IMCV_APT_HISTORY_H */
