/* SPDX-License-Identifier: ISC */
/* test_tlsalpn.c - the TLS-ALPN-01 solver (RFC 8737, RFC 8738 section 6)
 * through the solver interface, with an OpenSSL client over loopback:
 * which handshakes succeed (SNI of a presented name, ALPN acme-tls/1),
 * what the certificate says (exactly one SAN, the critical acmeIdentifier
 * extension with SHA-256 of the key authorization), which handshakes are
 * refused, hostile and idle clients, and starting and stopping. */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "solvers/solver.h"
#include "solvers/tlsalpn01.h"
#include "tap.h"
#include "util/err.h"

#define TOKEN1 "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA"
#define TOKEN2 "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"
#define TOKEN3 "Cq0hKBPBUXuNiwRTwPzrD4aZ8BPUQqFmrBfgjdvByBU"
#define TOKEN4 "VfEe3U2v4ZhJmnVbPOEVTZmyAEKUrjGyDWYShOCKWRI"
#define THUMB "9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI"
#define THUMB2 "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
#define KEYAUTH1 TOKEN1 "." THUMB
#define KEYAUTH2 TOKEN2 "." THUMB
#define KEYAUTH3 TOKEN3 "." THUMB
#define KEYAUTH4 TOKEN4 "." THUMB

/* ALPN protocol lists in wire form (RFC 7301 3.1). */
#define ALPN_ACME \
	"\x0a" \
	"acme-tls/1"
#define ALPN_H2 \
	"\x02" \
	"h2"
#define ALPN_BOTH ALPN_H2 ALPN_ACME

/* ---- Helpers. ---- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Number of threads of this process. */
static int thread_count(void)
{
	struct dirent *de;
	DIR *d = opendir("/proc/self/task");
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* Creates a listening TCP socket on IPv4 addr (port 0: any); *port gets
 * the bound port.  Returns the descriptor or -1. */
static int listen_socket(const char *addr, int *port)
{
	struct sockaddr_in sin = { 0 };
	socklen_t len = sizeof(sin);
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)*port);
	inet_pton(AF_INET, addr, &sin.sin_addr);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(fd, 8) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) != 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

/* Connects to addr (IPv4 or IPv6 literal) port; returns the descriptor
 * (reads time out after 5 s) or -1. */
static int tcp_connect_to(const char *addr, int port)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	struct timeval tv = { 5, 0 };
	socklen_t len;
	int fd;

	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((unsigned short)port);
		len = sizeof(*sin);
	} else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((unsigned short)port);
		len = sizeof(*sin6);
	} else {
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&ss, len) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int tcp_connect(int port)
{
	return tcp_connect_to("127.0.0.1", port);
}

/* What one client handshake showed. */
struct probe {
	int ok;		/* the handshake completed */
	X509 *cert;	/* the server's certificate (owned) */
	char alpn[32];	/* the negotiated protocol, "" when none */
	int version;	/* TLS1_2_VERSION, TLS1_3_VERSION */
	double seconds; /* how long it took */
	int reason;	/* OpenSSL's reason when it failed (the alert) */
};

static void probe_clear(struct probe *p)
{
	X509_free(p->cert);
	memset(p, 0, sizeof(*p));
}

/* Handshakes with addr:port as a validator would: SNI sni (none when
 * NULL), ALPN list alpn[0..alpn_len) (none when NULL), at most TLS
 * version max_version (0: any).  Fills p (cleared first). */
static void tls_probe_full(const char *addr, int port, const char *sni,
			   const char *alpn, size_t alpn_len, int max_version,
			   struct probe *p)
{
	const unsigned char *sel = NULL;
	unsigned int sel_len = 0;
	SSL_CTX *ctx = NULL;
	SSL *ssl = NULL;
	double t0 = now_s();
	int fd = -1;

	memset(p, 0, sizeof(*p));
	ctx = SSL_CTX_new(TLS_client_method());
	if (ctx == NULL)
		goto out;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	if (max_version != 0)
		SSL_CTX_set_max_proto_version(ctx, max_version);
	ssl = SSL_new(ctx);
	fd = tcp_connect_to(addr, port);
	if (ssl == NULL || fd < 0)
		goto out;
	if (sni != NULL && SSL_set_tlsext_host_name(ssl, sni) != 1)
		goto out;
	/* SSL_set_alpn_protos() returns 0 on success. */
	if (alpn != NULL &&
	    SSL_set_alpn_protos(ssl, (const unsigned char *)alpn,
				(unsigned int)alpn_len) != 0)
		goto out;
	SSL_set_fd(ssl, fd);
	if (SSL_connect(ssl) != 1) {
		p->reason = ERR_GET_REASON(ERR_peek_last_error());
		goto out;
	}
	p->ok = 1;
	p->cert = SSL_get1_peer_certificate(ssl);
	p->version = SSL_version(ssl);
	SSL_get0_alpn_selected(ssl, &sel, &sel_len);
	if (sel_len < sizeof(p->alpn)) {
		memcpy(p->alpn, sel, sel_len);
		p->alpn[sel_len] = '\0';
	}
	SSL_shutdown(ssl);
out:
	ERR_clear_error();
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	if (fd >= 0)
		close(fd);
	p->seconds = now_s() - t0;
}

