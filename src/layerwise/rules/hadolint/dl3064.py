"""DL3064: potentially sensitive data in ARG or ENV."""

from __future__ import annotations

from collections.abc import Iterable

from layerwise.rules.base import Finding, Rule, RuleContext, Severity
from layerwise.rules.hadolint._packages import arg_pairs, finding_at, pairs

KNOWN_SENSITIVE = frozenset(
    {
        "ACCESS_TOKEN", "APPLICATION_KEY", "APP_SECRET", "AUTH_TOKEN", "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "BITTREX_API_KEY", "BITTREX_API_SECRET", "CF_PASSWORD", "CF_USERNAME",
        "CIRCLE_TOKEN", "CI_DEPLOY_PASSWORD", "CI_DEPLOY_USER", "DOCKERHUB_PASSWORD", "DOCKER_EMAIL",
        "DOCKER_PASSWORD", "DOCKER_USERNAME", "FACEBOOK_ACCESS_TOKEN", "FACEBOOK_APP_ID",
        "FACEBOOK_APP_SECRET", "FIREBASE_API_TOKEN", "FIREBASE_TOKEN", "FOSSA_API_KEY",
        "GH_ENTERPRISE_TOKEN", "GH_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GITHUB_TOKEN", "HEROKU_API_KEY",
        "HEROKU_API_USER", "NPM_AUTH_TOKEN", "NPM_TOKEN", "OKTA_AUTHN_GROUPID", "OKTA_CLIENT_ORGURL",
        "OKTA_CLIENT_TOKEN", "OKTA_OAUTH2_CLIENTID", "OKTA_OAUTH2_CLIENTSECRET", "OPENAI_API_KEY",
        "OS_PASSWORD", "OS_USERNAME", "POSTGRES_PASSWORD", "SLACK_TOKEN", "STRIPE_API_KEY",
        "STRIPE_DEVICE_NAME", "TRAVIS_OS_NAME", "TRAVIS_SECURE_ENV_VARS", "TRAVIS_SUDO",
        "VAULT_CLIENT_KEY", "VAULT_TOKEN",
    }
)  # fmt: skip
SUSPICIOUS_PARTS = ("api_key", "client_key", "password", "private", "secret", "token", "username")


def is_sensitive(name: str) -> bool:
    return name.upper() in KNOWN_SENSITIVE or any(part in name.lower() for part in SUSPICIOUS_PARTS)


class DL3064SensitiveVariable(Rule):
    """What it does: flags ARG and ENV names that look like secrets (tokens, passwords, keys).

    Why is this bad: ARG values are recorded in the image history and ENV values in its config;
    anyone who can pull the image can read them. Use `RUN --mount=type=secret` instead.

    Example:
        ARG NPM_TOKEN
        RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci

    Use instead:
        RUN --mount=type=secret,id=npm_token \\
            NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci
    """

    code = "DL3064"
    severity = Severity.WARNING
    message = "Potentially sensitive data should not be used in the `ARG` or `ENV` commands"
    onbuild = True

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for ins in ctx.instructions("ARG", "ENV"):
            names = [n for n, _ in arg_pairs(ins)] if ins.keyword == "ARG" else [n for n, _ in pairs(ins)]
            if any(is_sensitive(name) for name in names):
                yield finding_at(ctx, ins, ins.args_span or ins.span)
