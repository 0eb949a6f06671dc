/*
 * imc_os.c - the OS IMC (imc-os.so, imv-os-scanner.md section 3): reports
 * the endpoint's operating system in PA subtype IETF Operating System.
 *
 * At every handshake it pushes Product Information, String Version,
 * Numeric Version, Operational Status, Forwarding Enabled, Factory
 * Default Password Enabled and the ITA Device ID (3.4); on request it
 * sends these and the Installed Packages, which may be large enough to
 * go in segments (the OS IMV asks for a contract first). An ITA Get
 * Settings is answered with the allowed files' contents.
 *
 * Settings, from the environment of the TNC client:
 *   TNC_IMC_OS_ROOT              prefix of every file read (tests)
 *   TNC_IMC_OS_NAME, _VERSION    both set: the OS name and version as is
 *   TNC_IMC_OS_DEVICE_ID         the device ID instead of the machine-id
 *   TNC_IMC_OS_DEFAULT_PASSWORD  yes: factory default password enabled
 *   TNC_IMC_OS_PUSH_INFO         no: send nothing unasked
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_imc.h"
#include "dpkg_status.h"
#include "os_info.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* Installed Packages: a 2-byte count, 1-byte name and version lengths. */
#define MAX_PACKAGES 0xffff
#define MAX_PKG_FIELD 0xff

/* Get Settings: where a setting may be read from, and how much (3.2). */
#define MAX_SETTING 2048
static const char *const setting_dirs[] = {
	"/etc/", "/proc/", "/sys/", "/var/",
};

/* OS types that keep their packages in a dpkg status database. */
static const enum os_type dpkg_types[] = {
	OS_TYPE_DEBIAN, OS_TYPE_UBUNTU,
};

static const char *root(void)
{
	const char *r = getenv("TNC_IMC_OS_ROOT");

	return r ? r : "";
}

static struct pa_bytes text(const char *s)
{
	return (struct pa_bytes){ (const uint8_t *)s, strlen(s) };
}

/* The OS by 3.1, or as configured; false (logged) when unknown. */
static bool get_info(struct agent_conn *c, struct os_info *info)
{
	if (os_info_get(root(), getenv("TNC_IMC_OS_NAME"),
			getenv("TNC_IMC_OS_VERSION"), info))
		return true;
	agent_log(c, 0, "operating system name and version not found");
	return false;
}

/* -------------------------------------------------------- attributes */

static bool add_product_info(struct agent_conn *c, void *state,
			     struct agent_msg *m)
{
	struct os_info info;
	struct pa_attr a = { .vendor = PEN_IETF,
			     .type = IETF_ATTR_PRODUCT_INFO };

	if (!get_info(c, &info))
		return false;
	a.v.product_info.vendor = info.vendor;
	a.v.product_info.name = text(info.name);
	return agent_msg_add(m, &a);
}

static bool add_string_version(struct agent_conn *c, void *state,
			       struct agent_msg *m)
{
	struct os_info info;
	struct pa_attr a = { .vendor = PEN_IETF,
			     .type = IETF_ATTR_STRING_VERSION };

	if (!get_info(c, &info))
		return false;
	a.v.string_version.version = text(info.version);
	return agent_msg_add(m, &a);
}

static bool add_numeric_version(struct agent_conn *c, void *state,
				struct agent_msg *m)
{
	struct os_info info;
	struct pa_attr a = { .vendor = PEN_IETF,
			     .type = IETF_ATTR_NUMERIC_VERSION };

	if (!get_info(c, &info))
		return false;
	a.v.numeric_version.major = info.major;
	a.v.numeric_version.minor = info.minor;
	return agent_msg_add(m, &a);
}

