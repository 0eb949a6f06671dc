/*
 * imc_manager.h - the IF-IMC host of the TNC Client: loads the IMCs listed
 * in tnc_config, gives each its ID, provides the TNCC functions through
 * TNC_TNCC_BindFunction and calls the IMCs for each connection. The mirror
 * of imv_manager.h; one per process, as the ABI forces.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_IMC_MANAGER_H
#define TNC_IMC_MANAGER_H

#include <stdbool.h>
#include <stddef.h>

#include <tnc/tncifimc.h>

#include "conn_table.h"
#include "plugin_registry.h"
#include "pb_tnc.h"

struct imc_functions {
	TNC_IMC_InitializePointer initialize;
	TNC_IMC_NotifyConnectionChangePointer notify_connection_change;
	TNC_IMC_BeginHandshakePointer begin_handshake;
	TNC_IMC_ReceiveMessagePointer receive_message;
	TNC_IMC_ReceiveMessageLongPointer receive_message_long;
	TNC_IMC_BatchEndingPointer batch_ending;
	TNC_IMC_TerminatePointer terminate;
	TNC_IMC_ProvideBindFunctionPointer provide_bind_function;
};

#define IMC_MAX PLUGIN_MAX

struct imc_manager {
	struct plugin_registry reg;
	struct imc_functions fn[IMC_MAX];
	struct conn_table conns;
};

struct imc_manager *imc_manager_new(void);
size_t imc_manager_load_config(struct imc_manager *m, const char *path);
int imc_manager_load(struct imc_manager *m, const char *name,
		     const char *path);
void imc_manager_free(struct imc_manager *m);

void imc_manager_notify(struct imc_manager *m, TNC_ConnectionID conn,
			TNC_ConnectionState state);
void imc_manager_begin_handshake(struct imc_manager *m,
				 TNC_ConnectionID conn);
size_t imc_manager_deliver(struct imc_manager *m, TNC_ConnectionID conn,
			   const struct pb_pa *pa);
void imc_manager_batch_ending(struct imc_manager *m, TNC_ConnectionID conn);

#endif /* TNC_IMC_MANAGER_H */
