/* SPDX-License-Identifier: ISC */
/* http01_standalone.c - HTTP-01 with a built-in responder thread.
 *
 * Everything a client sends is hostile.  The responder reads at most
 * HTTP01_MAX_HEADER bytes per request, gives each connection a deadline
 * (a client trickling bytes cannot hold a slot longer than that), keeps at
 * most HTTP01_MAX_CONN connections (dropping the oldest to admit a new
 * one, so idle sockets cannot lock validators out), answers once and
 * closes.  The request is parsed strictly and never printed.
 *
 * Threads: the caller's threads run present/cleanup (serialized by the
 * solver layer); the responder thread only reads the table of presented
 * tokens, under h->lock.  solver_free() wakes the thread through a pipe
 * and joins it. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "solvers/http01_standalone.h"
#include "solvers/listener.h"
#include "util/b64url.h"
#include "util/err.h"

#define CHALLENGE_PREFIX "/.well-known/acme-challenge/"
#define OUT_MAX 1024	     /* a response: headers + key authorization */
#define ACCEPT_BURST 16	     /* accepts per wakeup, for fairness */
#define ACCEPT_PAUSE_MS 100  /* when out of descriptors */
#define TIMEOUT_MAX_MS 600000

/* A presented challenge; strings owned. */
struct hs_entry {
	char *identifier;
	char *token;
	char *key_authorization;
};

enum conn_state {
	CONN_READ,  /* collecting the request head */
	CONN_WRITE, /* sending the one response */
	CONN_LINGER /* write side shut; draining so the client sees it all */
};

struct hs_conn {
	int fd;
	enum conn_state state;
	int64_t deadline; /* monotonic ms */
	uint64_t seq;	  /* accept order: the smallest is evicted first */
	size_t inlen;
	size_t outlen;
	size_t outoff;
	size_t drained;
	char in[HTTP01_MAX_HEADER + 1];
	char out[OUT_MAX];
};

struct standalone {
	/* Configuration, fixed after init. */
	char *bind_addr; /* numeric address, NULL = all */
	int port;	 /* 0 = let the kernel pick */
	int check_host;
	int timeout_ms;

	/* Started by the first present, stopped by fini. */
	int running;
	int lfd[LISTENER_MAX];
	int nlfd;
	int wake[2]; /* self-pipe: a byte on wake[1] stops the thread */
	pthread_t thread;

	pthread_mutex_t lock; /* guards entries and bound_port */
	struct hs_entry *entries;
	size_t nentries;
	size_t cap;
	int bound_port;

