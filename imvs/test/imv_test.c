/*
 * imv_test.c - the Test IMV (imv-test.so): judges a client by the command
 * the Test IMC was configured with.
 *
 * Built from the public IF-IMV header alone, to show that a third party can
 * write a validator without the rest of this project.
 *
 * Flow per connection: every IMC ID that sends an ITA Command is asked
 * TNC_IMV_TEST_ROUNDS times to "repeat" it; once every IMC ID seen on the
 * connection has used up its rounds, the IMV evaluates the last commands,
 * sends each IMC an IETF Assessment Result and provides one recommendation
 * (the most restrictive of them).
 *
 * Configuration (environment, read in TNC_IMV_Initialize):
 *   TNC_IMV_TEST_ROUNDS  extra "repeat" rounds per IMC ID (default 0)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <tnc/tncifimv.h>

#include "ita_test_msg.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

/* "Any IMC" (IF-IMC's TNC_IMCID_ANY, which the IF-IMV header lacks): the
 * collector of short-form messages, and the address that reaches every IMC. */
#define IMC_ID_ANY ((TNC_UInt32)0xffff)

/* Collector IDs come from the peer; bound the table one connection may grow. */
#define MAX_IMCS_PER_CONNECTION 256
#define MAX_ROUNDS 1000000

static const char reason_text[] = "IMC Test was not configured with \"command = allow\"";
static const char reason_lang[] = "en";

/* What a command received from the IMC makes the IMV recommend. */
typedef struct {
	const char *command;
	TNC_IMV_Action_Recommendation rec;
	TNC_IMV_Evaluation_Result eval;
	bool retry;
} verdict_t;

static const verdict_t verdicts[] = {
	{ "allow",   TNC_IMV_ACTION_RECOMMENDATION_ALLOW,
		     TNC_IMV_EVALUATION_RESULT_COMPLIANT, false },
	{ "isolate", TNC_IMV_ACTION_RECOMMENDATION_ISOLATE,
		     TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR, false },
	{ "block",   TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS,
		     TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR, false },
	{ "none",    TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS,
		     TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR, false },
	{ "retry",   TNC_IMV_ACTION_RECOMMENDATION_ALLOW,
		     TNC_IMV_EVALUATION_RESULT_COMPLIANT, true },
};

static const verdict_t verdict_unknown_command = {
	NULL, TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION,
	TNC_IMV_EVALUATION_RESULT_ERROR, false
};

typedef struct {
	TNC_UInt32 imc_id;		/* IMC_ID_ANY for short-form messages */
	unsigned rounds_left;
	bool done;			/* rounds used up, last command final */
	const verdict_t *verdict;	/* of the last command, NULL before one */
} imc_entry_t;

typedef struct {
	TNC_IMV_Action_Recommendation rec;
	TNC_IMV_Evaluation_Result eval;
	bool retry;
} decision_t;

typedef struct imv_conn {
	struct imv_conn *next;
	TNC_ConnectionID id;
	pthread_mutex_t lock;		/* guards everything below */
	bool has_long;
	bool has_excl;
	imc_entry_t *imcs;
	size_t imc_count;
	size_t imc_cap;
	bool decided;
	decision_t decision;
} imv_conn_t;

/*
 * Host calls worked out while holding a connection's lock and made after
 * releasing it: a TNCS may call back into this IMV for the same connection
 * from inside ProvideRecommendation or RequestHandshakeRetry, which must
 * not deadlock on our lock.
 */
typedef struct {
	TNC_ConnectionID conn_id;
	bool has_long;
	bool has_excl;
	bool send_repeat;
	TNC_UInt32 repeat_to;
	bool provide;			/* provide the decision below */
	decision_t decision;
	TNC_UInt32 *assess_to;		/* IMC IDs to send an Assessment Result; owned */
	size_t assess_count;
} plan_t;

/* The state the IF-IMV ABI forces on a module: one instance per process. */
static struct {
	bool initialized;
	TNC_IMVID id;
	unsigned rounds;
	struct {
		TNC_TNCS_ReportMessageTypesPointer report_types;
		TNC_TNCS_ReportMessageTypesLongPointer report_types_long;
		TNC_TNCS_SendMessagePointer send;
		TNC_TNCS_SendMessageLongPointer send_long;
		TNC_TNCS_RequestHandshakeRetryPointer request_retry;
		TNC_TNCS_ProvideRecommendationPointer provide_recommendation;
		TNC_TNCS_GetAttributePointer get_attribute;
		TNC_TNCS_SetAttributePointer set_attribute;
		TNC_TNCS_ReserveAdditionalIMVIDPointer reserve_id;
	} tncs;
	pthread_mutex_t conns_lock;	/* guards the list, not the entries */
	imv_conn_t *conns;
} imv = {
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
	fprintf(stderr, "[IMV] Test: %s\n", line);
}

