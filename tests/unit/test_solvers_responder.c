/* SPDX-License-Identifier: ISC */
/* test_solvers_responder.c - the responder core (solvers/listener.h) with
 * a toy protocol of one-byte commands, so that what is tested is the core
 * alone: the table of presented tokens, accepting and the connection cap,
 * the deadline of an idle connection, the ANSWER and DONE transitions,
 * running out of descriptors, and stopping with clients connected.
 *
 * No assertion measures time.  A wait for the core is bounded (WAIT_MS)
 * only so that a broken core fails the test instead of hanging it. */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "solvers/listener.h"
#include "tap.h"
#include "util/err.h"

#define WAIT_MS 10000 /* a bound on every wait, never a measurement */
#define CAP 4	      /* the toy's connection cap */
#define LINGER_BYTES 1024

/* What the core did with the toy protocol's state, counted on the
 * responder thread and read by the test. */
static atomic_int opened, freed, values_freed, args_freed;

/* ---- The toy protocol. ----
 * The client sends one byte at a time:
 *   'e'  the core answers "e" and waits for more (RESPONDER_READ);
 *   'w'  RESPONDER_ANSWER: the core waits until writable, and writable()
 *        sends "w" and ends with RESPONDER_DONE;
 *   'd'  the core answers "bye" and ends with RESPONDER_DONE;
 *   'c'  RESPONDER_CLOSE. */

struct toy_conn {
	int fd;
};

static void *toy_open(struct responder *r, int fd)
{
	struct toy_conn *c = calloc(1, sizeof(*c));

	(void)r;
	if (c != NULL) {
		c->fd = fd;
		atomic_fetch_add(&opened, 1);
	}
	return c;
}

static enum responder_next toy_readable(struct responder *r, void *conn)
{
	struct toy_conn *c = conn;
	ssize_t n;
	char b;

	(void)r;
	n = recv(c->fd, &b, 1, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return RESPONDER_READ;
	if (n <= 0 || b == 'c')
		return RESPONDER_CLOSE;
	if (b == 'w')
		return RESPONDER_ANSWER;
	if (b == 'd') {
		send(c->fd, "bye", 3, MSG_NOSIGNAL);
		return RESPONDER_DONE;
	}
	send(c->fd, &b, 1, MSG_NOSIGNAL);
	return RESPONDER_READ;
}

static enum responder_next toy_writable(struct responder *r, void *conn)
{
	struct toy_conn *c = conn;

	(void)r;
	send(c->fd, "w", 1, MSG_NOSIGNAL);
	return RESPONDER_DONE;
}

static void toy_free(void *conn)
{
	atomic_fetch_add(&freed, 1);
	free(conn);
}

static void toy_value_free(void *value)
{
	atomic_fetch_add(&values_freed, 1);
	free(value);
}

static void toy_arg_free(void *arg)
{
	atomic_fetch_add(&args_freed, 1);
	free(arg);
}

static const struct responder_ops toy_ops = {
	.open = toy_open,
	.readable = toy_readable,
	.writable = toy_writable,
	.free = toy_free,
};

static const struct responder_spec toy_spec = {
	.ops = &toy_ops,
	.name = "toy",
	.default_port = 1,
	.default_timeout_ms = 600000,
	.linger_ms = 600000,
	.linger_bytes = LINGER_BYTES,
	.max_conn = CAP,
	.hints = { "denied", "in use" },
	.entry_free = toy_value_free,
	.arg_free = toy_arg_free,
};

/* ---- Helpers. ---- */

/* A toy responder on 127.0.0.1 (any port) with the deadline timeout_ms
 * (0: the default, long); NULL when it cannot be made. */
static struct responder *toy_new(int timeout_ms)
{
	struct solver_config cfg = { 0 };
	struct responder *r = NULL;
	struct err e = { 0 };

