/* SPDX-License-Identifier: ISC */
/* cert.h - X.509 certificates as ACME delivers them: PEM chains, the
 * fields the inventory shows, key and name checks, the ARI identifier
 * (RFC 9773).
 *
 * Certificate text comes from a CA or a file and is untrusted: inputs are
 * bounded, every block must parse, and the strings handed back (names,
 * issuer) are raw UTF-8 that must be escaped (safe_line) before display. */
#ifndef ACMETUI_CERT_H
#define ACMETUI_CERT_H

#include <stddef.h>
#include <time.h>

#include <openssl/evp.h>

#include "crypto/key.h"
#include "util/err.h"

/* Bounds on a certificate chain in PEM form. */
#define CERT_CHAIN_MAX_CERTS 16
#define CERT_CHAIN_MAX_BYTES (1024 * 1024)

/* Splits a PEM chain pem[0..len) into its "CERTIFICATE" blocks: *out
 * receives a new array of *n new strings (each one block, ending in a
 * newline), to be released with pem_certs_free().  Only whitespace may
 * surround the blocks; every block must decode to exactly one X.509
 * certificate; at most CERT_CHAIN_MAX_CERTS blocks, at most
 * CERT_CHAIN_MAX_BYTES of input, at least one block.  On failure *out is
 * NULL, *n is 0 and e says why. */
enum rc pem_split_certs(const char *pem, size_t len, char ***out, size_t *n,
			struct err *e);

/* Frees what pem_split_certs() returned; NULL is fine. */
void pem_certs_free(char **certs, size_t n);

/* What the inventory records about a certificate.  All strings are owned
 * by the struct; cert_info_clear() releases them. */
struct cert_info {
	char *serial;	   /* lowercase hex of the serial number */
	char *issuer;	   /* issuer CN, else its RFC 2253 string */
	char *subject_cn;  /* subject CN, NULL when there is none */
	time_t not_before; /* UTC */
	time_t not_after;  /* UTC */
	char **sans;	   /* subjectAltName DNS names and IP addresses */
	size_t n_sans;
	enum key_type key_type; /* KEY__INVALID when not one of ours */
	char *ari_id;		/* RFC 9773 certificate identifier, NULL when
			       the certificate has no AKI key identifier */
};

/* Fills out (which the caller zeroes or clears first) from the first
 * certificate of the PEM text pem[0..len).  On failure out is left
 * cleared and e says why. */
enum rc cert_info_parse(const char *pem, size_t len, struct cert_info *out,
			struct err *e);

/* Releases everything in ci and zeroes it.  Safe on a zeroed struct and
 * on NULL. */
void cert_info_clear(struct cert_info *ci);

/* 1 when the public key of the first certificate in the NUL-terminated
 * leaf_pem equals k's public key, 0 otherwise (also on parse errors). */
int cert_matches_key(const char *leaf_pem, EVP_PKEY *k);

/* What an issuance checks of the chain its CA sent, with one parse of
 * each certificate (a parse is costly in OpenSSL 3.0: each one sets up a
 * decoder for the public key): splits pem[0..len) as pem_split_certs()
 * into *out and *n, fills leaf (the caller's; zeroed here) as
 * cert_info_parse() from the first certificate, and sets *key_match to 1
 * when that certificate's public key equals k's (as cert_matches_key()),
 * else 0.  On failure *out is NULL, *n 0, leaf cleared, *key_match 0
 * and e says why. */
enum rc cert_chain_read(const char *pem, size_t len, EVP_PKEY *k, char ***out,
			size_t *n, struct cert_info *leaf, int *key_match,
			struct err *e);

/* 1 when ci's SANs and names[0..n) are the same set: case-insensitive
 * for DNS names, by address for IP literals, order and duplicates
 * ignored; 0 otherwise (also for an empty list or a certificate
 * without SANs). */
int cert_names_equal(const struct cert_info *ci, const char *const *names,
		     size_t n);

/* The issuer name (CN, else RFC 2253) of the LAST certificate of the PEM
 * chain: the root or the top intermediate, by which operators pick a
 * preferred chain.  New string (caller frees), NULL with e set. */
char *cert_top_issuer(const char *chain_pem, size_t len, struct err *e);

/* The DER encoding of the first certificate of pem[0..len) (the leaf),
 * as revokeCert wants it.  New buffer (caller frees), its length in
 * *der_len; NULL with e set. */
unsigned char *cert_der_from_pem(const char *pem, size_t len, size_t *der_len,
				 struct err *e);

#endif