	/* Responder thread only. */
	struct hs_conn *conns[HTTP01_MAX_CONN];
	size_t nconns;
	uint64_t next_seq;
	int64_t accept_resume; /* no accept() before this time */
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

/* Milliseconds on the monotonic clock. */
static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- The table of presented tokens. ---- */

/* Frees one entry's strings and zeroes it. */
static void entry_clear(struct hs_entry *en)
{
	free(en->identifier);
	free(en->token);
	free(en->key_authorization);
	memset(en, 0, sizeof(*en));
}

/* Index of token in the table, or h->nentries.  Caller holds h->lock. */
static size_t entry_find(const struct standalone *h, const char *token,
			 size_t len)
{
	size_t i;

	for (i = 0; i < h->nentries; i++)
		if (strlen(h->entries[i].token) == len &&
		    memcmp(h->entries[i].token, token, len) == 0)
			break;
	return i;
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
		return inet_pton(AF_INET, name, a) == 1 &&
		       memcmp(a, b, 4) == 0;
	return strlen(identifier) == n && strncasecmp(name, identifier, n) == 0;
}

/* Copies the key authorization for token (served to host) into out
 * (size outsz).  Returns its length, or -1 when nothing matches. */
static int entry_lookup(struct standalone *h, const char *token, size_t len,
			const char *host, size_t host_len, char *out,
			size_t outsz)
{
	const struct hs_entry *en;
	int found = -1;
	size_t i, n;

	pthread_mutex_lock(&h->lock);
	i = entry_find(h, token, len);
	if (i == h->nentries)
		goto out;
	en = &h->entries[i];
	if (h->check_host && !host_matches(host, host_len, en->identifier))
		goto out;
	n = strlen(en->key_authorization);
	if (n >= outsz)
		goto out;
	memcpy(out, en->key_authorization, n + 1);
	found = (int)n;
out:
	pthread_mutex_unlock(&h->lock);
	return found;
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

/* ---- Connections. ---- */

/* Closes c and removes it from the responder's list. */
static void conn_close(struct standalone *h, struct hs_conn *c)
{
	size_t i;

	for (i = 0; i < h->nconns; i++)
		if (h->conns[i] == c)
			break;
	if (i < h->nconns)
		h->conns[i] = h->conns[--h->nconns];
	close(c->fd);
	free(c);
}

/* Sends what is left of the response; once all is out, shuts the write
 * side and lingers. */
static void conn_write(struct standalone *h, struct hs_conn *c)
{
	ssize_t r;

	while (c->outoff < c->outlen) {
		r = send(c->fd, c->out + c->outoff, c->outlen - c->outoff,
			 MSG_NOSIGNAL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (r <= 0) {
			conn_close(h, c);
			return;
		}
		c->outoff += (size_t)r;
	}
	shutdown(c->fd, SHUT_WR);
	c->state = CONN_LINGER;
	c->deadline = now_ms() + (h->timeout_ms < HTTP01_LINGER_MS
					  ? h->timeout_ms
					  : HTTP01_LINGER_MS);
}

/* Prepares the one response of c and starts sending it.  extra holds
 * additional header lines (each ending in CRLF); the body is omitted for
 * HEAD but its length is still announced. */
static void conn_respond(struct standalone *h, struct hs_conn *c, int status,
			 const char *reason, const char *extra,
			 const char *body, size_t body_len, int head_only)
{
	int n;

	n = snprintf(c->out, sizeof(c->out),
		     "HTTP/1.1 %d %s\r\n%sContent-Length: %zu\r\n"
		     "Connection: close\r\n\r\n",
		     status, reason, extra, body_len);
	if (n < 0 || (size_t)n + body_len > sizeof(c->out)) {
		conn_close(h, c); /* cannot happen with the caps above */
		return;
	}
	c->outlen = (size_t)n;
	if (!head_only && body_len > 0) {
		memcpy(c->out + c->outlen, body, body_len);
		c->outlen += body_len;
	}
	c->outoff = 0;
	c->state = CONN_WRITE;
	c->deadline = now_ms() + h->timeout_ms;
	conn_write(h, c);
}

/* Answers the complete request head in c->in[0..len). */
static void conn_answer(struct standalone *h, struct hs_conn *c, size_t len)
{
	char keyauth[SOLVER_KEYAUTH_MAX + 1];
	struct hs_request r;
	const char *path, *slash, *token;
	size_t path_len, token_len, plen = strlen(CHALLENGE_PREFIX);
	int head, n;

	if (parse_request(c->in, len, &r) != 0) {
		conn_respond(h, c, 400, "Bad Request", "", NULL, 0, 0);
		return;
	}
	head = r.method_len == 4 && memcmp(r.method, "HEAD", 4) == 0;
	if (!head && !(r.method_len == 3 && memcmp(r.method, "GET", 3) == 0)) {
		conn_respond(h, c, 405, "Method Not Allowed",
			     "Allow: GET, HEAD\r\n", NULL, 0, 0);
		return;
	}
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
	n = entry_lookup(h, token, token_len, r.host, r.host_len, keyauth,
			 sizeof(keyauth));
	if (n < 0)
		goto not_found;
	conn_respond(h, c, 200, "OK",
		     "Content-Type: application/octet-stream\r\n", keyauth,
		     (size_t)n, head);
	return;
not_found:
	conn_respond(h, c, 404, "Not Found", "", NULL, 0, head);
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

/* Reads more of the request head; answers once it is complete, or 431
 * when it outgrows HTTP01_MAX_HEADER. */
static void conn_read(struct standalone *h, struct hs_conn *c)
{
	size_t from, end;
	ssize_t r;

	r = recv(c->fd, c->in + c->inlen, HTTP01_MAX_HEADER - c->inlen, 0);
	if (r < 0 && (errno == EINTR || errno == EAGAIN ||
		      errno == EWOULDBLOCK))
		return;
	if (r <= 0) {
		conn_close(h, c); /* gone before asking anything */
		return;
	}
	from = c->inlen > 2 ? c->inlen - 2 : 0;
	c->inlen += (size_t)r;
	c->in[c->inlen] = '\0';
	end = head_end(c->in, from, c->inlen);
	if (end > 0)
		conn_answer(h, c, end);
	else if (c->inlen == HTTP01_MAX_HEADER)
		conn_respond(h, c, 431, "Request Header Fields Too Large", "",
			     NULL, 0, 0);
}

/* Discards what the client still sends after the response, so that
 * closing does not reset the connection before it has read the answer. */
static void conn_drain(struct standalone *h, struct hs_conn *c)
{
	char scratch[4096];
	ssize_t r;

	r = recv(c->fd, scratch, sizeof(scratch), 0);
	if (r < 0 && (errno == EINTR || errno == EAGAIN ||
		      errno == EWOULDBLOCK))
		return;
	if (r <= 0) {
		conn_close(h, c);
		return;
	}
	c->drained += (size_t)r;
	if (c->drained > HTTP01_LINGER_BYTES)
		conn_close(h, c);
}

/* Acts on poll()'s report for c. */
static void conn_event(struct standalone *h, struct hs_conn *c, short revents)
{
	if (revents & POLLNVAL) {
		conn_close(h, c);
		return;
	}
	switch (c->state) {
	case CONN_READ:
		conn_read(h, c);
		break;
	case CONN_WRITE:
		conn_write(h, c);
		break;
	case CONN_LINGER:
		conn_drain(h, c);
		break;
	}
}

/* Closes the connection accepted first. */
static void conn_evict_oldest(struct standalone *h)
{
	struct hs_conn *oldest = NULL;
	size_t i;

	for (i = 0; i < h->nconns; i++)
		if (oldest == NULL || h->conns[i]->seq < oldest->seq)
			oldest = h->conns[i];
	if (oldest != NULL)
		conn_close(h, oldest);
}

/* Closes every connection whose deadline has passed. */
static void conns_expire(struct standalone *h, int64_t now)
{
	size_t i = 0;

	while (i < h->nconns) {
		/* conns[] holds each connection once, so conn_close() frees
		 * only the one in slot i (the analyzer assumes duplicates). */
		/* NOLINTNEXTLINE(clang-analyzer-unix.Malloc) */
		if (h->conns[i]->deadline <= now)
			conn_close(h, h->conns[i]); /* moves the last here */
		else
			i++;
	}
}

/* Accepts pending connections on lfd, making room when full. */
static void hs_accept(struct standalone *h, int lfd)
{
	struct hs_conn *c;
	int fd, k;

	for (k = 0; k < ACCEPT_BURST; k++) {
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0 && (errno == EINTR || errno == ECONNABORTED ||
			       errno == EPROTO))
			continue;
		if (fd < 0 && (errno == EMFILE || errno == ENFILE ||
			       errno == ENOBUFS || errno == ENOMEM)) {
			/* Out of descriptors: free one, retry a bit later
			 * instead of spinning on a readable listener. */
			h->accept_resume = now_ms() + ACCEPT_PAUSE_MS;
			conn_evict_oldest(h);
			return;
		}
		if (fd < 0)
			return; /* EAGAIN: nothing more waiting */
		if (h->nconns == HTTP01_MAX_CONN)
			conn_evict_oldest(h);
		c = calloc(1, sizeof(*c));
		if (c == NULL) {
			close(fd);
			continue;
		}
		c->fd = fd;
		c->state = CONN_READ;
		c->deadline = now_ms() + h->timeout_ms;
		c->seq = h->next_seq++;
		h->conns[h->nconns++] = c;
	}
}

/* How long poll() may sleep: until the nearest deadline, -1 for ever. */
static int hs_poll_timeout(const struct standalone *h, int64_t now,
			   int accepting)
{
	int64_t first = INT64_MAX;
	size_t i;

	for (i = 0; i < h->nconns; i++)
		if (h->conns[i]->deadline < first)
			first = h->conns[i]->deadline;
	if (!accepting && h->accept_resume < first)
		first = h->accept_resume;
	if (first == INT64_MAX)
		return -1;
	if (first <= now)
		return 0;
	return first - now > INT32_MAX ? INT32_MAX : (int)(first - now);
}

/* The responder thread: one poll() over the wake pipe, the listeners and
 * every connection, until woken through the pipe. */
static void *hs_main(void *arg)
{
	struct pollfd pfd[1 + LISTENER_MAX + HTTP01_MAX_CONN];
	struct hs_conn *polled[HTTP01_MAX_CONN];
	struct standalone *h = arg;
	size_t n, nconns, cbase, i;
	int64_t now;
	int accepting, r;

	for (;;) {
		now = now_ms();
		conns_expire(h, now);
		accepting = now >= h->accept_resume;
		n = 0;
		pfd[n++] = (struct pollfd){
			.fd = h->wake[0],
			.events = POLLIN,
		};
		for (i = 0; i < (size_t)h->nlfd; i++)
			pfd[n++] = (struct pollfd){
				.fd = accepting ? h->lfd[i] : -1,
				.events = POLLIN,
			};
		cbase = n;
		nconns = h->nconns;
		for (i = 0; i < nconns; i++) {
			polled[i] = h->conns[i];
			pfd[n++] = (struct pollfd){
				.fd = polled[i]->fd,
				.events = polled[i]->state == CONN_WRITE
						  ? POLLOUT
						  : POLLIN,
			};
		}
		r = poll(pfd, n, hs_poll_timeout(h, now, accepting));
		if (r < 0 && (errno == EINTR || errno == EAGAIN ||
			      errno == ENOMEM))
			continue;
		if (r < 0 || pfd[0].revents != 0)
			break;
		/* Connections first: accepting may evict (free) one. */
		for (i = 0; i < nconns; i++)
			if (pfd[cbase + i].revents != 0)
				conn_event(h, polled[i],
					   pfd[cbase + i].revents);
		for (i = 0; i < (size_t)h->nlfd; i++)
			if (pfd[1 + i].revents & POLLIN)
				hs_accept(h, h->lfd[i]);
	}
	while (h->nconns > 0)
		conn_close(h, h->conns[0]);
	return NULL;
}

/* ---- Starting and stopping. ---- */

/* Closes the listeners and the wake pipe; resets the bound port. */
static void hs_close_fds(struct standalone *h)
{
	int i;

	for (i = 0; i < h->nlfd; i++)
		close(h->lfd[i]);
	h->nlfd = 0;
	for (i = 0; i < 2; i++) {
		if (h->wake[i] >= 0)
			close(h->wake[i]);
		h->wake[i] = -1;
	}
	pthread_mutex_lock(&h->lock);
	h->bound_port = 0;
	pthread_mutex_unlock(&h->lock);
}

/* The port the listeners are bound to, 0 when not listening.  Any
 * thread. */
static int hs_bound_port(struct standalone *h)
{
	int port;

	pthread_mutex_lock(&h->lock);
	port = h->bound_port;
	pthread_mutex_unlock(&h->lock);
	return port;
}

/* Opens the listeners and starts the responder thread (with every signal
 * blocked: signals belong to the program's main thread). */
static enum acme_rc hs_start(struct standalone *h, struct err *e)
{
	struct listener_hints hints;
	sigset_t all, old;
	enum acme_rc rc;
	int err, bound = 0;

	hints.denied = _("run as root or use --http-port");
	hints.in_use = _("another program (a web server?) uses it: "
			 "use --webroot, or --http-port");
	rc = listener_open_all(h->bind_addr, h->port, &hints, h->lfd,
			       &h->nlfd, &bound, e);
	pthread_mutex_lock(&h->lock);
	h->bound_port = bound;
	pthread_mutex_unlock(&h->lock);
	if (rc != RC_OK)
		goto fail;
	if (pipe2(h->wake, O_NONBLOCK | O_CLOEXEC) != 0) {
		rc = err_set(e, RC_SYS, _("cannot create a pipe: %s"),
			     strerror(errno));
		goto fail;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&h->thread, NULL, hs_main, h);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err != 0) {
		rc = err_set(e, RC_SYS,
			     _("cannot start the HTTP responder: %s"),
			     strerror(err));
		goto fail;
	}
	h->running = 1;
	return RC_OK;
fail:
	hs_close_fds(h);
	return rc;
}

/* Wakes the responder, waits for it to finish and closes its sockets. */
static void hs_stop(struct standalone *h)
{
	ssize_t r;

	if (h->running) {
		do
			r = write(h->wake[1], "x", 1);
		while (r < 0 && errno == EINTR);
		pthread_join(h->thread, NULL);
		h->running = 0;
	}
	hs_close_fds(h);
}

/* ---- The ops. ---- */

/* Starts the responder if needed, then adds t to the table (replacing an
 * entry with the same token). */
static enum acme_rc standalone_present(void *priv, const struct solver_task *t,
				       struct err *e)
{
	struct standalone *h = priv;
	struct hs_entry fresh = { 0 }, *grown;
	enum acme_rc rc = RC_OK;
	size_t i, ncap;

	fresh.identifier = strdup(t->identifier);
	fresh.token = strdup(t->token);
	fresh.key_authorization = strdup(t->key_authorization);
	if (fresh.identifier == NULL || fresh.token == NULL ||
	    fresh.key_authorization == NULL) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	if (!h->running) {
		rc = hs_start(h, e);
		if (rc != RC_OK)
			goto out;
	}
	pthread_mutex_lock(&h->lock);
	i = entry_find(h, t->token, strlen(t->token));
	if (i == h->nentries && h->nentries == h->cap) {
		ncap = h->cap ? h->cap * 2 : 8;
		grown = realloc(h->entries, ncap * sizeof(*grown));
		if (grown == NULL) {
			pthread_mutex_unlock(&h->lock);
			rc = err_set(e, RC_NOMEM, _("out of memory"));
			goto out;
		}
		h->entries = grown;
		h->cap = ncap;
	}
	if (i < h->nentries)
		entry_clear(&h->entries[i]);
	else
		h->nentries++;
	h->entries[i] = fresh;
	memset(&fresh, 0, sizeof(fresh));
	pthread_mutex_unlock(&h->lock);
out:
	entry_clear(&fresh);
	return rc;
}

/* Removes t's token from the table; absent is fine.  When no token is
 * left the responder stops and frees its port (a long-running TUI must
 * not hold port 80 between orders); the next present starts it again.
 * The solver layer serializes present and cleanup, so no present can
 * race with the stop. */
static enum acme_rc standalone_cleanup(void *priv, const struct solver_task *t,
				       struct err *e)
{
	struct standalone *h = priv;
	size_t i, left;

	(void)e;
	pthread_mutex_lock(&h->lock);
	i = entry_find(h, t->token, strlen(t->token));
	if (i < h->nentries) {
		entry_clear(&h->entries[i]);
		h->entries[i] = h->entries[--h->nentries];
	}
	left = h->nentries;
	pthread_mutex_unlock(&h->lock);
	if (left == 0)
		hs_stop(h);
	return RC_OK;
}

/* The bound port (0 before the first present). */
static int standalone_port(void *priv)
{
	return hs_bound_port(priv);
}

/* Stops the responder and frees everything; NULL is fine. */
static void standalone_fini(void *priv)
{
	struct standalone *h = priv;
	size_t i;

	if (h == NULL)
		return;
	hs_stop(h);
	for (i = 0; i < h->nentries; i++)
		entry_clear(&h->entries[i]);
	free(h->entries);
	free(h->bind_addr);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

/* Copies addr without surrounding brackets ("[::1]" -> "::1") into a new
 * string *out (caller frees), checking that it is a numeric address. */
static enum acme_rc bind_addr_dup(const char *addr, char **out,
				  struct err *e)
{
	unsigned char bin[16];
	size_t n = strlen(addr);
	char *s;

	if (n >= 2 && addr[0] == '[' && addr[n - 1] == ']')
		s = strndup(addr + 1, n - 2);
	else
		s = strdup(addr);
	if (s == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	if (inet_pton(AF_INET, s, bin) != 1 &&
	    inet_pton(AF_INET6, s, bin) != 1) {
		free(s);
		return err_set(e, RC_USAGE,
			       _("listen address %s is not a numeric IP "
				 "address"),
			       addr);
	}
	*out = s;
	return RC_OK;
}

/* Checks cfg (address, port, timeout) and makes the state; nothing is
 * opened until the first present. */
static enum acme_rc standalone_init(const struct solver_config *cfg,
				    void **priv, struct err *e)
{
	struct standalone *h = NULL;
	enum acme_rc rc = RC_OK;

	if (cfg->port != SOLVER_PORT_ANY &&
	    (cfg->port < 0 || cfg->port > 65535))
		return err_set(e, RC_USAGE, _("port %d is out of range"),
			       cfg->port);
	if (cfg->io_timeout_ms < 0 || cfg->io_timeout_ms > TIMEOUT_MAX_MS)
		return err_set(e, RC_USAGE, _("timeout %d ms is out of range"),
			       cfg->io_timeout_ms);
	h = calloc(1, sizeof(*h));
	if (h == NULL)
		return err_set(e, RC_NOMEM, _("out of memory"));
	h->wake[0] = h->wake[1] = -1;
	if (pthread_mutex_init(&h->lock, NULL) != 0) {
		free(h);
		return err_set(e, RC_SYS, _("cannot create a mutex"));
	}
	if (cfg->port == 0)
		h->port = HTTP01_DEFAULT_PORT;
	else if (cfg->port == SOLVER_PORT_ANY)
		h->port = 0;
	else
		h->port = cfg->port;
	h->check_host = cfg->check_host != 0;
	h->timeout_ms = cfg->io_timeout_ms ? cfg->io_timeout_ms
					   : HTTP01_TIMEOUT_MS;
	if (cfg->bind_addr != NULL && cfg->bind_addr[0] != '\0') {
		rc = bind_addr_dup(cfg->bind_addr, &h->bind_addr, e);
		if (rc != RC_OK)
			goto out;
	}
	*priv = h;
	h = NULL;
out:
	standalone_fini(h);
	return rc;
}

const struct solver_ops http01_standalone_ops = {
	.kind = SOLVER_HTTP01_STANDALONE,
	.challenge_type = "http-01",
	.init = standalone_init,
	.present = standalone_present,
	.cleanup = standalone_cleanup,
	.ready = NULL,
	.port = standalone_port,
	.fini = standalone_fini,
};
