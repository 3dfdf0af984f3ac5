package org.lwsspark.prep.clean;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.parser.Parser;

/**
 * Wikitext to plain text. Removed: comments, templates and parser functions (infoboxes, citations, navboxes),
 * tables, references and other extension tags (math, gallery, timeline...), file/image links, categories,
 * interlanguage links, magic words, and the reference-only sections (References, External links, See also...).
 * Kept as text: headings (on their own line), paragraphs, list items (without their markers), link labels,
 * external link labels, bold/italic text. HTML entities are decoded. Any unbalanced markup left ({{ }} [[ ]] {| |})
 * is stripped at the end so that none reaches the tokenizer.
 */
public final class WikitextCleaner {
    private static final String DROPPED_TAGS = "ref|references|math|chem|ce|gallery|timeline|syntaxhighlight|source"
            + "|score|graph|templatedata|templatestyles|imagemap|mapframe|maplink|hiero|includeonly|indicator"
            + "|categorytree|inputbox|charinsert";
    private static final Pattern SELF_CLOSING = Pattern.compile("<(" + DROPPED_TAGS + ")\\b[^>]*/\\s*>",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PAIRED = Pattern.compile("<(" + DROPPED_TAGS + ")\\b[^>]*>.*?</\\1\\s*>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern OPEN_DROPPED = Pattern.compile("<(" + DROPPED_TAGS + ")\\b[^>]*>",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BR = Pattern.compile("<br\\s*/?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9]*\\b[^<>]*>");
    private static final Pattern EXT_LINK = Pattern.compile("\\[(?:https?:|ftp:|//|mailto:)[^\\s\\]]*\\s*([^\\]]*)\\]");
    private static final Pattern BOLD_ITALIC = Pattern.compile("'{2,}");
    private static final Pattern MAGIC = Pattern.compile("__[A-Z]+__");
    private static final Pattern HEADING = Pattern.compile("^(=+)\\s*(.*?)\\s*\\1\\s*$");
    private static final Pattern LIST_MARK = Pattern.compile("^[*#:;]+\\s*");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);");
    private static final Pattern LANG_PREFIX = Pattern.compile("[a-z]{2,3}(-[a-z0-9]+)*|simple|be-x-old");

    /** Namespaces whose links are not text: files, images, media and categories, in the larger wikis' languages. */
    private static final Set<String> DROPPED_NAMESPACES = Set.of("file", "image", "media", "category", "datei",
            "bild", "kategorie", "fichier", "catégorie", "archivo", "imagen", "categoría", "файл", "изображение",
            "категория", "ファイル", "画像", "カテゴリ", "文件", "图像", "分类", "ملف", "تصنيف", "चित्र", "श्रेणी", "file talk",
            "categoria", "ficheiro", "immagine", "plik", "kategoria", "bestand", "categorie", "afbeelding");
    /** Sections made of references and links, not prose. */
    private static final Set<String> DROPPED_SECTIONS = Set.of("references", "external links", "see also",
            "further reading", "notes", "bibliography", "sources", "footnotes", "citations", "notes and references",
            "references and notes", "works cited", "external link", "reference");

    private WikitextCleaner() {
    }

    public static String clean(String wikitext) {
        if (wikitext == null || wikitext.isEmpty()) return "";
        // Each pass is skipped when its trigger is absent: most passes find nothing in most pages.
        String t = wikitext;
        if (t.contains("<!--")) t = removeComments(t);
        boolean tags = t.indexOf('<') >= 0;
        if (tags) {
            t = SELF_CLOSING.matcher(t).replaceAll("");
            t = PAIRED.matcher(t).replaceAll("");
            t = OPEN_DROPPED.matcher(t).replaceAll(""); // unclosed <ref>: drop the tag, keep going
        }
        if (t.contains("{{")) t = removeNested(t, "{{", "}}");
        if (t.contains("{|")) t = removeTables(t);
        if (t.contains("[[")) t = links(t);
        if (t.contains("[http") || t.contains("[//") || t.contains("[ftp:") || t.contains("[mailto:")) {
            t = EXT_LINK.matcher(t).replaceAll("$1");
        }
        if (tags) {
            t = BR.matcher(t).replaceAll("\n");
            t = HTML_TAG.matcher(t).replaceAll("");
        }
        if (t.contains("''")) t = BOLD_ITALIC.matcher(t).replaceAll("");
        if (t.contains("__")) t = MAGIC.matcher(t).replaceAll("");
        t = lines(t);
        if (t.indexOf('&') >= 0) {
            t = decodeEntities(t);
            // Decoding may reveal markup that was escaped in the source; none of it is prose.
            if (t.indexOf('<') >= 0) t = HTML_TAG.matcher(t).replaceAll("");
        }
        return TextNormalizer.normalize(stripResidue(t));
    }

