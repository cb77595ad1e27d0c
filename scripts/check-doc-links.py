#!/usr/bin/env python3
"""Checks that the documents point only at things in the repository.

Scans every *.md file (outside .build*) and the comments of Package.swift and
of the Swift files under Sources/ and Tests/ for:
  - Markdown links to relative paths: the file must exist, and a #anchor must
    match a heading of the target (GitHub's rule: lowercase, punctuation other
    than - and _ dropped, spaces to -);
  - mentions of NAME.md (upper-case names, or paths with a /), with an optional
    #anchor or `, "Section"`: the file must exist beside the document or at the
    repository root, and the anchor or section must be a heading there;
  - backticked repository paths in Markdown (`Sources/...`, `Tests/...`): they
    must exist or be ignored by git (build outputs);
  - ../shared or /work/shared: never in a Markdown link or a Swift comment; in
    Markdown text only in a paragraph that says what to do otherwise.
Prints file:line: message per problem, then "N passed, N failed" (references
checked); exits 1 on any problem. Usage: scripts/check-doc-links.py [REPO]
"""
import os, re, subprocess, sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
URL = re.compile(r"<?[a-z][a-z0-9+.-]*://[^\s>)]*>?")
MENTION = re.compile(r"(?<![\w.-])([\w./-]*?[\w-]+\.md)\b(?:#([\w-]+)|,? \(?\"([^\"\n]+)\"?)?")
TICKED = re.compile(r"`((?:Sources|Tests|Benchmarks|spec-tests|fuzz|scripts|templates|examples)/[^`\s]*)`")
SHARED = re.compile(r"(?:\.\./)+shared/|/work/shared/")
FALLBACK = re.compile(r"\b(else|otherwise|when present|if present|if it exists)\b", re.I)
passed, problems, headings = 0, [], {}

def slug(text):
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")

def anchors(path):
    """(slugs, titles) of the headings of a Markdown file, outside code fences."""
    if path not in headings:
        slugs, titles, fenced, seen = set(), [], False, {}
        for line in open(path, encoding="utf-8"):
            fenced ^= line.startswith("```")
            m = None if fenced else re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
            if m:
                base = slug(m.group(1))
                slugs.add(f"{base}-{seen[base]}" if base in seen else base)
                seen[base] = seen.get(base, 0) + 1
                titles.append(re.sub(r"[`*]", "", m.group(1)).lower())
        headings[path] = (slugs, titles)
    return headings[path]

def check(where, ok, message):
    global passed
    if ok:
        passed += 1
    else:
        problems.append(f"{where}: {message}")

def resolve(doc, target, root_too):
    """Absolute path of target as written in doc, or None if it is missing."""
    bases = [ROOT] if target.startswith("/") else [os.path.dirname(doc)] + ([ROOT] if root_too else [])
    for base in bases:
        path = os.path.normpath(os.path.join(base, target.lstrip("/")))
        if os.path.exists(path):
            return path
    return None

def check_target(where, doc, target, anchor, section, root_too):
    path = resolve(doc, target, root_too) if target else doc
    if target:
        outside = path and not (path + os.sep).startswith(ROOT + os.sep)
        check(where, path and not outside, f"{target}: {'outside the repository' if outside else 'no such file'}")
        if not path or outside:
            return
    if path.endswith(".md") and (anchor or section):
        slugs, titles = anchors(path)
        name = os.path.relpath(path, ROOT)
        if anchor:
            check(where, anchor.lower() in slugs, f"{name} has no heading for #{anchor}")
        else:
            wanted = " ".join(section.lower().split())  # a prefix: the quote may wrap
            check(where, any(t.startswith(wanted) for t in titles), f'{name} has no section "{section}"')

def scan(doc, lines, markdown):
    rel, paragraph = os.path.relpath(doc, ROOT), []
    for number, line in enumerate(lines, 1):
        paragraph = paragraph + [line] if line.strip() else []
        where = f"{rel}:{number}"
        for m in LINK.finditer(line):
            target = m.group(1)
            if URL.match(target) or target.startswith("mailto:"):
                continue
            if SHARED.search(target):
                check(where, False, f"link to {target}, outside the repository")
                continue
            file, _, anchor = target.partition("#")
            check_target(where, doc, file, anchor, None, False)
        text = URL.sub(" ", LINK.sub(" ", line))
        if SHARED.search(text):
            context = " ".join(paragraph + lines[number:number + 3])
            check(where, markdown and bool(FALLBACK.search(context)), "points outside the repository" if not markdown
                  else "mentions a file outside the repository without saying what to do when it is absent")
            text = re.sub(r"\S*shared/\S*", " ", text)
        for m in MENTION.finditer(text):
            if "/" in m.group(1) or re.fullmatch(r"[A-Z][A-Z0-9_-]*\.md", m.group(1)):
                check_target(where, doc, m.group(1), m.group(2), m.group(3), True)
        for m in TICKED.finditer(text) if markdown else ():
            path = m.group(1).split("#")[0].rstrip(".,:")
            if re.search(r"[<>*{}]|\.\.\.|…|\.md$", path):  # patterns; .md is checked as a mention
                continue
            ignored = subprocess.run(["git", "-C", ROOT, "check-ignore", "-q", path]).returncode == 0
            check(where, ignored or os.path.exists(os.path.join(ROOT, path)), f"{path}: no such file or folder")

for folder, dirs, files in os.walk(ROOT):
    dirs[:] = sorted(d for d in dirs if not d.startswith(".build") and d != ".git")
    top = os.path.relpath(folder, ROOT).split(os.sep)[0]
    for name in sorted(files):
        path = os.path.join(folder, name)
        if name.endswith(".md"):
            scan(path, open(path, encoding="utf-8").read().split("\n"), True)
        elif name.endswith(".swift") and (top in ("Sources", "Tests") or path == os.path.join(ROOT, "Package.swift")):
            lines = open(path, encoding="utf-8").read().split("\n")
            scan(path, [line[line.index("//"):] if "//" in line else "" for line in lines], False)

print("\n".join(problems + [f"{passed} passed, {len(problems)} failed"]))
sys.exit(1 if problems else 0)
