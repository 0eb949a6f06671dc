/*
 * test_agent.c - unit tests of the agent layer (libimcv/agent/): an IMV
 * and an IMC built on it, wired together through a fake host that plays
 * TNCS and TNCC and carries their messages in memory.
 *
 * Covers splitting attributes over PA-TNC messages at the host's maximum
 * message size, an attribute too large for any message waiting for the
 * IMV's contract and crossing in segments, both PA-TNC error rules
 * (pa-tnc.md section 4), the IMC's answer to an Attribute Request, the
 * recommendation without a database, and the AR identities decoder.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "agent_imc.h"
#include "agent_imv.h"
#include "agent_session.h"
#include "buf.h"
#include "log_capture.h"
#include "pa_msg.h"

#define IMC_ID	10
#define IMV_ID	20
#define CONN	1
#define UNKNOWN_TYPE 0xabcd

/* ------------------------------------------------------ the fake host */

struct queued {
	struct queued *next;
	TNC_UInt32 from;
	uint32_t vendor, subtype, dest;
	bool excl;
	uint8_t *data;
	size_t len;
};

static struct {
	uint32_t max_msg;		/* MAX_MESSAGE_SIZE; 0: not answered */
	struct queued *to_imv, *to_imc;
	size_t largest;
	bool provided;
	TNC_UInt32 rec, eval;
	/* what the test IMC sends at the start */
	size_t dummy_size, dummy_count;
	bool noskip;
	/* what the test IMV saw */
	size_t dummy_len;
	TNC_Result first_rc;
} fx;

static struct agent *imv, *imc;

static void push(struct queued **q, struct queued *m)
{
	while (*q)
		q = &(*q)->next;
	*q = m;
}

static struct queued *pop(struct queued **q)
{
	struct queued *m = *q;

	if (m)
		*q = m->next;
	return m;
}

static void queued_free(struct queued *m)
{
	free(m->data);
	free(m);
}

static TNC_Result host_report_long(TNC_UInt32 id, TNC_VendorIDList v,
				   TNC_MessageSubtypeList s, TNC_UInt32 n)
{
	return TNC_RESULT_SUCCESS;
}

static TNC_Result host_send_long(TNC_UInt32 id, TNC_ConnectionID conn,
				 TNC_UInt32 flags, TNC_BufferReference msg,
				 TNC_UInt32 len, TNC_VendorID vendor,
				 TNC_MessageSubtype subtype, TNC_UInt32 dest)
{
	struct queued *m = calloc(1, sizeof(*m));

	assert_non_null(m);
	m->from = id;
	m->vendor = (uint32_t)vendor;
	m->subtype = (uint32_t)subtype;
	m->dest = (uint32_t)dest;
	m->excl = flags & TNC_MESSAGE_FLAGS_EXCLUSIVE;
	m->data = malloc(len);
	assert_non_null(m->data);
	memcpy(m->data, msg, len);
	m->len = len;
	if (len > fx.largest)
		fx.largest = len;
	push(id == IMC_ID ? &fx.to_imv : &fx.to_imc, m);
	return TNC_RESULT_SUCCESS;
}

static TNC_Result host_get_attribute(TNC_UInt32 id, TNC_ConnectionID conn,
				     TNC_AttributeID attr, TNC_UInt32 len,
				     TNC_BufferReference buf,
				     TNC_UInt32 *out_len)
{
	if (attr == TNC_ATTRIBUTEID_HAS_LONG_TYPES ||
	    attr == TNC_ATTRIBUTEID_HAS_EXCLUSIVE) {
		*out_len = 1;
		if (len >= 1)
			buf[0] = 1;
		return TNC_RESULT_SUCCESS;
	}
	if (attr == TNC_ATTRIBUTEID_MAX_MESSAGE_SIZE && fx.max_msg) {
		*out_len = 4;
		if (len >= 4)
			put_u32be(buf, fx.max_msg);
		return TNC_RESULT_SUCCESS;
	}
	return TNC_RESULT_INVALID_PARAMETER;
}

