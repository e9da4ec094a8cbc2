"""Getting letters and the agenda out of fixit: the shop's own mail server (SMTP, through the
standard library's smtplib, which does STARTTLS, implicit TLS and login with no dependency), the
password for it (the system keyring, or FIXIT_SMTP_PASSWORD), and the shop's own text-message
program. Imported only by the commands that send: none of it loads at the counter."""