/* tls_probe_full() on 127.0.0.1 with any version; alpn is a C string
 * literal of the wire form. */
static void tls_probe(int port, const char *sni, const char *alpn,
		      struct probe *p)
{
	tls_probe_full("127.0.0.1", port, sni, alpn,
		       alpn != NULL ? strlen(alpn) : 0, 0, p);
}

/* Returns 1 when a handshake with sni and acme-tls/1 succeeds. */
static int handshake_ok(int port, const char *sni)
{
	struct probe p;
	int ok;

	tls_probe(port, sni, ALPN_ACME, &p);
	ok = p.ok && p.cert != NULL;
	probe_clear(&p);
	return ok;
}

/* Returns 1 when x's subjectAltName holds exactly one entry, of type
 * type (GEN_DNS or GEN_IPADD), with the bytes want[0..len). */
static int san_is(X509 *x, int type, const void *want, size_t len)
{
	GENERAL_NAMES *names = NULL;
	const GENERAL_NAME *gn;
	const ASN1_STRING *v;
	int ok = 0;

	if (x == NULL)
		return 0;
	names = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	if (names == NULL || sk_GENERAL_NAME_num(names) != 1)
		goto out;
	gn = sk_GENERAL_NAME_value(names, 0);
	if (gn->type != type)
		goto out;
	v = type == GEN_DNS ? gn->d.dNSName : gn->d.iPAddress;
	ok = ASN1_STRING_length(v) == (int)len &&
	     memcmp(ASN1_STRING_get0_data(v), want, len) == 0;
out:
	GENERAL_NAMES_free(names);
	return ok;
}

static int san_is_dns(X509 *x, const char *name)
{
	return san_is(x, GEN_DNS, name, strlen(name));
}

/* Checks x's acmeIdentifier extension: present once, critical, and its
 * value the DER of an OCTET STRING that is SHA-256(keyauth).  Returns a
 * short description of the first problem, or NULL when all is well. */
static const char *acme_id_problem(X509 *x, const char *keyauth)
{
	unsigned char want[EVP_MAX_MD_SIZE];
	unsigned int want_len = 0;
	const unsigned char *der;
	ASN1_OBJECT *oid = NULL;
	ASN1_OCTET_STRING *inner = NULL;
	const ASN1_OCTET_STRING *data;
	X509_EXTENSION *ext;
	const char *problem = NULL;
	int idx, len;

	if (x == NULL)
		return "no certificate";
	oid = OBJ_txt2obj("1.3.6.1.5.5.7.1.31", 1);
	idx = X509_get_ext_by_OBJ(x, oid, -1);
	if (idx < 0) {
		problem = "extension missing";
		goto out;
	}
	if (X509_get_ext_by_OBJ(x, oid, idx) >= 0) {
		problem = "extension twice";
		goto out;
	}
	ext = X509_get_ext(x, idx);
	if (X509_EXTENSION_get_critical(ext) != 1) {
		problem = "not critical";
		goto out;
	}
	data = X509_EXTENSION_get_data(ext);
	der = ASN1_STRING_get0_data(data);
	len = ASN1_STRING_length(data);
	if (len != 34 || der[0] != 0x04 || der[1] != 0x20) {
		problem = "value is not a 32-byte OCTET STRING";
		goto out;
	}
	inner = d2i_ASN1_OCTET_STRING(NULL, &der, len);
	if (inner == NULL || der != ASN1_STRING_get0_data(data) + len) {
		problem = "value does not parse as an OCTET STRING";
		goto out;
	}
	EVP_Digest(keyauth, strlen(keyauth), want, &want_len, EVP_sha256(),
		   NULL);
	if (ASN1_STRING_length(inner) != (int)want_len ||
	    memcmp(ASN1_STRING_get0_data(inner), want, want_len) != 0)
		problem = "digest differs from SHA-256(key authorization)";
out:
	ASN1_OCTET_STRING_free(inner);
	ASN1_OBJECT_free(oid);
	return problem;
}

