"""Reads every e-mail draft (.eml) in a folder with Python's own `email`
package, an MIME parser independent of the one that wrote them, strictly
(any defect is an error), and prints what a mail program would show as
JSON: the decoded headers, the decoded body, and each attachment with its
decoded file name, saved to OUT/<draft>.<n>.bin so the tests can open it.
Usage: read_eml.py FOLDER OUT"""
import email.policy
import json
import pathlib
import sys
from email.parser import BytesParser

folder, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
strict = email.policy.default.clone(raise_on_defect=True)


def mailboxes(header):
    if header is None:
        return []
    return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]


drafts = {}
for path in sorted(folder.glob("*.eml")):
    raw = path.read_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0]
    message = BytesParser(policy=strict).parsebytes(raw)
    body = message.get_body(preferencelist=("plain",))
    attachments = []
    for n, part in enumerate(message.iter_attachments()):
        saved = out / f"{path.stem}.{n}.bin"
        saved.write_bytes(part.get_payload(decode=True))
        attachments.append(
            {
                "filename": part.get_filename(),
                "content_type": part.get_content_type(),
                "disposition": part.get_content_disposition(),
                "saved": str(saved),
            }
        )
    drafts[path.name] = {
        "headers_ascii": all(b < 128 for b in head),
        "crlf": b"\n" not in raw.replace(b"\r\n", b""),
        "content_type": message.get_content_type(),
        "mime_version": message["MIME-Version"],
        "from": mailboxes(message["From"]),
        "to": mailboxes(message["To"]),
        "subject": message["Subject"],
        "x_unsent": message["X-Unsent"],
        "date": message["Date"],
        "message_id": message["Message-ID"],
        "body_type": body.get_content_type() if body else None,
        "body_charset": body.get_content_charset() if body else None,
        "body": body.get_content() if body else None,
        "attachments": attachments,
    }
json.dump(drafts, sys.stdout, ensure_ascii=False, indent=1)
