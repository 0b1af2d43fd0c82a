"""Rules, one module per concern. Importing `load_all` registers every rule."""
from . import base  # noqa: F401

# h15-newrules: the rule families of issue 15, one module each (new files)
H15_MODULES = ("exemptions", "dates", "imports", "script", "emphasis", "energy", "fortification", "panels")


def _load() -> bool:
    from . import classification, names  # noqa: F401
    for optional in ("required", "typography", "composition", "gb7718", "gb28050", "net_content",
                     *H15_MODULES):
        __import__(f"{__name__}.{optional}")
    return True


load_all = _load()
