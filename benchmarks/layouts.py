"""The three page layouts of the real corpus, rendered around a synthetic communiqué.

- cms: a modern CMS page: cookie banner, header and menu, breadcrumb, the article
  with a "Publié le" line, a photo with its credit, share links, "à lire aussi", footer.
- article: a minimal HTML5 page, one <article> with a <time datetime>.
- legacy: an old table layout in Windows-1252, a "Luxembourg, le …" dateline, .htm.
"""
from __future__ import annotations

from html import escape

from benchmarks import french

SITE = "Ministère des Affaires étrangères et européennes"
SITE_URL = "https://maee.example.lu"


def _paragraphs(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs)


def cms(doc, variant: int, related: list[str]) -> bytes:
    """`variant` picks how the date is given (a dateline, a span inside it, or only a meta tag)."""
    d = doc.published
    title = escape(doc.title, quote=False)
    if variant == 0:
        date_html = f'<p class="date">Publié le {d.day:02d}.{d.month:02d}.{d.year}</p>'
        meta = ""
    elif variant == 1:
        date_html = f'<p class="date">Communiqué – Publié le <span>{french.long_date(d)}</span></p>'
        meta = ""
    else:
        date_html = '<p class="date">Communiqué – Publié le</p>'
        meta = f'<meta property="article:published_time" content="{d.isoformat()}T10:{doc.number % 60:02d}:00+01:00">\n'
    canonical = f"{SITE_URL}/fr/actualites/{d.year}/{d.month:02d}/{d.day:02d}-{doc.slug}-{doc.number}.html"
    related_html = "\n".join(f'<li><a href="/fr/actualites/{i}.html">{escape(t, quote=False)}</a></li>'
                             for i, t in enumerate(related))
    html = f"""<!DOCTYPE html>
<html lang="{doc.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - {SITE} - Luxembourg</title>
<meta property="og:title" content="{escape(doc.title)}">
<meta property="og:type" content="article">
{meta}<link rel="canonical" href="{canonical}">
<link rel="stylesheet" href="/etc/designs/maee/css/main.css">
</head>
<body>
<div id="cookie-banner" class="cookie-banner" role="dialog" aria-label="Cookies">
  <p>Ce site utilise des cookies afin d’améliorer votre expérience de navigation et de mesurer l’audience.</p>
  <button type="button" class="btn btn-accept">Accepter</button>
  <button type="button" class="btn btn-refuse">Refuser</button>
</div>
<header class="site-header">
  <a class="logo" href="/fr.html"><img src="/img/logo.svg" alt="Le Gouvernement luxembourgeois – {SITE}"></a>
  <nav class="main-nav" aria-label="Menu principal">
    <ul><li><a href="/fr.html">Accueil</a></li><li class="active"><a href="/fr/actualites.html">Actualités</a></li>
    <li><a href="/fr/le-ministere.html">Le ministère</a></li><li><a href="/fr/dossiers.html">Dossiers</a></li>
    <li><a href="/fr/services-aux-citoyens.html">Services aux citoyens</a></li><li><a href="/fr/contact.html">Contact</a></li></ul>
  </nav>
  <form class="search" action="/fr/recherche.html" method="get"><input type="search" name="q"><button type="submit">OK</button></form>
</header>
<nav class="breadcrumb" aria-label="Fil d’Ariane"><a href="/fr.html">Accueil</a> &gt; <a href="/fr/actualites.html">Actualités</a> &gt; <span>{title[:60]}…</span></nav>
<div class="page-content" id="main">
<article class="article">
<h1>{title}</h1>
{date_html}
<div class="text">
{_paragraphs(doc.paragraphs)}
</div>
<div class="gallery">
<figure>
<img src="/content/dam/maee/photos/{doc.number}.jpg" alt="{escape(doc.title)}" width="800" height="533">
<figcaption>{escape(doc.caption, quote=False)} <span class="credit">© MAEE</span></figcaption>
</figure>
</div>
<div class="share"><span>Partager :</span> <a class="share-facebook" href="#">Facebook</a> <a class="share-print" href="#">Imprimer</a></div>
</article>
<aside class="related"><h2>À lire aussi</h2><ul>
{related_html}
</ul></aside>
</div>
<footer class="site-footer">
  <ul><li><a href="/fr/support/mentions-legales.html">Mentions légales</a></li><li><a href="/fr/support/accessibilite.html">Accessibilité</a></li></ul>
  <p>© Le Gouvernement du Grand-Duché de Luxembourg</p>
</footer>
</body>
</html>
"""
    return html.encode("utf-8")


def article(doc) -> bytes:
    d = doc.published
    title = escape(doc.title, quote=False)
    html = f"""<!DOCTYPE html>
<html lang="{doc.lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta property="article:published_time" content="{d.isoformat()}T16:45:00+01:00">
</head>
<body>
<article>
  <h1>{title}</h1>
  <p class="meta"><time datetime="{d.isoformat()}">{french.long_date(d)}</time></p>
  {_paragraphs(doc.paragraphs)}
</article>
</body>
</html>
"""
    return html.encode("utf-8")


def legacy(doc) -> bytes:
    """Windows-1252; characters it lacks (ł, ș, ı) become numeric references, as old editors wrote them."""
    title = escape(doc.title, quote=False)
    place = doc.dateline_place or "Luxembourg"
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>MAEE - {title}</title>
<link rel="stylesheet" type="text/css" href="/styles/maee.css">
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0">
<table width="780" border="0" cellpadding="0" cellspacing="0" align="center">
<tr><td colspan="2" class="bandeau"><img src="/images/bandeau_maee.gif" width="780" height="90" alt="{SITE}"></td></tr>
<tr>
<td width="170" valign="top" class="menu" bgcolor="#E8EEF4">
<a href="/index.htm">Accueil</a><br>
<a href="/actualites/index.htm">Actualités</a><br>
<a href="/communiques/index.htm">Communiqués de presse</a><br>
<a href="/ministere/index.htm">Le ministère</a><br>
<a href="/cooperation/index.htm">Coopération au développement</a><br>
<a href="/contact.htm">Contact</a>
</td>
<td width="610" valign="top" class="contenu">
<font face="Arial, Helvetica, sans-serif" size="4" color="#003366"><b>{title}</b></font><br><br>
<p class="date"><i>{escape(place, quote=False)}, le {french.long_date(doc.published)}</i></p>
{_paragraphs(doc.paragraphs)}
<p><a href="javascript:window.print()">Imprimer cette page</a> | <a href="/communiques/index.htm">Retour aux communiqués</a></p>
</td>
</tr>
<tr><td colspan="2" align="center" class="pied"><font size="1">© Ministère des Affaires étrangères - Tous droits réservés</font></td></tr>
</table>
</body>
</html>
"""
    return html.encode("cp1252", errors="xmlcharrefreplace")
