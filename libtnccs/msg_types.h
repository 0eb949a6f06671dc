/*
 * msg_types.h - the message types an IMV or IMC subscribed to through
 * ReportMessageTypes(Long), and the matching rule for delivery.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_MSG_TYPES_H
#define TNC_MSG_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tnc/tncif.h>

struct msg_type {
	uint32_t vendor;
	uint32_t subtype;
};

struct msg_type_list {
	struct msg_type *types;	/* owned */
	size_t count;
};

/* Both replace the whole list; count 0 or a NULL list clears it. */
TNC_Result msg_types_set_short(struct msg_type_list *l,
			       const TNC_MessageType *types, TNC_UInt32 count);
TNC_Result msg_types_set_long(struct msg_type_list *l,
			      const TNC_VendorID *vendors,
			      const TNC_MessageSubtype *subtypes,
			      TNC_UInt32 count);
bool msg_types_match(const struct msg_type_list *l, uint32_t vendor,
		     uint32_t subtype);
void msg_types_free(struct msg_type_list *l);

#endif /* TNC_MSG_TYPES_H */
