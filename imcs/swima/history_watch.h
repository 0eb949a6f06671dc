/*
 * history_watch.h - waiting for the package manager to write its history
 * log, which is when a SWIMA subscription has something new to report
 * (swima.md section 5.2).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMC_HISTORY_WATCH_H
#define IMC_HISTORY_WATCH_H

#include <stdbool.h>
#include <stdint.h>

enum history_wait {
	HISTORY_CHANGED,
	HISTORY_TIMEOUT,
	HISTORY_ERROR,		/* errno says why */
};

/*
 * What the log looked like (zero when absent), so that a write between
 * serving a subscription and starting to wait is not missed.
 */
struct history_stamp {
	uint64_t ino;
	uint64_t size;
	int64_t mtime_ns;
};

void history_stamp(const char *path, struct history_stamp *out);
bool history_stamp_equal(const struct history_stamp *a,
			 const struct history_stamp *b);

/*
 * Waits up to timeout_ms for path to be written and closed, or replaced
 * (apt appends; logrotate moves a new file in). The file need not exist
 * yet: its directory is watched.
 */
enum history_wait history_wait(const char *path, int timeout_ms);

#endif /* IMC_HISTORY_WATCH_H */
