/*
 * imc_test.c - the Test IMC (imc-test.so): reports a configured command so
 * that the Test IMV can be steered into any recommendation.
 *
 * Built from the public IF-IMC header alone, to show that a third party can
 * write a collector without the rest of this project.
 *
 * Flow per connection: at the start of every handshake each of the IMC's IDs
 * sends a PA-TNC message [Dummy (optional), Command], both NOSKIP; when the
 * IMV answers "repeat" the addressed ID sends it again; an IETF Assessment
 * Result is recorded; an isolate/none outcome can trigger one handshake
 * retry with a different command.
 *
 * Configuration (environment, read in TNC_IMC_Initialize):
 *   TNC_IMC_TEST_COMMAND         command to send (default "none"; the Test
 *                                IMV knows allow, isolate, block, none, retry)
 *   TNC_IMC_TEST_DUMMY_SIZE      >0 adds an ITA Dummy attribute of that many
 *                                bytes (default 0, at most 10485760, and
 *                                shrunk to fit the TNCC's MAX_MESSAGE_SIZE)
 *   TNC_IMC_TEST_RETRY           yes/no (default no): after an isolate or
 *                                no-access result, ask once for a retry
 *   TNC_IMC_TEST_RETRY_COMMAND   command for the retried handshake
 *                                (default: TNC_IMC_TEST_COMMAND)
 *   TNC_IMC_TEST_ADDITIONAL_IDS  extra IMC IDs to reserve (default 0, at most
 *                                64); each sends its own message
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <tnc/tncifimc.h>

#include "ita_test_msg.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EXPORT __attribute__((visibility("default")))

#define MAX_DUMMY_SIZE (10u * 1024 * 1024)
#define MAX_ADDITIONAL_IDS 64

/* "Any IMV" (IF-IMV's TNC_IMVID_ANY, which the IF-IMC header lacks): the
 * validator address that reaches every IMV. */
#define IMV_ID_ANY ((TNC_UInt32)0xffff)

typedef struct {
	char *command;			/* owned */
	char *retry_command;		/* owned */
	size_t dummy_size;
	bool retry;
	unsigned additional_ids;
} imc_config_t;

typedef struct {
	bool known;
	uint32_t result;
} assessment_t;

typedef struct imc_conn {
	struct imc_conn *next;
	TNC_ConnectionID id;
	pthread_mutex_t lock;		/* guards everything below */
	bool has_long;
	bool has_excl;
	uint32_t max_msg_size;		/* 0 = no limit announced */
	const char *command;		/* one of the config strings */
	bool may_retry;			/* a retry request is still allowed */
	assessment_t *results;		/* [0] primary ID, then additional IDs */
	size_t result_count;
} imc_conn_t;

/*
 * What to send, copied out of a connection under its lock so that the host
 * is called without it: a TNCC may call back into this IMC for the same
 * connection from inside SendMessage or RequestHandshakeRetry.
 */
typedef struct {
	TNC_ConnectionID conn_id;
	bool has_long;
	bool has_excl;
	const char *command;		/* stays valid until Terminate */
	size_t dummy_size;
} measurement_t;

/* The state the IF-IMC ABI forces on a module: one instance per process. */
static struct {
	bool initialized;
	TNC_IMCID id;
	TNC_UInt32 extra_ids[MAX_ADDITIONAL_IDS];
	size_t extra_count;
	imc_config_t cfg;
	struct {
		TNC_TNCC_ReportMessageTypesPointer report_types;
		TNC_TNCC_ReportMessageTypesLongPointer report_types_long;
		TNC_TNCC_SendMessagePointer send;
		TNC_TNCC_SendMessageLongPointer send_long;
		TNC_TNCC_RequestHandshakeRetryPointer request_retry;
		TNC_TNCC_GetAttributePointer get_attribute;
		TNC_TNCC_ReserveAdditionalIMCIDPointer reserve_id;
	} tncc;
	pthread_mutex_t conns_lock;	/* guards the list, not the entries */
	imc_conn_t *conns;
} imc = {
	.conns_lock = PTHREAD_MUTEX_INITIALIZER,
};

