/*
 * imv_os.c - the OS IMV (imv-os.so, imv-os-scanner.md section 4): reads
 * what the OS IMC reports in PA subtype IETF Operating System, starts
 * the policy session with the endpoint's product and device, and
 * evaluates the workitems of the OS: PCKGS (installed packages against
 * the policy database), UNSRC (apps from unknown sources), FWDEN (IP
 * forwarding) and PWDEN (factory default password).
 *
 * Per connection (4.1): INIT -> ATTR_REQ -> POLICY_START -> WORKITEMS ->
 * END. The first batch brings the pushed attributes; whatever mandatory
 * one is missing is asked for once. The agent claims the workitems
 * after the policy started and decides when none is open.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_imv.h"
#include "package_check.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* The Android setting behind UNSRC (4.1 step 3). */
#define SETTING_UNSRC "install_non_market_apps"

enum os_imv_state {
	ST_INIT,
	ST_ATTR_REQ,
	ST_POLICY_START,
	ST_WORKITEMS,
	ST_END,
};

/* What has been received on the connection. */
enum got {
	GOT_PRODUCT = 1 << 0,
	GOT_STRING_VERSION = 1 << 1,
	GOT_NUMERIC_VERSION = 1 << 2,
	GOT_OP_STATUS = 1 << 3,
	GOT_FWD = 1 << 4,
	GOT_DEFAULT_PWD = 1 << 5,
	GOT_DEVICE_ID = 1 << 6,
	GOT_PACKAGES = 1 << 7,
	GOT_SETTINGS = 1 << 8,
};

/*
 * The mandatory attributes and how each is asked for. Product
 * Information and String Version make the product string together, so
 * both are asked for when either is missing.
 */
static const struct {
	unsigned need;		/* asked for when any of these is missing */
	struct pa_attr_type type;
} mandatory[] = {
	{ GOT_PRODUCT | GOT_STRING_VERSION,
	  { PEN_IETF, IETF_ATTR_PRODUCT_INFO } },
	{ GOT_PRODUCT | GOT_STRING_VERSION,
	  { PEN_IETF, IETF_ATTR_STRING_VERSION } },
	{ GOT_NUMERIC_VERSION, { PEN_IETF, IETF_ATTR_NUMERIC_VERSION } },
	{ GOT_OP_STATUS, { PEN_IETF, IETF_ATTR_OP_STATUS } },
	{ GOT_FWD, { PEN_IETF, IETF_ATTR_FWD_ENABLED } },
	{ GOT_DEFAULT_PWD, { PEN_IETF, IETF_ATTR_DEFAULT_PWD_ENABLED } },
	{ GOT_DEVICE_ID, { PEN_ITA, ITA_ATTR_DEVICE_ID } },
};

/* The results of the workitems that are yes/no questions (section 9). */
struct flag_item {
	enum workitem_type type;
	unsigned need;				/* received first */
	TNC_IMV_Evaluation_Result fail_eval;
	const char *on_text;
	const char *off_text;
};

static const struct flag_item flag_items[] = {
	{ WORKITEM_UNSRC, GOT_SETTINGS,
	  TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR,
	  "unknown sources enabled", "unknown sources not enabled" },
	{ WORKITEM_FWDEN, GOT_FWD,
	  TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR,
	  "forwarding enabled", "forwarding not enabled" },
	{ WORKITEM_PWDEN, GOT_DEFAULT_PWD,
	  TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MAJOR,
	  "factory default password enabled",
	  "factory default password not enabled" },
};

/* Findings that go into the remediation instructions (4.3). */
enum finding {
	FOUND_BLACKLISTED = 1 << 0,
	FOUND_VULNERABLE = 1 << 1,
	FOUND_FWD = 1 << 2,
	FOUND_PWD = 1 << 3,
	FOUND_UNSRC = 1 << 4,
};

struct os_state {
	enum os_imv_state state;
	unsigned got;			/* enum got */
	char *name;			/* Product Information, owned */
	char *version;			/* String Version, owned */
	char *device;			/* ITA Device ID, owned */
	bool fwd_on;
	bool pwd_on;
	bool unsrc_on;
	int64_t product_id;		/* for the package check, 0 unknown */
	struct package_check pc;
	bool packages_asked;
	bool settings_asked;
	unsigned found;			/* enum finding */
	struct workitem **pending;	/* claimed, waiting for data; owned
					 * array of the agent's workitems */
	size_t pending_count;
};

