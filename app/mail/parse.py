"""Reading an RFC 822 message: the headers a thread needs and the visible text of the reply
(quoted history and hidden HTML dropped: hidden text never counts)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parseaddr
from html.parser import HTMLParser

from app.errors import AppError

_ID = re.compile(r"<[^<>\s]+>")
_QUOTE_START = re.compile(r"^\s*(On .{0,200}wrote:|-{2,}\s*Original Message|From: .+)$", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0", re.I)


@dataclass(frozen=True)
class Parsed:
    message_id: str
    in_reply_to: list[str]
    references: list[str]
    from_address: str
    subject: str
    text: str


class _Visible(HTMLParser):
    _VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "wbr", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[bool] = []  # per open element: hidden?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._VOID:
            if tag == "br":
                self.parts.append("\n")
            return
        style = " ".join(v or "" for k, v in attrs if k == "style")
        hidden = (
            # A blockquote in a reply is the quoted history, not what the candidate wrote.
            tag in ("script", "style", "head", "title", "blockquote")
            or any(k == "hidden" for k, _ in attrs)
            or bool(_HIDDEN_STYLE.search(style))
        )
        self.stack.append(hidden)
        if tag in ("p", "div", "li", "tr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._VOID and self.stack:
            self.stack.pop()
        if tag in ("p", "div", "li", "tr"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not any(self.stack):
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def strip_quoted(text: str) -> str:
    """The reply itself: lines before the quoted history."""
    kept: list[str] = []
    for line in text.splitlines():
        if line.lstrip().startswith(">") or _QUOTE_START.match(line):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def _ids(value: str | None) -> list[str]:
    return _ID.findall(value or "")


def parse(raw: bytes) -> Parsed:
    if not raw.strip():
        raise AppError("the body is empty: post the raw RFC 822 message", status_code=422)
    mail = message_from_bytes(raw, policy=policy.default)
    assert isinstance(mail, EmailMessage)
    message_id = (_ids(str(mail.get("Message-ID", ""))) or [""])[0]
    if not message_id:
        raise AppError("the message has no Message-ID header", status_code=422)
    plain = mail.get_body(preferencelist=("plain",))
    html = mail.get_body(preferencelist=("html",))
    if plain is not None:
        text = str(plain.get_content())
    elif html is not None:
        text = html_text(str(html.get_content()))
    else:
        text = ""
    return Parsed(
        message_id=message_id,
        in_reply_to=_ids(str(mail.get("In-Reply-To", ""))),
        references=_ids(str(mail.get("References", ""))),
        from_address=parseaddr(str(mail.get("From", "")))[1].lower(),
        subject=str(mail.get("Subject", ""))[:500],
        text=strip_quoted(text)[:20_000],
    )