/* Returns 1 when x is signed by its own key, a P-256 key. */
static int self_signed_p256(X509 *x)
{
	EVP_PKEY *pk = x != NULL ? X509_get0_pubkey(x) : NULL;
	char group[64] = "";
	size_t glen = 0;

	if (pk == NULL || !EVP_PKEY_is_a(pk, "EC") ||
	    !EVP_PKEY_get_group_name(pk, group, sizeof(group), &glen))
		return 0;
	return strcmp(group, "prime256v1") == 0 && X509_verify(x, pk) == 1 &&
	       X509_check_issued(x, x) == X509_V_OK;
}

static struct solver *tls_solver(const char *addr, int port, int timeout_ms,
				 struct err *e)
{
	struct solver_config cfg = { 0 };

	cfg.kind = SOLVER_TLSALPN01;
	cfg.bind_addr = addr;
	cfg.port = port;
	cfg.io_timeout_ms = timeout_ms;
	return solver_new(&cfg, e);
}

/* ---- Tests. ---- */

static void test_interface(void)
{
	struct err e = { 0 };
	struct solver *s;

	is_str(solver_challenge_type(SOLVER_TLSALPN01), "tls-alpn-01",
	       "the kind answers tls-alpn-01");
	s = tls_solver("127.0.0.1", SOLVER_PORT_ANY, 0, &e);
	ok(s != NULL, "solver created (%s)", err_text(&e));
	is_int(solver_kind_of(s), SOLVER_TLSALPN01, "its kind");
	is_int(solver_port(s), 0, "no port before the first present");
	ok(solver_ready(s, &e) == RC_OK, "ready at once");
	solver_free(s);
}

static void test_sni_names(void)
{
	char out[80];

	ok(tlsalpn01_sni_name("A.Example.TEST", out, sizeof(out)) == 0,
	   "a DNS name has an SNI name");
	is_str(out, "a.example.test", "lower case");
	ok(tlsalpn01_sni_name("192.0.2.10", out, sizeof(out)) == 0,
	   "an IPv4 address has an SNI name");
	is_str(out, "10.2.0.192.in-addr.arpa", "its reverse name");
	/* The example of RFC 3596 section 2.5, lower case. */
	ok(tlsalpn01_sni_name("4321:0:1:2:3:4:567:89ab", out, sizeof(out)) == 0,
	   "an IPv6 address has an SNI name");
	is_str(out,
	       "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2."
	       "3.4.ip6.arpa",
	       "its nibble reverse name");
	ok(tlsalpn01_sni_name("*.example.test", out, sizeof(out)) != 0,
	   "a wildcard has none");
	ok(tlsalpn01_sni_name("a..b", out, sizeof(out)) != 0,
	   "a malformed name has none");
	ok(tlsalpn01_sni_name("2001:db8::1", out, 72) != 0,
	   "a buffer too small is refused");
	ok(tlsalpn01_sni_name("example.test", out, 12) != 0,
	   "also for a DNS name");
}

static void test_config(void)
{
	struct err e = { 0 };

	ok(tls_solver("127.0.0.1", 70000, 0, &e) == NULL && e.rc == RC_USAGE,
	   "port out of range refused: %s", e.msg);
	err_clear(&e);
	ok(tls_solver("localhost", 0, 0, &e) == NULL && e.rc == RC_USAGE,
	   "a non-numeric address refused: %s", e.msg);
	err_clear(&e);
	ok(tls_solver("127.0.0.1", 0, -5, &e) == NULL && e.rc == RC_USAGE,
	   "a negative timeout refused: %s", e.msg);
}

/* Two names at once: each gets its own certificate, exactly as RFC 8737
 * describes it; other handshakes are refused. */
