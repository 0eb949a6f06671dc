/*
 * tncifimv.h - the TCG IF-IMV 1.3 C ABI: what an IMV exports and what the
 * TNC Server (TNCS) provides to it through TNC_TNCS_BindFunction.
 *
 * An IMV is a shared library exporting at least TNC_IMV_Initialize,
 * TNC_IMV_SolicitRecommendation and TNC_IMV_ProvideBindFunction; the other
 * entry points are optional and looked up by name.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_TNCIFIMV_H
#define TNC_TNCIFIMV_H

#include "tncif.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef TNC_UInt32 TNC_IMVID;
typedef TNC_UInt32 TNC_IMV_Action_Recommendation;
typedef TNC_UInt32 TNC_IMV_Evaluation_Result;

#define TNC_IFIMV_VERSION_1 1
#define TNC_IMVID_ANY ((TNC_UInt32)0xffff)

#define TNC_IMV_ACTION_RECOMMENDATION_ALLOW             0
#define TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS         1
#define TNC_IMV_ACTION_RECOMMENDATION_ISOLATE           2
#define TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION 3

#define TNC_IMV_EVALUATION_RESULT_COMPLIANT          0
#define TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR 1
#define TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR 2
#define TNC_IMV_EVALUATION_RESULT_ERROR              3
#define TNC_IMV_EVALUATION_RESULT_DONT_KNOW          4

/* Functions the TNCS provides (resolved through the bind function) */
typedef TNC_Result (*TNC_TNCS_ReportMessageTypesPointer)(
	TNC_IMVID imvID, TNC_MessageTypeList supportedTypes, TNC_UInt32 typeCount);
typedef TNC_Result (*TNC_TNCS_ReportMessageTypesLongPointer)(
	TNC_IMVID imvID, TNC_VendorIDList supportedVendorIDs,
	TNC_MessageSubtypeList supportedSubtypes, TNC_UInt32 typeCount);
typedef TNC_Result (*TNC_TNCS_SendMessagePointer)(
	TNC_IMVID imvID, TNC_ConnectionID connectionID,
	TNC_BufferReference message, TNC_UInt32 messageLength,
	TNC_MessageType messageType);
typedef TNC_Result (*TNC_TNCS_SendMessageSOHPointer)(
	TNC_IMVID imvID, TNC_ConnectionID connectionID,
	TNC_BufferReference sohrReportEntry, TNC_UInt32 sohrRELength);
typedef TNC_Result (*TNC_TNCS_SendMessageLongPointer)(
	TNC_IMVID imvID, TNC_ConnectionID connectionID, TNC_UInt32 messageFlags,
	TNC_BufferReference message, TNC_UInt32 messageLength,
	TNC_VendorID messageVendorID, TNC_MessageSubtype messageSubtype,
	TNC_UInt32 destinationIMCID);
typedef TNC_Result (*TNC_TNCS_RequestHandshakeRetryPointer)(
	TNC_IMVID imvID, TNC_ConnectionID connectionID, TNC_RetryReason reason);
typedef TNC_Result (*TNC_TNCS_ProvideRecommendationPointer)(
	TNC_IMVID imvID, TNC_ConnectionID connectionID,
	TNC_IMV_Action_Recommendation recommendation,
	TNC_IMV_Evaluation_Result evaluation);
typedef TNC_Result (*TNC_TNCS_GetAttributePointer)(
	TNC_IMVID imvID, TNC_ConnectionID connectionID,
	TNC_AttributeID attributeID, TNC_UInt32 bufferLength,
	TNC_BufferReference buffer, TNC_UInt32 *pOutValueLength);
typedef TNC_Result (*TNC_TNCS_SetAttributePointer)(
	TNC_IMVID imvID, TNC_ConnectionID connectionID,
	TNC_AttributeID attributeID, TNC_UInt32 bufferLength,
	TNC_BufferReference buffer);
typedef TNC_Result (*TNC_TNCS_ReserveAdditionalIMVIDPointer)(
	TNC_IMVID imvID, TNC_UInt32 *pOutIMVID);
typedef TNC_Result (*TNC_TNCS_BindFunctionPointer)(
	TNC_IMVID imvID, char *functionName, void **pOutfunctionPointer);

/* Functions an IMV exports */
typedef TNC_Result (*TNC_IMV_InitializePointer)(
	TNC_IMVID imvID, TNC_Version minVersion, TNC_Version maxVersion,
	TNC_Version *pOutActualVersion);
typedef TNC_Result (*TNC_IMV_NotifyConnectionChangePointer)(
	TNC_IMVID imvID, TNC_ConnectionID connectionID,
	TNC_ConnectionState newState);
typedef TNC_Result (*TNC_IMV_ReceiveMessagePointer)(
	TNC_IMVID imvID, TNC_ConnectionID connectionID,
	TNC_BufferReference message, TNC_UInt32 messageLength,
	TNC_MessageType messageType);
typedef TNC_Result (*TNC_IMV_ReceiveMessageSOHPointer)(
	TNC_IMVID imvID, TNC_ConnectionID connectionID,
	TNC_BufferReference sohReportEntry, TNC_UInt32 sohRELength,
	TNC_MessageType systemHealthID);
