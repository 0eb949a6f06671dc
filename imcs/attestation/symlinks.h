/*
 * symlinks.h - the ITA Symlinks of a directory (attestation spec 7.1):
 * the entries of the directory that are symbolic links to directories,
 * as (absolute link path, absolute target), e.g. ("/bin", "/usr/bin"),
 * which let the IMV match IMA paths on a UsrMerge system. The directory
 * is read below a root prefix (tests); reported paths leave it out.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ATT_SYMLINKS_H
#define ATT_SYMLINKS_H

#include <stddef.h>

/* Links one attribute reports at most. */
#define SYMLINKS_MAX 1024

struct symlink_pair {
	char *path;	/* owned */
	char *target;	/* owned */
};

struct symlink_list {
	size_t count;
	struct symlink_pair *links;	/* owned, by link name */
};

/*
 * Reads dir (absolute, e.g. "/") below root into *out; caller frees with
 * symlinks_free. -1 when dir is not absolute, cannot be read or memory
 * ran out (nothing held then).
 */
int symlinks_read(const char *root, const char *dir,
		  struct symlink_list *out);
void symlinks_free(struct symlink_list *l);

#endif /* ATT_SYMLINKS_H */
