"""Page and feed templates: the ASCII markup that real text sits in on the web.

Every function takes a random.Random, so a page is the same on every build.
"""

import html

SITE_WORDS = ["daily", "news", "portal", "forum", "blog", "press", "info", "tech", "media",
              "city", "online", "today", "wiki", "club", "times", "herald", "post", "journal"]
TLD = {"ja": "jp", "zh_cn": "cn", "zh_tw": "tw", "ko": "kr", "ru": "ru", "uk": "ua", "bg": "bg",
       "pl": "pl", "cs": "cz", "hu": "hu", "de": "de", "fr": "fr", "es": "es", "pt": "com.br",
       "el": "gr", "tr": "com.tr", "he": "co.il", "ar": "com", "lt": "lt", "lv": "lv", "th": "co.th",
       "vi": "vn"}
HTML_LANG = {"zh_cn": "zh-CN", "zh_tw": "zh-TW", "pt": "pt-BR"}
SLUGS = ["politics", "economy", "society", "culture", "sport", "science", "technology", "world",
         "opinion", "travel", "health", "auto", "realty", "education", "games", "video", "photo",
         "weather", "business", "lifestyle", "music", "cinema", "books", "linux", "software",
         "hardware", "mobile", "internet", "security", "howto"]
FONTS = ['"Helvetica Neue", Helvetica, Arial, sans-serif', 'Georgia, "Times New Roman", serif',
         'Verdana, Geneva, Tahoma, sans-serif', '"Segoe UI", Roboto, "Noto Sans", sans-serif',
         'Tahoma, Arial, sans-serif', '"Trebuchet MS", Arial, sans-serif']
SELECTORS = ["body", "a", "a:hover", ".container", ".wrapper", "#header", "#footer", ".nav",
             ".nav li", ".nav a", ".nav a:hover", ".main", ".sidebar", ".widget", ".widget-title",
             ".entry-title", ".entry-meta", ".entry-content p", ".entry-content img", ".btn",
             ".btn-primary", ".pagination", ".pagination a", ".breadcrumbs", ".tags a", ".comments",
             ".comment-body", ".search-form input", ".social-icons a", ".banner", ".ad-slot",
             "h1", "h2", "h3", "blockquote", "pre, code", "table", "td, th", ".footer-links a",
             ".cookie-bar", ".related-posts li", ".thumb img", ".clearfix:after", "@media-1"]


def _color(r):
    return "#%06x" % r.randrange(0x1000000)


def css(r, n):
    out = []
    for _ in range(n):
        sel = r.choice(SELECTORS)
        if sel == "@media-1":
            w = r.choice([480, 600, 768, 992, 1024, 1200])
            out.append("@media (max-width: %dpx) {\n  .sidebar { display: none; }\n  .main { width: 100%%; float: none; padding: 0 %dpx; }\n  .nav li { display: block; border-bottom: 1px solid %s; }\n}" % (w, r.randrange(4, 20), _color(r)))
            continue
        props = []
        seen = set()
        for _ in range(r.randrange(2, 7)):
            k = r.choice(["color", "background", "margin", "padding", "font-size", "font-family",
                          "line-height", "border", "border-radius", "display", "width", "float",
                          "text-decoration", "font-weight", "box-shadow", "transition", "max-width",
                          "text-align", "letter-spacing", "overflow", "position", "z-index"])
            v = {"color": _color(r), "background": r.choice([_color(r), "transparent", "url(/img/bg%d.png) repeat-x" % r.randrange(9), "linear-gradient(to bottom, %s 0%%, %s 100%%)" % (_color(r), _color(r))]),
                 "margin": "%dpx %dpx" % (r.randrange(0, 30), r.randrange(0, 30)),
                 "padding": "%dpx %dpx %dpx" % (r.randrange(0, 20), r.randrange(0, 20), r.randrange(0, 20)),
                 "font-size": r.choice(["%dpx" % r.randrange(10, 32), "%.2fem" % (r.randrange(70, 250) / 100), "%.3frem" % (r.randrange(70, 250) / 100)]),
                 "font-family": r.choice(FONTS), "line-height": r.choice(["1.4", "1.5", "1.6", "20px", "normal"]),
                 "border": "%dpx %s %s" % (r.randrange(0, 4), r.choice(["solid", "dotted", "dashed"]), _color(r)),
                 "border-radius": "%dpx" % r.randrange(0, 12), "display": r.choice(["block", "inline-block", "flex", "none", "table"]),
                 "width": r.choice(["%d%%" % r.randrange(10, 101), "%dpx" % r.randrange(100, 1200), "auto"]),
                 "float": r.choice(["left", "right", "none"]), "text-decoration": r.choice(["none", "underline"]),
                 "font-weight": r.choice(["bold", "normal", "400", "600", "700"]),
                 "box-shadow": "0 %dpx %dpx rgba(0,0,0,.%d)" % (r.randrange(0, 4), r.randrange(0, 12), r.randrange(1, 9)),
                 "transition": "all .%ds ease-in-out" % r.randrange(1, 6), "max-width": "%dpx" % r.randrange(300, 1400),
                 "text-align": r.choice(["left", "center", "right", "justify"]), "letter-spacing": "%.2fem" % (r.randrange(0, 10) / 100),
                 "overflow": r.choice(["hidden", "auto", "visible"]), "position": r.choice(["relative", "absolute", "fixed", "static"]),
                 "z-index": str(r.randrange(1, 1000))}[k]
            if k in seen:
                continue
            seen.add(k)
            props.append("  %s: %s;" % (k, v))
        out.append("%s {\n%s\n}" % (sel, "\n".join(props)))
    return "\n".join(out)


