"""Rules, one module per concern. Importing `load_all` registers every rule."""
from . import base  # noqa: F401


def _load() -> bool:
    from . import classification, names  # noqa: F401
    for optional in ("required", "typography", "composition", "gb7718", "gb28050", "net_content", "reading"):
        __import__(f"{__name__}.{optional}")
    return True


load_all = _load()
