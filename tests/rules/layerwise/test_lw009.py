"""LW009: a script downloaded and piped straight into a shell."""

from __future__ import annotations

from rules.helpers import lint

CODE = "LW009"


def test_fires_on_pipes_and_substitutions() -> None:
    for run in (
        "curl -fsSL https://get.example.com | sh",
        "wget -qO- https://get.example.com | sudo bash -s -- --yes",
        'sh -c "$(curl -fsSL https://get.example.com)"',
        "apt-get update && curl -sL https://deb.example.com/setup | bash - && apt-get install -y x",
    ):
        findings = lint(f"FROM debian:bookworm-slim\nRUN {run}\n", CODE)
        assert [f.line for f in findings] == [2], run


def test_quiet_for_verified_or_unrelated_pipes() -> None:
    for run in (
        "curl -fsSLo /tmp/i.sh https://get.example.com && sha256sum -c sums && sh /tmp/i.sh",
        "curl -fsSL https://e.org/key | gpg --dearmor -o /usr/share/keyrings/e.gpg",
        "cat script | grep x",
        "echo hi | sh",
    ):
        assert lint(f"FROM debian:bookworm-slim\nRUN {run}\n", CODE) == [], run


def test_fires_through_tee() -> None:
    findings = lint("FROM debian:bookworm-slim\nRUN wget -qO- https://e.org/i.sh | tee /tmp/log | sh\n", CODE)
    assert len(findings) == 1 and findings[0].message.startswith("wget output runs in sh")
