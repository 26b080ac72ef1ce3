from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "workshop.accounts"
    label = "accounts"
    verbose_name = "Accounts"
