/* SPDX-License-Identifier: ISC */
/* headers.c - Replay-Nonce, Retry-After and Link header parsing. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/curl_lib.h"
#include "acme/headers.h"
#include "util/b64url.h"

int hdr_nonce_valid(const char *v, size_t n)
{
	return v != NULL && n <= HDR_NONCE_MAX && b64url_is_token(v, n);
}

int hdr_retry_after(const char *v, size_t n, int64_t now_ms, int64_t *wait_ms)
{
	const int64_t max_ms = (int64_t)HDR_RETRY_AFTER_MAX * 1000;
	const struct curl_lib *cl;
	char tmp[64];
	long long secs = 0;
	int64_t ms;
	time_t t;
	size_t i;

	while (n > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof(tmp))
		return -1;
	if (isdigit((unsigned char)v[0])) {
		for (i = 0; i < n; i++) {
			if (!isdigit((unsigned char)v[i]))
				return -1;
			if (secs < HDR_RETRY_AFTER_MAX)
				secs = secs * 10 + (v[i] - '0');
		}
		if (secs > HDR_RETRY_AFTER_MAX)
			secs = HDR_RETRY_AFTER_MAX;
		*wait_ms = (int64_t)secs * 1000;
		return 0;
	}
	/* An HTTP-date starts with a day name; curl_getdate() parses all
	 * three RFC 9110 formats. */
	if (!isalpha((unsigned char)v[0]))
		return -1;
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return -1;
	cl = curl_lib();
	if (cl == NULL)
		return -1;
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	t = cl->getdate(tmp, NULL);
	if (t == (time_t)-1)
		return -1;
	/* Compared in seconds first: a far date must not overflow. */
	if ((int64_t)t < now_ms / 1000 - 1)
		ms = 0;
	else if ((int64_t)t > now_ms / 1000 + HDR_RETRY_AFTER_MAX + 1)
		ms = max_ms;
	else
		ms = (int64_t)t * 1000 - now_ms;
	*wait_ms = ms < 0 ? 0 : ms > max_ms ? max_ms : ms;
	return 0;
}

/* Skips optional whitespace. */
static const char *skip_ows(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* The end of the current link-value: the next comma that is neither
 * inside <...> nor inside a quoted string. */
static const char *link_value_end(const char *p, const char *end)
{
	int in_uri = 0, in_quote = 0;

	for (; p < end; p++) {
		if (in_quote) {
			if (*p == '\\' && p + 1 < end)
				p++;
			else if (*p == '"')
				in_quote = 0;
		} else if (in_uri) {
			if (*p == '>')
				in_uri = 0;
		} else if (*p == '<') {
			in_uri = 1;
		} else if (*p == '"') {
			in_quote = 1;
		} else if (*p == ',') {
			break;
		}
	}
	return p;
}

/* Stores a copy of uri as the target for every ACME relation named in
 * the space-separated rel list.  Returns -1 when out of memory. */
static int link_store(struct hdr_links *l, const char *uri, size_t ulen,
		      const char *rel, size_t rlen)
{
	const char *p = rel, *end = rel + rlen, *w;
	char **slot;
	size_t wl;

	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		w = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		wl = (size_t)(p - w);
		slot = NULL;
		if (wl == 2 && strncasecmp(w, "up", 2) == 0 && l->up == NULL)
			slot = &l->up;
		else if (wl == 5 && strncasecmp(w, "index", 5) == 0 &&
			 l->index == NULL)
			slot = &l->index;
		else if (wl == 4 && strncasecmp(w, "next", 4) == 0 &&
			 l->next == NULL)
			slot = &l->next;
		else if (wl == 9 && strncasecmp(w, "alternate", 9) == 0 &&
			 l->n_alternate < HDR_ALTERNATES_MAX)
			slot = &l->alternate[l->n_alternate++];
		if (slot == NULL)
			continue;
		*slot = strndup(uri, ulen);
		if (*slot == NULL)
			return -1;
	}
	return 0;
}

/* Parses one link-value [p, end): "<uri>" then ";"-separated params.
 * Returns -1 when out of memory, 0 otherwise (malformed ones are
 * ignored). */
static int link_value(struct hdr_links *l, const char *p, const char *end)
{
	const char *uri, *uend, *name, *nend, *val, *vend;
	char relbuf[256];
	size_t rlen;
	int have_rel = 0, quoted;

	p = skip_ows(p, end);
	if (p >= end || *p != '<')
		return 0;
	uri = ++p;
	while (p < end && *p != '>')
		p++;
	if (p >= end)
		return 0;
	uend = p++;
	for (;;) {
		p = skip_ows(p, end);
		if (p >= end)
			break;
		if (*p != ';')
			return 0;
		p = skip_ows(p + 1, end);
		name = p;
		while (p < end && (isalnum((unsigned char)*p) || *p == '-' ||
				   *p == '*' || *p == '_' || *p == '.'))
			p++;
		nend = p;
		p = skip_ows(p, end);
		val = vend = p;
		quoted = 0;
		rlen = 0;
		if (p < end && *p == '=') {
			p = skip_ows(p + 1, end);
			if (p < end && *p == '"') {
				quoted = 1;
				val = ++p;
				while (p < end && *p != '"') {
					if (*p == '\\' && p + 1 < end)
						p++;
					if (rlen < sizeof(relbuf))
						relbuf[rlen++] = *p;
					p++;
				}
				if (p >= end)
					return 0;
				vend = p++;
			} else {
				val = p;
				while (p < end && *p != ';' && *p != ' ' &&
				       *p != '\t')
					p++;
				vend = p;
			}
		}
		/* The first rel parameter counts (RFC 8288 3.3). */
		if (nend - name == 3 && strncasecmp(name, "rel", 3) == 0 &&
		    !have_rel) {
			have_rel = 1;
			if (!quoted) {
				rlen = (size_t)(vend - val);
				if (rlen > sizeof(relbuf))
					rlen = sizeof(relbuf);
				memcpy(relbuf, val, rlen);
			}
			if (link_store(l, uri, (size_t)(uend - uri), relbuf,
				       rlen) != 0)
				return -1;
		}
	}
	return 0;
}

int hdr_link_parse(const char *v, size_t n, struct hdr_links *l)
{
	const char *p = v, *end = v + n, *next;

	while (p < end) {
		next = link_value_end(p, end);
		if (link_value(l, p, next) != 0)
			return -1;
		p = next < end ? next + 1 : end;
	}
	return 0;
}

void hdr_links_clear(struct hdr_links *l)
{
	size_t i;

	if (l == NULL)
		return;
	free(l->up);
	free(l->index);
	free(l->next);
	for (i = 0; i < l->n_alternate; i++)
		free(l->alternate[i]);
	memset(l, 0, sizeof(*l));
}
