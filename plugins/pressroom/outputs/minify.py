"""Minified HTML, CSS and JavaScript for production (PRESSROOM_MINIFY, on in
publishconf.py), through maintained libraries: minify-html for pages (with
the CSS and JavaScript inside them), rcssmin for stylesheets and rjsmin for
the theme's scripts (the search page's, whose download counts against every
first search: 15 KB as written, 9 KB minified).

The options keep the output valid HTML, as the Nu HTML Checker reads it
(tests/test_html_validity.py): the doctype stays `<!doctype html>`, and
<html>, <head> and closing tags stay, which also keeps the markup readable
for an auditor who opens the source. Whitespace between words is kept;
only whitespace that no browser renders goes.
"""

import minify_html
import rcssmin
import rjsmin


def page(html_text):
    return minify_html.minify(html_text, minify_css=True, minify_js=True, keep_closing_tags=True,
                              keep_html_and_head_opening_tags=True)


def stylesheet(css_text):
    return rcssmin.cssmin(css_text)


def script(js_text):
    return rjsmin.jsmin(js_text)