static void *state_new(struct agent_conn *c)
{
	return calloc(1, sizeof(struct os_state));
}

static void state_free(void *state)
{
	struct os_state *st = state;

	free(st->name);
	free(st->version);
	free(st->device);
	free(st->pending);
	package_check_free(&st->pc);
	free(st);
}

/* A copy of b as a C string; NULL when out of memory. */
static char *bytes_dup(struct pa_bytes b)
{
	return strndup((const char *)b.ptr, b.len);
}

static void set_text(char **field, struct pa_bytes b)
{
	free(*field);
	*field = bytes_dup(b);
}

/* ------------------------------------------------------- remediation */

/* The remediation instructions in the order of 4.3. */
static const struct {
	enum finding finding;
	const char *title;
	const char *description;
	const char *header;		/* NULL: no items */
	bool remove;			/* items: to remove, else to update */
} instructions[] = {
	{ FOUND_BLACKLISTED, "Blacklisted Software Packages",
	  "Dangerous software packages were found",
	  "Please remove the following software packages:", true },
	{ FOUND_VULNERABLE, "Software Security Updates",
	  "Packages with security vulnerabilities were found",
	  "Please update the following software packages:", false },
	{ FOUND_FWD, "IP Packet Forwarding",
	  "Please disable the forwarding of IP packets", NULL, false },
	{ FOUND_PWD, "Default Password",
	  "Please change the default password", NULL, false },
	{ FOUND_UNSRC, "Unknown Software Origin",
	  "Do not allow the installation of apps from unknown sources",
	  NULL, false },
};

/* The reason the endpoint is told: one part per kind of finding (4.3). */
static void update_reason(struct agent_conn *c, const struct os_state *st)
{
	bool packages = st->found & (FOUND_BLACKLISTED | FOUND_VULNERABLE);
	bool settings = st->found & (FOUND_FWD | FOUND_PWD | FOUND_UNSRC);

	agent_imv_set_reason(c, packages && settings ?
		"Vulnerable or blacklisted software packages were found\n"
		"Improper OS settings were detected" :
		packages ? "Vulnerable or blacklisted software packages were "
			   "found" :
		settings ? "Improper OS settings were detected" : NULL);
}

/* The plain-text encoding of 4.3, handed to the agent for the assessment. */
static void update_remediation(struct agent_conn *c, struct os_state *st)
{
	char *text = NULL, **items;
	size_t len = 0, i, j, n;
	bool first = true;
	FILE *f;

	if (!st->found)
		return;
	f = open_memstream(&text, &len);
	if (!f)
		return;
	for (i = 0; i < COUNT(instructions); i++) {
		if (!(st->found & instructions[i].finding))
			continue;
		fprintf(f, "%s%s\n  %s", first ? "" : "\n",
			instructions[i].title, instructions[i].description);
		first = false;
		if (!instructions[i].header)
			continue;
		fprintf(f, "\n  %s", instructions[i].header);
		items = instructions[i].remove ? st->pc.remove : st->pc.update;
		n = instructions[i].remove ? st->pc.remove_count :
					     st->pc.update_count;
		for (j = 0; j < n; j++)
			fprintf(f, "\n    %s", items[j]);
	}
	if (fclose(f) == 0)
		agent_imv_set_remediation(c, text);
	free(text);
	update_reason(c, st);
}

/* ------------------------------------------------------------ workitems */

static void finish(struct agent_conn *c, struct os_state *st,
		   struct workitem *w, TNC_IMV_Evaluation_Result eval,
		   const char *text)
{
	agent_imv_workitem_done(c, w, eval, text);
	update_remediation(c, st);
}

static const struct flag_item *flag_item_of(int64_t type)
{
	size_t i;

	for (i = 0; i < COUNT(flag_items); i++)
		if (flag_items[i].type == type)
			return &flag_items[i];
	return NULL;
}

static bool flag_value(const struct os_state *st, enum workitem_type type)
{
	return type == WORKITEM_FWDEN ? st->fwd_on :
	       type == WORKITEM_PWDEN ? st->pwd_on : st->unsrc_on;
}

