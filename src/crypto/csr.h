/* SPDX-License-Identifier: ISC */
/* csr.h - PKCS#10 certificate signing requests for ACME finalize
 * (RFC 8555 7.4, RFC 2986, RFC 8738 for IP identifiers). */
#ifndef ACMETUI_CSR_H
#define ACMETUI_CSR_H

#include <stddef.h>

#include <openssl/evp.h>

#include "util/err.h"

/* The most identifiers one CSR carries (Let's Encrypt allows 100). */
#define CSR_MAX_NAMES 100

/* Builds a CSR for key k, signed with SHA-256, carrying all n names in
 * subjectAltName: IPv4/IPv6 literals as iPAddress, everything else
 * (including wildcards "*.example.com") as dNSName.  The subject is
 * CN=<first DNS name> when that name is at most 64 bytes, else empty
 * (and the SAN extension is then critical, RFC 5280 4.2.1.6).  names
 * must already be validated identifiers; an empty list, a NULL or empty
 * name, or more than CSR_MAX_NAMES names are refused.  Returns the DER
 * in a new buffer (caller frees) with its length in *out_len, or NULL
 * with e set. */
unsigned char *csr_build_der(EVP_PKEY *k, const char *const *names, size_t n,
			     size_t *out_len, struct err *e);

/* The same CSR as base64url(DER), the form the finalize request's "csr"
 * member takes.  New string (caller frees), NULL with e set. */
char *csr_build_b64url(EVP_PKEY *k, const char *const *names, size_t n,
		       struct err *e);

/* The same CSR as PEM ("CERTIFICATE REQUEST"), for export and
 * debugging.  New string (caller frees), NULL with e set. */
char *csr_build_pem(EVP_PKEY *k, const char *const *names, size_t n,
		    struct err *e);

#endif
