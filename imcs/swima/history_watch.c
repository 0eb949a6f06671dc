/*
 * history_watch.c - waiting for a history log write with inotify
 * (history_watch.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "history_watch.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Whether the events in buf (len bytes) name base. */
static bool names(const char *buf, ssize_t len, const char *base)
{
	const struct inotify_event *e;
	ssize_t off = 0;

	while (off + (ssize_t)sizeof(*e) <= len) {
		e = (const struct inotify_event *)(buf + off);
		if (e->len && strcmp(e->name, base) == 0)
			return true;
		off += (ssize_t)sizeof(*e) + e->len;
	}
	return false;
}

void history_stamp(const char *path, struct history_stamp *out)
{
	struct stat sb;

	memset(out, 0, sizeof(*out));
	if (stat(path, &sb) != 0)
		return;
	out->ino = sb.st_ino;
	out->size = (uint64_t)sb.st_size;
	out->mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 +
			sb.st_mtim.tv_nsec;
}

bool history_stamp_equal(const struct history_stamp *a,
			 const struct history_stamp *b)
{
	return a->ino == b->ino && a->size == b->size &&
	       a->mtime_ns == b->mtime_ns;
}

enum history_wait history_wait(const char *path, int timeout_ms)
{
	char dir[PATH_MAX], buf[4096]
		__attribute__((aligned(__alignof__(struct inotify_event))));
	const char *slash = strrchr(path, '/'), *base;
	enum history_wait result = HISTORY_TIMEOUT;
	long deadline = now_ms() + timeout_ms;
	int fd, rc;

	if (!slash || (size_t)(slash - path) >= sizeof(dir)) {
		errno = EINVAL;
		return HISTORY_ERROR;
	}
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	if (!dir[0])
		strcpy(dir, "/");
	base = slash + 1;
	fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (fd < 0)
		return HISTORY_ERROR;
	if (inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
		close(fd);
		return HISTORY_ERROR;
	}
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0)
			break;
		rc = poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0) {
			result = HISTORY_ERROR;
			break;
		}
		if (rc == 0)
			break;
		n = read(fd, buf, sizeof(buf));
		if (n > 0 && names(buf, n, base)) {
			result = HISTORY_CHANGED;
			break;
		}
	}
	close(fd);
	return result;
}
