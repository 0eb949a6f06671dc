/*
 * agent_imc.c - the IMC role of the agent (agent_imc.h): the TNC_IMC_*
 * entry points, the first message of a handshake, and the answers to an
 * IETF Attribute Request.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "agent_imc.h"

#include <stddef.h>
#include <stdio.h>

#include "agent_int.h"

#define BIND(name, field) { name, offsetof(struct agent_host, field) }

static const struct agent_bind imc_binds[] = {
	BIND("TNC_TNCC_ReportMessageTypes", report_types),
	BIND("TNC_TNCC_ReportMessageTypesLong", report_types_long),
	BIND("TNC_TNCC_RequestHandshakeRetry", request_retry),
	BIND("TNC_TNCC_SendMessage", send),
	BIND("TNC_TNCC_SendMessageLong", send_long),
	BIND("TNC_TNCC_GetAttribute", get_attribute),
	BIND("TNC_TNCC_SetAttribute", set_attribute),
	BIND("TNC_TNCC_ReserveAdditionalIMCID", reserve_id),
};

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

static const char *const assessment_names[] = {
	"compliant", "non-compliant minor", "non-compliant major", "error",
	"don't know",
};

static const struct agent_imc_desc *desc_of(const struct agent_conn *c)
{
	return c->agent->desc;
}

static const struct agent_imc_attr *provider(const struct agent_imc_desc *d,
					     uint32_t vendor, uint32_t type)
{
	size_t i;

	for (i = 0; i < d->provide_count; i++)
		if (d->provides[i].vendor == vendor &&
		    d->provides[i].type == type)
			return &d->provides[i];
	return NULL;
}

/* RFC 5792 4.2.1: send back each requested attribute we have. */
static void answer_request(struct agent_conn *c, uint32_t peer,
			   const struct ietf_attr_request *req,
			   struct agent_msg *reply)
{
	const struct agent_imc_attr *p;
	char names[256], name[64];
	size_t i, used = 0;

	names[0] = '\0';
	for (i = 0; i < req->count && used < sizeof(names); i++)
		used += (size_t)snprintf(names + used, sizeof(names) - used,
					 "%s%s", i ? ", " : "",
					 pa_attr_describe(req->types[i].vendor,
					 req->types[i].type, name,
					 sizeof(name)));
	agent_log(c, 1, "IMV %u asks for %s on connection %lu", peer, names,
		  c->id);
	for (i = 0; i < req->count; i++) {
		p = provider(desc_of(c), req->types[i].vendor,
			     req->types[i].type);
		pa_attr_describe(req->types[i].vendor, req->types[i].type,
				 name, sizeof(name));
		if (!p)
			agent_log(c, 1, "requested %s is not provided", name);
		else if (!p->add(c, c->state, reply))
			agent_log(c, 1, "requested %s is not available", name);
	}
}

/* Attribute Requests and Assessment Results are the agent's. */
static bool imc_on_attribute(struct agent_conn *c, const struct agent_attr *a,
			     struct agent_msg *reply)
{
	uint32_t result;

	if (a->raw->vendor != PEN_IETF || !a->v)
		return false;
	switch (a->raw->type) {
	case IETF_ATTR_ATTRIBUTE_REQUEST:
		answer_request(c, a->peer, &a->v->attr_request, reply);
		return true;
	case IETF_ATTR_ASSESSMENT_RESULT:
		result = a->v->assessment_result.result;
		agent_log(c, 1, "IMV %u assessed connection %lu as '%s'",
			  a->peer, c->id, result < COUNT(assessment_names) ?
			  assessment_names[result] : "unknown");
		return true;
	default:
		return false;
	}
}

static const struct agent_role imc_role = {
	.label = "IMC",
	.peer_label = "IMV",
	.log = LOG_IMC,
	.binds = imc_binds,
	.bind_count = COUNT(imc_binds),
	.reply_errors = true,
	.on_attribute = imc_on_attribute,
};

/* ------------------------------------------------------- entry points */

TNC_Result agent_imc_initialize(struct agent **slot,
				const struct agent_imc_desc *desc,
				TNC_IMCID id, TNC_Version min, TNC_Version max,
				TNC_Version *actual)
{
	return agent_initialize(slot, &imc_role, &desc->base, desc, id, min,
				max, actual);
}

