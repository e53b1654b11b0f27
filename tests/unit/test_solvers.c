/* SPDX-License-Identifier: ISC */
/* test_solvers.c - the challenge solver interface and both HTTP-01
 * methods: webroot files (content, modes, confinement to the webroot) and
 * the standalone responder fetched over loopback with libcurl and raw
 * sockets (status codes, limits, hostile clients, start and stop). */
#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <limits.h>
#include <unistd.h>

#include <curl/curl.h>

#include "solvers/http01_standalone.h"
#include "solvers/http01_webroot.h"
#include "solvers/solver.h"
#include "tap.h"
#include "util/buf.h"
#include "util/err.h"

#define TOKEN1 "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA"
#define TOKEN2 "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"
#define THUMB "9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI"
#define KEYAUTH1 TOKEN1 "." THUMB
#define KEYAUTH2 TOKEN2 "." THUMB
#define CHALLENGE_PATH "/.well-known/acme-challenge/"

/* ---- Helpers. ---- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Makes a fresh private temporary directory (caller frees the name). */
static char *tmpdir_new(void)
{
	const char *base = getenv("TMPDIR");
	char *path = NULL;

	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	if (asprintf(&path, "%s/acmetui-solvers-XXXXXX", base) < 0)
		return NULL;
	if (mkdtemp(path) == NULL) {
		free(path);
		return NULL;
	}
	return path;
}

/* Removes a directory tree (test data only; does not follow links). */
static void tree_remove(const char *path)
{
	struct dirent *de;
	struct stat st;
	char sub[4096];
	DIR *d;

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		tree_remove(sub);
	}
	if (d != NULL)
		closedir(d);
	rmdir(path);
}

/* Reads a small file into a static buffer; NULL when it cannot. */
static const char *file_text(const char *dir, const char *rel)
{
	static char text[1024];
	char path[4096];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0)
		return NULL;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0)
		return NULL;
	text[n] = '\0';
	return text;
}

/* Returns the permission bits of dir/rel (lstat), or -1. */
static int file_mode(const char *dir, const char *rel)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (lstat(path, &st) != 0)
		return -1;
	return (int)(st.st_mode & 07777);
}

/* Returns 1 when dir/rel exists (as anything, links not followed). */
static int exists(const char *dir, const char *rel)
{
	return file_mode(dir, rel) >= 0;
}

/* Number of entries in dir/rel other than . and .., or -1. */
static int dir_count(const char *dir, const char *rel)
{
	struct dirent *de;
	char path[4096];
	int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* Number of threads of this process. */
static int thread_count(void)
{
	return dir_count("/proc/self", "task");
}

/* Creates a listening TCP socket on addr (port 0: any); *port gets the
 * bound port.  Returns the descriptor or -1. */
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

/* Connects to 127.0.0.1:port; returns the descriptor or -1. */
static int tcp_connect(int port)
{
	struct sockaddr_in sin = { 0 };
	struct timeval tv = { 5, 0 };
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Sends req as is to 127.0.0.1:port and returns the status code of the
 * answer (0 when none); the raw answer goes to resp (size respsz). */
static int raw_request(int port, const char *req, char *resp, size_t respsz)
{
	size_t got = 0, reqlen = strlen(req);
	ssize_t n;
	int fd, status = 0;

	resp[0] = '\0';
	fd = tcp_connect(port);
	if (fd < 0)
		return 0;
	if (send(fd, req, reqlen, MSG_NOSIGNAL) != (ssize_t)reqlen)
		goto out;
	while (got + 1 < respsz) {
		n = recv(fd, resp + got, respsz - 1 - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	resp[got] = '\0';
	if (sscanf(resp, "HTTP/1.1 %d ", &status) != 1)
		status = 0;
out:
	close(fd);
	return status;
}

struct fetch {
	long status; /* 0 when the transfer failed */
	struct buf body;
	char ctype[128];
};

static size_t fetch_write(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	if (buf_append(b, p, size * n) != 0)
		return 0;
	return size * n;
}

/* Fetches url with method "GET", "HEAD" or "POST", optionally with a Host
 * header and one extra header line.  Fills f (clear f->body after). */
static void fetch(const char *url, const char *method, const char *host,
		  const char *extra, struct fetch *f)
{
	struct curl_slist *hdrs = NULL;
	char hostline[300];
	char *ct = NULL;
	CURL *c;

	memset(f, 0, sizeof(*f));
	buf_init(&f->body, 64 * 1024);
	c = curl_easy_init();
	if (c == NULL)
		return;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, fetch_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &f->body);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "POST") == 0)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "x=1");
	if (host != NULL) {
		snprintf(hostline, sizeof(hostline), "Host: %s", host);
		hdrs = curl_slist_append(hdrs, hostline);
	}
	if (extra != NULL)
		hdrs = curl_slist_append(hdrs, extra);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	if (curl_easy_perform(c) == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f->status);
		curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
		if (ct != NULL)
			snprintf(f->ctype, sizeof(f->ctype), "%s", ct);
	}
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
}

