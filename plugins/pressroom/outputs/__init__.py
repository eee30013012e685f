"""What a build writes, each a function of the plan: the HTML pages
(pages.py), feeds, the sitemap, releases.json, robots.txt, the static files;
and the parts of pages that are formats of their own (JSON-LD, the
Content-Security-Policy)."""
