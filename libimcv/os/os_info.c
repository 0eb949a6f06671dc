/*
 * os_info.c - the OS IMC's readers of the local system (os_info.h): the
 * name and version of imv-os-scanner.md 3.1, and the facts of 3.2 and
 * 3.3 the IMC pushes at every handshake.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "os_info.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* OS types by name prefix, in the order 3.1 tries them, with their PEN. */
static const struct {
	const char *name;
	enum os_type type;
	uint32_t vendor;
} os_types[] = {
	{ "Debian", OS_TYPE_DEBIAN, 9586 },
	{ "Ubuntu", OS_TYPE_UBUNTU, 28978 },
	{ "Raspbian", OS_TYPE_RASPBIAN, 0 },
	{ "Fedora", OS_TYPE_FEDORA, 30401 },
	{ "Red Hat", OS_TYPE_REDHAT, 2312 },
	{ "CentOS", OS_TYPE_CENTOS, 0 },
	{ "SUSE", OS_TYPE_SUSE, 0 },
	{ "Gentoo", OS_TYPE_GENTOO, 0 },
	{ "Android", OS_TYPE_ANDROID, 11129 },
	{ "Windows", OS_TYPE_WINDOWS, 0 },
};

/* The files of 3.1, the first that exists is read. */
static const struct {
	const char *path;
	enum os_source src;
} os_files[] = {
	{ "/etc/os-release", OS_SOURCE_OS_RELEASE },
	{ "/usr/lib/os-release", OS_SOURCE_OS_RELEASE },
	{ "/etc/lsb-release", OS_SOURCE_LSB_RELEASE },
	{ "/etc/debian_version", OS_SOURCE_DEBIAN_VERSION },
};

/* Setting values that mean "yes". */
static const char *const yes_words[] = { "yes", "true", "1", "on" };

