"""Follows: topics a server or a person follows, and one alert per place per new or changed sheet.

``topics`` (what a topic matches and why), ``matcher`` (many follows against one sheet),
``alerts`` (the message), ``delivery`` (exactly once), ``service`` (after each refresh).
"""
