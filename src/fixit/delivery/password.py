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


# The keyrings that keep a secret locked away: macOS Keychain, Windows Credential Locker, the Secret
# Service (GNOME Keyring, KWallet through it), KWallet itself. Anything else (keyrings.alt's files,
# the "fail" and "null" keyrings) is no keyring: a plain-text file or nowhere.
REAL_KEYRINGS = (
    "keyring.backends.macOS",
    "keyring.backends.Windows",
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
)
ALLOW_FILE = "FIXIT_ALLOW_FILE_KEYRING"  # =1: accept a file keyring knowingly (the test suite does)
NO_KEYRING = (
    "this computer has no system keyring to keep the password in (only a plain-text file, "
    "or none): set one up (GNOME Keyring or KWallet on Linux; macOS and Windows have theirs), "
    f"or set {ENVIRONMENT} in the environment instead"
)


def _is_real(keeper: object) -> bool:
    chained = getattr(keeper, "backends", None)
    if type(keeper).__name__ == "ChainerBackend" and chained:
        keeper = chained[0]  # the chain writes to its first keyring
    return type(keeper).__module__.startswith(REAL_KEYRINGS)


def check_keyring() -> None:
    """Refuse, naming what to do, when there is no real keyring (asked before the password is)."""
    import keyring

    if not _is_real(keyring.get_keyring()) and os.environ.get(ALLOW_FILE) != "1":
        raise FixitError(NO_KEYRING)


def store(user: str, host: str, password: str) -> str:
    """Keep the password in the system keyring; returns the keyring's name. A keyring that is a
    plain-text file (or no keyring at all) is refused, unless FIXIT_ALLOW_FILE_KEYRING=1."""
    import keyring
    from keyring.errors import KeyringError

    check_keyring()
    try:
        keyring.set_password(SERVICE, account(user, host), password)
    except KeyringError as error:
        raise FixitError(
            f"the system keyring would not keep the password ({type(error).__name__}); "
            f"set {ENVIRONMENT} in the environment instead"
        ) from None
    return type(keyring.get_keyring()).__name__
