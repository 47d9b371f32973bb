"""Cleaning keeps the communiqué's title and paragraphs and nothing of the site around them."""
import pytest

from indexer.cleaning import clean, parse_html, strip_site_name
from indexer.document import RawPage
from indexer.encoding import decode_html
from indexer.extract import ExtractionError, extract

PARAS = [
    "Le ministre des Affaires étrangères et européennes a participé à la réunion du Conseil « Affaires étrangères » à Bruxelles.",
    "Les ministres ont discuté de la situation en Ukraine et de la coopération avec les pays du voisinage oriental.",
    "Le ministre a souligné l’importance d’une approche commune de l’Union européenne face aux crises régionales.",
]

CMS_PAGE = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Réunion du Conseil Affaires étrangères - Ministère des Affaires étrangères et européennes - Luxembourg</title>
<style>body {{ color: red }}</style><script>var tracking = "ne pas indexer";</script></head>
<body>
<header><a href="/"><img alt="Gouvernement"></a><nav><ul><li><a href="/">Accueil</a></li><li><a href="/actualites">Actualités</a></li>
<li><a href="/ministere">Le ministère</a></li></ul></nav></header>
<div id="cookie-banner">Ce site utilise des cookies pour mesurer l’audience. <button>Accepter</button></div>
<ol class="breadcrumb"><li><a href="/">Accueil</a></li><li><a href="/actualites">Actualités</a></li><li>Communiqués</li></ol>
<div class="page-content">
  <h1>Réunion du Conseil Affaires étrangères</h1>
  <p class="date">Communiqué – Publié le 18.03.2019</p>
  {''.join(f'<p>{p}</p>' for p in PARAS)}
  <figure><img src="photo.jpg"><figcaption>© MAEE / Photo : Jean Dupont</figcaption></figure>
  <p>©MAEE</p>
  <div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Imprimer</a></div>
  <form action="/recherche"><input name="q"><button>OK</button></form>
