/*
 * agent_imv.h - an IMV on the agent layer: its description, the macro
 * that defines its TNC_IMV_* entry points, and the calls that move a
 * policy session along (policy-manager.md sections 4 to 8).
 *
 * Life of a connection, as the agent runs it:
 *  1. The plugin's attribute handlers record what the IMC reports.
 *  2. A plugin with starts_policy calls agent_imv_start_policy once it
 *     knows product and device: the agent writes the session rows, runs
 *     "<policy_script> start <session id>" and loads the session's
 *     workitems from the database.
 *  3. At each batch ending the agent offers every unclaimed workitem of
 *     the plugin's types to workitem_start; the plugin finishes each with
 *     agent_imv_workitem_done, at once or when the answer to its request
 *     arrives.
 *  4. When the plugin owns no open workitem, the agent sends the IETF
 *     Assessment Result (and a remediation text, if one was set) and
 *     provides the recommendation: the workitem results merged by the
 *     rules of policy-manager.md section 5.1; ALLOW / DON'T KNOW when
 *     there was none of its types.
 *  5. When the TNCS announces the access decision, the IMV that started
 *     the policy writes sessions.rec and runs "<policy_script> stop".
 *
 * Configuration comes from the environment the TNC server sets up:
 * TNC_DATABASE (the policy database URI, opened once per plugin) and
 * TNC_POLICY_SCRIPT (the policy command; without it the session rows are
 * still written and workitems loaded, but no command runs). Without a
 * database the agent follows policy-manager.md section 7: once the
 * policy would start, the IMV allows with DON'T KNOW.
 *
 * Several IMVs in one TNC server are separate .so files, each with its
 * own copy of this library, so they share no memory. An IMV that does not
 * start the policy finds the session in the database instead: the newest
 * sessions row of its connection ID created since it saw the connection,
 * looked for again at every batch ending until found. Its workitems then
 * come from the database as well.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_AGENT_IMV_H
#define IMCV_AGENT_IMV_H

#include <tnc/tncifimv.h>

#include "agent.h"
#include "db.h"
#include "workitem.h"

struct agent_imv_desc {
	struct agent_plugin base;
	/* The owner column of workitem.h whose workitems this IMV claims. */
	enum workitem_owner owner;
	/* When set, exactly these types instead of those of owner. */
	const enum workitem_type *workitem_types;
	size_t workitem_type_count;
	/* This IMV creates the session and runs the policy command. */
	bool starts_policy;
	/*
	 * A workitem the agent has just claimed for this IMV. w stays valid
	 * until the connection ends; finish it with agent_imv_workitem_done.
	 */
	void (*workitem_start)(struct agent_conn *c, void *state,
			       struct workitem *w);
	/*
	 * The TNCS wants the recommendation now (may be NULL): finish what
	 * can be finished. Nothing can be sent from here.
	 */
	void (*solicit)(struct agent_conn *c, void *state);
};

/*
 * Creates the policy session of c: session rows for product ("<OS name>
 * <OS version>") and device (the ITA Device ID, or "unknown"), the policy
 * command's "start", and the workitems. Once per connection and
 * handshake. false when it was not started (logged); when the database
 * failed, the IMV has then decided NO_RECOMMENDATION / ERROR.
 */
bool agent_imv_start_policy(struct agent_conn *c, const char *product,
			    const char *device);
/* Whether the policy of c has started (workitems are known). */
bool agent_imv_policy_started(const struct agent_conn *c);

/*
 * Finishes a workitem: result is the text stored in workitems.result
 * (policy-manager.md section 9), eval decides rec_final.
 */
void agent_imv_workitem_done(struct agent_conn *c, struct workitem *w,
			     TNC_IMV_Evaluation_Result eval,
			     const char *result);

/*
 * Ends the assessment without (more) workitems, e.g. when what the policy
 * needs never came: folds (rec, eval) in and decides at once.
 */
void agent_imv_finish(struct agent_conn *c, TNC_IMV_Action_Recommendation rec,
		      TNC_IMV_Evaluation_Result eval);

/*
 * The plugin's policy database (borrowed), NULL without one; for an IMV
 * that checks what it received against tables of its own, such as the
 * OS IMV's packages and versions.
 */
struct db *agent_imv_db(const struct agent_conn *c);
/*
 * The sessions.id of c's policy session, 0 while there is none; what the
 * SWIMA IMV names in its REST calls and session rows.
 */
int64_t agent_imv_session_id(const struct agent_conn *c);

/* A remediation text sent with the assessment (copied). */
void agent_imv_set_remediation(struct agent_conn *c, const char *text);
/*
 * The reason for the recommendation, in English, handed to the TNCS with
 * it (IF-IMV SetAttribute reason string); copied, NULL clears it. The
 * TNCS passes it on to the endpoint in the PB-TNC result.
 */
