/*
 * log.h - one line per protocol event, tagged with its subsystem.
 *
 * Operators read these lines to learn why an endpoint was blocked, so each
 * says what happened in the spec's own words, e.g.
 *   [TNC] PB-TNC state transition from 'Init' to 'Server Working'
 * Levels follow the reference's debug levels: 0 = errors and decisions
 * only, 1 = protocol events (default), 2 = details, 3 = raw data.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TNC_LOG_H
#define TNC_LOG_H

#include <stdio.h>

enum log_subsys { LOG_TNC, LOG_IMV, LOG_IMC, LOG_PTS, LOG_TLS, LOG_CFG,
		  LOG_SUBSYS_COUNT };

/* Sets the level of one subsystem, or of all when subsys is -1. */
void log_set_level(int subsys, int level);
int log_get_level(enum log_subsys subsys);
/* Where lines go; stderr when never set. Not owned by the log module. */
void log_set_stream(FILE *stream);
/* Looks a subsystem up by its tag ("tnc", "imv", ...); -1 when unknown. */
int log_subsys_by_name(const char *name);

void log_line(enum log_subsys subsys, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define log_tnc(level, ...) log_line(LOG_TNC, level, __VA_ARGS__)
#define log_imv(level, ...) log_line(LOG_IMV, level, __VA_ARGS__)
#define log_imc(level, ...) log_line(LOG_IMC, level, __VA_ARGS__)
#define log_tls(level, ...) log_line(LOG_TLS, level, __VA_ARGS__)
#define log_cfg(level, ...) log_line(LOG_CFG, level, __VA_ARGS__)

#endif /* TNC_LOG_H */
