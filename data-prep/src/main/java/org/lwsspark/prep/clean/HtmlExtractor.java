package org.lwsspark.prep.clean;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * The main text of an HTML page. The charset comes from the HTTP header, else the page's meta tag, else detection
 * (valid UTF-8, else windows-1252, what browsers assume). Boilerplate is removed in two steps: elements that are
 * never content (scripts, navigation, headers, footers, forms, asides, and anything whose id or class says menu,
 * nav, footer, cookie, share...), then a jusText-like block classification: short blocks and link-dense blocks are
 * dropped, headings are kept only when followed by kept text. Both steps happen in one walk over the parsed page.
 */
public final class HtmlExtractor {
    private static final Pattern CHARSET =
            Pattern.compile("charset\\s*=\\s*[\"']?([A-Za-z0-9_.:-]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern META_CHARSET =
            Pattern.compile("<meta[^>]+charset\\s*=\\s*[\"']?([A-Za-z0-9_.:-]+)", Pattern.CASE_INSENSITIVE);
    private static final Set<String> HEADINGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6");
    /** Words of an id or class (split at ASCII whitespace, '_' and '-') that mark an element as boilerplate. */
    private static final Set<String> BOILERPLATE_WORDS = Set.of(
            "nav",
            "navbar",
            "menu",
            "footer",
            "header",
            "sidebar",
            "breadcrumb",
            "breadcrumbs",
            "cookie",
            "banner",
            "share",
            "social",
            "advert",
            "ads",
            "promo",
            "popup",
            "modal",
            "comment",
            "comments",
            "related",
            "skip",
            "toolbar",
            "subscribe",
            "newsletter");
    /** Elements that are never content; so is an element hidden or with one of {@link #NON_CONTENT_ROLES}. */
    private static final Set<String> NEVER_CONTENT_TAGS = Set.of(
            "script",
            "style",
            "noscript",
            "template",
            "iframe",
            "svg",
            "canvas",
            "nav",
            "header",
            "footer",
            "aside",
            "form",
            "button",
            "select",
            "input",
            "textarea",
            "menu",
            "figure",
            "object",
            "embed");

    private static final Set<String> NON_CONTENT_ROLES = Set.of("navigation", "banner", "contentinfo");
    private static final Set<String> BLOCKS = Set.of(
            "p",
            "div",
            "section",
            "article",
            "main",
            "li",
            "ul",
            "ol",
            "dl",
            "dt",
            "dd",
            "blockquote",
            "pre",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "td",
            "th",
            "tr",
            "table",
            "br",
            "hr",
            "body",
            "address",
            "center");
    /** A block with fewer words than this is content only when it is long prose next to other content. */
    private static final int MIN_BLOCK_WORDS = 10;

    private static final double MAX_LINK_DENSITY = 0.4;

    private HtmlExtractor() {}

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
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
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
        return mainText(Jsoup.parse(html));
    }

    /** The main text of a parsed page. */
    static String mainText(Document doc) {
        List<Block> blocks = new ArrayList<>();
        NodeTraversor.filter(new BlockCollector(doc.body(), blocks), doc.body());
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

    /**
     * Cuts the page into blocks in one walk, skipping the elements that are never content or are boilerplate with
     * everything inside them (a selector query, a regular expression per element and a walk up to the ancestors
     * per text node were most of the time spent after parsing).
     */
    private static final class BlockCollector implements NodeFilter {
        private final Element root;
        private final List<Block> blocks;
        private final StringBuilder text = new StringBuilder();
        private int linkChars;
        private boolean heading;
        private int openLinks; // <a> elements around the current node

        BlockCollector(Element root, List<Block> blocks) {
            this.root = root;
            this.blocks = blocks;
        }

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode t) {
                String s = t.text();
                if (s.isBlank()) {
                    if (text.length() > 0) text.append(' ');
                    return FilterResult.CONTINUE;
                }
                text.append(s);
                if (openLinks > 0) linkChars += s.strip().length();
            } else if (node instanceof Element e) {
                if (e != root && (isNeverContent(e) || isBoilerplate(e))) return FilterResult.SKIP_ENTIRELY;
                if (e.normalName().equals("a")) openLinks++;
                if (BLOCKS.contains(e.normalName())) {
                    flush();
                    heading = HEADINGS.contains(e.normalName());
                }
            }
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (node instanceof Element e) {
                if (e.normalName().equals("a")) openLinks--;
                if (BLOCKS.contains(e.normalName())) {
                    flush();
                    heading = false;
                }
            }
            return FilterResult.CONTINUE;
        }