void agent_imv_set_reason(struct agent_conn *c, const char *text);

/* The entry points; called only through AGENT_IMV_PLUGIN. */
TNC_Result agent_imv_initialize(struct agent **slot,
				const struct agent_imv_desc *desc,
				TNC_IMVID id, TNC_Version min, TNC_Version max,
				TNC_Version *actual);
TNC_Result agent_imv_notify(struct agent *a, TNC_IMVID id,
			    TNC_ConnectionID conn, TNC_ConnectionState state);
TNC_Result agent_imv_receive(struct agent *a, TNC_IMVID id,
			     TNC_ConnectionID conn, TNC_UInt32 vendor,
			     TNC_UInt32 subtype, TNC_UInt32 src,
			     const uint8_t *msg, size_t len);
TNC_Result agent_imv_batch_ending(struct agent *a, TNC_IMVID id,
				  TNC_ConnectionID conn);
TNC_Result agent_imv_solicit(struct agent *a, TNC_IMVID id,
			     TNC_ConnectionID conn);
TNC_Result agent_imv_bind(struct agent *a, TNC_IMVID id,
			  TNC_TNCS_BindFunctionPointer bind);
TNC_Result agent_imv_terminate(struct agent **slot, TNC_IMVID id);

/*
 * Defines the TNC_IMV_* functions of a plugin described by desc (a
 * struct agent_imv_desc) and its one agent instance. Only these symbols
 * are exported when the plugin is built with hidden visibility.
 */
#define AGENT_IMV_PLUGIN(desc)						\
static struct agent *agent_imv_instance;				\
AGENT_EXPORT TNC_Result TNC_IMV_Initialize(TNC_IMVID imvID,		\
	TNC_Version minVersion, TNC_Version maxVersion,			\
	TNC_Version *pOutActualVersion)					\
{									\
	return agent_imv_initialize(&agent_imv_instance, &(desc), imvID,\
				    minVersion, maxVersion,		\
				    pOutActualVersion);			\
}									\
AGENT_EXPORT TNC_Result TNC_IMV_NotifyConnectionChange(TNC_IMVID imvID,\
	TNC_ConnectionID connectionID, TNC_ConnectionState newState)	\
{									\
	return agent_imv_notify(agent_imv_instance, imvID, connectionID,\
				newState);				\
}									\
AGENT_EXPORT TNC_Result TNC_IMV_ReceiveMessage(TNC_IMVID imvID,		\
	TNC_ConnectionID connectionID, TNC_BufferReference message,	\
	TNC_UInt32 messageLength, TNC_MessageType messageType)		\
{									\
	return agent_imv_receive(agent_imv_instance, imvID, connectionID,\
				 (messageType >> 8) & 0xffffff,		\
				 messageType & 0xff, AGENT_PEER_ANY,	\
				 message, messageLength);		\
}									\
AGENT_EXPORT TNC_Result TNC_IMV_ReceiveMessageLong(TNC_IMVID imvID,	\
	TNC_ConnectionID connectionID, TNC_UInt32 messageFlags,		\
	TNC_BufferReference message, TNC_UInt32 messageLength,		\
	TNC_VendorID messageVendorID, TNC_MessageSubtype messageSubtype,\
	TNC_UInt32 sourceIMCID, TNC_UInt32 destinationIMVID)		\
{									\
	return agent_imv_receive(agent_imv_instance, imvID, connectionID,\
				 messageVendorID, messageSubtype,	\
				 sourceIMCID, message, messageLength);	\
}									\
AGENT_EXPORT TNC_Result TNC_IMV_BatchEnding(TNC_IMVID imvID,		\
	TNC_ConnectionID connectionID)					\
{									\
	return agent_imv_batch_ending(agent_imv_instance, imvID,	\
				      connectionID);			\
}									\
AGENT_EXPORT TNC_Result TNC_IMV_SolicitRecommendation(TNC_IMVID imvID,	\
	TNC_ConnectionID connectionID)					\
{									\
	return agent_imv_solicit(agent_imv_instance, imvID, connectionID);\
}									\
AGENT_EXPORT TNC_Result TNC_IMV_Terminate(TNC_IMVID imvID)		\
{									\
	return agent_imv_terminate(&agent_imv_instance, imvID);		\
}									\
AGENT_EXPORT TNC_Result TNC_IMV_ProvideBindFunction(TNC_IMVID imvID,	\
	TNC_TNCS_BindFunctionPointer bindFunction)			\
{									\
	return agent_imv_bind(agent_imv_instance, imvID, bindFunction);	\
}

#endif /* IMCV_AGENT_IMV_H */
