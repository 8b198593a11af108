"""The pages a truncated PDF still holds, as a PDF pdfium can open.

A download cut short loses the end of the file: the cross-reference table, the trailer and, as
writers put them last, often the catalog and the root of the page tree. Every object before the
cut is whole, though, and so are the pages whose content streams came before it. This module
reads those objects in file order (and those packed in object streams), keeps each page object
whose content is all there, hangs the pages from a new page tree in the order the surviving
page-tree nodes give them, and writes a new catalog, cross-reference table and trailer after
them.

What it cannot know: pages after the cut; pages whose fonts or images came after it (writers
often put fonts last, so a cut may leave no page whole); an object rewritten by an update after
the cut (read in its old form); content the lost catalog hid (optional content); and the order
of page groups whose common parent was lost (taken as the file's). The caller says so in a
warning. ``scripts/evaluate_salvage`` measures what is kept on the corpus's PDFs cut short.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

# "12 0 obj" where an object starts (not the tail of a number: 1.12 0 obj is no header).
_OBJ = re.compile(rb"(?<![\d.])(\d{1,10})\s+(\d{1,5})\s+obj\b")
_REF = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+R\b")
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_PARENT = re.compile(rb"/Parent\s+(\d+)\s+\d+\s+R")
# Page attributes a page may inherit from its page-tree ancestors (PDF 32000-1, 7.7.3.4).
_INHERITED = (b"/Resources", b"/MediaBox", b"/CropBox", b"/Rotate")


@dataclass(frozen=True)
class Salvage:
    data: bytes  # a whole PDF: the pages that survived, under a new catalog
    pages: int
    objects: int  # whole objects found before the cut


@dataclass
class Objects:
    """The whole objects before the cut: number → body (between ``obj`` and ``endobj``), its
    generation, and the numbers in file order."""

    bodies: dict[int, bytes]
    generations: dict[int, int]
    order: list[int]


def truncated_pdf_to_salvage(data: bytes) -> Salvage | None:
    """The whole pages of a PDF cut short, or None when no page survived the cut."""
    found = whole_objects(data)
    bodies = found.bodies
    whole_pages = {n for n in bodies if is_page(bodies[n]) and contents_present(bodies, bodies[n])}
    pages = [n for n in reading_order(found) if n in whole_pages]
    if not pages:
        return None
    return Salvage(data=rebuild(found, pages), pages=len(pages), objects=len(bodies))


def whole_objects(data: bytes) -> Objects:
    """Every object that ends before the cut; those packed in an object stream are unpacked
    in the stream's place."""
    found = Objects(bodies={}, generations={}, order=[])
    pos = 0
    while (m := _OBJ.search(data, pos)) is not None:
        end = object_end(data, m.end())
        if end is None:
            break  # the object the cut went through
        body = data[m.end() : end]
        number = int(m.group(1))
        found.bodies[number] = body
        found.generations[number] = int(m.group(2))
        found.order.append(number)
        for packed, packed_body in object_stream_members(body):
            found.bodies[packed] = packed_body
            found.generations[packed] = 0
            found.order.append(packed)
        pos = end + len(b"endobj")
    # An object written again later (an incremental update) is the later one; it stands where
    # the file first had it.
    found.order = list(dict.fromkeys(found.order))
    return found


def reading_order(found: Objects) -> list[int]:
    """The page objects in the order the surviving page tree gives them: the kids of each
    /Pages node that survived in its order, each group of pages without a surviving parent
    where the file first has one of them."""
    bodies = found.bodies
    position = {n: i for i, n in enumerate(found.order)}

    def leaves(number: int, seen: set[int]) -> list[int]:
        if number in seen or number not in bodies:
            return []
        seen.add(number)
        if is_page(bodies[number]):
            return [number]
        kids = entry(dictionary(bodies[number]), b"/Kids") or b""
        return [leaf for kid in _REF.findall(kids) for leaf in leaves(int(kid), seen)]

    tops = [
        n
        for n in found.order
        if (is_page(bodies[n]) or is_page_tree_node(bodies[n]))
        and ((parent := parent_number(bodies[n])) not in bodies or parent == n)
    ]
    seen: set[int] = set()
    groups = [leaves(top, seen) for top in tops]
    groups = [g for g in groups if g]
    groups.sort(key=lambda group: min(position[n] for n in group))
    ordered = [n for group in groups for n in group]
    # A page its surviving parent does not list (a tree the writer left inconsistent) still
    # counts, where the file has it.
    missed = [n for n in found.order if is_page(bodies[n]) and n not in seen]
    return ordered + missed


def parent_number(body: bytes) -> int | None:
    """The object number of the node an object names as its /Parent."""
    parent = _PARENT.search(dictionary(body))
    return int(parent.group(1)) if parent is not None else None


def is_page_tree_node(body: bytes) -> bool:
    return bool(re.search(rb"/Type\s*/Pages\b", dictionary(body)))


def object_end(data: bytes, start: int) -> int | None:
    """Where the ``endobj`` of the object whose body starts at ``start`` is, stepping over a
    stream's bytes (which may hold anything) by its /Length when that is given directly."""
    head_end = data.find(b"endobj", start)
    stream = data.find(b"stream", start, head_end if head_end >= 0 else len(data))
    if stream < 0:
        return head_end if head_end >= 0 else None
    length = _LENGTH.search(data, start, stream)
    skip = stream + len(b"stream")
    if length is not None:
        skip += int(length.group(1))
    endstream = data.find(b"endstream", skip)
    if endstream < 0:
        return None
    end = data.find(b"endobj", endstream)
    return end if end >= 0 else None