long os_read_file(const char *root, const char *path, char *buf, size_t len)
{
	char full[4096];
	size_t n;
	FILE *f;

	if (len == 0)
		return -1;
	snprintf(full, sizeof(full), "%s%s", root ? root : "", path);
	f = fopen(full, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, len - 1, f);
	if (ferror(f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	return (long)n;
}

/* The value of the line starting with key, up to its end; NULL if none. */
static const char *line_value(const char *text, const char *key,
			      size_t *len)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (strncmp(p, key, klen) == 0) {
			p += klen;
			*len = strcspn(p, "\n");
			return p;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/*
 * Copies a value, without the quotes around it: os-release(5) allows
 * them on any value, and VERSION_ID is quoted on Debian and Ubuntu but
 * not on Fedora, so both forms are taken.
 */
static void copy_value(char *out, size_t out_len, const char *v, size_t len)
{
	const char *end;

	if (len > 0 && (v[0] == '"' || v[0] == '\'')) {
		end = memchr(v + 1, v[0], len - 1);
		len = end ? (size_t)(end - v - 1) : len - 1;
		v++;
	}
	if (len >= out_len)
		len = out_len - 1;
	memcpy(out, v, len);
	out[len] = '\0';
}

bool os_info_parse(enum os_source src, const char *text, char *name,
		   size_t name_len, char *release, size_t release_len)
{
	const char *v;
	size_t len = 0;

	if (name_len == 0 || release_len == 0)
		return false;
	name[0] = release[0] = '\0';
	switch (src) {
	case OS_SOURCE_OS_RELEASE:
		v = line_value(text, "ID=", &len);
		if (!v)
			return false;
		copy_value(name, name_len, v, len);
		name[0] = (char)toupper((unsigned char)name[0]);
		v = line_value(text, "VERSION_ID=", &len);
		if (v)
			copy_value(release, release_len, v, len);
		break;
	case OS_SOURCE_LSB_RELEASE:
		v = line_value(text, "DISTRIB_ID=", &len);
		if (!v)
			return false;
		copy_value(name, name_len, v, len);
		v = line_value(text, "DISTRIB_RELEASE=", &len);
		if (v)
			copy_value(release, release_len, v, len);
		break;
	case OS_SOURCE_DEBIAN_VERSION:
		/* the major release only: "12.4" is "12" */
		snprintf(name, name_len, "Debian");
		copy_value(release, release_len, text, strcspn(text, ".\n"));
		break;
	}
	return name[0] != '\0';
}

enum os_type os_type_of(const char *name)
{
	size_t i, n, len = strlen(name);

	for (i = 0; i < COUNT(os_types); i++) {
		n = strlen(os_types[i].name);
		if (len > 0 && strncmp(name, os_types[i].name,
				       len < n ? len : n) == 0)
			return os_types[i].type;
	}
	return OS_TYPE_UNKNOWN;
}

static uint32_t vendor_of(enum os_type type)
{
	size_t i;

	for (i = 0; i < COUNT(os_types); i++)
		if (os_types[i].type == type)
			return os_types[i].vendor;
	return 0;
}

void os_info_set(struct os_info *info, const char *name, const char *release,
		 const char *machine)
{
	const char *dot;

	memset(info, 0, sizeof(*info));
	snprintf(info->name, sizeof(info->name), "%s", name);
	info->type = os_type_of(info->name);
	info->vendor = vendor_of(info->type);
	if (info->type == OS_TYPE_RASPBIAN && strcmp(machine, "armv7l") == 0)
		machine = "armhf";
	if (release[0])
		snprintf(info->version, sizeof(info->version), "%s %s",
			 release, machine);
	else
		snprintf(info->version, sizeof(info->version), "%s", machine);
	info->major = (uint32_t)strtoul(release, NULL, 10);
	dot = strchr(release, '.');
	if (dot)
		info->minor = (uint32_t)strtoul(dot + 1, NULL, 10);
}

bool os_info_read(const char *root, struct os_info *info)
{
	char text[OS_INFO_MAX_FILE + 1], name[64], release[64];
	struct utsname uts;
	size_t i;

	if (uname(&uts) != 0)
		snprintf(uts.machine, sizeof(uts.machine), "unknown");
	for (i = 0; i < COUNT(os_files); i++) {
		if (os_read_file(root, os_files[i].path, text,
				 sizeof(text)) < 0)
			continue;
		if (!os_info_parse(os_files[i].src, text, name, sizeof(name),
				   release, sizeof(release)))
			return false;
		os_info_set(info, name, release, uts.machine);
		return true;
	}
	return false;
}

bool os_boot_time(const char *root, time_t *out)
{
	char text[8192], *end;
	const char *v;
	long long t;
	size_t len;

	if (os_read_file(root, "/proc/stat", text, sizeof(text)) < 0)
		return false;
	v = line_value(text, "btime ", &len);
	if (!v)
		return false;
	t = strtoll(v, &end, 10);
	if (end == v || t <= 0)
		return false;
	*out = (time_t)t;
	return true;
}

void os_rfc3339(time_t t, char out[21])
{
	struct tm tm;

	if (t == 0 || !gmtime_r(&t, &tm) ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		snprintf(out, 21, "0000-00-00T00:00:00Z");
}

uint32_t os_fwd_enabled(const char *root)
{
	char text[8];

	if (os_read_file(root, "/proc/sys/net/ipv4/ip_forward", text,
			 sizeof(text)) < 1)
		return 2;
	return text[0] == '0' ? 0 : text[0] == '1' ? 1 : 2;
}

bool os_default_pwd(const char *setting)
{
	size_t i;

	for (i = 0; setting && i < COUNT(yes_words); i++)
		if (strcasecmp(setting, yes_words[i]) == 0)
			return true;
	return false;
}

bool os_device_id(const char *root, const char *configured, char *out,
		  size_t len)
{
	static const char *const files[] = {
		"/etc/machine-id",
		"/var/lib/dbus/machine-id",
	};
	long n;
	size_t i;

	if (len == 0)
		return false;
	if (configured && *configured) {
		snprintf(out, len, "%s", configured);
		return true;
	}
	for (i = 0; i < COUNT(files); i++) {
		n = os_read_file(root, files[i], out, len);
		if (n > 0 && out[n - 1] == '\n')
			out[--n] = '\0';
		if (n > 0 && strlen(out) == (size_t)n)
			return true;
	}
	return false;
}

bool os_info_get(const char *root, const char *name, const char *version,
		 struct os_info *info)
{
	if (!name || !*name || !version || !*version)
		return os_info_read(root, info);
	os_info_set(info, name, "", "");
	snprintf(info->version, sizeof(info->version), "%s", version);
	info->major = (uint32_t)strtoul(version, NULL, 10);
	if (strchr(version, '.'))
		info->minor = (uint32_t)strtoul(strchr(version, '.') + 1, NULL,
						10);
	return true;
}