/* Fetches the challenge path for token on 127.0.0.1:port; returns the
 * status and copies the body to body (size 1024) when not NULL. */
static long get_token(int port, const char *token, const char *host, char *body)
{
	struct fetch f;
	char url[512];

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s%s", port,
		 CHALLENGE_PATH, token);
	fetch(url, "GET", host, NULL, &f);
	if (body != NULL)
		snprintf(body, 1024, "%s", f.body.data ? f.body.data : "");
	buf_clear(&f.body);
	return f.status;
}

/* ---- The interface. ---- */

static void test_interface(void)
{
	struct solver_config cfg = { 0 };
	struct err e = { 0 };

	is_str(solver_challenge_type(SOLVER_HTTP01_WEBROOT), "http-01",
	       "webroot answers http-01");
	is_str(solver_challenge_type(SOLVER_HTTP01_STANDALONE), "http-01",
	       "standalone answers http-01");
	ok(solver_challenge_type(SOLVER__INVALID) == NULL,
	   "an invalid kind has no challenge type");

	cfg.kind = SOLVER__INVALID;
	ok(solver_new(&cfg, &e) == NULL && e.rc == RC_USAGE,
	   "an invalid kind is refused");
	err_clear(&e);
	ok(solver_new(NULL, &e) == NULL && e.rc == RC_USAGE,
	   "no configuration is refused");
	survives(solver_free(NULL), "solver_free(NULL) is harmless");

	ok(solver_identifier_ok("example.org"), "a DNS name is an identifier");
	ok(solver_identifier_ok("*.example.org"), "so is a wildcard");
	ok(solver_identifier_ok("xn--bcher-kva.example"), "and an A-label");
	ok(solver_identifier_ok("192.0.2.1"), "an IPv4 address");
	ok(solver_identifier_ok("2001:db8::1"), "an IPv6 address");
	ok(!solver_identifier_ok(""), "not the empty string");
	ok(!solver_identifier_ok("a..b"), "not an empty label");
	ok(!solver_identifier_ok("-a.b"), "not a label starting with '-'");
	ok(!solver_identifier_ok("a b.example"), "not a space");
	ok(!solver_identifier_ok("a.*.example"), "not an inner wildcard");
	ok(!solver_identifier_ok("exa/mple.org"), "not a slash");
	ok(!solver_identifier_ok("a.example\n"), "not a newline");
}

/* ---- HTTP-01 webroot. ---- */

static struct solver *webroot_solver(const char *dir, struct err *e)
{
	struct solver_config cfg = { 0 };

	cfg.kind = SOLVER_HTTP01_WEBROOT;
	cfg.webroot = dir;
	return solver_new(&cfg, e);
}

static void test_webroot_config(const char *root, const char *other)
{
	char missing[4096], file[4096];
	struct err e = { 0 };
	int fd;

	snprintf(missing, sizeof(missing), "%s/no-such-dir", root);
	ok(webroot_solver(missing, &e) == NULL && e.rc == RC_SOLVER &&
		   strstr(e.msg, missing) != NULL &&
		   strstr(e.msg, "does not exist") != NULL,
	   "a missing webroot is refused, naming it (%s)", e.msg);
	err_clear(&e);
	snprintf(file, sizeof(file), "%s/plain-file", root);
	fd = open(file, O_WRONLY | O_CREAT, 0600);
	if (fd >= 0)
		close(fd);
	ok(webroot_solver(file, &e) == NULL && e.rc == RC_SOLVER &&
		   strstr(e.msg, "not a directory") != NULL,
	   "a webroot that is a file is refused (%s)", e.msg);
	unlink(file);
	err_clear(&e);
	ok(webroot_solver("relative/dir", &e) == NULL && e.rc == RC_USAGE,
	   "a relative webroot is refused");
	err_clear(&e);
	ok(webroot_solver(NULL, &e) == NULL && e.rc == RC_USAGE,
	   "no webroot is refused");
}

/* Removes the empty directory root/rel (test cleanup). */
static void rmdir_in(const char *root, const char *rel)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	rmdir(p);
}