static unsigned env_uint(const char *name, unsigned def, unsigned max)
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
		log_line("ignoring invalid %s=\"%s\", using %u", name, text, def);
		return def;
	}
	if (errno == ERANGE || value > max) {
		log_line("%s=\"%s\" is too large, using %u", name, text, max);
		return max;
	}
	return (unsigned)value;
}

/* ------------------------------------------------------ host attributes */

static bool get_bool_attribute(TNC_ConnectionID conn_id, TNC_AttributeID attr)
{
	unsigned char buf[1];
	TNC_UInt32 len = 0;

	return imv.tncs.get_attribute &&
	       imv.tncs.get_attribute(imv.id, conn_id, attr, sizeof(buf), buf,
				      &len) == TNC_RESULT_SUCCESS &&
	       len == 1 && buf[0] == 0x01;
}

/* ---------------------------------------------------------- connections */

static imv_conn_t *conn_new(TNC_ConnectionID id)
{
	imv_conn_t *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->id = id;
	pthread_mutex_init(&c->lock, NULL);
	/* IF-TNCCS 2.0 hosts announce these; without them only short-form
	 * SendMessage to every IMC is possible. */
	c->has_long = get_bool_attribute(id, TNC_ATTRIBUTEID_HAS_LONG_TYPES);
	c->has_excl = get_bool_attribute(id, TNC_ATTRIBUTEID_HAS_EXCLUSIVE);
	return c;
}

static void conn_free(imv_conn_t *c)
{
	pthread_mutex_destroy(&c->lock);
	free(c->imcs);
	free(c);
}

static void conn_reset(imv_conn_t *c)
{
	c->imc_count = 0;
	c->decided = false;
}

/* Returns the connection locked, or NULL. The list lock is held while the
 * connection lock is taken, so conn_remove() cannot free it in between. */
static imv_conn_t *conn_lock(TNC_ConnectionID id)
{
	imv_conn_t *c;

	pthread_mutex_lock(&imv.conns_lock);
	for (c = imv.conns; c && c->id != id; c = c->next)
		;
	if (c)
		pthread_mutex_lock(&c->lock);
	pthread_mutex_unlock(&imv.conns_lock);
	return c;
}

static void conn_unlock(imv_conn_t *c)
{
	pthread_mutex_unlock(&c->lock);
}

static TNC_Result conn_add(TNC_ConnectionID id)
{
	imv_conn_t *c, *new;

	/* Ask the host for its capabilities before taking any lock. */
	new = conn_new(id);
	if (!new)
		return TNC_RESULT_FATAL;
	pthread_mutex_lock(&imv.conns_lock);
	for (c = imv.conns; c && c->id != id; c = c->next)
		;
	if (!c) {
		new->next = imv.conns;
		imv.conns = new;
	}
	pthread_mutex_unlock(&imv.conns_lock);
	if (c) {
		conn_free(new);
		return TNC_RESULT_OTHER;
	}
	return TNC_RESULT_SUCCESS;
}

static TNC_Result conn_remove(TNC_ConnectionID id)
{
	imv_conn_t **link, *c;

	pthread_mutex_lock(&imv.conns_lock);
	for (link = &imv.conns; *link && (*link)->id != id; link = &(*link)->next)
		;
	c = *link;
	if (c) {
		*link = c->next;
		/* wait for a call still working on this connection */
		pthread_mutex_lock(&c->lock);
		pthread_mutex_unlock(&c->lock);
	}
	pthread_mutex_unlock(&imv.conns_lock);
	if (!c)
		return TNC_RESULT_INVALID_PARAMETER;
	conn_free(c);
	return TNC_RESULT_SUCCESS;
}

static void conn_free_all(void)
{
	pthread_mutex_lock(&imv.conns_lock);
	while (imv.conns) {
		imv_conn_t *c = imv.conns;

		imv.conns = c->next;
		conn_free(c);
	}
	pthread_mutex_unlock(&imv.conns_lock);
}

/* ------------------------------------------------------------ evaluation */