    /** Comments removed by indexOf (a lazy DOTALL regex crawls through long comments); unclosed ones run to the end. */
    static String removeComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (true) {
            int open = s.indexOf("<!--", i);
            if (open < 0) break;
            out.append(s, i, open);
            int close = s.indexOf("-->", open + 4);
            if (close < 0) return out.toString();
            i = close + 3;
        }
        return out.append(s, i, s.length()).toString();
    }

    /** Drops any markup pair left unbalanced: {{ }} [[ ]] {| |} (one pass, no regex: it ran on every page). */
    static String stripResidue(String s) {
        StringBuilder out = null;
        int n = s.length();
        int from = 0;
        for (int i = 0; i + 1 < n; i++) {
            char a = s.charAt(i);
            char b = s.charAt(i + 1);
            boolean pair = (a == '{' && (b == '{' || b == '|')) || (a == '}' && b == '}') || (a == '[' && b == '[')
                    || (a == ']' && b == ']') || (a == '|' && b == '}');
            if (pair) {
                if (out == null) out = new StringBuilder(n);
                out.append(s, from, i);
                from = i + 2;
                i++;
            }
        }
        if (out == null) return s;
        return out.append(s, Math.min(from, n), n).toString();
    }

    /** Decodes HTML entities until none are left (dumps often double-escape: &amp;nbsp;). */
    static String decodeEntities(String t) {
        for (int i = 0; i < 3 && ENTITY.matcher(t).find(); i++) {
            t = Parser.unescapeEntities(t, false);
        }
        return ENTITY.matcher(t).replaceAll(" ");
    }

    /** Removes balanced open...close spans, innermost nesting included; an unbalanced opener is dropped alone. */
    static String removeNested(String s, String open, String close) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            if (s.startsWith(open, i)) {
                int depth = 0;
                int j = i;
                while (j < n) {
                    if (s.startsWith(open, j)) {
                        depth++;
                        j += open.length();
                    } else if (s.startsWith(close, j)) {
                        depth--;
                        j += close.length();
                        if (depth == 0) break;
                    } else {
                        j++;
                    }
                }
                if (depth == 0) {
                    i = j;
                } else {
                    i += open.length(); // unbalanced: drop the opener, keep the text
                }
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }

    /** Tables open with "{|" and close with "|}" at the start of a line; nested tables included. */
    static String removeTables(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int depth = 0;
        for (String line : s.split("\n", -1)) {
            String l = line.stripLeading();
            if (l.startsWith("{|")) {
                depth++;
                continue;
            }
            if (depth > 0) {
                if (l.startsWith("|}")) depth--;
                continue;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** Internal links to their label; file, category and interlanguage links removed. */
    static String links(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            if (!s.startsWith("[[", i)) {
                out.append(s.charAt(i++));
                continue;
            }
            int depth = 0;
            int j = i;
            while (j < n) {
                if (s.startsWith("[[", j)) {
                    depth++;
                    j += 2;
                } else if (s.startsWith("]]", j)) {
                    depth--;
                    j += 2;
                    if (depth == 0) break;
                } else {
                    j++;
                }
            }
            if (depth != 0) { // unbalanced
                i += 2;
                continue;
            }
            out.append(linkText(s.substring(i + 2, j - 2)));
            i = j;
        }
        return out.toString();
    }

    private static String linkText(String inner) {
        boolean visible = inner.startsWith(":");
        if (visible) inner = inner.substring(1);
        int bar = inner.indexOf('|');
        String target = (bar < 0 ? inner : inner.substring(0, bar)).strip();
        int colon = target.indexOf(':');
        if (colon > 0 && !visible) {
            String ns = target.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (DROPPED_NAMESPACES.contains(ns) || LANG_PREFIX.matcher(ns).matches()) return "";
        }
        if (bar >= 0) {
            String label = inner.substring(bar + 1);
            if (label.isBlank()) return target.replaceAll("\\s*\\(.*\\)$", ""); // pipe trick
            return links(label);
        }
        if (colon > 0) target = target.substring(colon + 1); // [[wikt:word]] -> word
        if (target.startsWith("#")) target = target.substring(1);
        int hash = target.indexOf('#');
        return hash > 0 ? target.substring(0, hash) : target;
    }

    /** Headings on their own line, list markers and table residue removed, reference sections dropped. */
    private static String lines(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int skipLevel = 0; // > 0 while inside a dropped section of that heading level
        int start = 0;
        int n = s.length();
        while (start <= n) {
            int end = s.indexOf('\n', start);
            if (end < 0) end = n;
            String l = s.substring(start, end).strip();
            start = end + 1;
            if (l.isEmpty()) {
                if (skipLevel == 0) out.append('\n');
                continue;
            }
            char first = l.charAt(0);
            if (first == '=') {
                var h = HEADING.matcher(l);
                if (h.matches()) {
                    int level = h.group(1).length();
                    String title = h.group(2).strip();
                    if (skipLevel > 0 && level > skipLevel) continue;
                    skipLevel = DROPPED_SECTIONS.contains(title.toLowerCase(Locale.ROOT)) ? level : 0;
                    if (skipLevel == 0 && !title.isEmpty()) out.append('\n').append(title).append("\n\n");
                    continue;
                }
            }
            if (skipLevel > 0) continue;
            if (first == '|' || first == '!' || l.startsWith("----")) continue; // table residue, rules
            if (first == '*' || first == '#' || first == ':' || first == ';') {
                l = LIST_MARK.matcher(l).replaceFirst("");
            }
            out.append(l).append('\n');
        }
        return out.toString();
    }
}
