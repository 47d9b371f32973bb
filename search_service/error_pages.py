"""HTML errors in French, with the site's layout: a reader who mistypes a link must still find the search.

The API keeps its JSON errors (security.py decides which of the two a request gets).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Response, render_template


@dataclass(frozen=True)
class ErrorText:
    title: str
    explanation: str


ERROR_TEXTS = {
    400: ErrorText("Requête incorrecte", "Le navigateur a envoyé une demande que le site ne sait pas lire."),
    404: ErrorText("Page introuvable", "Aucune page ne se trouve à cette adresse. Le lien est peut-être incomplet ou la page a été déplacée."),
    405: ErrorText("Action impossible sur cette page",
                   "Cette adresse sert à consulter les communiqués : elle ne reçoit pas de formulaire envoyé de cette façon."),
    413: ErrorText("Demande trop volumineuse", "La demande envoyée dépasse la taille que le site accepte."),
    414: ErrorText("Adresse trop longue", "L'adresse demandée est trop longue : raccourcissez la recherche."),
    429: ErrorText("Trop de demandes", "Trop de demandes ont été reçues en peu de temps. Patientez un instant avant de réessayer."),
    500: ErrorText("Erreur du serveur", "Le serveur n'a pas pu répondre à cette demande. L'incident a été enregistré ; réessayez plus tard."),
    503: ErrorText("Recherche momentanément indisponible", "Le service ne peut pas répondre pour le moment. Réessayez dans quelques minutes."),
}
GENERIC = ErrorText("Erreur", "La demande n'a pas pu aboutir.")


def error_page(status: int, headers: dict | None = None) -> Response:
    """The French page for `status`; falls back to plain text if even the template cannot be drawn."""
    text = ERROR_TEXTS.get(status, GENERIC)
    try:
        body = render_template("error.html", status=status, error=text)
        response = Response(body, status=status, mimetype="text/html")
    except Exception:  # a broken template must not turn one error into another
        response = Response(f"{text.title}\n{text.explanation}\n", status=status, mimetype="text/plain")
    if headers:
        response.headers.update(headers)
    return response