TNC_Result agent_imc_bind(struct agent *a, TNC_IMCID id,
			  TNC_TNCC_BindFunctionPointer bind)
{
	return agent_bind(a, id, bind);
}

TNC_Result agent_imc_terminate(struct agent **slot, TNC_IMCID id)
{
	return agent_terminate(slot, id);
}

static TNC_Result access_decided(struct agent *a, TNC_ConnectionID conn,
				 TNC_ConnectionState decision)
{
	const struct agent_imc_desc *d = a->desc;
	struct agent_conn *c;

	if (!d->access_decided)
		return TNC_RESULT_SUCCESS;
	c = agent_conn_lock(a, conn);
	if (!c)
		return TNC_RESULT_FATAL;
	d->access_decided(c, c->state, decision);
	return agent_conn_release(c);
}

TNC_Result agent_imc_notify(struct agent *a, TNC_IMCID id,
			    TNC_ConnectionID conn, TNC_ConnectionState state)
{
	TNC_Result rc = agent_check(a, id);

	if (rc != TNC_RESULT_SUCCESS)
		return rc;
	switch (state) {
	case TNC_CONNECTION_STATE_CREATE:
		return agent_conn_create(a, conn);
	case TNC_CONNECTION_STATE_HANDSHAKE:
		return agent_conn_handshake(a, conn);
	case TNC_CONNECTION_STATE_DELETE:
		return agent_conn_delete(a, conn);
	case TNC_CONNECTION_STATE_ACCESS_ALLOWED:
	case TNC_CONNECTION_STATE_ACCESS_ISOLATED:
	case TNC_CONNECTION_STATE_ACCESS_NONE:
		return access_decided(a, conn, state);
	default:
		return TNC_RESULT_SUCCESS;
	}
}

TNC_Result agent_imc_begin_handshake(struct agent *a, TNC_IMCID id,
				     TNC_ConnectionID conn)
{
	TNC_Result rc = agent_check(a, id);
	const struct agent_imc_desc *d;
	struct agent_conn *c;
	struct agent_msg *m;

	if (rc != TNC_RESULT_SUCCESS)
		return rc;
	c = agent_conn_lock(a, conn);
	if (!c)
		return TNC_RESULT_FATAL;
	d = desc_of(c);
	if (d->begin_handshake) {
		/* the first message goes to every IMV, hence not exclusive */
		m = agent_msg_new_type(c, a->plugin->types[0], AGENT_PEER_ANY,
				       false);
		if (m) {
			d->begin_handshake(c, c->state, m);
			agent_msg_send(m);
		}
	}
	return agent_conn_release(c);
}

TNC_Result agent_imc_receive(struct agent *a, TNC_IMCID id,
			     TNC_ConnectionID conn, TNC_UInt32 vendor,
			     TNC_UInt32 subtype, TNC_UInt32 src,
			     const uint8_t *msg, size_t len)
{
	struct agent_msg_type type = { (uint32_t)vendor, (uint32_t)subtype };
	TNC_Result rc = agent_check(a, id), sent;
	struct agent_conn *c;

	if (rc != TNC_RESULT_SUCCESS)
		return rc;
	if (!msg && len)
		return TNC_RESULT_INVALID_PARAMETER;
	c = agent_conn_lock(a, conn);
	if (!c)
		return TNC_RESULT_FATAL;
	rc = agent_rx_message(c, type, (uint32_t)src & 0xffff, msg, len);
	sent = agent_conn_release(c);
	return rc != TNC_RESULT_SUCCESS ? rc : sent;
}

TNC_Result agent_imc_batch_ending(struct agent *a, TNC_IMCID id,
				  TNC_ConnectionID conn)
{
	TNC_Result rc = agent_check(a, id);
	struct agent_conn *c;

	if (rc != TNC_RESULT_SUCCESS)
		return rc;
	c = agent_conn_lock(a, conn);
	if (!c)
		return TNC_RESULT_FATAL;
	if (a->plugin->on_batch_ending)
		a->plugin->on_batch_ending(c, c->state);
	return agent_conn_release(c);
}