/* One write per line, so that lines from concurrent connections stay whole. */
__attribute__((format(printf, 1, 2)))
static void log_line(const char *fmt, ...)
{
	char line[512];
	va_list args;

	va_start(args, fmt);
	vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	fprintf(stderr, "[IMC] Test: %s\n", line);
}

/* ---------------------------------------------------------- configuration */

static unsigned long env_uint(const char *name, unsigned long def, unsigned long max)
{
	const char *text = getenv(name);
	unsigned long value;
	char *end;

	if (!text || !*text)
		return def;
	errno = 0;
	value = strtoul(text, &end, 10);
	/* strtoul() would quietly turn "-1" into a huge number. */
	if (*end || strchr(text, '-') || (errno && errno != ERANGE)) {
		log_line("ignoring invalid %s=\"%s\", using %lu", name, text, def);
		return def;
	}
	if (errno == ERANGE || value > max) {
		log_line("%s=\"%s\" is too large, using %lu", name, text, max);
		return max;
	}
	return value;
}

static bool env_bool(const char *name, bool def)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	const char *text = getenv(name);

	if (!text || !*text)
		return def;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(text, yes[i]) == 0)
			return true;
		if (strcasecmp(text, no[i]) == 0)
			return false;
	}
	log_line("ignoring invalid %s=\"%s\"", name, text);
	return def;
}

static char *env_string(const char *name, const char *def)
{
	const char *text = getenv(name);

	return strdup(text && *text ? text : def);
}

static void config_free(imc_config_t *cfg)
{
	free(cfg->command);
	free(cfg->retry_command);
	memset(cfg, 0, sizeof(*cfg));
}

static bool config_load(imc_config_t *cfg)
{
	cfg->command = env_string("TNC_IMC_TEST_COMMAND", "none");
	cfg->retry_command = cfg->command ?
		env_string("TNC_IMC_TEST_RETRY_COMMAND", cfg->command) : NULL;
	cfg->dummy_size = env_uint("TNC_IMC_TEST_DUMMY_SIZE", 0, MAX_DUMMY_SIZE);
	cfg->retry = env_bool("TNC_IMC_TEST_RETRY", false);
	cfg->additional_ids = (unsigned)env_uint("TNC_IMC_TEST_ADDITIONAL_IDS", 0,
						 MAX_ADDITIONAL_IDS);
	if (!cfg->command || !cfg->retry_command) {
		config_free(cfg);
		return false;
	}
	return true;
}

/* ------------------------------------------------------ host attributes */

static bool get_attribute(TNC_ConnectionID conn_id, TNC_AttributeID attr,
			  unsigned char *buf, size_t size)
{
	TNC_UInt32 len = 0;

	return imc.tncc.get_attribute &&
	       imc.tncc.get_attribute(imc.id, conn_id, attr, size, buf, &len) ==
			TNC_RESULT_SUCCESS &&
	       len == size;
}

/* IF-IMC booleans are one byte, 0x01 for true. */
static bool get_bool_attribute(TNC_ConnectionID conn_id, TNC_AttributeID attr)
{
	unsigned char buf[1];

	return get_attribute(conn_id, attr, buf, sizeof(buf)) && buf[0] == 0x01;
}

