"""XMP metadata and the sRGB output intent of a PDF/UA-1 and PDF/A-2 file.

The XMP packet repeats the Info dictionary ReportLab writes (title, author, subject,
keywords, creator, producer, dates: PDF/A-2 6.6.2.3 requires the two to agree), declares
the language and the conformance (``pdfaid:part 2``, ``pdfaid:conformance A``,
``pdfuaid:part 1``) and, because the PDF/UA identification schema is not one PDF/A knows,
describes it with the PDF/A extension schema container. Dates come from ReportLab's own
timestamp, fixed under ``invariant=1``, so the packet is identical for identical input.

The output intent carries an sRGB ICC profile made by LittleCMS through Pillow. LittleCMS
stamps the profile with the time it was made; the stamp is replaced by a fixed date and the
profile ID recomputed, so the profile's bytes depend only on the LittleCMS version.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from functools import cache
from html import escape

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)

PDFA_PART = 2
PDFA_CONFORMANCE = "A"
PDFUA_PART = 1
SRGB = "sRGB IEC61966-2.1"
ICC_DATE = (2000, 1, 1, 0, 0, 0)  # ReportLab's own invariant date


@dataclass(frozen=True)
class InfoFields:
    """What the Info dictionary says, as text (XMP must say the same)."""

    title: str
    author: str
    subject: str
    keywords: str
    creator: str
    producer: str
    date: str  # ISO 8601 with offset, e.g. 2000-01-01T00:00:00+00:00
    lang: str


def info_fields(doc: PDFDocument) -> InfoFields:
    """The Info entries and the language of a ReportLab document about to be written."""
    info, stamp = doc.info, doc._timeStamp
    year, month, day, hour, minute, second = stamp.YMDhms
    offset = f"{stamp.dhh:+03d}:{stamp.dmm:02d}"
    lang = getattr(doc.Catalog, "Lang", None)
    return InfoFields(
        title=str(info.title),
        author=str(info.author),
        subject=str(info.subject),
        keywords=str(info.keywords),
        creator=str(info.creator),
        producer=str(info.producer),
        date=f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{offset}",
        lang=str(lang.s) if lang is not None else "",
    )


def xmp_packet(fields: InfoFields) -> bytes:
    """The XMP packet (UTF-8, no ``bytes`` or ``encoding`` attribute: PDF/A-2 6.6.2.1)."""
    # quotes kept: the escaping of xml.sax.saxutils, which would load urllib.request
    t = {k: escape(str(v), quote=False) for k, v in vars(fields).items()}
    body = f"""<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{t["title"]}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{t["author"]}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{t["subject"]}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{t["lang"]}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>{t["creator"]}</xmp:CreatorTool>
   <xmp:CreateDate>{t["date"]}</xmp:CreateDate>
   <xmp:ModifyDate>{t["date"]}</xmp:ModifyDate>
   <xmp:MetadataDate>{t["date"]}</xmp:MetadataDate>
   <pdf:Producer>{t["producer"]}</pdf:Producer>
   <pdf:Keywords>{t["keywords"]}</pdf:Keywords>
   <pdf:Trapped>False</pdf:Trapped>
   <pdfaid:part>{PDFA_PART}</pdfaid:part>
   <pdfaid:conformance>{PDFA_CONFORMANCE}</pdfaid:conformance>
   <pdfuaid:part>{PDFUA_PART}</pdfuaid:part>
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>"""
    header = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    return (header + body + '\n<?xpacket end="r"?>').encode("utf-8")


def metadata_stream(fields: InfoFields) -> PDFStream:
    """The catalog's ``/Metadata`` stream, unfiltered so any tool can read it."""
    dictionary = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    return PDFStream(dictionary, content=xmp_packet(fields), filters=None)


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile (LittleCMS's built-in one) with a fixed creation date."""
    from PIL import ImageCms  # only needed when a tagged PDF is written

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = struct.pack(">6H", *ICC_DATE)
    # ICC.1 7.2.18: the profile ID is the MD5 of the profile with the flags, the rendering
    # intent and the ID itself set to zero.
    zeroed = bytearray(data)
    zeroed[44:48] = zeroed[64:68] = bytes(4)
    zeroed[84:100] = bytes(16)
    data[84:100] = hashlib.md5(zeroed, usedforsecurity=False).digest()
    return bytes(data)


def output_intents(doc: PDFDocument) -> PDFArray:
    """The catalog's ``/OutputIntents``: one PDF/A intent with the sRGB profile."""
    profile = PDFStream(
        PDFDictionary({"N": 3, "Alternate": PDFName("DeviceRGB")}),
        content=srgb_profile(),
        filters=[PDFZCompress],
    )
    intent = PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString(SRGB),
            "Info": PDFString(SRGB),
            "RegistryName": PDFString("http://www.color.org"),
            "DestOutputProfile": doc.Reference(profile),
        }
    )
    return PDFArray([intent])
