"""The SPARQL 1.1 Protocol (query, update) and the Graph Store HTTP Protocol, over HTTP.

:class:`Endpoint` is the client :class:`~policygraph.stores.sparql_endpoint.SparqlEndpointStore`
talks through. It uses the standard library only (``urllib``) and POSTs everything, so no request
is limited by the length of a URL: queries form-encoded (Virtuoso does not answer a query POSTed as
it is), updates as they are (``application/sparql-update``: a form would triple the bytes of Chinese
text). Answers are parsed by pyoxigraph (SPARQL XML results, N-Triples), so values convert exactly
as the embedded store's do; XML rather than JSON results because Virtuoso writes booleans as ``1``
in JSON.

Failures are :class:`~policygraph.errors.ServerError` with one line naming the URL, never the
credentials: the endpoint is down or slow (timeouts), refuses the credentials or the update, or
cut a result (:class:`ResultCut`); a query the endpoint rejects as invalid is a
:class:`~policygraph.errors.PolicyGraphError`, like an invalid query on the embedded store.

>>> e = Endpoint("http://analyst:secret@localhost:8890/sparql")
>>> e.url, e.update_url, e.user
('http://localhost:8890/sparql', 'http://localhost:8890/sparql', 'analyst')
>>> query_form("PREFIX pg: <https://w3id.org/policygraph/ns#>  # comment\\nASK { ?s ?p ?o }")
'ASK'
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request

from pyoxigraph import QueryResultsFormat, RdfFormat, Triple, parse, parse_query_results

from ..errors import PolicyGraphError, ServerError

XML_RESULTS = "application/sparql-results+xml"
N_TRIPLES = "application/n-triples"
FORM = "application/x-www-form-urlencoded; charset=utf-8"
SPARQL_UPDATE = "application/sparql-update; charset=utf-8"


class ResultCut(ServerError):
    """The endpoint returned part of a result: it caps the rows it sends (Virtuoso's
    ``[SPARQL] ResultSetMaxRows``, 10000 by default)."""


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``(url without user:password@, user, password)``.

    >>> split_credentials("https://u:p%40ss@example.org/sparql")
    ('https://example.org/sparql', 'u', 'p@ss')
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ServerError(f"not an http(s) URL of a SPARQL endpoint: {strip_credentials(url)}")
    if parts.username is None:
        return url, None, None
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    bare = urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    password = urllib.parse.unquote(parts.password) if parts.password is not None else None
    return bare, urllib.parse.unquote(parts.username), password


def strip_credentials(url: str) -> str:
    """The URL as messages show it: without any ``user:password@``."""
    return re.sub(r"//[^/@]*@", "//", url, count=1)


_PROLOGUE = re.compile(r"\s*(?:#[^\n]*\n?|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.IGNORECASE)
_FORM = re.compile(r"\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(text: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the first keyword after the prologue."""
    pos = 0
    while m := _PROLOGUE.match(text, pos):
        if m.end() == pos:
            break
        pos = m.end()
    m = _FORM.match(text, pos)
    if m is None:
        raise PolicyGraphError("invalid SPARQL: expected SELECT, ASK, CONSTRUCT or DESCRIBE after the prefixes")
    return m.group(1).upper()


def _reason(body: bytes) -> str:
    """The first lines of an error body, without the query text Virtuoso echoes back."""
    text = body.decode("utf-8", errors="replace").split("SPARQL query:", 1)[0]
    text = re.sub(r"<[^>]+>", " ", text)  # HTML error pages
    text = " ".join(text.split())
    return text[:300] + ("…" if len(text) > 300 else "")


