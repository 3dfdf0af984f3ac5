package org.lwsspark.prep.read;

import java.io.StringReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.lwsspark.prep.config.PrepConfig;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.doc.DropReason;

/**
 * Parses one {@code <page>} element of a MediaWiki export (schemas 0.9 to 0.11 alike: it looks the children up
 * by name, so {@code <model>} before or after {@code <text>} makes no difference) and decides whether it is an
 * article: namespace, redirect and content model are checked here; the language is never taken from the dump's
 * {@code <siteinfo>} (the filter identifies it from the text).
 */
public final class WikiPageParser {
    private static final XMLInputFactory XML = newFactory();

    private WikiPageParser() {}

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** The fields of a page that the decision needs. */
    public record Page(String title, int ns, boolean redirect, String model, String text) {}

    /** Parses the page XML; throws {@link XMLStreamException} when it is malformed. */
    public static Page parse(String pageXml) throws XMLStreamException {
        XMLStreamReader r = XML.createXMLStreamReader(new StringReader(pageXml));
        String title = "";
        int ns = 0;
        boolean redirect = false;
        String model = null;
        String text = null;
        java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>();
        try {
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    String parent = open.peek();
                    // getElementText() consumes through the matching END_ELEMENT, so those are never pushed.
                    if ("page".equals(parent) && name.equals("title")) {
                        title = r.getElementText().strip();
                    } else if ("page".equals(parent) && name.equals("ns")) {
                        ns = Integer.parseInt(r.getElementText().strip());
                    } else if ("revision".equals(parent) && name.equals("model")) {
                        model = r.getElementText().strip();
                    } else if ("revision".equals(parent) && name.equals("text")) {
                        text = r.getElementText(); // export 0.11 may mark it deleted and leave it empty
                    } else {
                        if ("page".equals(parent) && name.equals("redirect")) redirect = true;
                        open.push(name);
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    open.poll();
                }
            }
        } catch (NumberFormatException e) {
            throw new XMLStreamException("bad <ns>: " + e.getMessage());
        } finally {
            r.close();
        }
        return new Page(title, ns, redirect, model, text == null ? "" : text);
    }

    /**
     * One value of {@link WikiPageRecordReader}: a read error it reported, or a page (see {@link #toDoc}).
     */
    public static Doc fromRecord(String file, long offset, String value, PrepConfig.ReadConfig cfg) {
        if (value.startsWith(WikiPageRecordReader.ERROR_MARK)) {
            String[] p =
                    value.substring(WikiPageRecordReader.ERROR_MARK.length()).split("\u0000", 2);
            return Doc.dropped(InputKind.WIKI.source(), file, offset, "", p[0], p[1]);
        }
        return toDoc(file, offset, value, cfg);
    }

    /** The page as a document candidate, or as a record dropped for its namespace, redirect or content model. */
    public static Doc toDoc(String file, long offset, String pageXml, PrepConfig.ReadConfig cfg) {
        // Fast path: most pages of a full dump are outside the kept namespaces (talk, user, templates...), and <ns>
        // comes before the revision: no XML parse for them (it was most of the read time on the Afar dump).
        Integer ns = quickNamespace(pageXml);
        if (ns != null && !cfg.namespaces().contains(ns)) {
            return Doc.dropped(InputKind.WIKI.source(), file, offset, "", DropReason.NAMESPACE, null);
        }
        Page p;
        try {
            p = parse(pageXml);
        } catch (XMLStreamException e) {
            return Doc.dropped(
                    InputKind.WIKI.source(),
                    file,
                    offset,
                    "",
                    DropReason.READ_ERROR_MALFORMED_XML,
                    file + " at offset " + offset + ": malformed page XML: " + e.getMessage());
        }
        String src = InputKind.WIKI.source();
        if (!cfg.namespaces().contains(p.ns()))
            return Doc.dropped(src, file, offset, p.title(), DropReason.NAMESPACE, null);
        if (p.redirect() || isRedirectText(p.text())) {
            return Doc.dropped(src, file, offset, p.title(), DropReason.REDIRECT, null);
        }
        String model = p.model() == null ? "wikitext" : p.model();
        if (!cfg.contentModels().contains(model)) {
            return Doc.dropped(src, file, offset, p.title(), DropReason.CONTENT_MODEL, null);
        }
        return Doc.read(src, file, offset, p.title(), null, p.text(), true);
    }

    /** The value of the page's {@code <ns>} element when it appears before {@code <revision>}, else null. */
    static Integer quickNamespace(String pageXml) {
        int rev = pageXml.indexOf("<revision");
        int open = pageXml.indexOf("<ns>");
        if (open < 0 || (rev >= 0 && open > rev)) return null;
        int close = pageXml.indexOf("</ns>", open);
        if (close < 0) return null;
        try {
            return Integer.parseInt(pageXml.substring(open + 4, close).strip());
        } catch (NumberFormatException e) {
            return null; // the full parse reports it
        }
    }

    /** Old dumps mark redirects only in the text. */
    static boolean isRedirectText(String text) {
        String t = text.stripLeading();
        return t.regionMatches(true, 0, "#REDIRECT", 0, 9);
    }
}
