"""Quality measured against gold data, for the stages that can be scored.

It scores two stages, so it is a package of its own rather than part of either:

* :mod:`.enrichment` -- entities, countries and quotes (the enrichment stages)
  against annotated articles (``tests/gold/enrich/``);
* :mod:`.clustering` -- story clustering against gold story labels
  (``newsradar eval clustering``, and the benchmark's peers).

The entity recogniser's own scores on the CoNLL dev sentences (``newsradar
eval entities``) stay with its trainer in :mod:`newsradar.enrich.ner`.
"""
