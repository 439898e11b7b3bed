"""A small but real OpenID Connect provider for the CIS2 sign-in tests: an HTTP server on a
local port that serves discovery, its signing keys (JWKS), an authorisation endpoint that
approves at once and sends the browser back with a code, a token endpoint that checks the
code, client secret, redirect address and PKCE verifier and issues an RS256-signed id_token,
and a user information endpoint. Gateway talks to it over HTTP exactly as it would to CIS2;
nothing in mozilla-django-oidc is replaced.

The person it signs in is whatever the test puts in ``provider.person`` (id_token claims)
and ``provider.userinfo`` (user information claims); ``provider.token_overrides`` changes the
id_token (another issuer or audience, say) to check Gateway refuses it."""

import base64
import hashlib
import json
import secrets
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "gateway-test-client"
CLIENT_SECRET = "not-a-real-secret-" + "x" * 16


class LocalOidcProvider:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = uuid.uuid4().hex
        self.codes = {}
        self.access_tokens = {}
        self.person = {}
        self.userinfo = {}
        self.token_overrides = {}
        self.requests = []  # (method, path) of every request, for the tests to inspect
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                provider.requests.append(("GET", urlparse(self.path).path))
                provider.handle_get(self)

            def do_POST(self):
                provider.requests.append(("POST", urlparse(self.path).path))
                provider.handle_post(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def settings(self):
        """The Gateway settings that point at this provider."""
        return {
            "OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
        }

    # --- HTTP -----------------------------------------------------------------------------

    @staticmethod
    def _send(handler, status, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else b""
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        if body is not None:
            handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def handle_get(self, handler):
        url = urlparse(handler.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            return self._send(handler, 200, self.discovery())
        if url.path == "/jwks":
            jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
            jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
            return self._send(handler, 200, {"keys": [jwk]})
        if url.path == "/authorize":
            return self.authorize(handler, query)
        if url.path == "/userinfo":
            token = handler.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in self.access_tokens:
                return self._send(handler, 401, {"error": "invalid_token"})
            return self._send(handler, 200, self.access_tokens[token])
        return self._send(handler, 404, {"error": "not_found"})

    def handle_post(self, handler):
        length = int(handler.headers.get("Content-Length", "0"))
        form = {k: v[0] for k, v in parse_qs(handler.rfile.read(length).decode()).items()}
        if urlparse(handler.path).path != "/token":
            return self._send(handler, 404, {"error": "not_found"})
        return self.token(handler, form)

    def discovery(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def authorize(self, handler, query):
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            return self._send(handler, 400, {"error": "invalid_request"})
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query.get("nonce"),
            "code_challenge": query.get("code_challenge"),
            "acr_values": query.get("acr_values", ""),
            "scope": query.get("scope", ""),
        }
        target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        return self._send(handler, 302, headers={"Location": target})

    def token(self, handler, form):
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return self._send(handler, 400, {"error": "invalid_grant"})
        verifier = form.get("code_verifier", "")
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        if grant["code_challenge"] and challenge != grant["code_challenge"]:
            return self._send(handler, 400, {"error": "invalid_grant", "detail": "PKCE"})
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "auth_time": now,
            "nonce": grant["nonce"],
            **self.person,
            **self.token_overrides,
        }
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = {"sub": self.person.get("sub"), **self.userinfo}
        body = {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }
        return self._send(handler, 200, body)