JS = [
    """(function(i,s,o,g,r,a,m){i['GoogleAnalyticsObject']=r;i[r]=i[r]||function(){
(i[r].q=i[r].q||[]).push(arguments)},i[r].l=1*new Date();a=s.createElement(o),
m=s.getElementsByTagName(o)[0];a.async=1;a.src=g;m.parentNode.insertBefore(a,m)
})(window,document,'script','https://www.google-analytics.com/analytics.js','ga');
ga('create', 'UA-%(n1)d-%(n2)d', 'auto');
ga('send', 'pageview');""",
    """window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date());
gtag('config', 'G-%(id)s', { 'anonymize_ip': true, 'cookie_flags': 'SameSite=None;Secure' });""",
    """var _paq = window._paq = window._paq || [];
_paq.push(['trackPageView']);
_paq.push(['enableLinkTracking']);
(function() {
  var u="//stats.%(host)s/";
  _paq.push(['setTrackerUrl', u+'matomo.php']);
  _paq.push(['setSiteId', '%(n2)d']);
  var d=document, g=d.createElement('script'), s=d.getElementsByTagName('script')[0];
  g.async=true; g.src=u+'matomo.js'; s.parentNode.insertBefore(g,s);
})();""",
    """$(document).ready(function () {
  $('.menu-toggle').on('click', function (e) {
    e.preventDefault();
    $('#site-navigation').toggleClass('toggled');
    $(this).attr('aria-expanded', $('#site-navigation').hasClass('toggled'));
  });
  $('a[href^="#"]').on('click', function (e) {
    var target = $(this.getAttribute('href'));
    if (target.length) {
      e.preventDefault();
      $('html, body').stop().animate({ scrollTop: target.offset().top - %(n3)d }, 600);
    }
  });
  $(window).scroll(function () {
    if ($(this).scrollTop() > %(n4)d) { $('#back-to-top').fadeIn(); } else { $('#back-to-top').fadeOut(); }
  });
});""",
    """document.addEventListener('DOMContentLoaded', function () {
  var imgs = [].slice.call(document.querySelectorAll('img.lazy'));
  if ('IntersectionObserver' in window) {
    var io = new IntersectionObserver(function (entries, observer) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          var img = entry.target;
          img.src = img.dataset.src;
          if (img.dataset.srcset) { img.srcset = img.dataset.srcset; }
          img.classList.remove('lazy');
          observer.unobserve(img);
        }
      });
    }, { rootMargin: '%(n3)dpx 0px' });
    imgs.forEach(function (img) { io.observe(img); });
  }
});""",
    """window.adsbygoogle = window.adsbygoogle || [];
var adConfig = {"site":"%(host)s","zones":[{"id":%(n1)d,"size":[728,90],"slot":"top"},{"id":%(n2)d,"size":[300,250],"slot":"sidebar"},{"id":%(n4)d,"size":[300,600],"slot":"sidebar-2"}],"lazy":true,"refresh":%(n3)d};
(function(){var s=document.createElement('script');s.async=true;s.src='https://ads.%(host)s/loader.js?v=%(n1)d';document.head.appendChild(s);})();""",
    """function setCookie(name, value, days) {
  var expires = "";
  if (days) { var date = new Date(); date.setTime(date.getTime() + (days*24*60*60*1000)); expires = "; expires=" + date.toUTCString(); }
  document.cookie = name + "=" + (value || "") + expires + "; path=/";
}
function getCookie(name) {
  var nameEQ = name + "=", ca = document.cookie.split(';');
  for (var i = 0; i < ca.length; i++) { var c = ca[i]; while (c.charAt(0) == ' ') c = c.substring(1, c.length); if (c.indexOf(nameEQ) == 0) return c.substring(nameEQ.length, c.length); }
  return null;
}
if (!getCookie('cookie_ok')) { document.getElementById('cookie-bar').style.display = 'block'; }
document.getElementById('cookie-accept').onclick = function () { setCookie('cookie_ok', '1', %(n3)d); document.getElementById('cookie-bar').style.display = 'none'; };""",
    """var yaCounter%(n1)d = null;
(function (d, w, c) {
  (w[c] = w[c] || []).push(function() {
    try { yaCounter%(n1)d = new Ya.Metrika({ id:%(n1)d, clickmap:true, trackLinks:true, accurateTrackBounce:true, webvisor:true }); } catch(e) { }
  });
  var n = d.getElementsByTagName("script")[0], s = d.createElement("script"), f = function () { n.parentNode.insertBefore(s, n); };
  s.type = "text/javascript"; s.async = true; s.src = "https://mc.yandex.ru/metrika/watch.js";
  if (w.opera == "[object Opera]") { d.addEventListener("DOMContentLoaded", f, false); } else { f(); }
})(document, window, "yandex_metrika_callbacks");""",
    """var searchIndex = {"version":"%(n2)d.%(n3)d","base":"https://%(host)s/","pages":[%(pages)s]};
function search(q) {
  q = q.toLowerCase();
  return searchIndex.pages.filter(function (p) { return p.u.indexOf(q) >= 0; }).slice(0, 10);
}""",
]


