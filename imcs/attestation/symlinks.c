/*
 * symlinks.c - symbolic links to directories for ITA Symlinks (see
 * symlinks.h; attestation spec 7.1).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symlinks.h"

void symlinks_free(struct symlink_list *l)
{
	size_t i;

	for (i = 0; i < l->count; i++) {
		free(l->links[i].path);
		free(l->links[i].target);
	}
	free(l->links);
	l->links = NULL;
	l->count = 0;
}

static int not_dots(const struct dirent *d)
{
	return strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0;
}

/*
 * The pair of one entry if it links to a directory: a relative target
 * is taken from dir ("usr/bin" in "/" is "/usr/bin"). 1 when added, 0
 * when the entry is no such link, -1 when out of memory.
 */
static int add_link(struct symlink_list *l, const char *root,
		    const char *dir, const char *name)
{
	const char *sep = dir[strlen(dir) - 1] == '/' ? "" : "/";
	char link[PATH_MAX], dest[PATH_MAX], target[PATH_MAX], full[PATH_MAX];
	struct symlink_pair *p;
	struct stat st;
	ssize_t n;

	if (snprintf(link, sizeof(link), "%s%s%s", dir, sep, name) >=
	    (int)sizeof(link) ||
	    snprintf(full, sizeof(full), "%s%s", root, link) >=
	    (int)sizeof(full))
		return 0;
	if (lstat(full, &st) != 0 || !S_ISLNK(st.st_mode))
		return 0;
	n = readlink(full, dest, sizeof(dest) - 1);
	if (n <= 0)
		return 0;
	dest[n] = '\0';
	if ((dest[0] == '/' ?
	     snprintf(target, sizeof(target), "%s", dest) :
	     snprintf(target, sizeof(target), "%s%s%s", dir, sep, dest)) >=
	    (int)sizeof(target))
		return 0;
	/* the target must be a directory below the same root */
	if (snprintf(full, sizeof(full), "%s%s", root, target) >=
	    (int)sizeof(full) || stat(full, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0;
	p = realloc(l->links, (l->count + 1) * sizeof(*p));
	if (!p)
		return -1;
	l->links = p;
	p[l->count].path = strdup(link);
	p[l->count].target = strdup(target);
	if (!p[l->count].path || !p[l->count].target) {
		free(p[l->count].path);
		free(p[l->count].target);
		return -1;
	}
	l->count++;
	return 1;
}

int symlinks_read(const char *root, const char *dir,
		  struct symlink_list *out)
{
	char full[PATH_MAX];
	struct dirent **list;
	int n, i, rc = 0;

	memset(out, 0, sizeof(*out));
	if (dir[0] != '/' ||
	    snprintf(full, sizeof(full), "%s%s", root, dir) >=
	    (int)sizeof(full))
		return -1;
	n = scandir(full, &list, not_dots, alphasort);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (rc == 0 && out->count < SYMLINKS_MAX &&
		    add_link(out, root, dir, list[i]->d_name) < 0)
			rc = -1;
		free(list[i]);
	}
	free(list);
	if (rc < 0)
		symlinks_free(out);
	return rc;
}
