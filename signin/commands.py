"""Account commands beside the loaders: `python -m loaders add-user NAME` and friends.
Accounts live in DASHBOARD_ACCOUNTS (data/accounts.sqlite by default), not in the
store: a load replaces the store, and the web app opens the store read-only."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from settings import DEFAULTS, project_path
from signin import accounts

ACCOUNT_COMMANDS = ("add-user", "remove-user", "set-password", "set-role", "list-users")
ACCOUNTS_NOTE = ("Accounts matter only with DASHBOARD_SIGN_IN=accounts (and DASHBOARD_SECRET_KEY set); "
                 "see docs/SECURITY.md.")


def add_account_commands(add_command) -> None:
    """`add_command(name, **options)` adds a subcommand to the loaders' parser."""
    accounts_help = "accounts file (default: $DASHBOARD_ACCOUNTS or data/accounts.sqlite)"
    for name, description in [
        ("add-user", "Make an account that can sign in and see incident-level data."),
        ("set-password", "Change an account's password; its sessions end and its failed sign-ins are cleared."),
        ("set-role", "Give an account a role: viewer (reads reviews of signals), reviewer (also changes them) "
                     "or administrator."),
        ("remove-user", "Remove an account; its sessions end at their next request."),
        ("list-users", "List the accounts, each with its role."),
    ]:
        command = add_command(name, help=description[0].lower() + description[1:].rstrip("."),
                              description=description, epilog=ACCOUNTS_NOTE)
        command.add_argument("--accounts", default=None, help=accounts_help)
        if name != "list-users":
            command.add_argument("username", metavar="NAME", help="the user name (letters, digits, . _ @ -)")
        if name == "add-user":
            command.add_argument("--role", choices=accounts.ROLES, default=accounts.DEFAULT_ROLE,
                                 help=f"what the account may do with signals' reviews (default: {accounts.DEFAULT_ROLE})")
        if name == "set-role":
            command.add_argument("role", choices=accounts.ROLES, metavar="ROLE",
                                 help="viewer, reviewer or administrator")
        if name in ("add-user", "set-password"):
            command.add_argument("--password-stdin", action="store_true",
                                 help="read the password from the first line of standard input "
                                      "(for scripts) instead of asking twice")


def _accounts_path(args) -> Path:
    return project_path(args.accounts or os.environ.get("DASHBOARD_ACCOUNTS") or DEFAULTS["DASHBOARD_ACCOUNTS"])


def _read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password for {args.username} (at least {accounts.MIN_PASSWORD_CHARACTERS} "
                            "characters): ")
    if getpass.getpass("The same again: ") != first:
        raise accounts.AccountError("The two passwords differ; nothing was changed.")
    return first


def run_account_command(args: argparse.Namespace) -> int:
    path = _accounts_path(args)
    try:
        if args.command == "list-users":
            users = accounts.list_roles(path)
            print("\n".join(f"{name}\t{role}" for name, role in users) if users else f"No accounts in {path}.")
        elif args.command == "add-user":
            accounts.add_user(path, args.username, _read_password(args), args.role)
            print(f"Added the account '{args.username}' ({args.role}) to {path}.")
        elif args.command == "set-role":
            accounts.set_role(path, args.username, args.role)
            print(f"'{args.username}' is now a {args.role}.")
        elif args.command == "set-password":
            accounts.set_password(path, args.username, _read_password(args))
            print(f"Changed the password of '{args.username}'.")
        elif args.command == "remove-user":
            accounts.remove_user(path, args.username)
            print(f"Removed the account '{args.username}'.")
    except accounts.AccountsUnavailable as problem:
        # At the command line the operator wants the file and the reason, not the form's sentence.
        print(f"Could not write the accounts file {path}: {problem.__cause__}. Nothing was changed.", file=sys.stderr)
        return 2
    except accounts.AccountError as problem:
        print(f"{problem}", file=sys.stderr)
        return 2
    return 0
