/*
 * agent_imc.h - an IMC on the agent layer: its description and the macro
 * that defines its TNC_IMC_* entry points.
 *
 * An IMC says what it sends at the start of each handshake
 * (begin_handshake) and which attributes it can produce on request
 * (provides): an IETF Attribute Request from an IMV is answered by the
 * agent, which calls the add function of each requested type the IMC
 * provides. Other received attributes go to the handlers of the
 * plugin's attribute table; an IETF Assessment Result is logged.
 *
 * A PA-TNC error in a received message is answered with an IETF PA-TNC
 * Error attribute in the reply; the attributes before the bad one are
 * still handled, as the reference IMCs do (pa-tnc.md section 4).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_AGENT_IMC_H
#define IMCV_AGENT_IMC_H

#include <tnc/tncifimc.h>

#include "agent.h"

/*
 * An attribute the IMC can produce: add appends it to m if the IMC has
 * it, and says whether it did.
 */
struct agent_imc_attr {
	uint32_t vendor;
	uint32_t type;
	bool (*add)(struct agent_conn *c, void *state, struct agent_msg *m);
};

struct agent_imc_desc {
	struct agent_plugin base;
	const struct agent_imc_attr *provides;
	size_t provide_count;
	/*
	 * A handshake begins: m goes to every IMV, in the plugin's own
	 * message type. May be NULL.
	 */
	void (*begin_handshake)(struct agent_conn *c, void *state,
				struct agent_msg *m);
	/*
	 * The TNCC announced the access decision (ALLOWED, ISOLATED or
	 * NONE); may be NULL. The connection stays locked meanwhile, so an
	 * IMC may wait here for a change to report (and then ask for a
	 * retry), as the client has nothing else to do on it.
	 */
	void (*access_decided)(struct agent_conn *c, void *state,
			       TNC_ConnectionState decision);
};

/* The entry points; called only through AGENT_IMC_PLUGIN. */
TNC_Result agent_imc_initialize(struct agent **slot,
				const struct agent_imc_desc *desc,
				TNC_IMCID id, TNC_Version min, TNC_Version max,
				TNC_Version *actual);
TNC_Result agent_imc_notify(struct agent *a, TNC_IMCID id,
			    TNC_ConnectionID conn, TNC_ConnectionState state);
TNC_Result agent_imc_begin_handshake(struct agent *a, TNC_IMCID id,
				     TNC_ConnectionID conn);
TNC_Result agent_imc_receive(struct agent *a, TNC_IMCID id,
			     TNC_ConnectionID conn, TNC_UInt32 vendor,
			     TNC_UInt32 subtype, TNC_UInt32 src,
			     const uint8_t *msg, size_t len);
TNC_Result agent_imc_batch_ending(struct agent *a, TNC_IMCID id,
				  TNC_ConnectionID conn);
TNC_Result agent_imc_bind(struct agent *a, TNC_IMCID id,
			  TNC_TNCC_BindFunctionPointer bind);
TNC_Result agent_imc_terminate(struct agent **slot, TNC_IMCID id);

/*
 * Defines the TNC_IMC_* functions of a plugin described by desc (a
 * struct agent_imc_desc) and its one agent instance.
 */
#define AGENT_IMC_PLUGIN(desc)						\
static struct agent *agent_imc_instance;				\
AGENT_EXPORT TNC_Result TNC_IMC_Initialize(TNC_IMCID imcID,		\
	TNC_Version minVersion, TNC_Version maxVersion,			\
	TNC_Version *pOutActualVersion)					\
{									\
	return agent_imc_initialize(&agent_imc_instance, &(desc), imcID,\
				    minVersion, maxVersion,		\
				    pOutActualVersion);			\
}									\
AGENT_EXPORT TNC_Result TNC_IMC_NotifyConnectionChange(TNC_IMCID imcID,\
	TNC_ConnectionID connectionID, TNC_ConnectionState newState)	\
{									\
	return agent_imc_notify(agent_imc_instance, imcID, connectionID,\
				newState);				\
}									\
AGENT_EXPORT TNC_Result TNC_IMC_BeginHandshake(TNC_IMCID imcID,		\
	TNC_ConnectionID connectionID)					\
{									\
	return agent_imc_begin_handshake(agent_imc_instance, imcID,	\
					 connectionID);			\
}									\
AGENT_EXPORT TNC_Result TNC_IMC_ReceiveMessage(TNC_IMCID imcID,		\
	TNC_ConnectionID connectionID, TNC_BufferReference message,	\
	TNC_UInt32 messageLength, TNC_MessageType messageType)		\
{									\
	return agent_imc_receive(agent_imc_instance, imcID, connectionID,\
				 (messageType >> 8) & 0xffffff,		\
				 messageType & 0xff, AGENT_PEER_ANY,	\
				 message, messageLength);		\
}									\
AGENT_EXPORT TNC_Result TNC_IMC_ReceiveMessageLong(TNC_IMCID imcID,	\
	TNC_ConnectionID connectionID, TNC_UInt32 messageFlags,		\
	TNC_BufferReference message, TNC_UInt32 messageLength,		\
	TNC_VendorID messageVendorID, TNC_MessageSubtype messageSubtype,\
	TNC_UInt32 sourceIMVID, TNC_UInt32 destinationIMCID)		\
{									\
	return agent_imc_receive(agent_imc_instance, imcID, connectionID,\
				 messageVendorID, messageSubtype,	\
				 sourceIMVID, message, messageLength);	\
}									\
AGENT_EXPORT TNC_Result TNC_IMC_BatchEnding(TNC_IMCID imcID,		\
	TNC_ConnectionID connectionID)					\
{									\
	return agent_imc_batch_ending(agent_imc_instance, imcID,	\
				      connectionID);			\
}									\
AGENT_EXPORT TNC_Result TNC_IMC_Terminate(TNC_IMCID imcID)		\
{									\
	return agent_imc_terminate(&agent_imc_instance, imcID);		\
}									\
AGENT_EXPORT TNC_Result TNC_IMC_ProvideBindFunction(TNC_IMCID imcID,	\
	TNC_TNCC_BindFunctionPointer bindFunction)			\
{									\
	return agent_imc_bind(agent_imc_instance, imcID, bindFunction);	\
}

#endif /* IMCV_AGENT_IMC_H */