	cfg.bind_addr = "127.0.0.1";
	cfg.port = SOLVER_PORT_ANY;
	cfg.io_timeout_ms = timeout_ms;
	if (responder_new(&toy_spec, &cfg, strdup("arg"), &r, &e) != RC_OK)
		printf("# %s\n", e.msg);
	return r;
}

/* Presents token with a copy of text as its value. */
static enum rc toy_present(struct responder *r, const char *token,
			   const char *text)
{
	struct err e = { 0 };
	enum rc rc;

	rc = responder_present(r, token, strdup(text), &e);
	if (rc != RC_OK)
		printf("# %s\n", e.msg);
	return rc;
}

/* Cleans up token. */
static void toy_cleanup(struct responder *r, const char *token)
{
	struct solver_task t = { "a.example", token, "", NULL, 0 };
	struct err e = { 0 };

	responder_cleanup(r, &t, &e);
}

/* Connects to 127.0.0.1:port; the descriptor or -1. */
static int client(int port)
{
	struct sockaddr_in sin = { 0 };
	int fd;

	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Reads what fd gets until want bytes came or the peer closed; at most
 * size - 1 bytes into buf (NUL-terminated).  Returns the count, or -1
 * when nothing came within WAIT_MS or the read failed. */
static ssize_t read_some(int fd, char *buf, size_t size, size_t want)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t got = 0;
	ssize_t n;

	buf[0] = '\0';
	while (got < want && got + 1 < size) {
		if (fd < 0 || poll(&p, 1, WAIT_MS) != 1)
			return -1;
		n = recv(fd, buf + got, size - 1 - got, 0);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	return (ssize_t)got;
}

/* Sends command b on fd and returns 1 when the toy echoes it. */
static int echoes(int fd, char b)
{
	char buf[8];

	if (fd < 0 || send(fd, &b, 1, MSG_NOSIGNAL) != 1)
		return 0;
	return read_some(fd, buf, sizeof(buf), 1) == 1 && buf[0] == b;
}

/* Returns 1 when the core closed fd: it reads as ended (EOF, or a reset
 * for data the core did not read) within WAIT_MS. */
static int closed_by_core(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[64];
	ssize_t n;

	if (fd < 0 || poll(&p, 1, WAIT_MS) != 1)
		return 0;
	n = recv(fd, buf, sizeof(buf), 0);
	return n == 0 || (n < 0 && errno == ECONNRESET);
}

/* Returns 1 when the core has closed fd for good: sending on it fails
 * (the core answers with a reset) within WAIT_MS.  A core that still
 * drains takes everything. */
static int reset_by_core(int fd)
{
	static const char junk[512];
	struct timespec pace = { 0, 10000000 };
	int i;

	for (i = 0; fd >= 0 && i < WAIT_MS / 10; i++) {
		if (send(fd, junk, sizeof(junk), MSG_NOSIGNAL) < 0)
			return errno == EPIPE || errno == ECONNRESET;
		nanosleep(&pace, NULL);
	}
	return 0;
}

/* Waits until counter reaches want (the core acts on its own thread);
 * returns its value then, or at WAIT_MS. */
static int wait_count(atomic_int *counter, int want)
{
	struct timespec ms = { 0, 1000000 };
	int i;

	for (i = 0; i < WAIT_MS && atomic_load(counter) < want; i++)
		nanosleep(&ms, NULL);
	return atomic_load(counter);
}

/* Number of threads of this process, from /proc/self/status. */
static int threads(void)
{
	char line[128];
	FILE *f = fopen("/proc/self/status", "r");
	int n = -1;

	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "Threads:", 8) == 0) {
			n = (int)strtol(line + 8, NULL, 10);
			break;
		}
	if (f != NULL)
		fclose(f);
	return n;
}

/* The highest descriptor this process has open, or -1. */
static int highest_fd(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n, max = -1;

	while (d != NULL && (de = readdir(d)) != NULL) {
		n = (int)strtol(de->d_name, NULL, 10);
		if (de->d_name[0] != '.' && n != dirfd(d) && n > max)
			max = n;
	}
	if (d != NULL)
		closedir(d);
	return max;
}

/* Uses up every free descriptor number below the highest open one with
 * copies of fd, kept in fill[] (size max; *n of them), so that freeing a
 * descriptor is the only way to get one under a limit of highest + 1.
 * Returns that limit, or -1. */
