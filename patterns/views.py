from django.shortcuts import render

from workshop.policies import public


@public
def index(request):
    return render(request, "patterns/index.html")
