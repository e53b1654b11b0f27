/* SPDX-License-Identifier: ISC */
/* selftest.c - the method self-tests of the doctor: make a response
 * available exactly as a validation would (the domain's own solver
 * settings), then look for it from outside the way the CA does, then
 * take it away again.
 *
 * The token and key authorization are random: nothing here needs the
 * account key, and a test response can never answer a real challenge. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "util/curl_lib.h"
#include "acme/http.h"
#include "db/store_domains.h"
#include "diagnose/doctor.h"
#include "dns/resolve.h"
#include "solvers/tlsalpn01.h"
#include "util/b64url.h"
#include "util/clock.h"
#include "util/safe.h"

/* A random test token and its key authorization ("token.thumbprint"). */
struct probe {
	char *token;
	char *keyauth;
};

static void probe_clear(struct probe *p)
{
	free(p->token);
	free(p->keyauth);
	memset(p, 0, sizeof(*p));
}

static enum rc probe_make(struct probe *p, struct err *e)
{
	unsigned char raw[32];
	char *thumb = NULL;

	memset(p, 0, sizeof(*p));
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return err_set(e, RC_CRYPTO, "%s", _("no random numbers"));
	p->token = b64url_encode(raw, sizeof(raw));
	if (RAND_bytes(raw, sizeof(raw)) != 1) {
		probe_clear(p);
		return err_set(e, RC_CRYPTO, "%s", _("no random numbers"));
	}
	thumb = b64url_encode(raw, sizeof(raw));
	if (p->token == NULL || thumb == NULL ||
	    asprintf(&p->keyauth, "%s.%s", p->token, thumb) < 0) {
		p->keyauth = NULL;
		free(thumb);
		probe_clear(p);
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	}
	free(thumb);
	return RC_OK;
}

/* Milliseconds left until deadline (at least 1). */
static long left_ms(long long deadline)
{
	long long l = deadline - mono_ms();

	return l > 0 ? (long)l : 1;
}

/* Presents the probe for d with a new solver (*out).  On failure adds a
 * FAIL result for check and returns RC_SOLVER (RC_NOMEM stays). */
static enum rc present(struct doctor_ctx *ctx, const struct domain_row *d,
		       const char *check, const struct probe *p,
		       struct solver **out, struct err *e)
{
	struct solver_config cfg;
	struct solver_task t = { 0 };
	struct err se = { 0 };
	char why[DOCTOR_LINE_MAX];
	enum rc rc;

	*out = NULL;
	rc = doctor_solver_config(d, doctor_resolver(d, ctx->opts), &cfg, &se);
	if (rc == RC_OK) {
		cfg.dns_wait_ms = ctx->opts->dns_wait_ms;
		cfg.io_timeout_ms = ctx->opts->timeout_ms;
		*out = solver_new(&cfg, &se);
		rc = *out != NULL ? RC_OK : se.rc;
	}
	if (rc == RC_OK) {
		t.identifier = d->name;
		t.token = p->token;
		t.key_authorization = p->keyauth;
		rc = solver_present(*out, &t, &se);
	}
	if (rc == RC_OK)
		return RC_OK;
	solver_free(*out);
	*out = NULL;
	if (rc == RC_NOMEM)
		return err_set(e, RC_NOMEM, "%s", err_text(&se));
	snprintf(why, sizeof(why),
		 _("the test response cannot be put in "
		   "place: %s"),
		 err_text(&se));
	rc = doctor_add(ctx->rep, check, d->name, DOCTOR_FAIL, why,
			strcmp(check, "dns-01") == 0
				? _("check the hook command or the RFC 2136 "
				    "server, zone and TSIG key")
			: d->webroot != NULL
				? _("make the webroot writable by acmetui")
			: strcmp(check, "tls-alpn-01") == 0
				? _("free the port (another server listens "
				    "there) or choose another with --tls-port "
				    "behind a port forward")
				: _("free the port (another server listens "
				    "there) or choose another with --http-port "
				    "behind a port forward"),
			e);
	return rc == RC_OK ? RC_SOLVER : rc;
}

