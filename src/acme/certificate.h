/* SPDX-License-Identifier: ISC */
/* certificate.h - certificate download with alternate chains (RFC 8555
 * 7.4.2) and revocation (RFC 8555 7.6). */
#ifndef ACMETUI_ACME_CERTIFICATE_H
#define ACMETUI_ACME_CERTIFICATE_H

#include <stddef.h>

#include <openssl/evp.h>

#include "acme/client.h"
#include "util/err.h"

#define CHAIN_CERTS_MAX 10 /* leaf + intermediates (+ root) */
#define ISSUER_CN_MAX 256

/* Downloads the certificate chain at url (POST-as-GET, Accept
 * application/pem-certificate-chain).  When preferred_issuer is non-NULL
 * and the default chain's topmost certificate is not issued by a CA of
 * that Common Name, the rel="alternate" chains (at most
 * HDR_ALTERNATES_MAX, each URL under the client's origin policy) are
 * fetched and the first match is taken; with no match, the default chain.
 * *pem_out is a new NUL-terminated PEM chain (caller frees), leaf
 * first, every block checked to be a certificate. */
enum rc acme_cert_download(struct acme_client *c, const char *url,
			   const char *preferred_issuer, char **pem_out,
			   struct err *e);

/* Parses pem[0..len) as a chain of 1..CHAIN_CERTS_MAX PEM certificates
 * and writes it back in canonical PEM into *out (new string, caller
 * frees): anything outside a certificate block (text, controls, blocks
 * of other types such as keys) is dropped, which RFC 8555 9.1 forbids
 * the CA to send but which is harmless once dropped.  A certificate
 * block that does not decode to exactly one certificate is refused
 * (RC_PROTO) rather than ending the chain early.  When issuer_cn is non-NULL, copies the issuer Common Name of
 * the last certificate there (size ISSUER_CN_MAX; "" when none).
 * RC_PROTO when there is no certificate or too many.  Exposed for tests. */
enum rc acme_chain_normalize(const char *pem, size_t len, char **out,
			     char *issuer_cn, struct err *e);

/* Revokes the first certificate of leaf_pem (RFC 8555 7.6).  With
 * cert_key NULL the request is signed by the account (kid); otherwise by
 * cert_key with its JWK (the certificate's own key, borrowed).  reason
 * is a CRL reason code 0-10 except 7, or -1 to send none.  An already
 * revoked certificate gives RC_CA with the problem type alreadyRevoked
 * available from acme_client_problem(). */
enum rc acme_cert_revoke(struct acme_client *c, const char *leaf_pem,
			 size_t len, int reason, EVP_PKEY *cert_key,
			 struct err *e);

#endif
