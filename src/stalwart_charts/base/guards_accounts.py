"""Guard cases of templates/_validate_accounts.tpl (`stalwart.validate.accounts`): accounts as code
(bootstrap.directory) and the tls-reload sidecar's own account, as data like `guards.GUARDS`,
which includes them."""
from __future__ import annotations

from typing import Any

from chartkit.testing.guards import GuardCase
from stalwart_charts.base.scenarios import DECLARATIVE

SECRET = {"name": "mail-passwords", "key": "alice"}
ALICE = {"name": "alice", "passwordSecret": SECRET}


def _directory(**entries: Any) -> dict[str, Any]:
    """DECLARATIVE (bootstrap.domain example.com with its hostname) plus bootstrap.directory entries."""
    return {**DECLARATIVE, "bootstrap": {**DECLARATIVE["bootstrap"], "directory": entries}}


ACCOUNTS_GUARDS: list[GuardCase] = [
    GuardCase("directory-in-wizard-mode", "bootstrap.directory without declarative mode",
              {"bootstrap": {"directory": {"accounts": [ALICE]}}},
     ["bootstrap.directory: only applies in declarative mode", "config.dataStore"]),
    GuardCase("directory-without-job", "bootstrap.directory with bootstrap.enabled=false",
              {**_directory(accounts=[ALICE]), "bootstrap": {**_directory(accounts=[ALICE])["bootstrap"],
                                                             "enabled": False}},
     ["bootstrap.directory: bootstrap.enabled=false runs no Job", "bootstrap.enabled=true"]),
    GuardCase("directory-password-inline", "an account password given inline",
              _directory(accounts=[{"name": "alice", "password": "hunter2"}]),
     ["bootstrap.directory.accounts[0].password: an inline password", "helm get values",
      "kubectl create secret generic mail-passwords",
      "bootstrap.directory.accounts[0].passwordSecret: {name: mail-passwords, key: alice}"]),
    GuardCase("directory-password-no-secret", "an account without passwordSecret",
              _directory(accounts=[{"name": "alice"}]),
     ["bootstrap.directory.accounts[0].passwordSecret.name: is empty"]),
    GuardCase("directory-password-no-key", "an account's passwordSecret without key",
              _directory(accounts=[{"name": "alice", "passwordSecret": {"name": "mail-passwords"}}]),
     ["bootstrap.directory.accounts[0].passwordSecret.key: is empty", "Secret mail-passwords"]),
    GuardCase("directory-unknown-domain", "an account on a domain neither default nor declared",
              _directory(accounts=[{**ALICE, "domain": "example.org"}]),
     ["bootstrap.directory.accounts[0].domain: example.org is neither bootstrap.domain",
      "Add {name: example.org} to bootstrap.directory.domains"]),
    GuardCase("directory-no-default-domain", "an account without a domain while bootstrap.domain is empty",
              {**DECLARATIVE, "bootstrap": {"directory": {"accounts": [ALICE]}}},
     ["bootstrap.directory.accounts[0].domain: is empty and bootstrap.domain is not set"]),
    GuardCase("directory-alias-unknown-domain", "an alias on an undeclared domain",
              _directory(mailingLists=[{"name": "all", "aliases": ["everyone@example.net"]}]),
     ["bootstrap.directory.mailingLists[0].aliases[0]: everyone@example.net is not on a declared domain"]),
    GuardCase("directory-domain-twice", "a domain declared twice (or again as bootstrap.domain)",
              _directory(domains=[{"name": "example.com"}]),
     ["bootstrap.directory.domains[0].name: example.com is already declared by bootstrap.domain"]),
    GuardCase("directory-account-twice", "two accounts with one name and domain",
              _directory(accounts=[ALICE, {**ALICE, "passwordSecret": {**SECRET, "key": "alice2"}}]),
     ["bootstrap.directory.accounts[1].name: alice@example.com is declared twice"]),
    GuardCase("directory-address-twice", "one address for two owners (an alias and a list)",
              _directory(accounts=[{**ALICE, "aliases": ["sales"]}], mailingLists=[{"name": "sales"}]),
     ["bootstrap.directory.mailingLists[0]: the address sales@example.com is also "
      "bootstrap.directory.accounts[0].aliases[0]"]),
    GuardCase("directory-unknown-member", "a group naming an account not in bootstrap.directory.accounts",
              _directory(accounts=[ALICE], groups=[{"name": "sales", "members": ["alice", "bob"]}]),
     ["bootstrap.directory.groups[0].members[1]: bob is not in bootstrap.directory.accounts"]),
    GuardCase("directory-member-twice", "a group naming one member twice",
              _directory(accounts=[ALICE], groups=[{"name": "sales", "members": ["alice", "alice"]}]),
     ["bootstrap.directory.groups[0].members: names an account twice"]),
    GuardCase("directory-secret-slot", "the password slot text in a value",
              _directory(mailingLists=[{"name": "all", "description": "__STALWART_SECRET_0__"}]),
     ["bootstrap: a value holds the text __STALWART_SECRET_", "passwordSecret"]),
    GuardCase("directory-reload-account-name", "an account named like the tls-reload sidecar's account",
              {**_directory(accounts=[{**ALICE, "name": "tls-reload"}]), "tls": {"secretName": "mail-tls"}},
     ["bootstrap.directory.accounts[0].name: tls-reload is the tls-reload sidecar's reload-only account",
      "tls.reload.account"]),
    GuardCase("plan-reconcile-account", "a reconcile of Account in bootstrap.plan",
              {**DECLARATIVE, "bootstrap": {**DECLARATIVE["bootstrap"], "plan": [
                  {"@type": "reconcile", "object": "Account", "matchOn": ["name"], "value": {}}]}},
     ["bootstrap.plan[0]: reconcile of Account deletes every Account", "upsert"]),
]

ACCOUNTS_ALLOWED: list[tuple[str, dict[str, Any]]] = [
    ("directory-full", _directory(
        domains=[{"name": "example.org", "description": "second"}],
        accounts=[{**ALICE, "aliases": ["ali", "alice@example.org"]},
                  {"name": "bob", "domain": "example.org", "passwordSecret": {**SECRET, "key": "bob"}}],
        groups=[{"name": "sales", "members": ["alice", "bob"], "aliases": ["team"]}],
        mailingLists=[{"name": "all", "recipients": ["alice@example.com", "bob@example.org"]}])),
    ("directory-same-local-part-two-domains", _directory(
        domains=[{"name": "example.org"}],
        accounts=[ALICE, {**ALICE, "domain": "example.org", "passwordSecret": {**SECRET, "key": "alice2"}}])),
    ("directory-reload-account-renamed", {**_directory(accounts=[{**ALICE, "name": "tls-reload"}]),
                                          "tls": {"secretName": "mail-tls", "reload": {"account": "cert-reload"}}}),
]
