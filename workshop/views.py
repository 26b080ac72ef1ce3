"""Site-wide pages that belong to no single app."""

from django.shortcuts import render

from workshop.policies import public


@public
def home(request):
    return render(request, "home.html")