static TNC_Result host_provide(TNC_UInt32 id, TNC_ConnectionID conn,
			       TNC_UInt32 rec, TNC_UInt32 eval)
{
	fx.provided = true;
	fx.rec = rec;
	fx.eval = eval;
	return TNC_RESULT_SUCCESS;
}

static const struct {
	const char *name;
	void *fn;
} host_functions[] = {
	{ "TNC_TNCS_ReportMessageTypesLong", (void *)host_report_long },
	{ "TNC_TNCC_ReportMessageTypesLong", (void *)host_report_long },
	{ "TNC_TNCS_SendMessageLong", (void *)host_send_long },
	{ "TNC_TNCC_SendMessageLong", (void *)host_send_long },
	{ "TNC_TNCS_GetAttribute", (void *)host_get_attribute },
	{ "TNC_TNCC_GetAttribute", (void *)host_get_attribute },
	{ "TNC_TNCS_ProvideRecommendation", (void *)host_provide },
};

static TNC_Result host_bind(TNC_UInt32 id, char *name, void **out)
{
	size_t i;

	for (i = 0; i < sizeof(host_functions) / sizeof(host_functions[0]);
	     i++)
		if (strcmp(name, host_functions[i].name) == 0) {
			*out = host_functions[i].fn;
			return TNC_RESULT_SUCCESS;
		}
	return TNC_RESULT_INVALID_PARAMETER;
}

/* ------------------------------------------------------ the test IMC */

static struct pa_bytes text(const char *s)
{
	return (struct pa_bytes){ (const uint8_t *)s, strlen(s) };
}

static bool add_product(struct agent_conn *c, void *state,
			struct agent_msg *m)
{
	struct pa_attr a = {
		.vendor = PEN_IETF,
		.type = IETF_ATTR_PRODUCT_INFO,
		.v.product_info.name = text("Debian"),
	};

	return agent_msg_add(m, &a);
}

static void imc_begin(struct agent_conn *c, void *state, struct agent_msg *m)
{
	static const uint8_t one[] = { 1 };
	struct pa_attr dummy = { .vendor = PEN_ITA, .type = ITA_ATTR_DUMMY };
	struct pa_attr_raw unknown = { PA_ATTR_FLAG_NOSKIP, PEN_ITA,
				       UNKNOWN_TYPE, one, 1 };
	size_t i;

	add_product(c, state, m);
	dummy.v.dummy.data.len = fx.dummy_size;
	for (i = 0; i < fx.dummy_count; i++)
		assert_true(agent_msg_add(m, &dummy));
	if (fx.noskip)
		agent_msg_add_raw(m, &unknown);
}

static const struct agent_msg_type os_type[] = {
	{ PEN_IETF, PA_SUBTYPE_IETF_OPERATING_SYSTEM },
};

static const struct agent_imc_attr imc_provides[] = {
	{ PEN_IETF, IETF_ATTR_PRODUCT_INFO, add_product },
};

static const struct agent_imc_desc imc_desc = {
	.base = { .name = "Unit", .types = os_type, .type_count = 1 },
	.provides = imc_provides,
	.provide_count = 1,
	.begin_handshake = imc_begin,
};

/* ------------------------------------------------------ the test IMV */

struct imv_state {
	bool product;
	unsigned rounds;
};

static void *imv_state_new(struct agent_conn *c)
{
	return calloc(1, sizeof(struct imv_state));
}

static void on_product(struct agent_conn *c, void *state,
		       const struct agent_attr *a, struct agent_msg *reply)
{
	((struct imv_state *)state)->product = true;
}

static void on_dummy(struct agent_conn *c, void *state,
		     const struct agent_attr *a, struct agent_msg *reply)
{
	fx.dummy_len = a->v->dummy.data.len;
}

/*
 * Starts (without a database: decides) after the IMC had a round to
 * answer, and once nothing is on its way in segments.
 */
static void imv_batch_ending(struct agent_conn *c, void *state)
{
	struct imv_state *st = state;

	if (++st->rounds >= 2 && st->product &&
	    !agent_imv_policy_started(c) && !agent_conn_busy(c))
		agent_imv_start_policy(c, "Debian 12", "unknown");
}