static const verdict_t *verdict_for(const ita_test_msg_t *msg)
{
	for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
		if (ita_test_msg_command_is(msg, verdicts[i].command))
			return &verdicts[i];
	log_line("unsupported command '%.*s'", (int)msg->command_len,
		 (const char *)msg->command);
	return &verdict_unknown_command;
}

/* Restrictiveness ranks (IF-IMV combination rule: the stricter wins and
 * "no recommendation"/"don't know" yield to anything). */
static int rec_rank(TNC_IMV_Action_Recommendation rec)
{
	switch (rec) {
	case TNC_IMV_ACTION_RECOMMENDATION_ALLOW:	return 1;
	case TNC_IMV_ACTION_RECOMMENDATION_ISOLATE:	return 2;
	case TNC_IMV_ACTION_RECOMMENDATION_NO_ACCESS:	return 3;
	default:					return 0;
	}
}

static int eval_rank(TNC_IMV_Evaluation_Result eval)
{
	switch (eval) {
	case TNC_IMV_EVALUATION_RESULT_COMPLIANT:		return 1;
	case TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR:	return 2;
	case TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR:	return 3;
	case TNC_IMV_EVALUATION_RESULT_ERROR:			return 4;
	default:						return 0;
	}
}

static decision_t combine_verdicts(const imv_conn_t *c)
{
	decision_t d = {
		.rec = TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION,
		.eval = TNC_IMV_EVALUATION_RESULT_DONT_KNOW,
	};

	for (size_t i = 0; i < c->imc_count; i++) {
		const verdict_t *v = c->imcs[i].verdict;

		if (!v)
			continue;
		if (rec_rank(v->rec) > rec_rank(d.rec))
			d.rec = v->rec;
		if (eval_rank(v->eval) > eval_rank(d.eval))
			d.eval = v->eval;
		d.retry |= v->retry;
	}
	return d;
}

static imc_entry_t *find_or_add_imc(imv_conn_t *c, TNC_UInt32 imc_id)
{
	imc_entry_t *imc;

	for (size_t i = 0; i < c->imc_count; i++)
		if (c->imcs[i].imc_id == imc_id)
			return &c->imcs[i];
	if (c->imc_count == MAX_IMCS_PER_CONNECTION)
		return NULL;
	if (c->imc_count == c->imc_cap) {
		size_t cap = c->imc_cap ? c->imc_cap * 2 : 4;
		imc_entry_t *imcs = realloc(c->imcs, cap * sizeof(*imcs));

		if (!imcs)
			return NULL;
		c->imcs = imcs;
		c->imc_cap = cap;
	}
	imc = &c->imcs[c->imc_count++];
	*imc = (imc_entry_t){ .imc_id = imc_id, .rounds_left = imv.rounds };
	return imc;
}

static bool all_imcs_done(const imv_conn_t *c)
{
	for (size_t i = 0; i < c->imc_count; i++)
		if (!c->imcs[i].done)
			return false;
	return true;
}

/* Decides for the connection; with_results also addresses an Assessment
 * Result to every IMC that sent a command (only possible while the host
 * lets us send, i.e. inside ReceiveMessage). */
static TNC_Result decide(imv_conn_t *c, bool with_results, plan_t *plan)
{
	c->decision = combine_verdicts(c);
	c->decided = true;
	plan->provide = true;
	plan->decision = c->decision;
	if (!with_results || c->imc_count == 0)
		return TNC_RESULT_SUCCESS;

	plan->assess_to = calloc(c->imc_count, sizeof(*plan->assess_to));
	if (!plan->assess_to)
		return TNC_RESULT_FATAL;
	for (size_t i = 0; i < c->imc_count; i++)
		if (c->imcs[i].verdict)
			plan->assess_to[plan->assess_count++] = c->imcs[i].imc_id;
	return TNC_RESULT_SUCCESS;
}

static TNC_Result handle_command(imv_conn_t *c, TNC_UInt32 imc_id,
				 const ita_test_msg_t *msg, plan_t *plan)
{
	imc_entry_t *imc = find_or_add_imc(c, imc_id);

	if (!imc) {
		log_line("connection %lu: cannot track IMC %lu", c->id, imc_id);
		return TNC_RESULT_OTHER;
	}
	imc->verdict = verdict_for(msg);
	if (imc->rounds_left > 0) {
		imc->rounds_left--;
		plan->send_repeat = true;
		plan->repeat_to = imc_id;
		return TNC_RESULT_SUCCESS;
	}
	imc->done = true;
	/* With several IMC IDs the answer waits for the slowest of them, so the
	 * recommendation covers all and is given once. */
	if (!all_imcs_done(c))
		return TNC_RESULT_SUCCESS;
	return decide(c, true, plan);
}