        private void flush() {
            String s = collapseWhitespace(text);
            if (!s.isEmpty()) blocks.add(new Block(s, Math.min(linkChars, s.length()), heading));
            text.setLength(0);
            linkChars = 0;
        }
    }

    /** Never content: see {@link #NEVER_CONTENT_TAGS}; attributes are compared as jsoup's selectors compare them. */
    private static boolean isNeverContent(Element e) {
        if (NEVER_CONTENT_TAGS.contains(e.normalName())) return true;
        if (e.attributesSize() == 0) return false;
        if (e.hasAttr("hidden") || hasAttrValue(e, "aria-hidden", "true")) return true;
        for (String role : NON_CONTENT_ROLES) {
            if (hasAttrValue(e, "role", role)) return true;
        }
        return false;
    }

    /** {@code [key=value]}: the attribute, trimmed, equals the value ignoring case. */
    private static boolean hasAttrValue(Element e, String key, String value) {
        return e.hasAttr(key) && value.equalsIgnoreCase(e.attr(key).trim());
    }

    /** Whether the element's id or class has a boilerplate word (menu, footer, cookie...) in any ASCII case. */
    private static boolean isBoilerplate(Element e) {
        if (e.attributesSize() == 0) return false;
        return hasBoilerplateWord(e.id(), false) || hasBoilerplateWord(e.className(), true);
    }

    /**
     * Whether a word of the value (see {@link #BOILERPLATE_WORDS}) is a boilerplate word.
     *
     * @param last whether the value ends the text that the regular expression this replaced searched,
     *             {@code (^|[\s_-])(nav|...)($|[\s_-])} on id + " " + class: its {@code $} also matched before a
     *             final line terminator
     */
    private static boolean hasBoilerplateWord(String value, boolean last) {
        int n = value.length();
        for (int start = 0; start < n; ) {
            int end = start;
            while (end < n && !isWordSeparator(value.charAt(end))) end++;
            if (isBoilerplateWord(value, start, end)) return true;
            if (last
                    && end == n
                    && isFinalLineTerminator(value.charAt(n - 1))
                    && isBoilerplateWord(value, start, n - 1)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean isBoilerplateWord(String s, int from, int to) {
        if (to - from < 3 || to - from > 11) return false; // the lengths of the boilerplate words
        char[] word = new char[to - from];
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            } else if (c < 'a' || c > 'z') {
                return false; // not ASCII-lower-cased, not a match (the Kelvin sign is no 'k')
            }
            word[i - from] = c;
        }
        return BOILERPLATE_WORDS.contains(new String(word));
    }

    private static boolean isWordSeparator(char c) {
        return isRegexSpace(c) || c == '_' || c == '-';
    }

    /** The line terminators before which {@code $} also matches at the end of a text, besides \n and \r. */
    private static boolean isFinalLineTerminator(char c) {
        return c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /** {@code \s} of java.util.regex: ASCII whitespace only. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** Each run of ASCII whitespace as one space, and no whitespace (in Unicode's sense) at either end. */
    private static String collapseWhitespace(CharSequence text) {
        int from = 0;
        int to = text.length();
        while (from < to && isWhitespace(text.charAt(from))) from++;
        while (to > from && isWhitespace(text.charAt(to - 1))) to--;
        char[] out = new char[to - from];
        int length = 0;
        boolean inRun = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            boolean space = isRegexSpace(c);
            if (!space || !inRun) out[length++] = space ? ' ' : c;
            inRun = space;
        }
        return new String(out, 0, length);
    }

    /** Runs of non-whitespace, each CJK character a word of its own, Thai by its dictionary ({@link Scripts}). */
    private static int wordCount(String s) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Scripts.isWordOnItsOwn(c)) {
                n++;
                in = false;
                continue;
            }
            if (Scripts.isThai(c)) {
                int end = Scripts.thaiRunEnd(s, i);
                n += Scripts.thaiWordBoundaries(s, i, end).length - 1 - (in ? 1 : 0); // a word ran into it
                i = end - 1;
                in = true; // a word running on after the run is counted with its last Thai word
                continue;
            }
            boolean ws = isWhitespace(c);
            if (!ws && !in) n++;
            in = !ws;
        }
        return n;
    }

    /** Character.isWhitespace, without its table lookup for the characters between ' ' and U+1680 (none is). */
    private static boolean isWhitespace(char c) {
        return (c <= ' ' || c >= '\u1680') && Character.isWhitespace(c);
    }
}
