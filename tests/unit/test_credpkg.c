/* SPDX-License-Identifier: ISC */
/* test_credpkg.c - the credentials package parser against e-mails as
 * operators paste them (Sectigo-style wording, Outlook and Gmail quoting
 * and forwarding, CRLF/CR line ends, HTML converted to text, values on
 * the next line), the JSON a CaaS API returns, and hostile input
 * (escape sequences, NUL bytes, oversized input, standard base64 keys,
 * http URLs, conflicting values). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "parse/credpkg.h"
#include "util/err.h"

/* Realistic values: a 64-byte and a 32-byte HMAC key in base64url, a
 * Sectigo-like key id and account id. */
#define HMAC64 \
	"pU3KGCUwux1tEyze1iN7LtkeP3IfyxlxF0SU1kk8nVw0YL4xIB5p_tqg7ui5" \
	"mX9cfCmZ_a_lkyU81lSvTfrXFA"
#define HMAC32 "J6Cus_7pIy-K8iEfnuSRxbEL7LVWO_web5NCfsvI_ik"
#define HMAC15 "VeXNjkbcjtS3wnZNKlpN"	/* 15 bytes: too short */
#define HMAC16 "dncG-F2GkAJK1r2jQBvpyA" /* 16 bytes: just enough */
#define HMACSTD "y8zJNfbNH2EiauFTOK4aNABNM7oNJGrATIGxuvI+O/k="
#define KID "f1Xy2kq7JXQ9WOd3yK1Lpg"
#define ACCT "a1c0e6f2-5d3b-4b7e-9d21-3f6c8e0b7a44"
#define OV "https://acme.sectigo.com/v2/OV"
#define DV "https://acme.sectigo.com/v2/DV"

struct want {
	const char *account_id, *eab_kid, *eab_hmac, *server_url, *email;
};

/* Parses text[0..len) and checks every field against w. */
static void expect_ok_n(const char *what, const char *text, size_t len,
			const struct want *w)
{
	struct credpkg p;
	struct err e;
	enum rc rc;

	err_clear(&e);
	rc = credpkg_parse(text, len, &p, &e);
	is_int(rc, RC_OK, "%s: parses", what);
	if (rc != RC_OK)
		printf("#   error: %s\n", err_text(&e));
#define FIELD(name, member) \
	do { \
		if (w->member == NULL) \
			ok(p.member == NULL, "%s: no " name, what); \
		else \
			is_str(p.member, w->member, "%s: " name, what); \
	} while (0)
	FIELD("account id", account_id);
	FIELD("EAB kid", eab_kid);
	FIELD("EAB HMAC", eab_hmac);
	FIELD("server URL", server_url);
	FIELD("e-mail", email);
#undef FIELD
	credpkg_clear(&p);
	ok(p.eab_hmac == NULL && p.eab_kid == NULL, "%s: cleared", what);
}

static void expect_ok(const char *what, const char *text, const struct want *w)
{
	expect_ok_n(what, text, strlen(text), w);
}

/* Parses text[0..len), expects rc and exactly msg (or, when msg ends in
 * '*', a message starting with the rest), an untouched (zeroed)
 * output, and that the message does not contain secret (when given). */
static void expect_err_n(const char *what, const char *text, size_t len,
			 enum rc want_rc, const char *msg, const char *secret)
{
	struct credpkg p;
	struct err e;
	size_t i;

	memset(&p, 0x5a, sizeof(p)); /* garbage: the parser must zero */
	err_clear(&e);
	is_int(credpkg_parse(text, len, &p, &e), want_rc, "%s: refused", what);
	if (msg[strlen(msg) - 1] == '*') /* a prefix: the rest is json-c's */
		ok(strncmp(e.msg, msg, strlen(msg) - 1) == 0,
		   "%s: message starts '%s' (got '%s')", what, msg, e.msg);
	else
		is_str(e.msg, msg, "%s: message", what);
	ok(p.account_id == NULL && p.eab_kid == NULL && p.eab_hmac == NULL &&
		   p.server_url == NULL && p.email == NULL,
	   "%s: output zeroed", what);
	if (secret != NULL)
		ok(strstr(e.msg, secret) == NULL, "%s: secret not echoed",
		   what);
	for (i = 0; e.msg[i] != '\0'; i++)
		if ((unsigned char)e.msg[i] < 0x20 || e.msg[i] == 0x7f)
			break;
	ok(e.msg[i] == '\0', "%s: message is one printable line", what);
}

