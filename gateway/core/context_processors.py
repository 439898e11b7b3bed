from django.urls import reverse
from django.utils.module_loading import import_string

# The SAS app words its own menu item (core sits below the apps and names, not imports, it).
PANEL_MENU = "gateway.sas.home.panel_menu_text"
# Roles that act on SAS episodes (gateway/sas/states.py) and so need the worklist.
SAS_ROLES = {"commissioner", "practice_staff", "sas_practice_staff", "panel_member"}


def navigation(request):
    """The header navigation for the signed-in user's current organisation and roles."""
    if not getattr(request, "current_organisation", None):
        return {}
    roles = getattr(request, "roles", set())
    items = [("Home", "core:home")]
    if roles & SAS_ROLES:
        items += [("Worklist", "sas:worklist"), ("SAS episodes", "sas:episode-list")]
    kind = request.current_organisation.kind
    if "commissioner" in roles and kind == "commissioner":
        items.append(("Reports to screen", "sas:screening-queue"))
        items.append(("How the scheme is doing", "insight:dashboard"))
    panel_item = _panel_item(request, roles)
    if panel_item is not None:
        items.append((panel_item, "sas:panel-queue"))
    if "practice_staff" in roles and kind == "gp_practice":
        items.append(("Report a removal", "sas:report-new"))
    # Patients' records and their letters: only for roles that may see them (rules.py).
    if request.user.has_perm("patients.view_patient", request.current_organisation):
        items += [("Patients", "patients:search"), ("Outbox", "comms:outbox")]
    if "organisation_admin" in roles:
        items.append(("Staff", "accounts:users"))
    if roles & {"commissioner", "organisation_admin"}:
        items.append(("Organisations", "accounts:organisations"))
    if "auditor" in roles:
        items.append(("Audit trail", "audit:events"))
    if "national_analyst" in roles and kind == "national":
        items.append(("Every area", "insight:national"))
    path = request.path
    nav = []
    for text, name in items:
        href = reverse(name)
        current = path == href if href == "/" else path.startswith(href)
        nav.append({"text": text, "href": href, "current": current})
    return {"navigation": nav}


def _panel_item(request, roles):
    """The panel's queue in the menu, worked out by the SAS app (gateway.sas.home.panel_menu_text):
    core sits below the apps, so it names the function rather than importing it, as the home
    page's sections do."""
    return import_string(PANEL_MENU)(request, roles)


def design_system(request):
    """Values the NHS.UK page template reads: the CSP nonce for its one inline script and
    where the design system's assets are served from."""
    from django.templatetags.static import static

    return {
        "cspNonce": str(getattr(request, "csp_nonce", "")),
        "assetPath": static("nhsuk/assets"),
    }
