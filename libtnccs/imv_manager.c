/*
 * imv_manager.c - IF-IMV host: loading, the TNCS functions bound through
 * TNC_TNCS_BindFunction, and the calls into the IMVs (see imv_manager.h
 * and the ABI spec note, sections 3, 4 and 7).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "imv_manager.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "plugin.h"
#include "tnccs_server.h"

/* The ABI reaches us by IMV ID alone: the one process-wide TNCS. */
static struct imv_manager *tncs;

/* Collector/validator ID of a PB-PA message addressed to no one */
#define PA_ID_ANY 0xffff

#define SYM(name, req, field) { name, req, offsetof(struct imv_functions, field) }

static const struct plugin_symbol imv_symbols[] = {
	SYM("TNC_IMV_Initialize", true, initialize),
	SYM("TNC_IMV_NotifyConnectionChange", false, notify_connection_change),
	SYM("TNC_IMV_ReceiveMessage", false, receive_message),
	SYM("TNC_IMV_ReceiveMessageLong", false, receive_message_long),
	SYM("TNC_IMV_SolicitRecommendation", true, solicit_recommendation),
	SYM("TNC_IMV_BatchEnding", false, batch_ending),
	SYM("TNC_IMV_Terminate", false, terminate),
	SYM("TNC_IMV_ProvideBindFunction", true, provide_bind_function),
};

static TNC_Result bind_function(TNC_IMVID id, char *name, void **out);

static const struct plugin_kind imv_kind = {
	.label = "IMV",
	.subsys = LOG_IMV,
	.symbols = imv_symbols,
	.symbol_count = sizeof(imv_symbols) / sizeof(imv_symbols[0]),
	.fns_size = sizeof(struct imv_functions),
	.initialize = offsetof(struct imv_functions, initialize),
	.provide_bind_function = offsetof(struct imv_functions,
					  provide_bind_function),
	.terminate = offsetof(struct imv_functions, terminate),
	.bind_function = bind_function,
};

struct imv_manager *imv_manager_new(enum rec_policy policy)
{
	struct imv_manager *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	registry_init(&m->reg);
	m->policy = policy;
	conn_table_init(&m->conns);
	tncs = m;
	return m;
}

size_t imv_manager_load_config(struct imv_manager *m, const char *path)
{
	return plugin_load_config(&m->reg, &imv_kind, m->fn, path);
}

int imv_manager_load(struct imv_manager *m, const char *name,
		     const char *path)
{
	return plugin_load(&m->reg, &imv_kind, m->fn, name, path);
}

void imv_manager_free(struct imv_manager *m)
{
	if (!m)
		return;
	plugin_unload_all(&m->reg, &imv_kind, m->fn);
	registry_destroy(&m->reg);
	conn_table_destroy(&m->conns);
	if (tncs == m)
		tncs = NULL;
	free(m);
}

size_t imv_manager_count(struct imv_manager *m)
{
	return m->reg.count;
}

const char *imv_manager_name(struct imv_manager *m, size_t slot)
{
	return m->reg.entries[slot].name;
}

TNC_IMVID imv_manager_id(struct imv_manager *m, size_t slot)
{
	return m->reg.entries[slot].id;
}

void imv_manager_notify(struct imv_manager *m, TNC_ConnectionID conn,
			TNC_ConnectionState state)
{
	size_t i;

	for (i = 0; i < m->reg.count; i++)
		if (m->fn[i].notify_connection_change)
			m->fn[i].notify_connection_change(m->reg.entries[i].id,
							  conn, state);
}

size_t imv_manager_deliver(struct imv_manager *m, TNC_ConnectionID conn,
			   const struct pb_pa *pa)
{
	const struct imv_functions *fn;
	TNC_IMVID id;
	size_t i, n = 0;
	bool excl = pa->flags & PB_PA_FLAG_EXCL;

	for (i = 0; i < m->reg.count; i++) {
		fn = &m->fn[i];
		id = m->reg.entries[i].id;
		if (!registry_wants(&m->reg, i, pa->vendor, pa->subtype, excl,
				    pa->validator_id))
			continue;
		/* The ABI's buffer type is not const; IMVs only read it */
		if (fn->receive_message_long && pa->collector_id != 0) {
			fn->receive_message_long(id, conn,
				excl ? TNC_MESSAGE_FLAGS_EXCLUSIVE : 0,
				(TNC_BufferReference)pa->body, pa->body_len,
				pa->vendor, pa->subtype, pa->collector_id,
				pa->validator_id);
		} else if (fn->receive_message && pa->subtype <= 0xff) {
			fn->receive_message(id, conn,
				(TNC_BufferReference)pa->body, pa->body_len,
				(TNC_MessageType)pa->vendor << 8 | pa->subtype);
		} else {
			continue;
		}
		n++;
	}
	return n;
}