static void expect_err(const char *what, const char *text, enum rc want_rc,
		       const char *msg, const char *secret)
{
	expect_err_n(what, text, strlen(text), want_rc, msg, secret);
}

/* text with every "\n" replaced by eol (caller frees). */
static char *with_eol(const char *text, const char *eol)
{
	size_t n = 0, el = strlen(eol), o = 0;
	const char *p;
	char *out;

	for (p = text; *p; p++)
		n += *p == '\n' ? el : 1;
	out = malloc(n + 1);
	if (out == NULL)
		abort();
	for (p = text; *p; p++) {
		if (*p == '\n') {
			memcpy(out + o, eol, el);
			o += el;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
	return out;
}

/* The e-mail a Sectigo CaaS customer receives, as plain text. */
static const char sectigo_mail[] =
	"Dear Customer,\n"
	"\n"
	"Your ACME account for Certificate-as-a-Service has been created.\n"
	"Your account id is shown below, together with the External\n"
	"Account Binding (EAB) credentials your ACME client needs.\n"
	"Key ID and HMAC key are listed below; keep the HMAC key secret.\n"
	"\n"
	"ACME Server URL: " OV "\n"
	"ACME Account ID: " ACCT "\n"
	"EAB Key ID (kid): " KID "\n"
	"EAB HMAC Key: " HMAC64 "\n"
	"\n"
	"Example:\n"
	"  certbot certonly --standalone --server " OV " \\\n"
	"    --eab-kid " KID " --eab-hmac-key <HMAC key> -d example.com\n"
	"\n"
	"For questions, contact support@sectigo.com.\n"
	"Regards,\n"
	"Sectigo Certificate-as-a-Service\n";

static const struct want sectigo_want = { ACCT, KID, HMAC64, OV, NULL };

static void test_plain_forms(void)
{
	char *s;

	expect_ok("Sectigo e-mail, LF", sectigo_mail, &sectigo_want);
	s = with_eol(sectigo_mail, "\r\n");
	expect_ok("Sectigo e-mail, CRLF", s, &sectigo_want);
	free(s);
	s = with_eol(sectigo_mail, "\r");
	expect_ok("Sectigo e-mail, CR only", s, &sectigo_want);
	free(s);
	s = with_eol(sectigo_mail, "\n> ");
	expect_ok("Sectigo e-mail, quoted with '> '", s, &sectigo_want);
	free(s);
	s = with_eol(sectigo_mail, "\r\n> > >");
	expect_ok("Sectigo e-mail, quoted three deep, CRLF", s, &sectigo_want);
	free(s);
	expect_ok_n("no final line end", sectigo_mail, strlen(sectigo_mail) - 1,
		    &sectigo_want);
}

static void test_mail_clients(void)
{
	static const struct want w32 = { ACCT, KID, HMAC32, DV, NULL };
	static const struct want w_nourl = { NULL, KID, HMAC64, NULL, NULL };

	expect_ok("Outlook reply quoting",
		  "Please import this, thanks.\r\n"
		  "\r\n"
		  "________________________________\r\n"
		  "From: Sectigo Certificate Manager <noreply@sectigo.com>\r\n"
		  "Sent: Tuesday, March 4, 2025 10:12 AM\r\n"
		  "To: ops@example.com\r\n"
		  "Subject: Your ACME Account ID and EAB credentials\r\n"
		  "\r\n"
		  ">   Account ID:   " ACCT "   \r\n"
		  ">   Server URL:\t" DV "\r\n"
		  ">   EAB KID:      " KID "\r\n"
		  ">   EAB MAC Key:  " HMAC32 "\r\n",
		  &w32);
	expect_ok("Gmail forward",
		  "FYI, for the new web servers.\n"
		  "\n"
		  "---------- Forwarded message ---------\n"
		  "From: Sectigo <caas@sectigo.com>\n"
		  "Date: Mon, 3 Mar 2025 at 09:41\n"
		  "Subject: ACME credentials\n"
		  "To: <ops@example.com>\n"
		  "\n"
		  "Hello,\n"
		  "\n"
		  "Account-ID: " ACCT "\n"
		  "ACME Directory URL: " DV "\n"
		  "Key Identifier: " KID "\n"
		  "HMAC Key: " HMAC32 "\n",
		  &w32);
	expect_ok("values on the next non-empty line",
		  "> ACME Account ID:\n"
		  ">\n"
		  "> " ACCT "\n"
		  "> ACME URL\n"
		  ">    \n"
		  ">\t<" DV ">\n"
		  "> Key ID:\n"
		  "> " KID "\n"
		  "> EAB HMAC Key:\n"
		  "\n"
		  "\n"
		  "> " HMAC32 "\n",
		  &w32);
	expect_ok("HTML mail converted to text, *bold* labels",
		  "*Your ACME details*\n"
		  "*ACME Account ID:* " ACCT "\n"
		  "*ACME Server URL*: " DV " <" DV ">\n"
		  "*EAB Key ID:* *" KID "*\n"
		  "**EAB HMAC Key**: `" HMAC32 "`\n",
		  &w32);
	expect_ok("values in <>, quotes and typographic quotes",
		  "Account ID: \"" ACCT "\"\n"
		  "Server URL: <" DV ">\n"
		  "EAB Key ID: \xe2\x80\x9c" KID "\xe2\x80\x9d\n"
		  "EAB HMAC Key: '" HMAC32 "'\n",
		  &w32);
	expect_ok("labels in other cases, no colons, '=', tab, fullwidth ':'",
		  "acme account id\t" ACCT "\n"
		  "DIRECTORY URL = " DV "\n"
		  "eab_kid=" KID "\n"
		  "Eab Hmac Key\xef\xbc\x9a" HMAC32 "\n",
		  &w32);
	expect_ok("HTML table converted to text",
		  "| Field        | Value |\n"
		  "|--------------|-------|\n"
		  "| Account ID   | " ACCT " |\n"
		  "| ACME URL     | " DV " |\n"
		  "| EAB KID      | " KID " |\n"
		  "| EAB HMAC Key | " HMAC32 " |\n",
		  &w32);
	expect_ok("bullets, NBSP and zero-width spaces",
		  "\xef\xbb\xbf"
		  "Details:\n"
		  "- Account ID:\xc2\xa0" ACCT "\xc2\xa0\n"
		  "\xe2\x80\xa2 ACME URL: " DV "\xe2\x80\x8b\n"
		  "  * EAB Key ID: " KID "\n"
		  "  * EAB HMAC Key: " HMAC32 "   \n",
		  &w32);
	expect_ok("notes after values and labels",
		  "EAB Key ID (kid): " KID " (not secret)\n"
		  "EAB HMAC Key (base64url): " HMAC64 " (keep this secret)\n",
		  &w_nourl);
	expect_ok("same package quoted twice in a thread",
		  "Account ID: " ACCT "\nACME URL: " DV "\n"
		  "EAB KID: " KID "\nHMAC Key: " HMAC32 "\n\n"
		  "> Account ID: " ACCT "\n> ACME URL: " DV "\n"
		  "> EAB KID: " KID "\n> HMAC Key: " HMAC32 "\n",
		  &w32);
}

static void test_ambiguity(void)
{
	static const struct want w_nourl = { NULL, KID, HMAC64, NULL, NULL };
	static const struct want w_acct = { ACCT, KID, HMAC64, NULL, NULL };
	static const struct want w_url = { NULL, NULL, NULL, OV, NULL };
	static const struct want w_mail = { NULL, KID, HMAC64, OV,
					    "ops@example.com" };

	expect_ok("'Key ID' without a value does not take the MAC Key line",
		  "Key ID:\n"
		  "MAC Key: " HMAC64 "\n"
		  "\n"
		  "EAB KID: " KID "\n",
		  &w_nourl);
	expect_ok("'MAC Key ID' is the key id, 'MAC Key' the HMAC key",
		  "EAB MAC Key: " HMAC64 "\n"
		  "EAB MAC Key ID: " KID "\n",
		  &w_nourl);
	expect_err("an empty label never takes the next label line",
		   "EAB_KID=\n"
		   "EAB_HMAC_KEY=" HMAC64 "\n",
		   RC_INPUT, "no EAB key id found", HMAC64);
	expect_ok("'HMAC Key ID' is the key id, 'HMAC Key' the HMAC key",
		  "HMAC Key ID: " KID "\n"
		  "HMAC Key: " HMAC64 "\n",
		  &w_nourl);
	expect_ok("prose that starts like a label is not a value",
		  "Account ID is shown below, please keep it.\n"
		  "Account ID: " ACCT "\n"
		  "Key ID and HMAC key follow.\n"
		  "EAB Key ID: " KID "\n"
		  "HMAC Key\n" HMAC64 "\n",
		  &w_acct);
	expect_ok("a label followed by prose takes nothing from it",
		  "Account ID:\n"
		  "your account id is shown in the portal\n"
		  "EAB Key ID: " KID "\n"
		  "EAB HMAC Key: " HMAC64 "\n",
		  &w_nourl);
	expect_ok("words that merely begin like labels",
		  "Kidding aside: Account IDs are per organisation.\n"
		  "Keyid-less setups exist. HMACs are keyed hashes.\n"
		  "ACME Server URL: " OV "\n",
		  &w_url);
	expect_ok("a URL label with a word that is not a URL",
		  "ACME Server URL: TBD\nEAB KID: " KID "\n"
		  "EAB HMAC: " HMAC64 "\n",
		  &w_nourl);
	expect_ok("Let's Encrypt-style: server URL only",
		  "ACME Directory: " OV "/\n",
		  &(struct want){ NULL, NULL, NULL, OV "/", NULL });
	expect_ok("contact e-mail in name <addr> form",
		  "Contact E-mail: Ops Team <ops@example.com>\n"
		  "Email: support@sectigo.com\n"
		  "ACME URL: " OV "\nKID: " KID "\nHMAC: " HMAC64 "\n",
		  &w_mail);
	expect_ok("mailto: contact",
		  "Account e-mail: <mailto:ops@example.com>\n"
		  "ACME URL: " OV "\nKID: " KID "\nHMAC: " HMAC64 "\n",
		  &w_mail);
	expect_ok("HMAC with '=' padding is stored without it",
		  "EAB Key ID: " KID "\nEAB HMAC Key: " HMAC32 "=\n",
		  &(struct want){ NULL, KID, HMAC32, NULL, NULL });
	expect_ok("HMAC of exactly 16 bytes",
		  "EAB Key ID: " KID "\nEAB HMAC Key: " HMAC16 "\n",
		  &(struct want){ NULL, KID, HMAC16, NULL, NULL });
	expect_ok("URL with port, query and IPv6 host",
		  "ACME URL: https://[2001:db8::1]:14000/dir?x=1\n",
		  &(struct want){ NULL, NULL, NULL,
				  "https://[2001:db8::1]:14000/dir?x=1",
				  NULL });
	expect_ok("hostile prose around a valid package",
		  "\x1b]0;pwned\x07\x1b[2J\x1b[31mURGENT\x1b[0m read this\n"
		  "\xff\xfe garbage \x9b"
		  "31m bytes\n"
		  "Account ID: " ACCT "\n"
		  "EAB Key ID: " KID "\n"
		  "EAB HMAC Key: " HMAC64 "\n",
		  &w_acct);
}

static void test_json(void)
{
	static const struct want w = { ACCT, KID, HMAC64, OV, NULL };
	static const struct want w_nourl = { ACCT, KID, HMAC64, NULL, NULL };

	expect_ok("CaaS API JSON",
		  "{\"acmeAccountID\": \"" ACCT "\",\n"
		  " \"eabMACIDb64url\": \"" KID "\",\n"
		  " \"eabMACKeyb64url\": \"" HMAC64 "\",\n"
		  " \"acmeServerURL\": \"" OV "\",\n"
		  " \"status\": \"ACTIVE\", \"count\": 3}\n",
		  &w);
	expect_ok("JSON without URL, after blank lines",
		  "\n\r\n  {\"acmeAccountID\":\"" ACCT "\","
		  "\"eabMACIDb64url\":\"" KID "\","
		  "\"eabMACKeyb64url\":\"" HMAC64 "=\"}",
		  &w_nourl);
	expect_ok("JSON with serverUrl and the same directoryUrl",
		  "{\"accountId\":\"" ACCT "\",\"eabKid\":\"" KID "\","
		  "\"eabHmacKey\":\"" HMAC64 "\",\"serverUrl\":\"" OV "\","
		  "\"directoryUrl\":\"" OV "\"}",
		  &w);
	expect_ok("JSON with a numeric account id and null e-mail",
		  "{\"acmeAccountID\": 123456,\"eabMACIDb64url\":\"" KID "\","
		  "\"eabMACKeyb64url\":\"" HMAC64 "\",\"email\":null,"
		  "\"directoryUrl\":\"" OV "\"}",
		  &(struct want){ "123456", KID, HMAC64, OV, NULL });

	expect_err("JSON not valid", "{\"acmeAccountID\": ", RC_INPUT,
		   "credentials package: not valid JSON (*", NULL);
	expect_err("JSON with trailing data", "{\"serverUrl\":\"" OV "\"} x",
		   RC_INPUT, "credentials package: not valid JSON (*", NULL);
	expect_err("JSON member of the wrong type",
		   "{\"eabMACIDb64url\":\"" KID "\","
		   "\"eabMACKeyb64url\":[\"" HMAC64 "\"]}",
		   RC_INPUT,
		   "credentials package: JSON member 'eabMACKeyb64url' is"
		   " not a string",
		   HMAC64);
	expect_err("JSON with an escape sequence in the key id",
		   "{\"eabMACIDb64url\":\"ab\\u001b[2Jcd\","
		   "\"eabMACKeyb64url\":\"" HMAC64 "\"}",
		   RC_INPUT,
		   "EAB key id may contain only printable ASCII characters:"
		   " 'ab\\x1b[2Jcd'",
		   HMAC64);
	expect_err("JSON with a NUL inside a value",
		   "{\"eabMACIDb64url\":\"ab\\u0000cd\","
		   "\"eabMACKeyb64url\":\"" HMAC64 "\"}",
		   RC_INPUT, "credentials package contains a NUL byte", HMAC64);
	expect_err("JSON with two different URLs",
		   "{\"serverUrl\":\"" OV "\",\"directoryUrl\":\"" DV "\"}",
		   RC_INPUT,
		   "the package has two different values for the ACME"
		   " server URL; paste one package at a time",
		   NULL);
	expect_err("JSON with nothing usable", "{\"status\":\"ok\"}", RC_INPUT,
		   "no EAB key id, EAB HMAC key or ACME server URL found",
		   NULL);
}

/* Sectigo's CaaS API answers PREREGISTER and LISTACCOUNTS with the
 * accounts wrapped in a list; several need --account-id to pick one. */
#define HMAC_B "c2Vjb25kLWtleS1mb3ItdGVzdGluZy0xMjM0"
#define ENTRY(id, kid, hmac) \
	"{\"acmeAccountID\": \"" id "\", \"accountStatus\": \"valid\", " \
	"\"eabMACKeyb64url\": \"" hmac "\", \"eabMACIDb64url\": \"" kid "\"}"

static void expect_pick(const char *what, const char *text, const char *pick,
			const char *want_kid, const char *want_msg)
{
	struct credpkg p = { 0 };
	struct err e;
	enum rc rc;

	err_clear(&e);
	rc = credpkg_parse_pick(text, strlen(text), pick, &p, &e);
	if (want_kid != NULL) {
		is_int(rc, RC_OK, "%s: parses", what);
		is_str(p.eab_kid, want_kid, "%s: the picked key id", what);
		is_str(p.server_url, OV, "%s: the outer serverURL", what);
	} else {
		is_int(rc, RC_INPUT, "%s: refused", what);
		is_str(e.msg, want_msg, "%s: message", what);
		ok(strstr(e.msg, HMAC64) == NULL &&
			   strstr(e.msg, HMAC_B) == NULL,
		   "%s: no HMAC key in the message", what);
	}
	credpkg_clear(&p);
}

static void test_json_wrapped(void)
{
	static const char one[] = "{\"Accounts\": [" ENTRY(
		"acct-one", "kid-one", HMAC64) "],"
					       " \"serverURL\": \"" OV "\"}";
	static const char two[] = "{\"Accounts\": [" ENTRY(
		"acct-one", "kid-one",
		HMAC64) ", " ENTRY("acct-two", "kid-two",
				   HMAC_B) "],"
					   " \"serverURL\": \"" OV "\"}";

	expect_ok("Sectigo API answer with one account", one,
		  &(struct want){ "acct-one", "kid-one", HMAC64, OV, NULL });
	expect_err("Sectigo API answer with two accounts, none picked", two,
		   RC_INPUT,
		   "credentials package lists 2 accounts (acct-one, "
		   "acct-two): pick one with --account-id",
		   HMAC64);
	expect_pick("two accounts, the second picked", two, "acct-two",
		    "kid-two", NULL);
	expect_pick("two accounts, the first picked", two, "acct-one",
		    "kid-one", NULL);
	expect_pick("two accounts, an unknown one picked", two, "acct-9", NULL,
		    "credentials package: no account 'acct-9' in it (it "
		    "lists: acct-one, acct-two)");
	expect_pick("one account, another picked", one, "acct-9", NULL,
		    "credentials package: no account 'acct-9' in it (it "
		    "lists: acct-one)");
	expect_err("an empty Accounts list", "{\"Accounts\": []}", RC_INPUT,
		   "credentials package: the Accounts list is empty", NULL);
	expect_err("an Accounts entry that is not an object",
		   "{\"Accounts\": [\"x\"]}", RC_INPUT,
		   "credentials package: an Accounts entry is not an object",
		   NULL);
	expect_err("two accounts whose HMAC keys would clash in one package",
		   "{\"Accounts\": [" ENTRY(
			   "a", "k", HMAC64) "],"
					     " \"eabMACKeyb64url\": \"" HMAC_B
					     "\"}",
		   RC_INPUT,
		   "the package has two different values for the EAB HMAC"
		   " key; paste one package at a time",
		   HMAC64);
}

static void test_missing(void)
{
	expect_err("empty input", "", RC_INPUT,
		   "no EAB key id, EAB HMAC key or ACME server URL found",
		   NULL);
	expect_err("prose only",
		   "Hello,\nyour account id is shown below.\nRegards\n",
		   RC_INPUT,
		   "no EAB key id, EAB HMAC key or ACME server URL found",
		   NULL);
	expect_err("account id only", "ACME Account ID: " ACCT "\n", RC_INPUT,
		   "no EAB key id, EAB HMAC key or ACME server URL found",
		   NULL);
	expect_err("key id without HMAC key",
		   "ACME URL: " OV "\nEAB Key ID: " KID "\n", RC_INPUT,
		   "no EAB HMAC key found", NULL);
	expect_err("HMAC key without key id",
		   "ACME URL: " OV "\nEAB HMAC Key: " HMAC64 "\n", RC_INPUT,
		   "no EAB key id found", HMAC64);
	expect_err("HMAC label with the value missing at the end",
		   "EAB Key ID: " KID "\nEAB HMAC Key:\n\n", RC_INPUT,
		   "no EAB HMAC key found", NULL);
}

static void test_malformed(void)
{
	char kid[300], k256[257];

	expect_err("HMAC in standard base64",
		   "EAB Key ID: " KID "\nEAB HMAC Key: " HMACSTD "\n", RC_INPUT,
		   "EAB HMAC key is not base64url: it contains '+' or '/'"
		   " (standard base64); copy the key exactly as the CA sent"
		   " it",
		   "NH2EiauFTOK4aNABNM7oNJGrATIGxuvI");
	expect_err("HMAC cut short (bad length)",
		   "EAB Key ID: " KID "\nEAB HMAC Key: " HMAC64 "x\n", RC_INPUT,
		   "EAB HMAC key is not base64url: its length or last"
		   " character is wrong (cut short?)",
		   HMAC64);
	expect_err("HMAC too short",
		   "EAB Key ID: " KID "\nEAB HMAC Key: " HMAC15 "\n", RC_INPUT,
		   "EAB HMAC key is too short: 15 bytes, at least 16"
		   " expected",
		   HMAC15);
	expect_err("HMAC with an escape sequence",
		   "EAB Key ID: " KID "\nEAB HMAC Key: abcd\x1b[8m" HMAC32 "\n",
		   RC_INPUT, "EAB HMAC key is not base64url", HMAC32);
	expect_err("HMAC with an inner '='",
		   "EAB Key ID: " KID "\nEAB HMAC Key: abcd=" HMAC32 "\n",
		   RC_INPUT, "EAB HMAC key is not base64url", HMAC32);
	expect_err("http URL", "ACME Server URL: http://acme.example.com/dir\n",
		   RC_INPUT,
		   "ACME server URL must use https: "
		   "http://acme.example.com/dir",
		   NULL);
	expect_err("URL without a scheme we know",
		   "ACME Server URL: ftp://acme.example.com/\n", RC_INPUT,
		   "ACME server URL must use https: ftp://acme.example.com/",
		   NULL);
	expect_err("URL with a password",
		   "ACME URL: https://user:hunter2@acme.example.com/dir\n",
		   RC_INPUT,
		   "ACME server URL must not contain a user name or password",
		   "hunter2");
	expect_err("URL without host", "ACME URL: https:///directory\n",
		   RC_INPUT, "ACME server URL has no host: https:///directory",
		   NULL);
	expect_err("URL with a bad port",
		   "ACME URL: https://acme.example.com:99999/dir\n", RC_INPUT,
		   "ACME server URL has an invalid host or port: "
		   "https://acme.example.com:99999/dir",
		   NULL);
	expect_err("URL with a bad host",
		   "ACME URL: https://acme_example!.com/dir\n", RC_INPUT,
		   "ACME server URL has an invalid host or port: "
		   "https://acme_example!.com/dir",
		   NULL);
	expect_err("URL with an escape sequence",
		   "ACME URL: https://acme.example.com/\x1b[2Jdir\n", RC_INPUT,
		   "ACME server URL may contain only printable ASCII"
		   " characters: https://acme.example.com/\\x1b[2Jdir",
		   NULL);
	expect_err("key id with an escape sequence",
		   "EAB Key ID: abc\x1b[31mdef\nEAB HMAC Key: " HMAC64 "\n",
		   RC_INPUT,
		   "EAB key id may contain only printable ASCII characters:"
		   " 'abc\\x1b[31mdef'",
		   HMAC64);
	expect_err("account id with DEL and a C1 control",
		   "Account ID: ab\x7f"
		   "c\xc2\x9b"
		   "d\nACME URL: " OV "\n",
		   RC_INPUT,
		   "ACME account id may contain only printable ASCII"
		   " characters: 'ab\\x7fc\\xc2\\x9bd'",
		   NULL);
	/* "KID: " and 257 characters of key id. */
	memcpy(kid, "KID: ", 5);
	memset(kid + 5, 'k', 257);
	strcpy(kid + 5 + 257, "\nHMAC: " HMAC16);
	expect_err("key id longer than 256", kid, RC_INPUT,
		   "EAB key id is longer than 256 characters", HMAC16);
	memmove(kid + 6, kid + 7, strlen(kid + 7) + 1);
	memset(k256, 'k', 256);
	k256[256] = '\0';
	expect_ok("key id of exactly 256", kid,
		  &(struct want){ NULL, k256, HMAC16, NULL, NULL });
	expect_err("two different key ids",
		   "EAB Key ID: " KID "\nEAB HMAC Key: " HMAC64 "\n"
		   "> EAB Key ID: other" KID "\n",
		   RC_INPUT,
		   "the package has two different values for the EAB key id;"
		   " paste one package at a time",
		   HMAC64);
	expect_err("two different HMAC keys",
		   "EAB Key ID: " KID "\nEAB HMAC Key: " HMAC64 "\n"
		   "EAB HMAC Key: " HMAC32 "\n",
		   RC_INPUT,
		   "the package has two different values for the EAB HMAC"
		   " key; paste one package at a time",
		   HMAC32);
	expect_err("bad contact e-mail",
		   "Contact Email: ops@@example.com\nACME URL: " OV "\n",
		   RC_INPUT, "contact e-mail is not valid: 'ops@@example.com'",
		   NULL);
	expect_err("contact e-mail on a bad domain",
		   "Contact Email: ops@localhost\nACME URL: " OV "\n", RC_INPUT,
		   "contact e-mail is not valid: 'ops@localhost'", NULL);
}

static void test_limits(void)
{
	static const char nul_text[] = "EAB Key ID: " KID "\nEAB HMAC Key: "
				       "abc\0" HMAC64 "\n";
	size_t big = 1024 * 1024, plen = strlen(sectigo_mail);
	struct credpkg p;
	struct err e;
	char *buf;

	expect_err_n("NUL byte", nul_text, sizeof(nul_text) - 1, RC_INPUT,
		     "credentials package contains a NUL byte (a binary"
		     " file?)",
		     HMAC64);
	buf = malloc(big);
	if (buf == NULL)
		abort();
	memset(buf, 'A', big);
	expect_err_n("1 MB input", buf, big, RC_TOOBIG,
		     "credentials package is larger than 64 KiB", NULL);
	/* Exactly at the limit: prose padding, then the package. */
	memset(buf, ' ', CREDPKG_INPUT_MAX);
	buf[0] = 'x';
	memcpy(buf + CREDPKG_INPUT_MAX - plen, sectigo_mail, plen);
	expect_ok_n("exactly 64 KiB", buf, CREDPKG_INPUT_MAX, &sectigo_want);
	expect_err_n("64 KiB + 1", buf, CREDPKG_INPUT_MAX + 1, RC_TOOBIG,
		     "credentials package is larger than 64 KiB", NULL);
	/* One huge value per field, each on a 64 KiB line. */
	plen = strlen("KID: " KID "\nHMAC: ");
	memcpy(buf, "KID: " KID "\nHMAC: ", plen);
	memset(buf + plen, 'A', CREDPKG_INPUT_MAX - plen);
	expect_err_n("64 KiB HMAC key", buf, CREDPKG_INPUT_MAX, RC_INPUT,
		     "EAB HMAC key is longer than 1024 characters", "AAAAAAAA");
	memcpy(buf, "ACME URL: https://a.example/", 28);
	memset(buf + 28, 'p', CREDPKG_INPUT_MAX - 28);
	expect_err_n("64 KiB URL", buf, CREDPKG_INPUT_MAX, RC_INPUT,
		     "ACME server URL is longer than 2048 characters", NULL);
	/* 64 KiB of label lines without values: linear work, no value. */
	memset(buf, 0, CREDPKG_INPUT_MAX);
	while (strlen(buf) + 16 < CREDPKG_INPUT_MAX)
		strcat(buf, "Key ID:\n> \r\n");
	expect_err("64 KiB of empty labels", buf, RC_INPUT,
		   "no EAB key id, EAB HMAC key or ACME server URL found",
		   NULL);
	free(buf);

	err_clear(&e);
	is_int(credpkg_parse(NULL, 0, &p, &e), RC_USAGE, "NULL text");
	credpkg_clear(NULL);
	memset(&p, 0, sizeof(p));
	credpkg_clear(&p);
	credpkg_clear(&p);
	ok(p.eab_hmac == NULL, "clear is safe on NULL, zeroed and twice");
}

static void test_require(void)
{
	struct credpkg p;
	struct err e;

	err_clear(&e);
	if (credpkg_parse(sectigo_mail, strlen(sectigo_mail), &p, &e) !=
	    RC_OK) {
		ok(0, "parse for require: %s", err_text(&e));
		return;
	}
	is_int(credpkg_require(&p,
			       CREDPKG_NEED_ACCOUNT_ID | CREDPKG_NEED_EAB |
				       CREDPKG_NEED_URL,
			       &e),
	       RC_OK, "full package meets every need");
	is_int(credpkg_require(&p, CREDPKG_NEED_EMAIL, &e), RC_INPUT,
	       "missing e-mail");
	is_str(e.msg, "the credentials package has no contact e-mail",
	       "one missing field named");
	credpkg_clear(&p);

	err_clear(&e);
	credpkg_parse("Account ID: " ACCT "\nACME URL: " OV "\n", 64, &p, &e);
	credpkg_clear(&p);
	err_clear(&e);
	credpkg_parse("ACME URL: " OV "\n", strlen("ACME URL: " OV "\n"), &p,
		      &e);
	is_int(credpkg_require(&p,
			       CREDPKG_NEED_ACCOUNT_ID | CREDPKG_NEED_EAB |
				       CREDPKG_NEED_URL,
			       &e),
	       RC_INPUT, "URL-only package lacks EAB and account");
	is_str(e.msg,
	       "the credentials package has no ACME account id, EAB key id"
	       " and EAB HMAC key",
	       "all missing fields in one message");
	credpkg_clear(&p);
}

int main(void)
{
	test_plain_forms();
	test_mail_clients();
	test_ambiguity();
	test_json();
	test_json_wrapped();
	test_missing();
	test_malformed();
	test_limits();
	test_require();
	return tap_done();
}
