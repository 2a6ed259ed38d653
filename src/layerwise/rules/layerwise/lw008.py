"""LW008: a Python image ships bytecode caches and bundled test suites."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.dockerfile.model import Instruction, Stage
from layerwise.rules.base import Applicability, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import pip_installs
from layerwise.rules.layerwise._common import (
    append_to_run,
    apt_package_installs,
    final_chain,
    instructions_of,
    package_names,
    parse_image,
    root_image,
    shell_runs,
)

PRUNE = (
    "find {paths} -depth \\( -type d -a \\( -name test -o -name tests -o -name idle_test"
    " -o -name __pycache__ \\) \\) -exec rm -rf '{{}}' +"
)


def _apt_python(ins: Instruction) -> list[str]:
    """Python packages an apt install of this RUN brings: python3, python3-*."""
    return [
        p for install in apt_package_installs(ins) for p in package_names(install)
        if p.startswith(("python3", "python2", "python-")) or p == "python"
    ]  # fmt: skip


class LW008PythonBytecodeAndTests(Rule):
    """What it does:
    Flags a Python image (a `python` base, or python3 from apt) that installs packages and
    keeps their `__pycache__` directories and bundled `test`/`tests` suites.

    Why is this bad:
    Bytecode caches and test suites are often a fifth of a Python install and the program never
    needs them: the official python images delete them from the standard library for that
    reason. The trade-off: without `.pyc` files the first import compiles again (a slower
    first start; `ENV PYTHONDONTWRITEBYTECODE=1` keeps the container from writing them), and
    the packages' own tests are gone.

    Example:
        FROM python:3.12-slim
        RUN pip install --no-cache-dir requests

    Use instead:
        FROM python:3.12-slim
        RUN pip install --no-cache-dir requests \\
            && find /usr/local/lib/python3* -depth \\( -type d -a \\( -name test -o -name tests \\
               -o -name idle_test -o -name __pycache__ \\) \\) -exec rm -rf '{}' +

    The fix (unsafe, for the trade-off above) appends that `find` to the last RUN that installs
    Python packages.
    """

    code = "LW008"
    severity = Severity.INFO
    message = "The Python image keeps __pycache__ and test directories (slower first start if removed)"
    fix_applicability = Applicability.UNSAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        chain = final_chain(ctx.dockerfile)
        python_base = parse_image(root_image(chain)).name in ("python", "pypy") if chain else False
        installers = [ins for ins in shell_runs(chain) if pip_installs(ins.shell) or _apt_python(ins)]
        if not installers or _already_pruned(chain):
            return
        if not python_base and not any(_apt_python(ins) for ins in installers):
            return  # pip without a known Python: paths unknown
        last = installers[-1]
        paths = _site_paths(chain, python_base, installers)
        edit = append_to_run(ctx.dockerfile, last, PRUNE.format(paths=" ".join(paths)))
        fix = Fix("Remove __pycache__ and test directories", (edit,), Applicability.UNSAFE) if edit else None
        message = (
            "Python packages are installed with their __pycache__ and test directories: remove them "
            "in the same RUN (trade-off: a slower first start, no bundled tests)"
        )
        yield ctx.finding(last, message, fix)


def _already_pruned(chain: list[Stage]) -> bool:
    return any("__pycache__" in ins.source or ".pyc" in ins.source for ins in instructions_of(chain, "RUN"))


def _site_paths(chain: list[Stage], python_base: bool, installers: list[Instruction]) -> list[str]:
    """Only directories that exist: `find` fails on a path that does not, and so would the RUN."""
    paths: list[str] = []
    if any(_apt_python(ins) for ins in installers):
        paths.append("/usr/lib/python3*")
    if python_base or any(pip_installs(ins.shell) for ins in installers):
        paths.append("/usr/local/lib/python3*")
    return paths