/* ------------------------------------------------------------- host calls */

static TNC_Result send_msg(const plan_t *plan, TNC_UInt32 imc_id,
			   unsigned char *msg, size_t len)
{
	if (plan->has_long && imv.tncs.send_long) {
		/* EXCL needs a concrete collector; IMC_ID_ANY means "every IMC". */
		TNC_UInt32 flags = plan->has_excl && imc_id != IMC_ID_ANY ?
				   TNC_MESSAGE_FLAGS_EXCLUSIVE : 0;

		return imv.tncs.send_long(imv.id, plan->conn_id, flags, msg, len,
					  PEN_ITA, ITA_SUBTYPE_TEST, imc_id);
	}
	if (imv.tncs.send)
		return imv.tncs.send(imv.id, plan->conn_id, msg, len, ITA_TEST_MSG_TYPE);
	return TNC_RESULT_FATAL;
}

static TNC_Result send_repeat(const plan_t *plan)
{
	ita_test_writer_t w;
	unsigned char *msg;
	size_t len;
	TNC_Result result;

	ita_test_writer_init(&w);
	ita_test_write_command(&w, "repeat", false);
	msg = ita_test_writer_take(&w, &len);
	if (!msg)
		return TNC_RESULT_FATAL;
	result = send_msg(plan, plan->repeat_to, msg, len);
	free(msg);
	return result;
}

static TNC_Result send_assessment(const plan_t *plan, TNC_UInt32 imc_id)
{
	ita_test_writer_t w;
	unsigned char *msg;
	size_t len;
	TNC_Result result;

	ita_test_writer_init(&w);
	ita_test_write_assessment(&w, (uint32_t)plan->decision.eval);
	msg = ita_test_writer_take(&w, &len);
	if (!msg)
		return TNC_RESULT_FATAL;
	result = send_msg(plan, imc_id, msg, len);
	free(msg);
	return result;
}

static TNC_Result provide_decision(const plan_t *plan)
{
	const decision_t *d = &plan->decision;

	log_line("connection %lu: recommendation %lu, evaluation %lu",
		 plan->conn_id, d->rec, d->eval);
	if (d->retry && imv.tncs.request_retry)
		imv.tncs.request_retry(imv.id, plan->conn_id,
				       TNC_RETRY_REASON_IMV_SERIOUS_EVENT);
	if (d->rec != TNC_IMV_ACTION_RECOMMENDATION_ALLOW && imv.tncs.set_attribute) {
		/* UTF-8 without a NUL, as the TNCS copies the bytes verbatim
		 * into PB-Reason-String. */
		imv.tncs.set_attribute(imv.id, plan->conn_id,
				       TNC_ATTRIBUTEID_REASON_STRING,
				       sizeof(reason_text) - 1,
				       (TNC_BufferReference)reason_text);
		imv.tncs.set_attribute(imv.id, plan->conn_id,
				       TNC_ATTRIBUTEID_REASON_LANGUAGE,
				       sizeof(reason_lang) - 1,
				       (TNC_BufferReference)reason_lang);
	}
	return imv.tncs.provide_recommendation(imv.id, plan->conn_id, d->rec, d->eval);
}

static TNC_Result run_plan(plan_t *plan)
{
	TNC_Result result = TNC_RESULT_SUCCESS;

	if (plan->send_repeat)
		result = send_repeat(plan);
	for (size_t i = 0; i < plan->assess_count && result == TNC_RESULT_SUCCESS; i++)
		result = send_assessment(plan, plan->assess_to[i]);
	if (plan->provide) {
		TNC_Result provided = provide_decision(plan);

		if (result == TNC_RESULT_SUCCESS)
			result = provided;
	}
	free(plan->assess_to);
	plan->assess_to = NULL;
	return result;
}

/* ----------------------------------------------------------- entry points */

static TNC_Result check_call(TNC_IMVID imv_id)
{
	if (!imv.initialized)
		return TNC_RESULT_NOT_INITIALIZED;
	if (imv_id != imv.id)
		return TNC_RESULT_INVALID_PARAMETER;
	return TNC_RESULT_SUCCESS;
}