static void test_basic(void)
{
	struct solver_task ta = { "a.example.test", TOKEN1, KEYAUTH1, NULL, 0 };
	struct solver_task tb = { "b.example.test", TOKEN2, KEYAUTH2, NULL, 0 };
	struct probe pa = { 0 }, pb = { 0 }, p = { 0 };
	struct err e = { 0 };
	struct solver *s;
	const char *problem;
	int port;

	s = tls_solver("127.0.0.1", SOLVER_PORT_ANY, 0, &e);
	ok(s != NULL, "solver created");
	ok(solver_present(s, &ta, &e) == RC_OK, "a presented (%s)",
	   err_text(&e));
	ok(solver_present(s, &tb, &e) == RC_OK, "b presented (%s)",
	   err_text(&e));
	port = solver_port(s);
	ok(port > 0, "listening on port %d", port);

	tls_probe(port, "a.example.test", ALPN_ACME, &pa);
	ok(pa.ok && pa.cert != NULL, "handshake for a with acme-tls/1");
	is_str(pa.alpn, "acme-tls/1", "acme-tls/1 negotiated");
	ok(san_is_dns(pa.cert, "a.example.test"),
	   "the only subjectAltName is dNSName a.example.test");
	problem = acme_id_problem(pa.cert, KEYAUTH1);
	ok(problem == NULL,
	   "acmeIdentifier critical, SHA-256 of a's key "
	   "authorization (%s)",
	   problem ? problem : "ok");
	ok(self_signed_p256(pa.cert), "self-signed with a P-256 key");

	tls_probe(port, "b.example.test", ALPN_ACME, &pb);
	ok(pb.ok && san_is_dns(pb.cert, "b.example.test"),
	   "b gets its own certificate");
	ok(acme_id_problem(pb.cert, KEYAUTH2) == NULL,
	   "with b's key authorization");
	ok(acme_id_problem(pb.cert, KEYAUTH1) != NULL,
	   "and not a's (the check can fail)");
	ok(pa.cert != NULL && pb.cert != NULL &&
		   X509_cmp(pa.cert, pb.cert) != 0 &&
		   EVP_PKEY_eq(X509_get0_pubkey(pa.cert),
			       X509_get0_pubkey(pb.cert)) == 1,
	   "another certificate, the same solver key");

	tls_probe(port, "A.Example.TEST", ALPN_ACME, &p);
	ok(p.ok && san_is_dns(p.cert, "a.example.test"),
	   "SNI is matched without regard to case");
	probe_clear(&p);
	tls_probe_full("127.0.0.1", port, "a.example.test", ALPN_ACME,
		       strlen(ALPN_ACME), TLS1_2_VERSION, &p);
	ok(p.ok && p.version == TLS1_2_VERSION &&
		   strcmp(p.alpn, "acme-tls/1") == 0 &&
		   acme_id_problem(p.cert, KEYAUTH1) == NULL,
	   "TLS 1.2 works too");
	probe_clear(&p);
	tls_probe(port, "a.example.test", ALPN_BOTH, &p);
	ok(p.ok && strcmp(p.alpn, "acme-tls/1") == 0,
	   "h2 and acme-tls/1 offered: acme-tls/1 chosen");
	probe_clear(&p);

	tls_probe(port, "c.example.test", ALPN_ACME, &p);
	ok(!p.ok && p.reason == SSL_R_TLSV1_UNRECOGNIZED_NAME,
	   "an unknown name fails with unrecognized_name");
	probe_clear(&p);
	ok(!handshake_ok(port, "example.test"), "a parent name fails");
	ok(!handshake_ok(port, "a.example.test."), "a trailing dot fails");
	tls_probe(port, NULL, ALPN_ACME, &p);
	ok(!p.ok && p.reason == SSL_R_TLSV1_UNRECOGNIZED_NAME,
	   "no SNI fails with unrecognized_name");
	probe_clear(&p);
	tls_probe(port, "a.example.test", NULL, &p);
	ok(!p.ok && p.reason == SSL_R_TLSV1_ALERT_NO_APPLICATION_PROTOCOL,
	   "no ALPN fails with no_application_protocol");
	probe_clear(&p);
	tls_probe(port, "a.example.test", ALPN_H2, &p);
	ok(!p.ok && p.reason == SSL_R_TLSV1_ALERT_NO_APPLICATION_PROTOCOL,
	   "only h2 fails with no_application_protocol");
	probe_clear(&p);

	ok(solver_cleanup(s, &ta, &e) == RC_OK, "a cleaned up");
	ok(!handshake_ok(port, "a.example.test"), "a fails after cleanup");
	ok(handshake_ok(port, "b.example.test"), "b still answers");
	ok(solver_cleanup(s, &ta, &e) == RC_OK, "cleanup is idempotent");
	is_int(solver_port(s), port, "still listening");

	probe_clear(&pa);
	probe_clear(&pb);
	solver_free(s);
}

/* Presenting the same challenge again replaces its certificate; another
 * challenge for a name already answered is refused. */