void imv_manager_batch_ending(struct imv_manager *m, TNC_ConnectionID conn)
{
	size_t i;

	for (i = 0; i < m->reg.count; i++)
		if (m->fn[i].batch_ending)
			m->fn[i].batch_ending(m->reg.entries[i].id, conn);
}

void imv_manager_solicit(struct imv_manager *m, TNC_ConnectionID conn)
{
	size_t i;

	for (i = 0; i < m->reg.count; i++)
		m->fn[i].solicit_recommendation(m->reg.entries[i].id, conn);
}

/*
 * The TNCS functions. Each checks the IMV ID first; those that name a
 * connection hold the connection table's read lock while they use it.
 */

static int check_imv(TNC_IMVID id, bool *primary)
{
	return tncs ? registry_slot(&tncs->reg, id, primary) : -1;
}

static TNC_Result report_types(TNC_IMVID id, TNC_MessageTypeList types,
			       TNC_UInt32 count)
{
	if (!tncs)
		return TNC_RESULT_NOT_INITIALIZED;
	return registry_report_types(&tncs->reg, id, types, count);
}

static TNC_Result report_types_long(TNC_IMVID id, TNC_VendorIDList vendors,
				    TNC_MessageSubtypeList subtypes,
				    TNC_UInt32 count)
{
	if (!tncs)
		return TNC_RESULT_NOT_INITIALIZED;
	return registry_report_types_long(&tncs->reg, id, vendors, subtypes,
					  count);
}

/* Common part of both send functions, once the type is split. */
static TNC_Result send_pa(TNC_IMVID id, TNC_ConnectionID conn, uint8_t flags,
			  const uint8_t *msg, TNC_UInt32 len,
			  TNC_VendorID vendor, TNC_MessageSubtype subtype,
			  TNC_UInt32 collector)
{
	struct tnccs_server *s;
	TNC_Result rc;

	if (check_imv(id, NULL) < 0)
		return TNC_RESULT_INVALID_PARAMETER;
	if (vendor >= TNC_VENDORID_ANY || subtype == TNC_SUBTYPE_ANY ||
	    subtype > 0xffffffffUL || (len && !msg))
		return TNC_RESULT_INVALID_PARAMETER;
	s = conn_table_acquire(&tncs->conns, (uint32_t)conn);
	rc = s ? tnccs_server_send(s, id, flags, (uint32_t)vendor,
				   (uint32_t)subtype, (uint16_t)collector,
				   msg, len)
	       : TNC_RESULT_FATAL;
	conn_table_release(&tncs->conns);
	return rc;
}

static TNC_Result send_message(TNC_IMVID id, TNC_ConnectionID conn,
			       TNC_BufferReference msg, TNC_UInt32 len,
			       TNC_MessageType type)
{
	return send_pa(id, conn, 0, msg, len, (type >> 8) & 0xffffff,
		       type & 0xff, PA_ID_ANY);
}

static TNC_Result send_message_long(TNC_IMVID id, TNC_ConnectionID conn,
				    TNC_UInt32 msg_flags,
				    TNC_BufferReference msg, TNC_UInt32 len,
				    TNC_VendorID vendor,
				    TNC_MessageSubtype subtype,
				    TNC_UInt32 dest_imc)
{
	uint8_t flags = msg_flags & TNC_MESSAGE_FLAGS_EXCLUSIVE ?
			PB_PA_FLAG_EXCL : 0;

	return send_pa(id, conn, flags, msg, len, vendor, subtype,
		       dest_imc & 0xffff);
}

static TNC_Result request_retry(TNC_IMVID id, TNC_ConnectionID conn,
				TNC_RetryReason reason)
{
	struct tnccs_server *s;
	TNC_Result rc;

	if (check_imv(id, NULL) < 0)
		return TNC_RESULT_INVALID_PARAMETER;
	s = conn == TNC_CONNECTIONID_ANY ?
	    conn_table_acquire_first(&tncs->conns) :
	    conn_table_acquire(&tncs->conns, (uint32_t)conn);
	rc = s ? tnccs_server_request_retry(s, reason) : TNC_RESULT_FATAL;
	conn_table_release(&tncs->conns);
	return rc;
}