static int fill_fds(int fd, int *fill, int max, int *n)
{
	int top = highest_fd(), f;

	*n = 0;
	while (top >= 0 && *n < max) {
		f = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		if (f < 0)
			return -1;
		if (f > top) {
			close(f);
			return top + 1;
		}
		fill[(*n)++] = f;
	}
	return -1;
}

/* Returns 1 when port on 127.0.0.1 can be listened on again. */
static int port_free(int port)
{
	struct listener_hints hints = { "denied", "in use" };
	struct err e = { 0 };
	int fd = -1, bound = 0, ok;

	ok = listener_open("127.0.0.1", port, 0, &hints, &fd, &bound, &e) ==
	     RC_OK;
	if (fd >= 0)
		close(fd);
	return ok && bound == port;
}

/* ---- Tests. ---- */

/* A configuration the core refuses frees the protocol's state and says
 * why. */
static void test_config(void)
{
	struct solver_config cfg = { 0 };
	struct responder *r = NULL;
	struct err e = { 0 };
	int before = atomic_load(&args_freed);

	cfg.port = 70000;
	is_int(responder_new(&toy_spec, &cfg, strdup("arg"), &r, &e), RC_USAGE,
	       "port 70000 is refused: %s", e.msg);
	ok(r == NULL, "and no responder is made");
	is_int(atomic_load(&args_freed), before + 1,
	       "the protocol's state was freed");
	memset(&e, 0, sizeof(e));
	cfg.port = SOLVER_PORT_ANY;
	cfg.io_timeout_ms = 600001;
	is_int(responder_new(&toy_spec, &cfg, strdup("arg"), &r, &e), RC_USAGE,
	       "a timeout over 600 s is refused: %s", e.msg);
	memset(&e, 0, sizeof(e));
	cfg.io_timeout_ms = 0;
	cfg.bind_addr = "localhost";
	is_int(responder_new(&toy_spec, &cfg, strdup("arg"), &r, &e), RC_USAGE,
	       "a listen address that is a name is refused: %s", e.msg);
	is_int(atomic_load(&args_freed), before + 3, "each time freed");
	responder_free(NULL); /* harmless */
}

/* The table of presented tokens: visit, replace, clean up. */
static int find_text(const char *token, void *value, void *ctx)
{
	const char **want = ctx;

	if (strcmp(token, want[0]) != 0)
		return 0;
	want[1] = value;
	return 1;
}

static void test_table(void)
{
	struct responder *r = toy_new(0);
	const char *q[2] = { "tok1", NULL };
	int base = atomic_load(&values_freed), t0 = threads();

	ok(r != NULL, "toy responder made");
	if (r == NULL)
		return;
	is_int(responder_port(r), 0, "not listening before the first present");
	is_int(responder_visit(r, find_text, q), 0, "nothing presented yet");
	is_int(toy_present(r, "tok1", "one"), RC_OK, "tok1 presented");
	ok(responder_port(r) > 0, "listening on port %d", responder_port(r));
	is_int(threads(), t0 + 1, "one responder thread");
	is_int(toy_present(r, "tok2", "two"), RC_OK, "tok2 presented");
	is_int(threads(), t0 + 1, "still one thread");
	ok(responder_visit(r, find_text, q) == 1 && q[1] != NULL &&
		   strcmp(q[1], "one") == 0,
	   "visit finds tok1's value");
	is_int(toy_present(r, "tok1", "uno"), RC_OK, "tok1 presented again");
	is_int(atomic_load(&values_freed), base + 1,
	       "the value it replaced was freed");
	ok(responder_visit(r, find_text, q) == 1 && q[1] != NULL &&
		   strcmp(q[1], "uno") == 0,
	   "visit finds the new value");
	toy_cleanup(r, "tok1");
	is_int(responder_visit(r, find_text, q), 0, "tok1 is gone");
	ok(responder_port(r) > 0, "tok2 keeps the responder listening");
	toy_cleanup(r, "nothing");
	ok(responder_port(r) > 0, "cleaning up an unknown token is harmless");
	toy_cleanup(r, "tok2");
	is_int(responder_port(r), 0, "the last cleanup stops listening");
	is_int(threads(), t0, "and ends the thread");
	is_int(atomic_load(&values_freed), base + 3, "every value freed");
	responder_free(r);
}

