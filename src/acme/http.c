/* SPDX-License-Identifier: ISC */
/* http.c - libcurl transport: one easy handle, https only, capped. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "util/curl_lib.h"
#include "acme/http.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/safe.h"

/* Caps on the trust files we read. */
#define CA_SYSTEM_MAX (16 * 1024 * 1024)
#define CA_EXTRA_MAX (1024 * 1024)

struct http {
	CURL *curl;
	char errbuf[CURL_ERROR_SIZE];
	long timeout_s;
	/* per-request state, reset by http_request() */
	struct buf body;
	struct http_resp *resp;
	int header_toobig;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;
/* libcurl's functions, set once by curl_init_once (curl_lib.h). */
static const struct curl_lib *cl;

static void curl_init_once(void)
{
	cl = curl_lib();
	if (cl != NULL)
		curl_init_rc = cl->global_init(CURL_GLOBAL_DEFAULT);
}

enum rc http_global_init(struct err *e)
{
	pthread_once(&curl_once, curl_init_once);
	if (cl == NULL)
		return curl_lib_error(e);
	if (curl_init_rc != CURLE_OK)
		return err_set(e, RC_SYS, _("libcurl initialisation failed"));
	return RC_OK;
}

void http_global_cleanup(void)
{
	if (curl_init_rc == CURLE_OK)
		cl->global_cleanup();
	curl_init_rc = CURLE_FAILED_INIT;
}

/* Reads a whole file of at most max bytes into b.  Returns 0, -1 when it
 * cannot be read (errno set), -2 when too big. */
static int read_file(const char *path, size_t max, struct buf *b)
{
	char chunk[8192];
	FILE *f = fopen(path, "re");
	size_t n;
	int rc = 0;

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->len + n > max || buf_append(b, chunk, n) != 0) {
			rc = -2;
			break;
		}
	}
	if (rc == 0 && ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

/* Counts the PEM certificates in text. */
static int count_certs(const char *text, size_t len)
{
	BIO *bio = BIO_new_mem_buf(text, (int)len);
	X509 *x;
	int n = 0;

	if (bio == NULL)
		return 0;
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		X509_free(x);
		n++;
	}
	ERR_clear_error();
	BIO_free(bio);
	return n;
}

enum rc http_ca_bundle(const char *system_file, const char *extra_file,
		       char **out, size_t *out_len, struct err *e)
{
	struct buf sys, extra, all;
	enum rc rc = RC_OK;
	int r;

	*out = NULL;
	*out_len = 0;
	buf_init(&sys, CA_SYSTEM_MAX);
	buf_init(&extra, CA_EXTRA_MAX);
	buf_init(&all, CA_SYSTEM_MAX + CA_EXTRA_MAX + 2);
	r = read_file(extra_file, CA_EXTRA_MAX, &extra);
	if (r != 0) {
		rc = err_set(e, RC_INPUT, _("CA file %s: %s"), extra_file,
			     r == -2 ? _("too large") : strerror(errno));
		goto out;
	}
	if (count_certs(extra.data ? extra.data : "", extra.len) < 1) {
		rc = err_set(e, RC_INPUT,
			     _("CA file %s: no PEM certificate in it"),
			     extra_file);
		goto out;
	}
	/* A missing system bundle is not an error: the extra CA alone is
	 * then trusted (a minimal container talking to a private CA). */
	if (system_file != NULL &&
	    read_file(system_file, CA_SYSTEM_MAX, &sys) == -2) {
		rc = err_set(e, RC_TOOBIG, _("CA bundle %s: too large"),
			     system_file);
		goto out;
	}
	if ((sys.len > 0 && (buf_append(&all, sys.data, sys.len) != 0 ||
			     buf_puts(&all, "\n") != 0)) ||
	    buf_append(&all, extra.data, extra.len) != 0) {
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		goto out;
	}
	*out_len = all.len;
	*out = buf_take(&all);
	if (*out == NULL)
		rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
out:
	buf_clear(&sys);
	buf_clear(&extra);
	buf_clear(&all);
	return rc;
}

/* Installs the combined trust bundle on h's handle (system bundle read
 * whole, plus the extra CA file). */
