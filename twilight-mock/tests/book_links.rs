//! The guide's links: every relative link in `book/src` points at a file
//! that exists, and every chapter `SUMMARY.md` lists exists (mdBook would
//! otherwise create it, empty, and build without a word).
//!
//! It lives here because the book is not a crate; the mock is the crate the
//! guide's testing chapter is about.

use std::{
    fs,
    path::{Path, PathBuf},
};

fn book_src() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../book/src");
    // Canonical, so that a failure names the file plainly.
    path.canonicalize().unwrap_or(path)
}

/// Every `.md` file under `dir`, recursively.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(markdown_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "md") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The link targets of a markdown text, outside code: inline links and
/// images `[text](target "title")`, `[text](<target>)`, and reference
/// definitions `[name]: target`.
fn link_targets(markdown: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut fence: Option<&str> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
            fence = Some(marker);
            continue;
        }
        let line = without_code_spans(line);

        if let Some(rest) = line.trim_start().strip_prefix('[')
            && let Some((_, definition)) = rest.split_once("]:")
            && let Some(target) = definition.split_whitespace().next()
        {
            targets.push(target.trim_matches(['<', '>']).to_owned());
            continue;
        }

        let mut rest = line.as_str();
        while let Some(start) = rest.find("](") {
            rest = &rest[start + 2..];
            let target = if let Some(angled) = rest.strip_prefix('<') {
                angled.split_once('>').map_or(angled, |(target, _)| target)
            } else {
                let end = rest
                    .find(|c: char| c == ')' || c.is_whitespace())
                    .unwrap_or(rest.len());
                &rest[..end]
            };
            targets.push(target.to_owned());
        }
    }
    targets
}

/// `line` with every inline code span blanked out.
fn without_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (index, part) in line.split('`').enumerate() {
        if index % 2 == 0 {
            out.push_str(part);
        } else {
            out.push(' ');
        }
    }
    out
}

/// Whether `target` leaves the book (a URL) or stays on its page.
fn is_external_or_anchor(target: &str) -> bool {
    target.is_empty()
        || target.starts_with('#')
        || target.starts_with("//")
        || target.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// The file a relative `target` in `page` names.
fn resolve(page: &Path, target: &str) -> PathBuf {
    let path = target.split(['#', '?']).next().unwrap_or(target);
    let base = if path.starts_with('/') {
        book_src()
    } else {
        page.parent().unwrap().to_path_buf()
    };
    base.join(path.trim_start_matches('/'))
}

#[test]
fn every_relative_link_in_the_book_names_a_file_that_exists() {
    let pages = markdown_files(&book_src());
    assert!(
        pages.len() > 1,
        "no chapters found in {}",
        book_src().display()
    );
    let mut broken = Vec::new();
    for page in &pages {
        let text = fs::read_to_string(page).unwrap();
        for target in link_targets(&text) {
            if is_external_or_anchor(&target) {
                continue;
            }
            if !resolve(page, &target).exists() {
                broken.push(format!("{}: {target}", page.display()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_chapter_in_the_summary_exists() {
    let summary = book_src().join("SUMMARY.md");
    let text = fs::read_to_string(&summary).unwrap();
    let chapters: Vec<_> = link_targets(&text)
        .into_iter()
        .filter(|target| !is_external_or_anchor(target))
        .collect();
    assert!(!chapters.is_empty(), "SUMMARY.md lists no chapter");
    for chapter in chapters {
        let path = resolve(&summary, &chapter);
        assert!(
            path.extension().is_some_and(|ext| ext == "md"),
            "SUMMARY.md lists {chapter}, not a markdown file"
        );
        let content = fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("SUMMARY.md lists {chapter}: {error}"));
        assert!(
            !content.trim().is_empty(),
            "SUMMARY.md lists {chapter}, which is empty"
        );
    }
}

#[test]
fn links_are_found_outside_code_only() {
    let markdown = "\
See [the model](model.md#ids), ![a picture](img/x.png \"title\") and [Discord](https://discord.com).
`[not](a-link.md)` but [angled](<with space.md>).

```rust
let x = a[0](b);
```
[ref]: reference.md
";
    assert_eq!(
        link_targets(markdown),
        [
            "model.md#ids",
            "img/x.png",
            "https://discord.com",
            "with space.md",
            "reference.md"
        ]
    );
    assert!(is_external_or_anchor("https://discord.com"));
    assert!(is_external_or_anchor("mailto:a@b.c"));
    assert!(is_external_or_anchor("#section"));
    assert!(!is_external_or_anchor("model.md#ids"));
    assert!(!is_external_or_anchor("../README.md"));
}
