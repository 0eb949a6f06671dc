/*
 * tncifimc.h - the TCG IF-IMC 1.3 C ABI: what an IMC exports and what the
 * TNC Client (TNCC) provides to it through TNC_TNCC_BindFunction.
 *
 * An IMC exports at least TNC_IMC_Initialize, TNC_IMC_BeginHandshake and
 * TNC_IMC_ProvideBindFunction; the other entry points are optional.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_TNCIFIMC_H
#define TNC_TNCIFIMC_H

#include "tncif.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef TNC_UInt32 TNC_IMCID;

#define TNC_IFIMC_VERSION_1 1
#define TNC_IMCID_ANY ((TNC_UInt32)0xffff)

/* Functions the TNCC provides (resolved through the bind function) */
typedef TNC_Result (*TNC_TNCC_ReportMessageTypesPointer)(
	TNC_IMCID imcID, TNC_MessageTypeList supportedTypes, TNC_UInt32 typeCount);
typedef TNC_Result (*TNC_TNCC_ReportMessageTypesLongPointer)(
	TNC_IMCID imcID, TNC_VendorIDList supportedVendorIDs,
	TNC_MessageSubtypeList supportedSubtypes, TNC_UInt32 typeCount);
typedef TNC_Result (*TNC_TNCC_SendMessagePointer)(
	TNC_IMCID imcID, TNC_ConnectionID connectionID,
	TNC_BufferReference message, TNC_UInt32 messageLength,
	TNC_MessageType messageType);
typedef TNC_Result (*TNC_TNCC_SendMessageSOHPointer)(
	TNC_IMCID imcID, TNC_ConnectionID connectionID,
	TNC_BufferReference sohReportEntry, TNC_UInt32 sohRELength);
typedef TNC_Result (*TNC_TNCC_SendMessageLongPointer)(
	TNC_IMCID imcID, TNC_ConnectionID connectionID, TNC_UInt32 messageFlags,
	TNC_BufferReference message, TNC_UInt32 messageLength,
	TNC_VendorID messageVendorID, TNC_MessageSubtype messageSubtype,
	TNC_UInt32 destinationIMVID);
typedef TNC_Result (*TNC_TNCC_RequestHandshakeRetryPointer)(
	TNC_IMCID imcID, TNC_ConnectionID connectionID, TNC_RetryReason reason);
typedef TNC_Result (*TNC_TNCC_GetAttributePointer)(
	TNC_IMCID imcID, TNC_ConnectionID connectionID,
	TNC_AttributeID attributeID, TNC_UInt32 bufferLength,
	TNC_BufferReference buffer, TNC_UInt32 *pOutValueLength);
typedef TNC_Result (*TNC_TNCC_SetAttributePointer)(
	TNC_IMCID imcID, TNC_ConnectionID connectionID,
	TNC_AttributeID attributeID, TNC_UInt32 bufferLength,
	TNC_BufferReference buffer);
typedef TNC_Result (*TNC_TNCC_ReserveAdditionalIMCIDPointer)(
	TNC_IMCID imcID, TNC_UInt32 *pOutIMCID);
typedef TNC_Result (*TNC_TNCC_BindFunctionPointer)(
	TNC_IMCID imcID, char *functionName, void **pOutfunctionPointer);

/* Functions an IMC exports */
typedef TNC_Result (*TNC_IMC_InitializePointer)(
	TNC_IMCID imcID, TNC_Version minVersion, TNC_Version maxVersion,
	TNC_Version *pOutActualVersion);
typedef TNC_Result (*TNC_IMC_NotifyConnectionChangePointer)(
	TNC_IMCID imcID, TNC_ConnectionID connectionID,
	TNC_ConnectionState newState);
typedef TNC_Result (*TNC_IMC_BeginHandshakePointer)(
	TNC_IMCID imcID, TNC_ConnectionID connectionID);
typedef TNC_Result (*TNC_IMC_ReceiveMessagePointer)(
	TNC_IMCID imcID, TNC_ConnectionID connectionID,
	TNC_BufferReference message, TNC_UInt32 messageLength,
	TNC_MessageType messageType);
typedef TNC_Result (*TNC_IMC_ReceiveMessageSOHPointer)(
	TNC_IMCID imcID, TNC_ConnectionID connectionID,
	TNC_BufferReference sohrReportEntry, TNC_UInt32 sohrRELength,
	TNC_MessageType systemHealthID);
typedef TNC_Result (*TNC_IMC_ReceiveMessageLongPointer)(
	TNC_IMCID imcID, TNC_ConnectionID connectionID, TNC_UInt32 messageFlags,
	TNC_BufferReference message, TNC_UInt32 messageLength,
	TNC_VendorID messageVendorID, TNC_MessageSubtype messageSubtype,
	TNC_UInt32 sourceIMVID, TNC_UInt32 destinationIMCID);
