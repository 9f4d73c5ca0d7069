"""The embedded store: one SQLite file (:class:`.store.SQLiteStore`) and its versioned schema (:mod:`.schema`)."""