static const unsigned flag_findings[] = {
	[WORKITEM_UNSRC] = FOUND_UNSRC,
	[WORKITEM_FWDEN] = FOUND_FWD,
	[WORKITEM_PWDEN] = FOUND_PWD,
};

/* Finishes w if its data is there; false when it must wait. */
static bool evaluate(struct agent_conn *c, struct os_state *st,
		     struct workitem *w)
{
	const struct flag_item *f = flag_item_of(w->type);
	char text[128];

	if (w->type == WORKITEM_PCKGS) {
		if (!(st->got & GOT_PACKAGES))
			return false;
		if (st->pc.blacklisted)
			st->found |= FOUND_BLACKLISTED;
		if (st->pc.vulnerable)
			st->found |= FOUND_VULNERABLE;
		package_check_result(&st->pc, text, sizeof(text));
		finish(c, st, w, package_check_eval(&st->pc), text);
		return true;
	}
	if (!f || !(st->got & f->need))
		return false;
	if (flag_value(st, f->type)) {
		st->found |= flag_findings[f->type];
		finish(c, st, w, f->fail_eval, f->on_text);
	} else {
		finish(c, st, w, TNC_IMV_EVALUATION_RESULT_COMPLIANT,
		       f->off_text);
	}
	return true;
}

static void send_request(struct agent_conn *c, const struct pa_attr_type *t)
{
	struct agent_msg *m = agent_msg_new(c, agent_conn_peer(c));

	if (!m)
		return;
	agent_msg_add_request(m, t, 1);
	agent_msg_send(m);
}

static void send_get_settings(struct agent_conn *c)
{
	struct pa_bytes name = { (const uint8_t *)SETTING_UNSRC,
				 strlen(SETTING_UNSRC) };
	struct pa_attr a = {
		.vendor = PEN_ITA,
		.type = ITA_ATTR_GET_SETTINGS,
		.v.get_settings = { 1, &name },
	};
	struct agent_msg *m = agent_msg_new(c, agent_conn_peer(c));

	if (!m)
		return;
	agent_msg_add(m, &a);
	agent_msg_send(m);
}

/*
 * A workitem claimed for this IMV: FWDEN and PWDEN are usually decided
 * at once on the pushed data; PCKGS and UNSRC ask the IMC first.
 */
static void workitem_start(struct agent_conn *c, void *state,
			   struct workitem *w)
{
	static const struct pa_attr_type packages = {
		PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES };
	struct os_state *st = state;
	struct workitem **grown;

	if (evaluate(c, st, w))
		return;
	grown = realloc(st->pending, (st->pending_count + 1) *
			sizeof(*grown));
	if (!grown) {
		finish(c, st, w, TNC_IMV_EVALUATION_RESULT_ERROR,
		       "out of memory");
		return;
	}
	st->pending = grown;
	st->pending[st->pending_count++] = w;
	if (w->type == WORKITEM_PCKGS && !st->packages_asked) {
		send_request(c, &packages);
		st->packages_asked = true;
	} else if (w->type == WORKITEM_UNSRC && !st->settings_asked) {
		send_get_settings(c);
		st->settings_asked = true;
	}
}

/* 4.1 step 4: every pending workitem whose data has arrived. */
static void evaluate_pending(struct agent_conn *c, struct os_state *st)
{
	size_t i = 0;

	while (i < st->pending_count) {
		if (!evaluate(c, st, st->pending[i])) {
			i++;
			continue;
		}
		st->pending[i] = st->pending[--st->pending_count];
	}
}

/* ------------------------------------------------------- attributes */

static void on_product_info(struct agent_conn *c, void *state,
			    const struct agent_attr *a, struct agent_msg *r)
{
	struct os_state *st = state;
	struct pa_bytes name = a->v->product_info.name;

	/* another OS: the product of the package check changes too */
	if (st->name && (strlen(st->name) != name.len ||
			 memcmp(st->name, name.ptr, name.len) != 0))
		st->product_id = 0;
	set_text(&st->name, name);
	st->got |= GOT_PRODUCT;
}