</div>
<footer><a href="/mentions">Mentions légales</a> <a href="/plan">Plan du site</a></footer>
</body></html>"""


def _clean(html: str):
    return clean(parse_html(html))


def test_cms_page_keeps_exactly_the_communique_paragraphs():
    cleaned = _clean(CMS_PAGE)
    assert cleaned.title == "Réunion du Conseil Affaires étrangères"
    assert cleaned.paragraphs == PARAS


@pytest.mark.parametrize("boilerplate", ["Accueil", "cookies", "Facebook", "Mentions légales", "MAEE", "tracking",
                                         "Jean Dupont", "Publié le", "color: red", "Plan du site"])
def test_cms_page_drops_menus_banners_share_buttons_and_photo_credits(boilerplate):
    assert boilerplate not in _clean(CMS_PAGE).body


def test_article_element_is_preferred_over_the_rest_of_the_page():
    html = ("<html><body><div class='col'>Texte d’une colonne latérale sans rapport " * 3 + "</div>"
            f"<article><h1>Visite à Vienne</h1><time datetime='2019-03-18'>18 mars 2019</time>"
            f"{''.join(f'<p>{p}</p>' for p in PARAS)}</article></body></html>")
    cleaned = _clean(html)
    assert cleaned.title == "Visite à Vienne" and cleaned.paragraphs == PARAS


def test_table_layout_falls_back_to_the_densest_cell():
    html = ("<html><head><title>MAEE - Ouragan Irma : conseils aux voyageurs</title></head><body><table><tr>"
            "<td class='menu'><a href='/'>Accueil</a><br><a href='/a'>Actualités</a><br><a href='/c'>Contact</a></td>"
            "<td><font size='4'><b>Ouragan Irma : conseils aux voyageurs</b></font><br><br>"
            + "<br><br>".join(PARAS) + "</td></tr><tr><td>© Ministère des Affaires étrangères - Tous droits réservés</td></tr>"
            "</table></body></html>")
    cleaned = _clean(html)
    assert cleaned.title == "Ouragan Irma : conseils aux voyageurs"
    assert cleaned.paragraphs == PARAS


def test_title_falls_back_to_og_title_then_to_title_without_site_name():
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    og = f"<html><head><meta property='og:title' content='Entretien avec le ministre'></head><body><main>{body}</main></body></html>"
    assert _clean(og).title == "Entretien avec le ministre"
    plain = f"<html><head><title>Ministère des Affaires étrangères | Entretien avec le ministre</title></head><body><main>{body}</main></body></html>"
    assert _clean(plain).title == "Entretien avec le ministre"


def test_element_marked_as_title_is_used_when_there_is_no_h1():
    html = f"<html><body><article><h2 class='title'>Conseil des ministres du Benelux</h2>{''.join(f'<p>{p}</p>' for p in PARAS)}</article></body></html>"
    assert _clean(html).title == "Conseil des ministres du Benelux"


def test_h1_logo_in_the_site_header_is_not_the_title():
    html = (f"<html><body><header><h1><a href='/'>Gouvernement</a></h1></header>"
            f"<main><h1>Visite de travail à Skopje</h1>{''.join(f'<p>{p}</p>' for p in PARAS)}</main></body></html>")
    assert _clean(html).title == "Visite de travail à Skopje"


def test_the_h1_in_the_articles_own_header_is_the_title_not_the_related_posts_headline():
    html = ("<html><body><header class='site-header'><h1 class='site-title'><a href='/'>Ministère</a></h1></header>"
            "<main class='site-main'><article class='post'><header class='entry-header'>"
            "<h1 class='entry-title'>Visite de travail à Lomé de la ministre ghanéenne</h1></header>"
            f"<div class='entry-content'>{''.join(f'<p>{p}</p>' for p in PARAS)}"
            "<div id='jp-relatedposts'><h3 class='jp-relatedposts-headline'><em>À lire aussi</em></h3>"
            "<ul><li><a href='/a'>Journée de l'Afrique</a></li></ul></div></div></article></main></body></html>")
    assert _clean(html).title == "Visite de travail à Lomé de la ministre ghanéenne"


def test_a_caption_marked_by_schema_org_is_not_the_first_paragraph():
    # AEM's image component: <span itemprop="caption"> inside an ImageObject, with no « caption » in its class
    html = ("<html><body><main><div class='cmp-title'><h1 class='cmp-title__text'>Le ministre au sommet</h1></div>"
            "<div class='cmp-image' itemscope itemtype='http://schema.org/ImageObject'><img src='a.jpg' alt=''>"
            "<span class='cmp-image__title' itemprop='caption'>Vue générale de Tarija, au sud du pays.</span>"
            "<span class='cmp-image__credit'>Photo : A. Pérez</span></div>"
            f"<div class='cmp-text'>{''.join(f'<p>{p}</p>' for p in PARAS)}</div></main></body></html>")
    page = _clean(html)
    assert page.paragraphs == PARAS
    assert not any("Tarija" in p for p in page.paragraphs)


def _table_page(content: str, title: str = "République du Sahel - Ministère des Affaires étrangères") -> str:
    return (f"<html><head><title>{title}</title></head><body><table><tr><td><font size='1'><b>Communiqués"
            f"</b></font><br><a href='/1'>2007</a><br><a href='/2'>2006</a></td><td>{content}</td></tr></table>"
            "</body></html>")


def test_a_bold_line_of_its_own_before_the_text_is_the_title_of_an_old_table_layout():
    html = _table_page("<b>LE SAHEL ACHEMINE UNE AIDE AUX POPULATIONS SINISTRÉES</b><br><br>"
                       + "".join(f"<p>{p}</p>" for p in PARAS))
    assert _clean(html).title == "LE SAHEL ACHEMINE UNE AIDE AUX POPULATIONS SINISTRÉES"


@pytest.mark.parametrize("bold", ["Communiqué de presse - 5 novembre 1998", "Comunicado No. 187"])
def test_a_bold_release_label_or_date_line_is_not_the_title(bold):
    html = _table_page(f"<b>{bold}</b><br>" + "".join(f"<p>{p}</p>" for p in PARAS),
                       title="Aide d'urgence aux sinistrés - Ministère des Affaires étrangères")
    assert _clean(html).title == "Aide d'urgence aux sinistrés"


def test_a_bold_line_after_the_text_is_not_the_title():
    html = _table_page("".join(f"<p>{p}</p>" for p in PARAS) + "<b>Direction de la Communication</b><br>",
                       title="Aide d'urgence aux sinistrés - Ministère des Affaires étrangères")
    assert _clean(html).title == "Aide d'urgence aux sinistrés"


def test_a_heading_reads_on_one_line_with_its_ordinal_suffix_joined():
    html = ("<html><body><main><h1>\n  Semaine de haut niveau de la 77<sup>e</sup>\n  Assemblée générale<br>des "
            f"Nations unies\n</h1>{''.join(f'<p>{p}</p>' for p in PARAS)}</main></body></html>")
    assert _clean(html).title == "Semaine de haut niveau de la 77e Assemblée générale des Nations unies"


@pytest.mark.parametrize("title, expected", [
    ("Réunion de l'OTAN - Ministère des Affaires étrangères", "Réunion de l'OTAN"),
    ("Gouvernement.lu | Réunion de l'OTAN", "Réunion de l'OTAN"),
    ("Ouragan Irma : conseils aux voyageurs", "Ouragan Irma : conseils aux voyageurs"),
])
def test_site_name_is_stripped_from_the_title_element(title, expected):
    assert strip_site_name(title) == expected


def test_windows_1252_page_without_charset_is_decoded():
    raw = ("<html><body><p>Réunion à Bruxelles : l’Union européenne et l’OTAN, « œuvre commune ».</p></body></html>").encode("cp1252")
    assert "Réunion à Bruxelles : l’Union européenne et l’OTAN, « œuvre commune »" in decode_html(raw)


def test_utf8_bom_wins_over_a_wrong_meta_charset():
    raw = b"\xef\xbb\xbf<html><head><meta charset='windows-1252'></head><body>" + "Sécurité".encode() + b"</body></html>"
    assert "Sécurité" in decode_html(raw)


def test_utf8_bytes_behind_a_stale_latin1_declaration_are_read_as_utf8():
    raw = "<html><head><meta charset='iso-8859-1'></head><body>Coopération</body></html>".encode("utf-8")
    assert "Coopération" in decode_html(raw)


def test_http_header_charset_is_honoured():
    raw = "<html><body>Géorgie</body></html>".encode("iso-8859-15")
    assert "Géorgie" in decode_html(raw, "text/html; charset=iso-8859-15")


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"   \n ", "empty"),
    (b"%PDF-1.4 binary stream", "not HTML"),
    (b"<html><body><p>Texte sans titre du tout mais assez long pour un paragraphe complet.</p></body></html>", "no title"),
    (b"<html><head><title>Un titre</title></head><body><script>var a = 1;</script></body></html>", "no body"),
])
def test_unusable_pages_are_rejected_with_a_reason(content, reason):
    with pytest.raises(ExtractionError, match=reason):
        extract(RawPage(source_id="x.html", location="x.html", content=content))


def _paras(paragraphs=PARAS) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


@pytest.mark.parametrize("word", ["sidebar-layout", "print-area", "has-share", "slider-page", "page-header"])
def test_a_boilerplate_class_on_the_element_wrapping_the_article_does_not_remove_it(word):
    html = (f"<html><body><nav><a href='/'>Accueil</a> <a href='/a'>Actualités</a></nav>"
            f"<div class='{word}'><h1>Visite à Vienne</h1>{_paras()}"
            f"<div class='share'><a href='#'>Facebook</a> <a href='#'>Twitter</a></div></div></body></html>")
    cleaned = _clean(html)
    assert cleaned.paragraphs == PARAS
    assert "Facebook" not in cleaned.body


def test_a_teaser_article_card_does_not_beat_the_main_text():
    teaser = ("<article class='card'><h3><a href='/autre'>Autre communiqué</a></h3>"
              "<p>Résumé d’un autre communiqué sur la coopération au développement.</p></article>")
    html = f"<html><body><main><h1>Visite à Vienne</h1>{_paras()}</main><aside>{teaser * 3}</aside>{teaser}</body></html>"
    cleaned = _clean(html)
    assert cleaned.paragraphs == PARAS


def test_figure_text_stays_and_its_caption_goes():
    figure = ("<figure><blockquote><p>« La diplomatie est l’art de la patience et du dialogue entre les peuples. »</p>"
              "</blockquote><figcaption>Le ministre à Vienne, photo d’archives</figcaption></figure>")
    cleaned = _clean(f"<html><body><article><h1>Visite à Vienne</h1>{_paras(PARAS[:2])}{figure}{_paras(PARAS[2:])}"
                     "</article></body></html>")
    assert "« La diplomatie est l’art de la patience et du dialogue entre les peuples. »" in cleaned.paragraphs
    assert "photo d’archives" not in cleaned.body


def test_comments_cart_and_widgets_are_dropped_even_when_they_hold_sentences():
    comments = "".join(f"<div class='comment'><p>Commentaire numéro {i} : je ne suis pas d’accord avec cette "
                       f"politique, elle est beaucoup trop timide.</p></div>" for i in range(8))
    html = (f"<html><body><article><h1>Visite à Vienne</h1>{_paras()}"
            f"<div class='cart-notice'>Votre panier est vide. Ajoutez des articles pour continuer.</div>"
            f"<div class='favorites'>Ajoutez cette page à vos favoris en un clic.</div></article>"
            f"<section id='comments'>{comments}</section></body></html>")
    cleaned = _clean(html)
    assert cleaned.paragraphs == PARAS


def test_an_anchor_without_href_around_the_text_is_not_a_link():
    html = f"<html><body><h1>Visite à Vienne</h1><a name='top'><div>{_paras()}</div></body></html>"
    assert _clean(html).paragraphs == PARAS


def test_a_page_without_body_says_which_blocks_were_tried_and_why_each_was_refused():
    html = ("<html><head><title>Plan du site</title></head><body><div class='menu'>"
            + "".join(f"<a href='/{i}'>Rubrique {i}</a> " for i in range(10)) + "</div>"
            "<div class='cookie-banner'>Ce site utilise des cookies pour mesurer son audience.</div></body></html>")
    with pytest.raises(ExtractionError) as failure:
        extract(RawPage(source_id="x.html", location="x.html", content=html.encode()))
    message = str(failure.value)
    assert message.startswith("no body text (tried: ")
    assert "<div>.menu" in message and "refused: class word 'menu'" in message
    assert "<div>.cookie-banner" in message and "refused: class word 'cookie'" in message


def test_a_breadcrumb_and_a_caption_credit_left_inside_the_content_block_are_dropped():
    html = ("<html><body><div class='content'><p class='arbo'><a href='/'>Accueil</a> &gt; <a href='/pays'>Dossiers "
            "pays</a> &gt; <a href='/europe'>Europe</a> &gt; <strong>Autriche</strong></p><h1>Visite à Vienne</h1>"
            f"{_paras(PARAS[:1])}<dl><dt><img src='a.jpg'></dt><dd>Les deux ministres à Vienne – © MAEE / Photo : "
            f"Service photo</dd></dl>{_paras(PARAS[1:])}</div></body></html>")
    assert _clean(html).paragraphs == PARAS


@pytest.mark.parametrize("line", [
    "Le ministre a répondu « non » puis « oui » aux questions de la presse",
    "Les pays du G7 / G20 / OCDE",
    "La ministre a salué le travail du photographe © de l'agence, primé à Arles.",
])
def test_sentences_with_quotes_slashes_or_a_copyright_sign_are_not_taken_for_chrome(line):
    html = f"<html><body><article><h1>Visite à Vienne</h1>{_paras([line, *PARAS])}</article></body></html>"
    assert line in _clean(html).paragraphs


def test_an_image_caption_and_a_metadata_list_inside_the_article_are_dropped():
    html = ("<html><body><main><h1>Visite à Vienne</h1><div class='gem-c-metadata'><dl><dt>From:</dt>"
            "<dd><a href='/org'>Ministry for Foreign Affairs</a></dd><dt>Published</dt><dd>7 May 2019</dd></dl></div>"
            f"<div class='news-single-img'><img src='a.jpg'><p class='news-single-imgcaption'>Les deux ministres "
            f"devant la chancellerie fédérale.</p></div>{_paras()}</main></body></html>")
    assert _clean(html).paragraphs == PARAS
