/* SPDX-License-Identifier: ISC */
/* headers.h - parsers for the HTTP response headers ACME relies on
 * (Replay-Nonce, Retry-After, Link).  Pure functions over untrusted
 * text: no I/O, every length and number bounded. */
#ifndef ACMETUI_ACME_HEADERS_H
#define ACMETUI_ACME_HEADERS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Longest Replay-Nonce accepted (RFC 8555 6.5.1: base64url; Boulder's
 * are ~40 bytes). */
#define HDR_NONCE_MAX 256
/* Retry-After further in the future than this is clamped to it. */
#define HDR_RETRY_AFTER_MAX (7 * 24 * 3600)
/* At most this many rel="alternate" links are kept per response. */
#define HDR_ALTERNATES_MAX 8

/* Returns 1 when v[0..n) is a usable Replay-Nonce: non-empty base64url,
 * at most HDR_NONCE_MAX bytes. */
int hdr_nonce_valid(const char *v, size_t n);

/* Parses a Retry-After value (delta-seconds or an HTTP-date, RFC 9110
 * 10.2.3) received at now_ms (wall clock, ms since the epoch) into the
 * wait it asks for, in milliseconds (*wait_ms), counted from its
 * arrival: delta-seconds exactly, a date against now_ms.  A date in the
 * past gives 0; anything beyond HDR_RETRY_AFTER_MAX seconds is clamped.
 * Returns 0, or -1 (*wait_ms untouched) for anything malformed
 * (negative, overflowing, trailing junk, over-long). */
int hdr_retry_after(const char *v, size_t n, int64_t now_ms, int64_t *wait_ms);

/* The links of one response that ACME uses.  Strings are owned;
 * release with hdr_links_clear(). */
struct hdr_links {
	char *up;    /* rel="up": issuer cert / authz's order, first one */
	char *index; /* rel="index": the directory */
	char *next;  /* rel="next": the next page of a list */
	char *alternate[HDR_ALTERNATES_MAX]; /* rel="alternate" chains */
	size_t n_alternate;
};

/* Parses one Link header value (RFC 8288: one or more comma-separated
 * "<uri>; param=value; param=\"quoted, value\"" link-values; rel may
 * hold several space-separated relation types) and adds the up, index,
 * next and alternate targets to l.  Targets are not validated as URLs here
 * (callers apply url_check).  Malformed link-values are skipped; parsing
 * resumes at the next comma outside quotes and angle brackets.
 * Returns 0, or -1 when out of memory. */
int hdr_link_parse(const char *v, size_t n, struct hdr_links *l);

/* Releases every string of l and zeroes it; safe on a zeroed struct. */
void hdr_links_clear(struct hdr_links *l);

#endif