static void on_string_version(struct agent_conn *c, void *state,
			      const struct agent_attr *a, struct agent_msg *r)
{
	struct os_state *st = state;

	set_text(&st->version, a->v->string_version.version);
	st->product_id = 0;
	st->got |= GOT_STRING_VERSION;
}

static void on_numeric_version(struct agent_conn *c, void *state,
			       const struct agent_attr *a,
			       struct agent_msg *r)
{
	const struct ietf_numeric_version *v = &a->v->numeric_version;

	agent_log(c, 2, "operating system numeric version %u.%u", v->major,
		  v->minor);
	((struct os_state *)state)->got |= GOT_NUMERIC_VERSION;
}

static void on_op_status(struct agent_conn *c, void *state,
			 const struct agent_attr *a, struct agent_msg *r)
{
	agent_log(c, 2, "operational status %u, result %u, last use %s",
		  a->v->op_status.status, a->v->op_status.result,
		  a->v->op_status.last_use);
	((struct os_state *)state)->got |= GOT_OP_STATUS;
}

static void on_fwd_enabled(struct agent_conn *c, void *state,
			   const struct agent_attr *a, struct agent_msg *r)
{
	struct os_state *st = state;

	st->fwd_on = a->v->fwd_enabled.status == 1;
	st->got |= GOT_FWD;
}

static void on_default_pwd(struct agent_conn *c, void *state,
			   const struct agent_attr *a, struct agent_msg *r)
{
	struct os_state *st = state;

	st->pwd_on = a->v->default_pwd_enabled.enabled != 0;
	st->got |= GOT_DEFAULT_PWD;
}

static void on_device_id(struct agent_conn *c, void *state,
			 const struct agent_attr *a, struct agent_msg *r)
{
	struct os_state *st = state;

	set_text(&st->device, a->v->device_id.id);
	st->got |= GOT_DEVICE_ID;
}

static void on_settings(struct agent_conn *c, void *state,
			const struct agent_attr *a, struct agent_msg *r)
{
	const struct ita_settings *s = &a->v->settings;
	struct os_state *st = state;
	size_t i;

	for (i = 0; i < s->count; i++)
		if (s->settings[i].name.len == strlen(SETTING_UNSRC) &&
		    memcmp(s->settings[i].name.ptr, SETTING_UNSRC,
			   s->settings[i].name.len) == 0 &&
		    s->settings[i].value.len == 1 &&
		    s->settings[i].value.ptr[0] == '1')
			st->unsrc_on = true;
	st->got |= GOT_SETTINGS;
}

/* A database failure ends the assessment (4.1). */
static void db_failed(struct agent_conn *c, struct os_state *st)
{
	agent_log(c, 0, "package database lookup failed");
	st->state = ST_END;
	agent_imv_finish(c, TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION,
			 TNC_IMV_EVALUATION_RESULT_ERROR);
}

/* The product the packages are checked for (4.2); 0 when none. */
static int64_t check_product(struct agent_conn *c, struct os_state *st,
			     struct db *db)
{
	char product[512];

	if (st->product_id)
		return st->product_id;
	if (!st->name || !st->version)
		return 0;
	if (strncmp(st->name, "Android", 7) == 0)
		snprintf(product, sizeof(product), "Android");
	else
		snprintf(product, sizeof(product), "%s %s", st->name,
			 st->version);
	st->product_id = package_check_product(db, product);
	if (st->product_id == 0)
		agent_log(c, 1, "product '%s' not in the database", product);
	return st->product_id;
}

static void on_installed_packages(struct agent_conn *c, void *state,
				  const struct agent_attr *a,
				  struct agent_msg *r)
{
	const struct ietf_installed_packages *ip =
		&a->v->installed_packages;
	struct os_state *st = state;
	struct db *db = agent_imv_db(c);
	enum package_verdict v;
	int64_t product;
	char *name, *version;
	size_t i;
	bool ok = true;