static void test_webroot_present(const char *root, const char *other)
{
	struct solver_task t1 = { "example.org", TOKEN1, KEYAUTH1, NULL, 0 };
	struct solver_task t2 = { "www.example.org", TOKEN2, KEYAUTH2, NULL,
				  0 };
	struct err e = { 0 };
	struct solver *s;
	mode_t old;

	s = webroot_solver(root, &e);
	ok(s != NULL, "webroot solver created (%s)", err_text(&e));
	ok(solver_kind_of(s) == SOLVER_HTTP01_WEBROOT, "its kind");
	ok(solver_port(s) == 0, "a webroot has no port");
	is_int(solver_ready(s, &e), RC_OK, "ready at once");
	old = umask(077);
	is_int(solver_present(s, &t1, &e), RC_OK, "token presented (%s)",
	       err_text(&e));
	umask(old);
	is_str(file_text(root, ".well-known/acme-challenge/" TOKEN1), KEYAUTH1,
	       "the file holds exactly the key authorization");
	is_int(file_mode(root, ".well-known/acme-challenge/" TOKEN1), 0644,
	       "file mode 0644 under umask 077");
	is_int(file_mode(root, ".well-known"), 0755, ".well-known is 0755");
	is_int(file_mode(root, ".well-known/acme-challenge"), 0755,
	       "acme-challenge is 0755");
	is_int(solver_present(s, &t2, &e), RC_OK, "a second token");
	is_int(dir_count(root, ".well-known/acme-challenge"), 2,
	       "two files and no temporary file left");
	is_int(solver_present(s, &t1, &e), RC_OK, "presenting again is fine");
	is_str(file_text(root, ".well-known/acme-challenge/" TOKEN1), KEYAUTH1,
	       "and keeps the content");

	is_int(solver_cleanup(s, &t1, &e), RC_OK, "first token cleaned up");
	ok(!exists(root, ".well-known/acme-challenge/" TOKEN1),
	   "its file is gone");
	ok(exists(root, ".well-known/acme-challenge/" TOKEN2),
	   "the other one stays, and so do the directories");
	is_int(solver_cleanup(s, &t2, &e), RC_OK, "second token cleaned up");
	ok(!exists(root, ".well-known"),
	   "the directories the solver created are removed when empty");
	is_int(solver_cleanup(s, &t2, &e), RC_OK, "cleanup is idempotent");

	is_int(solver_present(s, &t1, &e), RC_OK, "present again");
	solver_free(s);
	ok(!exists(root, ".well-known"),
	   "solver_free cleans up what is still presented");

	/* A response the CA may still read after the run is left. */
	s = webroot_solver(root, &e);
	is_int(solver_present(s, &t1, &e), RC_OK, "present to leave");
	is_int(solver_present(s, &t2, &e), RC_OK, "and one to clean up");
	solver_leave(s, &t1);
	solver_leave(s, NULL);
	solver_free(s);
	ok(exists(root, ".well-known/acme-challenge/" TOKEN1),
	   "solver_leave: the file stays after solver_free");
	ok(!exists(root, ".well-known/acme-challenge/" TOKEN2),
	   "the other one is cleaned up");
	s = webroot_solver(root, &e);
	is_int(solver_cleanup(s, &t1, &e), RC_OK,
	       "the next run removes what was left");
	ok(!exists(root, ".well-known/acme-challenge/" TOKEN1),
	   "its file is gone");
	solver_free(s);
	rmdir_in(root, ".well-known/acme-challenge");
	rmdir_in(root, ".well-known");
}

static void test_webroot_existing_dirs(const char *root, const char *other)
{
	struct solver_task t1 = { "example.org", TOKEN1, KEYAUTH1, NULL, 0 };
	struct err e = { 0 };
	char path[4096];
	struct solver *s;

	snprintf(path, sizeof(path), "%s/.well-known", root);
	mkdir(path, 0700);
	s = webroot_solver(root, &e);
	is_int(solver_present(s, &t1, &e), RC_OK,
	       "present into an existing .well-known (%s)", err_text(&e));
	is_int(solver_cleanup(s, &t1, &e), RC_OK, "and clean up");
	ok(exists(root, ".well-known") &&
		   !exists(root, ".well-known/acme-challenge"),
	   "a pre-existing .well-known stays, the created subdirectory goes");
	is_int(file_mode(root, ".well-known"), 0700,
	       "and its mode is not touched");
	solver_free(s);
	rmdir(path);
}