static void test_replace_and_conflict(void)
{
	struct solver_task t1 = { "a.example.test", TOKEN1, KEYAUTH1, NULL, 0 };
	struct solver_task t1b = { "A.example.test", TOKEN1, TOKEN1 "." THUMB2,
				   NULL, 0 };
	struct solver_task t3 = { "a.example.test", TOKEN3, KEYAUTH3, NULL, 0 };
	struct probe p = { 0 };
	struct err e = { 0 };
	struct solver *s;
	int port;

	s = tls_solver("127.0.0.1", SOLVER_PORT_ANY, 0, &e);
	ok(s != NULL && solver_present(s, &t1, &e) == RC_OK, "a presented");
	port = solver_port(s);
	ok(solver_present(s, &t1b, &e) == RC_OK, "presented again (%s)",
	   err_text(&e));
	tls_probe(port, "a.example.test", ALPN_ACME, &p);
	ok(p.ok && acme_id_problem(p.cert, TOKEN1 "." THUMB2) == NULL,
	   "the new key authorization is shown");
	probe_clear(&p);
	err_clear(&e);
	ok(solver_present(s, &t3, &e) == RC_EXISTS &&
		   strstr(e.msg, "a.example.test") != NULL,
	   "another challenge for the name is refused: %s", e.msg);
	tls_probe(port, "a.example.test", ALPN_ACME, &p);
	ok(p.ok && acme_id_problem(p.cert, TOKEN1 "." THUMB2) == NULL,
	   "the first one still answers");
	probe_clear(&p);
	ok(solver_cleanup(s, &t3, &e) == RC_OK,
	   "cleaning up the refused one is harmless");
	ok(handshake_ok(port, "a.example.test"), "a still answers");
	ok(solver_cleanup(s, &t1, &e) == RC_OK &&
		   solver_present(s, &t3, &e) == RC_OK,
	   "once cleaned up, the other challenge may be presented");
	/* The last cleanup freed the port; the present listened anew. */
	port = solver_port(s);
	tls_probe(port, "a.example.test", ALPN_ACME, &p);
	ok(p.ok && acme_id_problem(p.cert, KEYAUTH3) == NULL, "and is shown");
	probe_clear(&p);
	solver_free(s);
}

/* IP identifiers (RFC 8738 section 6): SNI is the reverse name, the SAN
 * an iPAddress. */
static void test_ip(void)
{
	static const unsigned char v4[4] = { 192, 0, 2, 10 };
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d,
					      0xb8, [15] = 1 };
	struct solver_task t4 = { "192.0.2.10", TOKEN1, KEYAUTH1, NULL, 0 };
	struct solver_task t6 = { "2001:db8::1", TOKEN2, KEYAUTH2, NULL, 0 };
	struct probe p = { 0 };
	struct err e = { 0 };
	struct solver *s;
	int port;

	s = tls_solver("127.0.0.1", SOLVER_PORT_ANY, 0, &e);
	ok(s != NULL && solver_present(s, &t4, &e) == RC_OK &&
		   solver_present(s, &t6, &e) == RC_OK,
	   "an IPv4 and an IPv6 address presented (%s)", err_text(&e));
	port = solver_port(s);
	tls_probe(port, "10.2.0.192.in-addr.arpa", ALPN_ACME, &p);
	ok(p.ok, "handshake with the in-addr.arpa name");
	ok(san_is(p.cert, GEN_IPADD, v4, sizeof(v4)),
	   "the only subjectAltName is iPAddress 192.0.2.10");
	ok(acme_id_problem(p.cert, KEYAUTH1) == NULL,
	   "with its key authorization");
	probe_clear(&p);
	tls_probe(port,
		  "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0."
		  "0.2.ip6.arpa",
		  ALPN_ACME, &p);
	ok(p.ok && san_is(p.cert, GEN_IPADD, v6, sizeof(v6)),
	   "the ip6.arpa name gets iPAddress 2001:db8::1");
	ok(acme_id_problem(p.cert, KEYAUTH2) == NULL,
	   "with its key authorization");
	probe_clear(&p);
	ok(!handshake_ok(port, "192.0.2.10"),
	   "the address itself is not an SNI name");
	ok(solver_cleanup(s, &t4, &e) == RC_OK &&
		   !handshake_ok(port, "10.2.0.192.in-addr.arpa"),
	   "cleanup makes the reverse name fail");
	solver_free(s);
}

