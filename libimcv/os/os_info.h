/*
 * os_info.h - what the OS IMC reports about the operating system
 * (imv-os-scanner.md 3.1 to 3.3): its name and version from the
 * os-release family of files, the boot time, IPv4 forwarding, the
 * factory default password setting and the device ID.
 *
 * Every reader takes root, a prefix put before each absolute path it
 * opens ("" or NULL for the real machine), so that tests can hand it a
 * tree of their own; the IMC takes it from TNC_IMC_OS_ROOT. Readers do
 * not log: they say what they found and the IMC decides what to tell.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_OS_INFO_H
#define IMCV_OS_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The files 3.1 reads, the first that exists wins; at most this much. */
#define OS_INFO_MAX_FILE 511

enum os_type {
	OS_TYPE_UNKNOWN,
	OS_TYPE_DEBIAN,
	OS_TYPE_UBUNTU,
	OS_TYPE_RASPBIAN,
	OS_TYPE_FEDORA,
	OS_TYPE_REDHAT,
	OS_TYPE_CENTOS,
	OS_TYPE_SUSE,
	OS_TYPE_GENTOO,
	OS_TYPE_ANDROID,
	OS_TYPE_WINDOWS,
};

/* Where a name and version were found, i.e. how the file is read. */
enum os_source {
	OS_SOURCE_OS_RELEASE,
	OS_SOURCE_LSB_RELEASE,
	OS_SOURCE_DEBIAN_VERSION,
};

struct os_info {
	char name[64];		/* "Debian" */
	char version[128];	/* "12 x86_64": release, space, machine */
	enum os_type type;
	uint32_t vendor;	/* Product Information vendor PEN */
	uint32_t major;		/* Numeric Version */
	uint32_t minor;
};

/*
 * Fills name and the bare release (without machine) from the text of a
 * file of kind src. false when the file names no OS (no ID= line, say);
 * an absent VERSION_ID leaves the release empty.
 */
bool os_info_parse(enum os_source src, const char *text, char *name,
		   size_t name_len, char *release, size_t release_len);

/*
 * Completes info from name, release and machine (uname's, "armv7l" is
 * "armhf" on Raspbian): version, type, vendor and numeric version.
 */
void os_info_set(struct os_info *info, const char *name, const char *release,
		 const char *machine);

/*
 * The whole of 3.1 under root: name and release from the first of the
 * files that exists, machine from uname. false when none names an OS.
 */
bool os_info_read(const char *root, struct os_info *info);

/*
 * The OS as configured (name and version both given, version as the
 * Product Information's string, e.g. "12 x86_64"), or else as read by
 * os_info_read under root. The OS and SWIMA IMCs and the collector take
 * name and version from TNC_IMC_OS_NAME and TNC_IMC_OS_VERSION, so that
 * an operator (or a test) can state the product the server should see.
 */
bool os_info_get(const char *root, const char *name, const char *version,
		 struct os_info *info);

/* The OS type whose name starts name (compared over the shorter). */
enum os_type os_type_of(const char *name);

/*
 * Boot time from the btime line of <root>/proc/stat; false when it is
 * missing or unreadable.
 */
bool os_boot_time(const char *root, time_t *out);

/*
 * t as the 20 characters of Operational Status "last use"
 * (YYYY-MM-DDTHH:MM:SSZ, UTC) and a NUL; the all-zero form when t is 0.
 */
void os_rfc3339(time_t t, char out[21]);

/* IETF Forwarding Enabled: 0, 1, or 2 (unknown) from ip_forward. */
uint32_t os_fwd_enabled(const char *root);

/*
 * Factory Default Password Enabled from the setting value (the IMC's
 * TNC_IMC_OS_DEFAULT_PASSWORD): yes/true/1/on, anything else no.
 */
bool os_default_pwd(const char *setting);

/*
 * The device ID by the precedence of 3.3: a configured id (may be NULL),
 * then <root>/etc/machine-id, then <root>/var/lib/dbus/machine-id, one
 * trailing newline removed. Key-based ids are not supported. false when
 * none gives a non-empty id.
 */
bool os_device_id(const char *root, const char *configured, char *out,
		  size_t len);

/*
 * Reads <root><path> into buf (at most len - 1 bytes, NUL-terminated).
 * Returns the byte count, or -1 when it cannot be opened or read.
 */
long os_read_file(const char *root, const char *path, char *buf,
		  size_t len);

#endif /* IMCV_OS_INFO_H */