EXPORT TNC_Result TNC_IMV_Initialize(TNC_IMVID imvID, TNC_Version minVersion,
				     TNC_Version maxVersion,
				     TNC_Version *pOutActualVersion)
{
	if (imv.initialized)
		return TNC_RESULT_ALREADY_INITIALIZED;
	if (minVersion > TNC_IFIMV_VERSION_1 || maxVersion < TNC_IFIMV_VERSION_1)
		return TNC_RESULT_NO_COMMON_VERSION;
	if (!pOutActualVersion)
		return TNC_RESULT_INVALID_PARAMETER;
	*pOutActualVersion = TNC_IFIMV_VERSION_1;
	memset(&imv.tncs, 0, sizeof(imv.tncs));
	imv.id = imvID;
	imv.rounds = env_uint("TNC_IMV_TEST_ROUNDS", 0, MAX_ROUNDS);
	imv.initialized = true;
	return TNC_RESULT_SUCCESS;
}

/* Binds one TNCS function by name; an unknown name leaves it NULL. */
static void bind_one(TNC_TNCS_BindFunctionPointer bind_fn, const char *name, void *out)
{
	void *fn = NULL;

	if (bind_fn(imv.id, (char *)name, &fn) != TNC_RESULT_SUCCESS)
		fn = NULL;
	memcpy(out, &fn, sizeof(fn));
}

static void report_message_types(void)
{
	TNC_VendorID vendors[] = { PEN_ITA };
	TNC_MessageSubtype subtypes[] = { ITA_SUBTYPE_TEST };
	TNC_MessageType types[] = { ITA_TEST_MSG_TYPE };

	if (imv.tncs.report_types_long)
		imv.tncs.report_types_long(imv.id, vendors, subtypes, 1);
	else if (imv.tncs.report_types)
		imv.tncs.report_types(imv.id, types, 1);
}

EXPORT TNC_Result TNC_IMV_ProvideBindFunction(TNC_IMVID imvID,
					      TNC_TNCS_BindFunctionPointer bindFunction)
{
	TNC_Result result = check_call(imvID);

	if (result != TNC_RESULT_SUCCESS)
		return result;
	if (!bindFunction)
		return TNC_RESULT_INVALID_PARAMETER;

	bind_one(bindFunction, "TNC_TNCS_ReportMessageTypes", &imv.tncs.report_types);
	bind_one(bindFunction, "TNC_TNCS_ReportMessageTypesLong", &imv.tncs.report_types_long);
	bind_one(bindFunction, "TNC_TNCS_SendMessage", &imv.tncs.send);
	bind_one(bindFunction, "TNC_TNCS_SendMessageLong", &imv.tncs.send_long);
	bind_one(bindFunction, "TNC_TNCS_RequestHandshakeRetry", &imv.tncs.request_retry);
	bind_one(bindFunction, "TNC_TNCS_ProvideRecommendation", &imv.tncs.provide_recommendation);
	bind_one(bindFunction, "TNC_TNCS_GetAttribute", &imv.tncs.get_attribute);
	bind_one(bindFunction, "TNC_TNCS_SetAttribute", &imv.tncs.set_attribute);
	bind_one(bindFunction, "TNC_TNCS_ReserveAdditionalIMVID", &imv.tncs.reserve_id);

	/* Without these the IMV can neither be heard nor answer. */
	if (!imv.tncs.provide_recommendation ||
	    (!imv.tncs.send && !imv.tncs.send_long)) {
		log_line("TNCS lacks ProvideRecommendation or SendMessage");
		return TNC_RESULT_FATAL;
	}
	report_message_types();
	return TNC_RESULT_SUCCESS;
}

EXPORT TNC_Result TNC_IMV_NotifyConnectionChange(TNC_IMVID imvID,
						 TNC_ConnectionID connectionID,
						 TNC_ConnectionState newState)
{
	TNC_Result result = check_call(imvID);
	imv_conn_t *c;

	if (result != TNC_RESULT_SUCCESS)
		return result;
	switch (newState) {
	case TNC_CONNECTION_STATE_CREATE:
		return conn_add(connectionID);
	case TNC_CONNECTION_STATE_DELETE:
		return conn_remove(connectionID);
	case TNC_CONNECTION_STATE_HANDSHAKE:
		/* A new (or retried) handshake starts every IMC's rounds anew. */
		c = conn_lock(connectionID);
		if (!c)
			return TNC_RESULT_FATAL;
		conn_reset(c);
		conn_unlock(c);
		return TNC_RESULT_SUCCESS;
	default:
		return TNC_RESULT_SUCCESS;
	}
}

