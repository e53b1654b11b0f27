/* SPDX-License-Identifier: ISC */
/* tlsalpn01.c - TLS-ALPN-01 with a built-in TLS responder thread.
 *
 * Everything a client sends is hostile.  The responder parses only two
 * ClientHello extensions itself (bounded, strictly), leaves the rest of
 * TLS to OpenSSL, never reads application data and ends each connection
 * after the handshake.  The responder core (listener.h) gives each
 * connection one deadline for its whole handshake (a client trickling
 * bytes cannot hold a slot longer than that) and keeps at most
 * TLSALPN01_MAX_CONN connections (dropping the oldest to admit a new one,
 * so idle sockets cannot lock validators out).  Names a client sends are
 * never printed.
 *
 * Certificates are made at present time, one per identifier, all with the
 * solver's one P-256 key; the handshake only picks one.  Sessions are not
 * cached and no tickets are issued: every handshake is a full one that
 * passes the checks.
 *
 * Threads: the caller's threads run present/cleanup (serialized by the
 * solver layer); the responder thread only reads the core's table of
 * presented certificates, under its lock, and takes a reference to the
 * certificate it shows, so cleanup may free its own at any time.
 * solver_free() stops the responder.  Its thread blocks every signal: a
 * write to a socket the peer closed leaves SIGPIPE pending on it instead
 * of killing the program. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/key.h"
#include "solvers/listener.h"
#include "solvers/tlsalpn01.h"
#include "util/err.h"

#define SNI_MAX 80	     /* the longest reverse name is 72 */
#define SERIAL_BYTES 16	     /* random serial number, 127 bits */
#define CERT_BACKDATE_S 3600 /* notBefore an hour ago: clock skew */
#define CERT_SUBJECT "ACME tls-alpn-01 challenge"

/* What is shown for a presented token; owned. */
struct ta_value {
	char *sni; /* lower case; the reverse name for an IP address */
	X509 *cert;
};

/* The responder's protocol state (responder_arg()); fixed after init. */
struct tlsalpn {
	EVP_PKEY *key; /* one P-256 key for every challenge certificate */
	SSL_CTX *ctx;
};

/* What cert_visit() looks for, and its answer. */
struct ta_query {
	const unsigned char *name; /* the SNI a client sent; any bytes */
	size_t len;
	X509 *cert; /* a new reference, or NULL */
};

/* What conflict_visit() looks for. */
struct ta_conflict {
	const char *sni;
	const char *token;
};

/* ASCII lower case, whatever the locale. */
static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* ---- Names. ---- */

int tlsalpn01_sni_name(const char *identifier, char *out, size_t outsz)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char a[16];
	size_t i, n, o = 0;
	int r;

	if (identifier == NULL || out == NULL || outsz == 0 ||
	    strncmp(identifier, "*.", 2) == 0 ||
	    !solver_identifier_ok(identifier))
		return -1;
	if (inet_pton(AF_INET, identifier, a) == 1) {
		r = snprintf(out, outsz, "%u.%u.%u.%u.in-addr.arpa", a[3], a[2],
			     a[1], a[0]);
		return r < 0 || (size_t)r >= outsz ? -1 : 0;
	}
	if (inet_pton(AF_INET6, identifier, a) == 1) {
		/* RFC 3596 2.5: nibbles, least significant first. */
		if (outsz < 16 * 4 + sizeof("ip6.arpa"))
			return -1;
		for (i = 16; i-- > 0;) {
			out[o++] = hex[a[i] & 0x0f];
			out[o++] = '.';
			out[o++] = hex[a[i] >> 4];
			out[o++] = '.';
		}
		memcpy(out + o, "ip6.arpa", sizeof("ip6.arpa"));
		return 0;
	}
	n = strlen(identifier);
	if (n >= outsz)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = (char)ascii_lower((unsigned char)identifier[i]);
	out[n] = '\0';
	return 0;
}

/* ---- Challenge certificates. ---- */

/* Adds a subjectAltName with exactly identifier (an iPAddress for an
 * address literal, else a lower-case dNSName) to x.  Returns 1 or 0. */
