"""Base errors, one per stage. The CLI turns any of them into one clean line and exit 1."""


class VendorlockError(Exception):
    """Root of every error vendorlock reports to the user without a traceback."""


class ReaderError(VendorlockError):
    """An input file cannot be read at all (wrong kind, corrupt, encrypted, too big)."""


class RuleError(VendorlockError):
    """A rule pack or registry is invalid."""


class ReportError(VendorlockError):
    """A report cannot be written."""


class GroupError(VendorlockError):
    """A many-bodies command (aggregate, pool, compare, simulate, requirements) cannot proceed."""
