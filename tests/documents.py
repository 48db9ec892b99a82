"""Shared by the document-reading tests: reading one file back, and a Word text box as
Word writes it (DrawingML with a VML fallback copy of the same box)."""

from __future__ import annotations

from pathlib import Path

from app.candidates.parsing.readers import read_path
from app.candidates.profile import RawRecord


def read_one(path: Path) -> RawRecord:
    [record] = list(read_path(path))
    assert isinstance(record, RawRecord), record
    assert record.text is not None
    return record


TEXT_BOX = """
<mc:AlternateContent {ns}>
  <mc:Choice Requires="wps">
    <w:drawing><wp:anchor><wp:docPr id="1" name="Box"/><a:graphic><a:graphicData>
      <wps:wsp><wps:txbx><w:txbxContent>
        <w:p><w:r><w:t>Contact: Leeds, UK</w:t></w:r></w:p>
      </w:txbxContent></wps:txbx></wps:wsp>
    </a:graphicData></a:graphic></wp:anchor></w:drawing>
  </mc:Choice>
  <mc:Fallback>
    <w:pict><v:shape><v:textbox><w:txbxContent>
      <w:p><w:r><w:t>Contact: Leeds, UK</w:t></w:r></w:p>
    </w:txbxContent></v:textbox></v:shape></w:pict>
  </mc:Fallback>
</mc:AlternateContent>
"""


NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
)
