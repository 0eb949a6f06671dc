/*
 * imc_agent_test.c - the test IMC of the agent layer (imc-agent-test.so):
 * reports an operating system taken from the environment, so that tests
 * can drive imv-agent-test.so and the policy manager through the whole
 * stack. What an IMC on the agent is: a table of what it can send, and
 * what it sends unasked.
 *
 * At each handshake it sends IETF Product Information, String Version
 * and Forwarding Enabled, and on request these and ITA Device ID.
 * Environment:
 *   TNC_IMC_AGENT_OS          product name (default "Debian")
 *   TNC_IMC_AGENT_VERSION     product version (default "12 x86_64")
 *   TNC_IMC_AGENT_FWD         forwarding status 0, 1 or 2 (default 0)
 *   TNC_IMC_AGENT_DEVICE_ID   device ID, sent only when asked (default
 *                             none: the request stays unanswered)
 *   TNC_IMC_AGENT_DUMMY_SIZE  also an ITA Dummy of this many bytes; one
 *                             too large for a PA-TNC message goes in
 *                             segments once the IMV asks for a contract
 *   TNC_IMC_AGENT_NOSKIP      1: also an attribute of a type no IMV
 *                             knows, flagged NOSKIP
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "agent_imc.h"

#define MAX_DUMMY_SIZE (64u * 1024 * 1024)

/* An ITA type no codec knows. */
#define UNKNOWN_ATTR_TYPE 0x0000abcd

static const char *env(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

static struct pa_bytes text(const char *s)
{
	return (struct pa_bytes){ (const uint8_t *)s, strlen(s) };
}

static bool add_product_info(struct agent_conn *c, void *state,
			     struct agent_msg *m)
{
	struct pa_attr a = {
		.vendor = PEN_IETF,
		.type = IETF_ATTR_PRODUCT_INFO,
		.v.product_info.name = text(env("TNC_IMC_AGENT_OS", "Debian")),
	};

	return agent_msg_add(m, &a);
}

static bool add_string_version(struct agent_conn *c, void *state,
			       struct agent_msg *m)
{
	struct pa_attr a = {
		.vendor = PEN_IETF,
		.type = IETF_ATTR_STRING_VERSION,
		.v.string_version.version =
			text(env("TNC_IMC_AGENT_VERSION", "12 x86_64")),
	};

	return agent_msg_add(m, &a);
}

static bool add_fwd_enabled(struct agent_conn *c, void *state,
			    struct agent_msg *m)
{
	struct pa_attr a = {
		.vendor = PEN_IETF,
		.type = IETF_ATTR_FWD_ENABLED,
		.v.fwd_enabled.status =
			(uint32_t)atoi(env("TNC_IMC_AGENT_FWD", "0")),
	};

	return agent_msg_add(m, &a);
}

static bool add_device_id(struct agent_conn *c, void *state,
			  struct agent_msg *m)
{
	const char *id = env("TNC_IMC_AGENT_DEVICE_ID", NULL);
	struct pa_attr a = {
		.vendor = PEN_ITA,
		.type = ITA_ATTR_DEVICE_ID,
	};

	if (!id)
		return false;
	a.v.device_id.id = text(id);
	return agent_msg_add(m, &a);
}

static bool add_dummy(struct agent_conn *c, void *state, struct agent_msg *m)
{
	unsigned long size = strtoul(env("TNC_IMC_AGENT_DUMMY_SIZE", "0"),
				     NULL, 10);
	struct pa_attr a = {
		.vendor = PEN_ITA,
		.type = ITA_ATTR_DUMMY,
	};

	if (size == 0 || size > MAX_DUMMY_SIZE)
		return false;
	a.v.dummy.data.len = size;	/* no data: the encoder fills it */
	return agent_msg_add(m, &a);
}

static bool add_unknown_noskip(struct agent_conn *c, struct agent_msg *m)
{
	static const uint8_t value[] = { 0x00 };
	struct pa_attr_raw raw = {
		.flags = PA_ATTR_FLAG_NOSKIP,
		.vendor = PEN_ITA,
		.type = UNKNOWN_ATTR_TYPE,
		.value = value,
		.len = sizeof(value),
	};

	if (strcmp(env("TNC_IMC_AGENT_NOSKIP", "0"), "1") != 0)
		return false;
	return agent_msg_add_raw(m, &raw);
}

static void begin_handshake(struct agent_conn *c, void *state,
			    struct agent_msg *m)
{
	add_product_info(c, state, m);
	add_string_version(c, state, m);
	add_fwd_enabled(c, state, m);
	add_dummy(c, state, m);
	add_unknown_noskip(c, m);
}

static const struct agent_imc_attr provides[] = {
	{ PEN_IETF, IETF_ATTR_PRODUCT_INFO, add_product_info },
	{ PEN_IETF, IETF_ATTR_STRING_VERSION, add_string_version },
	{ PEN_IETF, IETF_ATTR_FWD_ENABLED, add_fwd_enabled },
	{ PEN_ITA, ITA_ATTR_DEVICE_ID, add_device_id },
};

static const struct agent_msg_type types[] = {
	{ PEN_IETF, PA_SUBTYPE_IETF_OPERATING_SYSTEM },
};

static const struct agent_imc_desc imc_agent_test = {
	.base = {
		.name = "Agent Test",
		.types = types,
		.type_count = 1,
	},
	.provides = provides,
	.provide_count = sizeof(provides) / sizeof(provides[0]),
	.begin_handshake = begin_handshake,
};

AGENT_IMC_PLUGIN(imc_agent_test)
