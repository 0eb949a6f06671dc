/*
 * vectors.c - loading the shared .hex test vectors (see vectors.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vectors.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Vector files are small: the largest batch is about 130 KB. */
#define VEC_MAX_FILE (16 * 1024 * 1024)

const char *vec_dir(void)
{
	const char *d = getenv("VECTORS_DIR");

	return d && *d ? d : "../shared/vectors";
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

uint8_t *vec_load(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *out = NULL;
	size_t n = 0;
	int c, hi = -1, v;
	struct stat st;

	*len = 0;
	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) < 0 || st.st_size > VEC_MAX_FILE)
		goto fail;
	out = malloc(st.st_size / 2 + 1);
	if (!out)
		goto fail;
	while ((c = fgetc(f)) != EOF) {
		if (isspace(c))
			continue;
		v = hex_value(c);
		if (v < 0)
			goto fail;
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0)
		goto fail;
	fclose(f);
	*len = n;
	return out;
fail:
	free(out);
	fclose(f);
	return NULL;
}

uint8_t *vec_load_in(const char *scenario, const char *file, size_t *len)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s/%s", vec_dir(), scenario, file);
	return vec_load(path, len);
}

static int is_hex_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 8 && strcmp(d->d_name + n - 4, ".hex") == 0 &&
	       isdigit((unsigned char)d->d_name[0]);
}

static int is_scenario(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Visits the files of one folder; -1 on a malformed file. */
static int each_in(const char *scenario,
		   void (*fn)(const struct vec_file *f, void *arg), void *arg)
{
	struct dirent **names;
	char dir[4096], kind[256];
	struct vec_file vf;
	int i, n, visited = 0;
	uint8_t *data;
	size_t len, klen;

	snprintf(dir, sizeof(dir), "%s/%s", vec_dir(), scenario);
	n = scandir(dir, &names, is_hex_file, alphasort);
	if (n < 0)
		return 0;	/* README.md and other plain files */
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		data = vec_load_in(scenario, name, &len);
		klen = strlen(name);
		if (!data || klen < 13 || klen - 12 >= sizeof(kind)) {
			free(data);
			visited = -1;
			break;
		}
		memcpy(kind, name + 8, klen - 12);
		kind[klen - 12] = '\0';
		vf = (struct vec_file){
			.scenario = scenario, .name = name,
			.number = (unsigned)strtoul(name, NULL, 10),
			.c2s = strncmp(name + 4, "c2s", 3) == 0,
			.kind = kind, .data = data, .len = len,
		};
		fn(&vf, arg);
		free(data);
		visited++;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return visited;
}

int vec_each(void (*fn)(const struct vec_file *f, void *arg), void *arg)
{
	struct dirent **names;
	int i, n, total = 0, got;

	n = scandir(vec_dir(), &names, is_scenario, alphasort);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		got = total < 0 ? 0 : each_in(names[i]->d_name, fn, arg);
		total = got < 0 || total < 0 ? -1 : total + got;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return total;
}
