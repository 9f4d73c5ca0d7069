"""Live monitoring: poll feeds and sitemaps politely, ingest new pages, raise alerts on watchlists.

* :mod:`.polite` -- the HTTP client: robots.txt, per-host rate limit and concurrency cap,
  conditional GET, retries with backoff.
* :mod:`.discover` -- the article links a feed or a sitemap lists.
* :mod:`.poller` -- one polling cycle over the registered feeds, writing articles in batches.
* :mod:`.alerts` and :mod:`.webhook` -- watchlist matches and bursts, delivered as JSON POSTs.
* :mod:`.runner` -- the loop ``newsradar watch`` and ``newsradar serve --watch`` run.
"""