static void test_webroot_bad_tokens(const char *root, const char *other)
{
	static const char *const bad[] = { "../x", "a/b", "$(id)",
					   "",	   "a.b", "tok en" };
	char long_token[301], keyauth[400];
	struct solver_task t = { "example.org", NULL, NULL, NULL, 0 };
	struct err e = { 0 };
	struct solver *s;
	size_t i;

	s = webroot_solver(root, &e);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(keyauth, sizeof(keyauth), "%s." THUMB, bad[i]);
		t.token = bad[i];
		t.key_authorization = keyauth;
		err_clear(&e);
		ok(solver_present(s, &t, &e) == RC_INPUT &&
			   !exists(root, ".well-known"),
		   "token '%s' refused, nothing written (%s)", bad[i], e.msg);
		err_clear(&e);
		ok(solver_cleanup(s, &t, &e) == RC_INPUT,
		   "and refused by cleanup too");
	}
	memset(long_token, 'A', 300);
	long_token[300] = '\0';
	snprintf(keyauth, sizeof(keyauth), "%s." THUMB, long_token);
	t.token = long_token;
	t.key_authorization = keyauth;
	err_clear(&e);
	ok(solver_present(s, &t, &e) == RC_INPUT &&
		   !exists(root, ".well-known"),
	   "a 300-character token is refused, nothing written");

	/* 256 passes the check but no file system takes such a name: the
	 * failure must leave nothing behind either. */
	long_token[256] = '\0';
	snprintf(keyauth, sizeof(keyauth), "%s." THUMB, long_token);
	err_clear(&e);
	ok(solver_present(s, &t, &e) == RC_SOLVER &&
		   !exists(root, ".well-known"),
	   "a name the file system refuses leaves nothing behind (%s)", e.msg);

	t.token = TOKEN1;
	t.key_authorization = TOKEN2 "." THUMB;
	err_clear(&e);
	ok(solver_present(s, &t, &e) == RC_INPUT,
	   "a key authorization for another token is refused");
	t.key_authorization = TOKEN1 ".";
	err_clear(&e);
	ok(solver_present(s, &t, &e) == RC_INPUT,
	   "a key authorization without thumbprint is refused");
	t.key_authorization = TOKEN1 ".a/b";
	err_clear(&e);
	ok(solver_present(s, &t, &e) == RC_INPUT,
	   "a thumbprint that is not base64url is refused");
	t.key_authorization = KEYAUTH1;
	t.identifier = "bad host";
	err_clear(&e);
	ok(solver_present(s, &t, &e) == RC_INPUT,
	   "a bad identifier is refused");
	t.identifier = NULL;
	err_clear(&e);
	ok(solver_present(s, &t, &e) == RC_USAGE, "a NULL field is refused");
	ok(!exists(root, ".well-known"), "still nothing written");
	solver_free(s);
}

