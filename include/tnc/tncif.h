/*
 * tncif.h - types and constants shared by the TCG IF-IMV and IF-IMC C ABI.
 *
 * Plugin authors include <tnc/tncifimv.h> or <tnc/tncifimc.h>, which include
 * this file. The widths follow the TCG "DLL platform binding": every scalar is
 * an unsigned long, which is 8 bytes on LP64 Linux. Modules built against the
 * widely deployed copies of the TCG headers rely on exactly this, so do not
 * change TNC_UInt32 to a 32-bit type: only its low 32 bits carry meaning.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_TNCIF_H
#define TNC_TNCIF_H

#ifdef __cplusplus
extern "C" {
#endif

#define TNC_IMV_API
#define TNC_IMC_API

typedef unsigned long TNC_UInt32;
typedef unsigned char *TNC_BufferReference;

typedef TNC_UInt32 TNC_ConnectionID;
typedef TNC_UInt32 TNC_ConnectionState;
typedef TNC_UInt32 TNC_RetryReason;
typedef TNC_UInt32 TNC_MessageType;
typedef TNC_MessageType *TNC_MessageTypeList;
typedef TNC_UInt32 TNC_VendorID;
typedef TNC_VendorID *TNC_VendorIDList;
typedef TNC_UInt32 TNC_MessageSubtype;
typedef TNC_MessageSubtype *TNC_MessageSubtypeList;
typedef TNC_UInt32 TNC_Version;
typedef TNC_UInt32 TNC_Result;
typedef TNC_UInt32 TNC_AttributeID;

/* Result codes */
#define TNC_RESULT_SUCCESS                   0
#define TNC_RESULT_NOT_INITIALIZED           1
#define TNC_RESULT_ALREADY_INITIALIZED       2
#define TNC_RESULT_NO_COMMON_VERSION         3
#define TNC_RESULT_CANT_RETRY                4
#define TNC_RESULT_WONT_RETRY                5
#define TNC_RESULT_INVALID_PARAMETER         6
#define TNC_RESULT_CANT_RESPOND              7
#define TNC_RESULT_ILLEGAL_OPERATION         8
#define TNC_RESULT_OTHER                     9
#define TNC_RESULT_FATAL                     10
#define TNC_RESULT_EXCEEDED_MAX_ROUND_TRIPS  0x00559700
#define TNC_RESULT_EXCEEDED_MAX_MESSAGE_SIZE 0x00559701
#define TNC_RESULT_NO_LONG_MESSAGE_TYPES     0x00559702
#define TNC_RESULT_NO_SOH_SUPPORT            0x00559703

/* Connection states */
#define TNC_CONNECTION_STATE_CREATE          0
#define TNC_CONNECTION_STATE_HANDSHAKE       1
#define TNC_CONNECTION_STATE_ACCESS_ALLOWED  2
#define TNC_CONNECTION_STATE_ACCESS_ISOLATED 3
#define TNC_CONNECTION_STATE_ACCESS_NONE     4
#define TNC_CONNECTION_STATE_DELETE          5

/* A 32-bit value, also on LP64: not ~0UL */
#define TNC_CONNECTIONID_ANY 0xFFFFFFFF

/* Vendor IDs, subtypes and message flags */
#define TNC_VENDORID_TCG     0
#define TNC_VENDORID_TCG_NEW 0x005597
#define TNC_VENDORID_ANY     ((TNC_VendorID)0xffffff)
#define TNC_SUBTYPE_ANY      ((TNC_MessageSubtype)0xff)
#define TNC_MESSAGE_FLAGS_EXCLUSIVE ((TNC_UInt32)0x80000000)