static void test_wildcard(void)
{
	struct solver_task tw = { "*.example.test", TOKEN1, KEYAUTH1, NULL, 0 };
	struct err e = { 0 };
	struct solver *s;

	s = tls_solver("127.0.0.1", SOLVER_PORT_ANY, 0, &e);
	ok(s != NULL && solver_present(s, &tw, &e) == RC_INPUT &&
		   strstr(e.msg, "wildcard") != NULL &&
		   strstr(e.msg, "dns-01") != NULL,
	   "a wildcard is refused: %s", e.msg);
	is_int(solver_port(s), 0, "and nothing was started for it");
	err_clear(&e);
	ok(solver_cleanup(s, &tw, &e) == RC_OK,
	   "cleaning it up succeeds (nothing was presented)");
	solver_free(s);
}

/* Clients that send nothing or half a ClientHello do not delay others
 * (with the default 10 s deadline, a blocked responder would show);
 * garbage is refused at once. */
static void test_slow_and_hostile(void)
{
	static const char partial[] = "\x16\x03\x01\x02\x00\x01\x00\x01";
	/* A handshake record holding a ClientHello that ends too soon. */
	static const char bad_hello[] = "\x16\x03\x01\x00\x06"
					"\x01\x00\x00\x02\x03\x03";
	struct solver_task t1 = { "a.example.test", TOKEN1, KEYAUTH1, NULL, 0 };
	char buf[256];
	struct probe p = { 0 };
	struct err e = { 0 };
	struct solver *s;
	int idle, half, junk, port;
	double t0;
	ssize_t n;

	s = tls_solver("127.0.0.1", SOLVER_PORT_ANY, 0, &e);
	ok(s != NULL && solver_present(s, &t1, &e) == RC_OK, "presented");
	port = solver_port(s);
	idle = tcp_connect(port);
	half = tcp_connect(port);
	ok(idle >= 0 && half >= 0 &&
		   send(half, partial, sizeof(partial) - 1, MSG_NOSIGNAL) ==
			   (ssize_t)(sizeof(partial) - 1),
	   "one client silent, one stuck in its ClientHello");
	tls_probe(port, "a.example.test", ALPN_ACME, &p);
	ok(p.ok && p.seconds < 3.0, "another handshake is not blocked (%.3f s)",
	   p.seconds);
	probe_clear(&p);

	junk = tcp_connect(port);
	t0 = now_s();
	ok(junk >= 0 && send(junk, "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 27,
			     MSG_NOSIGNAL) == 27,
	   "a client speaks HTTP");
	do
		n = junk >= 0 ? recv(junk, buf, sizeof(buf), 0) : -1;
	while (n > 0);
	ok(n == 0 && now_s() - t0 < 3.0, "it is closed at once (%.3f s)",
	   now_s() - t0);
	if (junk >= 0)
		close(junk);
	junk = tcp_connect(port);
	ok(junk >= 0 && send(junk, bad_hello, sizeof(bad_hello) - 1,
			     MSG_NOSIGNAL) == (ssize_t)(sizeof(bad_hello) - 1),
	   "a client sends a malformed ClientHello");
	n = junk >= 0 ? recv(junk, buf, sizeof(buf), 0) : -1;
	ok(n >= 7 && buf[0] == 0x15 && buf[5] == 2,
	   "it gets a fatal TLS alert (%d)", n >= 7 ? buf[6] : -1);
	while (n > 0)
		n = recv(junk, buf, sizeof(buf), 0);
	ok(n == 0, "and the connection is closed");
	ok(handshake_ok(port, "a.example.test"), "the solver still works");
	if (idle >= 0)
		close(idle);
	if (half >= 0)
		close(half);
	if (junk >= 0)
		close(junk);
	solver_free(s);
}

/* The handshake deadline closes connections that do not finish. */
static void test_deadline(void)
{
	static const char partial[] = "\x16\x03\x01\x02\x00\x01\x00\x01";
	struct solver_task t1 = { "a.example.test", TOKEN1, KEYAUTH1, NULL, 0 };
	struct err e = { 0 };
	struct solver *s;
	int idle, half, port;
	double t0, took;
	char buf[64];
	ssize_t n;

	s = tls_solver("127.0.0.1", SOLVER_PORT_ANY, 400, &e);
	ok(s != NULL && solver_present(s, &t1, &e) == RC_OK,
	   "presented with a 400 ms deadline");
	port = solver_port(s);
	t0 = now_s();
	idle = tcp_connect(port);
	half = tcp_connect(port);
	if (half >= 0 &&
	    send(half, partial, sizeof(partial) - 1, MSG_NOSIGNAL) < 0) {
		close(half);
		half = -1;
	}
	n = idle >= 0 ? recv(idle, buf, sizeof(buf), 0) : -1;
	took = now_s() - t0;
	ok(n == 0 && took >= 0.3 && took < 4.0,
	   "a silent client is dropped at its deadline (%.3f s)", took);
	n = half >= 0 ? recv(half, buf, sizeof(buf), 0) : -1;
	took = now_s() - t0;
	ok(n == 0 && took < 4.0, "so is one that stalled (%.3f s)", took);
	if (idle >= 0)
		close(idle);
	if (half >= 0)
		close(half);
	solver_free(s);
}