static void test_webroot_symlinks(const char *root, const char *other)
{
	struct solver_task t1 = { "example.org", TOKEN1, KEYAUTH1, NULL, 0 };
	char link[4096], target[4200], victim[4096];
	struct err e = { 0 };
	struct solver *s;
	int fd;

	s = webroot_solver(root, &e);

	snprintf(link, sizeof(link), "%s/.well-known", root);
	ok(symlink(other, link) == 0, "symlink .well-known -> elsewhere");
	err_clear(&e);
	ok(solver_present(s, &t1, &e) == RC_SOLVER &&
		   strstr(e.msg, "symbolic link") != NULL,
	   "a symlinked .well-known is refused (%s)", e.msg);
	is_int(dir_count(other, "."), 0, "nothing written through it");
	unlink(link);

	mkdir(link, 0755);
	snprintf(link, sizeof(link), "%s/.well-known/acme-challenge", root);
	ok(symlink(other, link) == 0, "symlink acme-challenge -> elsewhere");
	err_clear(&e);
	ok(solver_present(s, &t1, &e) == RC_SOLVER &&
		   strstr(e.msg, "symbolic link") != NULL,
	   "a symlinked acme-challenge is refused (%s)", e.msg);
	is_int(dir_count(other, "."), 0, "nothing written through it");
	unlink(link);

	/* A stale link at the token's name is replaced, not followed. */
	mkdir(link, 0755);
	snprintf(victim, sizeof(victim), "%s/victim", other);
	fd = open(victim, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ok(fd >= 0 && write(fd, "orig", 4) == 4, "a file outside");
	if (fd >= 0)
		close(fd);
	snprintf(target, sizeof(target), "%s/%s", link, TOKEN1);
	ok(symlink(victim, target) == 0, "a stale link at the token name");
	err_clear(&e);
	is_int(solver_present(s, &t1, &e), RC_OK, "present (%s)", err_text(&e));
	is_str(file_text(other, "victim"), "orig",
	       "the file outside is untouched");
	is_str(file_text(root, ".well-known/acme-challenge/" TOKEN1), KEYAUTH1,
	       "the link was replaced by the real file");
	is_int(solver_cleanup(s, &t1, &e), RC_OK, "cleanup");
	is_str(file_text(other, "victim"), "orig", "still untouched");
	solver_free(s);
	unlink(victim);
	tree_remove(link);
	snprintf(link, sizeof(link), "%s/.well-known", root);
	rmdir(link);
}

/* ---- HTTP-01 standalone. ---- */

static struct solver *standalone_solver(const char *addr, int port,
					int check_host, int timeout_ms,
					struct err *e)
{
	struct solver_config cfg = { 0 };

	cfg.kind = SOLVER_HTTP01_STANDALONE;
	cfg.bind_addr = addr;
	cfg.port = port;
	cfg.check_host = check_host;
	cfg.io_timeout_ms = timeout_ms;
	return solver_new(&cfg, e);
}

static void test_standalone_config(void)
{
	struct err e = { 0 };

	ok(standalone_solver("127.0.0.1", 70000, 0, 0, &e) == NULL &&
		   e.rc == RC_USAGE,
	   "port 70000 is refused");
	err_clear(&e);
	ok(standalone_solver("localhost", 0, 0, 0, &e) == NULL &&
		   e.rc == RC_USAGE,
	   "a host name as listen address is refused (%s)", e.msg);
	err_clear(&e);
	ok(standalone_solver("127.0.0.1", 0, 0, -5, &e) == NULL &&
		   e.rc == RC_USAGE,
	   "a negative timeout is refused");
}

/* Malformed requests, sent raw, and the status each must get. */
static const struct {
	const char *req;
	int status;
	const char *what;
} raw_cases[] = {
	{ "GARBAGE\r\n\r\n", 400, "a malformed request line: 400" },
	{ "GET " CHALLENGE_PATH TOKEN1 " HTTP/1.1\r\n\r\n", 400,
	  "HTTP/1.1 without Host: 400" },
	{ "GET " CHALLENGE_PATH TOKEN1
	  " HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
	  400, "two Host headers: 400" },
	{ "GET " CHALLENGE_PATH TOKEN1
	  " HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
	  400, "an obsolete folded header: 400" },
	{ "GET / HTTP/1.1\r\nHost: a\r\nNo colon\r\n\r\n", 400,
	  "a header without colon: 400" },
	{ "GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n", 400,
	  "a control character in a header: 400" },
	{ "GET /x HTTP/2.0\r\nHost: a\r\n\r\n", 400,
	  "an unknown HTTP version: 400" },
	{ "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400,
	  "an empty request target: 400" },
	{ "GET http://a.example" CHALLENGE_PATH TOKEN1
	  " HTTP/1.1\r\nHost: a.example\r\n\r\n",
	  200, "absolute-form request target: 200" },
	{ "HEAD " CHALLENGE_PATH "bad.token HTTP/1.1\r\nHost: a\r\n\r\n", 404,
	  "a token with a dot: 404" },
};

static void test_standalone_basic(void)
{
	struct solver_task t1 = { "a.example", TOKEN1, KEYAUTH1, NULL, 0 };
	struct solver_task t2 = { "b.example", TOKEN2, KEYAUTH2, NULL, 0 };
	char url[512], body[1024], resp[2048], *big;
	int threads, port, fd;
	struct err e = { 0 };
	struct fetch f;
	struct solver *s;
	double t0;
	size_t i;

	threads = thread_count();
	s = standalone_solver("127.0.0.1", SOLVER_PORT_ANY, 0, 0, &e);
	ok(s != NULL, "standalone solver created (%s)", err_text(&e));
	is_int(solver_port(s), 0, "not listening before the first present");
	is_int(thread_count(), threads, "and no thread yet");
	is_int(solver_present(s, &t1, &e), RC_OK, "token presented (%s)",
	       err_text(&e));
	port = solver_port(s);
	ok(port > 0, "listening on port %d", port);
	is_int(thread_count(), threads + 1, "one responder thread");
	is_int(solver_present(s, &t2, &e), RC_OK, "second identifier");
	is_int(thread_count(), threads + 1, "still one thread");

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s%s", port,
		 CHALLENGE_PATH, TOKEN1);
	fetch(url, "GET", "a.example", NULL, &f);
	is_int(f.status, 200, "GET presented token: 200");
	is_str(f.body.data, KEYAUTH1, "body is exactly the key authorization");
	is_str(f.ctype, "application/octet-stream", "content type");
	buf_clear(&f.body);
	fetch(url, "HEAD", "a.example", NULL, &f);
	ok(f.status == 200 && f.body.len == 0, "HEAD: 200 without body");
	buf_clear(&f.body);
	is_int(get_token(port, TOKEN2, "b.example", body), 200,
	       "the second token is served at the same time");
	is_str(body, KEYAUTH2, "with its own key authorization");
	is_int(get_token(port, TOKEN1, "other.example", NULL), 200,
	       "without check_host any Host gets the answer");
	is_int(get_token(port, "unknownToken123", NULL, NULL), 404,
	       "unknown token: 404");
	is_int(get_token(port, "bad%2e%2e", NULL, NULL), 404,
	       "a path that is not a token: 404");
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", port);
	fetch(url, "GET", NULL, NULL, &f);
	is_int(f.status, 404, "other paths: 404");
	buf_clear(&f.body);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s%s", port,
		 CHALLENGE_PATH, TOKEN1);
	fetch(url, "POST", NULL, NULL, &f);
	is_int(f.status, 405, "POST: 405");
	buf_clear(&f.body);

	/* Hostile and malformed requests. */
	big = malloc(20000);
	if (big != NULL) {
		memcpy(big, "X-Big: ", 7);
		memset(big + 7, 'a', 19990);
		big[19997] = '\0';
	}
	fetch(url, "GET", NULL, big, &f);
	is_int(f.status, 431, "a 20 KB header is rejected with 431");
	buf_clear(&f.body);
	free(big);
	is_int(get_token(port, TOKEN1, NULL, NULL), 200,
	       "and the server is still alive");
	for (i = 0; i < sizeof(raw_cases) / sizeof(raw_cases[0]); i++)
		is_int(raw_request(port, raw_cases[i].req, resp, sizeof(resp)),
		       raw_cases[i].status, "%s", raw_cases[i].what);
	is_int(raw_request(port, "GET " CHALLENGE_PATH TOKEN1 " HTTP/1.0\n\n",
			   resp, sizeof(resp)),
	       200, "HTTP/1.0 with bare LF line ends: 200");
	ok(strstr(resp, "\r\nConnection: close\r\n") != NULL &&
		   strstr(resp, "\r\n\r\n" KEYAUTH1) != NULL,
	   "Connection: close, and the body after the head");
	is_int(raw_request(port, "DELETE / HTTP/1.1\r\nHost: a\r\n\r\n", resp,
			   sizeof(resp)),
	       405, "DELETE: 405");
	ok(strstr(resp, "\r\nAllow: GET, HEAD\r\n") != NULL,
	   "405 says which methods are allowed");

	/* A client that sends nothing does not hold anyone up. */
	fd = tcp_connect(port);
	ok(fd >= 0 && send(fd, "GET / HTTP/1.1\r\n", 16, 0) == 16,
	   "a slow client sends part of a request and stops");
	t0 = now_s();
	is_int(get_token(port, TOKEN1, NULL, NULL), 200,
	       "another request is served meanwhile");
	ok(now_s() - t0 < 1.0, "promptly (%.3f s)", now_s() - t0);
	if (fd >= 0)
		close(fd);

	is_int(solver_cleanup(s, &t1, &e), RC_OK, "cleanup");
	is_int(get_token(port, TOKEN1, NULL, NULL), 404,
	       "a cleaned-up token is 404");
	is_int(get_token(port, TOKEN2, NULL, NULL), 200,
	       "the other token is still served");
	is_int(solver_cleanup(s, &t1, &e), RC_OK, "cleanup is idempotent");
	is_int(solver_cleanup(s, &t2, &e), RC_OK, "cleanup of the last token");
	is_int(thread_count(), threads,
	       "no token left: the responder thread stops");
	fd = listen_socket("127.0.0.1", &port);
	ok(fd >= 0, "no token left: the port is free (bound it again)");
	if (fd >= 0)
		close(fd);
	is_int(solver_present(s, &t1, &e), RC_OK,
	       "a later present listens again");
	port = solver_port(s);
	is_int(get_token(port, TOKEN1, NULL, NULL), 200,
	       "and serves its token");

	solver_free(s);
	is_int(thread_count(), threads, "free stops the thread");
	fd = listen_socket("127.0.0.1", &port);
	ok(fd >= 0, "free releases the port (bound it again)");
	if (fd >= 0)
		close(fd);
}

