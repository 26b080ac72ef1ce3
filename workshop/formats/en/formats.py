# English as the app writes it (day before month, ISO short dates); German and Arabic use Django's.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "Y-m-d"
MONTH_DAY_FORMAT = "j M"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
