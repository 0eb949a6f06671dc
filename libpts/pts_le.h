/*
 * pts_le.h - little-endian fields on top of the project's big-endian
 * bounds-checked reader (libtnccs/buf.h), for the BIOS event log (TCG PC
 * Client, little-endian) and the IMA log (host order; we read the
 * little-endian layout of x86/arm hosts and of ima_canonical_fmt).
 * Internal to libpts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PTS_LE_H
#define PTS_LE_H

#include <stdint.h>

#include "buf.h"

static inline uint16_t reader_u16le(struct reader *r)
{
	const uint8_t *p = reader_bytes(r, 2);

	return p ? (uint16_t)(p[0] | p[1] << 8) : 0;
}

static inline uint32_t reader_u32le(struct reader *r)
{
	const uint8_t *p = reader_bytes(r, 4);

	return p ? (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		   (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24 : 0;
}

#endif /* PTS_LE_H */
