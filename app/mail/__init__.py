"""Mail transport: SMTP out, IMAP in, RFC 822 in both directions."""
