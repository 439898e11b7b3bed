"""Answers typed on a form page, kept for the check-answers page after it (the NHS "check
answers" pattern). They wait in the session under a random token, never in the URL, so no
personal data travels in an address (docs/adr/0006 keeps searches the same way). Each draft
is tied to the record it is about, so a token cannot be replayed against another one.

What is kept is what was typed (the POST lists), not the cleaned values: the form is bound
again from it, so "Change" shows exactly what was typed and every check runs again."""

from django.http import QueryDict

from . import session_tokens


def typed(request_or_post):
    """What the person typed on the page (a request or its POST), without the CSRF token."""
    post = getattr(request_or_post, "POST", request_or_post)
    return {k: v for k, v in post.lists() if k != "csrfmiddlewaretoken"}


def remember(request, key, about, data):
    """Keep data (from typed) about one record (None: about no record yet); returns the
    draft's token."""
    kept = {"about": str(about) if about is not None else None, "data": data}
    return session_tokens.remember(request.session, key, kept)


def kept(request, key, token):
    """The kept draft itself ({"about", "data"}), or None."""
    return session_tokens.recall(request.session, key, token) if token else None


def recall(request, key, token, about):
    """The typed answers kept under token for this record, as a QueryDict a form can be
    bound to; None when there is no such draft, or it is about another record."""
    draft = kept(request, key, token)
    if draft is None or draft.get("about") != str(about):
        return None
    query = QueryDict(mutable=True)
    for name, values in draft["data"].items():
        query.setlist(name, values)
    return query


def update(request, key, token, **values):
    """Change single answers of a kept draft (such as the version the person has now been
    told about after someone else's change)."""
    drafts = dict(request.session.get(key, {}))
    if token in drafts:
        data = dict(drafts[token]["data"])
        data.update({name: [str(value)] for name, value in values.items()})
        drafts[token] = {**drafts[token], "data": data}
        request.session[key] = drafts


def forget(request, key, token):
    drafts = dict(request.session.get(key, {}))
    drafts.pop(token, None)
    request.session[key] = drafts
