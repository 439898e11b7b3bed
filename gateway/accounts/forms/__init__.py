"""Forms for signing in (sign_in.py), organisations (organisations.py) and an organisation's
staff (users.py)."""

from .organisations import OrganisationFilterForm, OrganisationForm
from .sign_in import CodeForm, OrganisationChoiceForm, SignInForm

__all__ = [
    "CodeForm",
    "OrganisationChoiceForm",
    "OrganisationFilterForm",
    "OrganisationForm",
    "SignInForm",
]
