package org.lwsspark.prep.clean;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The main text of an HTML page. The charset comes from the HTTP header, else the page's meta tag, else detection
 * (valid UTF-8, else windows-1252, what browsers assume). Boilerplate is removed in two steps: elements that are
 * never content (scripts, navigation, headers, footers, forms, asides, and anything whose id or class says menu,
 * nav, footer, cookie, share...), then a jusText-like block classification: short blocks and link-dense blocks are
 * dropped, headings are kept only when followed by kept text.
 */
public final class HtmlExtractor {
    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*[\"']?([A-Za-z0-9_.:-]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern META_CHARSET = Pattern.compile("<meta[^>]+charset\\s*=\\s*[\"']?([A-Za-z0-9_.:-]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final java.util.Set<String> HEADINGS = java.util.Set.of("h1", "h2", "h3", "h4", "h5", "h6");
    private static final Pattern BOILERPLATE_ATTR = Pattern.compile(
            "(^|[\\s_-])(nav|navbar|menu|footer|header|sidebar|breadcrumbs?|cookie|banner|share|social|"
                    + "advert|ads|promo|popup|modal|comments?|related|skip|toolbar|subscribe|newsletter)($|[\\s_-])",
            Pattern.CASE_INSENSITIVE);
    private static final String NEVER_CONTENT = "script, style, noscript, template, iframe, svg, canvas, nav, header,"
            + " footer, aside, form, button, select, input, textarea, menu, figure, object, embed, [hidden],"
            + " [aria-hidden=true], [role=navigation], [role=banner], [role=contentinfo]";
    private static final java.util.Set<String> BLOCKS = java.util.Set.of("p", "div", "section", "article", "main",
            "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th",
            "tr", "table", "br", "hr", "body", "address", "center");
    /** A block with fewer words than this is content only when it is long prose next to other content. */
    private static final int MIN_BLOCK_WORDS = 10;
    private static final double MAX_LINK_DENSITY = 0.4;

    private HtmlExtractor() {
    }

    public static boolean isHtml(String contentType) {
        String c = contentType.toLowerCase(Locale.ROOT);
        return c.startsWith("text/html") || c.startsWith("application/xhtml");
    }

    /** The charset to decode the body with (see the class comment for the order). */
    public static Charset charset(byte[] body, String contentType) {
        Charset c = named(contentType);
        if (c != null) return c;
        String head = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.ISO_8859_1);
        Matcher m = META_CHARSET.matcher(head);
        if (m.find()) {
            c = lookup(m.group(1));
            if (c != null) return c;
        }
        return isUtf8(body) ? StandardCharsets.UTF_8 : Charset.forName("windows-1252");
    }

    private static Charset named(String contentType) {
        Matcher m = CHARSET.matcher(contentType == null ? "" : contentType);
        return m.find() ? lookup(m.group(1)) : null;
    }

    private static Charset lookup(String name) {
        try {
            String n = name.toLowerCase(Locale.ROOT);
            // Browsers decode latin-1 labels as windows-1252; do the same.
            if (n.equals("iso-8859-1") || n.equals("latin1") || n.equals("us-ascii")) n = "windows-1252";
            return Charset.forName(n);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static boolean isUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The main text of the page, paragraphs separated by blank lines. */
    public static String extract(byte[] body, String contentType) {
        return extractText(new String(body, charset(body, contentType)));
    }

    /** The main text of already decoded HTML. */
    public static String extractText(String html) {
        Document doc = Jsoup.parse(html);
        Element root = doc.body();
        root.select(NEVER_CONTENT).remove();
        List<Element> boiler = new ArrayList<>();
        for (Element e : root.getAllElements()) {
            if (e == root) continue;
            String attrs = e.id() + " " + e.className();
            if (!attrs.isBlank() && BOILERPLATE_ATTR.matcher(attrs).find()) boiler.add(e);
        }
        boiler.forEach(Element::remove);

        List<Block> blocks = new ArrayList<>();
        collect(root, blocks);
        StringBuilder out = new StringBuilder();
        String heading = null;
        for (Block b : blocks) {
            if (b.heading) {
                heading = b.text;
                continue;
            }
            int words = wordCount(b.text);
            boolean content = words >= MIN_BLOCK_WORDS && b.linkDensity() <= MAX_LINK_DENSITY;
            if (!content) continue;
            if (heading != null) out.append(heading).append("\n\n");
            heading = null;
            out.append(b.text).append("\n\n");
        }
        return TextNormalizer.normalize(out.toString());
    }

    /** A run of inline text between block boundaries. */
    private record Block(String text, int linkChars, boolean heading) {
        double linkDensity() {
            return text.isEmpty() ? 1 : linkChars / (double) text.length();
        }
    }

    private static void collect(Element root, List<Block> blocks) {
        StringBuilder cur = new StringBuilder();
        int[] linkChars = {0};
        boolean[] heading = {false};
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    String s = t.text();
                    if (s.isBlank()) {
                        if (cur.length() > 0) cur.append(' ');
                        return;
                    }
                    cur.append(s);
                    if (inLink(t)) linkChars[0] += s.strip().length();
                } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    flush();
                    heading[0] = HEADINGS.contains(e.normalName());
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                    flush();
                    heading[0] = false;
                }
            }

            private void flush() {
                String s = SPACES.matcher(cur).replaceAll(" ").strip();
                if (!s.isEmpty()) blocks.add(new Block(s, Math.min(linkChars[0], s.length()), heading[0]));
                cur.setLength(0);
                linkChars[0] = 0;
            }
        }, root);
    }

    private static int wordCount(String s) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean ws = Character.isWhitespace(s.charAt(i));
            if (!ws && !in) n++;
            in = !ws;
        }
        return n;
    }

    private static boolean inLink(Node n) {
        for (Node p = n.parent(); p != null; p = p.parent()) {
            if (p instanceof Element e && e.normalName().equals("a")) return true;
        }
        return false;
    }
}