class Endpoint:
    """A SPARQL endpoint: ``query_url``; updates to ``update_url`` (default: the query URL, which
    Virtuoso and GraphDB accept); Graph Store Protocol writes to ``graph_store_url`` (optional).

    ``user``/``password`` answer the server's Basic or Digest challenge (credentials written in a
    URL are taken out of it). ``timeout`` is in seconds, per request.
    """

    def __init__(self, query_url: str, update_url: str | None = None, graph_store_url: str | None = None, *,
                 user: str | None = None, password: str | None = None, timeout: float = 60.0):
        self.url, u, p = split_credentials(query_url)
        self.update_url, u2, p2 = split_credentials(update_url) if update_url else (self.url, None, None)
        self.graph_store_url, u3, p3 = (split_credentials(graph_store_url) if graph_store_url
                                        else (None, None, None))
        self.user = user or u or u2 or u3
        password = password if password is not None else (p or p2 or p3)
        self.timeout = timeout
        self.requests = {"query": 0, "update": 0, "graph_store": 0}  # counts, for tests and benchmarks
        handlers = []
        if self.user is not None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (self.url, self.update_url, self.graph_store_url):
                if url:
                    manager.add_password(None, url, self.user, password or "")
            handlers = [urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager)]
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:
        return f"Endpoint({self.url})"

    # ------------------------------------------------------------------ the three kinds of request
    def query(self, text: str):
        """A query's answer: ``QuerySolutions`` (SELECT), ``bool`` (ASK) or a list of triples."""
        form = query_form(text)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        body, headers = self._send("query", self.url, {"query": text}, accept=N_TRIPLES if graph else XML_RESULTS)
        if headers.get("X-SPARQL-MaxRows"):
            raise ResultCut(f"the SPARQL endpoint {self.url} cut the result at {headers['X-SPARQL-MaxRows']} "
                            f"rows; raise its limit (Virtuoso: [SPARQL] ResultSetMaxRows in virtuoso.ini)")
        try:
            if graph:
                return [Triple(q.subject, q.predicate, q.object) for q in parse(body, RdfFormat.N_TRIPLES)]
            res = parse_query_results(body, QueryResultsFormat.XML)
        except SyntaxError as exc:
            raise ServerError(f"the SPARQL endpoint {self.url} sent an answer that is not SPARQL results: {exc}") from exc
        return bool(res) if form == "ASK" else res

    def update(self, text: str) -> None:
        """Run a SPARQL update request."""
        self._send("update", self.update_url, text.encode("utf-8"), content_type=SPARQL_UPDATE)

    def post_graph(self, graph: str, ntriples: bytes) -> None:
        """Add N-Triples to a named graph (Graph Store Protocol POST ``?graph=IRI``)."""
        if not self.graph_store_url:
            raise ServerError("no Graph Store Protocol URL was given (--graph-store URL)")
        sep = "&" if "?" in self.graph_store_url else "?"
        url = f"{self.graph_store_url}{sep}{urllib.parse.urlencode({'graph': graph})}"
        self._send("graph_store", url, ntriples, content_type=N_TRIPLES)

    # ------------------------------------------------------------------ HTTP
    def _send(self, kind: str, url: str, data, *, accept: str = "*/*", content_type: str = FORM):
        body = urllib.parse.urlencode(data).encode("utf-8") if isinstance(data, dict) else data
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": content_type, "Accept": accept})
        self.requests[kind] += 1
        shown = strip_credentials(url.split("?", 1)[0])
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.read(), response.headers
        except urllib.error.HTTPError as exc:
            raise self._http_error(kind, shown, exc.code, _reason(exc.read() or b""), len(body)) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
                raise ServerError(f"the SPARQL endpoint {shown} did not answer within {self.timeout:g} s "
                                  f"(raise timeout=)") from exc
            raise ServerError(f"cannot reach the SPARQL endpoint {shown}: {reason}") from exc

    def _http_error(self, kind: str, url: str, code: int, reason: str, size: int) -> PolicyGraphError:
        what = {"query": "the query", "update": "the update", "graph_store": "the Graph Store write"}[kind]
        if code == 401:
            given = "refused the credentials given" if self.user else "asks for credentials"
            return ServerError(f"the SPARQL endpoint {url} {given} (HTTP 401): give --sparql-user and "
                               f"POLICYGRAPH_SPARQL_PASSWORD")
        if code == 404:
            return ServerError(f"no SPARQL endpoint at {url} (HTTP 404)")
        if code == 413:
            return ServerError(f"{url} refused {what} of {size} bytes as too large (HTTP 413): lower batch_bytes")
        if code == 403 or "permission" in reason.lower():
            hint = (" (Virtuoso: isql-vt … exec='GRANT SPARQL_UPDATE TO \"SPARQL\";')" if kind != "query" else "")
            return ServerError(f"{url} refused {what}: the account may not do this (HTTP {code}){hint}: {reason}")
        if code == 400 and kind == "query":
            return PolicyGraphError(f"invalid SPARQL (the endpoint {url} said): {reason}")
        if code in (400, 405, 415) and kind == "update" and url == self.url:
            return ServerError(f"{url} does not take updates at its query URL (HTTP {code}): give the update "
                               f"URL with --sparql-update (Fuseki, Oxigraph server: …/update): {reason}")
        return ServerError(f"the SPARQL endpoint {url} failed on {what} (HTTP {code}): {reason}")


__all__ = ["Endpoint", "ResultCut", "query_form", "split_credentials", "strip_credentials"]