/* Retry reasons (0..3 are the IMC's, 4..8 the IMV's) */
#define TNC_RETRY_REASON_IMC_REMEDIATION_COMPLETE    0
#define TNC_RETRY_REASON_IMC_SERIOUS_EVENT           1
#define TNC_RETRY_REASON_IMC_INFORMATIONAL_EVENT     2
#define TNC_RETRY_REASON_IMC_PERIODIC                3
#define TNC_RETRY_REASON_IMV_IMPORTANT_POLICY_CHANGE 4
#define TNC_RETRY_REASON_IMV_MINOR_POLICY_CHANGE     5
#define TNC_RETRY_REASON_IMV_SERIOUS_EVENT           6
#define TNC_RETRY_REASON_IMV_MINOR_EVENT             7
#define TNC_RETRY_REASON_IMV_PERIODIC                8

/* Attribute IDs */
#define TNC_ATTRIBUTEID_PREFERRED_LANGUAGE ((TNC_AttributeID)0x00000001)
#define TNC_ATTRIBUTEID_REASON_STRING      ((TNC_AttributeID)0x00000002)
#define TNC_ATTRIBUTEID_REASON_LANGUAGE    ((TNC_AttributeID)0x00000003)
#define TNC_ATTRIBUTEID_MAX_ROUND_TRIPS    ((TNC_AttributeID)0x00559700)
#define TNC_ATTRIBUTEID_MAX_MESSAGE_SIZE   ((TNC_AttributeID)0x00559701)
#define TNC_ATTRIBUTEID_DHPN               ((TNC_AttributeID)0x00559702)
#define TNC_ATTRIBUTEID_HAS_LONG_TYPES     ((TNC_AttributeID)0x00559703)
#define TNC_ATTRIBUTEID_HAS_EXCLUSIVE      ((TNC_AttributeID)0x00559704)
#define TNC_ATTRIBUTEID_HAS_SOH            ((TNC_AttributeID)0x00559705)
#define TNC_ATTRIBUTEID_SOH                ((TNC_AttributeID)0x00559706)
#define TNC_ATTRIBUTEID_SSOH               ((TNC_AttributeID)0x00559707)
#define TNC_ATTRIBUTEID_SOHR               ((TNC_AttributeID)0x00559708)
#define TNC_ATTRIBUTEID_SSOHR              ((TNC_AttributeID)0x00559709)
#define TNC_ATTRIBUTEID_IFTNCCS_PROTOCOL   ((TNC_AttributeID)0x0055970A)
#define TNC_ATTRIBUTEID_IFTNCCS_VERSION    ((TNC_AttributeID)0x0055970B)
#define TNC_ATTRIBUTEID_IFT_PROTOCOL       ((TNC_AttributeID)0x0055970C)
#define TNC_ATTRIBUTEID_IFT_VERSION        ((TNC_AttributeID)0x0055970D)
#define TNC_ATTRIBUTEID_TLS_UNIQUE         ((TNC_AttributeID)0x0055970E)
#define TNC_ATTRIBUTEID_PRIMARY_IMV_ID     ((TNC_AttributeID)0x00559710)
#define TNC_ATTRIBUTEID_PRIMARY_IMC_ID     ((TNC_AttributeID)0x00559711)
#define TNC_ATTRIBUTEID_AR_IDENTITIES      ((TNC_AttributeID)0x00559712)

/* Values inside the AR_IDENTITIES attribute */
#define TNC_ID_UNKNOWN    0
#define TNC_ID_IPV4_ADDR  1
#define TNC_ID_IPV6_ADDR  2
#define TNC_ID_FQDN       3
#define TNC_ID_EMAIL_ADDR 4
#define TNC_ID_USERNAME   5
#define TNC_ID_X500_DN    6

#define TNC_SUBJECT_UNKNOWN 0
#define TNC_SUBJECT_MACHINE 1
#define TNC_SUBJECT_USER    2

#define TNC_AUTH_UNKNOWN   0
#define TNC_AUTH_X509_CERT 1
#define TNC_AUTH_PASSWORD  2
#define TNC_AUTH_SIM       3

#ifdef __cplusplus
}
#endif

#endif /* TNC_TNCIF_H */