	st->got |= GOT_PACKAGES;
	if (!db || st->state == ST_END)
		return;
	product = check_product(c, st, db);
	for (i = 0; ok && product >= 0 && i < ip->count; i++) {
		name = bytes_dup(ip->packages[i].name);
		version = bytes_dup(ip->packages[i].version);
		ok = name && version && package_check_one(db, product, name,
							  version, &st->pc,
							  &v);
		if (ok && v != PACKAGE_OK && v != PACKAGE_UNKNOWN)
			agent_log(c, 2, "package '%s' (%s) is %s", name,
				  version, v == PACKAGE_BLACKLISTED ?
				  "blacklisted" : "vulnerable");
		free(name);
		free(version);
	}
	if (product < 0 || !ok)
		db_failed(c, st);
}

/* ------------------------------------------------------ batch ending */

/* 4.1 step 1: the contract request, and what mandatory is missing. */
static void first_round(struct agent_conn *c, struct os_state *st)
{
	struct pa_attr_type types[COUNT(mandatory)];
	struct agent_msg *m = agent_msg_new(c, agent_conn_peer(c));
	size_t i, n = 0;

	if (!m)
		return;
	for (i = 0; i < COUNT(mandatory); i++)
		if ((st->got & mandatory[i].need) != mandatory[i].need)
			types[n++] = mandatory[i].type;
	if (n > 0)
		agent_msg_add_request(m, types, n);
	agent_msg_send(m);
}

/* 4.1 step 2. */
static void try_start(struct agent_conn *c, struct os_state *st)
{
	char product[512];

	if (agent_imv_policy_started(c)) {
		st->state = ST_WORKITEMS;
		return;
	}
	if (st->name && st->version && (st->device ||
					st->state == ST_ATTR_REQ)) {
		snprintf(product, sizeof(product), "%s %s", st->name,
			 st->version);
		st->state = ST_POLICY_START;
		if (!agent_imv_start_policy(c, product, st->device ?
					    st->device : "unknown")) {
			st->state = ST_END;
			return;
		}
		/* the agent claims the workitems after this callback */
		st->state = ST_WORKITEMS;
	} else if (st->state == ST_ATTR_REQ) {
		agent_log(c, 1, "no product information from the IMC");
		st->state = ST_END;
		agent_imv_finish(c,
			TNC_IMV_ACTION_RECOMMENDATION_NO_RECOMMENDATION,
			TNC_IMV_EVALUATION_RESULT_ERROR);
	} else {
		st->state = ST_ATTR_REQ;
	}
}

static void on_batch_ending(struct agent_conn *c, void *state)
{
	struct os_state *st = state;

	/* a decision now would cut off a segmented attribute */
	if (st->state == ST_END || agent_conn_busy(c))
		return;
	if (st->state == ST_INIT)
		first_round(c, st);
	if (st->state < ST_POLICY_START)
		try_start(c, st);
	else if (st->state == ST_WORKITEMS)
		evaluate_pending(c, st);
}

/* ------------------------------------------------------- description */

static const struct agent_attr_handler attrs[] = {
	{ PEN_IETF, IETF_ATTR_PRODUCT_INFO, on_product_info },
	{ PEN_IETF, IETF_ATTR_STRING_VERSION, on_string_version },
	{ PEN_IETF, IETF_ATTR_NUMERIC_VERSION, on_numeric_version },
	{ PEN_IETF, IETF_ATTR_OP_STATUS, on_op_status },
	{ PEN_IETF, IETF_ATTR_FWD_ENABLED, on_fwd_enabled },
	{ PEN_IETF, IETF_ATTR_DEFAULT_PWD_ENABLED, on_default_pwd },
	{ PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, on_installed_packages },
	{ PEN_ITA, ITA_ATTR_DEVICE_ID, on_device_id },
	{ PEN_ITA, ITA_ATTR_SETTINGS, on_settings },
};

static const struct agent_msg_type types[] = {
	{ PEN_IETF, PA_SUBTYPE_IETF_OPERATING_SYSTEM },
};

static const struct agent_imv_desc imv_os = {
	.base = {
		.name = "OS",
		.types = types,
		.type_count = COUNT(types),
		.want_contract = true,
		.attrs = attrs,
		.attr_count = COUNT(attrs),
		.conn_new = state_new,
		.conn_free = state_free,
		.on_batch_ending = on_batch_ending,
	},
	.owner = WORKITEM_OWNER_OS,
	.starts_policy = true,
	.workitem_start = workitem_start,
};

AGENT_IMV_PLUGIN(imv_os)