static enum rc set_ca_blob(struct http *h, const char *ca_file, struct err *e)
{
	struct curl_blob blob;
	char *sysca = NULL, *bundle = NULL;
	size_t len = 0;
	enum rc rc;

	if (cl->easy_getinfo(h->curl, CURLINFO_CAINFO, &sysca) != CURLE_OK ||
	    sysca == NULL)
		sysca = (char *)HTTP_SYSTEM_CA_BUNDLE;
	rc = http_ca_bundle(sysca, ca_file, &bundle, &len, e);
	if (rc != RC_OK)
		return rc;
	blob.data = bundle;
	blob.len = len;
	blob.flags = CURL_BLOB_COPY;
	if (cl->easy_setopt(h->curl, CURLOPT_CAINFO_BLOB, &blob) != CURLE_OK)
		rc = err_set(e, RC_TLS,
			     _("this libcurl cannot load a CA bundle from "
			       "memory"));
	free(bundle);
	return rc;
}

/* Sets what h trusts: the system store and, when given, the extra CA
 * file.  Where the system store is a hashed directory (Debian's
 * /etc/ssl/certs) OpenSSL is pointed at it and loads only the
 * certificates a chain needs: parsing the whole bundle on every run was
 * most of an issuance's CPU time.  Otherwise the bundle and the extra
 * file are combined in memory. */
static enum rc set_trust(struct http *h, const char *ca_file, struct err *e)
{
	struct buf extra;
	struct stat sb;
	int r;

