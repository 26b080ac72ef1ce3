from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "workshop.languages"
    label = "languages"
    verbose_name = "Languages"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from workshop.languages import choice

        user_logged_in.connect(choice.restore_on_login, dispatch_uid="language-on-login")
