from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # Modules that use both gettext and gettext_lazy import the lazy one as `_lazy`.
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