/* The toy's transitions through the core: READ, ANSWER then DONE from
 * writable, DONE from readable (the state freed at once, the client
 * sees the end), CLOSE. */
static void test_transitions(void)
{
	struct responder *r = toy_new(0);
	int fd, port, f0;
	char buf[16];

	ok(r != NULL && toy_present(r, "tok", "v") == RC_OK, "presented");
	if (r == NULL)
		return;
	port = responder_port(r);
	fd = client(port);
	ok(echoes(fd, 'e') && echoes(fd, 'e'), "READ: echoed twice");
	ok(fd >= 0 && send(fd, "w", 1, MSG_NOSIGNAL) == 1 &&
		   read_some(fd, buf, sizeof(buf), 2) == 1 &&
		   strcmp(buf, "w") == 0,
	   "ANSWER: writable() sent its answer, DONE: then the end");
	if (fd >= 0)
		close(fd);
	f0 = atomic_load(&freed);
	fd = client(port);
	ok(fd >= 0 && send(fd, "d", 1, MSG_NOSIGNAL) == 1 &&
		   read_some(fd, buf, sizeof(buf), 4) == 3 &&
		   strcmp(buf, "bye") == 0,
	   "DONE from readable: the answer, then the end");
	is_int(atomic_load(&freed), f0 + 1,
	       "the state was freed when the exchange was done");
	ok(fd >= 0 && send(fd, "xx", 2, MSG_NOSIGNAL) == 2,
	   "the client may still send while the core lingers");
	if (fd >= 0)
		close(fd);
	fd = client(port);
	ok(echoes(fd, 'e'), "a new connection is echoed");
	ok(fd >= 0 && send(fd, "c", 1, MSG_NOSIGNAL) == 1 && closed_by_core(fd),
	   "CLOSE: the core closes it");
	if (fd >= 0)
		close(fd);
	responder_free(r);
	is_int(atomic_load(&freed), atomic_load(&opened),
	       "every connection's state was freed");
}

/* Lingering drains the client, but ends when it sends more than
 * linger_bytes. */
static void test_linger_cap(void)
{
	struct responder *r = toy_new(0);
	char buf[16];
	int fd;

	ok(r != NULL && toy_present(r, "tok", "v") == RC_OK, "presented");
	if (r == NULL)
		return;
	fd = client(responder_port(r));
	ok(fd >= 0 && send(fd, "d", 1, MSG_NOSIGNAL) == 1 &&
		   read_some(fd, buf, sizeof(buf), 4) == 3,
	   "done and lingering");
	ok(fd >= 0 && send(fd, "x", 1, MSG_NOSIGNAL) == 1,
	   "the client may still send");
	ok(reset_by_core(fd), "until it sent more than %d bytes: closed",
	   LINGER_BYTES);
	if (fd >= 0)
		close(fd);
	responder_free(r);
}

/* An idle connection is closed at its deadline. */
static void test_idle_deadline(void)
{
	struct responder *r = toy_new(200);
	int fd, o0 = atomic_load(&opened), f0 = atomic_load(&freed);

	ok(r != NULL && toy_present(r, "tok", "v") == RC_OK,
	   "presented, deadline 200 ms");
	if (r == NULL)
		return;
	fd = client(responder_port(r));
	is_int(wait_count(&opened, o0 + 1), o0 + 1, "the client was accepted");
	ok(closed_by_core(fd), "it sends nothing and is closed");
	is_int(atomic_load(&freed), f0 + 1, "its state was freed");
	if (fd >= 0)
		close(fd);
	responder_free(r);
}

