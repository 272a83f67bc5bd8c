"""The signature field in a tagged document's structure: PDF/UA asks every widget annotation to
be the content of a Form element, with a description (/TU), and the annotations of a page to be
visited in the structure's order (/Tabs /S). An untagged PDF is left as it is."""

from __future__ import annotations

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter


def _field(writer: IncrementalPdfFileWriter, name: str) -> generic.IndirectObject:
    """The (combined field and widget) annotation of the signature field `name`."""
    fields = writer.root["/AcroForm"]["/Fields"]
    for index in range(len(fields)):
        reference = fields.raw_get(index)
        if reference.get_object().get("/T") == name:
            return reference
    raise LookupError(name)


def tag_signature_field(writer: IncrementalPdfFileWriter, name: str, description: str) -> None:
    """Field `name` (on the last page) as a Form element at the end of the document's structure,
    described by `description`."""
    if "/StructTreeRoot" not in writer.root:
        return
    tree = writer.root["/StructTreeRoot"]
    top = tree["/K"]
    document_ref = top.raw_get(0) if isinstance(top, generic.ArrayObject) else tree.raw_get("/K")
    document = document_ref.get_object()
    parent_tree = tree["/ParentTree"]
    numbers = parent_tree["/Nums"]
    key = max((int(number) for number in list(numbers)[::2]), default=-1) + 1
    widget_ref = _field(writer, name)
    page_ref, _resources = writer.find_page_for_modification(-1)
    element = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/StructElem"),
            pdf_name("/S"): pdf_name("/Form"),
            pdf_name("/P"): document_ref,
            pdf_name("/Alt"): generic.TextStringObject(description),
            pdf_name("/K"): generic.DictionaryObject(
                {
                    pdf_name("/Type"): pdf_name("/OBJR"),
                    pdf_name("/Obj"): widget_ref,
                    pdf_name("/Pg"): page_ref,
                }
            ),
        }
    )
    element_ref = writer.add_object(element)
    document["/K"].append(element_ref)
    numbers.append(generic.NumberObject(key))
    numbers.append(element_ref)
    tree[pdf_name("/ParentTreeNextKey")] = generic.NumberObject(key + 1)
    widget = widget_ref.get_object()
    widget[pdf_name("/StructParent")] = generic.NumberObject(key)
    widget[pdf_name("/TU")] = generic.TextStringObject(description)
    page_ref.get_object()[pdf_name("/Tabs")] = pdf_name("/S")
    for changed in (document, parent_tree, tree, widget, page_ref.get_object()):
        writer.update_container(changed)
