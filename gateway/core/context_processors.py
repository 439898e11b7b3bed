from django.urls import reverse

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
    path = request.path
    nav = []
    for text, name in items:
        href = reverse(name)
        current = path == href if href == "/" else path.startswith(href)
        nav.append({"text": text, "href": href, "current": current})
    return {"navigation": nav}


def _panel_item(request, roles):
    """The panel's queue in the menu: for panel members with how many appeals wait for them
    (one count), for the commissioners who run the panels as a plain link; None for
    everyone else."""
    from gateway.sas.queries import has_panel_queue, panel_queue

    organisation = request.current_organisation
    if not has_panel_queue(organisation, roles):
        return None
    if "panel_member" not in roles:
        return "Appeals for the panel"
    count = panel_queue(request.user, organisation).order_by().count()
    return f"Appeals for the panel ({count})"


def design_system(request):
    """Values the NHS.UK page template reads: the CSP nonce for its one inline script and
    where the design system's assets are served from."""
    from django.templatetags.static import static

    return {
        "cspNonce": str(getattr(request, "csp_nonce", "")),
        "assetPath": static("nhsuk/assets"),
    }
