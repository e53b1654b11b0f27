/* SPDX-License-Identifier: ISC */
/* wire.c - one DNS exchange with one server: UDP (connected, so only
 * that server's datagrams arrive), resent once a second, TCP when the
 * answer is truncated, every wait bounded by the caller's deadline.
 * Packets are built and parsed by ldns; answers are matched to the query
 * by ID and question before they are believed. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns/wire.h"
#include "util/clock.h"
#include "util/err.h"

/* Fills ss from ep.  Returns its length, 0 when ep is not numeric. */
static socklen_t endpoint_sockaddr(const struct dns_endpoint *ep,
				   struct sockaddr_storage *ss)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, ep->addr, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)ep->port);
		return sizeof(*in4);
	}
	if (inet_pton(AF_INET6, ep->addr, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)ep->port);
		return sizeof(*in6);
	}
	return 0;
}

/* Waits until fd is ready for events or deadline_ms passes.  Returns 1
 * ready, 0 timed out, -1 error (errno set). */
static int wait_fd(int fd, short events, long long deadline_ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	long long left;
	int r;

	for (;;) {
		left = deadline_ms - mono_ms();
		if (left <= 0)
			return 0;
		r = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
	}
}

/* Returns 1 when the question sections of q and a are the same (names
 * compared without case), or a has none and is an error answer. */
static int same_question(const ldns_pkt *q, const ldns_pkt *a)
{
	const ldns_rr_list *ql = ldns_pkt_question(q);
	const ldns_rr_list *al = ldns_pkt_question(a);
	size_t i, n = ldns_rr_list_rr_count(ql);

	if (ldns_rr_list_rr_count(al) == 0 &&
	    ldns_pkt_get_rcode(a) != LDNS_RCODE_NOERROR)
		return 1;
	if (ldns_rr_list_rr_count(al) != n)
		return 0;
	for (i = 0; i < n; i++) {
		const ldns_rr *x = ldns_rr_list_rr(ql, i);
		const ldns_rr *y = ldns_rr_list_rr(al, i);

		if (ldns_rr_get_type(x) != ldns_rr_get_type(y) ||
		    ldns_rr_get_class(x) != ldns_rr_get_class(y) ||
		    ldns_dname_compare(ldns_rr_owner(x), ldns_rr_owner(y)) != 0)
			return 0;
	}
	return 1;
}

/* Parses buf[0..len) as the answer to query.  Returns the packet, or NULL
 * when it is not one (malformed, another ID, another question). */
static ldns_pkt *answer_parse(const ldns_pkt *query, const uint8_t *buf,
			      size_t len)
{
	ldns_pkt *a = NULL;

	if (len < LDNS_HEADER_SIZE || LDNS_ID_WIRE(buf) != ldns_pkt_id(query) ||
	    !LDNS_QR_WIRE(buf))
		return NULL;
	if (ldns_wire2pkt(&a, buf, len) != LDNS_STATUS_OK)
		return NULL;
	if (!same_question(query, a)) {
		ldns_pkt_free(a);
		return NULL;
	}
	return a;
}

/* One UDP exchange.  Returns RC_OK with the answer in reply, buf and
 * len (the caller looks at its TC bit), or an error. */