def js(r, host, n):
    out = []
    for _ in range(n):
        t = r.choice(JS)
        pages = ",".join('{"u":"/%s/%d.html","t":%d}' % (r.choice(SLUGS), r.randrange(10000, 99999), r.randrange(1, 9)) for _ in range(r.randrange(5, 40)))
        out.append(t % {"n1": r.randrange(1000000, 99999999), "n2": r.randrange(1, 99), "n3": r.randrange(10, 400),
                        "n4": r.randrange(100, 900), "id": "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10)),
                        "host": host, "pages": pages})
    return "\n".join(out)


def esc(s):
    return html.escape(s, quote=False)


def attr(s):
    return html.escape(s, quote=True)


def para_html(p):
    return esc(p).replace("\n", "<br>\n")


def _date(r):
    return "%04d-%02d-%02d" % (r.randrange(2003, 2024), r.randrange(1, 13), r.randrange(1, 29))


def meta_tag(r, declared):
    if declared is None:
        return ""
    if r.random() < 0.5:
        return '<meta charset="%s">\n' % declared
    return '<meta http-equiv="Content-Type" content="text/html; charset=%s">\n' % declared


def page(r, lang, title, paras, labels, declared, markup_target):
    """An HTML page: head with styles and scripts, navigation, the article
    (paras), a sidebar with labels as link texts, a footer, more scripts."""
    host = "www.%s-%s.%s" % (r.choice(SITE_WORDS), r.choice(SITE_WORDS), TLD.get(lang, "com"))
    hl = HTML_LANG.get(lang, lang)
    style = r.randrange(3)
    big = markup_target > 100000
    text_len = sum(len(p) for p in paras) + len(title)
    s = 0
    for _ in range(200):
        ncss = 6 + 6 * s
        njs = min(1 + s // 3, 1000 if big else 10)
        nnav = min(6 + 2 * s, 120 if big else 30)
        nside = min(4 + s, 200 if big else 14)
        doc = _page(r.getstate(), style, host, hl, title, paras, labels, declared, ncss, njs, nnav, nside)
        if len(doc) - text_len >= markup_target:
            break
        s += max(1, s // 5)
    # advance the caller's generator past what the page used
    r.random()
    return doc


def _page(state, style, host, hl, title, paras, labels, declared, ncss, njs, nnav, nside):
    import random
    r = random.Random()
    r.setstate(state)
    date = _date(r)
    y, m, d = date.split("-")
    slug = "%s/%s/%s/%s/%d.html" % (r.choice(SLUGS), y, m, d, r.randrange(1000, 999999))
    L = list(labels) or [title]

    def lab():
        return esc(r.choice(L))

    nav = "\n".join('      <li class="menu-item menu-item-%d"><a href="https://%s/%s/">%s</a></li>' % (r.randrange(100, 9999), host, r.choice(SLUGS), lab()) for _ in range(nnav))
    side = "\n".join('        <li><a href="https://%s/%s/%d-%s.html" title="%s"><img class="lazy" data-src="https://img.%s/thumbs/%d.jpg" width="80" height="60" alt="">%s</a> <span class="date">%s</span></li>'
                     % (host, r.choice(SLUGS), r.randrange(10000, 999999), r.choice(SLUGS), attr(r.choice(L)), host.replace("www.", ""), r.randrange(10000, 999999), lab(), _date(r)) for _ in range(nside))
    tags = " ".join('<a href="/tag/%s/" rel="tag">%s</a>' % (r.choice(SLUGS), r.choice(SLUGS)) for _ in range(r.randrange(3, 12)))
    body = []
    for i, p in enumerate(paras):
        body.append("<p>%s</p>" % para_html(p))
        if i and i % r.randrange(3, 7) == 0 and r.random() < 0.5:
            body.append('<div class="ad-slot" id="ad-%d"><ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-%d" data-ad-slot="%d" data-ad-format="auto"></ins>\n<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>'
                        % (i, r.randrange(10 ** 15, 10 ** 16), r.randrange(10 ** 9, 10 ** 10)))
    body = "\n".join(body)
    meta = meta_tag(r, declared)
    desc = paras[0][:120] if paras else title
    if style == 2:
        # an old table layout
        return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html>
<head>
{meta}<title>{esc(title)}</title>
<meta name="keywords" content="{' ,'.join(r.choice(SLUGS) for _ in range(6))}">
<link rel="stylesheet" type="text/css" href="/css/style.css?v={r.randrange(100)}">
<style type="text/css">
<!--
{css(r, ncss)}
-->
</style>
<script type="text/javascript" src="/js/jquery-1.{r.randrange(4, 12)}.{r.randrange(0, 4)}.min.js"></script>
<script type="text/javascript">
<!--
{js(r, host, njs)}
//-->
</script>
</head>
<body bgcolor="#ffffff" topmargin="0" leftmargin="0" marginwidth="0" marginheight="0" onload="init()">
<table width="100%" border="0" cellspacing="0" cellpadding="0">
  <tr>
    <td width="200" valign="top" bgcolor="{_color(r)}"><a href="/"><img src="/img/logo.gif" width="200" height="80" border="0" alt=""></a></td>
    <td valign="middle" align="right"><font face="Verdana, Arial" size="1"><a href="/rss.xml">RSS</a> | <a href="/map.html">map</a> | <a href="mailto:info@{host.replace('www.', '')}">e-mail</a></font></td>
  </tr>
</table>
<table width="100%" border="0" cellspacing="0" cellpadding="4">
  <tr>
    <td width="180" valign="top" class="menu">
    <ul>
{nav}
    </ul>
    </td>
    <td valign="top" class="content">
<h1>{esc(title)}</h1>
<font size="1" color="#808080">{date}</font>
{body}
<p align="right"><a href="javascript:history.back()">&lt;&lt;</a> &nbsp; <a href="#top">^</a></p>
    </td>
    <td width="240" valign="top">
      <ul class="related">
{side}
      </ul>
    </td>
  </tr>
</table>
<center><font size="1">&copy; {y} {host} &nbsp;|&nbsp; {tags}</font></center>
<script type="text/javascript">
{js(r, host, max(1, njs // 2))}
</script>
</body>
</html>
"""
    ld = '{"@context":"https://schema.org","@type":"NewsArticle","headline":"%s","datePublished":"%sT%02d:%02d:00+00:00","mainEntityOfPage":"https://%s/%s","publisher":{"@type":"Organization","name":"%s","logo":{"@type":"ImageObject","url":"https://%s/static/logo.png"}}}' % (
        attr(title).replace('"', "&quot;"), date, r.randrange(24), r.randrange(60), host, slug, host, host)
    return f"""<!DOCTYPE html>
<html lang="{hl}" class="no-js">
<head>
{meta}<title>{esc(title)} | {host}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{attr(desc)}">
<meta property="og:type" content="article">
<meta property="og:url" content="https://{host}/{slug}">
<meta property="og:image" content="https://{host}/static/img/og/{r.randrange(10 ** 6, 10 ** 7)}.jpg">
<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="https://{host}/{slug}">
<link rel="stylesheet" href="/static/css/main.{r.randrange(16 ** 8):08x}.css" media="all">
<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>
<link rel="alternate" type="application/rss+xml" title="RSS" href="https://{host}/feed/">
<link rel="icon" href="/favicon.ico" sizes="32x32">
<style>
{css(r, ncss)}
</style>
<script>
{js(r, host, njs)}
</script>
<script type="application/ld+json">{ld}</script>
</head>
<body class="post-template-default single single-post postid-{r.randrange(1000, 99999)} {'has-sidebar' if style == 0 else 'wide'}">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip</a>
<header id="masthead" class="site-header" role="banner">
  <div class="site-branding"><a href="https://{host}/" rel="home"><img src="/static/img/logo.svg" width="180" height="40" alt="{host}"></a></div>
  <nav id="site-navigation" class="main-navigation" role="navigation">
    <button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false"><span class="icon-bar"></span><span class="icon-bar"></span></button>
    <ul id="primary-menu" class="menu nav">
{nav}
    </ul>
  </nav>
  <form role="search" method="get" class="search-form" action="https://{host}/search/"><input type="search" class="search-field" name="q" value=""><button type="submit" class="btn btn-primary"><svg class="icon icon-search" aria-hidden="true" role="img"><use href="#icon-search"></use></svg></button></form>
</header>
<div id="content" class="site-content container">
<main id="main" class="site-main main" role="main">
<article id="post-{r.randrange(1000, 99999)}" class="post type-post status-publish format-standard hentry">
<header class="entry-header">
<h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta"><time class="entry-date published" datetime="{date}T{r.randrange(24):02d}:{r.randrange(60):02d}:00+00:00">{date}</time> <span class="comments-link"><a href="#comments">{r.randrange(0, 200)}</a></span></div>
</header>
<div class="entry-content">
{body}
</div>
<footer class="entry-footer"><span class="tags-links">{tags}</span></footer>
</article>
</main>
<aside id="secondary" class="widget-area sidebar" role="complementary">
  <section class="widget widget_recent_entries">
    <ul class="related-posts">
{side}
    </ul>
  </section>
</aside>
</div>
<footer id="colophon" class="site-footer" role="contentinfo">
  <div class="footer-links"><a href="/about/">about</a> &middot; <a href="/contacts/">contacts</a> &middot; <a href="/advertising/">advertising</a> &middot; <a href="/privacy-policy/">privacy</a></div>
  <div class="site-info">&copy; {y}&ndash;2024 {host}</div>
</footer>
<div id="cookie-bar" class="cookie-bar" style="display:none"><button id="cookie-accept" class="btn">OK</button></div>
<a href="#page" id="back-to-top" style="display:none">&uarr;</a>
</div>
<script src="https://{host}/static/js/vendor.{r.randrange(16 ** 8):08x}.js" defer></script>
<script>
{js(r, host, max(1, njs // 2))}
</script>
</body>
</html>
"""


def feed(r, lang, title, items, decl):
    """An RSS 2.0 or Atom feed; items are (title, text) pairs. decl is the
    XML declaration to start with ("" for none)."""
    host = "www.%s-%s.%s" % (r.choice(SITE_WORDS), r.choice(SITE_WORDS), TLD.get(lang, "com"))
    hl = HTML_LANG.get(lang, lang)
    atom = r.random() < 0.4
    out = [decl] if decl else []
    if atom:
        out.append('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="%s">' % hl)
        out.append("  <title>%s</title>" % esc(title))
        out.append('  <link href="https://%s/feed/atom/" rel="self" type="application/atom+xml"/>' % host)
        out.append('  <link href="https://%s/" rel="alternate" type="text/html"/>' % host)
        out.append("  <id>tag:%s,2005:/feed</id>" % host)
        out.append("  <updated>%sT%02d:%02d:%02dZ</updated>" % (_date(r), r.randrange(24), r.randrange(60), r.randrange(60)))
        out.append('  <generator uri="https://wordpress.org/" version="%d.%d">WordPress</generator>' % (r.randrange(3, 7), r.randrange(10)))
        for t, body in items:
            n = r.randrange(10000, 999999)
            sec = r.choice(SLUGS)
            d = _date(r)
            out.append("  <entry>")
            out.append('    <title type="html">%s</title>' % esc(t))
            out.append('    <link rel="alternate" type="text/html" href="https://%s/%s/%s/%d.html"/>' % (host, sec, d.replace("-", "/"), n))
            out.append("    <id>https://%s/?p=%d</id>" % (host, n))
            out.append("    <published>%sT%02d:%02d:00+00:00</published>" % (d, r.randrange(24), r.randrange(60)))
            out.append("    <updated>%sT%02d:%02d:00+00:00</updated>" % (d, r.randrange(24), r.randrange(60)))
            out.append('    <category scheme="https://%s" term="%s"/>' % (host, sec))
            out.append('    <content type="html" xml:base="https://%s/%s/"><![CDATA[<p>%s</p>]]></content>' % (host, sec, para_html(body).replace("]]>", "]]&gt;")))
            out.append("  </entry>")
        out.append("</feed>")
    else:
        out.append('<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">')
        out.append("<channel>")
        out.append("  <title>%s</title>" % esc(title))
        out.append('  <atom:link href="https://%s/feed/" rel="self" type="application/rss+xml"/>' % host)
        out.append("  <link>https://%s/</link>" % host)
        out.append("  <description>%s</description>" % esc(title))
        out.append("  <language>%s</language>" % hl.lower())
        out.append("  <lastBuildDate>Mon, %02d Jan 2024 %02d:%02d:00 +0000</lastBuildDate>" % (r.randrange(1, 29), r.randrange(24), r.randrange(60)))
        out.append("  <ttl>%d</ttl>" % r.choice([15, 30, 60]))
        for t, body in items:
            n = r.randrange(10000, 999999)
            sec = r.choice(SLUGS)
            out.append("  <item>")
            out.append("    <title>%s</title>" % esc(t))
            out.append("    <link>https://%s/%s/%d.html</link>" % (host, sec, n))
            out.append('    <guid isPermaLink="false">https://%s/?p=%d</guid>' % (host, n))
            out.append("    <pubDate>%s, %02d %s %d %02d:%02d:%02d +0000</pubDate>" % (
                r.choice(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]), r.randrange(1, 29),
                r.choice(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]),
                r.randrange(2005, 2024), r.randrange(24), r.randrange(60), r.randrange(60)))
            out.append("    <category><![CDATA[%s]]></category>" % sec)
            if r.random() < 0.5:
                out.append("    <description><![CDATA[%s]]></description>" % body.replace("]]>", "]]&gt;"))
            else:
                out.append("    <description>%s</description>" % esc(body))
            out.append("  </item>")
        out.append("</channel>")
        out.append("</rss>")
    return "\n".join(out) + "\n"
