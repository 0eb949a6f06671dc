/*
 * fuzz_web.c - libFuzzer target for what tnc-web parses from a request
 * (programs/tnc-web/web_parse.c): the first byte picks the parser, the
 * rest is its input.
 *   0 Basic credentials   1 Cookie header   2 add-tags body
 *   3 swid-measurement body   4 swid-events body
 *   5 query arguments ("k=v&k=v", as the HTTP layer decodes them)
 *   6 a page's form body (application/x-www-form-urlencoded)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web_parse.h"

static void query(const char *s)
{
	struct obj_filter args[16];
	struct obj_query q;
	char *copy = strdup(s), *p = copy, *tok, *eq, err[160];
	size_t n = 0;

	while (copy && n < 16 && (tok = strsep(&p, "&"))) {
		eq = strchr(tok, '=');
		if (eq)
			*eq++ = '\0';
		args[n].field = tok;
		args[n++].value = eq ? eq : "";
	}
	web_query_parse(args, n, &q, err, sizeof(err));
	free((void *)q.filters);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char user[128], pass[256], out[128], err[160];
	struct swid_events ev = { 0 };
	struct swid_strs ids = { 0 };
	struct swid_xml *tags = NULL;
	json_t *doc = NULL;
	size_t count;
	char *text;

	if (!size)
		return 0;
	/* the headers and arguments arrive NUL-terminated */
	text = strndup((const char *)data + 1, size - 1);
	if (!text)
		return 0;
	switch (data[0] % 7) {
	case 0:
		web_basic_decode(text, user, sizeof(user), pass, sizeof(pass));
		break;
	case 1:
		web_cookie_get(text, "tncweb_session", out, sizeof(out));
		break;
	case 2:
		web_swid_tags_parse((const char *)data + 1, size - 1, &doc,
				    &tags, &count, err, sizeof(err));
		break;
	case 3:
		web_swid_ids_parse((const char *)data + 1, size - 1, &ids, err,
				   sizeof(err));
		break;
	case 4:
		web_swid_events_parse((const char *)data + 1, size - 1, &ev,
				      err, sizeof(err));
		break;
	case 5:
		query(text);
		break;
	default:
		web_form_parse((const char *)data + 1, size - 1, &doc, err,
			       sizeof(err));
		break;
	}
	free(tags);
	json_decref(doc);
	swid_strs_free(&ids);
	swid_events_free(&ev);
	free(text);
	return 0;
}