static enum rc udp_exchange(const struct dns_endpoint *ep,
			    const ldns_pkt *query, const uint8_t *q,
			    size_t qlen, long long deadline_ms,
			    ldns_pkt **reply, uint8_t *buf, size_t *len,
			    const char *shown, struct err *e)
{
	struct sockaddr_storage ss;
	socklen_t sslen = endpoint_sockaddr(ep, &ss);
	long long next_send = 0, now, until;
	enum rc rc = RC_NET;
	ssize_t r;
	int fd, w;

	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&ss, sslen) != 0) {
		rc = err_set(e, RC_NET, _("cannot reach DNS server %s: %s"),
			     shown, strerror(errno));
		goto out;
	}
	for (;;) {
		now = mono_ms();
		if (now >= deadline_ms) {
			rc = err_set(e, RC_TIMEOUT,
				     _("no answer from DNS server %s in time"),
				     shown);
			goto out;
		}
		if (now >= next_send) {
			if (send(fd, q, qlen, 0) < 0 && errno != EINTR &&
			    errno != EAGAIN) {
				rc = err_set(e, RC_NET, _("DNS server %s: %s"),
					     shown, strerror(errno));
				goto out;
			}
			next_send = now + DNS_UDP_RETRY_MS;
		}
		until = next_send < deadline_ms ? next_send : deadline_ms;
		w = wait_fd(fd, POLLIN, until);
		if (w < 0) {
			rc = err_set(e, RC_SYS, _("poll: %s"), strerror(errno));
			goto out;
		}
		if (w == 0)
			continue;
		r = recv(fd, buf, DNS_MSG_MAX, 0);
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			rc = err_set(e, RC_NET, _("DNS server %s: %s"), shown,
				     strerror(errno));
			goto out;
		}
		*reply = answer_parse(query, buf, (size_t)r);
		if (*reply != NULL) {
			*len = (size_t)r;
			rc = RC_OK;
			goto out;
		}
		/* Not our answer (a late one, garbage): keep waiting. */
	}
