"""Public notices (公告): lost-document declarations, deregistrations, capital reductions, mergers, splits.

`chrysalis.notices.parser` is framework-free (no Django import); the rest of the app is Django.
"""
