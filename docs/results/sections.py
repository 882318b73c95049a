"""The generated sections of docs/results.md: each script that writes one owns the text between two marker lines,
`<!-- NAME: begin -->` and `<!-- NAME: end -->`, and rewrites it whole, so a number is never edited by hand."""
import gzip
import sys
import textwrap

WIDTH = 117  # the doc's line width


GLUE = "\u00a0"  # a space the lines never break at ("93 %"): written as a plain space


def wrap(text, bullet=False):
    """One paragraph or bullet at the doc's width."""
    return textwrap.fill(text, width=WIDTH, subsequent_indent="  " if bullet else "", break_on_hyphens=False,
                         break_long_words=False).replace(GLUE, " ")


def open_text(path):
    """A CSV for reading, plain or gzip (the whole-space export ships as .csv.gz, grown by appended members)."""
    return gzip.open(path, "rt", newline="") if str(path).endswith(".gz") else open(path, newline="")


def replace(path, name, text):
    """Replaces what lies between NAME's two marker lines in the file at PATH with TEXT (ending in a newline)."""
    begin, end = f"<!-- {name}: begin -->", f"<!-- {name}: end -->"
    with open(path) as f:
        doc = f.read()
    if doc.count(begin) != 1 or doc.count(end) != 1 or doc.index(begin) > doc.index(end):
        sys.exit(f"{path}: needs one line {begin} and, after it, one line {end}")
    head, rest = doc.split(begin, 1)
    tail = rest.split(end, 1)[1]
    with open(path, "w") as f:
        f.write(head + begin + "\n" + text + end + tail)