static TNC_Result provide_recommendation(TNC_IMVID id, TNC_ConnectionID conn,
					 TNC_IMV_Action_Recommendation rec,
					 TNC_IMV_Evaluation_Result eval)
{
	struct tnccs_server *s;
	bool primary;
	int slot = check_imv(id, &primary);
	TNC_Result rc;

	if (slot < 0)
		return TNC_RESULT_INVALID_PARAMETER;
	/* Recommendations are kept per primary IMV, as the reference */
	if (!primary)
		return TNC_RESULT_FATAL;
	s = conn_table_acquire(&tncs->conns, (uint32_t)conn);
	rc = s ? tnccs_server_provide_rec(s, slot, (uint32_t)rec,
					  (uint32_t)eval)
	       : TNC_RESULT_FATAL;
	conn_table_release(&tncs->conns);
	if (rc == TNC_RESULT_SUCCESS)
		log_imv(1, "conn %lu: IMV %lu provides recommendation '%s' "
			"and evaluation '%s'", conn, id, rec_name(rec),
			eval_name(eval));
	return rc;
}

static TNC_Result get_attribute(TNC_IMVID id, TNC_ConnectionID conn,
				TNC_AttributeID attr, TNC_UInt32 buf_len,
				TNC_BufferReference buf, TNC_UInt32 *out_len)
{
	struct tnccs_server *s;
	TNC_Result rc;

	if (check_imv(id, NULL) < 0 || conn == TNC_CONNECTIONID_ANY)
		return TNC_RESULT_INVALID_PARAMETER;
	s = conn_table_acquire(&tncs->conns, (uint32_t)conn);
	rc = s ? tnccs_server_get_attr(s, attr, buf_len, buf, out_len)
	       : TNC_RESULT_INVALID_PARAMETER;
	conn_table_release(&tncs->conns);
	return rc;
}

static TNC_Result set_attribute(TNC_IMVID id, TNC_ConnectionID conn,
				TNC_AttributeID attr, TNC_UInt32 len,
				TNC_BufferReference value)
{
	struct tnccs_server *s;
	bool primary;
	int slot = check_imv(id, &primary);
	TNC_Result rc;

	if (slot < 0 || !primary || conn == TNC_CONNECTIONID_ANY)
		return TNC_RESULT_INVALID_PARAMETER;
	s = conn_table_acquire(&tncs->conns, (uint32_t)conn);
	rc = s ? tnccs_server_set_attr(s, slot, attr, len, value)
	       : TNC_RESULT_INVALID_PARAMETER;
	conn_table_release(&tncs->conns);
	return rc;
}

static TNC_Result reserve_additional_id(TNC_IMVID id, TNC_UInt32 *out)
{
	TNC_Result rc;

	if (!tncs)
		return TNC_RESULT_NOT_INITIALIZED;
	rc = registry_reserve_id(&tncs->reg, id, out);
	if (rc == TNC_RESULT_SUCCESS)
		log_imv(1, "IMV %lu reserved additional ID %lu", id, *out);
	return rc;
}

struct bound_function {
	const char *name;
	void *fn;
};

/*
 * The reference IMV agent asks for "TNC_TNCC_ReserveAdditionalIMVID" (sic);
 * answering to both spellings lets its IMVs reserve IDs here.
 */
static const struct bound_function tncs_functions[] = {
	{ "TNC_TNCS_ReportMessageTypes", (void *)report_types },
	{ "TNC_TNCS_ReportMessageTypesLong", (void *)report_types_long },
	{ "TNC_TNCS_SendMessage", (void *)send_message },
	{ "TNC_TNCS_SendMessageLong", (void *)send_message_long },
	{ "TNC_TNCS_RequestHandshakeRetry", (void *)request_retry },
	{ "TNC_TNCS_ProvideRecommendation", (void *)provide_recommendation },
	{ "TNC_TNCS_GetAttribute", (void *)get_attribute },
	{ "TNC_TNCS_SetAttribute", (void *)set_attribute },
	{ "TNC_TNCS_ReserveAdditionalIMVID", (void *)reserve_additional_id },
	{ "TNC_TNCC_ReserveAdditionalIMVID", (void *)reserve_additional_id },
	{ "TNC_TNCS_BindFunction", (void *)bind_function },
};

static TNC_Result bind_function(TNC_IMVID id, char *name, void **out)
{
	size_t i;

	if (!name || !out)
		return TNC_RESULT_INVALID_PARAMETER;
	for (i = 0; i < sizeof(tncs_functions) / sizeof(tncs_functions[0]); i++)
		if (strcmp(name, tncs_functions[i].name) == 0) {
			*out = tncs_functions[i].fn;
			return TNC_RESULT_SUCCESS;
		}
	log_imv(2, "IMV %lu asked for unknown function %s", id, name);
	return TNC_RESULT_INVALID_PARAMETER;
}
