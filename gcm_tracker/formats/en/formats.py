# English dates as the UN writes them, day first: "15 December 2026" (Django's own "en"
# writes "Dec. 15, 2026"). The other five languages keep Django's formats for them.
# Templates name the format, never spell it: {{ value|date:"DATE_FORMAT" }}.
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
