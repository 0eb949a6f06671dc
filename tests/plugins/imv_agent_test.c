/*
 * imv_agent_test.c - the test IMV of the agent layer (imv-agent-test.so):
 * what an IMV on the agent is, reduced to one policy. It learns the
 * endpoint's product and device, starts the policy with them, and
 * evaluates the FWDEN workitems (IP forwarding must be off).
 *
 * Flow per connection: the IMC's first message brings Product
 * Information, String Version and Forwarding Enabled; whatever is still
 * missing after that batch, the Device ID included, is asked for once
 * with an Attribute Request. The policy starts when product, version and
 * device are known, or after the request round with device "unknown".
 * It asks the IMC for a segmentation contract, so that large attributes
 * (ITA Dummy, of which it logs the size) reach it in segments.
 *
 * For the test it claims only FWDEN workitems, not every workitem type
 * of the OS IMV.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_imv.h"

struct test_state {
	char *product;		/* IETF Product Information name */
	char *version;		/* IETF String Version product version */
	char *device;		/* ITA Device ID */
	int fwd;		/* IETF Forwarding Enabled; -1 before it */
	bool asked;		/* the Attribute Request went out */
	bool gave_up;		/* product information never came */
	struct workitem *fwden;	/* waiting for Forwarding Enabled */
};

static void *state_new(struct agent_conn *c)
{
	struct test_state *st = calloc(1, sizeof(*st));

	if (st)
		st->fwd = -1;
	return st;
}

static void state_free(void *state)
{
	struct test_state *st = state;

	free(st->product);
	free(st->version);
	free(st->device);
	free(st);
}

static void set_text(char **field, struct pa_bytes b)
{
	free(*field);
	*field = strndup((const char *)b.ptr, b.len);
}

static void request(struct agent_conn *c, const struct pa_attr_type *types,
		    size_t count)
{
	struct agent_msg *m = agent_msg_new(c, agent_conn_peer(c));

	if (!m)
		return;
	agent_msg_add_request(m, types, count);
	agent_msg_send(m);
}

/* ------------------------------------------------------------ FWDEN */

static void finish_fwden(struct agent_conn *c, struct workitem *w, int fwd)
{
	if (fwd == 1)
		agent_imv_workitem_done(c, w,
			TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR,
			"forwarding enabled");
	else if (fwd == 0)
		agent_imv_workitem_done(c, w,
			TNC_IMV_EVALUATION_RESULT_COMPLIANT,
			"forwarding not enabled");
	else
		agent_imv_workitem_done(c, w, TNC_IMV_EVALUATION_RESULT_ERROR,
			"forwarding status unknown");
}

static void workitem_start(struct agent_conn *c, void *state,
			   struct workitem *w)
{
	static const struct pa_attr_type fwd_type[] = {
		{ PEN_IETF, IETF_ATTR_FWD_ENABLED },
	};
	struct test_state *st = state;

	if (st->fwd >= 0) {
		finish_fwden(c, w, st->fwd);
		return;
	}
	st->fwden = w;
	request(c, fwd_type, 1);
}

/* ------------------------------------------------------- attributes */

static void on_product_info(struct agent_conn *c, void *state,
			    const struct agent_attr *a, struct agent_msg *reply)
{
	struct test_state *st = state;

	set_text(&st->product, a->v->product_info.name);
}

static void on_string_version(struct agent_conn *c, void *state,
			      const struct agent_attr *a,
			      struct agent_msg *reply)
{
	struct test_state *st = state;

	set_text(&st->version, a->v->string_version.version);
}

static void on_fwd_enabled(struct agent_conn *c, void *state,
			   const struct agent_attr *a, struct agent_msg *reply)
{
	struct test_state *st = state;

	st->fwd = (int)a->v->fwd_enabled.status;
	if (st->fwden) {
		finish_fwden(c, st->fwden, st->fwd);
		st->fwden = NULL;
	}
}

static void on_device_id(struct agent_conn *c, void *state,
			 const struct agent_attr *a, struct agent_msg *reply)
{
	struct test_state *st = state;

	set_text(&st->device, a->v->device_id.id);
}

static void on_dummy(struct agent_conn *c, void *state,
		     const struct agent_attr *a, struct agent_msg *reply)
{
	agent_log(c, 1, "received ITA Dummy of %zu bytes",
		  a->v->dummy.data.len);
}

/* ------------------------------------------------------ batch ending */

static void request_missing(struct agent_conn *c, struct test_state *st)
{
	struct pa_attr_type types[4];
	size_t n = 0;

	if (!st->product)
		types[n++] = (struct pa_attr_type){ PEN_IETF,
						    IETF_ATTR_PRODUCT_INFO };
	if (!st->version)
		types[n++] = (struct pa_attr_type){ PEN_IETF,
						    IETF_ATTR_STRING_VERSION };
	if (st->fwd < 0)
		types[n++] = (struct pa_attr_type){ PEN_IETF,
						    IETF_ATTR_FWD_ENABLED };
	types[n++] = (struct pa_attr_type){ PEN_ITA, ITA_ATTR_DEVICE_ID };
	request(c, types, n);
	st->asked = true;
}

static void start_policy(struct agent_conn *c, struct test_state *st,
			 const char *device)
{
	char product[256];

	snprintf(product, sizeof(product), "%s %s", st->product, st->version);
	agent_imv_start_policy(c, product, device);
}

static void on_batch_ending(struct agent_conn *c, void *state)
{
	struct test_state *st = state;

	/* wait for the segments of an attribute still on its way */
	if (agent_imv_policy_started(c) || st->gave_up || agent_conn_busy(c))
		return;
	if (st->product && st->version && st->device)
		start_policy(c, st, st->device);
	else if (!st->asked)
		request_missing(c, st);
	else if (st->product && st->version)
		start_policy(c, st, "unknown");
	else {
		agent_log(c, 1, "no product information from the IMC");
		st->gave_up = true;
		agent_imv_finish(c,
			TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION,
			TNC_IMV_EVALUATION_RESULT_ERROR);
	}
}

/* ------------------------------------------------------- description */

static const struct agent_attr_handler attrs[] = {
	{ PEN_IETF, IETF_ATTR_PRODUCT_INFO, on_product_info },
	{ PEN_IETF, IETF_ATTR_STRING_VERSION, on_string_version },
	{ PEN_IETF, IETF_ATTR_FWD_ENABLED, on_fwd_enabled },
	{ PEN_ITA, ITA_ATTR_DEVICE_ID, on_device_id },
	{ PEN_ITA, ITA_ATTR_DUMMY, on_dummy },
};

static const struct agent_msg_type types[] = {
	{ PEN_IETF, PA_SUBTYPE_IETF_OPERATING_SYSTEM },
};

static const enum workitem_type fwden_only[] = { WORKITEM_FWDEN };

static const struct agent_imv_desc imv_agent_test = {
	.base = {
		.name = "Agent Test",
		.types = types,
		.type_count = 1,
		.want_contract = true,
		.attrs = attrs,
		.attr_count = sizeof(attrs) / sizeof(attrs[0]),
		.conn_new = state_new,
		.conn_free = state_free,
		.on_batch_ending = on_batch_ending,
	},
	.owner = WORKITEM_OWNER_OS,
	.workitem_types = fwden_only,
	.workitem_type_count = 1,
	.starts_policy = true,
	.workitem_start = workitem_start,
};

AGENT_IMV_PLUGIN(imv_agent_test)
