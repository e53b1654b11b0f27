/* SPDX-License-Identifier: ISC */
/* test_util.c - base64url (RFC 4648 / RFC 7515 appendix C), the safe
 * text escaper, capped buffers and the typed JSON layer. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/b64url.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"
#include "util/safe.h"
#include "util/utctime.h"

static void test_b64url(void)
{
	/* RFC 7515 appendix C: the octets 3,236,255,224,193. */
	static const unsigned char c_octets[] = { 3, 236, 255, 224, 193 };
	/* RFC 4648 section 10 vectors, base64url without padding. */
	static const char *const plain[] = { "",     "f",     "fo",    "foo",
					     "foob", "fooba", "foobar" };
	static const char *const enc[] = { "",	      "Zg",	"Zm8",
					   "Zm9v",    "Zm9vYg", "Zm9vYmE",
					   "Zm9vYmFy" };
	unsigned char *dec;
	size_t i, n;
	char *s;

	s = b64url_encode(c_octets, sizeof(c_octets));
	is_str(s, "A-z_4ME", "RFC 7515 appendix C encoding");
	free(s);
	dec = b64url_decode("A-z_4ME", 7, &n);
	ok(dec && n == 5 && memcmp(dec, c_octets, 5) == 0,
	   "RFC 7515 appendix C decoding");
	free(dec);
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		s = b64url_encode(plain[i], strlen(plain[i]));
		is_str(s, enc[i], "RFC 4648 vector '%s'", plain[i]);
		free(s);
		dec = b64url_decode(enc[i], strlen(enc[i]), &n);
		ok(dec && n == strlen(plain[i]) &&
			   memcmp(dec, plain[i], n) == 0,
		   "decode '%s'", enc[i]);
		free(dec);
	}
	ok(b64url_decode("Zm9v+", 5, &n) == NULL, "'+' is not base64url");
	ok(b64url_decode("Zm9v/", 5, &n) == NULL, "'/' is not base64url");
	ok(b64url_decode("Z", 1, &n) == NULL, "length 1 mod 4 rejected");
	ok(b64url_decode("Zh", 2, &n) == NULL, "non-zero trailing bits");
	dec = b64url_decode("Zg==", 4, &n);
	ok(dec && n == 1 && dec[0] == 'f', "trailing padding tolerated");
	free(dec);
	ok(b64url_decode("Z=g", 3, &n) == NULL, "inner '=' rejected");
	ok(b64url_is_token("abc-_09", 7), "token charset accepted");
	ok(!b64url_is_token("../x", 4), "path traversal is not a token");
	ok(!b64url_is_token("a;b", 3), "shell metachar is not a token");
	ok(!b64url_is_token("", 0), "empty token rejected");
}

static void test_safe(void)
{
	char out[64];

	safe_line(out, sizeof(out), "a\x1b[31mb", 7);
	is_str(out, "a\\x1b[31mb", "ESC escaped");
	safe_line(out, sizeof(out), "l1\nl2\tx\r", 8);
	is_str(out, "l1 l2 x ", "newlines and tabs become spaces");
	safe_line(out, sizeof(out), "caf\xc3\xa9", 5);
	is_str(out, "caf\xc3\xa9", "valid UTF-8 kept");
	safe_line(out, sizeof(out),
		  "\xc2\x9b"
		  "2J",
		  4);
	is_str(out, "\\xc2\\x9b2J", "UTF-8 encoded C1 CSI escaped");
	safe_line(out, sizeof(out),
		  "\x9b"
		  "2J",
		  3);
	is_str(out, "\\x9b2J", "raw C1 byte escaped");
	safe_line(out, sizeof(out), "\xc0\xaf", 2);
	is_str(out, "\\xc0\\xaf", "overlong encoding escaped");
	safe_line(out, sizeof(out), "x\x7fy", 3);
	is_str(out, "x\\x7fy", "DEL escaped");
	safe_line(out, 8, "abcdefghijkl", 12);
	is_str(out, "abcd...", "long text cut with ellipsis");
	ok(safe_is_clean("plain text"), "clean text is clean");
	ok(!safe_is_clean("bell\a"), "BEL is not clean");
}