/* Operational, successful, last used at boot ("unknown" when unread). */
static bool add_op_status(struct agent_conn *c, void *state,
			  struct agent_msg *m)
{
	struct pa_attr a = {
		.vendor = PEN_IETF,
		.type = IETF_ATTR_OP_STATUS,
		.v.op_status = { .status = IETF_OP_STATUS_OPERATIONAL,
				 .result = IETF_OP_RESULT_SUCCESSFUL },
	};
	time_t boot = 0;

	os_boot_time(root(), &boot);
	os_rfc3339(boot, a.v.op_status.last_use);
	return agent_msg_add(m, &a);
}

static bool add_fwd_enabled(struct agent_conn *c, void *state,
			    struct agent_msg *m)
{
	struct pa_attr a = { .vendor = PEN_IETF,
			     .type = IETF_ATTR_FWD_ENABLED };

	a.v.fwd_enabled.status = os_fwd_enabled(root());
	return agent_msg_add(m, &a);
}

static bool add_default_pwd(struct agent_conn *c, void *state,
			    struct agent_msg *m)
{
	struct pa_attr a = { .vendor = PEN_IETF,
			     .type = IETF_ATTR_DEFAULT_PWD_ENABLED };

	a.v.default_pwd_enabled.enabled =
		os_default_pwd(getenv("TNC_IMC_OS_DEFAULT_PASSWORD"));
	return agent_msg_add(m, &a);
}

static bool add_device_id(struct agent_conn *c, void *state,
			  struct agent_msg *m)
{
	char id[256];
	struct pa_attr a = { .vendor = PEN_ITA, .type = ITA_ATTR_DEVICE_ID };

	if (!os_device_id(root(), getenv("TNC_IMC_OS_DEVICE_ID"), id,
			  sizeof(id))) {
		agent_log(c, 1, "no device ID found");
		return false;
	}
	a.v.device_id.id = text(id);
	return agent_msg_add(m, &a);
}

static bool is_dpkg_type(enum os_type type)
{
	size_t i;

	for (i = 0; i < COUNT(dpkg_types); i++)
		if (dpkg_types[i] == type)
			return true;
	return false;
}

/* Only packages whose fields fit the attribute's length bytes go out. */
static bool add_installed_packages(struct agent_conn *c, void *state,
				   struct agent_msg *m)
{
	struct pa_attr a = { .vendor = PEN_IETF,
			     .type = IETF_ATTR_INSTALLED_PACKAGES };
	struct ietf_installed_packages *ip = &a.v.installed_packages;
	struct dpkg_list l;
	struct os_info info;
	char path[4096];
	size_t i;
	bool ok;

	if (!get_info(c, &info) || !is_dpkg_type(info.type)) {
		agent_log(c, 1, "no package list on this operating system");
		return false;
	}
	snprintf(path, sizeof(path), "%s/var/lib/dpkg/status", root());
	if (!dpkg_status_read(path, &l)) {
		agent_log(c, 0, "dpkg status database not readable");
		dpkg_list_free(&l);
		return false;
	}
	ip->packages = calloc(l.count ? l.count : 1, sizeof(*ip->packages));
	if (!ip->packages) {
		dpkg_list_free(&l);
		return false;
	}
	for (i = 0; i < l.count && ip->count < MAX_PACKAGES; i++) {
		if (strlen(l.pkgs[i].name) > MAX_PKG_FIELD ||
		    strlen(l.pkgs[i].version) > MAX_PKG_FIELD) {
			agent_log(c, 1, "package '%.40s...' too long to report",
				  l.pkgs[i].name);
			continue;
		}
		ip->packages[ip->count++] = (struct ietf_package){
			text(l.pkgs[i].name), text(l.pkgs[i].version) };
	}
	agent_log(c, 1, "%zu installed packages (%zu stanzas skipped)",
		  ip->count, l.skipped);
	ok = agent_msg_add(m, &a);
	free(ip->packages);
	dpkg_list_free(&l);
	return ok;
}

/* ----------------------------------------------------- Get Settings */

