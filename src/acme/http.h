/* SPDX-License-Identifier: ISC */
/* http.h - the HTTPS transport under the ACME client (libcurl).
 *
 * One struct http per client and per thread (it wraps one curl easy
 * handle, so requests to a CA reuse one connection).  TLS verification is
 * always on; an extra trusted CA file adds to the system store, it does
 * not replace it.  Only https is spoken, redirects are never followed,
 * and every response is capped in size and time. */
#ifndef ACMETUI_ACME_HTTP_H
#define ACMETUI_ACME_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "acme/headers.h"
#include "util/err.h"

/* Limits on what a server may send us. */
#define HTTP_BODY_MAX (1024 * 1024)  /* a chain is a few KiB */
#define HTTP_HEADERS_MAX (64 * 1024) /* all header lines together */
#define HTTP_HEADER_VALUE_MAX 4096   /* one kept header value */
#define HTTP_CONNECT_TIMEOUT_S 10L
#define HTTP_TIMEOUT_S 60L	  /* whole request */
#define HTTP_LOW_SPEED_BYTES 32L  /* below this many bytes/s ... */
#define HTTP_LOW_SPEED_TIME_S 20L /* ... for this long: abort */

/* The Debian/Ubuntu system bundle, used when curl has no default. */
#define HTTP_SYSTEM_CA_BUNDLE "/etc/ssl/certs/ca-certificates.crt"
/* The same store as a hashed directory (c_rehash), loaded lazily. */
#define HTTP_SYSTEM_CA_DIR "/etc/ssl/certs"

struct http_opts {
	const char *ca_file; /* extra trusted CA PEM file, or NULL */
	long timeout_s;	     /* 0: HTTP_TIMEOUT_S */
};

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST };

/* One response.  Strings are owned, NUL-terminated and free of control
 * characters; release with http_resp_clear(). */
struct http_resp {
	long status; /* HTTP status code */
	char *body;  /* never NULL after a successful request */
	size_t body_len;
	char *content_type;	/* media type, lower-cased, params cut */
	char *location;		/* Location header, unvalidated */
	char *nonce;		/* Replay-Nonce, validated base64url */
	time_t retry_after;	/* absolute time; 0 when absent/invalid */
	int64_t retry_at_ms;	/* the same on mono_ms(): when the response
				 * arrived plus the wait; 0 when absent */
	time_t date;		/* Date header; 0 when absent/invalid */
	struct hdr_links links; /* Link rel=up/index/alternate */
	size_t header_bytes;	/* running total, capped */
};

struct http;

/* Initialises libcurl (and through it OpenSSL) once per process; later
 * calls return the first call's result.  Safe to call from several
 * threads, but a program that starts threads which use the transport
 * calls it before starting them (curl_global_init is not thread-safe in
 * every libcurl).  A run that never talks to the network never calls it
 * and so never pays for it.  RC_SYS (e set) when libcurl fails. */
enum rc http_global_init(struct err *e);

/* Undoes http_global_init() at exit, when it was done; else nothing. */
void http_global_cleanup(void);

/* Creates a transport.  Reads and checks opts->ca_file (must hold at
 * least one PEM certificate).  Returns NULL (e set) on failure; free with
 * http_free(). */
struct http *http_new(const struct http_opts *opts, struct err *e);

/* Closes the connection and frees h; NULL is fine. */
void http_free(struct http *h);

/* Performs one request.  body/body_len are sent for POST (content_type
 * then names them); accept, when non-NULL, becomes the Accept header.
 * On RC_OK, *r holds the response whatever its status code (callers
 * decide what a 4xx means); on failure *r is cleared and e says why:
 * RC_NET, RC_TLS, RC_TIMEOUT, RC_TOOBIG or RC_INPUT (not https). */
enum rc http_request(struct http *h, enum http_method m, const char *url,
		     const char *content_type, const char *accept,
		     const char *body, size_t body_len, struct http_resp *r,
		     struct err *e);

/* Releases everything r owns and zeroes it; safe on a zeroed struct. */
void http_resp_clear(struct http_resp *r);

/* Records the Retry-After value v[0..n) of a response that arrived at
 * arrived_wall (wall_ms() clock) and arrived_mono (mono_ms() clock):
 * r->retry_after for messages and the inventory, r->retry_at_ms for
 * waiting; both count the wait (hdr_retry_after) from the arrival.  A
 * malformed value leaves r untouched.  Exposed for tests. */
void http_resp_set_retry_after(struct http_resp *r, const char *v, size_t n,
			       int64_t arrived_wall, int64_t arrived_mono);

/* Builds the bundle of trusted CAs: the PEM of the system bundle (when
 * readable) followed by the PEM of extra_file, checking that extra_file
 * holds at least one certificate.  *out is a new buffer (caller frees).
 * Exposed for tests. */
enum rc http_ca_bundle(const char *system_file, const char *extra_file,
		       char **out, size_t *out_len, struct err *e);

#endif