static void test_standalone_host_check(void)
{
	struct solver_task t1 = { "a.example", TOKEN1, KEYAUTH1, NULL, 0 };
	struct solver_task t6 = { "::1", TOKEN2, KEYAUTH2, NULL, 0 };
	char host[64];
	struct err e = { 0 };
	struct solver *s;
	int port;

	s = standalone_solver("127.0.0.1", SOLVER_PORT_ANY, 1, 0, &e);
	is_int(solver_present(s, &t1, &e), RC_OK, "present with check_host");
	is_int(solver_present(s, &t6, &e), RC_OK, "and for an IPv6 address");
	port = solver_port(s);
	is_int(get_token(port, TOKEN1, "a.example", NULL), 200,
	       "Host matches: 200");
	snprintf(host, sizeof(host), "A.Example.:%d", port);
	is_int(get_token(port, TOKEN1, host, NULL), 200,
	       "case, trailing dot and port do not matter");
	is_int(get_token(port, TOKEN1, "b.example", NULL), 404,
	       "another Host: 404");
	is_int(get_token(port, TOKEN1, "a.example.evil", NULL), 404,
	       "a longer Host: 404");
	is_int(get_token(port, TOKEN1, "a.example:x", NULL), 404,
	       "a bad port in Host: 404");
	snprintf(host, sizeof(host), "[::1]:%d", port);
	is_int(get_token(port, TOKEN2, host, NULL), 200,
	       "IPv6 Host with port: 200");
	is_int(get_token(port, TOKEN2, "[0:0::1]", NULL), 200,
	       "IPv6 addresses compare as addresses");
	is_int(get_token(port, TOKEN2, "[::2]", NULL), 404,
	       "another IPv6 address: 404");
	is_int(get_token(port, TOKEN2, "a.example", NULL), 404,
	       "a name for an address identifier: 404");
	solver_free(s);
}