/* IF-IMC unsigned integers are four bytes in network order, not a TNC_UInt32. */
static uint32_t get_uint_attribute(TNC_ConnectionID conn_id, TNC_AttributeID attr)
{
	unsigned char b[4];

	if (!get_attribute(conn_id, attr, b, sizeof(b)))
		return 0;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* ----------------------------------------------------------------- IDs */

/* Index of one of our IDs in a connection's result table, or -1. */
static long id_index(TNC_UInt32 id)
{
	if (id == imc.id)
		return 0;
	for (size_t i = 0; i < imc.extra_count; i++)
		if (imc.extra_ids[i] == id)
			return (long)i + 1;
	return -1;
}

static void reserve_additional_ids(void)
{
	if (imc.cfg.additional_ids == 0)
		return;
	if (!imc.tncc.reserve_id) {
		log_line("TNCC cannot reserve additional IMC IDs");
		return;
	}
	/* ProvideBindFunction may come again; keep what was reserved. */
	while (imc.extra_count < imc.cfg.additional_ids) {
		TNC_UInt32 id = 0;

		if (imc.tncc.reserve_id(imc.id, &id) != TNC_RESULT_SUCCESS) {
			log_line("reserving additional IMC ID %zu failed",
				 imc.extra_count + 1);
			return;
		}
		imc.extra_ids[imc.extra_count++] = id;
	}
}

/* ---------------------------------------------------------- connections */

static imc_conn_t *conn_new(TNC_ConnectionID id)
{
	imc_conn_t *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->result_count = 1 + imc.extra_count;
	c->results = calloc(c->result_count, sizeof(*c->results));
	if (!c->results) {
		free(c);
		return NULL;
	}
	c->id = id;
	pthread_mutex_init(&c->lock, NULL);
	c->command = imc.cfg.command;
	c->may_retry = imc.cfg.retry;
	c->has_long = get_bool_attribute(id, TNC_ATTRIBUTEID_HAS_LONG_TYPES);
	c->has_excl = get_bool_attribute(id, TNC_ATTRIBUTEID_HAS_EXCLUSIVE);
	c->max_msg_size = get_uint_attribute(id, TNC_ATTRIBUTEID_MAX_MESSAGE_SIZE);
	return c;
}

static void conn_free(imc_conn_t *c)
{
	pthread_mutex_destroy(&c->lock);
	free(c->results);
	free(c);
}

/* Returns the connection locked, or NULL. The list lock is held while the
 * connection lock is taken, so conn_remove() cannot free it in between. */
static imc_conn_t *conn_lock(TNC_ConnectionID id)
{
	imc_conn_t *c;

	pthread_mutex_lock(&imc.conns_lock);
	for (c = imc.conns; c && c->id != id; c = c->next)
		;
	if (c)
		pthread_mutex_lock(&c->lock);
	pthread_mutex_unlock(&imc.conns_lock);
	return c;
}

static void conn_unlock(imc_conn_t *c)
{
	pthread_mutex_unlock(&c->lock);
}

static TNC_Result conn_add(TNC_ConnectionID id)
{
	imc_conn_t *c, *new;

	/* Ask the host for its capabilities before taking any lock. */
	new = conn_new(id);
	if (!new)
		return TNC_RESULT_FATAL;
	pthread_mutex_lock(&imc.conns_lock);
	for (c = imc.conns; c && c->id != id; c = c->next)
		;
	if (!c) {
		new->next = imc.conns;
		imc.conns = new;
	}
	pthread_mutex_unlock(&imc.conns_lock);
	if (c) {
		conn_free(new);
		return TNC_RESULT_OTHER;
	}
	return TNC_RESULT_SUCCESS;
}

static TNC_Result conn_remove(TNC_ConnectionID id)
{
	imc_conn_t **link, *c;

	pthread_mutex_lock(&imc.conns_lock);
	for (link = &imc.conns; *link && (*link)->id != id; link = &(*link)->next)
		;
	c = *link;
	if (c) {
		*link = c->next;
		/* wait for a call still working on this connection */
		pthread_mutex_lock(&c->lock);
		pthread_mutex_unlock(&c->lock);
	}
	pthread_mutex_unlock(&imc.conns_lock);
	if (!c)
		return TNC_RESULT_INVALID_PARAMETER;
	conn_free(c);
	return TNC_RESULT_SUCCESS;
}

static void conn_free_all(void)
{
	pthread_mutex_lock(&imc.conns_lock);
	while (imc.conns) {
		imc_conn_t *c = imc.conns;

		imc.conns = c->next;
		conn_free(c);
	}
	pthread_mutex_unlock(&imc.conns_lock);
}

/* ----------------------------------------------------------- measurement */

/* The configured padding, shrunk so that the whole message stays within
 * the TNCC's MAX_MESSAGE_SIZE (dropped if not even one byte fits). */
static size_t dummy_size_for(const imc_conn_t *c)
{
	size_t overhead;

	if (imc.cfg.dummy_size == 0 || c->max_msg_size == 0)
		return imc.cfg.dummy_size;
	overhead = ita_test_msg_size(strlen(c->command), true, 0);
	if (c->max_msg_size <= overhead)
		return 0;
	if (imc.cfg.dummy_size > c->max_msg_size - overhead)
		return c->max_msg_size - overhead;
	return imc.cfg.dummy_size;
}

static measurement_t snapshot(const imc_conn_t *c)
{
	return (measurement_t){
		.conn_id = c->id,
		.has_long = c->has_long,
		.has_excl = c->has_excl,
		.command = c->command,
		.dummy_size = dummy_size_for(c),
	};
}

/* Encodes the measurement message; caller frees. */
static unsigned char *build_measurement(const measurement_t *m, size_t *len)
{
	ita_test_writer_t w;

	ita_test_writer_init(&w);
	if (m->dummy_size > 0)
		ita_test_write_dummy(&w, m->dummy_size, true);
	ita_test_write_command(&w, m->command, true);
	return ita_test_writer_take(&w, len);
}

/* Sends one measurement from src_id. The long form names the sending IMC
 * ID; the short form can only come from the primary ID. */
static TNC_Result send_measurement(const measurement_t *m, TNC_UInt32 src_id,
				   TNC_UInt32 imv_id, bool excl)
{
	unsigned char *msg;
	size_t len;
	TNC_Result result = TNC_RESULT_FATAL;

	msg = build_measurement(m, &len);
	if (!msg)
		return TNC_RESULT_FATAL;
	if (m->has_long && imc.tncc.send_long) {
		TNC_UInt32 flags = excl && m->has_excl && imv_id != IMV_ID_ANY ?
				   TNC_MESSAGE_FLAGS_EXCLUSIVE : 0;

		result = imc.tncc.send_long(src_id, m->conn_id, flags, msg, len,
					    PEN_ITA, ITA_SUBTYPE_TEST, imv_id);
	} else if (imc.tncc.send) {
		result = imc.tncc.send(imc.id, m->conn_id, msg, len, ITA_TEST_MSG_TYPE);
	}
	free(msg);
	return result;
}

/* ----------------------------------------------------------- entry points */

static TNC_Result check_call(TNC_IMCID imc_id)
{
	if (!imc.initialized)
		return TNC_RESULT_NOT_INITIALIZED;
	if (imc_id != imc.id)
		return TNC_RESULT_INVALID_PARAMETER;
	return TNC_RESULT_SUCCESS;
}

EXPORT TNC_Result TNC_IMC_Initialize(TNC_IMCID imcID, TNC_Version minVersion,
				     TNC_Version maxVersion,
				     TNC_Version *pOutActualVersion)
{
	if (imc.initialized)
		return TNC_RESULT_ALREADY_INITIALIZED;
	if (minVersion > TNC_IFIMC_VERSION_1 || maxVersion < TNC_IFIMC_VERSION_1)
		return TNC_RESULT_NO_COMMON_VERSION;
	if (!pOutActualVersion)
		return TNC_RESULT_INVALID_PARAMETER;
	if (!config_load(&imc.cfg))
		return TNC_RESULT_FATAL;
	*pOutActualVersion = TNC_IFIMC_VERSION_1;
	memset(&imc.tncc, 0, sizeof(imc.tncc));
	imc.id = imcID;
	imc.extra_count = 0;
	imc.initialized = true;
	return TNC_RESULT_SUCCESS;
}

/* Binds one TNCC function by name; an unknown name leaves it NULL. */
static void bind_one(TNC_TNCC_BindFunctionPointer bind_fn, const char *name, void *out)
{
	void *fn = NULL;

	if (bind_fn(imc.id, (char *)name, &fn) != TNC_RESULT_SUCCESS)
		fn = NULL;
	memcpy(out, &fn, sizeof(fn));
}

static void report_message_types(void)
{
	TNC_VendorID vendors[] = { PEN_ITA };
	TNC_MessageSubtype subtypes[] = { ITA_SUBTYPE_TEST };
	TNC_MessageType types[] = { ITA_TEST_MSG_TYPE };

	if (imc.tncc.report_types_long)
		imc.tncc.report_types_long(imc.id, vendors, subtypes, 1);
	else if (imc.tncc.report_types)
		imc.tncc.report_types(imc.id, types, 1);
}

EXPORT TNC_Result TNC_IMC_ProvideBindFunction(TNC_IMCID imcID,
					      TNC_TNCC_BindFunctionPointer bindFunction)
{
	TNC_Result result = check_call(imcID);

	if (result != TNC_RESULT_SUCCESS)
		return result;
	if (!bindFunction)
		return TNC_RESULT_INVALID_PARAMETER;

	bind_one(bindFunction, "TNC_TNCC_ReportMessageTypes", &imc.tncc.report_types);
	bind_one(bindFunction, "TNC_TNCC_ReportMessageTypesLong", &imc.tncc.report_types_long);
	bind_one(bindFunction, "TNC_TNCC_SendMessage", &imc.tncc.send);
	bind_one(bindFunction, "TNC_TNCC_SendMessageLong", &imc.tncc.send_long);
	bind_one(bindFunction, "TNC_TNCC_RequestHandshakeRetry", &imc.tncc.request_retry);
	bind_one(bindFunction, "TNC_TNCC_GetAttribute", &imc.tncc.get_attribute);
	bind_one(bindFunction, "TNC_TNCC_ReserveAdditionalIMCID", &imc.tncc.reserve_id);

	if (!imc.tncc.send && !imc.tncc.send_long) {
		log_line("TNCC lacks SendMessage");
		return TNC_RESULT_FATAL;
	}
	report_message_types();
	reserve_additional_ids();
	return TNC_RESULT_SUCCESS;
}

/* After an isolate or no-access outcome, switch to the retry command and
 * ask for one more handshake (once per connection). */
static TNC_Result maybe_retry(TNC_ConnectionID conn_id)
{
	imc_conn_t *c = conn_lock(conn_id);
	bool retry;

	if (!c)
		return TNC_RESULT_FATAL;
	retry = c->may_retry;
	if (retry) {
		c->may_retry = false;
		c->command = imc.cfg.retry_command;
	}
	conn_unlock(c);
	if (!retry || !imc.tncc.request_retry)
		return TNC_RESULT_SUCCESS;
	return imc.tncc.request_retry(imc.id, conn_id,
				      TNC_RETRY_REASON_IMC_REMEDIATION_COMPLETE);
}

EXPORT TNC_Result TNC_IMC_NotifyConnectionChange(TNC_IMCID imcID,
						 TNC_ConnectionID connectionID,
						 TNC_ConnectionState newState)
{
	TNC_Result result = check_call(imcID);
	imc_conn_t *c;

	if (result != TNC_RESULT_SUCCESS)
		return result;
	switch (newState) {
	case TNC_CONNECTION_STATE_CREATE:
		return conn_add(connectionID);
	case TNC_CONNECTION_STATE_DELETE:
		return conn_remove(connectionID);
	case TNC_CONNECTION_STATE_HANDSHAKE:
		/* Results of an earlier handshake no longer apply. */
		c = conn_lock(connectionID);
		if (!c)
			return TNC_RESULT_FATAL;
		memset(c->results, 0, c->result_count * sizeof(*c->results));
		conn_unlock(c);
		return TNC_RESULT_SUCCESS;
	case TNC_CONNECTION_STATE_ACCESS_ISOLATED:
	case TNC_CONNECTION_STATE_ACCESS_NONE:
		return maybe_retry(connectionID);
	default:
		return TNC_RESULT_SUCCESS;
	}
}

EXPORT TNC_Result TNC_IMC_BeginHandshake(TNC_IMCID imcID, TNC_ConnectionID connectionID)
{
	TNC_Result result = check_call(imcID);
	measurement_t m;
	imc_conn_t *c;

	if (result != TNC_RESULT_SUCCESS)
		return result;
	c = conn_lock(connectionID);
	if (!c)
		return TNC_RESULT_FATAL;
	m = snapshot(c);
	conn_unlock(c);

	/* The first message goes to every IMV, hence not exclusive. */
	result = send_measurement(&m, imc.id, IMV_ID_ANY, false);
	if (!m.has_long || !imc.tncc.send_long)
		return result;
	for (size_t i = 0; i < imc.extra_count && result == TNC_RESULT_SUCCESS; i++)
		result = send_measurement(&m, imc.extra_ids[i], IMV_ID_ANY, false);
	return result;
}

/* Common part of ReceiveMessage and ReceiveMessageLong. */
static TNC_Result receive(TNC_ConnectionID conn_id, const unsigned char *data,
			  size_t len, TNC_UInt32 imv_id, TNC_UInt32 dst_id)
{
	ita_test_msg_t msg;
	ita_test_status_t status;
	size_t err_offset = 0;
	measurement_t m;
	bool repeat;
	long index;
	imc_conn_t *c;

	status = ita_test_msg_parse(data, len, &msg, &err_offset);
	if (status != ITA_TEST_OK) {
		log_line("connection %lu: IMV %lu sent a bad message: %s at offset %zu",
			 conn_id, imv_id, ita_test_status_name(status), err_offset);
		return status == ITA_TEST_ERR_UNSUPPORTED ? TNC_RESULT_SUCCESS
							  : TNC_RESULT_INVALID_PARAMETER;
	}
	/* Answer from the ID the IMV addressed; "any" means the primary one. */
	index = id_index(dst_id);
	if (index < 0) {
		dst_id = imc.id;
		index = 0;
	}
	repeat = ita_test_msg_command_is(&msg, "repeat");

	c = conn_lock(conn_id);
	if (!c)
		return TNC_RESULT_FATAL;
	if (msg.has_assessment && (size_t)index < c->result_count)
		c->results[index] = (assessment_t){ .known = true,
						    .result = msg.assessment };
	m = snapshot(c);
	conn_unlock(c);

	if (msg.has_assessment)
		log_line("connection %lu: IMC %lu assessed as %" PRIu32 " by IMV %lu",
			 conn_id, dst_id, msg.assessment, imv_id);
	if (!repeat)
		return TNC_RESULT_SUCCESS;
	return send_measurement(&m, dst_id, imv_id, true);
}

EXPORT TNC_Result TNC_IMC_ReceiveMessage(TNC_IMCID imcID,
					 TNC_ConnectionID connectionID,
					 TNC_BufferReference message,
					 TNC_UInt32 messageLength,
					 TNC_MessageType messageType)
{
	TNC_Result result = check_call(imcID);

	if (result != TNC_RESULT_SUCCESS)
		return result;
	if (messageType != ITA_TEST_MSG_TYPE)
		return TNC_RESULT_SUCCESS;
	/* The short form names neither the IMV nor the addressed IMC ID. */
	return receive(connectionID, message, messageLength, IMV_ID_ANY, imc.id);
}

EXPORT TNC_Result TNC_IMC_ReceiveMessageLong(TNC_IMCID imcID,
					     TNC_ConnectionID connectionID,
					     TNC_UInt32 messageFlags,
					     TNC_BufferReference message,
					     TNC_UInt32 messageLength,
					     TNC_VendorID messageVendorID,
					     TNC_MessageSubtype messageSubtype,
					     TNC_UInt32 sourceIMVID,
					     TNC_UInt32 destinationIMCID)
{
	TNC_Result result = check_call(imcID);

	if (result != TNC_RESULT_SUCCESS)
		return result;
	if (messageVendorID != PEN_ITA || messageSubtype != ITA_SUBTYPE_TEST)
		return TNC_RESULT_SUCCESS;
	return receive(connectionID, message, messageLength, sourceIMVID,
		       destinationIMCID);
}

EXPORT TNC_Result TNC_IMC_BatchEnding(TNC_IMCID imcID, TNC_ConnectionID connectionID)
{
	return check_call(imcID);
}

EXPORT TNC_Result TNC_IMC_Terminate(TNC_IMCID imcID)
{
	TNC_Result result = check_call(imcID);

	if (result != TNC_RESULT_SUCCESS)
		return result;
	conn_free_all();
	config_free(&imc.cfg);
	memset(&imc.tncc, 0, sizeof(imc.tncc));
	imc.extra_count = 0;
	imc.initialized = false;
	return TNC_RESULT_SUCCESS;
}