static void test_buf(void)
{
	struct buf b;
	char *s;

	buf_init(&b, 8);
	ok(buf_puts(&b, "1234") == 0, "append within cap");
	ok(buf_puts(&b, "56789") == -1, "append beyond cap refused");
	is_str(b.data, "1234", "buffer unchanged after refusal");
	ok(buf_printf(&b, "%d", 56) == 0, "printf append");
	s = buf_take(&b);
	is_str(s, "123456", "take returns the contents");
	free(s);
	ok(b.data == NULL && b.len == 0, "take empties the buffer");
	buf_clear(&b);
}

static void test_json(void)
{
	struct err e = { 0 };
	struct json_object *o;
	const char *doc = "{\"s\":\"x\",\"n\":5,\"c\":\"a\\u001bb\","
			  "\"a\":[\"p\",1],\"b\":true}";
	char deep[200];
	long long n = 0;
	size_t i;

	o = js_parse_object(doc, strlen(doc), "test", &e);
	ok(o != NULL, "object parsed");
	is_str(js_str(o, "s", 10), "x", "string member");
	ok(js_str(o, "s", 0) == NULL, "over-long string refused");
	ok(js_str(o, "n", 10) == NULL, "number is not a string");
	ok(js_str(o, "c", 10) == NULL, "control character refused");
	ok(js_int(o, "n", 0, 10, &n) == 0 && n == 5, "int in range");
	ok(js_int(o, "n", 6, 10, &n) == -1, "int out of range refused");
	is_str(js_arr_str(js_arr(o, "a"), 0, 5), "p", "array string");
	ok(js_arr_str(js_arr(o, "a"), 1, 5) == NULL, "array non-string");
	ok(js_bool(o, "b", 0) == 1, "boolean member");
	json_object_put(o);

	err_clear(&e);
	ok(js_parse_object("{} x", 4, "t", &e) == NULL && e.rc == RC_PROTO,
	   "trailing garbage refused");
	err_clear(&e);
	ok(js_parse_object("{}\0\0", 4, "t", &e) == NULL,
	   "NUL bytes after the document refused");
	err_clear(&e);
	ok(js_parse_object("[1]", 3, "t", &e) == NULL, "array top refused");
	for (i = 0; i < 100; i++)
		deep[i] = '[';
	for (i = 100; i < 200; i++)
		deep[i] = ']';
	err_clear(&e);
	ok(js_parse_object(deep, 200, "t", &e) == NULL,
	   "100-deep nesting refused");
}

static void test_err(void)
{
	struct err e = { 0 };

	err_set(&e, RC_CA, "first %s", "detail\x1b");
	err_set(&e, RC_NET, "second");
	is_int(e.rc, RC_CA, "first error code wins");
	is_str(err_text(&e), "first detail\\x1b", "detail sanitized");
	err_prefix(&e, "shop");
	is_str(err_text(&e), "shop: first detail\\x1b", "prefix added");
	err_clear(&e);
	ok(e.rc == RC_OK && strcmp(err_text(&e), "success") == 0,
	   "cleared error");
}

static void test_utctime(void)
{
	char buf[UTC_RFC3339_SIZE];

	is_str(utc_rfc3339(1796673600, buf, sizeof(buf)),
	       "2026-12-07T20:00:00Z", "RFC 3339 UTC");
	ok(utc_rfc3339(0, buf, sizeof(buf)) == NULL && buf[0] == '\0',
	   "0 is not set: NULL");
	ok(utc_rfc3339(1796673600, buf, sizeof(buf) - 1) == NULL,
	   "a short buffer: NULL");
	ok(utc_rfc3339(INT64_C(1) << 40, buf, sizeof(buf)) == NULL,
	   "a year past 9999: NULL");
}

int main(void)
{
	test_b64url();
	test_safe();
	test_buf();
	test_json();
	test_err();
	test_utctime();
	return tap_done();
}