static int cert_add_san(X509 *x, const char *identifier)
{
	GENERAL_NAMES *names = NULL;
	GENERAL_NAME *gn = NULL;
	ASN1_OCTET_STRING *ip = NULL;
	ASN1_IA5STRING *dns = NULL;
	char lower[SOLVER_IDENT_MAX + 1];
	unsigned char a[16];
	int len = 0, ok = 0;
	size_t i;

	if (inet_pton(AF_INET, identifier, a) == 1)
		len = 4;
	else if (inet_pton(AF_INET6, identifier, a) == 1)
		len = 16;
	names = sk_GENERAL_NAME_new_null();
	gn = GENERAL_NAME_new();
	if (names == NULL || gn == NULL)
		goto out;
	if (len > 0) {
		ip = ASN1_OCTET_STRING_new();
		if (ip == NULL || !ASN1_OCTET_STRING_set(ip, a, len))
			goto out;
		GENERAL_NAME_set0_value(gn, GEN_IPADD, ip);
		ip = NULL;
	} else {
		for (i = 0; i < SOLVER_IDENT_MAX && identifier[i] != '\0'; i++)
			lower[i] = (char)ascii_lower(
				(unsigned char)identifier[i]);
		lower[i] = '\0';
		dns = ASN1_IA5STRING_new();
		if (dns == NULL || !ASN1_STRING_set(dns, lower, (int)i))
			goto out;
		GENERAL_NAME_set0_value(gn, GEN_DNS, dns);
		dns = NULL;
	}
	if (!sk_GENERAL_NAME_push(names, gn))
		goto out;
	gn = NULL;
	ok = X509_add1_ext_i2d(x, NID_subject_alt_name, names, 0,
			       X509V3_ADD_DEFAULT) == 1;
out:
	ASN1_OCTET_STRING_free(ip);
	ASN1_IA5STRING_free(dns);
	GENERAL_NAME_free(gn);
	GENERAL_NAMES_free(names);
	return ok;
}

/* Adds the critical acmeIdentifier extension (RFC 8737 section 3) to x:
 * its extnValue is the DER of an OCTET STRING holding SHA-256 of the key
 * authorization.  Returns 1 or 0. */
static int cert_add_acme_identifier(X509 *x, const char *key_authorization)
{
	unsigned char digest[EVP_MAX_MD_SIZE], *der = NULL;
	unsigned int dlen = 0;
	ASN1_OCTET_STRING *inner = NULL, *value = NULL;
	ASN1_OBJECT *oid = NULL;
	X509_EXTENSION *ext = NULL;
	int derlen, ok = 0;

	if (!EVP_Digest(key_authorization, strlen(key_authorization), digest,
			&dlen, EVP_sha256(), NULL))
		goto out;
	inner = ASN1_OCTET_STRING_new();
	value = ASN1_OCTET_STRING_new();
	oid = OBJ_txt2obj(TLSALPN01_OID_ACME_IDENTIFIER, 1);
	if (inner == NULL || value == NULL || oid == NULL ||
	    !ASN1_OCTET_STRING_set(inner, digest, (int)dlen))
		goto out;
	derlen = i2d_ASN1_OCTET_STRING(inner, &der);
	if (derlen <= 0 || !ASN1_OCTET_STRING_set(value, der, derlen))
		goto out;
	ext = X509_EXTENSION_create_by_OBJ(NULL, oid, 1, value);
	if (ext == NULL || !X509_add_ext(x, ext, -1))
		goto out;
	ok = 1;
out:
	X509_EXTENSION_free(ext);
	ASN1_OBJECT_free(oid);
	ASN1_OCTET_STRING_free(value);
	ASN1_OCTET_STRING_free(inner);
	OPENSSL_free(der);
	return ok;
}

/* Sets a random positive serial number on x.  Returns 1 or 0. */
static int cert_set_serial(X509 *x)
{
	unsigned char rnd[SERIAL_BYTES];
	BIGNUM *bn = NULL;
	int ok = 0;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		goto out;
	rnd[0] &= 0x7f; /* positive */
	rnd[0] |= 0x40; /* and never zero or short */
	bn = BN_bin2bn(rnd, sizeof(rnd), NULL);
	ok = bn != NULL &&
	     BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
out:
	BN_free(bn);
	return ok;
}

/* Makes the self-signed challenge certificate for identifier and
 * key_authorization, signed with key (whose public half it carries).
 * Caller frees with X509_free().  NULL (and e set) on failure. */
