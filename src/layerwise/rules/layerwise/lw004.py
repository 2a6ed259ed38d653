"""LW004: an apt-based image that needs TLS may end up without ca-certificates."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Applicability, Finding, Fix, Rule, RuleContext, Severity
from layerwise.rules.layerwise._common import add_package, chain_of, missing_ca_certificates


class LW004MissingCaCertificates(Rule):
    """What it does:
    Flags `apt-get install --no-install-recommends` (or an `apt-get purge --auto-remove`)
    without `ca-certificates` in an image that fetches or serves over TLS: an `https://` URL,
    a Python, Node, Ruby or Java program, curl, wget, git, pip, youtube-dl...

    Why is this bad:
    Debian and Ubuntu base images have no CA bundle. Tools that need it only *recommend*
    `ca-certificates`, so skipping recommends, or auto-removing what a purged tool pulled in,
    leaves none, and every TLS connection fails with CERTIFICATE_VERIFY_FAILED at run time.
    That is how the seed chapter's youtube-dl image broke after `apt-get purge --auto-remove curl`.

    Example:
        FROM debian:bookworm-slim
        RUN apt-get update && apt-get install -y --no-install-recommends python3
        ENTRYPOINT ["python3", "/app/fetch.py"]

    Use instead:
        FROM debian:bookworm-slim
        RUN apt-get update && apt-get install -y --no-install-recommends python3 ca-certificates
        ENTRYPOINT ["python3", "/app/fetch.py"]

    The fix (unsafe: it adds a package, about 1 MB with openssl) adds `ca-certificates` to that
    install. Language images (python, node, golang, ...) install it themselves and are not flagged.
    """

    code = "LW004"
    severity = Severity.WARNING
    message = "The image may use TLS but nothing installs ca-certificates"
    fix_applicability = Applicability.UNSAFE

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        seen: set[int] = set()
        for stage in ctx.dockerfile.stages:
            if not stage.reaches_final:
                continue
            missing = missing_ca_certificates(chain_of(ctx.dockerfile, stage))
            if missing is None or missing.install.command.span.start in seen:
                continue
            seen.add(missing.install.command.span.start)
            edit = add_package(missing.install, "ca-certificates")
            fix = Fix("Install ca-certificates", (edit,), Applicability.UNSAFE) if edit else None
            message = (
                f"{missing.cause} without ca-certificates, but {missing.tls}: TLS would fail (install ca-certificates)"
            )
            yield ctx.finding(missing.install.command.span, message, fix)
