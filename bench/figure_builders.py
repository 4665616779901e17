"""Where the benchmark finds the figure builders to time them: the `figures.*` functions
that other modules imported by name (and so look up in their own namespace)."""

import sys


def wrap_figure_builders(module_prefixes: tuple[str, ...], wrap) -> None:
    """Replace each `figures.*` function that the modules named by `module_prefixes`
    imported by name with `wrap(function)`, where those modules look it up."""
    for name, module in list(sys.modules.items()):
        if name.startswith(module_prefixes):
            for attribute, value in list(vars(module).items()):
                if callable(value) and getattr(value, "__module__", "").startswith("figures.") \
                        and not isinstance(value, type):
                    setattr(module, attribute, wrap(value))
