/*
 * fuzz_pt_tls.c - libFuzzer target for the PT-TLS message codec
 * (libtnccs/pt_tls.c): the header and every value decoder, fed the value
 * that follows the 16 header bytes. Decoded values are encoded again and
 * must decode to the same result.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "pt_tls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void mechs_round_trip(const uint8_t *v, size_t len)
{
	struct pt_tls_mech_list list, again;
	const char *names[8];
	struct writer w;
	size_t i;

	if (pt_tls_mechs_decode(v, len, &list) < 0)
		return;
	for (i = 0; i < list.count; i++)
		names[i] = list.names[i];
	writer_init(&w);
	pt_tls_mechs_encode(&w, names, list.count);
	if (pt_tls_mechs_decode(w.data, w.len, &again) < 0 ||
	    again.count != list.count)
		abort();
	for (i = 0; i < list.count; i++)
		if (strcmp(again.names[i], list.names[i]) != 0)
			abort();
	writer_free(&w);
}

static void selection_round_trip(const uint8_t *v, size_t len)
{
	char name[PT_TLS_SASL_NAME_MAX + 1], name2[PT_TLS_SASL_NAME_MAX + 1];
	const uint8_t *initial, *initial2;
	size_t initial_len, initial_len2;
	struct writer w;

	if (pt_tls_selection_decode(v, len, name, &initial, &initial_len) < 0)
		return;
	writer_init(&w);
	pt_tls_selection_encode(&w, name, initial, initial_len);
	if (pt_tls_selection_decode(w.data, w.len, name2, &initial2,
				    &initial_len2) < 0 ||
	    strcmp(name, name2) != 0 || initial_len != initial_len2 ||
	    (initial_len && memcmp(initial, initial2, initial_len)))
		abort();
	writer_free(&w);
}

static void error_round_trip(const uint8_t *v, size_t len)
{
	struct pt_tls_error e, again;
	struct writer w;

	if (pt_tls_error_decode(v, len, &e) < 0)
		return;
	writer_init(&w);
	pt_tls_error_encode(&w, e.code, e.copy, e.copy_len);
	if (pt_tls_error_decode(w.data, w.len, &again) < 0 ||
	    again.code != e.code || again.copy_len != e.copy_len)
		abort();
	writer_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	struct pt_tls_header h;
	const uint8_t *v;
	uint8_t a, b, c;
	size_t len;

	if (!quiet) {
		log_set_level(-1, -1);
		quiet = 1;
	}
	if (size < PT_TLS_HEADER_LEN)
		return 0;
	if (pt_tls_header_decode(data, PT_TLS_DEFAULT_MAX_MSG, &h) == 0 &&
	    (h.length < PT_TLS_HEADER_LEN || h.length > PT_TLS_DEFAULT_MAX_MSG))
		abort();
	pt_tls_type_name(h.vendor, h.type);
	pt_tls_error_name(h.type);
	v = data + PT_TLS_HEADER_LEN;
	len = size - PT_TLS_HEADER_LEN;
	pt_tls_version_request_decode(v, len, &a, &b, &c);
	pt_tls_version_response_decode(v, len, &a);
	pt_tls_sasl_result_decode(v, len, &a);
	mechs_round_trip(v, len);
	selection_round_trip(v, len);
	error_round_trip(v, len);
	return 0;
}