def object_stream_members(body: bytes) -> list[tuple[int, bytes]]:
    """The objects packed in an object stream (/Type /ObjStm, Flate-compressed), each as
    (number, body); nothing for any other object or one that does not inflate."""
    head, _, rest = body.partition(b"stream")
    if not re.search(rb"/Type\s*/ObjStm", head) or b"/FlateDecode" not in head:
        return []
    first = re.search(rb"/First\s+(\d+)", head)
    count = re.search(rb"/N\s+(\d+)", head)
    if first is None or count is None:
        return []
    try:
        content = zlib.decompressobj().decompress(rest.lstrip(b"\r\n"))
    except zlib.error:
        return []
    offset = int(first.group(1))
    numbers = [int(n) for n in content[:offset].split()]
    pairs = list(zip(numbers[0::2], numbers[1::2], strict=False))[: int(count.group(1))]
    bounds = [offset + at for _, at in pairs] + [len(content)]
    return [(n, content[bounds[i] : bounds[i + 1]]) for i, (n, _) in enumerate(pairs)]


def dictionary(body: bytes) -> bytes:
    """An object's dictionary: its body before any stream."""
    return body.split(b"stream", 1)[0]


def is_page(body: bytes) -> bool:
    return bool(_PAGE.search(dictionary(body)))


def contents_present(objects: dict[int, bytes], page: bytes) -> bool:
    """Everything the page draws with is whole: its content streams, fonts, images and what
    they refer to in turn. (Writers often put the fonts last: a page whose font was cut off
    would show no text, or the wrong text.)"""
    head = _PARENT.sub(b"", dictionary(page))
    todo = [int(n) for n in _REF.findall(head)]
    seen: set[int] = set()
    while todo:
        number = todo.pop()
        if number in seen:
            continue
        if number not in objects:
            return False
        seen.add(number)
        todo.extend(int(n) for n in _REF.findall(dictionary(objects[number])))
    return True


def entry(dict_bytes: bytes, key: bytes) -> bytes | None:
    """The raw value of ``key`` in a dictionary: a reference, a <<…>> or […] taken whole, or a
    plain token."""
    m = re.search(re.escape(key) + rb"(?![A-Za-z])\s*", dict_bytes)
    if m is None:
        return None
    at = m.end()
    ref = re.match(rb"\d+\s+\d+\s+R\b", dict_bytes[at:])
    if ref:
        return ref.group(0)
    for opener, closer in ((b"<<", b">>"), (b"[", b"]")):
        if dict_bytes.startswith(opener, at):
            depth, i = 0, at
            while i < len(dict_bytes):
                if dict_bytes.startswith(opener, i):
                    depth, i = depth + 1, i + len(opener)
                elif dict_bytes.startswith(closer, i):
                    depth, i = depth - 1, i + len(closer)
                    if depth == 0:
                        return dict_bytes[at:i]
                else:
                    i += 1
            return None
    token = re.match(rb"[^\s/<>\[\]()]+", dict_bytes[at:])
    return token.group(0) if token else None


def inherited(objects: dict[int, bytes], page: bytes, key: bytes) -> bytes | None:
    """``key``'s value from the nearest ancestor that survived and sets it."""
    seen: set[int] = set()
    node = page
    while (number := parent_number(node)) is not None:
        if number in seen or number not in objects:
            return None
        seen.add(number)
        node = objects[number]
        value = entry(dictionary(node), key)
        if value is not None:
            return value
    return None


def page_under(objects: dict[int, bytes], body: bytes, root: int) -> bytes:
    """A page object's body hung from the new root: its /Parent points there, and what it
    inherited from ancestors the new tree no longer has is written into it."""
    head, sep, stream = body.partition(b"stream")
    added = b"".join(
        key + b" " + value
        for key in _INHERITED
        if entry(head, key) is None and (value := inherited(objects, body, key)) is not None
    )
    head, hung = _PARENT.subn(b"/Parent %d 0 R" % root, head, count=1)
    if not hung:
        added += b"/Parent %d 0 R" % root
    close = head.rfind(b">>")
    head = head[:close] + added + head[close:]
    return head + sep + stream


def rebuild(found: Objects, pages: list[int]) -> bytes:
    """A PDF of the objects found whose page tree is ``pages`` in that order."""
    root = max(found.bodies) + 1
    catalog = root + 1
    bodies = dict(found.bodies)
    for number in pages:
        bodies[number] = page_under(found.bodies, found.bodies[number], root)
    kids = b" ".join(b"%d 0 R" % n for n in pages)
    bodies[root] = b"<</Type/Pages/Count %d/Kids[%s]>>" % (len(pages), kids)
    bodies[catalog] = b"<</Type/Catalog/Pages %d 0 R>>" % root
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(bodies):
        offsets[number] = len(out)
        generation = found.generations.get(number, 0)
        out += b"%d %d obj\n" % (number, generation) + bodies[number].strip() + b"\nendobj\n"
    xref = len(out)
    size = catalog + 1
    out += b"xref\n0 %d\n" % size
    for number in range(size):
        if number in offsets:
            out += b"%010d %05d n \n" % (offsets[number], found.generations.get(number, 0))
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (size, catalog, xref)
    return bytes(out)