static const struct agent_attr_handler imv_attrs[] = {
	{ PEN_IETF, IETF_ATTR_PRODUCT_INFO, on_product },
	{ PEN_ITA, ITA_ATTR_DUMMY, on_dummy },
};

static const struct agent_imv_desc imv_desc = {
	.base = {
		.name = "Unit",
		.types = os_type,
		.type_count = 1,
		.want_contract = true,
		.attrs = imv_attrs,
		.attr_count = 2,
		.conn_new = imv_state_new,
		.conn_free = free,
		.on_batch_ending = imv_batch_ending,
	},
	.owner = WORKITEM_OWNER_OS,
	.starts_policy = true,
};

/* ---------------------------------------------------------- running */

static int setup(void **state)
{
	TNC_Version v;

	if (capture_start(state) < 0)
		return -1;
	memset(&fx, 0, sizeof(fx));
	fx.first_rc = TNC_RESULT_OTHER;
	unsetenv("TNC_DATABASE");
	unsetenv("TNC_POLICY_SCRIPT");
	assert_int_equal(agent_imv_initialize(&imv, &imv_desc, IMV_ID, 1, 1,
					      &v), TNC_RESULT_SUCCESS);
	assert_int_equal(agent_imv_bind(imv, IMV_ID, host_bind),
			 TNC_RESULT_SUCCESS);
	assert_int_equal(agent_imc_initialize(&imc, &imc_desc, IMC_ID, 1, 1,
					      &v), TNC_RESULT_SUCCESS);
	assert_int_equal(agent_imc_bind(imc, IMC_ID, host_bind),
			 TNC_RESULT_SUCCESS);
	return 0;
}

static int teardown(void **state)
{
	struct queued *m;

	agent_imv_terminate(&imv, IMV_ID);
	agent_imc_terminate(&imc, IMC_ID);
	while ((m = pop(&fx.to_imv)))
		queued_free(m);
	while ((m = pop(&fx.to_imc)))
		queued_free(m);
	return capture_stop(state);
}

static void connect_both(void)
{
	agent_imc_notify(imc, IMC_ID, CONN, TNC_CONNECTION_STATE_CREATE);
	agent_imc_notify(imc, IMC_ID, CONN, TNC_CONNECTION_STATE_HANDSHAKE);
	agent_imv_notify(imv, IMV_ID, CONN, TNC_CONNECTION_STATE_CREATE);
	agent_imv_notify(imv, IMV_ID, CONN, TNC_CONNECTION_STATE_HANDSHAKE);
	agent_imc_begin_handshake(imc, IMC_ID, CONN);
}

/* One round: the IMC's messages to the IMV, then the IMV's back. */
static void round_trip(void)
{
	struct queued *m;
	TNC_Result rc;

	while ((m = pop(&fx.to_imv))) {
		rc = agent_imv_receive(imv, IMV_ID, CONN, m->vendor,
				       m->subtype, m->from, m->data, m->len);
		if (fx.first_rc == TNC_RESULT_OTHER)
			fx.first_rc = rc;
		queued_free(m);
	}
	agent_imv_batch_ending(imv, IMV_ID, CONN);
	while ((m = pop(&fx.to_imc))) {
		agent_imc_receive(imc, IMC_ID, CONN, m->vendor, m->subtype,
				  m->from, m->data, m->len);
		queued_free(m);
	}
	agent_imc_batch_ending(imc, IMC_ID, CONN);
}

static void run_session(int max_rounds)
{
	int i;

	connect_both();
	for (i = 0; i < max_rounds && !fx.provided; i++)
		round_trip();
	round_trip();		/* the assessment reaches the IMC */
}

/* The attributes of one sent message, parsed; caller frees with pa_msg_free. */
static void parse(const struct queued *m, struct pa_msg *msg)
{
	struct pa_error err;

	assert_int_equal(pa_msg_parse(m->data, m->len, NULL, 0, msg, &err),
			 PA_MSG_OK);
}

/* ------------------------------------------------------------ tests */