	if (stat(HTTP_SYSTEM_CA_DIR, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return ca_file ? set_ca_blob(h, ca_file, e) : RC_OK;
	if (ca_file != NULL) {
		buf_init(&extra, CA_EXTRA_MAX);
		r = read_file(ca_file, CA_EXTRA_MAX, &extra);
		if (r == 0 &&
		    count_certs(extra.data ? extra.data : "", extra.len) < 1)
			r = -3;
		buf_clear(&extra);
		if (r != 0)
			return err_set(e, RC_INPUT, _("CA file %s: %s"),
				       ca_file,
				       r == -2	 ? _("too large")
				       : r == -3 ? _("no PEM certificate in it")
						 : strerror(errno));
	}
	if (cl->easy_setopt(h->curl, CURLOPT_CAINFO, ca_file) != CURLE_OK ||
	    cl->easy_setopt(h->curl, CURLOPT_CAPATH, HTTP_SYSTEM_CA_DIR) !=
		    CURLE_OK)
		return err_set(e, RC_TLS,
			       _("libcurl cannot set the trusted "
				 "CA locations"));
	return RC_OK;
}

/* Copies a header value (trimmed) into a new string, refusing control
 * characters and over-long values. */
static char *header_value(const char *v, size_t n)
{
	size_t i;

	while (n > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
			 v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	if (n > HTTP_HEADER_VALUE_MAX)
		return NULL;
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return NULL;
	return strndup(v, n);
}

/* Keeps the media type only ("application/problem+json"), lower-cased. */
static void media_type_only(char *ct)
{
	char *p;

	p = strchr(ct, ';');
	if (p != NULL)
		*p = '\0';
	for (p = ct + strlen(ct); p > ct && (p[-1] == ' ' || p[-1] == '\t');)
		*--p = '\0';
	for (p = ct; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
}

void http_resp_set_retry_after(struct http_resp *r, const char *v, size_t n,
			       int64_t arrived_wall, int64_t arrived_mono)
{
	int64_t wait;

	if (hdr_retry_after(v, n, arrived_wall, &wait) != 0)
		return;
	r->retry_after = (time_t)((arrived_wall + wait) / 1000);
	r->retry_at_ms = arrived_mono + wait;
}

/* Stores the header "name: value" in r when it is one we use. */
static int keep_header(struct http_resp *r, const char *line, size_t n)
{
	const char *colon = memchr(line, ':', n);
	size_t nl, vl;
	const char *v;
	char *val = NULL;
	time_t t;

	if (colon == NULL)
		return 0;
	nl = (size_t)(colon - line);
	v = colon + 1;
	vl = n - nl - 1;
#define IS(name) (nl == sizeof(name) - 1 && strncasecmp(line, name, nl) == 0)
	if (IS("content-type") && r->content_type == NULL) {
		r->content_type = header_value(v, vl);
		if (r->content_type != NULL)
			media_type_only(r->content_type);
	} else if (IS("location") && r->location == NULL) {
		r->location = header_value(v, vl);
	} else if (IS("replay-nonce") && r->nonce == NULL) {
		val = header_value(v, vl);
		if (val != NULL && hdr_nonce_valid(val, strlen(val))) {
			r->nonce = val;
			val = NULL;
		}
	} else if (IS("retry-after")) {
		val = header_value(v, vl);
		if (val != NULL)
			http_resp_set_retry_after(r, val, strlen(val),
						  wall_ms(), mono_ms());
	} else if (IS("date")) {
		val = header_value(v, vl);
		t = val ? cl->getdate(val, NULL) : (time_t)-1;
		r->date = t == (time_t)-1 ? 0 : t;
	} else if (IS("link")) {
		val = header_value(v, vl);
		if (val != NULL &&
		    hdr_link_parse(val, strlen(val), &r->links) != 0) {
			free(val);
			return -1;
		}
	}
#undef IS
	free(val);
	return 0;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct http *h = arg;
	struct http_resp *r = h->resp;
	size_t n = size * nmemb;

	r->header_bytes += n;
	if (r->header_bytes > HTTP_HEADERS_MAX) {
		h->header_toobig = 1;
		return 0;
	}
	/* A new status line (after a 1xx): forget the interim headers. */
	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		size_t kept = r->header_bytes;

		http_resp_clear(r);
		r->header_bytes = kept;
		return n;
	}
	if (keep_header(r, data, n) != 0)
		return 0;
	return n;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct http *h = arg;
	size_t n = size * nmemb;

	if (buf_append(&h->body, data, n) != 0)
		return 0; /* over HTTP_BODY_MAX: curl aborts */
	return n;
}

struct http *http_new(const struct http_opts *opts, struct err *e)
{
	struct http *h = NULL;
	CURL *c;
	char ua[64];

	if (http_global_init(e) != RC_OK)
		return NULL;
	h = calloc(1, sizeof(*h));
	if (h != NULL)
		h->curl = cl->easy_init();
	if (h == NULL || h->curl == NULL) {
		err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
		free(h);
		return NULL;
	}
	c = h->curl;
	h->timeout_s = opts && opts->timeout_s > 0 ? opts->timeout_s
						   : HTTP_TIMEOUT_S;
	buf_init(&h->body, HTTP_BODY_MAX);
	snprintf(ua, sizeof(ua), "%s/%s", PACKAGE_NAME, PACKAGE_VERSION);
	if (cl->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https") ||
	    cl->easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https") ||
	    cl->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) ||
	    cl->easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L) ||
	    cl->easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L) ||
	    cl->easy_setopt(c, CURLOPT_SSLVERSION,
			    (long)CURL_SSLVERSION_TLSv1_2) ||
	    cl->easy_setopt(c, CURLOPT_NOSIGNAL, 1L) ||
	    cl->easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
			    HTTP_CONNECT_TIMEOUT_S) ||
	    cl->easy_setopt(c, CURLOPT_TIMEOUT, h->timeout_s) ||
	    cl->easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, HTTP_LOW_SPEED_BYTES) ||
	    cl->easy_setopt(c, CURLOPT_LOW_SPEED_TIME, HTTP_LOW_SPEED_TIME_S) ||
	    cl->easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
			    (curl_off_t)HTTP_BODY_MAX) ||
	    cl->easy_setopt(c, CURLOPT_USERAGENT, ua) ||
	    cl->easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf) ||
	    cl->easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header) ||
	    cl->easy_setopt(c, CURLOPT_HEADERDATA, h) ||
	    cl->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body) ||
	    cl->easy_setopt(c, CURLOPT_WRITEDATA, h)) {
		err_set(e, RC_SYS,
			_("libcurl lacks a required option "
			  "(https-only, TLS 1.2)"));
		goto fail;
	}
	if (set_trust(h, opts ? opts->ca_file : NULL, e) != RC_OK)
		goto fail;
	return h;
