/*
 * imv_manager.h - the IF-IMV host of the TNC Server: loads the IMVs listed
 * in tnc_config, gives each its ID, provides the TNCS functions through
 * TNC_TNCS_BindFunction and calls the IMVs for each connection.
 *
 * The ABI names connections and IMVs by number only, so one manager per
 * process is installed as "the" TNCS that the bound functions reach; this
 * is the only process-wide state of the server core.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_IMV_MANAGER_H
#define TNC_IMV_MANAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tnc/tncifimv.h>

#include "conn_table.h"
#include "plugin_registry.h"
#include "pb_tnc.h"
#include "recommendation.h"

struct imv_functions {
	TNC_IMV_InitializePointer initialize;
	TNC_IMV_NotifyConnectionChangePointer notify_connection_change;
	TNC_IMV_ReceiveMessagePointer receive_message;
	TNC_IMV_ReceiveMessageLongPointer receive_message_long;
	TNC_IMV_SolicitRecommendationPointer solicit_recommendation;
	TNC_IMV_BatchEndingPointer batch_ending;
	TNC_IMV_TerminatePointer terminate;
	TNC_IMV_ProvideBindFunctionPointer provide_bind_function;
};

#define IMV_MAX PLUGIN_MAX

struct imv_manager {
	/* Names, IDs and subscriptions of the IMVs, by slot */
	struct plugin_registry reg;
	struct imv_functions fn[IMV_MAX];
	enum rec_policy policy;
	struct conn_table conns;
};

/* Creates the manager and installs it as the process's TNCS. */
struct imv_manager *imv_manager_new(enum rec_policy policy);
/* Loads every IMV line of a tnc_config file; returns how many loaded. */
size_t imv_manager_load_config(struct imv_manager *m, const char *path);
/* Loads one IMV; 0 or -1 (reported in the log, nothing left behind). */
int imv_manager_load(struct imv_manager *m, const char *name,
		     const char *path);
/* How many IMVs are loaded, and the name and ID of one. */
size_t imv_manager_count(struct imv_manager *m);
const char *imv_manager_name(struct imv_manager *m, size_t slot);
TNC_IMVID imv_manager_id(struct imv_manager *m, size_t slot);
/* Terminates and unloads the IMVs, last loaded first, and frees m. */
void imv_manager_free(struct imv_manager *m);

/* Calls into the IMVs for one connection (return codes are ignored). */
void imv_manager_notify(struct imv_manager *m, TNC_ConnectionID conn,
			TNC_ConnectionState state);
/* Hands a PB-PA message to every subscribed IMV; returns how many. */
size_t imv_manager_deliver(struct imv_manager *m, TNC_ConnectionID conn,
			   const struct pb_pa *pa);
void imv_manager_batch_ending(struct imv_manager *m, TNC_ConnectionID conn);
void imv_manager_solicit(struct imv_manager *m, TNC_ConnectionID conn);

#endif /* TNC_IMV_MANAGER_H */