static void test_split_over_messages(void **state)
{
	struct queued *m;
	struct pa_msg msg;
	size_t messages = 0, attrs = 0;

	fx.max_msg = 300;
	fx.dummy_size = 100;
	fx.dummy_count = 5;
	connect_both();
	/* Product Information (18), then 112 bytes per Dummy */
	while ((m = pop(&fx.to_imv))) {
		assert_true(m->len <= 300);
		assert_int_equal(m->dest, AGENT_PEER_ANY);
		assert_false(m->excl);
		parse(m, &msg);
		attrs += msg.count;
		messages++;
		pa_msg_free(&msg);
		queued_free(m);
	}
	assert_int_equal(attrs, 6);
	assert_int_equal(messages, 3);
}

static void test_held_until_contract(void **state)
{
	struct capture *cap = *state;

	fx.max_msg = 300;
	fx.dummy_size = 5000;
	fx.dummy_count = 1;
	run_session(100);
	assert_non_null(strstr(logged(cap), "ITA Dummy of 5000 bytes fits no "
			       "PA-TNC message of 300 bytes, held until an "
			       "IMV asks"));
	assert_non_null(strstr(logged(cap), "reassembled attribute "
			       "0x00902a/0x00000002 of 5000 bytes from IMC 10"));
	assert_int_equal(fx.dummy_len, 5000);
	assert_true(fx.largest <= 300);
	assert_true(fx.provided);
	assert_int_equal(fx.rec, TNC_IMV_ACTION_RECOMMENDATION_ALLOW);
	assert_int_equal(fx.eval, TNC_IMV_EVALUATION_RESULT_DONT_KNOW);
	assert_non_null(strstr(logged(cap), "IMV 20 assessed connection 1 as "
			       "'don't know'"));
}

static void test_imv_discards_on_error(void **state)
{
	struct capture *cap = *state;

	fx.noskip = true;
	connect_both();
	round_trip();
	assert_int_equal(fx.first_rc, TNC_RESULT_FATAL);
	assert_non_null(strstr(logged(cap), "PA-TNC error 'attribute type not "
			       "supported' for vendor 0x00902a type 0x0000abcd "
			       "in a message from IMC 10 on connection 1"));
	/* the Product Information before it was discarded too */
	assert_null(strstr(logged(cap), "received IETF Product Information"));
	assert_false(fx.provided);
}

/* A message from the IMV with the given raw attributes, to the IMC. */
static void imc_receives(const struct pa_attr_raw *attrs, size_t n,
			 uint8_t header[PA_TNC_MSG_HEADER_LEN])
{
	struct pa_msg_builder *b = pa_msg_builder_new_with_id(0, 77);
	uint8_t *data;
	size_t i, len;

	assert_non_null(b);
	for (i = 0; i < n; i++)
		assert_int_equal(pa_msg_builder_add(b, &attrs[i]),
				 PA_MSG_ADDED);
	data = pa_msg_builder_finish(b, &len);
	memcpy(header, data, PA_TNC_MSG_HEADER_LEN);
	assert_int_equal(agent_imc_receive(imc, IMC_ID, CONN, PEN_IETF,
					   PA_SUBTYPE_IETF_OPERATING_SYSTEM,
					   IMV_ID, data, len),
			 TNC_RESULT_SUCCESS);
	free(data);
	pa_msg_builder_free(b);
}

static void test_imc_answers_error(void **state)
{
	static const uint8_t one[] = { 1 };
	/* an Attribute Request for Product Information, then the bad one */
	static const uint8_t req[8] = { 0, 0, 0, 0, 0, 0, 0,
					IETF_ATTR_PRODUCT_INFO };
	const struct pa_attr_raw attrs[] = {
		{ 0, PEN_IETF, IETF_ATTR_ATTRIBUTE_REQUEST, req, sizeof(req) },
		{ PA_ATTR_FLAG_NOSKIP, PEN_ITA, UNKNOWN_TYPE, one, 1 },
	};
	uint8_t header[PA_TNC_MSG_HEADER_LEN];
	struct queued *m;
	struct pa_msg msg;
	struct pa_attr a;
	uint32_t offset;

	connect_both();
	while ((m = pop(&fx.to_imv)))
		queued_free(m);
	imc_receives(attrs, 2, header);
	m = pop(&fx.to_imv);
	assert_non_null(m);
	assert_int_equal(m->dest, IMV_ID);
	assert_true(m->excl);
	parse(m, &msg);
	/* the error only: the request before it is not acted on */
	assert_int_equal(msg.count, 1);
	assert_int_equal(msg.attrs[0].type, IETF_ATTR_PA_TNC_ERROR);
	assert_int_equal(pa_attr_decode(&msg.attrs[0], &a, &offset),
			 PA_DECODE_OK);
	assert_int_equal(a.v.pa_tnc_error.err.code,
			 PA_ERROR_ATTR_TYPE_NOT_SUPPORTED);
	assert_int_equal(a.v.pa_tnc_error.err.attr_type, UNKNOWN_TYPE);
	assert_memory_equal(a.v.pa_tnc_error.err.header, header,
			    PA_TNC_MSG_HEADER_LEN);
	pa_attr_free(&a);
	pa_msg_free(&msg);
	queued_free(m);
}