/* Removes the probe and frees the solver. */
static void withdraw(struct solver *s, const struct domain_row *d,
		     const struct probe *p)
{
	struct solver_task t = { 0 };
	struct err ignored = { 0 };

	if (s == NULL)
		return;
	t.identifier = d->name;
	t.token = p->token;
	t.key_authorization = p->keyauth;
	solver_cleanup(s, &t, &ignored);
	solver_free(s);
}

/* ---- HTTP-01 ---- */

struct body {
	char buf[DOCTOR_BODY_MAX + 1];
	size_t len;
};

/* curl write callback: keeps at most DOCTOR_BODY_MAX bytes, fails beyond
 * (a token answer is short; anything longer is another page). */
static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
	struct body *b = ud;
	size_t len = sz * n;

	if (len > DOCTOR_BODY_MAX - b->len)
		return 0;
	memcpy(b->buf + b->len, p, len);
	b->len += len;
	b->buf[b->len] = '\0';
	return len;
}

/* "name:port:addr" for CURLOPT_RESOLVE, "[v6]" bracketed. */
static void resolve_entry(const char *name, int port, const char *addr,
			  char *out, size_t sz)
{
	if (strchr(addr, ':') != NULL)
		snprintf(out, sz, "%s:%d:[%s]", name, port, addr);
	else
		snprintf(out, sz, "%s:%d:%s", name, port, addr);
}

/* Fetches the probe from addr as the CA would; one verdict with why and
 * advice. */
