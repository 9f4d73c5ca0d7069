"""The PostgreSQL store (:class:`.store.PostgresStore`, needs the ``postgres`` extra), its connection pool
(:mod:`.pool`) and its versioned schema (:mod:`.schema`, importable without the extra)."""
