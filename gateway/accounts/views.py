from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


sign_in = verify = set_up_mfa = sign_out_view = switch_organisation = organisations = _todo
