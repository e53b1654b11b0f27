/* SPDX-License-Identifier: ISC */
/* http01_standalone.c - HTTP-01 with a built-in responder thread.
 *
 * Everything a client sends is hostile.  The responder reads at most
 * HTTP01_MAX_HEADER bytes per request and answers once; the request is
 * parsed strictly and never printed.  The responder core (listener.h)
 * gives each connection a deadline (a client trickling bytes cannot hold
 * a slot longer than that), keeps at most HTTP01_MAX_CONN connections
 * (dropping the oldest to admit a new one, so idle sockets cannot lock
 * validators out) and closes each after the answer.
 *
 * Threads: the caller's threads run present/cleanup (serialized by the
 * solver layer); the responder thread only reads the core's table of
 * presented tokens, under its lock.  solver_free() stops the responder. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "solvers/http01_standalone.h"
#include "solvers/listener.h"
#include "util/b64url.h"
#include "util/err.h"

#define CHALLENGE_PREFIX "/.well-known/acme-challenge/"
#define OUT_MAX 1024 /* a response: headers + key authorization */

/* What is answered for a presented token; strings owned. */
struct hs_value {
	char *identifier;
	char *key_authorization;
};

/* One connection's request and response; the core owns fd. */
struct hs_conn {
	int fd;
	size_t inlen;
	size_t outlen;
	size_t outoff;
	char in[HTTP01_MAX_HEADER + 1];
	char out[OUT_MAX];
};

/* The responder's protocol state (responder_arg()). */
struct standalone {
	int check_host; /* answer only when Host names the identifier */
};

/* What entry_visit() looks for, and its answer. */
struct hs_query {
	const char *token; /* not NUL-terminated */
	size_t token_len;
	const char *host; /* NULL when absent */
	size_t host_len;
	int check_host;
	char *out; /* gets the key authorization */
	size_t outsz;
	int found; /* its length, or -1 */
};

/* The parts of a request the responder looks at; pointers into the
 * connection's buffer, not NUL-terminated. */
struct hs_request {
	const char *method;
	size_t method_len;
	const char *target;
	size_t target_len;
	const char *host; /* NULL when absent */
	size_t host_len;
	int http11;
};

/* ---- The presented tokens. ---- */

/* Frees a presented value (a struct hs_value); NULL is fine. */
static void value_free(void *value)
{
	struct hs_value *v = value;

	if (v == NULL)
		return;
	free(v->identifier);
	free(v->key_authorization);
	free(v);
}