/* Common part of ReceiveMessage and ReceiveMessageLong. */
static TNC_Result receive(TNC_ConnectionID conn_id, const unsigned char *data,
			  size_t len, TNC_UInt32 imc_id)
{
	ita_test_msg_t msg;
	ita_test_status_t status;
	size_t err_offset = 0;
	plan_t plan = { .conn_id = conn_id };
	TNC_Result result = TNC_RESULT_SUCCESS;
	imv_conn_t *c;

	status = ita_test_msg_parse(data, len, &msg, &err_offset);
	if (status != ITA_TEST_OK) {
		log_line("connection %lu: IMC %lu sent a bad message: %s at offset %zu",
			 conn_id, imc_id, ita_test_status_name(status), err_offset);
		return status == ITA_TEST_ERR_UNSUPPORTED ? TNC_RESULT_SUCCESS
							  : TNC_RESULT_INVALID_PARAMETER;
	}
	if (!msg.has_command)
		return TNC_RESULT_SUCCESS;

	c = conn_lock(conn_id);
	if (!c)
		return TNC_RESULT_FATAL;
	plan.has_long = c->has_long;
	plan.has_excl = c->has_excl;
	result = handle_command(c, imc_id, &msg, &plan);
	conn_unlock(c);

	if (result != TNC_RESULT_SUCCESS) {
		free(plan.assess_to);
		return result;
	}
	return run_plan(&plan);
}

EXPORT TNC_Result TNC_IMV_ReceiveMessage(TNC_IMVID imvID,
					 TNC_ConnectionID connectionID,
					 TNC_BufferReference message,
					 TNC_UInt32 messageLength,
					 TNC_MessageType messageType)
{
	TNC_Result result = check_call(imvID);

	if (result != TNC_RESULT_SUCCESS)
		return result;
	if (messageType != ITA_TEST_MSG_TYPE)
		return TNC_RESULT_SUCCESS;
	/* The short form does not say which IMC sent it. */
	return receive(connectionID, message, messageLength, IMC_ID_ANY);
}

EXPORT TNC_Result TNC_IMV_ReceiveMessageLong(TNC_IMVID imvID,
					     TNC_ConnectionID connectionID,
					     TNC_UInt32 messageFlags,
					     TNC_BufferReference message,
					     TNC_UInt32 messageLength,
					     TNC_VendorID messageVendorID,
					     TNC_MessageSubtype messageSubtype,
					     TNC_UInt32 sourceIMCID,
					     TNC_UInt32 destinationIMVID)
{
	TNC_Result result = check_call(imvID);

	if (result != TNC_RESULT_SUCCESS)
		return result;
	if (messageVendorID != PEN_ITA || messageSubtype != ITA_SUBTYPE_TEST)
		return TNC_RESULT_SUCCESS;
	return receive(connectionID, message, messageLength, sourceIMCID);
}

EXPORT TNC_Result TNC_IMV_SolicitRecommendation(TNC_IMVID imvID,
						TNC_ConnectionID connectionID)
{
	TNC_Result result = check_call(imvID);
	plan_t plan = { .conn_id = connectionID };
	imv_conn_t *c;

	if (result != TNC_RESULT_SUCCESS)
		return result;
	c = conn_lock(connectionID);
	if (!c)
		return TNC_RESULT_FATAL;
	plan.has_long = c->has_long;
	plan.has_excl = c->has_excl;
	if (c->decided) {
		/* Asked again: repeat the answer, but not the retry request. */
		plan.provide = true;
		plan.decision = c->decision;
		plan.decision.retry = false;
	} else {
		/* The host closes the send window here, so no Assessment Result. */
		result = decide(c, false, &plan);
	}
	conn_unlock(c);
	if (result != TNC_RESULT_SUCCESS)
		return result;
	return run_plan(&plan);
}

EXPORT TNC_Result TNC_IMV_BatchEnding(TNC_IMVID imvID, TNC_ConnectionID connectionID)
{
	return check_call(imvID);
}

EXPORT TNC_Result TNC_IMV_Terminate(TNC_IMVID imvID)
{
	TNC_Result result = check_call(imvID);

	if (result != TNC_RESULT_SUCCESS)
		return result;
	conn_free_all();
	memset(&imv.tncs, 0, sizeof(imv.tncs));
	imv.initialized = false;
	return TNC_RESULT_SUCCESS;
}
