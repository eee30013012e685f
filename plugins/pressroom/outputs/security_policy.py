"""The Content-Security-Policy of every page, built from the settings.

GitHub Pages (and most static hosts) cannot send a Content-Security-Policy
header, so base.html writes the policy into a
<meta http-equiv="Content-Security-Policy"> element straight after
<meta charset>: a policy in a meta element governs only what the parser meets
after it, so it must come before every script, style and link element.

The site serves everything from itself and runs no inline script:

default-src 'none'
    Anything not named below is refused (media, manifests, prefetches…); a
    release that one day carries <audio> or <video> needs media-src 'self'.
script-src 'self' 'wasm-unsafe-eval'
    theme/static/js/search.js and Pagefind's pagefind.js, both module files
    of the site. Pagefind compiles its WebAssembly (wasm.*.pagefind) with
    WebAssembly.instantiate, which needs 'wasm-unsafe-eval'. Inline JSON-LD,
    <script type="application/ld+json">, is data the browser never runs, and
    no policy applies to it.
worker-src 'none'
    The search page runs Pagefind on the page itself, without its Web Worker
    (search/bundle.py does not publish the worker's script). Without this,
    workers would fall back to script-src and be allowed from the site.
connect-src 'self'
    Pagefind fetches its entry file, metadata, index chunks, fragments and
    WebAssembly from /{lang}/pagefind/.
img-src 'self', style-src 'self', font-src 'self'
    The logo, release images, the two stylesheets (and fonts, should the
    theme ever add one). style-src 'self' also refuses style="…" attributes
    and <style> elements: the theme has none, and tables' alignment is a
    class (press-table__cell--left/--center/--right in main.css).
object-src 'none'
    No plug-ins. This also refuses <object> and <embed> from
    PRESSROOM_EMBED_ALLOWLIST: only <iframe> embeds work.
frame-src 'none', or exactly PRESSROOM_EMBED_ALLOWLIST
    Each allow-listed prefix is a CSP source expression as it stands: an
    origin ("https://host") allows every path, and a path ending in "/"
    ("https://www.youtube-nocookie.com/embed/") allows every path below it.
    A path not ending in "/" would match only itself in CSP, unlike the
    prefix check of render/policy.py, so it is refused.
base-uri 'none'
    The site writes no <base> element; an injected one could redirect every
    relative address.
form-action 'self'
    The search forms submit (GET) to /{lang}/search/ on the site.

'self' is the origin the page is served from. Previews (SITEURL = "") use
root-relative addresses, which are same-origin wherever they are served
(localhost:8000, 127.0.0.1:<port>). A production build (publishconf.py)
writes absolute addresses under SITEURL, which match 'self' when the site is
served from SITEURL's origin, as it is meant to be. Under a sub-path
(https://owner.github.io/repo) 'self' is the whole origin, so the owner's
other project sites count as the site too.

What a meta policy cannot do, so these are left out: browsers ignore
frame-ancestors (who may frame the site: clickjacking protection), report-uri
and sandbox in a meta element, and report-to names an endpoint that only a
Reporting-Endpoints header can define, so no violation is ever reported to
the site. Content-Security-Policy-Report-Only cannot be a meta element at all.
All of these need a host that sends headers.
"""

import functools
from urllib.parse import urlsplit


class EmbedAllowlistError(ValueError):
    """A PRESSROOM_EMBED_ALLOWLIST entry that is no CSP source expression."""


def content_security_policy(settings):
    """The policy string for every page of the site built with `settings`.
    Computed once per allow-list: each page's template values ask again."""
    return _policy(tuple(settings.get("PRESSROOM_EMBED_ALLOWLIST") or ()))


@functools.lru_cache(maxsize=None)
def _policy(embed_allowlist):
    frames = " ".join(frame_source(prefix) for prefix in embed_allowlist) or "'none'"
    directives = [
        ("default-src", "'none'"),
        ("script-src", "'self' 'wasm-unsafe-eval'"),
        ("worker-src", "'none'"),
        ("connect-src", "'self'"),
        ("img-src", "'self'"),
        ("style-src", "'self'"),
        ("font-src", "'self'"),
        ("object-src", "'none'"),
        ("frame-src", frames),
        ("base-uri", "'none'"),
        ("form-action", "'self'"),
    ]
    return "; ".join(f"{name} {value}" for name, value in directives)


def frame_source(prefix):
    """`prefix`, an allow-listed embed address prefix, as a frame-src source
    expression, or EmbedAllowlistError saying why it cannot be one."""
    def refuse(why):
        raise EmbedAllowlistError(f"PRESSROOM_EMBED_ALLOWLIST: {prefix!r} {why}; give an origin such as "
                                  f"'https://www.youtube-nocookie.com' or a path prefix ending in '/' such as "
                                  f"'https://www.youtube-nocookie.com/embed/'")

    if not isinstance(prefix, str) or any(c.isspace() or c in ";,'\"" for c in prefix):
        refuse("cannot be written in a Content-Security-Policy")
    parts = urlsplit(prefix)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        refuse("is not an http(s) address with a host")
    if parts.query or parts.fragment or "?" in prefix or "#" in prefix or parts.username or parts.password:
        refuse("has a query, fragment or user name, which a Content-Security-Policy cannot match")
    if parts.path and not parts.path.endswith("/"):
        refuse("ends inside a path, where a Content-Security-Policy matches the path exactly")
    return prefix
