"""Who is signed in, with the link to sign in or out: shown only when sign-in is on."""

from dash import html

from settings import Settings
from signin.routes import SIGN_IN_PATH, SIGN_OUT_PATH
from signin.visibility import Viewer


def account_status(settings: Settings, viewer: Viewer) -> html.Div | None:
    if settings.sign_in == "off":
        return None
    if viewer.signed_in:
        parts = [f"Signed in as {viewer.username}. "]
        if settings.sign_in == "accounts":
            parts.append(html.A("Sign out", href=SIGN_OUT_PATH))
    else:
        parts = ["Incident-level data is shown to signed-in users. ",
                 html.A("Sign in", href=SIGN_IN_PATH) if settings.sign_in == "accounts"
                 else "Your organisation's single sign-on signs you in."]
    return html.Div(parts, className="small text-end account-status", id="account-status")