out:
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Writes all of p[0..n) to the non-blocking fd before the deadline. */
static int send_all(int fd, const uint8_t *p, size_t n, long long deadline_ms)
{
	ssize_t r;

	while (n > 0) {
		if (wait_fd(fd, POLLOUT, deadline_ms) != 1)
			return -1;
		r = send(fd, p, n, MSG_NOSIGNAL);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Reads exactly n bytes into p before the deadline.  0, or -1 (errno
 * ETIMEDOUT at the deadline, ECONNRESET on an early close). */
static int recv_all(int fd, uint8_t *p, size_t n, long long deadline_ms)
{
	ssize_t r;
	int w;

	while (n > 0) {
		w = wait_fd(fd, POLLIN, deadline_ms);
		if (w == 0)
			errno = ETIMEDOUT;
		if (w != 1)
			return -1;
		r = recv(fd, p, n, 0);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r == 0)
			errno = ECONNRESET;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* One TCP exchange (RFC 1035 4.2.2 framing, RFC 7766). */
static enum rc tcp_exchange(const struct dns_endpoint *ep,
			    const ldns_pkt *query, const uint8_t *q,
			    size_t qlen, long long deadline_ms,
			    ldns_pkt **reply, uint8_t *buf, size_t *len,
			    const char *shown, struct err *e)
{
	struct sockaddr_storage ss;
	socklen_t sslen = endpoint_sockaddr(ep, &ss);
	uint8_t hdr[2];
	enum rc rc = RC_NET;
	int fd, w, soerr = 0;
	socklen_t sl = sizeof(soerr);
	size_t n;

	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    0);
	if (fd < 0)
		goto neterr;
	if (connect(fd, (struct sockaddr *)&ss, sslen) != 0) {
		if (errno != EINPROGRESS)
			goto neterr;
		w = wait_fd(fd, POLLOUT, deadline_ms);
		if (w == 0)
			goto timeout;
		if (w < 0 ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0)
			goto neterr;
		if (soerr != 0) {
			errno = soerr;
			goto neterr;
		}
	}
	hdr[0] = (uint8_t)(qlen >> 8);
	hdr[1] = (uint8_t)qlen;
	if (send_all(fd, hdr, 2, deadline_ms) != 0 ||
	    send_all(fd, q, qlen, deadline_ms) != 0)
		goto neterr;
	/* Read answers until ours: a server may not send others, but a
	 * mismatch must not be believed either. */
	for (;;) {
		if (recv_all(fd, hdr, 2, deadline_ms) != 0)
			goto neterr;
		n = (size_t)hdr[0] << 8 | hdr[1];
		if (recv_all(fd, buf, n, deadline_ms) != 0)
			goto neterr;
		*reply = answer_parse(query, buf, n);
		if (*reply != NULL)
			break;
	}
	*len = n;
	rc = RC_OK;
	goto out;
timeout:
	rc = err_set(e, RC_TIMEOUT, _("no answer from DNS server %s in time"),
		     shown);
	goto out;
neterr:
	if (errno == ETIMEDOUT || mono_ms() >= deadline_ms)
		goto timeout;
	rc = err_set(e, RC_NET, _("DNS server %s over TCP: %s"), shown,
		     strerror(errno));
out:
	if (fd >= 0)
		close(fd);
	return rc;
}

enum rc dns_exchange(const struct dns_endpoint *ep, const ldns_pkt *query,
		     int tcp, long long deadline_ms, ldns_pkt **reply,
		     uint8_t **wire, size_t *wirelen, struct err *e)
{
	struct sockaddr_storage ss;
	char shown[64];
	uint8_t *q = NULL, *buf = NULL;
	size_t qlen = 0, len = 0;
	enum rc rc;

	*reply = NULL;
	if (wire != NULL) {
		*wire = NULL;
		*wirelen = 0;
	}
	dns_endpoint_str(ep, shown, sizeof(shown));
	if (endpoint_sockaddr(ep, &ss) == 0)
		return err_set(e, RC_INPUT,
			       _("'%s' is not a DNS server "
				 "address"),
			       shown);
	if (ldns_pkt2wire(&q, query, &qlen) != LDNS_STATUS_OK ||
	    qlen > DNS_MSG_MAX) {
		rc = err_set(e, RC_INPUT, _("cannot encode a DNS query"));
		goto out;
	}
	buf = malloc(DNS_MSG_MAX);
	if (buf == NULL) {
		rc = err_set(e, RC_NOMEM, _("out of memory"));
		goto out;
	}
	if (!tcp) {
		rc = udp_exchange(ep, query, q, qlen, deadline_ms, reply, buf,
				  &len, shown, e);
		if (rc != RC_OK || !ldns_pkt_tc(*reply))
			goto done;
		ldns_pkt_free(*reply);
		*reply = NULL;
	}
	rc = tcp_exchange(ep, query, q, qlen, deadline_ms, reply, buf, &len,
			  shown, e);
done:
	if (rc == RC_OK && wire != NULL) {
		*wire = buf;
		*wirelen = len;
		buf = NULL;
	}
out:
	free(buf);
	free(q);
	return rc;
}

ldns_rdf *dns_dname(const char *name)
{
	char tmp[DNS_NAME_MAX + 2];
	size_t n;

	if (!dns_name_ok(name))
		return NULL;
	n = strlen(name);
	memcpy(tmp, name, n + 1);
	if (tmp[n - 1] != '.') {
		tmp[n] = '.';
		tmp[n + 1] = '\0';
	}
	return ldns_dname_new_frm_str(tmp);
}

char *dns_dname_str(const ldns_rdf *name)
{
	char *s, *p;
	size_t n;

	if (name == NULL || ldns_rdf_get_type(name) != LDNS_RDF_TYPE_DNAME)
		return NULL;
	s = ldns_rdf2str(name);
	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n > 1 && s[n - 1] == '.')
		s[n - 1] = '\0';
	for (p = s; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	/* ldns writes odd bytes as \DDD escapes: dns_name_ok refuses them. */
	if (!dns_name_ok(s)) {
		free(s);
		return NULL;
	}
	return s;
}

const char *dns_rcode_str(unsigned rcode)
{
	static const char *const names[] = {
		"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
		"NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
		"NXRRSET", "NOTAUTH", "NOTZONE",
	};

	if (rcode < sizeof(names) / sizeof(names[0]))
		return names[rcode];
	return "RCODE?";
}
