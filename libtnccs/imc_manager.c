/*
 * imc_manager.c - IF-IMC host: loading, the TNCC functions bound through
 * TNC_TNCC_BindFunction, and the calls into the IMCs (imc_manager.h; the
 * ABI spec note, sections 5 and 7.3).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "imc_manager.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "plugin.h"
#include "tnccs_client.h"

/* The ABI reaches us by IMC ID alone: the one process-wide TNCC. */
static struct imc_manager *tncc;

#define PA_ID_ANY 0xffff

#define SYM(name, req, field) { name, req, offsetof(struct imc_functions, field) }

static const struct plugin_symbol imc_symbols[] = {
	SYM("TNC_IMC_Initialize", true, initialize),
	SYM("TNC_IMC_NotifyConnectionChange", false, notify_connection_change),
	SYM("TNC_IMC_BeginHandshake", true, begin_handshake),
	SYM("TNC_IMC_ReceiveMessage", false, receive_message),
	SYM("TNC_IMC_ReceiveMessageLong", false, receive_message_long),
	SYM("TNC_IMC_BatchEnding", false, batch_ending),
	SYM("TNC_IMC_Terminate", false, terminate),
	SYM("TNC_IMC_ProvideBindFunction", true, provide_bind_function),
};

static TNC_Result bind_function(TNC_IMCID id, char *name, void **out);

static const struct plugin_kind imc_kind = {
	.label = "IMC",
	.subsys = LOG_IMC,
	.symbols = imc_symbols,
	.symbol_count = sizeof(imc_symbols) / sizeof(imc_symbols[0]),
	.fns_size = sizeof(struct imc_functions),
	.initialize = offsetof(struct imc_functions, initialize),
	.provide_bind_function = offsetof(struct imc_functions,
					  provide_bind_function),
	.terminate = offsetof(struct imc_functions, terminate),
	.bind_function = bind_function,
};

struct imc_manager *imc_manager_new(void)
{
	struct imc_manager *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	registry_init(&m->reg);
	conn_table_init(&m->conns);
	tncc = m;
	return m;
}

size_t imc_manager_load_config(struct imc_manager *m, const char *path)
{
	return plugin_load_config(&m->reg, &imc_kind, m->fn, path);
}

int imc_manager_load(struct imc_manager *m, const char *name,
		     const char *path)
{
	return plugin_load(&m->reg, &imc_kind, m->fn, name, path);
}

void imc_manager_free(struct imc_manager *m)
{
	if (!m)
		return;
	plugin_unload_all(&m->reg, &imc_kind, m->fn);
	registry_destroy(&m->reg);
	conn_table_destroy(&m->conns);
	if (tncc == m)
		tncc = NULL;
	free(m);
}

void imc_manager_notify(struct imc_manager *m, TNC_ConnectionID conn,
			TNC_ConnectionState state)
{
	size_t i;

	for (i = 0; i < m->reg.count; i++)
		if (m->fn[i].notify_connection_change)
			m->fn[i].notify_connection_change(m->reg.entries[i].id,
							  conn, state);
}

void imc_manager_begin_handshake(struct imc_manager *m, TNC_ConnectionID conn)
{
	size_t i;

	for (i = 0; i < m->reg.count; i++)
		m->fn[i].begin_handshake(m->reg.entries[i].id, conn);
}

