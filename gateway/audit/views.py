from django.http import HttpResponse


def events(request):
    return HttpResponse("Not built yet", status=501)