/* More idle clients than the cap: the oldest are dropped and a validator
 * still gets through. */
static void test_conn_cap(void)
{
	struct solver_task t1 = { "a.example.test", TOKEN1, KEYAUTH1, NULL, 0 };
	int fds[TLSALPN01_MAX_CONN + 8];
	struct probe p = { 0 };
	struct err e = { 0 };
	struct solver *s;
	char c;
	int i, port, opened = 0;
	ssize_t n;

	s = tls_solver("127.0.0.1", SOLVER_PORT_ANY, 0, &e);
	ok(s != NULL && solver_present(s, &t1, &e) == RC_OK, "presented");
	port = solver_port(s);
	for (i = 0; i < TLSALPN01_MAX_CONN + 8; i++) {
		fds[i] = tcp_connect(port);
		if (fds[i] >= 0)
			opened++;
	}
	is_int(opened, TLSALPN01_MAX_CONN + 8, "%d idle connections",
	       TLSALPN01_MAX_CONN + 8);
	tls_probe(port, "a.example.test", ALPN_ACME, &p);
	ok(p.ok && p.seconds < 1.0, "a handshake still succeeds (%.3f s)",
	   p.seconds);
	probe_clear(&p);
	n = fds[0] >= 0 ? recv(fds[0], &c, 1, 0) : -1;
	ok(n == 0 || (n < 0 && errno == ECONNRESET),
	   "the oldest idle connection was dropped");
	for (i = 0; i < TLSALPN01_MAX_CONN + 8; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	solver_free(s);
}

/* solver_free() stops the thread and releases the port. */
static void test_free_releases_port(void)
{
	struct solver_task t1 = { "a.example.test", TOKEN1, KEYAUTH1, NULL, 0 };
	struct err e = { 0 };
	struct solver *s;
	int threads, port, fd;

	threads = thread_count();
	s = tls_solver("127.0.0.1", SOLVER_PORT_ANY, 0, &e);
	ok(s != NULL && solver_present(s, &t1, &e) == RC_OK, "presented");
	port = solver_port(s);
	is_int(thread_count(), threads + 1, "one responder thread");
	ok(handshake_ok(port, "a.example.test"), "answering");
	solver_free(s);
	is_int(thread_count(), threads, "the thread is gone after free");
	fd = listen_socket("127.0.0.1", &port);
	ok(fd >= 0, "port %d can be bound again", port);
	if (fd >= 0)
		close(fd);
}

static void test_port_in_use(void)
{
	struct solver_task t1 = { "a.example.test", TOKEN1, KEYAUTH1, NULL, 0 };
	char where[64];
	struct err e = { 0 };
	struct solver *s;
	int port = 0, fd, threads;

	threads = thread_count();
	fd = listen_socket("127.0.0.1", &port);
	ok(fd >= 0, "something listens on 127.0.0.1:%d", port);
	s = tls_solver("127.0.0.1", port, 0, &e);
	ok(s != NULL, "solver for that port created");
	snprintf(where, sizeof(where), "cannot listen on 127.0.0.1:%d: ", port);
	ok(solver_present(s, &t1, &e) == RC_SOLVER &&
		   strstr(e.msg, where) != NULL &&
		   strstr(e.msg, strerror(EADDRINUSE)) != NULL &&
		   strstr(e.msg, "--tls-port") != NULL,
	   "a clear error: %s", e.msg);
	is_int(solver_port(s), 0, "not listening");
	is_int(thread_count(), threads, "no thread left running");
	solver_free(s);
	close(fd);
}

/* Listening where the user may not (port 1 as nobody) names the address,
 * the reason and what to do about it. */
static void test_permission(void)
{
	struct solver_task t1 = { "a.example.test", TOKEN1, KEYAUTH1, NULL, 0 };
	char msg[ERR_MSG_MAX] = "", want[128];
	int pfd[2], start = 1024, status = -1;
	size_t got = 0;
	ssize_t n;
	pid_t pid;
	FILE *f;

	f = fopen("/proc/sys/net/ipv4/ip_unprivileged_port_start", "r");
	if (f != NULL) {
		if (fscanf(f, "%d", &start) != 1)
			start = 1024;
		fclose(f);
	}
	if (start <= 1) {
		printf("# anyone may bind port 1 here: EACCES not provoked\n");
		return;
	}
	if (pipe(pfd) != 0)
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct err e = { 0 };
		struct solver *s;

		close(pfd[0]);
		if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(3);
		s = tls_solver("127.0.0.1", 1, 0, &e);
		if (s != NULL && solver_present(s, &t1, &e) == RC_SOLVER &&
		    write(pfd[1], e.msg, strlen(e.msg)) < 0)
			_exit(4);
		solver_free(s);
		_exit(0);
	}
	close(pfd[1]);
	while (pid > 0 && got + 1 < sizeof(msg)) {
		n = read(pfd[0], msg + got, sizeof(msg) - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	msg[got] = '\0';
	close(pfd[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	snprintf(want, sizeof(want),
		 "cannot listen on 127.0.0.1:1: %s; run as root or use "
		 "--tls-port",
		 strerror(EACCES));
	ok(status == 0 && strcmp(msg, want) == 0, "not permitted: %s", msg);
}

/* The default address listens on all of IPv4 and, where there is IPv6,
 * on all of IPv6 too. */
static void test_all_addresses(void)
{
	struct solver_task t1 = { "a.example.test", TOKEN1, KEYAUTH1, NULL, 0 };
	struct probe p = { 0 };
	struct err e = { 0 };
	struct solver *s;
	int port, fd;

	s = tls_solver(NULL, SOLVER_PORT_ANY, 0, &e);
	ok(s != NULL && solver_present(s, &t1, &e) == RC_OK,
	   "presented on all addresses (%s)", err_text(&e));
	port = solver_port(s);
	ok(handshake_ok(port, "a.example.test"), "reachable on 127.0.0.1");
	fd = tcp_connect_to("::1", port);
	if (fd < 0) {
		printf("# no IPv6 loopback here\n");
	} else {
		close(fd);
		tls_probe_full("::1", port, "a.example.test", ALPN_ACME,
			       strlen(ALPN_ACME), 0, &p);
		ok(p.ok && san_is_dns(p.cert, "a.example.test"),
		   "reachable on ::1");
		probe_clear(&p);
	}
	solver_free(s);
}

struct churn {
	struct solver *s;
	int rounds;
	int failures;
};

/* Presents and cleans up other names over and over. */
static void *churn_main(void *arg)
{
	static const char *const tokens[] = { TOKEN2, TOKEN3, TOKEN4 };
	static const char *const keyauths[] = { KEYAUTH2, KEYAUTH3, KEYAUTH4 };
	static const char *const names[] = { "b.example.test", "c.example.test",
					     "d.example.test" };
	struct churn *c = arg;
	struct solver_task t;
	struct err e;
	int i, k;

	for (i = 0; i < c->rounds; i++) {
		k = i % 3;
		t.identifier = names[k];
		t.token = tokens[k];
		t.key_authorization = keyauths[k];
		err_clear(&e);
		if (solver_present(c->s, &t, &e) != RC_OK ||
		    solver_cleanup(c->s, &t, &e) != RC_OK)
			c->failures++;
	}
	return NULL;
}

/* Present and cleanup in another thread while handshakes go on. */
static void test_threads(void)
{
	struct solver_task t1 = { "a.example.test", TOKEN1, KEYAUTH1, NULL, 0 };
	struct churn c = { 0 };
	struct err e = { 0 };
	pthread_t th;
	int i, port, good = 0, started;

	c.s = tls_solver("127.0.0.1", SOLVER_PORT_ANY, 0, &e);
	c.rounds = 60;
	ok(c.s != NULL && solver_present(c.s, &t1, &e) == RC_OK, "presented");
	port = solver_port(c.s);
	started = pthread_create(&th, NULL, churn_main, &c) == 0;
	for (i = 0; i < 20; i++)
		good += handshake_ok(port, "a.example.test");
	if (started)
		pthread_join(th, NULL);
	ok(started, "churn thread ran");
	is_int(good, 20, "every handshake succeeded meanwhile");
	is_int(c.failures, 0, "every present and cleanup succeeded");
	solver_free(c.s);
}

int main(void)
{
	test_interface();
	test_sni_names();
	test_config();
	test_basic();
	test_replace_and_conflict();
	test_ip();
	test_wildcard();
	test_slow_and_hostile();
	test_deadline();
	test_conn_cap();
	test_free_releases_port();
	test_port_in_use();
	test_permission();
	test_all_addresses();
	test_threads();
	return tap_done();
}
