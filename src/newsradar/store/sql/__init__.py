"""What the SQLite and the PostgreSQL store share: the SQL both speak, written once.

The mixins (:mod:`.articles`, :mod:`.browse`, :mod:`.stories`, :mod:`.mirror`, :mod:`.outlets`,
:mod:`.monitor`) use only ``self._db``, ``self._transaction()`` and ``self._dialect``
(:mod:`.dialect`: the few places where the two dialects differ); :mod:`.common` holds the small
helpers they share (UTC time text, id chunks, slice filters).  The counts kept in the write
transactions (:mod:`.facets`, the outlet tables of :mod:`.outlets`, :mod:`.story_days`,
:mod:`.data_version`) and the migrations both schemas apply the same way live here too; each
backend (:mod:`..sqlite`, :mod:`..postgres`) adds its connection, its transactions, its full-text
index and its versioned schema.
"""
