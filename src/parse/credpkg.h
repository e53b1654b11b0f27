/* SPDX-License-Identifier: ISC */
/* credpkg.h - the ACME credentials package a CA sends an operator.
 *
 * CAs that require External Account Binding (Sectigo Certificate-as-a-
 * Service, ZeroSSL, Google Trust Services) hand out an ACME account id, an
 * EAB key id, an EAB HMAC key and the ACME server (directory) URL, usually
 * by e-mail, sometimes as JSON from an API.  credpkg_parse() reads either
 * form as an operator would paste it: quoted, forwarded, re-wrapped,
 * converted from HTML, with CRLF, LF or CR line ends.
 *
 * Text form: a line starting with a known label (any case; spaces, '-'
 * or '_' between its words; with or without ':' or '='; an optional
 * "(...)" note after it) followed by a value on the same line or on the
 * next non-empty line.  A value is a single token, possibly wrapped in
 * <>, quotes or *bold* markers; anything with a space in it is prose and
 * is ignored.  Labels:
 *   account id: "ACME Account ID", "Account ID", "Account Identifier"
 *   EAB key id: "EAB Key ID", "EAB KID", "Key ID", "Key Identifier",
 *               "KID", "EAB MAC ID", "MAC Key ID", "HMAC Key ID"
 *   HMAC key:   "EAB HMAC Key", "EAB MAC Key", "HMAC Key", "MAC Key",
 *               "HMAC"
 *   server URL: "ACME Server URL", "ACME URL", "Server URL",
 *               "ACME Directory URL", "Directory URL", "ACME Directory",
 *               "ACME Server"
 *   e-mail:     "Contact E-mail", "Account E-mail", "Registration E-mail"
 * JSON form: an object whose member names, compared case-insensitively
 * without punctuation, are e.g. "acmeAccountID", "eabMACIDb64url",
 * "eabMACKeyb64url", "acmeServerURL" / "serverUrl" / "serverURL" /
 * "directoryUrl", "hmacKey", "email"; or such objects wrapped in an
 * "Accounts" array (credpkg_parse_pick).
 *
 * The same field given twice with different values is an error (two
 * packages pasted together): acmetui does not guess. */
#ifndef ACMETUI_CREDPKG_H
#define ACMETUI_CREDPKG_H

#include <stddef.h>

#include "util/err.h"
#include "util/url.h"

/* Limits on what is accepted. */
#define CREDPKG_INPUT_MAX (64 * 1024) /* bytes of pasted text */
#define CREDPKG_ID_MAX 256	      /* account id, EAB key id */
#define CREDPKG_URL_MAX URL_MAX
#define CREDPKG_EMAIL_MAX 254
#define CREDPKG_HMAC_TEXT_MAX 1024 /* base64url characters */
#define CREDPKG_HMAC_MIN_BYTES 16  /* decoded key length */

struct credpkg {
	char *account_id; /* the CA's account id, or NULL */
	char *eab_kid;	  /* EAB key id; set together with eab_hmac */
	char *eab_hmac;	  /* SECRET: base64url text, no '=' padding */
	char *server_url; /* https ACME directory URL, or NULL */
	char *email;	  /* contact address (no "mailto:"), or NULL */
};

/* Parses len bytes of text (not necessarily NUL-terminated) into *out,
 * which is overwritten (pass a zeroed or cleared struct).  Succeeds when
 * the package holds an EAB key id and HMAC key together, or a server URL,
 * or both; every value found is validated: HMAC key base64url decoding to
 * at least 16 bytes, ids printable ASCII without spaces, URL https with a
 * host.  Returns RC_OK (caller releases *out with credpkg_clear()),
 * RC_TOOBIG over CREDPKG_INPUT_MAX, RC_INPUT with a one-line detail that
 * names what is missing or malformed and never contains the HMAC key, or
 * RC_NOMEM.  On failure *out is left zeroed. */
enum rc credpkg_parse(const char *text, size_t len, struct credpkg *out,
		      struct err *e);

/* credpkg_parse() for a package that may hold several accounts: the JSON
 * answer of Sectigo's CaaS API PREREGISTER / LISTACCOUNTS,
 * {"Accounts": [{"acmeAccountID", "accountStatus", "eabMACKeyb64url",
 * "eabMACIDb64url"}, ...]} (members outside the list, such as a
 * "serverUrl", apply to the chosen one).  account_id (NULL: none given)
 * picks the entry with that account id; without it a list of one is
 * taken and a list of several is RC_INPUT naming their ids.  With any
 * form, a package whose account id is not account_id is RC_INPUT. */
enum rc credpkg_parse_pick(const char *text, size_t len, const char *account_id,
			   struct credpkg *out, struct err *e);

/* Fields a caller may insist on, for credpkg_require(). */
enum credpkg_need {
	CREDPKG_NEED_ACCOUNT_ID = 1 << 0,
	CREDPKG_NEED_EAB = 1 << 1, /* key id and HMAC key */
	CREDPKG_NEED_URL = 1 << 2,
	CREDPKG_NEED_EMAIL = 1 << 3
};

/* Checks that p holds every field in need (a mask of enum credpkg_need).
 * Returns RC_OK, or RC_INPUT naming all missing fields in one message. */
enum rc credpkg_require(const struct credpkg *p, unsigned need, struct err *e);

/* Frees every field, wiping the HMAC key first, and zeroes p.  Safe on
 * NULL and on a zeroed struct. */
void credpkg_clear(struct credpkg *p);

#endif
