/* SPDX-License-Identifier: ISC */
/* probe.c - connect to an endpoint with TLS, read the served chain,
 * verify it and compare it with the inventory's certificate. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "crypto/cert.h"
#include "monitor/probe.h"
#include "util/clock.h"
#include "util/err.h"

void probe_result_clear(struct probe_result *r)
{
	if (r == NULL)
		return;
	free(r->endpoint);
	free(r->name);
	free(r->serial);
	free(r->issuer);
	free(r->verify_error);
	free(r->error);
	free(r->served_pem);
	memset(r, 0, sizeof(*r));
}

void probe_results_free(struct probe_result *r, size_t n)
{
	size_t i;

	for (i = 0; r != NULL && i < n; i++)
		probe_result_clear(&r[i]);
	free(r);
}

const char *probe_verdict_name(enum probe_verdict v)
{
	switch (v) {
	case PROBE_CURRENT:
		return "current";
	case PROBE_OLDER:
		return "older";
	case PROBE_OTHER:
		return "other";
	case PROBE_UNREACHABLE:
		return "unreachable";
	}
	return "unknown";
}

const char *probe_verdict_text(enum probe_verdict v)
{
	switch (v) {
	case PROBE_CURRENT:
		return _("serving the current certificate");
	case PROBE_OLDER:
		return _("serving an older certificate (deploy or reload "
			 "missing)");
	case PROBE_OTHER:
		return _("serving something else");
	case PROBE_UNREACHABLE:
		return _("unreachable");
	}
	return "?";
}

/* Letters, digits, '.', '-', '_' (and ':' for IPv6 when v6). */
static int host_chars_ok(const char *h, int v6)
{
	for (; *h != '\0'; h++) {
		unsigned char c = (unsigned char)*h;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		      c == '_' || (v6 && c == ':')))
			return 0;
	}
	return 1;
}

enum rc probe_parse_endpoint(const char *s, char *host, size_t hsz, int *port,
			     struct err *e)
{
	const char *hs = s, *he, *ps = NULL;
	int v6 = 0;
	size_t hl;
	char *end;
	long p = PROBE_DEFAULT_PORT;

	if (s == NULL || s[0] == '\0')
		return err_set(e, RC_INPUT, _("empty endpoint"));
	if (s[0] == '[') {
		hs = s + 1;
		he = strchr(hs, ']');
		if (he == NULL || (he[1] != '\0' && he[1] != ':'))
			goto bad;
		ps = he[1] == ':' ? he + 2 : NULL;
		v6 = 1;
	} else if (strchr(s, ':') != strrchr(s, ':')) {
		he = s + strlen(s); /* a bare IPv6 address: no port */
		v6 = 1;
	} else {
		he = strchr(s, ':');
		if (he != NULL)
			ps = he + 1;
		else
			he = s + strlen(s);
	}
	hl = (size_t)(he - hs);
	if (hl == 0 || hl > PROBE_HOST_MAX || hl >= hsz)
		goto bad;
	memcpy(host, hs, hl);
	host[hl] = '\0';
	if (!host_chars_ok(host, v6))
		goto bad;
	if (ps != NULL) {
		errno = 0;
		p = strtol(ps, &end, 10);
		if (errno != 0 || end == ps || *end != '\0' || p < 1 ||
		    p > 65535)
			goto bad;
	}
	*port = (int)p;
	return RC_OK;
bad:
	return err_set(e, RC_INPUT,
		       _("invalid endpoint '%s' (use HOST, "
			 "HOST:PORT or [IPv6]:PORT)"),
		       s);
}

