"""`fixit serve --lan`: TLS on the shop's network with a certificate authority of the shop's own.

The first `--lan` makes a small certificate authority (a key that never leaves this machine, 0600 in
the app folder's ``web-tls`` folder) and, each start, a certificate for this machine's name and LAN
address signed by it. A tablet trusts the authority once (the `/trust` page offers its file and
its fingerprint to compare); after that the browser shows the padlock with no warning. Made with the
``cryptography`` package (in the serve extra), imported only here.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import socket
from dataclasses import dataclass
from pathlib import Path

from fixit.paths import app_dir, private_folder, write_private

FOLDER = "web-tls"
CA_DAYS = 3650
CERT_DAYS = 397  # the most a browser accepts for a server certificate


@dataclass(frozen=True)
class Files:
    ca: Path  # the authority's certificate: the file a tablet trusts
    certificate: Path  # this machine's certificate and the authority's, as a chain
    key: Path  # this machine's key (0600)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.ca.read_bytes())


def fingerprint(pem: bytes) -> str:
    """The SHA-256 fingerprint of a PEM certificate, as phones and browsers show it (AB:CD:...)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def lan_address() -> str:
    """This machine's address on the shop's network: the one its route out would use (nothing is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def certificates(address: str, folder: Path | None = None) -> Files:
    """The authority (made once) and a fresh certificate for this machine's name and ``address``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder = private_folder(folder or app_dir() / FOLDER)
    ca_file, ca_key_file = folder / "fixit-ca.pem", folder / "fixit-ca-key.pem"
    now = datetime.datetime.now(datetime.timezone.utc)
    if ca_file.exists() and ca_key_file.exists():
        ca_key = serialization.load_pem_private_key(ca_key_file.read_bytes(), password=None)
        ca = x509.load_pem_x509_certificate(ca_file.read_bytes())
    else:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"fixit shop authority ({socket.gethostname()})")])
        ca = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=CA_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    key_cert_sign=True,
                    crl_sign=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        write_private(
            ca_key_file,
            ca_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
        )
        write_private(ca_file, ca.public_bytes(serialization.Encoding.PEM))
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    host = socket.gethostname()
    names: list[x509.GeneralName] = [
        x509.DNSName(host),
        x509.DNSName(f"{host}.local"),
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address(address)),
    ]
    if address != "127.0.0.1":
        names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=CERT_DAYS))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    files = Files(ca_file, folder / "server.pem", folder / "server-key.pem")
    write_private(
        files.key,
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
    )
    write_private(
        files.certificate,
        certificate.public_bytes(serialization.Encoding.PEM) + ca.public_bytes(serialization.Encoding.PEM),
    )
    return files