static X509 *challenge_cert_new(EVP_PKEY *key, const char *identifier,
				const char *key_authorization, struct err *e)
{
	X509_NAME *name = NULL;
	X509 *x = NULL;

	x = X509_new();
	name = X509_NAME_new();
	if (x == NULL || name == NULL || !X509_set_version(x, X509_VERSION_3) ||
	    !cert_set_serial(x) ||
	    X509_gmtime_adj(X509_getm_notBefore(x), -CERT_BACKDATE_S) == NULL ||
	    X509_time_adj_ex(X509_getm_notAfter(x), TLSALPN01_CERT_DAYS, 0,
			     NULL) == NULL ||
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					(const unsigned char *)CERT_SUBJECT, -1,
					-1, 0) ||
	    !X509_set_subject_name(x, name) || !X509_set_issuer_name(x, name) ||
	    !X509_set_pubkey(x, key) || !cert_add_san(x, identifier) ||
	    !cert_add_acme_identifier(x, key_authorization) ||
	    X509_sign(x, key, EVP_sha256()) <= 0) {
		crypto_fail(e, _("cannot make the tls-alpn-01 certificate"));
		X509_free(x);
		x = NULL;
	}
	X509_NAME_free(name);
	return x;
}

/* ---- The presented certificates. ---- */

/* Frees a presented value (a struct ta_value); NULL is fine. */
static void value_free(void *value)
{
	struct ta_value *v = value;

	if (v == NULL)
		return;
	free(v->sni);
	X509_free(v->cert);
	free(v);
}

/* Returns 1 when name[0..len) (from a client, any bytes) is sni (lower
 * case) without regard to ASCII case. */
static int sni_equal(const char *sni, const unsigned char *name, size_t len)
{
	size_t i;

	if (strlen(sni) != len)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)sni[i] != ascii_lower(name[i]))
			return 0;
	return 1;
}

/* responder_visit_fn: on q's name takes a reference to its certificate
 * and ends the visit (one name shows one certificate). */
static int cert_visit(const char *token, void *value, void *ctx)
{
	const struct ta_value *v = value;
	struct ta_query *q = ctx;

	(void)token;
	if (!sni_equal(v->sni, q->name, q->len))
		return 0;
	if (X509_up_ref(v->cert))
		q->cert = v->cert;
	return 1;
}

/* A new reference to the certificate presented for the SNI name[0..len),
 * or NULL when none is.  Caller frees with X509_free().  Any thread. */
static X509 *entry_cert_for(struct responder *rsp, const unsigned char *name,
			    size_t len)
{
	struct ta_query q = { name, len, NULL };

	responder_visit(rsp, cert_visit, &q);
	return q.cert;
}

/* ---- The handshake. ---- */

/* Reads the one host_name of a server_name extension p[0..len) (RFC 6066
 * section 3) into *name, *name_len (pointing into p).  Returns 0, or -1
 * unless the list holds exactly one non-empty host_name. */
static int sni_parse(const unsigned char *p, size_t len,
		     const unsigned char **name, size_t *name_len)
{
	size_t list_len, n;

	if (len < 5)
		return -1;
	list_len = (size_t)p[0] << 8 | p[1];
	if (list_len != len - 2 || p[2] != TLSEXT_NAMETYPE_host_name)
		return -1;
	n = (size_t)p[3] << 8 | p[4];
	if (n == 0 || n != list_len - 3)
		return -1;
	*name = p + 5;
	*name_len = n;
	return 0;
}

/* Finds TLSALPN01_PROTOCOL in an ALPN protocol_name_list p[0..len)
 * (RFC 7301 section 3.1, without or with its 2-byte length prefix as
 * with_prefix says).  Returns a pointer to its name inside p, or NULL
 * when it is not offered or the list is malformed. */
static const unsigned char *alpn_find(const unsigned char *p, size_t len,
				      int with_prefix)
{
	const size_t want = sizeof(TLSALPN01_PROTOCOL) - 1;
	const unsigned char *found = NULL;
	size_t i, n;

	if (with_prefix) {
		if (len < 2 || ((size_t)p[0] << 8 | p[1]) != len - 2)
			return NULL;
		p += 2;
		len -= 2;
	}
	for (i = 0; i < len; i += n) {
		n = p[i++];
		if (n == 0 || n > len - i)
			return NULL;
		if (found == NULL && n == want &&
		    memcmp(p + i, TLSALPN01_PROTOCOL, want) == 0)
			found = p + i;
	}
	return found;
}

/* OpenSSL's ClientHello callback: refuses the handshake unless SNI names
 * a presented identifier and acme-tls/1 is offered, then installs that
 * identifier's certificate and the key. */