/* The responder drops silent clients at their deadline. */
static void test_standalone_timeout(void)
{
	struct solver_task t1 = { "a.example", TOKEN1, KEYAUTH1, NULL, 0 };
	struct err e = { 0 };
	struct solver *s;
	double t0;
	ssize_t n;
	char c;
	int fd;

	s = standalone_solver("127.0.0.1", SOLVER_PORT_ANY, 0, 300, &e);
	is_int(solver_present(s, &t1, &e), RC_OK, "present, timeout 300 ms");
	fd = tcp_connect(solver_port(s));
	t0 = now_s();
	ok(fd >= 0 && send(fd, "GET / HTTP/1.1\r\nHo", 18, 0) == 18,
	   "a client sends half a request head");
	n = fd >= 0 ? recv(fd, &c, 1, 0) : -1;
	ok(n == 0 && now_s() - t0 > 0.2 && now_s() - t0 < 2.0,
	   "and is disconnected at the deadline (%.3f s)", now_s() - t0);
	if (fd >= 0)
		close(fd);
	solver_free(s);
}

/* When full, the responder drops the oldest connection to admit a new
 * one, so idle sockets cannot lock validators out. */
static void test_standalone_conn_cap(void)
{
	struct solver_task t1 = { "a.example", TOKEN1, KEYAUTH1, NULL, 0 };
	int fds[HTTP01_MAX_CONN + 8];
	struct err e = { 0 };
	struct solver *s;
	int port, i, closed;
	double t0;
	char c;

	s = standalone_solver("127.0.0.1", SOLVER_PORT_ANY, 0, 0, &e);
	is_int(solver_present(s, &t1, &e), RC_OK,
	       "present, default timeout (%d ms)", HTTP01_TIMEOUT_MS);
	port = solver_port(s);
	for (i = 0; i < HTTP01_MAX_CONN + 8; i++)
		fds[i] = tcp_connect(port);
	t0 = now_s();
	is_int(get_token(port, TOKEN1, NULL, NULL), 200,
	       "served with %d idle connections open", HTTP01_MAX_CONN + 8);
	ok(now_s() - t0 < 1.0, "promptly (%.3f s)", now_s() - t0);
	closed = 0;
	for (i = 0; i < 8; i++) {
		struct pollfd p = { .fd = fds[i], .events = POLLIN };

		if (fds[i] >= 0 && poll(&p, 1, 1000) == 1 &&
		    recv(fds[i], &c, 1, 0) == 0)
			closed++;
	}
	is_int(closed, 8, "the oldest connections were dropped");
	for (i = 0; i < HTTP01_MAX_CONN + 8; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	solver_free(s);
}

/* Listening where the user may not (here: port 1 as nobody) names the
 * address, the reason and what to do about it. */
static void test_standalone_permission(void)
{
	struct solver_task t1 = { "a.example", TOKEN1, KEYAUTH1, NULL, 0 };
	char msg[ERR_MSG_MAX] = "";
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
	pid = fork();
	if (pid == 0) {
		struct err e = { 0 };
		struct solver *s;

		close(pfd[0]);
		if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(3);
		s = standalone_solver("127.0.0.1", 1, 0, 0, &e);
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
	ok(status == 0 && strstr(msg, "cannot listen on 127.0.0.1:1: ") &&
		   strstr(msg, strerror(EACCES)) != NULL &&
		   strstr(msg, "--http-port") != NULL,
	   "not permitted: %s", msg);
}

static void test_standalone_port_in_use(void)
{
	struct solver_task t1 = { "a.example", TOKEN1, KEYAUTH1, NULL, 0 };
	char where[64];
	struct err e = { 0 };
	struct solver *s;
	int port = 0, fd, threads;

	threads = thread_count();
	fd = listen_socket("127.0.0.1", &port);
	ok(fd >= 0, "something listens on 127.0.0.1:%d", port);
	s = standalone_solver("127.0.0.1", port, 0, 0, &e);
	ok(s != NULL, "solver for that port created");
	snprintf(where, sizeof(where), "cannot listen on 127.0.0.1:%d: ", port);
	ok(solver_present(s, &t1, &e) == RC_SOLVER &&
		   strstr(e.msg, where) != NULL &&
		   strstr(e.msg, strerror(EADDRINUSE)) != NULL,
	   "a clear error: %s", e.msg);
	is_int(solver_port(s), 0, "not listening");
	is_int(thread_count(), threads, "no thread left running");
	solver_free(s);
	close(fd);
}

/* The default address listens on all of IPv4 and, where there is IPv6,
 * on all of IPv6 too. */
static void test_standalone_all_addresses(void)
{
	struct solver_task t1 = { "a.example", TOKEN1, KEYAUTH1, NULL, 0 };
	struct sockaddr_in6 sin6 = { 0 };
	struct err e = { 0 };
	struct fetch f;
	struct solver *s;
	char url[256];
	int port, fd, have_v6;

	fd = socket(AF_INET6, SOCK_STREAM, 0);
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr = in6addr_loopback;
	have_v6 = fd >= 0 &&
		  bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) == 0;
	if (fd >= 0)
		close(fd);

	s = standalone_solver(NULL, SOLVER_PORT_ANY, 0, 0, &e);
	is_int(solver_present(s, &t1, &e), RC_OK,
	       "present on all addresses (%s)", err_text(&e));
	port = solver_port(s);
	is_int(get_token(port, TOKEN1, NULL, NULL), 200, "served over IPv4");
	if (have_v6) {
		snprintf(url, sizeof(url), "http://[::1]:%d%s%s", port,
			 CHALLENGE_PATH, TOKEN1);
		fetch(url, "GET", NULL, NULL, &f);
		is_int(f.status, 200, "served over IPv6");
		buf_clear(&f.body);
	} else {
		printf("# no IPv6 loopback here: IPv4 only\n");
	}
	solver_free(s);

	s = standalone_solver("[::1]", SOLVER_PORT_ANY, 0, 0, &e);
	ok(s != NULL, "a bracketed IPv6 listen address is accepted");
	solver_free(s);
}

/* Threads presenting and cleaning up tokens at once while the responder
 * serves them. */
struct worker {
	struct solver *s;
	int id;
	int failures;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	char token[32], keyauth[128], ident[32];
	struct solver_task t = { ident, token, keyauth, NULL, 0 };
	struct err e = { 0 };
	int i;

	for (i = 0; i < 50; i++) {
		snprintf(token, sizeof(token), "tok%dn%d", w->id, i);
		snprintf(keyauth, sizeof(keyauth), "%s." THUMB, token);
		snprintf(ident, sizeof(ident), "w%d.example", w->id);
		if (solver_present(w->s, &t, &e) != RC_OK ||
		    solver_cleanup(w->s, &t, &e) != RC_OK)
			w->failures++;
	}
	return NULL;
}

static void test_standalone_threads(void)
{
	struct solver_task t1 = { "a.example", TOKEN1, KEYAUTH1, NULL, 0 };
	struct worker w[4];
	pthread_t th[4];
	struct err e = { 0 };
	struct solver *s;
	int i, failures = 0, served = 0, port;

	s = standalone_solver("127.0.0.1", SOLVER_PORT_ANY, 0, 0, &e);
	is_int(solver_present(s, &t1, &e), RC_OK, "present");
	port = solver_port(s);
	for (i = 0; i < 4; i++) {
		w[i].s = s;
		w[i].id = i;
		w[i].failures = 0;
		pthread_create(&th[i], NULL, worker_main, &w[i]);
	}
	for (i = 0; i < 10; i++)
		served += get_token(port, TOKEN1, NULL, NULL) == 200;
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		failures += w[i].failures;
	}
	is_int(failures, 0, "concurrent present/cleanup from 4 threads");
	is_int(served, 10, "while the responder kept serving");
	solver_free(s);
}

/* Runs a webroot test in fresh temporary directories. */
static void with_dirs(void (*test)(const char *root, const char *other))
{
	char *root = tmpdir_new(), *other = tmpdir_new();

	if (root != NULL && other != NULL)
		test(root, other);
	else
		ok(0, "temporary directories");
	if (root != NULL)
		tree_remove(root);
	if (other != NULL)
		tree_remove(other);
	free(root);
	free(other);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	test_interface();
	with_dirs(test_webroot_config);
	with_dirs(test_webroot_present);
	with_dirs(test_webroot_existing_dirs);
	with_dirs(test_webroot_bad_tokens);
	with_dirs(test_webroot_symlinks);

	test_standalone_config();
	test_standalone_basic();
	test_standalone_host_check();
	test_standalone_timeout();
	test_standalone_conn_cap();
	test_standalone_permission();
	test_standalone_port_in_use();
	test_standalone_all_addresses();
	test_standalone_threads();
	curl_global_cleanup();
	return tap_done();
}
