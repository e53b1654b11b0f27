#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""server.py - a hostile ACME server for acmetui's tests.

Speaks just enough RFC 8555 over HTTPS on a loopback port to walk a client
up to the step one scenario attacks, then misbehaves there.  Python 3
standard library only; certificates are issued with the openssl command.
JWS signatures are parsed, never verified: the point is the client's
behaviour, not the server's.

    server.py --scenario NAME --port-file FILE --cert PEM --key PEM
              --ca-cert PEM --ca-key PEM --workdir DIR [--log FILE]
              [--tos-file FILE]

The port it listens on is written to --port-file once it accepts
connections.  --log gets one line per request ("METHOD PATH"), so tests
can count what the client asked; a newAccount line ends in " tos=1" when
the client sent termsOfServiceAgreed: true.  --tos-file names a file whose
first line is the directory's meta.termsOfService, read at every
directory request so a test can change the terms between runs (RFC 8555
7.3.3); an empty line leaves termsOfService out.  --list prints the
scenarios.
"""

import argparse
import base64
import json
import os
import secrets
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Controls for the "escape at the glass" scenarios: ESC with a CSI colour,
# an OSC title, a BEL, a C1 CSI (U+009B, sent raw as UTF-8 since JSON lets
# it through unescaped), a backspace and DEL.
NASTY = ("\u001b[31mRED\u001b[0m \u001b]0;pwned-title\u0007 "
         "\u009b2J \u0008\u007f \u001bP+q\u001b\\ end")

SCENARIOS = {
    # name: what the server does (the test script holds the expectations)
    "ok": "a well-behaved CA (baseline)",
    "token-dotdot": "challenge token '../../../escape'",
    "token-slash": "challenge token 'a/b'",
    "token-shell": "challenge token with shell metacharacters",
    "token-bytes": "challenge token with bytes outside base64url",
    "ctl-problem": "newAccount refused with controls in the problem",
    "ctl-account-status": "account status carrying controls",
    "ctl-meta": "directory meta website/termsOfService with controls",
    "ctl-authz-error": "authorization invalid, error detail with controls",
    "huge-body": "100 MB directory with Content-Length",
    "huge-body-stream": "100 MB directory, no length (close-delimited)",
    "deep-json": "directory nested 100000 deep",
    "deep-problem": "newOrder problem document nested 100000 deep",
    "truncated": "directory JSON cut in the middle",
    "short-body": "Content-Length larger than the body sent",
    "not-json": "directory is an HTML page",
    "wrong-ctype": "valid JSON labelled text/html everywhere",
    "problem-ctype": "newOrder problem labelled text/html",
    "bad-nonce": "badNonce on every signed request",
    "ratelimit-long": "newOrder 429 with Retry-After of 2 hours",
    "retry-after-huge": "newOrder 429 with Retry-After of 10^15 seconds",
    "unavailable-then-ok": "503 (Retry-After: 1) once per resource, then ok",
    "redirect-http": "directory redirects to an http URL",
    "redirect-host": "newOrder redirects (307) to another host name",
    "dir-http": "directory lists a plain-http newNonce",
    "authz-http": "order lists a plain-http authorization URL",
    "order-other-host": "newOrder Location on another host",
    "slow-headers": "directory answered one header byte per second",
    "slow-body": "directory body sent one byte per second",
    "key-mismatch": "certificate for another key than the CSR's",
    "pem-garbage": "text and controls between the PEM blocks",
    "pem-broken-block": "the chain's second PEM block is damaged",
    "pem-not-cert": "a PRIVATE KEY block among the certificates",
    "order-invalid": "authorization and order turn invalid",
    "finalize-invalid": "order turns invalid after finalize",
    "processing-retry": "order processing (Retry-After: 1) for two answers "
                        "after finalize, each sent across a second",
}

# processing-retry: how many answers say "processing" (finalize's and the
# polls' before the last), and where in a wall-clock second their headers
# go out and their body follows (the next second).
PROCESSING_ANSWERS = 2
STRADDLE_HEADERS_AT = 0.90
STRADDLE_BODY_AT = 1.10


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64u_dec(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class State:
    """What the CA knows; one per server, guarded by a lock."""

    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.orders = {}
        self.authzs = {}
        self.certs = {}
        self.seq = 0
        self.hits = {}
        self.base = ""

    def next_id(self):
        with self.lock:
            self.seq += 1
            return "%d%s" % (self.seq, secrets.token_hex(4))

    def hit(self, key):
        """Counts requests per key; returns the count including this one."""
        with self.lock:
            self.hits[key] = self.hits.get(key, 0) + 1
            return self.hits[key]


def issue(state, csr_der, names, order_id):
    """Signs csr_der with the test CA; returns the leaf PEM (and, for the
    key-mismatch scenario, a certificate for an unrelated key)."""
    a = state.args
    d = os.path.join(a.workdir, "order-" + order_id)
    os.makedirs(d, exist_ok=True)
    csr = os.path.join(d, "csr.pem")
    with open(csr, "w") as f:
        f.write("-----BEGIN CERTIFICATE REQUEST-----\n")
        b = base64.b64encode(csr_der).decode()
        for i in range(0, len(b), 64):
            f.write(b[i:i + 64] + "\n")
        f.write("-----END CERTIFICATE REQUEST-----\n")
    cmd = ["openssl", "x509", "-req", "-in", csr, "-CA", a.ca_cert,
           "-CAkey", a.ca_key, "-set_serial",
           str(int.from_bytes(secrets.token_bytes(8), "big")),
           "-days", "30", "-copy_extensions", "copyall",
           "-out", os.path.join(d, "leaf.pem")]
    if a.scenario == "key-mismatch":
        other = os.path.join(d, "other.key")
        subprocess.run(["openssl", "genpkey", "-algorithm", "EC",
                        "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                        other], check=True, capture_output=True)
        subprocess.run(["openssl", "pkey", "-in", other, "-pubout", "-out",
                        other + ".pub"], check=True, capture_output=True)
        cmd += ["-force_pubkey", other + ".pub"]
    subprocess.run(cmd, check=True, capture_output=True)
    with open(os.path.join(d, "leaf.pem")) as f:
        return f.read()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "hostile-acme/1"

    # --- plumbing ---

    def log_message(self, fmt, *args):
        pass

    @property
    def st(self):
        return self.server.state

    @property
    def scenario(self):
        return self.st.args.scenario

    def url(self, path):
        return self.st.base + path

    def log_request_line(self, extra=""):
        if self.st.args.log:
            with self.st.lock, open(self.st.args.log, "a") as f:
                f.write("%s %s%s\n" % (self.command, self.path, extra))

    def terms(self):
        """The terms URL the directory names (None: none)."""
        if not self.st.args.tos_file:
            return self.url("/tos")
        with open(self.st.args.tos_file) as f:
            line = f.readline().strip()
        return line or None

    def send(self, status, body, ctype="application/json", headers=None,
             nonce=True):
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False)
        if isinstance(body, str):
            body = body.encode()
        if self.scenario == "wrong-ctype" and ctype.endswith("json"):
            ctype = "text/html"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if nonce:
            self.send_header("Replay-Nonce", b64u(secrets.token_bytes(16)))
        self.send_header("Link", '<%s>;rel="index"' % self.url("/dir"))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_straddled(self, body, headers):
        """Sends a 200 JSON answer whose headers go out at
        STRADDLE_HEADERS_AT into a wall-clock second and whose body follows
        in the next, at STRADDLE_BODY_AT: a client that keeps Retry-After
        as a wall-clock second taken at the headers finds it over once the
        body is in.  Returns the monotonic time the headers went out."""
        body = json.dumps(body).encode()
        now = time.time()
        start = int(now) + STRADDLE_HEADERS_AT
        if start < now:
            start += 1
        time.sleep(start - now)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Replay-Nonce", b64u(secrets.token_bytes(16)))
        self.send_header("Link", '<%s>;rel="index"' % self.url("/dir"))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.flush()
        sent = time.monotonic()
        time.sleep(max(0.0, int(start) + STRADDLE_BODY_AT - time.time()))
        self.wfile.write(body)
        return sent

    def processing(self, oid):
        """processing-retry: answers "processing" with Retry-After: 1
        across a second; the order's last such answer is remembered so the
        next poll is logged with how long after it came (" after=MS")."""
        o = self.st.orders[oid]
        o["answers"] = o.get("answers", 0) + 1
        hdrs = {"Retry-After": "1"}
        if self.path.startswith("/finalize/"):
            hdrs["Location"] = self.url("/order/" + oid)
        o["answered"] = self.send_straddled(self.order_obj(oid), hdrs)

    def problem(self, status, ptype, detail, headers=None, ctype=None):
        self.send(status, {"type": "urn:ietf:params:acme:error:" + ptype,
                           "detail": detail, "status": status},
                  ctype or "application/problem+json", headers)

    def read_jws(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n > 0 else b""
        try:
            jws = json.loads(raw)
            prot = json.loads(b64u_dec(jws["protected"]))
            payload = (json.loads(b64u_dec(jws["payload"]))
                       if jws.get("payload") else None)
        except (ValueError, KeyError, TypeError):
            return None, None
        return prot, payload

    # --- GET/HEAD: directory and nonces ---

    def do_HEAD(self):
        self.log_request_line()
        if self.path == "/nonce":
            self.send(200, b"", nonce=True)
        else:
            self.send(404, b"", nonce=False)

    def do_GET(self):
        self.log_request_line()
        if self.path == "/nonce":
            self.send(204, b"")
        elif self.path == "/dir":
            self.directory()
        else:
            self.send(405, b"", nonce=False)

    def directory(self):
        s = self.scenario
        d = {"newNonce": self.url("/nonce"),
             "newAccount": self.url("/new-acct"),
             "newOrder": self.url("/new-order"),
             "revokeCert": self.url("/revoke"),
             "meta": {"termsOfService": self.terms(),
                      "website": "https://ca.example.test/"}}
        if d["meta"]["termsOfService"] is None:
            del d["meta"]["termsOfService"]
        if s == "ctl-meta":
            d["meta"]["website"] = "https://x.test/" + NASTY
            d["meta"]["termsOfService"] = self.url("/tos?") + NASTY
            d["meta"]["profiles"] = {"classic": "desc " + NASTY}
        if s == "dir-http":
            d["newNonce"] = d["newNonce"].replace("https:", "http:")
        if s == "unavailable-then-ok" and self.st.hit("dir") == 1:
            return self.problem(503, "serverInternal", "maintenance",
                                {"Retry-After": "1"})
        if s in ("huge-body", "huge-body-stream"):
            return self.huge(s == "huge-body")
        if s == "deep-json":
            depth = 100000
            body = '{"a":' + "[" * depth + "]" * depth + "}"
            return self.send(200, body)
        if s == "truncated":
            return self.send(200, json.dumps(d)[:70])
        if s == "short-body":
            body = json.dumps(d).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body) + 500))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            self.close_connection = True
            return
        if s == "not-json":
            return self.send(200, "<html><body>\u001b[2JMaintenance"
                             "</body></html>", "text/html")
        if s == "redirect-http":
            return self.send(302, b"", "text/plain",
                             {"Location": self.url("/dir").replace(
                                 "https:", "http:")})
        if s in ("slow-headers", "slow-body"):
            return self.drip(json.dumps(d).encode(), s == "slow-headers")
        self.send(200, d)

    def huge(self, with_length):
        """100 MB of JSON-looking filler, with or without a length."""
        total = 100 * 1024 * 1024
        chunk = b'{"pad":"' + b"A" * 65536
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if with_length:
            self.send_header("Content-Length", str(total))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        sent = 0
        try:
            while sent < total:
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError,
                OSError):
            pass
        self.close_connection = True

    def drip(self, body, headers_too):
        """Sends a response one byte per second (for at most 120 s)."""
        head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                "Content-Length: %d\r\n\r\n" % len(body)).encode()
        data = head + body
        start = 0 if headers_too else len(head)
        self.close_connection = True
        try:
            if start:
                self.wfile.write(data[:start])
                self.wfile.flush()
            for i in range(start, min(len(data), start + 120)):
                self.wfile.write(data[i:i + 1])
                self.wfile.flush()
                time.sleep(1)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError,
                OSError):
            pass

    # --- POST: everything signed ---

    def do_POST(self):
        prot, payload = self.read_jws()
        agreed = (self.path == "/new-acct" and isinstance(payload, dict)
                  and payload.get("termsOfServiceAgreed") is True)
        self.log_request_line(" tos=1" if agreed else self.poll_after())
        if prot is None:
            return self.problem(400, "malformed", "not a JWS")
        s = self.scenario
        if s == "bad-nonce":
            return self.problem(400, "badNonce", "JWS has an invalid "
                                "anti-replay nonce")
        p = self.path
        if s == "unavailable-then-ok" and p.startswith("/order/") and \
                self.st.hit("order-get") == 1:
            return self.problem(503, "serverInternal", "busy",
                                {"Retry-After": "1"})
        if p == "/new-acct":
            return self.new_account(payload)
        if p.startswith("/acct/"):
            return self.send(200, self.account_obj())
        if p == "/new-order":
            return self.new_order(payload)
        if p.startswith("/order/"):
            return self.get_order(p[len("/order/"):])
        if p.startswith("/authz/"):
            return self.get_authz(p[len("/authz/"):])
        if p.startswith("/chall/"):
            return self.respond_challenge(p[len("/chall/"):])
        if p.startswith("/finalize/"):
            return self.finalize(p[len("/finalize/"):], payload)
        if p.startswith("/cert/"):
            return self.get_cert(p[len("/cert/"):])
        self.problem(404, "malformed", "no such resource")

    def poll_after(self):
        """" after=MS" for a poll of an order that last answered
        "processing" (processing-retry), else ""."""
        o = self.st.orders.get(self.path[len("/order/"):])
        if not self.path.startswith("/order/") or o is None or \
                "answered" not in o:
            return ""
        return " after=%d" % ((time.monotonic() - o["answered"]) * 1000)

    def account_obj(self):
        st = "valid"
        if self.scenario == "ctl-account-status":
            st = "valid" + NASTY
        return {"status": st, "contact": [],
                "orders": self.url("/acct/1/orders")}

    def new_account(self, payload):
        if self.scenario == "ctl-problem":
            return self.problem(403, "unauthorized",
                                "account refused: " + NASTY)
        self.send(201, self.account_obj(),
                  headers={"Location": self.url("/acct/1")})

    def new_order(self, payload):
        s = self.scenario
        if s == "ratelimit-long":
            return self.problem(429, "rateLimited",
                                "too many certificates already issued",
                                {"Retry-After": "7200"})
        if s == "retry-after-huge":
            return self.problem(429, "rateLimited", "slow down",
                                {"Retry-After": "1000000000000000"})
        if s == "deep-problem":
            depth = 100000
            return self.send(400, '{"type":' + "[" * depth + "]" * depth +
                             "}", "application/problem+json")
        if s == "problem-ctype":
            return self.problem(403, "unauthorized", "no " + NASTY,
                                ctype="text/html")
        if s == "redirect-host" and self.st.hit("redirect") == 1:
            return self.send(307, b"", "text/plain", {
                "Location": self.url("/new-order").replace(
                    "127.0.0.1", "localhost")})
        idents = (payload or {}).get("identifiers") or []
        oid = self.st.next_id()
        authz_urls = []
        for ident in idents:
            aid = self.st.next_id()
            self.st.authzs[aid] = {"ident": ident, "status": "pending",
                                   "order": oid, "chall": "pending"}
            u = self.url("/authz/" + aid)
            if s == "authz-http":
                u = u.replace("https:", "http:")
            authz_urls.append(u)
        self.st.orders[oid] = {"status": "pending", "identifiers": idents,
                               "authz": authz_urls, "cert": None,
                               "error": None}
        loc = self.url("/order/" + oid)
        if s == "order-other-host":
            loc = loc.replace("127.0.0.1", "localhost")
        self.send(201, self.order_obj(oid), headers={"Location": loc})

    def order_obj(self, oid):
        o = self.st.orders[oid]
        obj = {"status": o["status"], "identifiers": o["identifiers"],
               "authorizations": o["authz"],
               "finalize": self.url("/finalize/" + oid),
               "expires": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                        time.gmtime(time.time() + 86400))}
        if o["cert"]:
            obj["certificate"] = self.url("/cert/" + oid)
        if o["error"]:
            obj["error"] = o["error"]
        return obj

    def refresh_order(self, oid):
        o = self.st.orders[oid]
        if o["status"] != "pending":
            return
        states = [self.st.authzs[a]["status"]
                  for a, v in self.st.authzs.items() if v["order"] == oid]
        if any(x == "invalid" for x in states):
            o["status"] = "invalid"
            o["error"] = {"type": "urn:ietf:params:acme:error:unauthorized",
                          "detail": "an authorization failed"}
        elif states and all(x == "valid" for x in states):
            o["status"] = "ready"

    def get_order(self, oid):
        if oid not in self.st.orders:
            return self.problem(404, "malformed", "no such order")
        self.refresh_order(oid)
        o = self.st.orders[oid]
        if o["status"] == "processing":
            if o["answers"] < PROCESSING_ANSWERS:
                return self.processing(oid)
            o["status"] = "valid"
            o["cert"] = o.pop("issued")
        self.send(200, self.order_obj(oid))

    def token(self):
        s = self.scenario
        if s == "token-dotdot":
            return "../../../escape"
        if s == "token-slash":
            return "a/b"
        if s == "token-shell":
            return "x;touch${IFS}PWNED;$(touch${IFS}PWNED2)`touch PWNED3`"
        if s == "token-bytes":
            return "tok+en/=\u00e9\u0000%2e%2e"
        return b64u(secrets.token_bytes(32))

    def authz_obj(self, aid):
        a = self.st.authzs[aid]
        if "token" not in a:
            a["token"] = self.token()
        ch = {"type": "http-01", "url": self.url("/chall/" + aid),
              "token": a["token"], "status": a["chall"]}
        if a["chall"] == "invalid":
            ch["error"] = {"type": "urn:ietf:params:acme:error:"
                           "unauthorized",
                           "detail": "Invalid response from "
                           "http://x/.well-known: " + NASTY
                           if self.scenario == "ctl-authz-error"
                           else "Invalid response: 404"}
        return {"status": a["status"], "identifier": a["ident"],
                "expires": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                         time.gmtime(time.time() + 86400)),
                "challenges": [ch]}

    def get_authz(self, aid):
        if aid not in self.st.authzs:
            return self.problem(404, "malformed", "no such authorization")
        self.send(200, self.authz_obj(aid))

    def respond_challenge(self, aid):
        if aid not in self.st.authzs:
            return self.problem(404, "malformed", "no such challenge")
        a = self.st.authzs[aid]
        fail = self.scenario in ("order-invalid", "ctl-authz-error")
        a["chall"] = "invalid" if fail else "valid"
        a["status"] = "invalid" if fail else "valid"
        ch = self.authz_obj(aid)["challenges"][0]
        self.send(200, ch, headers={
            "Link": '<%s>;rel="up"' % self.url("/authz/" + aid)})

    def finalize(self, oid, payload):
        o = self.st.orders.get(oid)
        if o is None:
            return self.problem(404, "malformed", "no such order")
        self.refresh_order(oid)
        if o["status"] != "ready":
            return self.problem(403, "orderNotReady", "order not ready")
        if self.scenario == "finalize-invalid":
            o["status"] = "invalid"
            o["error"] = {"type": "urn:ietf:params:acme:error:badCSR",
                          "detail": "the CA refused to sign " + NASTY}
            return self.send(200, self.order_obj(oid),
                             headers={"Location": self.url("/order/" + oid)})
        try:
            csr = b64u_dec(payload["csr"])
            names = [i["value"] for i in o["identifiers"]]
            o["cert"] = issue(self.st, csr, names, oid)
        except (KeyError, TypeError, ValueError,
                subprocess.CalledProcessError) as exc:
            return self.problem(400, "badCSR", "cannot sign: %s" % exc)
        if self.scenario == "processing-retry":
            o["issued"], o["cert"] = o["cert"], None
            o["status"] = "processing"
            return self.processing(oid)
        o["status"] = "valid"
        self.send(200, self.order_obj(oid),
                  headers={"Location": self.url("/order/" + oid)})

    def get_cert(self, oid):
        o = self.st.orders.get(oid)
        if o is None or not o["cert"]:
            return self.problem(404, "malformed", "no such certificate")
        with open(self.st.args.ca_cert) as f:
            ca = f.read()
        leaf = o["cert"]
        s = self.scenario
        if s == "pem-garbage":
            body = ("Here is your certificate!\n" + leaf +
                    "\u001b[31m-- garbage --\u001b[0m \u001b]0;x\u0007\n" +
                    ca + "trailing words\n")
        elif s == "pem-broken-block":
            lines = ca.splitlines(True)
            lines[3] = "!!!!" + lines[3][4:]
            body = leaf + "".join(lines)
        elif s == "pem-not-cert":
            with open(self.st.args.ca_key) as f:
                body = leaf + f.read() + ca
        else:
            body = leaf + ca
        self.send(200, body, "application/pem-certificate-chain")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="ok")
    ap.add_argument("--port-file")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--ca-cert")
    ap.add_argument("--ca-key")
    ap.add_argument("--workdir")
    ap.add_argument("--log")
    ap.add_argument("--tos-file")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    if args.list:
        for k, v in SCENARIOS.items():
            print("%-22s %s" % (k, v))
        return 0
    if args.scenario not in SCENARIOS:
        print("server.py: unknown scenario %s" % args.scenario,
              file=sys.stderr)
        return 2
    for need in ("port_file", "cert", "key", "ca_cert", "ca_key",
                 "workdir"):
        if getattr(args, need) is None:
            print("server.py: --%s is required" % need.replace("_", "-"),
                  file=sys.stderr)
            return 2
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    httpd.state = State(args)
    port = httpd.server_address[1]
    httpd.state.base = "https://127.0.0.1:%d" % port
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, args.port_file)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
