"""Many-bodies commands: aggregate, pool, compare, simulate, requirements.

Every member is scored by :func:`vendorlock.audit.audit_portfolio`, exactly as ``vendorlock
audit`` scores it; this package only reads the resulting audit documents (plain dicts) and the
Portfolio tables, and computes group views over them. One module per command, plus shared
helpers (``frames`` turns audit documents into tables, ``members`` loads many inventories,
``standards`` derives what a replacement must support, ``render``/``charts`` write outputs).
"""
