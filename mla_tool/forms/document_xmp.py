"""The XMP metadata a printed PDF carries besides WeasyPrint's own (title, author, dates, PDF/A
identification): its language, its PDF/UA-1 identification, whether it is a draft, and the PDF/A
extension schemas that declare the properties PDF/A does not predefine."""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.etree import ElementTree

import pydyf
from defusedxml.ElementTree import fromstring

if TYPE_CHECKING:  # WeasyPrint is imported only when a document is rendered
    from weasyprint.document import Document

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
PDF = "http://ns.adobe.com/pdf/1.3/"
XMP = "http://ns.adobe.com/xap/1.0/"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
#: The documents' own properties (a name, never fetched).
DOCUMENT = "urn:mla-tool:xmp:document:1.0#"
PREFIXES = {
    "x": "adobe:ns:meta/",
    "pdfuaid": PDFUAID,
    "pdfaExtension": EXTENSION,
    "pdfaSchema": SCHEMA,
    "pdfaProperty": PROPERTY,
    "mladoc": DOCUMENT,
}

#: `<meta name=… content="true|false">` in a document's head: the request is not approved (the
#: template says so; WeasyPrint keeps unknown <meta> names as custom metadata).
DRAFT_META = "mla-tool.draft"

#: The properties outside PDF/A's predefined schemas, declared as PDF/A requires:
#: (schema, namespace, prefix, ((name, value type, description), ...)).
EXTENSION_SCHEMAS = (
    (
        "PDF/UA Universal Accessibility Schema",
        PDFUAID,
        "pdfuaid",
        (("part", "Integer", "Part of ISO 14289 the document conforms to"),),
    ),
    (
        "mla_tool printed document",
        DOCUMENT,
        "mladoc",
        (("Draft", "Boolean", "The request is not approved: the document is a draft"),),
    ),
)

_HEADER = b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
_FOOTER = b'\n<?xpacket end="w"?>'


def _parsed(packet: bytes) -> tuple[ElementTree.Element, ElementTree.Element]:
    """An XMP packet's x:xmpmeta and its rdf:RDF (the packet is ours: read with no DTD)."""
    for prefix, namespace in PREFIXES.items():
        ElementTree.register_namespace(prefix, namespace)
    root = fromstring(packet)
    rdf = root.find(_tag(RDF, "RDF"))
    assert rdf is not None
    return root, rdf


def _packet(root: ElementTree.Element) -> bytes:
    return _HEADER + ElementTree.tostring(root, encoding="utf-8", xml_declaration=False) + _FOOTER


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _description(rdf: ElementTree.Element) -> ElementTree.Element:
    element = ElementTree.SubElement(rdf, _tag(RDF, "Description"))
    element.set(_tag(RDF, "about"), "")
    return element


def _list(parent: ElementTree.Element, kind: str) -> ElementTree.Element:
    return ElementTree.SubElement(parent, _tag(RDF, kind))


def _resource(parent: ElementTree.Element) -> ElementTree.Element:
    item = ElementTree.SubElement(parent, _tag(RDF, "li"))
    item.set(_tag(RDF, "parseType"), "Resource")
    return item


def _text(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, tag).text = text


def _extension_schemas(rdf: ElementTree.Element) -> None:
    """pdfaExtension:schemas, one entry for each of EXTENSION_SCHEMAS."""
    schemas = _list(ElementTree.SubElement(_description(rdf), _tag(EXTENSION, "schemas")), "Bag")
    for title, namespace, prefix, properties in EXTENSION_SCHEMAS:
        schema = _resource(schemas)
        _text(schema, _tag(SCHEMA, "schema"), title)
        _text(schema, _tag(SCHEMA, "namespaceURI"), namespace)
        _text(schema, _tag(SCHEMA, "prefix"), prefix)
        sequence = _list(ElementTree.SubElement(schema, _tag(SCHEMA, "property")), "Seq")
        for name, value_type, description in properties:
            entry = _resource(sequence)
            _text(entry, _tag(PROPERTY, "name"), name)
            _text(entry, _tag(PROPERTY, "valueType"), value_type)
            _text(entry, _tag(PROPERTY, "category"), "internal")
            _text(entry, _tag(PROPERTY, "description"), description)


def document_xmp(existing: bytes, language: str | None, draft: str | None) -> bytes:
    """`existing` (WeasyPrint's XMP packet) with dc:language, pdfuaid:part 1, mladoc:Draft
    (when the document says) and the extension schemas declaring them."""
    root, rdf = _parsed(existing)
    description = _description(rdf)
    if language:
        languages = _list(ElementTree.SubElement(description, _tag(DC, "language")), "Bag")
        ElementTree.SubElement(languages, _tag(RDF, "li")).text = language
    _text(description, _tag(PDFUAID, "part"), "1")
    if draft in ("true", "false"):
        _text(description, _tag(DOCUMENT, "Draft"), draft.capitalize())
    _extension_schemas(rdf)
    return _packet(root)


def revised_xmp(existing: bytes, producer: str, modified: str) -> bytes:
    """`existing` (document_xmp's packet) for a later revision of the file (a signature): as it
    was, but pdf:Producer `producer` and xmp:ModifyDate and MetadataDate `modified`, as the
    information dictionary's /Producer and /ModDate say (PDF/A asks both to agree)."""
    root, rdf = _parsed(existing)
    replaced = {_tag(PDF, "Producer"), _tag(XMP, "ModifyDate"), _tag(XMP, "MetadataDate")}
    for description in rdf.findall(_tag(RDF, "Description")):
        for name in replaced & set(description.attrib):
            del description.attrib[name]
        for child in [child for child in description if child.tag in replaced]:
            description.remove(child)
    description = _description(rdf)
    _text(description, _tag(PDF, "Producer"), producer)
    _text(description, _tag(XMP, "ModifyDate"), modified)
    _text(description, _tag(XMP, "MetadataDate"), modified)
    return _packet(root)


def add_document_xmp(document: Document, pdf: pydyf.PDF) -> None:
    """A write_pdf finisher: the document's XMP packet completed by document_xmp, left
    uncompressed (what archival readers look for first)."""
    reference = pdf.catalog["Metadata"]
    stream = pdf.objects[int(str(reference, "ascii").split()[0])]
    metadata = document.metadata
    packet = b"\n".join(_bytes(part) for part in stream.stream)
    stream.stream = [document_xmp(packet, metadata.lang, metadata.custom.get(DRAFT_META))]
    stream.compress = False


def _bytes(part: bytes | str) -> bytes:
    return part if isinstance(part, bytes) else part.encode("utf-8")