/* At the cap, a new connection evicts the oldest one, and only that. */
static void test_cap(void)
{
	struct responder *r = toy_new(0);
	int fds[CAP + 1], i, alive;

	ok(r != NULL && toy_present(r, "tok", "v") == RC_OK, "presented");
	if (r == NULL)
		return;
	alive = 0;
	for (i = 0; i < CAP; i++) {
		fds[i] = client(responder_port(r));
		alive += echoes(fds[i], 'e');
	}
	is_int(alive, CAP, "%d connections, each served", CAP);
	ok(echoes(fds[0], 'e'), "the oldest is still served");
	fds[CAP] = client(responder_port(r));
	ok(echoes(fds[CAP], 'e'), "one more is served");
	ok(closed_by_core(fds[0]), "the oldest was closed for it");
	alive = 0;
	for (i = 1; i <= CAP; i++)
		alive += echoes(fds[i], 'e');
	is_int(alive, CAP, "the others are still served");
	for (i = 0; i <= CAP; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	responder_free(r);
}

/* Out of descriptors, the core closes its oldest connection to accept
 * the new one instead of leaving it waiting. */
static void test_out_of_descriptors(void)
{
	struct responder *r = toy_new(0);
	struct rlimit old, low;
	int a, b, limit, fill[1024], nfill = 0, i;

	ok(r != NULL && toy_present(r, "tok", "v") == RC_OK, "presented");
	if (r == NULL)
		return;
	a = client(responder_port(r));
	ok(echoes(a, 'e'), "a first client is served");
	b = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	limit = b >= 0 ? fill_fds(b, fill, 1024, &nfill) : -1;
	getrlimit(RLIMIT_NOFILE, &old);
	low = old;
	low.rlim_cur = limit > 0 ? (rlim_t)limit : old.rlim_cur;
	ok(limit > 0 && setrlimit(RLIMIT_NOFILE, &low) == 0,
	   "descriptors limited to the %d in use", limit);
	ok(b >= 0 && fcntl(b, F_DUPFD_CLOEXEC, 0) < 0 && errno == EMFILE,
	   "none is left");
	if (b >= 0) {
		struct sockaddr_in sin = { 0 };

		sin.sin_family = AF_INET;
		sin.sin_port = htons((unsigned short)responder_port(r));
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (connect(b, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
			close(b);
			b = -1;
		}
	}
	ok(closed_by_core(a), "the core closed the first client");
	ok(echoes(b, 'e'), "to serve the second");
	setrlimit(RLIMIT_NOFILE, &old);
	for (i = 0; i < nfill; i++)
		close(fill[i]);
	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
	responder_free(r);
}

/* Stopping (the last cleanup, or free) with clients connected closes
 * them, frees their state, ends the thread and frees the port; a later
 * present starts again. */
static void test_stop_with_clients(void)
{
	struct responder *r = toy_new(0);
	int a, b, port, t0 = threads(), a0 = atomic_load(&args_freed);

	ok(r != NULL && toy_present(r, "tok", "v") == RC_OK, "presented");
	if (r == NULL)
		return;
	port = responder_port(r);
	a = client(port);
	b = client(port);
	ok(echoes(a, 'e') && echoes(b, 'e'), "two clients connected");
	ok(!port_free(port), "the port is taken");
	toy_cleanup(r, "tok");
	ok(closed_by_core(a) && closed_by_core(b),
	   "the last cleanup closed both clients");
	is_int(atomic_load(&freed), atomic_load(&opened),
	       "and freed their state");
	is_int(threads(), t0, "the thread ended");
	ok(port_free(port), "port %d is free again", port);
	is_int(responder_port(r), 0, "not listening");
	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
	ok(toy_present(r, "tok", "v") == RC_OK && responder_port(r) > 0,
	   "a later present listens again");
	a = client(responder_port(r));
	ok(echoes(a, 'e'), "and serves");
	responder_free(r);
	ok(closed_by_core(a), "free with a client connected closes it");
	is_int(atomic_load(&freed), atomic_load(&opened),
	       "and frees its state");
	is_int(threads(), t0, "no thread left");
	is_int(atomic_load(&args_freed), a0 + 1,
	       "free frees the protocol's state");
	if (a >= 0)
		close(a);
}

int main(void)
{
	test_config();
	test_table();
	test_transitions();
	test_linger_cap();
	test_idle_deadline();
	test_cap();
	test_out_of_descriptors();
	test_stop_with_clients();
	return tap_done();
}
