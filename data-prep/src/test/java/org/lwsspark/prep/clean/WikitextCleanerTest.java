package org.lwsspark.prep.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WikitextCleanerTest {
    @Test
    void markupIsRemovedAndProseKept() {
        String w = """
                {{Infobox person|name=Ada|birth_date={{birth date|1815|12|10}}|image=Ada.jpg}}
                '''Ada Lovelace''' (10&nbsp;December 1815 &ndash; 1852) was an English [[mathematician]] and \
                [[Writer|writer]].<ref name="b">{{cite book|title=X}}</ref> She worked on [[Charles Babbage]]'s \
                [[Analytical Engine|engine]]s.<ref>Plain ref</ref><!-- hidden comment -->
                [[File:Ada Lovelace portrait.jpg|thumb|Portrait by [[Alfred Edward Chalon]]]]
                <math>x^2</math>
                == Early life ==
                * Born in [[London]]
                # Daughter of [[Lord Byron]]
                {| class="wikitable"
                |-
                ! Year !! Event
                |-
                | 1815 || Birth
                |}
                See [http://example.org the site] or [http://example.org].
                == References ==
                {{reflist}}
                * A cited book
                [[Category:1815 births]]
                [[de:Ada Lovelace]]
                """;
        String t = WikitextCleaner.clean(w);
        assertEquals("""
                Ada Lovelace (10 December 1815 – 1852) was an English mathematician and writer. She worked on \
                Charles Babbage's engines.

                Early life

                Born in London
                Daughter of Lord Byron
                See the site or .""", t);
    }

    @Test
    void unbalancedMarkupAndDoubleEscapedEntitiesLeaveNoResidue() {
        String t = WikitextCleaner.clean("A {{broken template and [[open link. &amp;nbsp; &amp;amp; &#8212; done |}");
        for (String bad : new String[] {"{{", "}}", "[[", "]]", "{|", "|}", "&nbsp;", "&amp;", "&#"}) {
            assertFalse(t.contains(bad), bad + " left in: " + t);
        }
        assertTrue(t.contains("—"));
    }

    @Test
    void nestedTemplatesAreRemovedAndAnUnbalancedOpenerAlone() {
        assertEquals("A B open C", WikitextCleaner.clean("A {{outer|x={{inner|{{deep}}}}|y}} B {{open {{closed}} C"));
        assertEquals("A B C", WikitextCleaner.clean("A }} B {{x}}}} C"));
    }

    @Test
    void droppedTagsInAnyCaseSelfClosingPairedOrUnclosed() {
        assertEquals(
                "XYZWV",
                WikitextCleaner.clean("X<ref>one</ref>Y<REF name=\"a\">two</Ref >Z<ref name=\"b\" / >W<references/>V"));
        assertEquals("Aunclosed B C", WikitextCleaner.clean("A<ref>unclosed B <math>x^2</MATH> C"));
        assertEquals(
                "Textend", WikitextCleaner.clean("<gallery>\nFile:a.jpg\n</gallery>Text<ref>a</ref><ref>b</ref>end"));
    }

    @Test
    void onlyWholeTagNamesAreDroppedTags() {
        // <refx>, <reference> and <mathx> are other tags: removed, their text kept.
        String w = "A<refx>b</refx> C<Math>e=mc</math> E<reference>f</reference> G<mathx>h</mathx>";
        assertEquals("Ab C Ef Gh", WikitextCleaner.clean(w));
    }

    @Test
    void htmlTagsRemovedAndLineBreaksKept() {
        assertEquals(
                "abc\nd\ne\nf < g > h i",
                WikitextCleaner.clean("a<span class=\"x\">b</span>c<br>d<BR />e<br/>f < g > h <b<br>>i"));
        assertEquals("a\nbcd", WikitextCleaner.clean("a<br\n/>b<br / >c<br/x>d"));
    }

    @Test
    void entitiesDecodedAndMarkupTheyRevealRemoved() {
        assertEquals(
                "x bold AB &#x; y",
                WikitextCleaner.clean("x &lt;b&gt;bold&lt;/b&gt; &amp;amp;nbsp; &foo; &#x41;&#66; &#x; y"));
        assertEquals("x y", WikitextCleaner.clean("x &amp;lt;ref&amp;gt; y"));
    }

    @Test
    void externalLinksToTheirLabels() {
        assertEquals(
                "See the site, , mail [news:x y] b c",
                WikitextCleaner.clean(
                        "See [http://example.org the site], [//example.org], [mailto:a@b.c mail] [news:x y] [https://a\tb c]"));
    }

    @Test
    void boldItalicQuotesAndMagicWordsRemoved() {
        assertEquals(
                "Bold italic and italic Babbage's",
                WikitextCleaner.clean("'''''Bold italic''''' and ''italic'' Babbage's"));
        assertEquals("A _ B __not__ C __X1__", WikitextCleaner.clean("__TOC__ A ___NOTOC__ B __not__ C __X1__"));
    }

    @Test
    void tablesNestedOrIndentedRemovedButNotMidLine() {
        String w = "before\n{| class=x\n| a\n{|\n| nested\n|}\n| b\n|}\nafter {| not a table\n  {|\n|}\nend";
        assertEquals("before\nafter not a table\nend", WikitextCleaner.clean(w));
    }

    @Test
    void linksToLabelsAndNamespacedOrInterlanguageLinksDropped() {
        assertEquals(
                "b Foo X word Sec Page",
                WikitextCleaner.clean("[[a|b]] [[Foo (bar)|]] [[:Category:X]] "
                        + "[[Category:Y]] [[de:Berlin]] [[zh-min-nan:X]] [[wikt:word]] [[#Sec]] [[Page#Sec]]"));
        assertEquals("Z V", WikitextCleaner.clean("[[simple:X]] [[be-x-old:Y]] [[abcd:Z]] [[en-GB:W]] [[ab1:V]]"));
        assertEquals(
                "after open link",
                WikitextCleaner.clean("[[File:x.jpg|thumb|caption with [[link]]]] after [[open link"));
    }

    @Test
    void headingsListsAndDroppedSections() {
        String w = "Intro\n== History ==\nText\n=== Early ===\nMore\n== See also ==\n* [[X]]\n=== Sub ===\nhidden\n"
                + "== Next ==\nshown\n* item\n# num\n: indent\n; term\n----\n| cell\n! head";
        assertEquals(
                "Intro\n\nHistory\n\nText\n\nEarly\n\nMore\n\nNext\n\nshown\nitem\nnum\nindent\nterm",
                WikitextCleaner.clean(w));
    }

    @Test
    void commentsRemovedEvenUnclosedAndResidueStripped() {
        assertEquals("A B", WikitextCleaner.clean("A <!-- hidden --> B <!-- never closed"));
        assertEquals("A tbl\na c", WikitextCleaner.clean("A {{x}} {| tbl\n|}\n[[a]] [[b|c]] }} ]] |} {{ [[ {|"));
    }

    @Test
    void normalizationIsNfcAndWhitespace() {
        String decomposed = "cafe\u0301  \t x\r\n\n\n\ny\u00a0z";
        String n = TextNormalizer.normalize(decomposed);
        assertEquals("café x\n\ny z", n);
        assertEquals(
                n.getBytes(StandardCharsets.UTF_8).length,
                TextNormalizer.normalize(n).getBytes(StandardCharsets.UTF_8).length,
                "idempotent");
    }

    @Test
    void htmlCharsetFromHeaderMetaOrDetection() {
        byte[] latin1 = "<html><body><p>caf\u00e9 ".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("windows-1252", HtmlExtractor.charset(latin1, "text/html").name(), "not UTF-8: detected");
        assertEquals(
                "UTF-8",
                HtmlExtractor.charset("<p>café".getBytes(StandardCharsets.UTF_8), "text/html")
                        .name());
        byte[] meta = "<html><head><meta charset=\"koi8-r\"></head>".getBytes(StandardCharsets.US_ASCII);
        assertEquals("KOI8-R", HtmlExtractor.charset(meta, "text/html").name());
        assertEquals(
                "Shift_JIS",
                HtmlExtractor.charset(meta, "text/html; charset=Shift_JIS").name(),
                "header wins");
    }

    @Test
    void htmlBoilerplateIsDropped() {
        String html = """
                <html><body><nav><a href=/>Home</a> <a href=/a>About</a></nav>
                <div class="cookie-banner">We use cookies to improve your experience on this website, accept them all.</div>
                <h1>A title</h1>
                <p>This is the main paragraph of the article with enough words to count as real content here.</p>
                <ul><li><a href=/x>Link one</a></li><li><a href=/y>Link two</a></li></ul>
                <footer>Copyright 2024 Example Corporation, all rights reserved, contact us for more.</footer>
                <script>var x = 1;</script></body></html>""";
        assertEquals(
                "A title\n\nThis is the main paragraph of the article with enough words to count as real "
                        + "content here.",
                HtmlExtractor.extractText(html));
    }
}
