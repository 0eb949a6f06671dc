/*
 * pb_tnc_state.c - the PB-TNC state machine (RFC 5793 section 3.2) as a
 * table: (state, batch type) -> next state. Both roles run the same table;
 * sending and receiving a batch cause the same transition.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pb_tnc.h"

#define NSTATES (PB_STATE_END + 1)
#define NTYPES (PB_BATCH_CLOSE + 1)
#define ILLEGAL (-1)

static const char *const state_names[NSTATES] = {
	[PB_STATE_INIT] = "Init",
	[PB_STATE_SERVER_WORKING] = "Server Working",
	[PB_STATE_CLIENT_WORKING] = "Client Working",
	[PB_STATE_DECIDED] = "Decided",
	[PB_STATE_END] = "End",
};

#define I ILLEGAL
#define SW PB_STATE_SERVER_WORKING
#define CW PB_STATE_CLIENT_WORKING
#define DE PB_STATE_DECIDED
#define EN PB_STATE_END

static const int transitions[NSTATES][NTYPES] = {
	/*                  NONE CDATA SDATA RESULT CRETRY SRETRY CLOSE */
	[PB_STATE_INIT]           = { I, SW, CW, I,  I,  I,  EN },
	[PB_STATE_SERVER_WORKING] = { I, I,  CW, DE, SW, CW, EN },
	[PB_STATE_CLIENT_WORKING] = { I, SW, I,  I,  SW, CW, EN },
	[PB_STATE_DECIDED]        = { I, I,  I,  I,  SW, SW, EN },
	[PB_STATE_END]            = { I, I,  I,  I,  I,  I,  EN },
};

#undef I
#undef SW
#undef CW
#undef DE
#undef EN

const char *pb_state_name(enum pb_state state)
{
	return (unsigned)state < NSTATES ? state_names[state] : "unknown";
}

bool pb_state_next(enum pb_state cur, enum pb_batch_type type,
		   enum pb_state *next)
{
	int n;

	if ((unsigned)cur >= NSTATES || (unsigned)type >= NTYPES)
		return false;
	n = transitions[cur][type];
	if (n == ILLEGAL)
		return false;
	*next = (enum pb_state)n;
	return true;
}

bool pb_batch_sent_by(enum pb_batch_type type, bool server)
{
	switch (type) {
	case PB_BATCH_CDATA:
	case PB_BATCH_CRETRY:
		return !server;
	case PB_BATCH_SDATA:
	case PB_BATCH_RESULT:
	case PB_BATCH_SRETRY:
		return server;
	case PB_BATCH_CLOSE:
		return true;
	default:
		return false;
	}
}
