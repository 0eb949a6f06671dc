/*
 * att_conf.c - the Attestation IMC's settings from the environment
 * (att_conf.h; the variables are listed in imc_attestation.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "att_conf.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

#define DEFAULT_TCTI "device:/dev/tpmrm0"
#define DEFAULT_AIK_HANDLE 0x81010003u
#define DEFAULT_NONCE_LEN 20
/* securityfs paths of spec 6.1 and 6.2, below the root */
#define BIOS_LOG_PATH "/sys/kernel/security/tpm0/binary_bios_measurements"
#define IMA_LOG_PATH "/sys/kernel/security/ima/binary_runtime_measurements"

/* Weakest first: a limit allows its own row and all before it. */
static const struct {
	const char *name;
	enum pts_meas_algo algo;
} algo_order[] = {
	{ "sha1", PTS_MEAS_ALGO_SHA1 },
	{ "sha256", PTS_MEAS_ALGO_SHA256 },
	{ "sha384", PTS_MEAS_ALGO_SHA384 },
};

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

uint16_t att_conf_algos_up_to(const char *limit)
{
	uint16_t set = 0;
	size_t i;

	for (i = 0; i < COUNT(algo_order); i++) {
		set |= algo_order[i].algo;
		if (strcasecmp(limit, algo_order[i].name) == 0)
			return set;
	}
	return 0;
}

static bool parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "yes", "true", "1", "on" };
	static const char *const no[] = { "no", "false", "0", "off" };
	size_t i;

	for (i = 0; i < COUNT(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* A whole number in base (16 takes an optional 0x) up to max. */
static bool parse_num(const char *v, int base, unsigned long max,
		      unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(v, &end, base);
	return errno == 0 && *v != '-' && end != v && *end == '\0' &&
	       *out <= max;
}

static bool copy(char *dst, size_t size, const char *a, const char *b)
{
	int n = snprintf(dst, size, "%s%s", a, b);

	return n >= 0 && (size_t)n < size;
}

/* Remembers the first malformed variable; its default stays. */
static void mark(const char **bad, const char *name)
{
	if (!*bad)
		*bad = name;
}

static const char *log_path(const char *var, const char *root,
			    const char *fallback, char *out, size_t size,
			    const char **bad)
{
	const char *v = env(var);

	if (!(v ? copy(out, size, v, "") : copy(out, size, root, fallback)))
		mark(bad, var);
	return out;
}

int att_conf_read(struct att_conf *conf, const char **bad)
{
	const char *v;
	unsigned long n;

	*bad = NULL;
	memset(conf, 0, sizeof(*conf));
	conf->aik_handle = DEFAULT_AIK_HANDLE;
	conf->nonce_len = DEFAULT_NONCE_LEN;
	conf->mandatory_dh_groups = true;
	conf->algos = att_conf_algos_up_to("sha384");

	v = env("TNC_IMC_ATTESTATION_TCTI");
	if (!v || !copy(conf->tcti, sizeof(conf->tcti), v, "")) {
		if (v)
			mark(bad, "TNC_IMC_ATTESTATION_TCTI");
		copy(conf->tcti, sizeof(conf->tcti), DEFAULT_TCTI, "");
	}
	if ((v = env("TNC_IMC_ATTESTATION_AIK_HANDLE"))) {
		if (parse_num(v, 16, 0xffffffffu, &n))
			conf->aik_handle = (uint32_t)n;
		else
			mark(bad, "TNC_IMC_ATTESTATION_AIK_HANDLE");
	}
	if ((v = env("TNC_IMC_ATTESTATION_HASH_ALGORITHM"))) {
		if (att_conf_algos_up_to(v))
			conf->algos = att_conf_algos_up_to(v);
		else
			mark(bad, "TNC_IMC_ATTESTATION_HASH_ALGORITHM");
	}
	/* the DH Nonce Parameters Response has one byte for it */
	if ((v = env("TNC_IMC_ATTESTATION_NONCE_LEN"))) {
		if (parse_num(v, 10, 255, &n))
			conf->nonce_len = n;
		else
			mark(bad, "TNC_IMC_ATTESTATION_NONCE_LEN");
	}
	if ((v = env("TNC_IMC_ATTESTATION_MANDATORY_DH_GROUPS")) &&
	    !parse_bool(v, &conf->mandatory_dh_groups))
		mark(bad, "TNC_IMC_ATTESTATION_MANDATORY_DH_GROUPS");
	if ((v = env("TNC_IMC_ATTESTATION_PCR_PADDING")) &&
	    !parse_bool(v, &conf->pcr_padding))
		mark(bad, "TNC_IMC_ATTESTATION_PCR_PADDING");
	v = env("TNC_IMC_OS_ROOT");
	if (v && !copy(conf->root, sizeof(conf->root), v, "")) {
		mark(bad, "TNC_IMC_OS_ROOT");
		conf->root[0] = '\0';
	}
	log_path("TNC_IMC_ATTESTATION_BIOS_LOG", conf->root, BIOS_LOG_PATH,
		 conf->bios_log, sizeof(conf->bios_log), bad);
	log_path("TNC_IMC_ATTESTATION_IMA_LOG", conf->root, IMA_LOG_PATH,
		 conf->ima_log, sizeof(conf->ima_log), bad);
	return *bad ? -1 : 0;
}
