"""Rules: records in rules/records/*.toml, procedures in one module per concern, generic checkers in engine.py.

Nothing is imported with the package: `base.all_rules()` imports every module of the package (so a
new rule module registers its procedures just by being there) on first use, which lets
`labelcheck.context` import `rules.records` without a circle.
"""
_FRAMEWORK = {"base", "records", "docs", "examples"}


def load_all() -> None:
    import importlib
    import pkgutil
    for mod in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        if mod not in _FRAMEWORK:
            importlib.import_module(f"{__name__}.{mod}")
