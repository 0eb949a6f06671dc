/*
 * file_meas.c - File Measurement and Unix-Style File Metadata of the IMC
 * (see file_meas.h; attestation spec 3, 9).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "file_meas.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))
#define READ_CHUNK 65536

/* The files a request names: full paths and reported names. */
struct file_set {
	size_t count;
	char **paths;		/* owned, root prefix included */
	const char **names;	/* into paths: relative or base name */
	struct stat *st;
};

static void file_set_free(struct file_set *s)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		free(s->paths[i]);
	free(s->paths);
	free(s->names);
	free(s->st);
	memset(s, 0, sizeof(*s));
}

static const struct {
	unsigned mask;
	enum tcg_pts_file_type type;
} file_types[] = {
	{ S_IFIFO, TCG_PTS_FILE_FIFO },
	{ S_IFCHR, TCG_PTS_FILE_CHAR_DEV },
	{ S_IFDIR, TCG_PTS_FILE_DIRECTORY },
	{ S_IFBLK, TCG_PTS_FILE_BLOCK_DEV },
	{ S_IFREG, TCG_PTS_FILE_REGULAR },
	{ S_IFLNK, TCG_PTS_FILE_SYMLINK },
	{ S_IFSOCK, TCG_PTS_FILE_SOCKET },
};

enum tcg_pts_file_type file_meas_type(unsigned mode)
{
	size_t i;

	for (i = 0; i < COUNT(file_types); i++)
		if ((mode & S_IFMT) == file_types[i].mask)
			return file_types[i].type;
	return TCG_PTS_FILE_OTHER;
}

/* Adds path (taken over) with its stat to the set. */
static bool file_set_add(struct file_set *s, char *path, size_t name_off,
			 const struct stat *st)
{
	size_t n = s->count + 1;
	char **paths = realloc(s->paths, n * sizeof(*paths));
	const char **names;
	struct stat *sts;

	if (paths)
		s->paths = paths;
	names = paths ? realloc(s->names, n * sizeof(*names)) : NULL;
	if (names)
		s->names = names;
	sts = names ? realloc(s->st, n * sizeof(*sts)) : NULL;
	if (!sts) {
		free(path);
		return false;
	}
	s->st = sts;
	s->paths[s->count] = path;
	s->names[s->count] = path + name_off;
	s->st[s->count] = *st;
	s->count++;
	return true;
}

static int not_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Regular files directly in dir, by name, as spec 9 reports them. */
static int list_dir(const char *dir, struct file_set *s)
{
	struct dirent **list;
	struct stat st;
	size_t dlen = strlen(dir);
	int n, i, rc = 0;
	char *path;

	n = scandir(dir, &list, not_hidden, alphasort);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (rc == 0 && s->count < FILE_MEAS_MAX_FILES) {
			path = malloc(dlen + 1 + strlen(list[i]->d_name) + 1);
			if (!path) {
				rc = -1;
			} else {
				sprintf(path, "%s%s%s", dir,
					dlen && dir[dlen - 1] == '/' ? "" :
					"/", list[i]->d_name);
				if (stat(path, &st) == 0 &&
				    S_ISREG(st.st_mode)) {
					if (!file_set_add(s, path,
						strlen(path) -
						strlen(list[i]->d_name), &st))
						rc = -1;
				} else {
					free(path);
				}
			}
		}
		free(list[i]);
	}
	free(list);
	return rc;
}

/*
 * The request's files, or the PTS error of spec 9: delimiter 0x2F or
 * 0x5C only, the path a non-empty string that exists.
 */
static int collect(const char *root, struct pa_bytes path, uint32_t delim,
		   bool dir, struct file_set *s)
{
	char full[PATH_MAX];
	struct stat st;
	const char *base;
	char *copy;
	int n;

	memset(s, 0, sizeof(*s));
	if (!tcg_pts_delimiter_valid(delim))
		return TCG_PTS_INVALID_DELIMITER;
	if (path.len == 0 || memchr(path.ptr, '\0', path.len))
		return TCG_PTS_INVALID_PATH;
	n = snprintf(full, sizeof(full), "%s%.*s", root, (int)path.len,
		     (const char *)path.ptr);
	if (n < 0 || (size_t)n >= sizeof(full))
		return TCG_PTS_INVALID_PATH;
	if (stat(full, &st) != 0)
		return errno == ENOENT || errno == ENOTDIR ?
		       TCG_PTS_FILE_NOT_FOUND : TCG_PTS_INVALID_PATH;
	if (dir) {
		if (!S_ISDIR(st.st_mode))
			return TCG_PTS_INVALID_PATH;
		if (list_dir(full, s) < 0) {
			file_set_free(s);
			return -1;
		}
		return 0;
	}
	/* a device or FIFO could be read forever: regular files only */
	if (!S_ISREG(st.st_mode))
		return TCG_PTS_INVALID_PATH;
	copy = strdup(full);
	if (!copy)
		return -1;
	base = strrchr(copy, '/');
	if (!file_set_add(s, copy, base ? (size_t)(base + 1 - copy) : 0, &st))
		return -1;
	return 0;
}

