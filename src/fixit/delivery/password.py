"""The mail server's password: from FIXIT_SMTP_PASSWORD, or the system keyring (the ``keyring``
package: macOS Keychain, Windows Credential Locker, the Secret Service on Linux). Never stored in
the database, never printed. ``keyring`` is imported only here, when a password is needed."""

from __future__ import annotations

import os

from fixit.errors import FixitError

SERVICE = "fixit-smtp"
ENVIRONMENT = "FIXIT_SMTP_PASSWORD"


def account(user: str, host: str) -> str:
    return f"{user}@{host}"


def lookup(user: str, host: str) -> str | None:
    if os.environ.get(ENVIRONMENT):
        return os.environ[ENVIRONMENT]
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, account(user, host))
    except KeyringError:
        return None


def store(user: str, host: str, password: str) -> str:
    """Keep the password in the system keyring; returns the keyring's name."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, account(user, host), password)
    except KeyringError as error:
        raise FixitError(f"the system keyring would not keep the password ({type(error).__name__}); "
                         f"set {ENVIRONMENT} in the environment instead") from None
    return type(keyring.get_keyring()).__name__