static bool setting_allowed(const char *name)
{
	size_t i;

	if (strstr(name, "/../"))
		return false;
	for (i = 0; i < COUNT(setting_dirs); i++)
		if (strncmp(name, setting_dirs[i],
			    strlen(setting_dirs[i])) == 0)
			return true;
	return false;
}

static void on_get_settings(struct agent_conn *c, void *state,
			    const struct agent_attr *a,
			    struct agent_msg *reply)
{
	const struct ita_get_settings *gs = &a->v->get_settings;
	struct pa_attr out = { .vendor = PEN_ITA, .type = ITA_ATTR_SETTINGS };
	struct ita_settings *st = &out.v.settings;
	char (*names)[256] = calloc(gs->count ? gs->count : 1, sizeof(*names));
	char (*values)[MAX_SETTING + 1] = calloc(gs->count ? gs->count : 1,
						 sizeof(*values));
	size_t i;
	long n;

	st->settings = calloc(gs->count ? gs->count : 1,
			      sizeof(*st->settings));
	if (!names || !values || !st->settings)
		goto out;
	for (i = 0; i < gs->count; i++) {
		if (gs->names[i].len >= sizeof(names[0]))
			continue;
		memcpy(names[i], gs->names[i].ptr, gs->names[i].len);
		if (strlen(names[i]) != gs->names[i].len ||
		    !setting_allowed(names[i]))
			continue;
		n = os_read_file(root(), names[i], values[i],
				 sizeof(values[i]));
		if (n < 0)
			continue;
		st->settings[st->count++] = (struct ita_setting){
			text(names[i]),
			{ (const uint8_t *)values[i], (size_t)n } };
	}
	if (st->count > 0)
		agent_msg_add(reply, &out);
out:
	free(st->settings);
	free(values);
	free(names);
}

/* ---------------------------------------------------------- handshake */

static bool push_info(void)
{
	const char *v = getenv("TNC_IMC_OS_PUSH_INFO");

	return !v || !*v || os_default_pwd(v);
}

/* In the order of 3.4. */
static void begin_handshake(struct agent_conn *c, void *state,
			    struct agent_msg *m)
{
	if (!push_info())
		return;
	add_product_info(c, state, m);
	add_string_version(c, state, m);
	add_numeric_version(c, state, m);
	add_op_status(c, state, m);
	add_fwd_enabled(c, state, m);
	add_default_pwd(c, state, m);
	add_device_id(c, state, m);
}

/* ------------------------------------------------------- description */

static const struct agent_imc_attr provides[] = {
	{ PEN_IETF, IETF_ATTR_PRODUCT_INFO, add_product_info },
	{ PEN_IETF, IETF_ATTR_NUMERIC_VERSION, add_numeric_version },
	{ PEN_IETF, IETF_ATTR_STRING_VERSION, add_string_version },
	{ PEN_IETF, IETF_ATTR_OP_STATUS, add_op_status },
	{ PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, add_installed_packages },
	{ PEN_IETF, IETF_ATTR_FWD_ENABLED, add_fwd_enabled },
	{ PEN_IETF, IETF_ATTR_DEFAULT_PWD_ENABLED, add_default_pwd },
	{ PEN_ITA, ITA_ATTR_DEVICE_ID, add_device_id },
};

static const struct agent_attr_handler attrs[] = {
	{ PEN_ITA, ITA_ATTR_GET_SETTINGS, on_get_settings },
};

static const struct agent_msg_type types[] = {
	{ PEN_IETF, PA_SUBTYPE_IETF_OPERATING_SYSTEM },
};

static const struct agent_imc_desc imc_os = {
	.base = {
		.name = "OS",
		.types = types,
		.type_count = COUNT(types),
		.attrs = attrs,
		.attr_count = COUNT(attrs),
	},
	.provides = provides,
	.provide_count = COUNT(provides),
	.begin_handshake = begin_handshake,
};

AGENT_IMC_PLUGIN(imc_os)
