"""Sending one message over SMTP, with the headers a thread and an unsubscribe need.

A refusal of the address (5xx on RCPT) is a bounce and never retried; anything else
(connection refused, 4xx, timeouts) is transient and retried with backoff by the caller.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass(frozen=True)
class Outgoing:
    to: str
    mail_from: str
    subject: str
    body: str
    message_id: str
    in_reply_to: str | None
    references: str | None
    unsubscribe_url: str
    unsubscribe_mailto: str | None = None


class Bounced(Exception):
    """The server refused the recipient: permanent."""


class Transient(Exception):
    """Worth another try later."""


def build(message: Outgoing) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = message.mail_from
    mail["To"] = message.to
    mail["Subject"] = message.subject
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    mail["Message-ID"] = message.message_id
    if message.in_reply_to:
        mail["In-Reply-To"] = message.in_reply_to
    if message.references:
        mail["References"] = message.references
    targets = [f"<{message.unsubscribe_url}>"]
    if message.unsubscribe_mailto:
        targets.append(f"<mailto:{message.unsubscribe_mailto}>")
    mail["List-Unsubscribe"] = ", ".join(targets)
    # RFC 8058: a POST to the URL unsubscribes, no confirmation page in between.
    mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    footer = f"\n\n--\nNot interested? Unsubscribe with one click: {message.unsubscribe_url}\n"
    mail.set_content(message.body.rstrip() + footer)
    return mail


def send(url: str, message: Outgoing, *, timeout_s: float = 20.0) -> None:
    """smtp://[user:pass@]host[:port][?starttls=1] or smtps://..."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError(f"SCOUT_SMTP_URL must start with smtp:// or smtps://, not {url[:12]!r}")
    host = parts.hostname or "localhost"
    query = parse_qs(parts.query)
    mail = build(message)
    try:
        client: smtplib.SMTP
        if parts.scheme == "smtps":
            client = smtplib.SMTP_SSL(
                host, parts.port or 465, timeout=timeout_s, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(host, parts.port or 25, timeout=timeout_s)
        with client:
            if query.get("starttls", ["0"])[0] in ("1", "true"):
                client.starttls(context=ssl.create_default_context())
            if parts.username:
                client.login(unquote(parts.username), unquote(parts.password or ""))
            client.send_message(mail)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        if codes and all(500 <= c < 600 for c in codes):
            raise Bounced(f"recipient refused: {codes[0]}") from exc
        raise Transient(f"recipient deferred: {codes}") from exc
    except smtplib.SMTPResponseException as exc:
        if 500 <= exc.smtp_code < 600 and exc.smtp_code not in (530, 535):
            raise Bounced(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
        raise Transient(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise Transient(f"{type(exc).__name__}: {exc}") from exc
