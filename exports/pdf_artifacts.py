"""Page furniture marked as such in a tagged PDF (pikepdf).

WeasyPrint tags what the HTML body draws, but it leaves the page margin boxes (the
pack's footer: its name, period, synthetic label and "Page n of 8") as marked content
that no element of the structure tree reaches: in PDF/UA-1 every piece of content must
be either in the tree or an artifact (repeated page furniture a screen reader skips).
Here each such piece becomes an /Artifact, and the ParentTree forgets it.
"""

from __future__ import annotations

import io

import pikepdf

ARTIFACT = pikepdf.Name("/Artifact")


def tagged_content(document: pikepdf.Pdf) -> set[tuple[int, int]]:
    """(page index, MCID) of every piece of marked content the structure tree reaches."""
    pages = {page.obj.objgen: index for index, page in enumerate(document.pages)}
    found: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()

    def walk(node, page) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid, page)
        elif isinstance(node, int):
            if page is not None:
                found.add((page, int(node)))
        elif isinstance(node, pikepdf.Dictionary):
            if node.is_indirect:
                if node.objgen in seen:
                    return
                seen.add(node.objgen)
            node_page = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
            if node.get("/Type") == "/MCR":
                found.add((node_page, int(node.MCID)))
            elif "/K" in node and node.get("/Type") != "/OBJR":
                walk(node.K, node_page)

    root = document.Root.get("/StructTreeRoot")
    if root is not None and "/K" in root:
        walk(root.K, None)
    return found


def mark_untagged_content_as_artifacts(pdf: bytes) -> bytes:
    """`pdf` with every marked-content sequence that the structure tree does not reach
    turned into an artifact (its MCID gone from the page and the ParentTree)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        if "/StructTreeRoot" not in document.Root:
            return pdf
        tagged = tagged_content(document)
        parent_tree = document.Root.StructTreeRoot.get("/ParentTree")
        nums = parent_tree.get("/Nums") if parent_tree is not None else None
        changed = False
        for index, page in enumerate(document.pages):
            instructions = pikepdf.parse_content_stream(page)
            untagged = []
            rewritten = []
            for instruction in instructions:
                operands, operator = instruction.operands, instruction.operator
                if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary) \
                        and "/MCID" in operands[1] and (index, int(operands[1].MCID)) not in tagged:
                    untagged.append(int(operands[1].MCID))
                    rewritten.append(pikepdf.ContentStreamInstruction([ARTIFACT], pikepdf.Operator("BMC")))
                else:
                    rewritten.append(instruction)
            if not untagged:
                continue
            changed = True
            page.Contents = document.make_stream(pikepdf.unparse_content_stream(rewritten))
            parents = _page_parents(nums, page)
            if parents is not None:
                for mcid in untagged:
                    if mcid < len(parents):
                        parents[mcid] = None
        if not changed:
            return pdf
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def _page_parents(nums, page) -> pikepdf.Array | None:
    """The ParentTree's array for `page` (indexed by MCID), if it has one."""
    if nums is None or "/StructParents" not in page.obj:
        return None
    key = int(page.obj.StructParents)
    for position in range(0, len(nums) - 1, 2):
        if int(nums[position]) == key and isinstance(nums[position + 1], pikepdf.Array):
            return nums[position + 1]
    return None