typedef TNC_Result (*TNC_IMV_ReceiveMessageLongPointer)(
	TNC_IMVID imvID, TNC_ConnectionID connectionID, TNC_UInt32 messageFlags,
	TNC_BufferReference message, TNC_UInt32 messageLength,
	TNC_VendorID messageVendorID, TNC_MessageSubtype messageSubtype,
	TNC_UInt32 sourceIMCID, TNC_UInt32 destinationIMVID);
typedef TNC_Result (*TNC_IMV_SolicitRecommendationPointer)(
	TNC_IMVID imvID, TNC_ConnectionID connectionID);
typedef TNC_Result (*TNC_IMV_BatchEndingPointer)(
	TNC_IMVID imvID, TNC_ConnectionID connectionID);
typedef TNC_Result (*TNC_IMV_TerminatePointer)(TNC_IMVID imvID);
typedef TNC_Result (*TNC_IMV_ProvideBindFunctionPointer)(
	TNC_IMVID imvID, TNC_TNCS_BindFunctionPointer bindFunction);

TNC_IMV_API TNC_Result TNC_IMV_Initialize(TNC_IMVID imvID,
	TNC_Version minVersion, TNC_Version maxVersion,
	TNC_Version *pOutActualVersion);
TNC_IMV_API TNC_Result TNC_IMV_NotifyConnectionChange(TNC_IMVID imvID,
	TNC_ConnectionID connectionID, TNC_ConnectionState newState);
TNC_IMV_API TNC_Result TNC_IMV_ReceiveMessage(TNC_IMVID imvID,
	TNC_ConnectionID connectionID, TNC_BufferReference message,
	TNC_UInt32 messageLength, TNC_MessageType messageType);
TNC_IMV_API TNC_Result TNC_IMV_ReceiveMessageSOH(TNC_IMVID imvID,
	TNC_ConnectionID connectionID, TNC_BufferReference sohReportEntry,
	TNC_UInt32 sohRELength, TNC_MessageType systemHealthID);
TNC_IMV_API TNC_Result TNC_IMV_ReceiveMessageLong(TNC_IMVID imvID,
	TNC_ConnectionID connectionID, TNC_UInt32 messageFlags,
	TNC_BufferReference message, TNC_UInt32 messageLength,
	TNC_VendorID messageVendorID, TNC_MessageSubtype messageSubtype,
	TNC_UInt32 sourceIMCID, TNC_UInt32 destinationIMVID);
TNC_IMV_API TNC_Result TNC_IMV_SolicitRecommendation(TNC_IMVID imvID,
	TNC_ConnectionID connectionID);
TNC_IMV_API TNC_Result TNC_IMV_BatchEnding(TNC_IMVID imvID,
	TNC_ConnectionID connectionID);
TNC_IMV_API TNC_Result TNC_IMV_Terminate(TNC_IMVID imvID);
TNC_IMV_API TNC_Result TNC_IMV_ProvideBindFunction(TNC_IMVID imvID,
	TNC_TNCS_BindFunctionPointer bindFunction);

/* Provided by the TNCS; plugins reach them through the bind function. */
TNC_Result TNC_TNCS_ReportMessageTypes(TNC_IMVID imvID,
	TNC_MessageTypeList supportedTypes, TNC_UInt32 typeCount);
TNC_Result TNC_TNCS_ReportMessageTypesLong(TNC_IMVID imvID,
	TNC_VendorIDList supportedVendorIDs,
	TNC_MessageSubtypeList supportedSubtypes, TNC_UInt32 typeCount);
TNC_Result TNC_TNCS_SendMessage(TNC_IMVID imvID,
	TNC_ConnectionID connectionID, TNC_BufferReference message,
	TNC_UInt32 messageLength, TNC_MessageType messageType);
TNC_Result TNC_TNCS_SendMessageLong(TNC_IMVID imvID,
	TNC_ConnectionID connectionID, TNC_UInt32 messageFlags,
	TNC_BufferReference message, TNC_UInt32 messageLength,
	TNC_VendorID messageVendorID, TNC_MessageSubtype messageSubtype,
	TNC_UInt32 destinationIMCID);
TNC_Result TNC_TNCS_RequestHandshakeRetry(TNC_IMVID imvID,
	TNC_ConnectionID connectionID, TNC_RetryReason reason);
TNC_Result TNC_TNCS_ProvideRecommendation(TNC_IMVID imvID,
	TNC_ConnectionID connectionID,
	TNC_IMV_Action_Recommendation recommendation,
	TNC_IMV_Evaluation_Result evaluation);
TNC_Result TNC_TNCS_GetAttribute(TNC_IMVID imvID,
	TNC_ConnectionID connectionID, TNC_AttributeID attributeID,
	TNC_UInt32 bufferLength, TNC_BufferReference buffer,
	TNC_UInt32 *pOutValueLength);
TNC_Result TNC_TNCS_SetAttribute(TNC_IMVID imvID,
	TNC_ConnectionID connectionID, TNC_AttributeID attributeID,
	TNC_UInt32 bufferLength, TNC_BufferReference buffer);
TNC_Result TNC_TNCS_ReserveAdditionalIMVID(TNC_IMVID imvID,
	TNC_UInt32 *pOutIMVID);
TNC_Result TNC_TNCS_BindFunction(TNC_IMVID imvID, char *functionName,
	void **pOutfunctionPointer);

#ifdef __cplusplus
}
#endif

#endif /* TNC_TNCIFIMV_H */