static int ta_client_hello(SSL *ssl, int *alert, void *arg)
{
	struct responder *rsp = arg;
	const struct tlsalpn *h = responder_arg(rsp);
	const unsigned char *ext = NULL, *name = NULL;
	size_t len = 0, name_len = 0;
	X509 *cert = NULL;
	int rc = SSL_CLIENT_HELLO_ERROR;

	*alert = SSL_AD_UNRECOGNIZED_NAME;
	if (!SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_server_name, &ext,
				       &len) ||
	    sni_parse(ext, len, &name, &name_len) != 0)
		goto out;
	if (!SSL_client_hello_get0_ext(
		    ssl, TLSEXT_TYPE_application_layer_protocol_negotiation,
		    &ext, &len) ||
	    alpn_find(ext, len, 1) == NULL) {
		*alert = SSL_AD_NO_APPLICATION_PROTOCOL;
		goto out;
	}
	cert = entry_cert_for(rsp, name, name_len);
	if (cert == NULL)
		goto out;
	if (SSL_use_cert_and_key(ssl, cert, h->key, NULL, 1) != 1) {
		*alert = SSL_AD_INTERNAL_ERROR;
		goto out;
	}
	rc = SSL_CLIENT_HELLO_SUCCESS;
out:
	X509_free(cert);
	return rc;
}

/* OpenSSL's ALPN callback: selects acme-tls/1 (the ClientHello callback
 * has made sure it is offered), refusing anything else. */
static int ta_alpn_select(SSL *ssl, const unsigned char **out,
			  unsigned char *outlen, const unsigned char *in,
			  unsigned int inlen, void *arg)
{
	const unsigned char *p = alpn_find(in, inlen, 0);

	(void)ssl;
	(void)arg;
	if (p == NULL)
		return SSL_TLSEXT_ERR_ALERT_FATAL;
	*out = p;
	*outlen = (unsigned char)(sizeof(TLSALPN01_PROTOCOL) - 1);
	return SSL_TLSEXT_ERR_OK;
}

/* Makes the server context of rsp: TLS 1.2 or later, no session reuse,
 * the two callbacks above.  NULL (and e set) on failure. */
static SSL_CTX *ta_ctx_new(struct responder *rsp, struct err *e)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	if (ctx == NULL ||
	    !SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) ||
	    !SSL_CTX_set_num_tickets(ctx, 0)) {
		crypto_fail(e, _("cannot set up the TLS responder"));
		SSL_CTX_free(ctx);
		return NULL;
	}
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_client_hello_cb(ctx, ta_client_hello, rsp);
	SSL_CTX_set_alpn_select_cb(ctx, ta_alpn_select, NULL);
	return ctx;
}

/* ---- Connections (on the responder thread). ---- */

/* Drives the handshake on ssl as far as the socket allows.  A finished
 * one ends with close_notify (best effort); a refused one has sent its
 * alert; either way the core lingers so that the client reads the last
 * flight or the alert before the socket goes away. */
static enum responder_next ta_handshake(struct responder *rsp, void *conn)
{
	SSL *ssl = conn;
	int r, err;

	(void)rsp;
	r = SSL_do_handshake(ssl);
	if (r == 1) {
		SSL_shutdown(ssl);
		ERR_clear_error();
		return RESPONDER_DONE;
	}
	err = SSL_get_error(ssl, r);
	if (err == SSL_ERROR_WANT_READ)
		return RESPONDER_READ;
	if (err == SSL_ERROR_WANT_WRITE)
		return RESPONDER_WRITE;
	ERR_clear_error();
	if (err == SSL_ERROR_SYSCALL || err == SSL_ERROR_ZERO_RETURN)
		return RESPONDER_CLOSE; /* the client went away */
	return RESPONDER_DONE; /* refused: let the alert reach the client */
}

/* A TLS server connection on the accepted socket fd (which stays the
 * core's), waiting for the ClientHello. */
static void *ta_open(struct responder *rsp, int fd)
{
	const struct tlsalpn *h = responder_arg(rsp);
	SSL *ssl;

	ssl = SSL_new(h->ctx);
	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1) {
		SSL_free(ssl);
		ERR_clear_error();
		return NULL;
	}
	SSL_set_accept_state(ssl);
	return ssl;
}

/* Frees a connection's TLS state (the core closes its socket). */
static void ta_free(void *conn)
{
	SSL_free(conn);
	ERR_clear_error();
}

/* Frees the protocol state (a struct tlsalpn); NULL is fine. */
static void ta_state_free(void *arg)
{
	struct tlsalpn *h = arg;

	if (h == NULL)
		return;
	SSL_CTX_free(h->ctx);
	EVP_PKEY_free(h->key);
	free(h);
}

