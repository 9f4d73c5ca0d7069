"""What a newsroom takes away as a file: the daily briefing and the downloads.

* :mod:`.briefing` -- the daily briefing (``newsradar report``), Markdown or a
  self-contained HTML page;
* :mod:`.mirror` -- the briefing's mirror section for a country pair
  (``newsradar report --pair KR-VN``);
* :mod:`.export` -- articles, stories and quotes as CSV or JSON Lines
  (``newsradar export``, ``newsradar outlets --csv`` and the API's
  ``?format=csv`` downloads, so both hand out the same columns).

An interface beside ``cli/`` and ``web/``: it computes nothing itself (the
figures, pages and charts come from :mod:`newsradar.trends`), it shapes them
into documents.  The CLI and the API reach it; it imports neither.
"""