/* Sets r->error (and the verdict unreachable) unless already set. */
static void unreachable(struct probe_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void unreachable(struct probe_result *r, const char *fmt, ...)
{
	char msg[ERR_MSG_MAX];
	va_list ap;

	r->verdict = PROBE_UNREACHABLE;
	if (r->error != NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->error = strdup(msg);
}

/* Waits until fd is ready for events or the deadline passes.  1 ready,
 * 0 timed out, -1 error. */
static int wait_fd(int fd, short events, long long deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	long long left;
	int n;

	for (;;) {
		left = deadline - mono_ms();
		if (left <= 0)
			return 0;
		n = poll(&p, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 ? -1 : n > 0;
	}
}

/* A non-blocking TCP connection to one address, or -1 (why in *why). */
static int connect_one(const struct addrinfo *ai, long long deadline, int *why)
{
	int fd, soerr = 0, w;
	socklen_t sl = sizeof(soerr);

	fd = socket(ai->ai_family,
		    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    ai->ai_protocol);
	if (fd < 0) {
		*why = errno;
		return -1;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		*why = errno;
		goto fail;
	}
	w = wait_fd(fd, POLLOUT, deadline);
	if (w <= 0) {
		*why = w == 0 ? ETIMEDOUT : errno;
		goto fail;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 ||
	    soerr != 0) {
		*why = soerr ? soerr : errno;
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/* Connects to host:port (every address in turn, within the deadline). */
static int tcp_connect(const char *host, int port, long long deadline,
		       struct probe_result *r)
{
	struct addrinfo hints = { 0 }, *res = NULL, *ai;
	char ps[8];
	int fd = -1, why = 0, g;

	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(ps, sizeof(ps), "%d", port);
	g = getaddrinfo(host, ps, &hints, &res);
	if (g != 0) {
		unreachable(r, _("cannot resolve %s: %s"), host,
			    gai_strerror(g));
		return -1;
	}
	for (ai = res; ai != NULL && fd < 0; ai = ai->ai_next) {
		if (mono_ms() >= deadline) {
			why = ETIMEDOUT;
			break;
		}
		fd = connect_one(ai, deadline, &why);
	}
	freeaddrinfo(res);
	if (fd < 0)
		unreachable(r, _("cannot connect: %s"), strerror(why));
	return fd;
}

/* The TLS context: no verification failure stops the handshake (the
 * result is read afterwards), trust = system store + ca_file. */
static SSL_CTX *make_ctx(const char *ca_file, struct err *e)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL) {
		err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	if (SSL_CTX_set_default_verify_paths(ctx) != 1)
		ERR_clear_error(); /* no system store: only ca_file counts */
	if (ca_file != NULL && ca_file[0] != '\0' &&
	    SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) {
		ERR_clear_error();
		err_set(e, RC_INPUT, _("cannot read the CA file %s"), ca_file);
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* Handshakes on fd within the deadline.  0, or -1 with r->error set. */
static int handshake(SSL *ssl, long long deadline, struct probe_result *r)
{
	char buf[256];
	int n, err, w;
	unsigned long le;

	for (;;) {
		n = SSL_connect(ssl);
		if (n == 1)
			return 0;
		err = SSL_get_error(ssl, n);
		if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
			w = wait_fd(SSL_get_fd(ssl),
				    err == SSL_ERROR_WANT_READ ? POLLIN
							       : POLLOUT,
				    deadline);
			if (w > 0)
				continue;
			unreachable(r, w == 0 ? _("TLS handshake timed out")
					      : _("TLS handshake failed"));
			return -1;
		}
		le = ERR_get_error();
		if (le != 0)
			ERR_error_string_n(le, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%s",
				 err == SSL_ERROR_SYSCALL && errno != 0
					 ? strerror(errno)
					 : _("connection closed"));
		ERR_clear_error();
		unreachable(r, _("TLS handshake failed: %s"), buf);
		return -1;
	}
}

/* Sets SNI (DNS names only) and the name the verification checks. */
static int set_name(SSL *ssl, const char *name)
{
	unsigned char ip[16];
	X509_VERIFY_PARAM *vp = SSL_get0_param(ssl);

	if (inet_pton(AF_INET, name, ip) == 1 ||
	    inet_pton(AF_INET6, name, ip) == 1)
		return X509_VERIFY_PARAM_set1_ip_asc(vp, name) == 1 ? 0 : -1;
	if (SSL_set_tlsext_host_name(ssl, name) != 1)
		return -1;
	X509_VERIFY_PARAM_set_hostflags(vp,
					X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	return SSL_set1_host(ssl, name) == 1 ? 0 : -1;
}

/* The leaf as PEM (new string), or NULL. */
static char *leaf_pem(X509 *x)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data = NULL, *out = NULL;
	long len;

	if (b == NULL)
		return NULL;
	if (PEM_write_bio_X509(b, x) == 1) {
		len = BIO_get_mem_data(b, &data);
		out = len > 0 ? strndup(data, (size_t)len) : NULL;
	}
	BIO_free(b);
	return out;
}

/* The first PROBE_CHAIN_MAX certificates of chain (leaf first) as one
 * PEM text (new string), or NULL when out of memory. */
static char *chain_pem(STACK_OF(X509) * chain, X509 *leaf)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data = NULL, *out = NULL;
	int i, n = chain ? sk_X509_num(chain) : 0, okay = 1;
	long len;

	if (b == NULL)
		return NULL;
	if (n == 0)
		okay = PEM_write_bio_X509(b, leaf) == 1;
	for (i = 0; okay && i < n && i < PROBE_CHAIN_MAX; i++)
		okay = PEM_write_bio_X509(b, sk_X509_value(chain, i)) == 1;
	if (okay) {
		len = BIO_get_mem_data(b, &data);
		out = len > 0 ? strndup(data, (size_t)len) : NULL;
	}
	BIO_free(b);
	return out;
}

/* 1 when x is the certificate in pem. */
static int same_cert(X509 *x, const char *pem)
{
	BIO *b;
	X509 *want;
	int same;

	if (pem == NULL)
		return 0;
	b = BIO_new_mem_buf(pem, -1);
	want = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	same = want != NULL && X509_cmp(x, want) == 0;
	X509_free(want);
	BIO_free(b);
	ERR_clear_error();
	return same;
}

/* Reads what was served into r and judges it against x. */
static enum rc judge(SSL *ssl, const struct probe_opts *o,
		     const struct probe_expect *x, struct probe_result *r,
		     struct err *e)
{
	X509 *leaf = SSL_get0_peer_certificate(ssl);
	STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl);
	struct cert_info ci = { 0 };
	struct err pe = { 0 };
	char *pem = NULL;
	long v;

	if (leaf == NULL) {
		unreachable(r, _("the server sent no certificate"));
		return RC_OK;
	}
	r->chain_len = chain ? (size_t)sk_X509_num(chain) : 1;
	v = SSL_get_verify_result(ssl);
	r->verified = v == X509_V_OK;
	if (!r->verified) {
		r->verify_error = strdup(X509_verify_cert_error_string(v));
		if (r->verify_error == NULL)
			goto nomem;
	}
	pem = leaf_pem(leaf);
	if (pem == NULL)
		goto nomem;
	if (o->keep_chain) {
		r->served_pem = chain_pem(chain, leaf);
		if (r->served_pem == NULL)
			goto nomem;
	}
	if (cert_info_parse(pem, strlen(pem), &ci, &pe) != RC_OK) {
		/* Served, but not a certificate we can read: not ours. */
		r->verdict = PROBE_OTHER;
		goto out;
	}
	r->serial = ci.serial;
	r->issuer = ci.issuer;
	ci.serial = ci.issuer = NULL;
	r->not_before = ci.not_before;
	r->not_after = ci.not_after;
	if (same_cert(leaf, x->cert_pem))
		r->verdict = PROBE_CURRENT;
	else if (x->n_names > 0 &&
		 cert_names_equal(&ci, x->names, x->n_names) &&
		 (int64_t)ci.not_before <= x->not_before)
		r->verdict = PROBE_OLDER;
	else
		r->verdict = PROBE_OTHER;
out:
	free(pem);
	cert_info_clear(&ci);
	return RC_OK;
nomem:
	free(pem);
	return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
}

enum rc probe_endpoint(const char *endpoint, const struct probe_opts *o,
		       const struct probe_expect *x, struct probe_result *r,
		       struct err *e)
{
	char host[PROBE_HOST_MAX + 1], ep[PROBE_HOST_MAX + 16];
	long long t0 = mono_ms(), deadline;
	SSL_CTX *ctx = NULL;
	SSL *ssl = NULL;
	enum rc rc;
	int port = 0, fd = -1;

	memset(r, 0, sizeof(*r));
	rc = probe_parse_endpoint(endpoint, host, sizeof(host), &port, e);
	if (rc != RC_OK)
		return rc;
	if (o->name == NULL || o->name[0] == '\0' ||
	    strlen(o->name) > PROBE_HOST_MAX ||
	    !host_chars_ok(o->name, strchr(o->name, ':') != NULL))
		return err_set(e, RC_INPUT,
			       _("invalid name to probe for: "
				 "'%s'"),
			       o->name ? o->name : "");
	snprintf(ep, sizeof(ep), strchr(host, ':') ? "[%s]:%d" : "%s:%d", host,
		 port);
	r->endpoint = strdup(ep);
	r->name = strdup(o->name);
	if (r->endpoint == NULL || r->name == NULL) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	ctx = make_ctx(o->ca_file, e);
	if (ctx == NULL) {
		rc = e->rc;
		goto out;
	}
	deadline = t0 + (o->timeout_ms > 0 ? o->timeout_ms
					   : PROBE_TIMEOUT_MS_DEFAULT);
	fd = tcp_connect(host, port, deadline, r);
	if (fd < 0)
		goto out;
	ssl = SSL_new(ctx);
	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1 ||
	    set_name(ssl, o->name) != 0) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	if (handshake(ssl, deadline, r) == 0)
		rc = judge(ssl, o, x, r, e);
out:
	r->elapsed_ms = (long)(mono_ms() - t0);
	if (ssl != NULL && SSL_is_init_finished(ssl))
		SSL_shutdown(ssl); /* best effort close_notify; no wait */
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	if (fd >= 0)
		close(fd);
	ERR_clear_error();
	if (rc != RC_OK)
		probe_result_clear(r);
	return rc;
}