fail:
	http_free(h);
	return NULL;
}

void http_free(struct http *h)
{
	if (h == NULL)
		return;
	cl->easy_cleanup(h->curl);
	buf_clear(&h->body);
	free(h);
}

void http_resp_clear(struct http_resp *r)
{
	if (r == NULL)
		return;
	free(r->body);
	free(r->content_type);
	free(r->location);
	free(r->nonce);
	hdr_links_clear(&r->links);
	memset(r, 0, sizeof(*r));
}

/* Maps a curl failure to our vocabulary. */
static enum rc curl_failure(struct http *h, CURLcode cc, const char *url,
			    struct err *e)
{
	char shown[160];
	const char *why = h->errbuf[0] ? h->errbuf : cl->easy_strerror(cc);

	safe_line(shown, sizeof(shown), url, strlen(url));
	if (h->header_toobig)
		return err_set(e, RC_TOOBIG,
			       _("%s: response headers too large"), shown);
	switch (cc) {
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		return err_set(e, RC_TOOBIG,
			       _("%s: response larger than %d bytes"), shown,
			       HTTP_BODY_MAX);
	case CURLE_OPERATION_TIMEDOUT:
		return err_set(e, RC_TIMEOUT, _("%s: %s"), shown, why);
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		return err_set(e, RC_INPUT, _("%s: not an https URL"), shown);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return err_set(e, RC_TLS, _("%s: TLS: %s"), shown, why);
	case CURLE_OUT_OF_MEMORY:
		return err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
	default:
		return err_set(e, RC_NET, _("%s: %s"), shown, why);
	}
}

enum rc http_request(struct http *h, enum http_method m, const char *url,
		     const char *content_type, const char *accept,
		     const char *body, size_t body_len, struct http_resp *r,
		     struct err *e)
{
	struct curl_slist *hdrs = NULL, *tmp;
	char line[256];
	CURLcode cc;
	CURL *c = h->curl;
	enum rc rc = RC_OK;

	memset(r, 0, sizeof(*r));
	buf_clear(&h->body);
	h->resp = r;
	h->header_toobig = 0;
	h->errbuf[0] = '\0';

	/* "Expect:" stops curl from waiting for 100-continue on POST. */
	tmp = cl->slist_append(hdrs, "Expect:");
	if (tmp == NULL)
		goto nomem;
	hdrs = tmp;
	if (content_type != NULL) {
		snprintf(line, sizeof(line), "Content-Type: %s", content_type);
		tmp = cl->slist_append(hdrs, line);
		if (tmp == NULL)
			goto nomem;
		hdrs = tmp;
	}
	if (accept != NULL) {
		snprintf(line, sizeof(line), "Accept: %s", accept);
		tmp = cl->slist_append(hdrs, line);
		if (tmp == NULL)
			goto nomem;
		hdrs = tmp;
	}
	cl->easy_setopt(c, CURLOPT_URL, url);
	cl->easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	switch (m) {
	case HTTP_HEAD:
		cl->easy_setopt(c, CURLOPT_NOBODY, 1L);
		break;
	case HTTP_GET:
		cl->easy_setopt(c, CURLOPT_HTTPGET, 1L);
		break;
	case HTTP_POST:
		cl->easy_setopt(c, CURLOPT_NOBODY, 0L);
		cl->easy_setopt(c, CURLOPT_POST, 1L);
		cl->easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
				(curl_off_t)body_len);
		cl->easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
		break;
	}
	cc = cl->easy_perform(c);
	cl->easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	cl->easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
	if (cc != CURLE_OK) {
		rc = curl_failure(h, cc, url, e);
		goto out;
	}
	cl->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	r->body_len = h->body.len;
	r->body = buf_take(&h->body);
	if (r->body == NULL)
		goto nomem;
	goto out;
nomem:
	rc = err_set(e, RC_NOMEM, "%s", rc_str(RC_NOMEM));
out:
	if (rc != RC_OK)
		http_resp_clear(r);
	h->resp = NULL;
	cl->slist_free_all(hdrs);
	return rc;
}