/* Returns 1 when s[0..n) is empty or ":" followed by at most 5 digits. */
static int port_suffix_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 1;
	if (s[0] != ':' || n > 6)
		return 0;
	for (i = 1; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Returns 1 when the Host value host[0..n) ("name", "name:port",
 * "1.2.3.4:80", "[v6]:port", with or without a trailing dot) names
 * identifier.  Addresses are compared as addresses, names without regard
 * to case. */
static int host_matches(const char *host, size_t n, const char *identifier)
{
	char name[SOLVER_IDENT_MAX + 1];
	unsigned char a[16], b[16];
	const char *end, *colon;

	if (host == NULL || n == 0 || memchr(host, '\0', n) != NULL)
		return 0;
	if (host[0] == '[') {
		end = memchr(host, ']', n);
		if (end == NULL ||
		    (size_t)(end - host - 1) > SOLVER_IDENT_MAX ||
		    !port_suffix_ok(end + 1, n - (size_t)(end + 1 - host)))
			return 0;
		memcpy(name, host + 1, (size_t)(end - host - 1));
		name[end - host - 1] = '\0';
		return inet_pton(AF_INET6, name, a) == 1 &&
		       inet_pton(AF_INET6, identifier, b) == 1 &&
		       memcmp(a, b, 16) == 0;
	}
	colon = memchr(host, ':', n);
	if (colon != NULL &&
	    memchr(colon + 1, ':', n - (size_t)(colon + 1 - host)) == NULL) {
		if (!port_suffix_ok(colon, n - (size_t)(colon - host)))
			return 0;
		n = (size_t)(colon - host);
	}
	if (n > 0 && host[n - 1] == '.')
		n--;
	if (n == 0 || n > SOLVER_IDENT_MAX)
		return 0;
	memcpy(name, host, n);
	name[n] = '\0';
	if (inet_pton(AF_INET6, identifier, b) == 1)
		return inet_pton(AF_INET6, name, a) == 1 &&
		       memcmp(a, b, 16) == 0;
	if (inet_pton(AF_INET, identifier, b) == 1)
		return inet_pton(AF_INET, name, a) == 1 && memcmp(a, b, 4) == 0;
	return strlen(identifier) == n && strncasecmp(name, identifier, n) == 0;
}

/* responder_visit_fn: on q's token (unique in the table) copies its key
 * authorization into q->out when the Host fits, and ends the visit. */
static int entry_visit(const char *token, void *value, void *ctx)
{
	const struct hs_value *v = value;
	struct hs_query *q = ctx;
	size_t n;

	if (strlen(token) != q->token_len ||
	    memcmp(token, q->token, q->token_len) != 0)
		return 0;
	if (q->check_host && !host_matches(q->host, q->host_len, v->identifier))
		return 1;
	n = strlen(v->key_authorization);
	if (n < q->outsz) {
		memcpy(q->out, v->key_authorization, n + 1);
		q->found = (int)n;
	}
	return 1;
}

/* Copies the key authorization for token (served to host) into out
 * (size outsz).  Returns its length, or -1 when nothing matches. */
static int entry_lookup(struct responder *rsp, const char *token, size_t len,
			const char *host, size_t host_len, char *out,
			size_t outsz)
{
	const struct standalone *h = responder_arg(rsp);
	struct hs_query q = {
		.token = token,
		.token_len = len,
		.host = host,
		.host_len = host_len,
		.check_host = h->check_host,
		.out = out,
		.outsz = outsz,
		.found = -1,
	};

	responder_visit(rsp, entry_visit, &q);
	return q.found;
}

/* ---- Parsing a request head. ---- */

/* Returns 1 for an RFC 9110 "tchar" (token character). */
static int is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Returns 1 when s[0..n) is a non-empty token. */
static int is_token(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '\0' || !is_tchar((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Returns 1 when s[0..n) holds no control character except HT. */
static int is_text(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 0;
	}
	return 1;
}

/* Takes the next line from *p (up to end): returns its start and length
 * without CR LF and moves *p past it, or NULL when no LF is left. */
static const char *next_line(const char **p, const char *end, size_t *n)
{
	const char *line = *p, *lf;

	lf = memchr(line, '\n', (size_t)(end - line));
	if (lf == NULL)
		return NULL;
	*p = lf + 1;
	*n = (size_t)(lf - line);
	if (*n > 0 && line[*n - 1] == '\r')
		(*n)--;
	return line;
}

/* Splits "METHOD SP TARGET SP HTTP/1.x" into r.  Returns 0 or -1. */
static int parse_request_line(const char *s, size_t n, struct hs_request *r)
{
	const char *sp1, *sp2, *ver;
	size_t vlen;

	sp1 = memchr(s, ' ', n);
	if (sp1 == NULL)
		return -1;
	sp2 = memchr(sp1 + 1, ' ', n - (size_t)(sp1 + 1 - s));
	if (sp2 == NULL)
		return -1;
	r->method = s;
	r->method_len = (size_t)(sp1 - s);
	r->target = sp1 + 1;
	r->target_len = (size_t)(sp2 - sp1 - 1);
	ver = sp2 + 1;
	vlen = n - (size_t)(ver - s);
	if (!is_token(r->method, r->method_len) || r->target_len == 0 ||
	    !is_text(r->target, r->target_len) ||
	    memchr(r->target, '\t', r->target_len) != NULL)
		return -1;
	if (vlen == 8 && memcmp(ver, "HTTP/1.1", 8) == 0)
		r->http11 = 1;
	else if (vlen == 8 && memcmp(ver, "HTTP/1.0", 8) == 0)
		r->http11 = 0;
	else
		return -1;
	return 0;
}

/* Parses one header line into r (only Host matters).  Returns 0 or -1
 * for a malformed line, an obsolete folded line or a second Host. */
static int parse_header_line(const char *s, size_t n, struct hs_request *r)
{
	const char *colon, *v, *vend;

	if (s[0] == ' ' || s[0] == '\t')
		return -1;
	colon = memchr(s, ':', n);
	if (colon == NULL || !is_token(s, (size_t)(colon - s)))
		return -1;
	v = colon + 1;
	vend = s + n;
	while (v < vend && (*v == ' ' || *v == '\t'))
		v++;
	while (vend > v && (vend[-1] == ' ' || vend[-1] == '\t'))
		vend--;
	if (!is_text(v, (size_t)(vend - v)))
		return -1;
	if (colon - s == 4 && strncasecmp(s, "host", 4) == 0) {
		if (r->host != NULL)
			return -1;
		r->host = v;
		r->host_len = (size_t)(vend - v);
	}
	return 0;
}

/* Parses the request head buf[0..len) (which ends with an empty line).
 * Returns 0, or -1 when it is malformed (answer 400). */
static int parse_request(const char *buf, size_t len, struct hs_request *r)
{
	const char *p = buf, *end = buf + len, *line;
	size_t n;

	memset(r, 0, sizeof(*r));
	line = next_line(&p, end, &n);
	if (line == NULL || parse_request_line(line, n, r) != 0)
		return -1;
	for (;;) {
		line = next_line(&p, end, &n);
		if (line == NULL)
			return -1;
		if (n == 0)
			break;
		if (parse_header_line(line, n, r) != 0)
			return -1;
	}
	if (r->http11 && r->host == NULL)
		return -1; /* RFC 9112 3.2: a 1.1 request without Host */
	return 0;
}

/* ---- Connections (on the responder thread). ---- */

/* Sends what is left of the response; once all is out the exchange is
 * done. */
static enum responder_next conn_write(struct hs_conn *c)
{
	ssize_t r;

	while (c->outoff < c->outlen) {
		r = send(c->fd, c->out + c->outoff, c->outlen - c->outoff,
			 MSG_NOSIGNAL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return RESPONDER_WRITE;
		if (r <= 0)
			return RESPONDER_CLOSE;
		c->outoff += (size_t)r;
	}
	return RESPONDER_DONE;
}

/* Prepares the one response of c and starts sending it.  extra holds
 * additional header lines (each ending in CRLF); the body is omitted for
 * HEAD but its length is still announced. */
static enum responder_next conn_respond(struct hs_conn *c, int status,
					const char *reason, const char *extra,
					const char *body, size_t body_len,
					int head_only)
{
	enum responder_next next;
	int n;

	n = snprintf(c->out, sizeof(c->out),
		     "HTTP/1.1 %d %s\r\n%sContent-Length: %zu\r\n"
		     "Connection: close\r\n\r\n",
		     status, reason, extra, body_len);
	if (n < 0 || (size_t)n + body_len > sizeof(c->out))
		return RESPONDER_CLOSE; /* cannot happen with the caps above */
	c->outlen = (size_t)n;
	if (!head_only && body_len > 0) {
		memcpy(c->out + c->outlen, body, body_len);
		c->outlen += body_len;
	}
	c->outoff = 0;
	next = conn_write(c);
	/* What does not go out at once gets the whole timeout. */
	return next == RESPONDER_WRITE ? RESPONDER_ANSWER : next;
}

/* Answers the complete request head in c->in[0..len). */
static enum responder_next conn_answer(struct responder *rsp, struct hs_conn *c,
				       size_t len)
{
	char keyauth[SOLVER_KEYAUTH_MAX + 1];
	struct hs_request r;
	const char *path, *slash, *token;
	size_t path_len, token_len, plen = strlen(CHALLENGE_PREFIX);
	int head, n;

	if (parse_request(c->in, len, &r) != 0)
		return conn_respond(c, 400, "Bad Request", "", NULL, 0, 0);
	head = r.method_len == 4 && memcmp(r.method, "HEAD", 4) == 0;
	if (!head && !(r.method_len == 3 && memcmp(r.method, "GET", 3) == 0))
		return conn_respond(c, 405, "Method Not Allowed",
				    "Allow: GET, HEAD\r\n", NULL, 0, 0);
	path = r.target;
	path_len = r.target_len;
	if (path_len > 7 && strncasecmp(path, "http://", 7) == 0) {
		/* Absolute form (RFC 9112 3.2.2): its authority is the host. */
		slash = memchr(path + 7, '/', path_len - 7);
		r.host = path + 7;
		r.host_len = slash ? (size_t)(slash - r.host) : path_len - 7;
		path_len -= 7 + r.host_len;
		path = r.host + r.host_len;
	}
	if (path_len <= plen || memcmp(path, CHALLENGE_PREFIX, plen) != 0)
		goto not_found;
	token = path + plen;
	token_len = path_len - plen;
	if (token_len > SOLVER_TOKEN_MAX || !b64url_is_token(token, token_len))
		goto not_found;
	n = entry_lookup(rsp, token, token_len, r.host, r.host_len, keyauth,
			 sizeof(keyauth));
	if (n < 0)
		goto not_found;
	return conn_respond(c, 200, "OK",
			    "Content-Type: application/octet-stream\r\n",
			    keyauth, (size_t)n, head);
not_found:
	return conn_respond(c, 404, "Not Found", "", NULL, 0, head);
}

/* Returns the length of the request head in buf[0..len) (through the
 * empty line), or 0 when it is not complete yet; the search starts at
 * from, where earlier reads stopped looking. */
static size_t head_end(const char *buf, size_t from, size_t len)
{
	size_t i;

	for (i = from; i < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (i + 1 < len && buf[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* The socket is readable: reads more of the request head; answers once
 * it is complete, or 431 when it outgrows HTTP01_MAX_HEADER. */
static enum responder_next hs_readable(struct responder *rsp, void *conn)
{
	struct hs_conn *c = conn;
	size_t from, end;
	ssize_t r;

	r = recv(c->fd, c->in + c->inlen, HTTP01_MAX_HEADER - c->inlen, 0);
	if (r < 0 &&
	    (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
		return RESPONDER_READ;
	if (r <= 0)
		return RESPONDER_CLOSE; /* gone before asking anything */
	from = c->inlen > 2 ? c->inlen - 2 : 0;
	c->inlen += (size_t)r;
	c->in[c->inlen] = '\0';
	end = head_end(c->in, from, c->inlen);
	if (end > 0)
		return conn_answer(rsp, c, end);
	if (c->inlen == HTTP01_MAX_HEADER)
		return conn_respond(c, 431, "Request Header Fields Too Large",
				    "", NULL, 0, 0);
	return RESPONDER_READ;
}

/* The socket is writable: sends more of the response. */
static enum responder_next hs_writable(struct responder *rsp, void *conn)
{
	(void)rsp;
	return conn_write(conn);
}

/* A new connection on the accepted socket fd. */
static void *hs_open(struct responder *rsp, int fd)
{
	struct hs_conn *c = calloc(1, sizeof(*c));

	(void)rsp;
	if (c != NULL)
		c->fd = fd;
	return c;
}

static const struct responder_ops hs_ops = {
	.open = hs_open,
	.readable = hs_readable,
	.writable = hs_writable,
	.free = free, /* the core closes the socket */
};

static const struct responder_spec hs_spec = {
	.ops = &hs_ops,
	.name = "HTTP",
	.default_port = HTTP01_DEFAULT_PORT,
	.default_timeout_ms = HTTP01_TIMEOUT_MS,
	.linger_ms = HTTP01_LINGER_MS,
	.linger_bytes = HTTP01_LINGER_BYTES,
	.max_conn = HTTP01_MAX_CONN,
	.hints = {
		.denied = N_("run as root or use --http-port"),
		.in_use = N_("another program (a web server?) uses it: "
			     "use --webroot, or --http-port"),
	},
	.entry_free = value_free,
	.arg_free = free,
};

/* ---- The ops (priv is the responder). ---- */

/* Presents t's token (replacing an entry with the same token), starting
 * the responder if needed. */
static enum rc standalone_present(void *priv, const struct solver_task *t,
				  struct err *e)
{
	struct hs_value *v;

	v = calloc(1, sizeof(*v));
	if (v != NULL) {
		v->identifier = strdup(t->identifier);
		v->key_authorization = strdup(t->key_authorization);
	}
	if (v == NULL || v->identifier == NULL ||
	    v->key_authorization == NULL) {
		value_free(v);
		return err_set(e, RC_NOMEM, _("out of memory"));
	}
	return responder_present(priv, t->token, v, e);
}

/* Checks cfg (address, port, timeout) and makes the responder; nothing is
 * opened until the first present. */
static enum rc standalone_init(const struct solver_config *cfg, void **priv,
			       struct err *e)
{
	struct standalone *h;
	struct responder *rsp;
	enum rc rc;

	h = calloc(1, sizeof(*h));
	if (h == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	h->check_host = cfg->check_host != 0;
	rc = responder_new(&hs_spec, cfg, h, &rsp, e);
	if (rc == RC_OK)
		*priv = rsp;
	return rc;
}

const struct solver_ops http01_standalone_ops = {
	.kind = SOLVER_HTTP01_STANDALONE,
	.challenge_type = "http-01",
	.init = standalone_init,
	.present = standalone_present,
	.cleanup = responder_cleanup,
	.ready = NULL,
	.port = responder_port,
	.fini = responder_free,
};