static enum doctor_status http_fetch(const struct domain_row *d,
				     const char *addr, int port,
				     const struct probe *p, long timeout_ms,
				     char *why, char *advice, size_t sz)
{
	char url[600], entry[400], host[300], cerr[CURL_ERROR_SIZE] = "";
	char msg[CURL_ERROR_SIZE + 8];
	struct curl_slist *res = NULL;
	const struct curl_lib *cl = NULL;
	struct err ge = { 0 };
	struct body *b = NULL;
	CURL *h = NULL;
	CURLcode cc;
	long code = 0;
	enum doctor_status st = DOCTOR_FAIL;
	size_t blen;

	advice[0] = '\0';
	if (http_global_init(&ge) != RC_OK) {
		snprintf(why, sz, "%s", err_text(&ge));
		return st;
	}
	cl = curl_lib();
	b = calloc(1, sizeof(*b));
	h = cl->easy_init();
	if (b == NULL || h == NULL) {
		snprintf(why, sz, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	if (d->ident_type == DOM_IDENT_IP && strchr(addr, ':') != NULL)
		snprintf(host, sizeof(host), "[%s]", addr);
	else
		snprintf(host, sizeof(host), "%s",
			 d->ident_type == DOM_IDENT_IP ? addr : d->name);
	snprintf(url, sizeof(url), "http://%s:%d/.well-known/acme-challenge/%s",
		 host, port, p->token);
	if (d->ident_type != DOM_IDENT_IP) {
		resolve_entry(d->name, port, addr, entry, sizeof(entry));
		res = cl->slist_append(NULL, entry);
		if (res == NULL) {
			snprintf(why, sz, "%s", rc_str(RC_NOMEM));
			goto out;
		}
		cl->easy_setopt(h, CURLOPT_RESOLVE, res);
	}
	cl->easy_setopt(h, CURLOPT_URL, url);
	cl->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	cl->easy_setopt(h, CURLOPT_PROXY, ""); /* the CA connects directly */
	cl->easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	cl->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	cl->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http");
	/* Like the CA: follow up to 10 redirects to http or https; a
	 * redirect's https certificate is not checked by the CA either,
	 * and nothing secret is sent. */
	cl->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	cl->easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
	cl->easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	cl->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
	cl->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	cl->easy_setopt(h, CURLOPT_USERAGENT, "acmetui-doctor");
	cl->easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
	cl->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	cl->easy_setopt(h, CURLOPT_WRITEDATA, b);
	cc = cl->easy_perform(h);
	safe_line(msg, sizeof(msg), cerr[0] ? cerr : cl->easy_strerror(cc),
		  strlen(cerr[0] ? cerr : cl->easy_strerror(cc)));
	if (cc == CURLE_COULDNT_CONNECT) {
		snprintf(why, sz, _("nothing answers on port %d of %s (%s)"),
			 port, addr, msg);
		if (d->webroot != NULL)
			snprintf(advice, sz, "%s",
				 _("start the web server or use "
				   "--standalone"));
		else
			snprintf(advice, sz,
				 _("the name points to %s, where "
				   "acmetui's listener is not: "
				   "check the A/AAAA record, "
				   "--http-addr and port "
				   "forwarding"),
				 addr);
		goto out;
	}
	if (cc == CURLE_OPERATION_TIMEDOUT) {
		snprintf(why, sz, _("no answer from %s port %d within %ld ms"),
			 addr, port, timeout_ms);
		snprintf(advice, sz, "%s",
			 _("a firewall drops the connection: open the port "
			   "to the internet, or use dns-01"));
		goto out;
	}
	if (cc != CURLE_OK) {
		snprintf(why, sz,
			 _("fetching the test token from %s failed: "
			   "%s"),
			 addr, msg);
		snprintf(advice, sz, "%s",
			 _("serve /.well-known/acme-challenge/ plainly on "
			   "this name (redirects only to http/https)"));
		goto out;
	}
	cl->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	blen = b->len;
	/* The CA ignores whitespace at the end of the answer. */
	while (blen > 0 && strchr(" \t\r\n", b->buf[blen - 1]) != NULL)
		blen--;
	if (code == 200 && blen == strlen(p->keyauth) &&
	    memcmp(b->buf, p->keyauth, blen) == 0) {
		snprintf(why, sz, _("served the test token through %s port %d"),
			 addr, port);
		st = DOCTOR_PASS;
		goto out;
	}
	if (code == 404 && d->webroot != NULL) {
		snprintf(why, sz, _("%s answered 404 for the test token"),
			 addr);
		snprintf(advice, sz,
			 _("the webroot is not the directory the "
			   "web server serves for %s: point "
			   "--webroot at its document root"),
			 d->name);
	} else if (code != 200) {
		snprintf(why, sz, _("%s answered HTTP %ld for the test token"),
			 addr, code);
		snprintf(advice, sz,
			 _("another web server answers for %s "
			   "there: make the name point to the "
			   "server acmetui serves the token "
			   "on"),
			 d->name);
	} else {
		snprintf(why, sz,
			 _("%s answered with other content than the "
			   "test token"),
			 addr);
		snprintf(advice, sz,
			 _("another server answers for %s (a "
			   "stale record, a cluster node without "
			   "the token): make the name point "
			   "here"),
			 d->name);
	}
out:
	cl->slist_free_all(res);
	if (h != NULL)
		cl->easy_cleanup(h);
	free(b);
	return st;
}

enum rc doctor_check_http01(struct doctor_ctx *ctx, const struct domain_row *d,
			    const struct dns_strlist *addrs, struct err *e)
{
	char why[DOCTOR_LINE_MAX], advice[DOCTOR_LINE_MAX];
	struct probe p = { 0 };
	struct solver *s = NULL;
	long long deadline;
	int port = d->http_port > 0 ? d->http_port : 80;
	enum doctor_status st = DOCTOR_PASS;
	enum rc rc;
	size_t i;

	if (strncmp(d->name, "*.", 2) == 0)
		return doctor_add(ctx->rep, "http-01", d->name, DOCTOR_FAIL,
				  _("wildcard names cannot be validated with "
				    "http-01"),
				  _("use dns-01 for this name"), e);
	rc = probe_make(&p, e);
	if (rc != RC_OK)
		return rc;
	rc = present(ctx, d, "http-01", &p, &s, e);
	if (rc != RC_OK) {
		probe_clear(&p);
		return rc == RC_SOLVER ? RC_OK : rc;
	}
	deadline = mono_ms() + ctx->opts->timeout_ms;
	advice[0] = '\0';
	for (i = 0; i < addrs->n && st == DOCTOR_PASS; i++)
		st = http_fetch(d, addrs->v[i], port, &p, left_ms(deadline),
				why, advice, sizeof(why));
	withdraw(s, d, &p);
	probe_clear(&p);
	if (st == DOCTOR_PASS && addrs->n > 1)
		snprintf(why, sizeof(why),
			 _("served the test token through "
			   "all %zu addresses on port %d"),
			 addrs->n, port);
	return doctor_add(ctx->rep, "http-01", d->name, st, why,
			  advice[0] ? advice : NULL, e);
}

/* ---- TLS-ALPN-01 ---- */

/* Connects to addr:port before deadline; the socket, or -1 with why. */
static int tcp_connect(const char *addr, int port, long long deadline,
		       char *why, size_t sz)
{
	struct addrinfo hints = { 0 }, *ai = NULL;
	struct pollfd pfd;
	struct timeval tv;
	char serv[16];
	socklen_t len = sizeof(int);
	int fd = -1, soerr = 0, n;
	long ms;

	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(serv, sizeof(serv), "%d", port);
	if (getaddrinfo(addr, serv, &hints, &ai) != 0) {
		snprintf(why, sz, _("%s is not an address"), addr);
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    0);
	if (fd < 0)
		goto fail;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		if (errno != EINPROGRESS)
			goto fail;
		pfd.fd = fd;
		pfd.events = POLLOUT;
		do
			n = poll(&pfd, 1, (int)left_ms(deadline));
		while (n < 0 && errno == EINTR);
		if (n == 0) {
			errno = ETIMEDOUT;
			goto fail;
		}
		if (n < 0 ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0)
			goto fail;
		if (soerr != 0) {
			errno = soerr;
			goto fail;
		}
	}
	/* Blocking from here, each read and write bounded. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0)
		goto fail;
	ms = left_ms(deadline);
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	freeaddrinfo(ai);
	return fd;
fail:
	if (errno == ECONNREFUSED)
		snprintf(why, sz,
			 _("nothing answers on port %d of %s "
			   "(connection refused)"),
			 port, addr);
	else
		snprintf(why, sz, _("cannot connect to %s port %d: %s"), addr,
			 port, strerror(errno));
	if (fd >= 0)
		close(fd);
	freeaddrinfo(ai);
	return -1;
}

/* 1 when cert carries the critical acmeIdentifier extension holding
 * SHA-256 of keyauth (RFC 8737 section 3). */
static int has_acme_id(X509 *cert, const char *keyauth)
{
	unsigned char want[2 + 32];
	const ASN1_OCTET_STRING *data;
	X509_EXTENSION *ext;
	ASN1_OBJECT *oid;
	unsigned int dlen = 32;
	int idx;

	oid = OBJ_txt2obj(TLSALPN01_OID_ACME_IDENTIFIER, 1);
	if (oid == NULL)
		return 0;
	idx = X509_get_ext_by_OBJ(cert, oid, -1);
	ASN1_OBJECT_free(oid);
	if (idx < 0)
		return 0;
	ext = X509_get_ext(cert, idx);
	if (ext == NULL || !X509_EXTENSION_get_critical(ext))
		return 0;
	data = X509_EXTENSION_get_data(ext);
	want[0] = 0x04; /* OCTET STRING, 32 bytes */
	want[1] = 32;
	if (EVP_Digest(keyauth, strlen(keyauth), want + 2, &dlen, EVP_sha256(),
		       NULL) != 1)
		return 0;
	return ASN1_STRING_length(data) == (int)sizeof(want) &&
	       memcmp(ASN1_STRING_get0_data(data), want, sizeof(want)) == 0;
}

/* Performs the CA's TLS-ALPN-01 handshake with addr:port and checks the
 * certificate shown. */
static enum doctor_status alpn_probe(const struct domain_row *d,
				     const char *addr, int port,
				     const struct probe *p, long long deadline,
				     char *why, char *advice, size_t sz)
{
	static const unsigned char alpn[] = "\x0a" TLSALPN01_PROTOCOL;
	char sni[300];
	const unsigned char *sel = NULL;
	unsigned int sel_len = 0;
	SSL_CTX *tctx = NULL;
	SSL *ssl = NULL;
	X509 *cert = NULL;
	int fd, ok_name;
	enum doctor_status st = DOCTOR_FAIL;

	advice[0] = '\0';
	if (tlsalpn01_sni_name(d->name, sni, sizeof(sni)) != 0) {
		snprintf(why, sz, "%s",
			 _("no TLS-ALPN-01 name for this "
			   "identifier"));
		return DOCTOR_FAIL;
	}
	fd = tcp_connect(addr, port, deadline, why, sz);
	if (fd < 0) {
		snprintf(advice, sz,
			 _("port %d of %s is not answered by "
			   "acmetui's responder: check the "
			   "A/AAAA record, --tls-port and port "
			   "forwarding"),
			 port, addr);
		return DOCTOR_FAIL;
	}
	tctx = SSL_CTX_new(TLS_client_method());
	ssl = tctx != NULL ? SSL_new(tctx) : NULL;
	if (ssl == NULL) {
		snprintf(why, sz, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	/* The CA checks the certificate's content, not a chain. */
	SSL_set_verify(ssl, SSL_VERIFY_NONE, NULL);
	SSL_set_fd(ssl, fd);
	SSL_set_tlsext_host_name(ssl, sni);
	SSL_set_alpn_protos(ssl, alpn, sizeof(alpn) - 1);
	ERR_clear_error();
	if (SSL_connect(ssl) != 1) {
		snprintf(why, sz,
			 _("the TLS handshake with %s port %d for "
			   "acme-tls/1 failed"),
			 addr, port);
		snprintf(advice, sz,
			 _("port %d of %s is not answered by "
			   "acmetui's responder: stop or move the "
			   "service there during validation"),
			 port, addr);
		goto out;
	}
	SSL_get0_alpn_selected(ssl, &sel, &sel_len);
	cert = SSL_get1_peer_certificate(ssl);
	if (sel_len != sizeof(alpn) - 2 ||
	    memcmp(sel, TLSALPN01_PROTOCOL, sel_len) != 0 || cert == NULL) {
		snprintf(why, sz,
			 _("%s port %d answers TLS without "
			   "acme-tls/1: another server"),
			 addr, port);
		snprintf(advice, sz,
			 _("port %d of %s is not answered by "
			   "acmetui's responder: stop or move the "
			   "service there during validation"),
			 port, addr);
		goto out;
	}
	ok_name = d->ident_type == DOM_IDENT_IP
			  ? X509_check_ip_asc(cert, d->name, 0) == 1
			  : X509_check_host(cert, d->name, 0, 0, NULL) == 1;
	if (!ok_name || !has_acme_id(cert, p->keyauth)) {
		snprintf(why, sz,
			 _("%s port %d showed a certificate for "
			   "another challenge"),
			 addr, port);
		snprintf(advice, sz, "%s",
			 _("another ACME responder answers there: let only "
			   "acmetui's answer for this name"));
		goto out;
	}
	snprintf(why, sz, _("answered the test challenge through %s port %d"),
		 addr, port);
	st = DOCTOR_PASS;
out:
	X509_free(cert);
	if (ssl != NULL)
		SSL_shutdown(ssl);
	SSL_free(ssl);
	SSL_CTX_free(tctx);
	close(fd);
	ERR_clear_error();
	return st;
}

enum rc doctor_check_tlsalpn01(struct doctor_ctx *ctx,
			       const struct domain_row *d,
			       const struct dns_strlist *addrs, struct err *e)
{
	char why[DOCTOR_LINE_MAX], advice[DOCTOR_LINE_MAX];
	struct probe p = { 0 };
	struct solver *s = NULL;
	long long deadline;
	int port = d->tls_port > 0 ? d->tls_port : TLSALPN01_DEFAULT_PORT;
	enum doctor_status st = DOCTOR_PASS;
	enum rc rc;
	size_t i;

	if (strncmp(d->name, "*.", 2) == 0)
		return doctor_add(ctx->rep, "tls-alpn-01", d->name, DOCTOR_FAIL,
				  _("wildcard names cannot be validated with "
				    "tls-alpn-01"),
				  _("use dns-01 for this name"), e);
	rc = probe_make(&p, e);
	if (rc != RC_OK)
		return rc;
	rc = present(ctx, d, "tls-alpn-01", &p, &s, e);
	if (rc != RC_OK) {
		probe_clear(&p);
		return rc == RC_SOLVER ? RC_OK : rc;
	}
	deadline = mono_ms() + ctx->opts->timeout_ms;
	advice[0] = '\0';
	for (i = 0; i < addrs->n && st == DOCTOR_PASS; i++)
		st = alpn_probe(d, addrs->v[i], port, &p, deadline, why, advice,
				sizeof(why));
	withdraw(s, d, &p);
	probe_clear(&p);
	return doctor_add(ctx->rep, "tls-alpn-01", d->name, st, why,
			  advice[0] ? advice : NULL, e);
}

/* ---- DNS-01 ---- */

enum rc doctor_check_dns01(struct doctor_ctx *ctx, const struct domain_row *d,
			   struct err *e)
{
	char why[DOCTOR_LINE_MAX];
	struct probe p = { 0 };
	struct solver *s = NULL;
	struct solver_task t = { 0 };
	struct err se = { 0 };
	enum rc rc;

	rc = probe_make(&p, e);
	if (rc != RC_OK)
		return rc;
	rc = present(ctx, d, "dns-01", &p, &s, e);
	if (rc != RC_OK) {
		probe_clear(&p);
		return rc == RC_SOLVER ? RC_OK : rc;
	}
	if (solver_ready(s, &se) != RC_OK) {
		snprintf(why, sizeof(why),
			 _("the test TXT record was added "
			   "but is not visible: %s"),
			 err_text(&se));
		withdraw(s, d, &p);
		probe_clear(&p);
		return doctor_add(ctx->rep, "dns-01", d->name, DOCTOR_FAIL, why,
				  _("check that the hook or update writes to "
				    "the zone the name is in (or its "
				    "_acme-challenge CNAME target), and the "
				    "resolver the check uses"),
				  e);
	}
	t.identifier = d->name;
	t.token = p.token;
	t.key_authorization = p.keyauth;
	rc = solver_cleanup(s, &t, &se);
	solver_free(s);
	probe_clear(&p);
	if (rc != RC_OK) {
		snprintf(why, sizeof(why),
			 _("the test TXT record was seen "
			   "but cannot be removed: %s"),
			 err_text(&se));
		return doctor_add(ctx->rep, "dns-01", d->name, DOCTOR_WARN, why,
				  _("the credentials may lack delete rights; "
				    "remove the _acme-challenge test record "
				    "by hand"),
				  e);
	}
	return doctor_add(ctx->rep, "dns-01", d->name, DOCTOR_PASS,
			  _("a test TXT record was added, seen and removed"),
			  NULL, e);
}