typedef TNC_Result (*TNC_IMC_BatchEndingPointer)(
	TNC_IMCID imcID, TNC_ConnectionID connectionID);
typedef TNC_Result (*TNC_IMC_TerminatePointer)(TNC_IMCID imcID);
typedef TNC_Result (*TNC_IMC_ProvideBindFunctionPointer)(
	TNC_IMCID imcID, TNC_TNCC_BindFunctionPointer bindFunction);

TNC_IMC_API TNC_Result TNC_IMC_Initialize(TNC_IMCID imcID,
	TNC_Version minVersion, TNC_Version maxVersion,
	TNC_Version *pOutActualVersion);
TNC_IMC_API TNC_Result TNC_IMC_NotifyConnectionChange(TNC_IMCID imcID,
	TNC_ConnectionID connectionID, TNC_ConnectionState newState);
TNC_IMC_API TNC_Result TNC_IMC_BeginHandshake(TNC_IMCID imcID,
	TNC_ConnectionID connectionID);
TNC_IMC_API TNC_Result TNC_IMC_ReceiveMessage(TNC_IMCID imcID,
	TNC_ConnectionID connectionID, TNC_BufferReference message,
	TNC_UInt32 messageLength, TNC_MessageType messageType);
TNC_IMC_API TNC_Result TNC_IMC_ReceiveMessageSOH(TNC_IMCID imcID,
	TNC_ConnectionID connectionID, TNC_BufferReference sohrReportEntry,
	TNC_UInt32 sohrRELength, TNC_MessageType systemHealthID);
TNC_IMC_API TNC_Result TNC_IMC_ReceiveMessageLong(TNC_IMCID imcID,
	TNC_ConnectionID connectionID, TNC_UInt32 messageFlags,
	TNC_BufferReference message, TNC_UInt32 messageLength,
	TNC_VendorID messageVendorID, TNC_MessageSubtype messageSubtype,
	TNC_UInt32 sourceIMVID, TNC_UInt32 destinationIMCID);
TNC_IMC_API TNC_Result TNC_IMC_BatchEnding(TNC_IMCID imcID,
	TNC_ConnectionID connectionID);
TNC_IMC_API TNC_Result TNC_IMC_Terminate(TNC_IMCID imcID);
TNC_IMC_API TNC_Result TNC_IMC_ProvideBindFunction(TNC_IMCID imcID,
	TNC_TNCC_BindFunctionPointer bindFunction);

/* Provided by the TNCC; plugins reach them through the bind function. */
TNC_Result TNC_TNCC_ReportMessageTypes(TNC_IMCID imcID,
	TNC_MessageTypeList supportedTypes, TNC_UInt32 typeCount);
TNC_Result TNC_TNCC_ReportMessageTypesLong(TNC_IMCID imcID,
	TNC_VendorIDList supportedVendorIDs,
	TNC_MessageSubtypeList supportedSubtypes, TNC_UInt32 typeCount);
TNC_Result TNC_TNCC_SendMessage(TNC_IMCID imcID,
	TNC_ConnectionID connectionID, TNC_BufferReference message,
	TNC_UInt32 messageLength, TNC_MessageType messageType);
TNC_Result TNC_TNCC_SendMessageLong(TNC_IMCID imcID,
	TNC_ConnectionID connectionID, TNC_UInt32 messageFlags,
	TNC_BufferReference message, TNC_UInt32 messageLength,
	TNC_VendorID messageVendorID, TNC_MessageSubtype messageSubtype,
	TNC_UInt32 destinationIMVID);
TNC_Result TNC_TNCC_RequestHandshakeRetry(TNC_IMCID imcID,
	TNC_ConnectionID connectionID, TNC_RetryReason reason);
TNC_Result TNC_TNCC_GetAttribute(TNC_IMCID imcID,
	TNC_ConnectionID connectionID, TNC_AttributeID attributeID,
	TNC_UInt32 bufferLength, TNC_BufferReference buffer,
	TNC_UInt32 *pOutValueLength);
TNC_Result TNC_TNCC_SetAttribute(TNC_IMCID imcID,
	TNC_ConnectionID connectionID, TNC_AttributeID attributeID,
	TNC_UInt32 bufferLength, TNC_BufferReference buffer);
TNC_Result TNC_TNCC_ReserveAdditionalIMCID(TNC_IMCID imcID,
	TNC_UInt32 *pOutIMCID);
TNC_Result TNC_TNCC_BindFunction(TNC_IMCID imcID, char *functionName,
	void **pOutfunctionPointer);

#ifdef __cplusplus
}
#endif

#endif /* TNC_TNCIFIMC_H */