static void test_imc_answers_request(void **state)
{
	struct capture *cap = *state;
	uint8_t req[16], header[PA_TNC_MSG_HEADER_LEN];
	const struct pa_attr_raw attr = { 0, PEN_IETF,
					  IETF_ATTR_ATTRIBUTE_REQUEST, req,
					  sizeof(req) };
	struct queued *m;
	struct pa_msg msg;

	/* IETF Product Information, ITA Device ID */
	memset(req, 0, sizeof(req));
	req[7] = IETF_ATTR_PRODUCT_INFO;
	req[10] = 0x90;
	req[11] = 0x2a;
	req[15] = ITA_ATTR_DEVICE_ID;
	connect_both();
	while ((m = pop(&fx.to_imv)))
		queued_free(m);
	imc_receives(&attr, 1, header);
	m = pop(&fx.to_imv);
	assert_non_null(m);
	parse(m, &msg);
	assert_int_equal(msg.count, 1);
	assert_int_equal(msg.attrs[0].type, IETF_ATTR_PRODUCT_INFO);
	pa_msg_free(&msg);
	queued_free(m);
	assert_non_null(strstr(logged(cap), "IMV 20 asks for IETF Product "
			       "Information, ITA Device ID on connection 1"));
	assert_non_null(strstr(logged(cap), "requested ITA Device ID is not "
			       "provided"));
}

static void put_identity(struct writer *w, uint32_t type, const char *value)
{
	writer_u32(w, 0x005597);
	writer_u32(w, type);
	writer_u32(w, (uint32_t)strlen(value));
	writer_bytes(w, value, strlen(value));
	writer_u32(w, 0x005597);
	writer_u32(w, TNC_SUBJECT_MACHINE);
	writer_u32(w, 0x005597);
	writer_u32(w, TNC_AUTH_UNKNOWN);
}

static void test_ar_identities(void **state)
{
	struct ar_identity *ids;
	struct writer w;

	writer_init(&w);
	writer_u32(&w, 2);
	put_identity(&w, TNC_ID_USERNAME, "client2");
	put_identity(&w, TNC_ID_IPV4_ADDR, "127.0.0.1");
	assert_int_equal(ar_identities_decode(w.data, w.len, &ids), 2);
	assert_int_equal(ids[0].vendor, 0x005597);
	assert_int_equal(ids[0].type, TNC_ID_USERNAME);
	assert_int_equal(ids[1].type, TNC_ID_IPV4_ADDR);
	assert_int_equal(ids[1].len, 9);
	assert_memory_equal(ids[1].value, "127.0.0.1", 9);
	free(ids);
	/* cut short: only the whole first identity is kept */
	assert_int_equal(ar_identities_decode(w.data, w.len - 1, &ids), 1);
	free(ids);
	/* a count the bytes cannot hold */
	put_u32be(w.data, 0xFFFFFFFFu);
	assert_int_equal(ar_identities_decode(w.data, w.len, &ids), 2);
	free(ids);
	assert_int_equal(ar_identities_decode(w.data, 3, &ids), 0);
	assert_null(ids);
	writer_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_split_over_messages,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_held_until_contract,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_imv_discards_on_error,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_imc_answers_error,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_imc_answers_request,
						setup, teardown),
		cmocka_unit_test(test_ar_identities),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