size_t imc_manager_deliver(struct imc_manager *m, TNC_ConnectionID conn,
			   const struct pb_pa *pa)
{
	const struct imc_functions *fn;
	TNC_IMCID id;
	size_t i, n = 0;
	bool excl = pa->flags & PB_PA_FLAG_EXCL;

	for (i = 0; i < m->reg.count; i++) {
		fn = &m->fn[i];
		id = m->reg.entries[i].id;
		if (!registry_wants(&m->reg, i, pa->vendor, pa->subtype, excl,
				    pa->collector_id))
			continue;
		/* The ABI's buffer type is not const; IMCs only read it */
		if (fn->receive_message_long && pa->validator_id != 0) {
			fn->receive_message_long(id, conn,
				excl ? TNC_MESSAGE_FLAGS_EXCLUSIVE : 0,
				(TNC_BufferReference)pa->body, pa->body_len,
				pa->vendor, pa->subtype, pa->validator_id,
				pa->collector_id);
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

void imc_manager_batch_ending(struct imc_manager *m, TNC_ConnectionID conn)
{
	size_t i;

	for (i = 0; i < m->reg.count; i++)
		if (m->fn[i].batch_ending)
			m->fn[i].batch_ending(m->reg.entries[i].id, conn);
}

/* The TNCC functions. */

static int check_imc(TNC_IMCID id)
{
	bool primary;

	return tncc ? registry_slot(&tncc->reg, id, &primary) : -1;
}

static TNC_Result report_types(TNC_IMCID id, TNC_MessageTypeList types,
			       TNC_UInt32 count)
{
	if (!tncc)
		return TNC_RESULT_NOT_INITIALIZED;
	return registry_report_types(&tncc->reg, id, types, count);
}

static TNC_Result report_types_long(TNC_IMCID id, TNC_VendorIDList vendors,
				    TNC_MessageSubtypeList subtypes,
				    TNC_UInt32 count)
{
	if (!tncc)
		return TNC_RESULT_NOT_INITIALIZED;
	return registry_report_types_long(&tncc->reg, id, vendors, subtypes,
					  count);
}

static TNC_Result send_pa(TNC_IMCID id, TNC_ConnectionID conn, uint8_t flags,
			  const uint8_t *msg, TNC_UInt32 len,
			  TNC_VendorID vendor, TNC_MessageSubtype subtype,
			  TNC_UInt32 validator)
{
	struct tnccs_client *c;
	TNC_Result rc;

	if (check_imc(id) < 0)
		return TNC_RESULT_INVALID_PARAMETER;
	if (vendor >= TNC_VENDORID_ANY || subtype == TNC_SUBTYPE_ANY ||
	    subtype > 0xffffffffUL || (len && !msg))
		return TNC_RESULT_INVALID_PARAMETER;
	c = conn_table_acquire(&tncc->conns, (uint32_t)conn);
	rc = c ? tnccs_client_send(c, id, flags, (uint32_t)vendor,
				   (uint32_t)subtype, (uint16_t)validator,
				   msg, len)
	       : TNC_RESULT_FATAL;
	conn_table_release(&tncc->conns);
	return rc;
}

static TNC_Result send_message(TNC_IMCID id, TNC_ConnectionID conn,
			       TNC_BufferReference msg, TNC_UInt32 len,
			       TNC_MessageType type)
{
	return send_pa(id, conn, 0, msg, len, (type >> 8) & 0xffffff,
		       type & 0xff, PA_ID_ANY);
}

static TNC_Result send_message_long(TNC_IMCID id, TNC_ConnectionID conn,
				    TNC_UInt32 msg_flags,
				    TNC_BufferReference msg, TNC_UInt32 len,
				    TNC_VendorID vendor,
				    TNC_MessageSubtype subtype,
				    TNC_UInt32 dest_imv)
{
	uint8_t flags = msg_flags & TNC_MESSAGE_FLAGS_EXCLUSIVE ?
			PB_PA_FLAG_EXCL : 0;

	return send_pa(id, conn, flags, msg, len, vendor, subtype,
		       dest_imv & 0xffff);
}

static TNC_Result request_retry(TNC_IMCID id, TNC_ConnectionID conn,
				TNC_RetryReason reason)
{
	struct tnccs_client *c;
	TNC_Result rc;

	if (check_imc(id) < 0)
		return TNC_RESULT_INVALID_PARAMETER;
	c = conn == TNC_CONNECTIONID_ANY ?
	    conn_table_acquire_first(&tncc->conns) :
	    conn_table_acquire(&tncc->conns, (uint32_t)conn);
	rc = c ? tnccs_client_request_retry(c, reason) : TNC_RESULT_FATAL;
	conn_table_release(&tncc->conns);
	if (rc == TNC_RESULT_SUCCESS)
		log_imc(1, "IMC %lu requests a handshake retry (reason %lu)",
			id, reason);
	return rc;
}

static TNC_Result get_attribute(TNC_IMCID id, TNC_ConnectionID conn,
				TNC_AttributeID attr, TNC_UInt32 buf_len,
				TNC_BufferReference buf, TNC_UInt32 *out_len)
{
	struct tnccs_client *c;
	TNC_Result rc;

	if (check_imc(id) < 0 || conn == TNC_CONNECTIONID_ANY)
		return TNC_RESULT_INVALID_PARAMETER;
	c = conn_table_acquire(&tncc->conns, (uint32_t)conn);
	rc = c ? tnccs_client_get_attr(c, attr, buf_len, buf, out_len)
	       : TNC_RESULT_INVALID_PARAMETER;
	conn_table_release(&tncc->conns);
	return rc;
}

/* No TNCC attribute can be set, as in the reference. */
static TNC_Result set_attribute(TNC_IMCID id, TNC_ConnectionID conn,
				TNC_AttributeID attr, TNC_UInt32 len,
				TNC_BufferReference value)
{
	return TNC_RESULT_INVALID_PARAMETER;
}

static TNC_Result reserve_additional_id(TNC_IMCID id, TNC_UInt32 *out)
{
	TNC_Result rc;

	if (!tncc)
		return TNC_RESULT_NOT_INITIALIZED;
	rc = registry_reserve_id(&tncc->reg, id, out);
	if (rc == TNC_RESULT_SUCCESS)
		log_imc(1, "IMC %lu reserved additional ID %lu", id, *out);
	return rc;
}

struct bound_function {
	const char *name;
	void *fn;
};

/* The reference header misnames the reservation function
 * TNC_TNCS_ReserveAdditionalIMCID; accept that spelling too. */
static const struct bound_function tncc_functions[] = {
	{ "TNC_TNCC_ReportMessageTypes", (void *)report_types },
	{ "TNC_TNCC_ReportMessageTypesLong", (void *)report_types_long },
	{ "TNC_TNCC_SendMessage", (void *)send_message },
	{ "TNC_TNCC_SendMessageLong", (void *)send_message_long },
	{ "TNC_TNCC_RequestHandshakeRetry", (void *)request_retry },
	{ "TNC_TNCC_GetAttribute", (void *)get_attribute },
	{ "TNC_TNCC_SetAttribute", (void *)set_attribute },
	{ "TNC_TNCC_ReserveAdditionalIMCID", (void *)reserve_additional_id },
	{ "TNC_TNCS_ReserveAdditionalIMCID", (void *)reserve_additional_id },
	{ "TNC_TNCC_BindFunction", (void *)bind_function },
};

static TNC_Result bind_function(TNC_IMCID id, char *name, void **out)
{
	size_t i;

	if (!name || !out)
		return TNC_RESULT_INVALID_PARAMETER;
	for (i = 0; i < sizeof(tncc_functions) / sizeof(tncc_functions[0]); i++)
		if (strcmp(name, tncc_functions[i].name) == 0) {
			*out = tncc_functions[i].fn;
			return TNC_RESULT_SUCCESS;
		}
	log_imc(2, "IMC %lu asked for unknown function %s", id, name);
	return TNC_RESULT_INVALID_PARAMETER;
}