/* The digest of a whole file, streamed. */
static bool hash_file(const char *path, const EVP_MD *md, uint8_t *out)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t *buf = malloc(READ_CHUNK);
	FILE *f = fopen(path, "rb");
	bool ok = ctx && buf && f && EVP_DigestInit_ex(ctx, md, NULL);
	size_t n;

	while (ok && (n = fread(buf, 1, READ_CHUNK, f)) > 0)
		ok = EVP_DigestUpdate(ctx, buf, n);
	ok = ok && !ferror(f) && EVP_DigestFinal_ex(ctx, out, NULL);
	if (f)
		fclose(f);
	free(buf);
	EVP_MD_CTX_free(ctx);
	return ok;
}

static struct pa_bytes text(const char *s)
{
	return (struct pa_bytes){ (const uint8_t *)s, strlen(s) };
}

int file_meas_build(const char *root, const struct tcg_req_file_meas *req,
		    enum pts_meas_algo algo, struct writer *w, size_t *count)
{
	const struct pts_meas_algo_info *info = pts_meas_algo_find(algo);
	struct tcg_pts_attr a = { .flags = PA_ATTR_FLAG_NOSKIP,
				  .type = TCG_PTS_FILE_MEAS };
	struct tcg_file_meas *fm = &a.v.file_meas;
	const EVP_MD *md = info ? EVP_get_digestbyname(info->ossl_name) : NULL;
	struct file_set s;
	uint8_t *digests = NULL;
	size_t i;
	int rc;

	*count = 0;
	if (!md)
		return -1;
	rc = collect(root, req->path, req->delimiter,
		     req->flags & TCG_PTS_FILE_FLAG_DIRECTORY, &s);
	if (rc != 0)
		return rc;
	fm->request_id = req->request_id;
	fm->meas_len = s.count ? (uint16_t)info->size : 0;
	fm->files = calloc(s.count ? s.count : 1, sizeof(*fm->files));
	digests = calloc(s.count ? s.count : 1, info->size);
	rc = fm->files && digests ? 0 : -1;
	for (i = 0; rc == 0 && i < s.count; i++) {
		if (!hash_file(s.paths[i], md, digests + i * info->size)) {
			rc = -1;
			break;
		}
		fm->files[i].meas = (struct pa_bytes){
			digests + i * info->size, info->size };
		fm->files[i].name = text(s.names[i]);
	}
	fm->count = s.count;
	if (rc == 0 && tcg_pts_attr_encode(&a, w) < 0)
		rc = -1;
	*count = s.count;
	free(fm->files);
	free(digests);
	file_set_free(&s);
	return rc;
}

int file_meta_build(const char *root, const struct tcg_req_file_meta *req,
		    struct writer *w, size_t *count)
{
	struct tcg_pts_attr a = { .type = TCG_PTS_UNIX_FILE_META };
	struct tcg_unix_file_meta *fm = &a.v.unix_file_meta;
	struct file_set s;
	size_t i;
	int rc;

	*count = 0;
	rc = collect(root, req->path, req->delimiter,
		     req->flags & TCG_PTS_FILE_FLAG_DIRECTORY, &s);
	if (rc != 0)
		return rc;
	fm->files = calloc(s.count ? s.count : 1, sizeof(*fm->files));
	if (!fm->files) {
		file_set_free(&s);
		return -1;
	}
	for (i = 0; i < s.count; i++)
		fm->files[i] = (struct tcg_unix_file){
			.type = (uint8_t)file_meas_type(s.st[i].st_mode),
			.size = (uint64_t)s.st[i].st_size,
			.created = (uint64_t)s.st[i].st_ctime,
			.modified = (uint64_t)s.st[i].st_mtime,
			.accessed = (uint64_t)s.st[i].st_atime,
			.owner = s.st[i].st_uid,
			.group = s.st[i].st_gid,
			.name = text(s.names[i]),
		};
	fm->count = s.count;
	rc = tcg_pts_attr_encode(&a, w) < 0 ? -1 : 0;
	*count = s.count;
	free(fm->files);
	file_set_free(&s);
	return rc;
}