static const struct responder_ops ta_ops = {
	.open = ta_open,
	.readable = ta_handshake,
	.writable = ta_handshake,
	.free = ta_free,
};

static const struct responder_spec ta_spec = {
	.ops = &ta_ops,
	.name = "TLS",
	.default_port = TLSALPN01_DEFAULT_PORT,
	.default_timeout_ms = TLSALPN01_TIMEOUT_MS,
	.linger_ms = TLSALPN01_LINGER_MS,
	.linger_bytes = TLSALPN01_LINGER_BYTES,
	.max_conn = TLSALPN01_MAX_CONN,
	.hints = {
		.denied = N_("run as root or use --tls-port"),
		.in_use = N_("another program (a web server?) uses it: "
			     "use http-01 or dns-01, or --tls-port behind a "
			     "proxy that forwards acme-tls/1"),
	},
	.entry_free = value_free,
	.arg_free = ta_state_free,
};

/* ---- The ops (priv is the responder). ---- */

/* responder_visit_fn: 1 when another token shows c's name. */
static int conflict_visit(const char *token, void *value, void *ctx)
{
	const struct ta_value *v = value;
	const struct ta_conflict *c = ctx;

	return strcmp(v->sni, c->sni) == 0 && strcmp(token, c->token) != 0;
}

/* Refuses t when another challenge (another token) is presented for the
 * same name: one name shows one certificate. */
static enum rc entry_check_conflict(struct responder *rsp,
				    const struct solver_task *t,
				    const char *sni, struct err *e)
{
	struct ta_conflict c = { sni, t->token };

	if (responder_visit(rsp, conflict_visit, &c))
		return err_set(e, RC_EXISTS,
			       _("another tls-alpn-01 challenge for %s "
				 "is being answered; try again when "
				 "it is done"),
			       t->identifier);
	return RC_OK;
}

/* Makes t's certificate, starts the responder if needed, then presents it
 * for t's token (replacing an entry with the same token). */
static enum rc tlsalpn_present(void *priv, const struct solver_task *t,
			       struct err *e)
{
	const struct tlsalpn *h = responder_arg(priv);
	struct ta_value *v = NULL;
	char sni[SNI_MAX];
	enum rc rc;

	if (strncmp(t->identifier, "*.", 2) == 0)
		return err_set(e, RC_INPUT,
			       _("%s is a wildcard: tls-alpn-01 cannot "
				 "validate wildcards, use dns-01"),
			       t->identifier);
	if (tlsalpn01_sni_name(t->identifier, sni, sizeof(sni)) != 0)
		return err_set(e, RC_INPUT,
			       _("'%.64s' is not a DNS name or IP address"),
			       t->identifier);
	rc = entry_check_conflict(priv, t, sni, e);
	if (rc != RC_OK)
		return rc;
	v = calloc(1, sizeof(*v));
	if (v != NULL)
		v->sni = strdup(sni);
	if (v == NULL || v->sni == NULL) {
		value_free(v);
		return err_set(e, RC_NOMEM, _("out of memory"));
	}
	v->cert = challenge_cert_new(h->key, t->identifier,
				     t->key_authorization, e);
	if (v->cert == NULL) {
		value_free(v);
		return RC_CRYPTO;
	}
	return responder_present(priv, t->token, v, e);
}

/* Checks cfg (address, port, timeout), makes the responder, the key and
 * the TLS context; nothing is opened until the first present. */
static enum rc tlsalpn_init(const struct solver_config *cfg, void **priv,
			    struct err *e)
{
	struct responder *rsp;
	struct tlsalpn *h;
	enum rc rc;

	h = calloc(1, sizeof(*h));
	if (h == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	rc = responder_new(&ta_spec, cfg, h, &rsp, e);
	if (rc != RC_OK)
		return rc;
	h->key = key_generate(KEY_EC256, e);
	h->ctx = h->key != NULL ? ta_ctx_new(rsp, e) : NULL;
	if (h->ctx == NULL) {
		responder_free(rsp);
		return RC_CRYPTO;
	}
	*priv = rsp;
	return RC_OK;
}

const struct solver_ops tlsalpn01_ops = {
	.kind = SOLVER_TLSALPN01,
	.challenge_type = "tls-alpn-01",
	.init = tlsalpn_init,
	.present = tlsalpn_present,
	.cleanup = responder_cleanup,
	.ready = NULL,
	.port = responder_port,
	.fini = responder_free,
};
